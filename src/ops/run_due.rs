//! The run-due engine: finish the drains whose buffer has passed and apply the scheduled
//! plans whose time has come, each as a change judged again now. What is refused stays
//! pending, is listed, and makes the run end refused (exit 3).

use std::collections::BTreeMap;

use anyhow::Result;

use super::Driver;
use super::plans::{approval_expired, plan_meta, plan_options};
use super::unbind::{self as batch, Mode, Options, Source};
use crate::domain::checks::UnbindOptions;
use crate::domain::values::stored;
use crate::error::{InputError, Refused};
use crate::i18n::{Lang, in_lang, output_lang};
use crate::store::drains::DueDrain;
use crate::store::due::DueDesk;
use crate::store::plans::{PlanDecision, PlanRow};
use crate::{text, tr};

/// One run under the store's run-due lease: when another run holds it, says so and does
/// nothing (exit 0: cron will come back). The lease is given back however the run ends.
pub fn run_exclusive(d: &dyn Driver, store: &mut dyn DueDesk) -> Result<()> {
    if let Some(h) = store.take_run_due_lease(chrono::Utc::now())? {
        d.say(&tr!(
            "ops-run-due-busy",
            pid = &h.pid,
            host = &h.host,
            since = &h.since
        ));
        return Ok(());
    }
    let result = run(d, store);
    let released = store.release_run_due_lease();
    result.and(released)
}

/// One run over the store (the caller holds the lease).
pub fn run(d: &dyn Driver, store: &mut dyn DueDesk) -> Result<()> {
    let mut pending = Vec::new();
    let before = store.latest_change()?;
    finish_drains(d, store, &mut pending)?;
    apply_scheduled(d, store, &mut pending)?;
    pending.extend(advance_stages(d, store)?);
    pending.extend(super::exit::close_finished(d, store, None)?);
    if pending.is_empty() && store.latest_change()? == before {
        d.say(&tr!("ops-run-due-nothing"));
    }
    let hours = store.settings()?.drain_buffer_hours;
    let waiting = store.waiting_drains(hours)?;
    if !waiting.is_empty() {
        d.say(&tr!("ops-run-due-still-draining", count = waiting.len()));
    }
    if !pending.is_empty() {
        return Err(Refused(format!(
            "{}\n{}",
            pending.join("\n"),
            tr!("ops-run-due-left-pending", count = pending.len())
        ))
        .into());
    }
    Ok(())
}

/// The next stages of batches in stages (only a file store runs batches in stages so far).
fn advance_stages(d: &dyn Driver, store: &mut dyn DueDesk) -> Result<Vec<String>> {
    if store.next_stages()?.is_empty() {
        return Ok(Vec::new());
    }
    super::stages::advance(d, store)
}

