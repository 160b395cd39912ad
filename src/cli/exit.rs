//! `invmap warehouse exit W --by-route | --to W2`: a region exit as one change (or one plan).

use std::path::PathBuf;

use anyhow::Result;

use super::unbind::{dry_run, future_time};
use super::{Ctx, flag};
use crate::domain::code::WarehouseCode;
use crate::error::{Refused, UsageError};
use crate::ops::exit::{self, Target};
use crate::ops::unbind::{self as batch, Mode, Options};
use crate::store::plans::{NewPlan, PlanPairs};
use crate::{text, tr};

/// Take every SKU out of a warehouse, then close it (a region exit).
///
/// Every link at the warehouse leaves in one change: its stock is transferred to the SKU's
/// next warehouse by route (--by-route) or to one warehouse (--to CODE, the link there created
/// when needed), links with open orders are drained (no new orders; `invmap run-due` removes
/// them once their orders are done), and a SKU with nowhere else to go is refused, with the
/// way out. The warehouse closes once its last link is gone. Try --dry-run first; above
/// `approval_threshold` links it needs a plan (`invmap plan create --exit CODE --by-route`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The warehouse to leave
    pub code: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Allow leaving a SKU with no warehouse that takes orders
    #[arg(long)]
    pub allow_orphan: bool,
    /// Allow leaving a region without a warehouse for a SKU (when require_region_cover is on)
    #[arg(long)]
    pub allow_region_gap: bool,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
    /// A ticket or case number to record with the change
    #[arg(long)]
    pub ticket: Option<String>,
    /// Show every link's outcome, the counts and every refusal; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write one outcome row per link to this CSV file
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// Do it later: `invmap run-due` applies the exit at this time (checked again then)
    #[arg(long, value_name = "TIME")]
    pub effective_at: Option<String>,
}

/// Where the stock goes: one of the two.
#[derive(Debug, Clone, clap::Args)]
pub struct TargetArgs {
    /// Move each SKU's stock to its next warehouse by route (see `invmap route`)
    #[arg(long, conflicts_with = "to")]
    pub by_route: bool,
    /// Move every SKU's stock to this warehouse
    #[arg(long, value_name = "CODE")]
    pub to: Option<String>,
}

impl TargetArgs {
    /// The target, or a usage error when neither is given.
    pub fn target(&self) -> Result<Target> {
        match (&self.to, self.by_route) {
            (Some(to), _) => Ok(Target::To(flag("--to", to.trim(), WarehouseCode::parse)?)),
            (None, true) => Ok(Target::ByRoute),
            (None, false) => Err(UsageError(tr!("door-exit-no-target")).into()),
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let code = flag("WAREHOUSE", args.code.trim(), WarehouseCode::parse)?;
    let target = args.target.target()?;
    let (mut opened, operator) = ctx.open_either(super::open_mode(args.dry_run), !args.dry_run)?;
    let ctx = &ctx.as_role(operator);
    let store = opened.due();
    let links = exit::links_at(store, &code)?;
    let settings = store.settings()?;
    let rules = exit::rules(&code, args.allow_orphan, args.allow_region_gap);
    let mut o = Options::new(&rules, &settings)?;
    o.threshold = settings.approval_threshold;
    o.report = args.report.clone();
    o.plan_hint = Some(format!(
        "invmap plan create --exit {code} {}",
        match &target {
            Target::To(w) => format!("--to {w}"),
            Target::ByRoute => "--by-route".to_string(),
        }
    ));
    let mut source = exit::source(&code, &target);
    if links == 0 {
        return empty(ctx, store, &code, args.dry_run);
    }
    if args.dry_run {
        let counts = with_way_out(&code, dry_run(ctx, store, &mut source, &o))?;
        ctx.say(&tr!(
            "door-exit-dry-run-then",
            note = &exit::closing_note(&code, counts.drain)
        ));
        ctx.say(&tr!("door-dry-run-nothing-changed"));
        return Ok(0);
    }
    if let Some(at) = &args.effective_at {
        let when = future_time(ctx, &settings, at)?;
        let plan = NewPlan {
            at: ctx.now_text().to_string(),
            creator: ctx.operator.clone(),
            reason: args.reason.clone().unwrap_or_default(),
            ticket: args.ticket.clone(),
            source_file: None,
            source_sha256: None,
            options: rules.to_json(),
            status: "scheduled",
            effective_at: Some(when.clone()),
            pairs: PlanPairs::Batch,
        };
        let id = with_way_out(
            &code,
            super::unbind::create_plan(ctx, store, &mut source, &o, &plan, true),
        )?;
        ctx.say(&tr!(
            "door-exit-scheduled",
            id = id,
            code = &code,
            time = &settings.timezone.show_stored(&when)
        ));
        return Ok(0);
    }
    let mut meta = ctx.change_meta("warehouse-exit", args.reason.as_deref());
    meta.ticket = args.ticket.clone();
    let out = with_way_out(
        &code,
        batch::execute(ctx, store, &mut source, &o, Mode::Apply(Box::new(meta))),
    )?;
    landed(ctx, store, &code, out)
}

/// After an exit's change: what it did, then the close (now, or when the drains finish).
pub fn landed(
    ctx: &Ctx,
    store: &mut dyn crate::store::DueDesk,
    code: &WarehouseCode,
    out: batch::Outcome,
) -> Result<u8> {
    let summary = batch::summary(&out.counts);
    let what = if out.counts.drain > 0 {
        text!(
            "door-exit-landed-draining",
            code = code,
            summary = summary,
            note = exit::closing_note(code, out.counts.drain)
        )
    } else {
        text!("door-exit-landed", code = code, summary = summary)
    };
    ctx.report_change(out.landed, what);
    // The exit has landed: what keeps the warehouse open is a warning, not a refusal.
    for waits in exit::close_finished(ctx, store, Some(code.as_str()))? {
        ctx.say(&tr!("door-exit-warning", waits = &waits));
    }
    Ok(0)
}

/// A refusal of SKUs with nowhere to go ends with the exit's way out.
fn with_way_out<T>(code: &WarehouseCode, result: Result<T>) -> Result<T> {
    result.map_err(|e| match e.downcast::<Refused>() {
        Ok(Refused(text))
            if text.contains("[last-warehouse]") || text.contains("[stock-on-hand]") =>
        {
            Refused(format!("{text}\n{}", exit::way_out(code))).into()
        }
        Ok(refused) => refused.into(),
        Err(e) => e,
    })
}

/// A warehouse with no links: the exit is just the close.
fn empty(
    ctx: &Ctx,
    store: &mut dyn crate::store::DueDesk,
    code: &WarehouseCode,
    dry_run: bool,
) -> Result<u8> {
    let req = crate::ops::warehouse::StatusRequest {
        code: Some(code.clone()),
        after: "closed",
        dry_run,
        reason: Some(format!("exit of {code}: it holds no links")),
        ..Default::default()
    };
    ctx.say(&tr!("door-exit-empty", code = code));
    let done = crate::ops::warehouse::set_status(ctx, store, &req)?;
    super::warehouse::report_status(ctx, &req, &done)
}
