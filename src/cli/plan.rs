//! `invmap plan create|list|show|approve|reject|apply`: two-person control (SPEC §5).
//!
//! `--operator` is a record of who asked, not authentication: a plan approved "by" another
//! name proves only that someone typed that name. The README says so.

use anyhow::Result;

use serde::Serialize;

use super::Ctx;
use super::door::{clauses, list, plan_status};
use super::plan_kinds;
use super::unbind::{PairArgs, RuleArgs, create_plan, future_time, new_plan, options, source};
use crate::domain::code::WarehouseCode;
use crate::error::{InputError, Refused};
use crate::ops::plans::{approval_expired, plan_meta, plan_options};
use crate::ops::unbind::{self as batch, Mode, Source};
use crate::report::{Format, print_list, print_object};
use crate::store::plans::{PlanDecision, PlanRow};
use crate::store::{OpenMode, PlanDesk};
use crate::{text, tr};

/// Plans: batches that a second operator approves before they are applied.
///
/// When a batch has more pairs than the `approval_threshold` setting, `unbind` refuses and
/// sends you here: `plan create` stores the pairs and options, another operator runs
/// `plan approve ID`, and `plan apply ID` re-runs every check and applies it as one change
/// that records both names.
// Parsed once per process: the size of the biggest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Store a change for approval: an unbind batch (same pair and rule options as
    /// `unbind`), or with --rollback, --restore, --close, --bind, --import-mappings or
    /// --adopt any other change.
    ///
    /// The change is judged now as its dry run would be: refused pairs refuse the plan unless
    /// --with-refusals keeps them as known refusals. Every check runs again at `plan apply`.
    Create {
        #[command(flatten)]
        pairs: PairArgs,
        /// Plan the undo of change ID (as `invmap rollback ID`)
        #[arg(long, value_name = "ID", conflicts_with_all = ["restore", "close", "bind", "from_csv"])]
        rollback: Option<i64>,
        /// Plan a restore from this backup (as `invmap restore FILE`)
        #[arg(long, value_name = "FILE", conflicts_with_all = ["close", "bind", "from_csv"])]
        restore: Option<std::path::PathBuf>,
        /// Plan an import of mappings from this file (as `invmap import mappings FILE`)
        #[arg(long, value_name = "FILE", conflicts_with_all = ["restore", "close", "bind", "from_csv", "rollback"])]
        import_mappings: Option<std::path::PathBuf>,
        /// Plan closing this warehouse (as `invmap warehouse close CODE`)
        #[arg(long, value_name = "CODE", conflicts_with_all = ["bind", "from_csv"])]
        close: Option<String>,
        /// Plan recording the links edited behind invmap's back as they are (as `invmap
        /// adopt`)
        #[arg(long, conflicts_with_all = ["restore", "close", "bind", "from_csv", "rollback", "import_mappings"])]
        adopt: bool,
        /// Plan adopting another system's export (as `invmap reconcile FILE --adopt`)
        #[arg(long, value_name = "FILE", conflicts_with_all = ["bind", "adopt", "rollback", "restore", "close", "import_mappings", "from_csv"])]
        reconcile: Option<std::path::PathBuf>,
        /// Plan the moves of --from-csv FILE (as `invmap move --from-csv`)
        #[arg(long = "move", requires = "from_csv", conflicts_with_all = ["bind", "adopt", "rollback", "restore", "close", "import_mappings"])]
        moves: bool,
        /// Plan the exit of this warehouse (as `invmap warehouse exit CODE`), with --by-route or
        /// --to
        #[arg(long, value_name = "CODE", conflicts_with_all = ["bind", "adopt", "rollback", "restore", "close", "import_mappings", "from_csv", "reconcile", "skus", "warehouses", "stages", "drain", "write_off", "transfer_to", "strict"])]
        exit: Option<String>,
        /// With --exit: each SKU's stock goes to its next warehouse by route
        #[arg(long, requires = "exit", conflicts_with = "to")]
        by_route: bool,
        /// With --exit: every SKU's stock goes to this warehouse
        #[arg(long, value_name = "CODE", requires = "exit")]
        to: Option<String>,
        /// Plan a bind of one --sku and --warehouse, or of every row of --from-csv FILE (as
        /// `invmap bind`)
        #[arg(long)]
        bind: bool,
        /// With --bind: the stock of the link
        #[arg(long, requires = "bind")]
        qty: Option<i64>,
        /// With --bind: the routing priority
        #[arg(long, requires = "bind")]
        priority: Option<i64>,
        /// Applying the plan overrides the refusals of a rollback, restore or close (needs
        /// --reason; recorded)
        #[arg(long)]
        force: bool,
        /// Store the plan even though some pairs are refused as things stand
        #[arg(long)]
        with_refusals: bool,
        #[command(flatten)]
        rules: RuleArgs,
        /// Why (recorded with the plan and the change that applies it)
        #[arg(long)]
        reason: Option<String>,
        /// A ticket or case number to record with the plan and its change
        #[arg(long)]
        ticket: Option<String>,
        /// Plan a template even though the same file was applied before
        #[arg(long)]
        again: bool,
        #[command(flatten)]
        stages: super::unbind::StageArgs,
    },
    /// Plans, newest first.
    List {
        /// How many of the newest plans to list
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// One plan with its pairs.
    Show {
        /// The plan's id (see `invmap plan list`)
        id: i64,
    },
    /// Approve a plan (as an operator other than its creator).
    Approve {
        /// The plan's id (see `invmap plan list`)
        id: i64,
    },
    /// Reject a plan: it can no longer be applied.
    Reject {
        /// The plan's id (see `invmap plan list`)
        id: i64,
        /// Why (recorded with the plan and in the audit trail)
        #[arg(long)]
        reason: String,
    },
    /// Apply an approved plan now (every check runs again), or schedule it with --effective-at.
    Apply {
        /// The plan's id (see `invmap plan list`)
        id: i64,
        /// Let `invmap run-due` apply it at this time instead
        #[arg(long, value_name = "TIME")]
        effective_at: Option<String>,
        /// Show what applying would change; change nothing
        #[arg(long)]
        dry_run: bool,
        /// Why it must land now (with --override-window inside a blackout window)
        #[arg(long)]
        reason: Option<String>,
        /// An unbind plan: write one outcome row per pair to this CSV file (after the commit)
        #[arg(long, value_name = "FILE.csv")]
        report: Option<std::path::PathBuf>,
    },
}

