//! `invmap rollback ID|last`: undo a change, as a new change.

use anyhow::Result;

use super::Ctx;
use super::door;
use crate::error::InputError;
use crate::ops::change::Passed;
use crate::ops::rollback::{self, Done, Target};
use crate::{text, tr};

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
    /// Override what the rules refuse — rows changed again since (their before-images are
    /// taken anyway), open orders, stock leaving the books, a SKU's last warehouse; needs
    /// --reason, and each overridden rule is recorded
    #[arg(long)]
    pub force: bool,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (mut opened, operator) = ctx.open_either(super::open_mode(args.dry_run), !args.dry_run)?;
    let ctx = &ctx.as_role(operator);
    let target = match args.target.as_str() {
        "last" => Target::Last,
        id => Target::Change(id.parse().map_err(|_| {
            InputError::single("command line", "ID", id, &tr!("door-not-change-id"))
        })?),
    };
    let request = rollback::Request {
        target,
        dry_run: args.dry_run,
        force: args.force,
        reason: args.reason,
        plan: None,
    };
    let done = rollback::run(ctx, opened.batches(), &request)?;
    report(ctx, &request, &done)
}

/// What a rollback did, or (dry run) would do; also used by `plan apply`.
pub fn report(ctx: &Ctx, request: &rollback::Request, done: &Done) -> Result<u8> {
    let Done {
        change,
        gate,
        passed,
        held,
    } = done;
    let rows = passed.counts.pairs;
    if request.dry_run {
        crate::ops::warnings::say(ctx, &passed.warnings);
        let conflicts = passed.counts.conflicts;
        ctx.say(&tr!(
            "door-rollback-dry-run",
            id = change.id,
            kind = &change.kind,
            operator = &change.operator,
            at = &change.at,
            rows = rows,
            conflicts = if request.force { conflicts } else { 0 }
        ));
        let quiet = Passed {
            warnings: Vec::new(),
            ..passed.clone()
        };
        door::render(ctx, gate, &quiet)?;
        return Ok(0);
    }
    door::render(ctx, gate, passed)?;
    if *held > 0 && passed.landed.is_some() {
        ctx.say(&tr!("door-rollback-held", count = *held));
    }
    ctx.report_change(
        passed.landed.clone(),
        text!(
            "door-rolled-back",
            id = change.id,
            kind = &change.kind,
            operator = &change.operator,
            rows = rows
        ),
    );
    Ok(0)
}
