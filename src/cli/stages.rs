//! `unbind … --stages 30%,100%` and `plan create … --stages`: the batch checked whole, split
//! into stages stored as plans, and the first stage applied (or, for a plan, all of them
//! waiting for one approval).

use anyhow::Result;

use super::Ctx;
use super::unbind::{Args, RuleArgs, new_plan};
use crate::error::{InputError, Refused};
use crate::i18n::Lang;
use crate::ops::change::refusals;
use crate::ops::moves::MoveRequest;
use crate::ops::stages::{self, describe_split};
use crate::ops::unbind::{self as batch, Mode, Options, Source};
use crate::store::DueDesk;
use crate::store::plans::{NewPlan, PlanPairs};
use crate::store::stages::Staged;
use crate::{text, tr};

/// The whole batch is checked first: a refused pair refuses the batch before any stage.
fn checked(ctx: &Ctx, store: &mut dyn DueDesk, source: &mut Source, o: &Options) -> Result<()> {
    let out = batch::execute(&crate::ops::Hushed(ctx), store, source, o, Mode::Validate)?;
    if out.refusals.is_empty() {
        return Ok(());
    }
    Err(Refused(format!(
        "{}\n{}",
        batch::refusal_text(&out.refusals, source.has_lines()),
        tr!("door-no-stage-applied")
    ))
    .into())
}

/// A stage with no pairs would never land, and the batch never go on: refused (exit 4).
fn no_empty_stage(shares: &[u32], counts: &[u64]) -> Result<()> {
    match counts.iter().position(|n| *n == 0) {
        None => Ok(()),
        Some(i) => Err(InputError::single(
            "command line",
            "--stages",
            &shares
                .iter()
                .map(|s| format!("{s}%"))
                .collect::<Vec<_>>()
                .join(","),
            &tr!(
                "door-empty-stage",
                stage = i + 1,
                total = counts.iter().sum::<u64>()
            ),
        )
        .into()),
    }
}

/// The same file may not start a second batch while its first is under way (a crash between
/// storing the stages and applying the first leaves them waiting: `plan apply` the first).
fn no_open_batch(store: &mut dyn DueDesk, sha256: &str, again: bool) -> Result<()> {
    match store.open_batch_of(sha256)? {
        Some(batch) if !again => Err(Refused(tr!("door-batch-under-way", batch = batch)).into()),
        _ => Ok(()),
    }
}

/// `unbind --stages`: the first stage now, the next ones after their verdicts.
pub fn unbind_in_stages(
    ctx: &Ctx,
    store: &mut dyn DueDesk,
    source: &mut Source,
    o: &Options,
    args: &Args,
    shares: &[u32],
) -> Result<u8> {
    if args.dry_run {
        super::unbind::dry_run(ctx, store, source, o)?;
        let counts = store.split_stages(shares, Staged::Unbinds)?;
        for line in describe_split(shares, &counts, "pair") {
            ctx.say(&tr!("door-in-stages", line = &line));
        }
        no_empty_stage(shares, &counts)?;
        ctx.say(&tr!("door-dry-run-nothing-changed"));
        return Ok(0);
    }
    if let Source::Csv(input) = source {
        no_open_batch(store, input.sha256(), args.again)?;
    }
    checked(ctx, store, source, o)?;
    let counts = store.split_stages(shares, Staged::Unbinds)?;
    no_empty_stage(shares, &counts)?;
    let mut base = new_plan(
        ctx,
        source,
        &args.rules,
        args.reason.as_deref(),
        args.ticket.as_deref(),
    );
    base.status = "scheduled";
    base.options["again"] = serde_json::Value::Bool(args.again);
    let ids = store.create_stages(&base, "scheduled", shares, !args.stages.no_wait)?;
    first_stage(
        ctx,
        store,
        &ids,
        shares,
        &counts,
        args.stages.no_wait,
        Noun::Pairs,
    )
}