pub fn run(ctx: &Ctx, cmd: Command) -> Result<u8> {
    match cmd {
        Command::Create {
            pairs,
            rollback,
            import_mappings,
            restore,
            close,
            adopt,
            reconcile,
            moves,
            exit,
            by_route,
            to,
            bind,
            qty,
            priority,
            force,
            with_refusals,
            rules,
            reason,
            ticket,
            again,
            stages,
        } => {
            if let Some(code) = exit {
                let target = super::exit::TargetArgs { by_route, to };
                return plan_exit(
                    ctx,
                    &code,
                    &target,
                    &rules,
                    reason.as_deref(),
                    ticket.as_deref(),
                    with_refusals,
                );
            }
            let kind = match (rollback, restore, close, bind) {
                _ if import_mappings.is_some() => {
                    import_mappings.map(plan_kinds::Kind::ImportMappings)
                }
                _ if adopt => Some(plan_kinds::Kind::Adopt),
                _ if reconcile.is_some() => reconcile.map(plan_kinds::Kind::ReconcileFile),
                _ if moves => pairs.from_csv.clone().map(plan_kinds::Kind::MoveFile),
                (Some(id), ..) => Some(plan_kinds::Kind::Rollback(id)),
                (_, Some(file), ..) => Some(plan_kinds::Kind::Restore(file)),
                (_, _, Some(code), _) => Some(plan_kinds::Kind::Close {
                    code: super::flag("--close", code.trim(), WarehouseCode::parse)?,
                    allow_orphan: rules.allow_orphan,
                    allow_region_gap: rules.allow_region_gap,
                }),
                (_, _, _, true) if pairs.from_csv.is_some() => {
                    pairs.from_csv.clone().map(plan_kinds::Kind::BindFile)
                }
                (_, _, _, true) => Some(plan_kinds::Kind::bind(
                    &pairs.skus,
                    &pairs.warehouses,
                    qty,
                    priority,
                )?),
                _ => None,
            };
            if let (Some(plan_kinds::Kind::MoveFile(file)), Some(shares)) =
                (&kind, stages.shares()?)
            {
                let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
                let ctx = &ctx.as_role(operator);
                let (lines, sha) = super::moves::read_file(file)?;
                let req = crate::ops::moves::MoveRequest {
                    lines,
                    source: Some((file.clone(), sha)),
                    reason: reason.clone(),
                    plan: None,
                    dry_run: false,
                    again,
                };
                let plan = super::stages::MovePlan {
                    reason: reason.as_deref(),
                    status: "pending",
                    no_wait: stages.no_wait,
                };
                return super::stages::moves_in_stages(ctx, opened.due(), &req, &plan, &shares);
            }
            if let Some(kind) = kind {
                if stages.stages.is_some() {
                    return Err(crate::error::UsageError(tr!("door-stages-only-unbind")).into());
                }
                let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
                let ctx = &ctx.as_role(operator);
                let c = plan_kinds::Create {
                    reason: reason.as_deref(),
                    ticket: ticket.as_deref(),
                    force,
                    with_refusals,
                };
                let id = plan_kinds::create(ctx, opened.due(), &kind, &c)?;
                return created(ctx, opened.plans(), id);
            }
            let mut src = source(&pairs)?;
            let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
            let ctx = &ctx.as_role(operator);
            let store = opened.batches();
            if let Source::Csv(input) = &src
                && let (Some(refused), false) = (store.reapplied(input.sha256())?, again)
            {
                return Err(refused.into());
            }
            let o = options(&rules, &store.settings()?)?;
            if let Some(shares) = stages.shares()? {
                let flags = (reason.as_deref(), ticket.as_deref(), again, stages.no_wait);
                return super::stages::plan_in_stages(
                    ctx,
                    opened.due(),
                    &mut src,
                    &o,
                    &rules,
                    flags,
                    &shares,
                );
            }
            let mut plan = new_plan(ctx, &src, &rules, reason.as_deref(), ticket.as_deref());
            plan.options["again"] = serde_json::Value::Bool(again);
            let id = create_plan(ctx, store, &mut src, &o, &plan, with_refusals)?;
            created(ctx, opened.plans(), id)
        }
        Command::List { limit } => {
            let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
            let store = opened.plans();
            let plans = store.plans(limit)?;
            if ctx.format == Format::Json {
                print_list(&mut std::io::stdout().lock(), ctx.format, &plans)?;
            } else {
                let zone = (ctx.format == Format::Table).then_some(store.settings()?.timezone);
                let lines: Vec<Line<'_>> = plans.iter().map(|p| line(p, zone.as_ref())).collect();
                print_list(&mut std::io::stdout().lock(), ctx.format, &lines)?;
            }
            Ok(0)
        }
        Command::Show { id } => {
            let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
            let store = opened.plans();
            let plan = existing(store.plan(id)?, id)?;
            let pairs = store.plan_pairs(id)?;
            if let Some(stage) = store.stage_of_plan(id)? {
                say_batch(ctx, store, &stage)?;
            }
            if ctx.format == Format::Json {
                print_object(
                    &mut std::io::stdout().lock(),
                    ctx.format,
                    &serde_json::json!({ "plan": plan, "pairs": pairs_json(&pairs) }),
                )?;
            } else {
                // People read its times in the store's time zone; csv keeps UTC.
                let mut plan = plan;
                if ctx.format == Format::Table {
                    let zone = store.settings()?.timezone;
                    let local = |t: &mut Option<String>| {
                        if let Some(v) = t.as_mut() {
                            *v = zone.show_stored(v);
                        }
                    };
                    plan.created_at = zone.show_stored(&plan.created_at);
                    plan.status = plan_status(&plan.status);
                    local(&mut plan.approved_at);
                    local(&mut plan.effective_at);
                }
                print_object(&mut std::io::stdout().lock(), ctx.format, &plan)?;
                print_list(
                    &mut std::io::stdout().lock(),
                    ctx.format,
                    &pairs_json(&pairs),
                )?;
            }
            Ok(0)
        }
        Command::Approve { id } => on_desk(ctx, |desk, operator| approve(ctx, desk, operator, id)),
        Command::Reject { id, reason } => on_desk(ctx, |desk, operator| {
            reject(ctx, desk, operator, id, &reason)
        }),
        Command::Apply {
            id,
            effective_at,
            dry_run,
            reason,
            report,
        } => apply(ctx, id, effective_at, dry_run, reason, report),
    }
}

