//! Adopt: record the links as they are, where they were edited, added or deleted behind
//! invmap's back (`check`: "links that differ from their last change"), as a change through
//! the guarded door. Its before-images are what history said, so `rollback` of an adoption
//! puts that back; after it, `check` is clean and later rollbacks see the links as recorded.

use anyhow::Result;

use super::Driver;
use super::change::{self, Gate, Passed};
use crate::domain::effect::EffectRules;
use crate::store::plans::PlanRow;

#[derive(Debug, Clone, Default)]
pub struct Request {
    pub dry_run: bool,
    /// Record a deletion although it stranded open orders or stock (needs a reason).
    pub force: bool,
    pub reason: Option<String>,
    pub plan: Option<PlanRow>,
}

pub fn run(
    d: &dyn Driver,
    store: &mut dyn crate::store::ChangeDesk,
    req: &Request,
) -> Result<(Gate, Passed)> {
    let settings = store.settings()?;
    let meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, "adopt"),
        None => d.change_meta("adopt", req.reason.as_deref()),
    };
    if req.plan.is_none() && !req.dry_run && meta.reason.trim().is_empty() {
        return Err(crate::error::UsageError(crate::tr!("ops-adopt-needs-reason")).into());
    }
    let gate = Gate {
        rules: EffectRules {
            what: crate::text!("ops-what-adopt"),
            require_region_cover: settings.require_region_cover,
            ..EffectRules::default()
        },
        threshold: settings.approval_threshold.filter(|_| req.plan.is_none()),
        force: req.force,
        dry_run: req.dry_run,
        plan_hint: "invmap plan create --adopt".into(),
        ..Gate::default()
    };
    let plan_id = req.plan.as_ref().map(|p| p.id);
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| effect.stage_adopt().map(|_| ()),
        |tx| tx.mark_plan_if_any(plan_id),
    )?;
    Ok((gate, passed))
}