/// Applies the first stage of a batch just stored, and says what follows.
fn first_stage(
    ctx: &Ctx,
    store: &mut dyn DueDesk,
    ids: &[i64],
    shares: &[u32],
    counts: &[u64],
    no_wait: bool,
    noun: Noun,
) -> Result<u8> {
    let plan = store.plan(ids[0])?.expect("the first stage");
    let first = store.stage_of_plan(ids[0])?.expect("a stage");
    let mut tried = stages::apply_stage(ctx, store, &plan, &first, None);
    let mut kept = None;
    if let Err(e) = &tried
        && crate::i18n::output_lang() != Lang::En
        && (e.downcast_ref::<Refused>().is_some() || e.downcast_ref::<InputError>().is_some())
    {
        // The store keeps why in English: the same checks again, worded in English and quiet
        // (the operator reads the first refusal). Should stage 1 pass this time — the store
        // moved on in between — it has landed, and the batch goes on as if it had at once.
        let quiet = crate::ops::Hushed(ctx);
        match crate::i18n::in_lang(Lang::En, || {
            stages::apply_stage(&quiet, store, &plan, &first, None)
        }) {
            Ok(out) => tried = Ok(out),
            Err(english) => kept = Some(format!("{english:#}")),
        }
    }
    let out = match tried {
        Ok(out) if out.landed.is_some() => out,
        Ok(out) => {
            // The reason is stored with the rejected plans and in the audit trail: English.
            let summary = |lang| {
                let text = out.what.render(lang);
                text.trim_end_matches(['.', '。']).to_string()
            };
            let why = format!("stage 1 changed nothing ({})", summary(Lang::En));
            stages::stop_rest(ctx, store, &first, &why)?;
            return Err(Refused(tr!(
                "door-stage-one-empty",
                summary = &summary(crate::i18n::lang()),
                first = ids[0],
                last = ids[ids.len() - 1]
            ))
            .into());
        }
        Err(e) => {
            // Nothing landed: no stage of this batch may land later. The stored reason quotes
            // the refusal in English (SPEC §11: what the store keeps is the same in every
            // language).
            let kept = kept.unwrap_or_else(|| format!("{e:#}"));
            stages::stop_rest(ctx, store, &first, &format!("stage 1 was refused: {kept}"))?;
            return Err(e.context(tr!(
                "door-stage-one-refused",
                first = ids[0],
                last = ids[ids.len() - 1]
            )));
        }
    };
    let change = out.landed.as_ref().map(|l| l.0).unwrap_or(0);
    ctx.report_change(
        out.landed.clone(),
        text!(
            "door-stage-landed",
            stage = 1,
            stages = ids.len(),
            plan = ids[0],
            share = &format!("{}%", shares[0]),
            summary = out.what.clone()
        ),
    );
    let hours = store.settings()?.observation_hours;
    ctx.say(&next_stage_note(
        ids[1],
        noun.count(counts[1]),
        change,
        hours,
        no_wait,
    ));
    Ok(0)
}

/// What the stages of a batch are counted in.
#[derive(Clone, Copy)]
enum Noun {
    Pairs,
    SourceLinks,
}

impl Noun {
    fn count(self, n: u64) -> String {
        match self {
            Noun::Pairs => tr!("door-pairs", count = n),
            Noun::SourceLinks => tr!("door-source-links", count = n),
        }
    }
}

/// What happens to the next stage.
fn next_stage_note(plan: i64, what: String, change: i64, hours: i64, no_wait: bool) -> String {
    if no_wait {
        tr!(
            "door-next-stage-no-wait",
            plan = plan,
            what = what,
            change = change
        )
    } else {
        tr!(
            "door-next-stage-wait",
            plan = plan,
            what = what,
            change = change,
            hours = hours
        )
    }
}

