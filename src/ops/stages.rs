//! Batches in stages (the seed's 分批解绑, "预演比例 ≥ 30 %"): a batch is split into stages,
//! each a plan applied as its own change; the next stage is applied only once the previous
//! one's observation verdict is `ok` — `run-due` advances them — and a stage whose verdict
//! alerts stops the rest, saying how to roll it back. With `--no-wait` the operator judges
//! and applies each stage (`plan apply`).

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::Driver;
use super::plans::{plan_meta, plan_options};
use super::unbind::{self as batch, Mode, Source};
use crate::error::Refused;
use crate::i18n::{Lang, Text};
use crate::metrics::verdict::Status;
use crate::store::DueDesk;
use crate::store::plans::PlanRow;
use crate::store::stages::{BatchDecision, StageRow};
use crate::{text, tr};

/// `30%,100%` → `[30, 100]`: cumulative shares, rising, the last 100. Pure.
pub fn parse_shares(text: &str) -> Result<Vec<u32>, String> {
    let mut shares = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let digits = part.strip_suffix('%').unwrap_or(part).trim();
        let quoted = format!("{part:?}");
        let share: u32 = digits
            .parse()
            .map_err(|_| tr!("ops-share-not-percentage", part = &quoted))?;
        if share == 0 || share > 100 {
            return Err(tr!("ops-share-out-of-range", part = &quoted));
        }
        if shares.last().is_some_and(|last| *last >= share) {
            return Err(tr!("ops-shares-must-rise", part = &quoted));
        }
        shares.push(share);
    }
    match shares.last() {
        Some(100) if shares.len() >= 2 => Ok(shares),
        Some(100) => Err(tr!("ops-shares-one-stage")),
        _ => Err(tr!("ops-shares-last-100")),
    }
}

/// "stage 1 of 2: up to 30% of the batch, 12 pairs" lines for a split; `noun` is what is
/// counted (`pair`, `source link`). Pure.
pub fn describe_split(shares: &[u32], counts: &[u64], noun: &str) -> Vec<String> {
    shares
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (share, n))| {
            let size = match noun {
                "pair" => tr!("ops-count-pairs", count = *n),
                "source link" => tr!("ops-count-source-links", count = *n),
                _ => crate::report::words::plural(*n, noun),
            };
            tr!(
                "ops-stage-split",
                stage = i + 1,
                stages = shares.len(),
                share = *share,
                size = &size
            )
        })
        .collect()
}

/// Where a change's observation stands: observing, ok, or alert (with its sentence).
/// The sentence is worded late: in the operator's language when said, in English where a
/// stopped batch keeps it.
pub fn verdict_of(
    store: &mut dyn DueDesk,
    now: DateTime<Utc>,
    change: i64,
) -> Result<(Status, Text)> {
    let mut found = None;
    store.with_metrics(&mut |m| {
        let s = super::compare::Settings::read(m)?;
        let plan = super::compare::plan_comparison(m, now, &s, change, 7, false)?;
        let c = super::compare::compare(m, now, &s, plan)?;
        found = Some((c.status, c.verdict));
        Ok(())
    })?;
    Ok(found.expect("the comparison ran"))
}

/// What a stage did when it landed.
pub struct Applied {
    pub landed: Option<(i64, String)>,
    /// `9 pairs: 9 unbound.` / `30 units in 3 moves over 6 links.`, in English: for what the
    /// store keeps (the reason a batch stopped).
    pub summary: String,
    /// The same, to show the operator (in their language; English in `--format json`).
    pub what: Text,
}

impl Applied {
    fn new(landed: Option<(i64, String)>, what: Text) -> Applied {
        Applied {
            landed,
            summary: what.render(Lang::En),
            what,
        }
    }
}

