//! The rollback engine: undo one change by putting back its before-images and removing what
//! it added, as a new change (so it can be undone too), through the guarded door: a row
//! that a later change touched again is refused, naming that change; so is what the undo
//! would strand or drop (open orders, stock, a SKU's last warehouse) — unless forced, with a
//! reason that is recorded.

use anyhow::Result;

use super::Driver;
use super::change::{self, Gate, Passed};
use crate::domain::effect::EffectRules;
use crate::error::{InputError, Refused};
use crate::store::ChangeDesk;
use crate::store::changes::ChangeRow;
use crate::tr;

/// Which change to undo.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// The newest change that is neither undone nor itself an undo.
    Last,
    Change(i64),
}

#[derive(Debug, Clone)]
pub struct Request {
    pub target: Target,
    pub dry_run: bool,
    /// Override what the rules refuse (rows changed since, open orders, stock, the last
    /// warehouse); needs a reason, and names each rule it overrides.
    pub force: bool,
    pub reason: Option<String>,
    /// Applying an approved plan: the approval threshold is met already.
    pub plan: Option<crate::store::plans::PlanRow>,
}

/// What the rollback did (or, in a dry run, would do).
#[derive(Debug)]
pub struct Done {
    pub change: ChangeRow,
    /// The door the rollback went through (to render what it said).
    pub gate: Gate,
    pub passed: Passed,
    /// Drains put back on hold (run-due leaves them alone).
    pub held: u64,
}

pub fn run(d: &dyn Driver, store: &mut dyn ChangeDesk, req: &Request) -> Result<Done> {
    let change = target_change(store, req.target)?;
    let target = change.id;
    let settings = store.settings()?;
    let mut meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, "rollback"),
        None => d.change_meta("rollback", req.reason.as_deref()),
    };
    meta.rolls_back = Some(target);
    let gate = Gate {
        rules: EffectRules {
            what: crate::text!("ops-what-rollback"),
            require_region_cover: settings.require_region_cover,
            ..EffectRules::default()
        },
        threshold: settings.approval_threshold.filter(|_| req.plan.is_none()),
        force: req.force,
        dry_run: req.dry_run,
        plan_hint: format!("invmap plan create --rollback {target}"),
        undoing: Some(target),
        from_file: false,
    };
    let held = std::cell::Cell::new(0);
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| effect.stage_rollback(target),
        |tx| {
            held.set(tx.hold_restored_drains(&change.kind)?);
            if let Some(plan) = &req.plan {
                tx.mark_plan_if_any(Some(plan.id))?;
            }
            Ok(())
        },
    )?;
    Ok(Done {
        change,
        gate,
        passed,
        held: held.get(),
    })
}

/// The change to undo; refused when it was undone already.
fn target_change(store: &mut dyn ChangeDesk, target: Target) -> Result<ChangeRow> {
    let id = match target {
        Target::Last => store
            .last_undoable_change()?
            .ok_or_else(|| Refused(tr!("ops-nothing-to-roll-back")))?,
        Target::Change(id) => id,
    };
    let Some(change) = store.change(id)? else {
        return Err(InputError::single(
            crate::domain::problem::COMMAND_LINE,
            "ID",
            &id.to_string(),
            &tr!("ops-no-such-change"),
        )
        .into());
    };
    if let Some(by) = change.rolled_back_by {
        return Err(Refused(tr!("ops-already-rolled-back", change = id, by = by)).into());
    }
    Ok(change)
}