/// Removes the drains that are due, one change per set of instructions; a pair refused now
/// (stock without instructions, the last warehouse) stays draining and is listed.
fn finish_drains(d: &dyn Driver, store: &mut dyn DueDesk, pending: &mut Vec<String>) -> Result<()> {
    let settings = store.settings()?;
    let start = stored(d.now() - chrono::Duration::hours(settings.drain_buffer_hours));
    let mut groups: BTreeMap<(bool, bool, bool), Vec<DueDrain>> = BTreeMap::new();
    for drain in store.due_drains(&start)? {
        groups
            .entry((drain.write_off, drain.allow_orphan, drain.allow_region_gap))
            .or_default()
            .push(drain);
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
        let meta = d.change_meta("drain-finish", Some("drain finished by run-due"));
        match batch::execute(d, store, &mut src, &o, Mode::Apply(Box::new(meta))) {
            Ok(out) => {
                for r in &out.refusals {
                    pending.push(tr!(
                        "ops-drain-waits",
                        sku = &r.sku,
                        warehouse = &r.warehouse,
                        message = &r.message
                    ));
                }
                if out.landed.is_some() {
                    d.report_change(
                        out.landed,
                        text!("ops-drains-finished", count = out.counts.pairs),
                    );
                }
            }
            Err(e) if is_refusal(&e) => {
                pending.push(tr!("ops-drains-wait", error = &format!("{e:#}")))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Applies each scheduled plan whose time has come; a refused one stays scheduled with the
/// reason recorded (`plan show`).
fn apply_scheduled(
    d: &dyn Driver,
    store: &mut dyn DueDesk,
    pending: &mut Vec<String>,
) -> Result<()> {
    let settings = store.settings()?;
    for plan in store.due_plans(&stored(d.now()))? {
        if plan.approver.is_some() && approval_expired(&plan, d.now(), settings.plan_max_age_hours)
        {
            let hours = settings.plan_max_age_hours;
            let why = Why {
                kept: format!(
                    "its approval is older than {hours} hours (plan_max_age_hours): approve it again"
                ),
                shown: tr!("ops-plan-approval-expired", hours = hours),
            };
            refused_plan(d, store, &plan, why, pending)?;
            continue;
        }
        let mut o = plan_options(&plan, &settings)?;
        // A timed unbind nobody approved was held to the threshold when it was made; it is
        // held to it again now (it may not have been made by invmap).
        if plan.approver.is_none() {
            o.threshold = settings.approval_threshold;
        }
        let kind = if o.exit.is_some() {
            "warehouse-exit"
        } else {
            "scheduled-unbind"
        };
        let apply = |d: &dyn Driver, store: &mut dyn DueDesk| {
            let meta = plan_meta(d, &plan, kind);
            let mut src = Source::Plan(plan.id);
            batch::execute(d, store, &mut src, &o, Mode::Apply(Box::new(meta)))
        };
        let refusal = match apply(d, store) {
            Ok(out) => Ok(out),
            Err(e) if is_refusal(&e) && output_lang() == Lang::En => {
                let shown = format!("{e:#}");
                Err(Why {
                    kept: shown.clone(),
                    shown,
                })
            }
            // The store keeps why in English: the same checks again, worded in English (and
            // quiet: the operator has just been told). Should the plan pass this time — the
            // store moved on in between — it is applied, as run-due is here to do.
            Err(e) if is_refusal(&e) => {
                match in_lang(Lang::En, || apply(&super::Hushed(d), store)) {
                    Ok(out) => Ok(out),
                    Err(kept) if is_refusal(&kept) => Err(Why {
                        kept: format!("{kept:#}"),
                        shown: format!("{e:#}"),
                    }),
                    Err(other) => return Err(other),
                }
            }
            Err(e) => return Err(e),
        };
        match refusal {
            Ok(out) => d.report_change(
                out.landed,
                text!(
                    "ops-scheduled-applied",
                    plan = plan.id,
                    summary = batch::summary(&out.counts)
                ),
            ),
            Err(why) => refused_plan(d, store, &plan, why, pending)?,
        }
    }
    Ok(())
}

/// Why a plan was not applied: as the store keeps it (English, compared run to run), and as
/// the operator reads it.
struct Why {
    kept: String,
    shown: String,
}

/// A scheduled plan that cannot be applied now stays scheduled, with the reason on the plan.
/// The audit trail gets an entry when the reason changes — not on every cron run.
fn refused_plan(
    d: &dyn Driver,
    store: &mut dyn DueDesk,
    plan: &PlanRow,
    why: Why,
    pending: &mut Vec<String>,
) -> Result<()> {
    let Why { kept: why, shown } = why;
    if plan.last_refusal.as_deref() != Some(why.as_str()) {
        store.decide_plan(
            plan.id,
            &plan.status,
            PlanDecision::NoteRefusal { why: &why },
            (
                &stored(d.now()),
                d.operator(),
                "plan-refused",
                &format!("plan {} not applied: {why}", plan.id),
            ),
        )?;
    }
    let due = store
        .settings()?
        .timezone
        .show_stored(plan.effective_at.as_deref().unwrap_or(""));
    pending.push(tr!(
        "ops-plan-stays-scheduled",
        plan = plan.id,
        due = &due,
        why = &shown
    ));
    Ok(())
}

/// A refusal or bad data: the item waits; anything else (I/O, a broken store) stops run-due.
fn is_refusal(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Refused>().is_some() || e.downcast_ref::<InputError>().is_some()
}