/// Runs a decision on the plan desk of the store `--db` names: a file store, with the operator
/// named; or a server store, with the role the server authenticated (SPEC §10).
fn on_desk(ctx: &Ctx, decide: impl FnOnce(&mut dyn PlanDesk, &str) -> Result<u8>) -> Result<u8> {
    let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
    decide(opened.plans(), &operator)
}

/// Rejection: the plan can no longer be applied (a staged batch: this stage and the later).
fn reject(ctx: &Ctx, desk: &mut dyn PlanDesk, operator: &str, id: i64, reason: &str) -> Result<u8> {
    let plan = existing(desk.plan(id)?, id)?;
    if !matches!(plan.status.as_str(), "pending" | "approved" | "scheduled") {
        return Err(Refused(tr!(
            "door-plan-reject-refused",
            id = id,
            status = &plan_status(&plan.status)
        ))
        .into());
    }
    if let Some(stage) = desk.stage_of_plan(id)? {
        let stopped = desk.decide_batch(
            stage.batch,
            crate::store::stages::BatchDecision::Reject {
                from: stage.stage,
                reason,
            },
            (ctx.now_text(), operator),
        )?;
        let ids: Vec<String> = stopped.iter().map(i64::to_string).collect();
        ctx.say(&tr!(
            "door-plans-rejected",
            count = ids.len(),
            ids = &list(&ids),
            stage = stage.stage,
            stages = stage.stages
        ));
        return Ok(0);
    }
    desk.decide_plan(
        id,
        &plan.status,
        PlanDecision::Reject {
            by: operator,
            at: ctx.now_text(),
            reason,
        },
        (
            ctx.now_text(),
            operator,
            "plan-reject",
            // stored: the audit entry
            &format!("plan {id} rejected: {reason}"),
        ),
    )?;
    ctx.say(&tr!("door-plan-rejected", id = id));
    Ok(0)
}

