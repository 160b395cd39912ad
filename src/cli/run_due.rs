//! `invmap run-due`: finish drains and apply scheduled unbinds whose time has come.
//!
//! Safe to run from cron every minute: what it applies is marked done in the same transaction,
//! so a second run finds nothing to do; and a lock file beside the store lets only one run
//! work at a time (a second one exits at once, saying so).

use std::collections::BTreeMap;
use std::fs::{File, TryLockError};

use anyhow::{Context, Result};

use super::Ctx;
use crate::domain::checks::UnbindOptions;
use crate::error::{InputError, Refused};
use crate::ops::plans::{approval_expired, plan_meta, plan_options};
use crate::ops::unbind::{self as batch, Mode, Options, Source};
use crate::store::drains::DueDrain;
use crate::store::plans::PlanDecision;
use crate::store::{OpenMode, Store};

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
    let mut pending = Vec::new();
    let before = store.changes(Some(1))?.first().map(|c| c.id);
    finish_drains(ctx, &mut store, &mut pending)?;
    apply_scheduled(ctx, &mut store, &mut pending)?;
    if pending.is_empty() && store.changes(Some(1))?.first().map(|c| c.id) == before {
        ctx.say("Nothing due.");
    }
    let waiting = store.waiting_drains(store.settings()?.drain_buffer_hours)?;
    if !waiting.is_empty() {
        ctx.say(&format!(
            "{} still draining (see `invmap changes`).",
            crate::report::words::plural(waiting.len() as u64, "link")
        ));
    }
    if !pending.is_empty() {
        return Err(Refused(format!(
            "{}\n{} left pending.",
            pending.join("\n"),
            crate::report::words::plural(pending.len() as u64, "item")
        ))
        .into());
    }
    Ok(0)
}

/// Removes the drains that are due, one change per set of instructions; a pair refused now
/// (stock without instructions, the last warehouse) stays draining and is listed.
fn finish_drains(ctx: &Ctx, store: &mut Store, pending: &mut Vec<String>) -> Result<()> {
    let settings = store.settings()?;
    let start = crate::domain::values::stored(
        ctx.now - chrono::Duration::hours(settings.drain_buffer_hours),
    );
    let mut groups: BTreeMap<(bool, bool, bool), Vec<DueDrain>> = BTreeMap::new();
    for d in store.due_drains(&start)? {
        groups
            .entry((d.write_off, d.allow_orphan, d.allow_region_gap))
            .or_default()
            .push(d);
    }
    for ((write_off, allow_orphan, allow_region_gap), drains) in groups {
        let o = Options {
            rules: UnbindOptions {
                write_off,
                allow_orphan,
                allow_region_gap,
                require_region_cover: settings.require_region_cover,
                drain_buffer_hours: settings.drain_buffer_hours,
                ..UnbindOptions::default()
            },
            skip_refused: true,
            ..Options::default()
        };
        let mut src = Source::Pairs(drains.into_iter().map(|d| d.pair).collect());
        let meta = ctx.change_meta("drain-finish", Some("drain finished by run-due"));
        match batch::execute(ctx, store, &mut src, &o, Mode::Apply(Box::new(meta))) {
            Ok(out) => {
                for r in &out.refusals {
                    pending.push(format!(
                        "drain {} @ {} waits: {}",
                        r.sku, r.warehouse, r.message
                    ));
                }
                if out.landed.is_some() {
                    ctx.report_change(
                        out.landed,
                        &format!(
                            "Finished {}.",
                            crate::report::words::plural(out.counts.pairs, "drain")
                        ),
                    );
                }
            }
            Err(e) if is_refusal(&e) => pending.push(format!("drains wait: {e:#}")),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Applies each scheduled plan whose time has come; a refused one stays scheduled with the
/// reason recorded (`plan show`).
fn apply_scheduled(ctx: &Ctx, store: &mut Store, pending: &mut Vec<String>) -> Result<()> {
    let settings = store.settings()?;
    for plan in store.due_plans(ctx.now_text())? {
        if plan.approver.is_some() && approval_expired(&plan, ctx.now, settings.plan_max_age_hours)
        {
            let why = format!(
                "its approval is older than {} hours (plan_max_age_hours): approve it again",
                settings.plan_max_age_hours
            );
            refused_plan(ctx, store, &plan, why, pending)?;
            continue;
        }
        let o = plan_options(&plan, &settings)?;
        let meta = plan_meta(ctx, &plan, "scheduled-unbind");
        let mut src = Source::Plan(plan.id);
        match batch::execute(ctx, store, &mut src, &o, Mode::Apply(Box::new(meta))) {
            Ok(out) => ctx.report_change(
                out.landed,
                &format!(
                    "Applied scheduled plan {}: {}",
                    plan.id,
                    batch::summary(&out.counts)
                ),
            ),
            Err(e) if is_refusal(&e) => refused_plan(ctx, store, &plan, format!("{e:#}"), pending)?,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A scheduled plan that cannot be applied now stays scheduled, with the reason on the plan.
/// The audit trail gets an entry when the reason changes — not on every cron run.
fn refused_plan(
    ctx: &Ctx,
    store: &mut Store,
    plan: &crate::store::plans::PlanRow,
    why: String,
    pending: &mut Vec<String>,
) -> Result<()> {
    if plan.last_refusal.as_deref() != Some(why.as_str()) {
        store.decide_plan(
            plan.id,
            &plan.status,
            PlanDecision::NoteRefusal { why: &why },
            (
                ctx.now_text(),
                &ctx.operator,
                "plan-refused",
                &format!("plan {} not applied: {why}", plan.id),
            ),
        )?;
    }
    pending.push(format!(
        "plan {} (due {}) stays scheduled: {why}",
        plan.id,
        plan.effective_at.as_deref().unwrap_or("")
    ));
    Ok(())
}

/// A refusal or bad data: the item waits; anything else (I/O, a broken store) stops run-due.
fn is_refusal(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Refused>().is_some() || e.downcast_ref::<InputError>().is_some()
}
