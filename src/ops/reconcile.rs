//! `reconcile --adopt`: the other system's state recorded as one change through the door —
//! judged (a link it lacks is a removal: open orders, stock, last warehouse), approved above
//! the threshold, audited per link, undone by `rollback`.

use anyhow::Result;

use super::Driver;
use super::change::{self, Gate, Passed};
use crate::domain::effect::EffectRules;

/// The rows are in `temp.theirs` already (`Store::theirs_loader`).
pub struct Adopt<'a> {
    pub file: &'a std::path::Path,
    pub sha256: &'a str,
    pub reason: Option<String>,
    pub force: bool,
    /// Applying an approved plan (`plan create --reconcile FILE`).
    pub plan: Option<crate::store::plans::PlanRow>,
    pub dry_run: bool,
}

pub fn adopt(
    d: &dyn Driver,
    store: &mut dyn crate::store::ChangeDesk,
    req: &Adopt<'_>,
) -> Result<(Gate, Passed)> {
    let settings = store.settings()?;
    let mut meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, "reconcile"),
        None => d.change_meta("reconcile", req.reason.as_deref()),
    };
    meta.source_file = Some(req.file.display().to_string());
    meta.source_sha256 = Some(req.sha256.to_string());
    if meta.reason.trim().is_empty() && !req.dry_run {
        return Err(crate::error::UsageError(crate::tr!("ops-reconcile-needs-reason")).into());
    }
    let gate = Gate {
        rules: EffectRules {
            what: crate::text!("ops-what-reconcile"),
            refuse_closed_target: true,
            require_region_cover: settings.require_region_cover,
            ..EffectRules::default()
        },
        threshold: settings.approval_threshold.filter(|_| req.plan.is_none()),
        force: req.force,
        dry_run: req.dry_run,
        plan_hint: format!("invmap plan create --reconcile {}", req.file.display()),
        from_file: true,
        ..Gate::default()
    };
    let plan_id = req.plan.as_ref().map(|p| p.id);
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| effect.stage_reconcile(),
        |tx| tx.mark_plan_if_any(plan_id),
    )?;
    Ok((gate, passed))
}