/// Approval by a second operator: never the creator. An approval that has expired
/// (`plan_max_age_hours`) may be given again.
fn approve(ctx: &Ctx, desk: &mut dyn PlanDesk, operator: &str, id: i64) -> Result<u8> {
    let plan = existing(desk.plan(id)?, id)?;
    if crate::domain::operator::same(&plan.creator, operator) {
        let why = match desk.as_file() {
            Some(_) => tr!("door-self-approval", operator = operator, id = id),
            // On a server the way out is another login, not another name.
            None => tr!("door-self-approval-role", role = operator, id = id),
        };
        return Err(Refused(why).into());
    }
    if let Some(stage) = desk.stage_of_plan(id)?
        && plan.status == "pending"
    {
        return approve_batch(ctx, desk, operator, &stage);
    }
    let max_age = desk.settings()?.plan_max_age_hours;
    let expired = plan.status == "approved" && approval_expired(&plan, ctx.now, max_age);
    if plan.status != "pending" && !expired {
        return Err(Refused(tr!(
            "door-plan-approve-refused",
            id = id,
            status = &plan_status(&plan.status)
        ))
        .into());
    }
    desk.decide_plan(
        id,
        &plan.status,
        PlanDecision::Approve {
            by: operator,
            at: ctx.now_text(),
        },
        (
            ctx.now_text(),
            operator,
            "plan-approve",
            // stored: the audit entry
            &format!("plan {id} (created by {}) approved", plan.creator),
        ),
    )?;
    ctx.say(&tr!("door-plan-approved", id = id, operator = operator));
    Ok(0)
}

