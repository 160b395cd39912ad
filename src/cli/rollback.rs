//! `invmap rollback ID|last`: undo a change, as a new change.

use anyhow::Result;

use super::Ctx;
use crate::error::{InputError, MAX_LISTED, Refused};
use crate::store::OpenMode;

/// Undo one change: put back its before-images and remove what it added.
///
/// The undo is itself a change (so it can be undone too). `last` is the newest change that is
/// neither undone nor itself an undo, so repeating `rollback last` walks back through history.
/// A row that a later change touched again is refused, naming that change, unless --force.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A change id (see `invmap changes`) or `last`
    pub target: String,
    /// Show what would be restored; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Take the change's before-images even for rows changed again since
    #[arg(long)]
    pub force: bool,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let mut store = ctx.open(OpenMode::Existing)?;
    let target = match args.target.as_str() {
        "last" => store.last_undoable_change()?.ok_or_else(|| {
            Refused("nothing to roll back: every change is already undone".into())
        })?,
        id => id.parse().map_err(|_| {
            InputError::single(
                "command line",
                "ID",
                id,
                "not a change id: give a number from `invmap changes`, or `last`",
            )
        })?,
    };
    let Some(change) = store.change(target)? else {
        return Err(InputError::single(
            "command line",
            "ID",
            &target.to_string(),
            "no such change: see `invmap changes`",
        )
        .into());
    };
    if let Some(by) = change.rolled_back_by {
        return Err(Refused(format!(
            "refused: change {target} was already rolled back by change {by}; to redo it, roll back {by}"
        ))
        .into());
    }
    let mut meta = ctx.change_meta("rollback", args.reason.as_deref());
    meta.rolls_back = Some(target);
    let mut phases = crate::ops::phases::Phases::new(false);
    phases.start("plan");
    let tx = store.begin_change(meta)?;
    let stage = tx.stage_rollback(target)?;
    let total = stage.conflicts;
    if total > 0 && !args.force {
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
    let summary = serde_json::json!({ "rolls_back": target, "rows": rows, "forced": total > 0 });
    if args.dry_run {
        ctx.say(&format!(
            "Dry run: rolling back change {target} ({} by {}, {}) would restore {rows} rows{}. Nothing was changed.",
            change.kind,
            change.operator,
            change.at,
            if total > 0 { format!(", {total} of them changed again since (--force)") } else { String::new() }
        ));
        return Ok(0);
    }
    phases.start("commit");
    let landed = tx.finish(&summary)?;
    phases.finish();
    if held > 0 && landed.is_some() {
        ctx.say(&format!(
            "note: {} draining again and on hold: run-due leaves {it} alone; resume with `invmap unbind --drain`, or bind the pair to keep it",
            if held == 1 { "1 link is".to_string() } else { format!("{held} links are") },
            it = if held == 1 { "it" } else { "them" },
        ));
    }
    ctx.report_change(
        landed,
        &format!(
            "Rolled back change {target} ({} by {}): {} restored.",
            change.kind,
            change.operator,
            crate::report::words::plural(rows, "row")
        ),
    );
    Ok(0)
}
