//! Move stock between warehouses of a SKU without removing links (issue 16): a change like
//! any other — judged, approved above the threshold, audited per link, undone by `rollback`.

use anyhow::Result;

use super::Driver;
use super::change::{self, Gate, Passed};
use crate::domain::effect::EffectRules;
use crate::domain::problem::Problems;
use crate::store::moves::MoveLine;
use crate::store::plans::PlanRow;
use crate::{text, tr};

#[derive(Debug, Clone)]
pub struct MoveRequest {
    pub lines: Vec<MoveLine>,
    /// The template the lines came from (its name and SHA-256), or none for flags.
    pub source: Option<(std::path::PathBuf, String)>,
    pub reason: Option<String>,
    pub plan: Option<PlanRow>,
    pub dry_run: bool,
    /// Apply a template although the same file was applied before.
    pub again: bool,
}

/// What a move did (or would do): the door's verdict and the units carried.
pub struct Moved {
    pub gate: Gate,
    pub passed: Passed,
    pub units: i64,
}

pub fn run(
    d: &dyn Driver,
    store: &mut dyn crate::store::ChangeDesk,
    req: &MoveRequest,
) -> Result<Moved> {
    let settings = store.settings()?;
    let mut meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, "move"),
        None => d.change_meta("move", req.reason.as_deref()),
    };
    let (name, hint) = match &req.source {
        Some((file, sha)) => {
            meta.source_file = Some(file.display().to_string());
            meta.source_sha256 = Some(sha.clone());
            // The same moves twice would move the stock twice.
            meta.reapply_guard = !req.again;
            (
                file.display().to_string(),
                format!("invmap plan create --move --from-csv {}", file.display()),
            )
        }
        None => (
            crate::domain::problem::COMMAND_LINE.to_string(),
            tr!("ops-move-plan-hint"),
        ),
    };
    let gate = Gate {
        rules: EffectRules {
            what: crate::text!("ops-what-move"),
            refuse_closed_target: true,
            require_region_cover: settings.require_region_cover,
            ..EffectRules::default()
        },
        threshold: settings.approval_threshold.filter(|_| req.plan.is_none()),
        dry_run: req.dry_run,
        plan_hint: hint,
        from_file: true,
        ..Gate::default()
    };
    let plan_id = req.plan.as_ref().map(|p| p.id);
    let units = std::cell::Cell::new(0);
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| {
            let mut problems = Problems::new(name.clone());
            units.set(effect.stage_moves(&req.lines, &mut problems)?);
            problems.into_result()?;
            Ok(())
        },
        |tx| tx.mark_plan_if_any(plan_id),
    )?;
    Ok(Moved {
        gate,
        passed,
        units: units.get(),
    })
}

/// `30 units in 3 moves over 6 links`. A [`Text`](crate::i18n::Text): it is part of the
/// message of the change, which `--format json` writes in English.
pub fn summary(req: &MoveRequest, moved: &Moved) -> crate::i18n::Text {
    text!(
        "ops-move-summary",
        units = moved.units,
        moves = req.lines.len(),
        links = moved.passed.counts.pairs
    )
}