/// One approval covers every stage of a batch (`plan show` shows the whole batch), given to
/// all of them in one transaction.
fn approve_batch(
    ctx: &Ctx,
    desk: &mut dyn PlanDesk,
    operator: &str,
    stage: &crate::store::stages::StageRow,
) -> Result<u8> {
    let approved = desk.decide_batch(
        stage.batch,
        crate::store::stages::BatchDecision::Approve,
        (ctx.now_text(), operator),
    )?;
    let ids: Vec<String> = approved.iter().map(i64::to_string).collect();
    ctx.say(&tr!(
        "door-batch-approved",
        ids = &list(&ids),
        stages = stage.stages,
        operator = operator,
        batch = stage.batch
    ));
    Ok(0)
}

/// Says that plan `id` was created (json: the plan row on stdout).
fn created(ctx: &Ctx, store: &mut dyn PlanDesk, id: i64) -> Result<u8> {
    let row = store.plan(id)?.expect("plan just created");
    if ctx.format == Format::Json {
        print_object(&mut std::io::stdout().lock(), ctx.format, &row)?;
    }
    ctx.say(&tr!("door-plan-created", id = id, count = row.pairs));
    Ok(0)
}

fn apply(
    ctx: &Ctx,
    id: i64,
    effective_at: Option<String>,
    dry_run: bool,
    reason: Option<String>,
    report: Option<std::path::PathBuf>,
) -> Result<u8> {
    let (mut opened, operator) = ctx.open_either(super::open_mode(dry_run), !dry_run)?;
    let ctx = &ctx.as_role(operator);
    let plan = existing(opened.plans().plan(id)?, id)?;
    let settings = opened.plans().settings()?;
    if let Some(stage) = opened.plans().stage_of_plan(id)?
        && matches!(plan.status.as_str(), "approved" | "scheduled")
    {
        let store = opened.due();
        if effective_at.is_some() {
            return Err(crate::error::UsageError(tr!(
                "door-stage-no-effective-at",
                id = id,
                stage = stage.stage,
                stages = stage.stages
            ))
            .into());
        }
        crate::ops::stages::may_apply(store, ctx.now, &stage)?;
        if dry_run {
            return dry_run_stage(ctx, store, &plan);
        }
        return apply_stage(ctx, store, &plan, &stage, reason);
    }
    match plan.status.as_str() {
        "approved" => {}
        "pending" => return Err(Refused(tr!("door-plan-not-approved", id = id)).into()),
        "applied" => {
            return Err(Refused(tr!(
                "door-plan-already-applied",
                id = id,
                change = plan.applied_change.unwrap_or(0)
            ))
            .into());
        }
        other => {
            return Err(Refused(tr!(
                "door-plan-cannot-apply",
                id = id,
                status = &plan_status(other)
            ))
            .into());
        }
    }
    if approval_expired(&plan, ctx.now, settings.plan_max_age_hours) {
        return Err(Refused(tr!(
            "door-approval-expired",
            id = id,
            at = plan.approved_at.as_deref().unwrap_or("?"),
            hours = settings.plan_max_age_hours
        ))
        .into());
    }
    let kind = plan
        .options
        .get("kind")
        .and_then(|v| v.as_str())
        .unwrap_or("unbind");
    if effective_at.is_some() && kind != "unbind" {
        return Err(crate::error::UsageError(tr!(
            "door-effective-at-unbind-only",
            id = id,
            kind = kind
        ))
        .into());
    }
    if effective_at.is_none()
        && plan_kinds::Kind::of(&plan)?.is_some()
        && let Some(code) = plan_kinds::apply(ctx, opened.due(), &plan, dry_run)?
    {
        return Ok(code);
    }
    if let Some(at) = effective_at {
        let when = future_time(ctx, &settings, &at)?;
        opened.plans().decide_plan(
            id,
            &plan.status,
            PlanDecision::Schedule {
                effective_at: &when,
            },
            (
                ctx.now_text(),
                &ctx.operator,
                "plan-schedule",
                // stored: the audit entry
                &format!("plan {id} scheduled for {when}"),
            ),
        )?;
        ctx.say(&tr!(
            "door-plan-scheduled",
            id = id,
            time = &settings.timezone.show_stored(&when)
        ));
        return Ok(0);
    }
    let mut o = plan_options(&plan, &settings)?;
    o.report = report;
    let mut src = Source::Plan(id);
    if dry_run {
        super::unbind::dry_run(ctx, opened.batches(), &mut src, &o)?;
        ctx.say(&tr!("door-dry-run-nothing-changed"));
        return Ok(0);
    }
    let kind = if o.exit.is_some() {
        "warehouse-exit"
    } else {
        "unbind"
    };
    let mut meta = plan_meta(ctx, &plan, kind);
    // The override of a blackout window is the applier's decision, with the applier's reason.
    meta.override_reason = Some(reason.unwrap_or_default());
    let out = batch::execute(
        ctx,
        opened.batches(),
        &mut src,
        &o,
        Mode::Apply(Box::new(meta)),
    )?;
    if let Some(code) = &o.exit {
        let code = super::flag("exit", code, WarehouseCode::parse)?;
        return super::exit::landed(ctx, opened.due(), &code, out);
    }
    ctx.report_change(out.landed, batch::summary(&out.counts));
    Ok(0)
}

