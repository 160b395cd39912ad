//! `invmap adopt`: record the links edited, added or deleted behind invmap's back as they are.

use anyhow::Result;

use super::Ctx;
use super::door;
use crate::ops::adopt::{self, Request};
use crate::ops::change::{Gate, Passed};
use crate::{text, tr};

/// Record what is in the links table where it differs from history, as a change.
///
/// `invmap check` names such links ("links that differ from their last change"): edited with
/// `sqlite3` or another tool, added without a change, or deleted. Adopting takes them as they
/// are, with your reason, as one audited change whose before-images are what history said —
/// so `invmap rollback ID` puts that back. Until then `rollback` refuses to write over them.
/// A deletion is judged like any removal (open orders, stock leaving the books, a SKU's last
/// warehouse): record one that stranded them with --force --reason.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would be recorded; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Record deletions although they stranded open orders or stock; needs --reason, and each
    /// overridden rule is recorded
    #[arg(long)]
    pub force: bool,
    /// Why what is in the table is right (required; recorded in the change and the trail)
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (mut opened, operator) = ctx.open_either(super::open_mode(args.dry_run), !args.dry_run)?;
    let ctx = &ctx.as_role(operator);
    let request = Request {
        dry_run: args.dry_run,
        force: args.force,
        reason: args.reason,
        plan: None,
    };
    let (gate, passed) = adopt::run(ctx, opened.batches(), &request)?;
    report(ctx, &gate, &passed)
}

/// What an adoption did, or (dry run) would do; also used by `plan apply`.
pub fn report(ctx: &Ctx, gate: &Gate, passed: &Passed) -> Result<u8> {
    let c = &passed.counts;
    let what = text!(
        "cli-adopt-what",
        count = c.pairs,
        updated = c.updated,
        added = c.added,
        removed = c.removed,
    );
    if gate.dry_run {
        let would = tr!("cli-adopt-would", what = &what);
        return door::conclude(ctx, gate, passed, &would, "");
    }
    // As `door::conclude` ends a real run, with the sentence as a `Text` (English in JSON).
    door::render(ctx, gate, passed)?;
    ctx.report_change(passed.landed.clone(), text!("cli-adopt-did", what = what));
    Ok(0)
}