/// `plan create … --stages`: every stage stored, all waiting for one approval.
pub fn plan_in_stages(
    ctx: &Ctx,
    store: &mut dyn DueDesk,
    source: &mut Source,
    o: &Options,
    rules: &RuleArgs,
    (reason, ticket, again, no_wait): (Option<&str>, Option<&str>, bool, bool),
    shares: &[u32],
) -> Result<u8> {
    if let Source::Csv(input) = source {
        no_open_batch(store, input.sha256(), again)?;
    }
    checked(ctx, store, source, o)?;
    let counts = store.split_stages(shares, Staged::Unbinds)?;
    no_empty_stage(shares, &counts)?;
    let mut base = new_plan(ctx, source, rules, reason, ticket);
    base.options["again"] = serde_json::Value::Bool(again);
    let ids = store.create_stages(&base, "pending", shares, !no_wait)?;
    say_plans(ctx, &ids, shares, &counts)
}

/// The plans of a batch in stages, waiting for one approval.
fn say_plans(ctx: &Ctx, ids: &[i64], shares: &[u32], counts: &[u64]) -> Result<u8> {
    for (line, id) in describe_split(shares, counts, "pair").iter().zip(ids) {
        ctx.say(&tr!("door-plan-stage-line", id = *id, line = line));
    }
    ctx.say(&tr!(
        "door-stage-plans-created",
        first = ids[0],
        last = ids[ids.len() - 1]
    ));
    Ok(0)
}

/// How a batch of moves in stages is stored.
pub struct MovePlan<'a> {
    pub reason: Option<&'a str>,
    /// `scheduled`: the first stage lands now (`move`); `pending`: all wait for approval
    /// (`plan create --move`).
    pub status: &'static str,
    pub no_wait: bool,
}

/// `move --from-csv F --stages` (and `plan create --move … --stages`): the moves judged whole,
/// split by their source links, each stage a plan; the first applied now unless it is a plan.
pub fn moves_in_stages(
    ctx: &Ctx,
    store: &mut dyn DueDesk,
    req: &MoveRequest,
    plan: &MovePlan<'_>,
    shares: &[u32],
) -> Result<u8> {
    let Some((file, sha)) = &req.source else {
        unreachable!("a template");
    };
    if let (Some(refused), false) = (store.reapplied(sha)?, req.again) {
        return Err(refused.into());
    }
    no_open_batch(store, sha, req.again)?;
    let probe = MoveRequest {
        dry_run: true,
        ..req.clone()
    };
    let judged = crate::ops::moves::run(&crate::ops::Hushed(ctx), store, &probe)?;
    if req.dry_run {
        let counts = store.split_stages(shares, Staged::Moves(&req.lines))?;
        for line in describe_split(shares, &counts, "source link") {
            ctx.say(&tr!("door-in-stages", line = &line));
        }
        no_empty_stage(shares, &counts)?;
        return super::moves::report(ctx, req, &judged);
    }
    let mut refusals = refusals(&judged.passed, &judged.gate);
    if plan.status == "pending" {
        // A plan is what the threshold asks for.
        judged.passed.needs_plan.is_some().then(|| refusals.pop());
    }
    if !refusals.is_empty() {
        return Err(Refused(format!(
            "{}\n{}",
            refusals.join("\n"),
            tr!("door-no-stage-applied-moves")
        ))
        .into());
    }
    let counts = store.split_stages(shares, Staged::Moves(&req.lines))?;
    no_empty_stage(shares, &counts)?;
    let base = NewPlan {
        at: ctx.now_text().to_string(),
        creator: ctx.operator.clone(),
        reason: plan.reason.unwrap_or_default().to_string(),
        ticket: None,
        source_file: Some(file.display().to_string()),
        source_sha256: Some(sha.clone()),
        options: serde_json::json!({"kind": stages::MOVE_STAGE, "again": req.again}),
        status: plan.status,
        effective_at: None,
        pairs: PlanPairs::Stage(0),
    };
    let ids = store.create_stages(&base, plan.status, shares, !plan.no_wait)?;
    if plan.status == "pending" {
        return say_plans(ctx, &ids, shares, &counts);
    }
    first_stage(
        ctx,
        store,
        &ids,
        shares,
        &counts,
        plan.no_wait,
        Noun::SourceLinks,
    )
}