/// `plan create --exit CODE`: the exit's links judged now and stored with their targets, for
/// the approver to see exactly what leaves.
fn plan_exit(
    ctx: &Ctx,
    code: &str,
    target: &super::exit::TargetArgs,
    rules: &RuleArgs,
    reason: Option<&str>,
    ticket: Option<&str>,
    with_refusals: bool,
) -> Result<u8> {
    let code = super::flag("--exit", code.trim(), WarehouseCode::parse)?;
    let target = target.target()?;
    let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
    let ctx = &ctx.as_role(operator);
    let store = opened.due();
    crate::ops::exit::links_at(store, &code)?;
    let exit_rules = crate::ops::exit::rules(&code, rules.allow_orphan, rules.allow_region_gap);
    let o = crate::ops::unbind::Options::new(&exit_rules, &store.settings()?)?;
    let mut src = crate::ops::exit::source(&code, &target);
    let plan = crate::store::plans::NewPlan {
        options: exit_rules.to_json(),
        ..new_plan(ctx, &src, rules, reason, ticket)
    };
    let id = create_plan(ctx, store, &mut src, &o, &plan, with_refusals)?;
    created(ctx, opened.plans(), id)
}

/// A stage's plan is part of a batch: `plan show` says which, and what one approval covers.
fn say_batch(
    ctx: &Ctx,
    store: &mut dyn PlanDesk,
    stage: &crate::store::stages::StageRow,
) -> Result<()> {
    let mut lines = Vec::new();
    let mut total = 0;
    for s in store.batch_stages(stage.batch)? {
        let plan = existing(store.plan(s.plan_id)?, s.plan_id)?;
        total += plan.pairs;
        lines.push(tr!(
            "door-batch-stage-line",
            id = plan.id,
            stage = s.stage,
            share = &s.share,
            count = plan.pairs,
            status = &plan_status(&plan.status)
        ));
    }
    ctx.say(&tr!(
        "door-batch-of-plan",
        stage = stage.stage,
        stages = stage.stages,
        total = total,
        lines = &clauses(&lines),
        no_wait = if stage.wait { "no" } else { "yes" }
    ));
    Ok(())
}

