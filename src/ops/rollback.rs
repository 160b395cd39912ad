//! The rollback engine: undo one change by putting back its before-images and removing what
//! it added, as a new change (so it can be undone too). A row that a later change touched
//! again is refused, naming that change, unless forced.

use anyhow::Result;

use super::Driver;
use super::phases::Phases;
use crate::error::{InputError, MAX_LISTED, Refused};
use crate::store::Store;
use crate::store::changes::ChangeRow;

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
    /// Take the change's before-images even for rows changed again since.
    pub force: bool,
    pub reason: Option<String>,
}

/// What the rollback did (or, in a dry run, would do).
#[derive(Debug)]
pub enum Done {
    DryRun {
        change: ChangeRow,
        rows: u64,
        /// Rows changed again since (put back anyway with --force).
        conflicts: u64,
    },
    Applied {
        change: ChangeRow,
        rows: u64,
        /// Drains put back on hold (run-due leaves them alone).
        held: u64,
        landed: Option<(i64, String)>,
    },
}

pub fn run(d: &dyn Driver, store: &mut Store, req: &Request) -> Result<Done> {
    let change = target_change(store, req.target)?;
    let target = change.id;
    let mut meta = d.change_meta("rollback", req.reason.as_deref());
    meta.rolls_back = Some(target);
    let mut phases = Phases::new(false);
    phases.start("plan");
    let tx = store.begin_change(meta)?;
    let stage = tx.stage_rollback(target)?;
    let total = stage.conflicts;
    if total > 0 && !req.force {
        let conflicts = tx.rollback_conflicts(target, MAX_LISTED)?;
        let mut text = String::new();
        for c in &conflicts {
            let by = c
                .changed_by
                .map(|b| format!("change {b}"))
                .unwrap_or_else(|| "a change outside invmap".into());
            text.push_str(&format!(
                "{} @ {} was changed again by {by}\n",
                c.product_id, c.warehouse_code
            ));
        }
        if total > conflicts.len() as u64 {
            text.push_str(&format!("… and {} more\n", total - conflicts.len() as u64));
        }
        return Err(Refused(format!(
            "{text}refused: {total} row{} of change {target} changed since; roll back the later change{} first, or use --force to take change {target}'s before-images anyway. Nothing was changed.",
            if total == 1 { "" } else { "s" },
            if total == 1 { "" } else { "s" },
        ))
        .into());
    }
    phases.start("apply");
    let rows = tx.apply_rollback(target, &stage)?;
    let held = tx.hold_restored_drains(&change.kind)?;
    tx.audit_items()?;
    if req.dry_run {
        return Ok(Done::DryRun {
            change,
            rows,
            conflicts: total,
        });
    }
    let summary = serde_json::json!({ "rolls_back": target, "rows": rows, "forced": total > 0 });
    phases.start("commit");
    let landed = tx.finish(&summary)?;
    phases.finish();
    Ok(Done::Applied {
        change,
        rows,
        held,
        landed,
    })
}

/// The change to undo; refused when it was undone already.
fn target_change(store: &Store, target: Target) -> Result<ChangeRow> {
    let id = match target {
        Target::Last => store.last_undoable_change()?.ok_or_else(|| {
            Refused("nothing to roll back: every change is already undone".into())
        })?,
        Target::Change(id) => id,
    };
    let Some(change) = store.change(id)? else {
        return Err(InputError::single(
            "command line",
            "ID",
            &id.to_string(),
            "no such change: see `invmap changes`",
        )
        .into());
    };
    if let Some(by) = change.rolled_back_by {
        return Err(Refused(format!(
            "refused: change {id} was already rolled back by change {by}; to redo it, roll back {by}"
        ))
        .into());
    }
    Ok(change)
}