/// Applies one stage's plan as a change (its checks run again now): an unbind batch, or
/// moves. `source`: the template, for the first stage (it records the file's application).
pub fn apply_stage(
    d: &dyn Driver,
    store: &mut dyn DueDesk,
    plan: &PlanRow,
    stage: &StageRow,
    override_reason: Option<String>,
) -> Result<Applied> {
    if plan.options.get("kind").and_then(|k| k.as_str()) == Some(MOVE_STAGE) {
        return apply_moves(d, store, plan, stage);
    }
    let settings = store.settings()?;
    let o = plan_options(plan, &settings)?;
    let mut meta = plan_meta(d, plan, "unbind");
    // The stages share their template: the first stage is the file's application.
    meta.reapply_guard &= stage.stage == 1;
    meta.override_reason = override_reason;
    let out = batch::execute(
        d,
        store,
        &mut Source::Plan(plan.id),
        &o,
        Mode::Apply(Box::new(meta)),
    )?;
    Ok(Applied::new(out.landed, batch::summary(&out.counts)))
}

/// The `kind` of a stage of moves in its plan's options.
pub const MOVE_STAGE: &str = "move-stage";

/// A stage of moves, through the move engine (and so through the door).
fn apply_moves(
    d: &dyn Driver,
    store: &mut dyn DueDesk,
    plan: &PlanRow,
    stage: &StageRow,
) -> Result<Applied> {
    let lines = store.plan_moves(plan.id)?;
    let source = match (&plan.source_file, &plan.source_sha256) {
        (Some(file), Some(sha)) if stage.stage == 1 => Some((file.into(), sha.clone())),
        _ => None,
    };
    let again = plan.options.get("again").and_then(|v| v.as_bool()) == Some(true);
    let req = super::moves::MoveRequest {
        lines,
        source,
        reason: None,
        plan: Some(plan.clone()),
        dry_run: false,
        again,
    };
    let moved = super::moves::run(d, store, &req)?;
    let what = text!(
        "ops-stage-moves-summary",
        what = super::moves::summary(&req, &moved)
    );
    Ok(Applied::new(moved.passed.landed.clone(), what))
}

/// Whether the operator may apply this stage now: the previous stage must have landed and,
/// unless the batch was made with `--no-wait`, have the verdict `ok`.
pub fn may_apply(store: &mut dyn DueDesk, now: DateTime<Utc>, stage: &StageRow) -> Result<()> {
    if stage.stage == 1 {
        return Ok(());
    }
    let stages = store.batch_stages(stage.batch)?;
    let prev = &stages[(stage.stage - 2) as usize];
    let prev_plan = store.plan(prev.plan_id)?.expect("a stage's plan");
    let Some(change) = prev_plan
        .applied_change
        .filter(|_| prev_plan.status == "applied")
    else {
        return Err(Refused(tr!(
            "ops-stage-prev-not-applied",
            plan = stage.plan_id,
            stage = stage.stage,
            stages = stage.stages,
            prev = prev.stage,
            prev_plan = prev.plan_id
        ))
        .into());
    };
    if let Some(undo) = store.change(change)?.and_then(|c| c.rolled_back_by) {
        return Err(Refused(tr!(
            "ops-stage-prev-rolled-back",
            prev = prev.stage,
            change = change,
            undo = undo,
            plan = stage.plan_id
        ))
        .into());
    }
    if !stage.wait {
        return Ok(());
    }
    match verdict_of(store, now, change)? {
        (Status::Ok, _) => Ok(()),
        (_, verdict) => Err(Refused(tr!(
            "ops-stage-prev-not-ok",
            stage = stage.stage,
            plan = stage.plan_id,
            prev = prev.stage,
            change = change,
            verdict = &verdict
        ))
        .into()),
    }
}