/// `plan apply --dry-run` of a stage: what it would do now.
fn dry_run_stage(ctx: &Ctx, store: &mut dyn crate::store::DueDesk, plan: &PlanRow) -> Result<u8> {
    if plan.options.get("kind").and_then(|k| k.as_str()) == Some(crate::ops::stages::MOVE_STAGE) {
        let req = crate::ops::moves::MoveRequest {
            lines: store.plan_moves(plan.id)?,
            source: None,
            reason: None,
            plan: Some(plan.clone()),
            dry_run: true,
            again: true,
        };
        let moved = crate::ops::moves::run(ctx, store, &req)?;
        return super::moves::report(ctx, &req, &moved);
    }
    let o = plan_options(plan, &store.settings()?)?;
    super::unbind::dry_run(ctx, store, &mut Source::Plan(plan.id), &o)?;
    ctx.say(&tr!("door-dry-run-nothing-changed"));
    Ok(0)
}

/// `plan apply` of one stage of a batch: after the previous stage (and its verdict, unless
/// the batch was made with --no-wait).
fn apply_stage(
    ctx: &Ctx,
    store: &mut dyn crate::store::DueDesk,
    plan: &PlanRow,
    stage: &crate::store::stages::StageRow,
    reason: Option<String>,
) -> Result<u8> {
    let settings = store.settings()?;
    if plan.status == "approved"
        && approval_expired(plan, ctx.now, settings.plan_max_age_hours)
        && stage.stage == 1
    {
        return Err(Refused(tr!(
            "door-stage-approval-expired",
            id = plan.id,
            hours = settings.plan_max_age_hours
        ))
        .into());
    }
    crate::ops::stages::may_apply(store, ctx.now, stage)?;
    let out =
        crate::ops::stages::apply_stage(ctx, store, plan, stage, Some(reason.unwrap_or_default()))?;
    ctx.report_change(
        out.landed,
        text!(
            "door-stage-landed",
            stage = stage.stage,
            stages = stage.stages,
            plan = plan.id,
            share = &stage.share,
            summary = out.what
        ),
    );
    Ok(0)
}

fn existing(plan: Option<PlanRow>, id: i64) -> Result<PlanRow> {
    plan.ok_or_else(|| {
        InputError::single(
            "command line",
            "ID",
            &id.to_string(),
            &tr!("door-no-such-plan"),
        )
        .into()
    })
}

/// A line of `plan list`.
#[derive(Serialize)]
struct Line<'a> {
    id: i64,
    status: String,
    created_at: String,
    creator: &'a str,
    pairs: i64,
    approver: Option<&'a str>,
    effective_at: Option<String>,
    change: Option<i64>,
    reason: &'a str,
}

/// A plan's line; times in the store's time zone and the status in the operator's words when
/// `zone` is given (tables).
fn line<'p>(p: &'p PlanRow, zone: Option<&crate::domain::zone::Zone>) -> Line<'p> {
    let shown = |t: &str| zone.map_or_else(|| t.to_string(), |z| z.show_stored(t));
    Line {
        id: p.id,
        status: match zone {
            Some(_) => plan_status(&p.status),
            None => p.status.clone(),
        },
        created_at: shown(&p.created_at),
        creator: &p.creator,
        pairs: p.pairs,
        approver: p.approver.as_deref(),
        effective_at: p.effective_at.as_deref().map(shown),
        change: p.applied_change,
        reason: &p.reason,
    }
}

fn pairs_json(pairs: &[crate::store::unbind::PairInput]) -> Vec<serde_json::Value> {
    pairs
        .iter()
        .map(|p| serde_json::json!({ "line": p.line, "product_id": p.sku, "warehouse_code": p.warehouse, "transfer_to": p.transfer_to, "reason": p.reason }))
        .collect()
}
