//! `invmap run-due`: finish drains and apply scheduled unbinds whose time has come.
//!
//! Safe to run from cron every minute: what it applies is marked done in the same transaction,
//! so a second run finds nothing to do; and a lock file beside the store lets only one run
//! work at a time (a second one exits at once, saying so).

use std::fs::{File, TryLockError};

use anyhow::{Context, Result};

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
    let lock_path = {
        let mut p = ctx.db.as_os_str().to_owned();
        p.push(".run-due.lock");
        std::path::PathBuf::from(p)
    };
    let lock = File::create(&lock_path)
        .with_context(|| format!("cannot create {}", lock_path.display()))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            ctx.say("Another run-due is working on this store; nothing to do here.");
            return Ok(0);
        }
        Err(TryLockError::Error(e)) => return Err(e).context("cannot lock run-due"),
    }
    let mut store = ctx.open(OpenMode::Existing)?;
    run_due::run(ctx, &mut store)?;
    Ok(0)
}