/// `run-due`: applies every stage whose previous stage's verdict is `ok`; stops a batch
/// whose stage alerted (the rest rejected, the way back said) — what waits or stops is
/// returned for run-due to list. Why a batch stopped is kept with its plans in English, and
/// said to the operator in their language.
pub fn advance(d: &dyn Driver, store: &mut dyn DueDesk) -> Result<Vec<String>> {
    let mut pending = Vec::new();
    for (stage, prev_change) in store.next_stages()? {
        let prev = stage.stage - 1;
        if let Some(undo) = store.change(prev_change)?.and_then(|c| c.rolled_back_by) {
            let why =
                format!("stage {prev} (change {prev_change}) was rolled back by change {undo}");
            stop_rest(d, store, &stage, &why)?;
            d.say(&tr!(
                "ops-stage-batch-stopped-rolled-back",
                batch = stage.batch,
                stage = prev,
                change = prev_change,
                undo = undo
            ));
            continue;
        }
        let (status, verdict) = verdict_of(store, d.now(), prev_change)?;
        let plan = store.plan(stage.plan_id)?.expect("a stage's plan");
        match status {
            Status::Observing => d.say(&tr!(
                "ops-stage-waits-observing",
                stage = stage.stage,
                stages = stage.stages,
                plan = stage.plan_id,
                change = prev_change,
                verdict = &verdict
            )),
            Status::Alert => {
                // stored: why the batch stopped, in English
                let why = format!(
                    "stage {prev} (change {prev_change}) alerted: {}",
                    verdict.render(Lang::En)
                );
                stop_rest(d, store, &stage, &why)?;
                pending.push(tr!(
                    "ops-stage-stopped-alert",
                    batch = stage.batch,
                    stage = stage.stage,
                    stages = stage.stages,
                    prev = prev,
                    change = prev_change,
                    verdict = &verdict
                ));
            }
            Status::Ok => match apply_stage(d, store, &plan, &stage, None) {
                Ok(out) if out.landed.is_none() => {
                    let why = format!("stage {} changed nothing: {}", stage.stage, out.summary);
                    stop_rest(d, store, &stage, &why)?;
                    pending.push(tr!(
                        "ops-stage-stopped-nothing",
                        batch = stage.batch,
                        stage = stage.stage,
                        summary = &out.what
                    ));
                }
                Ok(out) => d.report_change(
                    out.landed,
                    text!(
                        "ops-stage-applied",
                        stage = stage.stage,
                        stages = stage.stages,
                        plan = stage.plan_id,
                        change = prev_change,
                        summary = out.what
                    ),
                ),
                Err(e) if e.downcast_ref::<Refused>().is_some() => pending.push(tr!(
                    "ops-stage-waits-refused",
                    stage = stage.stage,
                    stages = stage.stages,
                    plan = stage.plan_id,
                    error = &format!("{e:#}")
                )),
                Err(e) => return Err(e),
            },
        }
    }
    Ok(pending)
}

/// Rejects this stage and every later one of its batch not applied yet, with the reason, in
/// one transaction.
pub fn stop_rest(
    d: &dyn Driver,
    store: &mut dyn DueDesk,
    from: &StageRow,
    why: &str,
) -> Result<()> {
    let now = crate::domain::values::stored(d.now());
    store.decide_batch(
        from.batch,
        BatchDecision::Reject {
            from: from.stage,
            reason: why,
        },
        (&now, d.operator()),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_cumulative_rising_and_end_at_100() {
        assert_eq!(parse_shares("30%,100%"), Ok(vec![30, 100]));
        assert_eq!(parse_shares(" 10 , 50%,100"), Ok(vec![10, 50, 100]));
        assert!(
            parse_shares("30%,60%")
                .unwrap_err()
                .contains("must be 100%")
        );
        assert!(
            parse_shares("60%,30%,100%")
                .unwrap_err()
                .contains("must rise")
        );
        assert!(parse_shares("100%").unwrap_err().contains("no staging"));
        assert!(parse_shares("0%,100%").unwrap_err().contains("1% to 100%"));
        assert!(
            parse_shares("half,100%")
                .unwrap_err()
                .contains("not a percentage")
        );
    }

    #[test]
    fn a_split_is_described_stage_by_stage() {
        assert_eq!(
            describe_split(&[30, 100], &[3, 7], "pair"),
            vec![
                "stage 1 of 2: up to 30% of the batch, 3 pairs",
                "stage 2 of 2: up to 100% of the batch, 7 pairs"
            ]
        );
    }
}
