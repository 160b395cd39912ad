//! `invmap run-due`: finish drains and apply scheduled unbinds whose time has come.
//!
//! Safe to run from cron every minute: what it applies is marked done in the same transaction,
//! so a second run finds nothing to do; and a lease inside the store lets only one run work
//! at a time, however the store is reached (a second one exits at once, saying so).

use anyhow::Result;

use super::Ctx;
use crate::ops::run_due;
use crate::store::OpenMode;

/// Finish drains and scheduled unbinds whose time has come (run it from cron).
///
/// A drained link is removed once it has no open orders and `drain_buffer_hours` have
/// passed since the drain began; a scheduled unbind (`unbind --effective-at`, `plan apply
/// --effective-at`) is applied at its time. Every check runs again first: what is refused now
/// stays pending and is listed, and the exit code is 3. Crontab line:
/// `* * * * * cd /srv/shop && invmap -q run-due`
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: Args) -> Result<u8> {
    let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
    let ctx = &ctx.as_role(operator);
    run_due::run_exclusive(ctx, opened.due())?;
    Ok(0)
}
