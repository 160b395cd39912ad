//! `invmap unbind`: take SKUs out of warehouses — plan, check, apply (SPEC §4).

use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use crate::csvio::read::{CsvInput, Encoding, ReadOptions};
use crate::csvio::templates::UNBIND_FIELDS;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::problem::{Problem, Problems};
use crate::domain::settings::Settings;
use crate::domain::values::{parse_time, stored};
use crate::error::{InputError, Refused, UsageError};
use crate::ops::unbind::{self as batch, Mode, Options, Rules, Source};
use crate::report::{Format, print_list};
use crate::store::door::ChangeDesk;
use crate::store::plans::{NewPlan, PlanPairs};
use crate::store::unbind::PairInput;
use crate::tr;

/// Remove SKU–warehouse links, checked and undoable.
///
/// Give pairs with `--sku S --warehouse W` (repeat both for several) or a template with
/// `--from-csv FILE` (columns product_id, warehouse_code, transfer_to, reason; see
/// `examples/unbind.csv`). Every pair is checked first — open orders, stock on hand, last
/// warehouse, region cover — and the batch is applied in one transaction with a rollback point
/// and audit entries, or not at all. Try `--dry-run` first. Undo with `invmap rollback`.
/// Batches larger than the `approval_threshold` setting go through `invmap plan create`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub pairs: PairArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
    /// A ticket or case number to record with the change
    #[arg(long)]
    pub ticket: Option<String>,
    /// Show exactly what would change and every refusal; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Apply a template even though the same file was applied before
    #[arg(long)]
    pub again: bool,
    /// Write one outcome row per input line to this CSV file
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// Do it later: store the batch and let `invmap run-due` apply it at this time (checks
    /// run again then)
    #[arg(long, value_name = "TIME")]
    pub effective_at: Option<String>,
    #[command(flatten)]
    pub stages: StageArgs,
}

/// A batch in stages.
#[derive(Debug, Clone, clap::Args)]
pub struct StageArgs {
    /// Apply the batch in stages, e.g. 30%,100%: the first share now (spread over the
    /// warehouses), each next one after the previous stage's verdict is ok (`invmap run-due`)
    #[arg(long, value_name = "SHARES")]
    pub stages: Option<String>,
    /// With --stages: do not wait for verdicts; apply each next stage yourself
    /// (`invmap plan apply ID`)
    #[arg(long, requires = "stages")]
    pub no_wait: bool,
}

impl StageArgs {
    /// The cumulative shares, or a usage error naming the flag.
    pub fn shares(&self) -> Result<Option<Vec<u32>>> {
        self.stages
            .as_deref()
            .map(|text| {
                crate::ops::stages::parse_shares(text)
                    .map_err(|msg| UsageError(format!("--stages {text}: {msg}")).into())
            })
            .transpose()
    }
}

/// Which pairs: flags or a template.
#[derive(Debug, Clone, clap::Args)]
pub struct PairArgs {
    /// SKU to unbind (pair each with a --warehouse)
    #[arg(long = "sku", value_name = "SKU")]
    pub skus: Vec<String>,
    /// Warehouse to unbind it from
    #[arg(long = "warehouse", value_name = "CODE")]
    pub warehouses: Vec<String>,
    /// A CSV template of pairs
    #[arg(long, value_name = "FILE", conflicts_with_all = ["skus", "warehouses"])]
    pub from_csv: Option<PathBuf>,
    /// The template's encoding when detection is not wanted: utf-8 or gbk
    #[arg(long, requires = "from_csv")]
    pub encoding: Option<Encoding>,
}

/// How the safety rules treat the pairs.
#[derive(Debug, Clone, clap::Args)]
pub struct RuleArgs {
    /// Pairs with open orders: stop routing new orders and remove later (`invmap run-due`)
    #[arg(long)]
    pub drain: bool,
    /// Move stock on hand to this warehouse (the SKU's link there is created if needed)
    #[arg(long, value_name = "CODE")]
    pub transfer_to: Option<String>,
    /// Record stock on hand as written off
    #[arg(long, conflicts_with = "transfer_to")]
    pub write_off: bool,
    /// Allow removing a SKU's last active warehouse
    #[arg(long)]
    pub allow_orphan: bool,
    /// Allow leaving a region without a warehouse for the SKU (when require_region_cover is on)
    #[arg(long)]
    pub allow_region_gap: bool,
    /// Treat the same pair twice as an error instead of a warning
    #[arg(long)]
    pub strict: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let mut source = source(&args.pairs)?;
    let (mut opened, operator) = ctx.open_either(super::open_mode(args.dry_run), !args.dry_run)?;
    let ctx = &ctx.as_role(operator);
    let store = opened.batches();
    let settings = store.settings()?;
    let mut o = options(&args.rules, &settings)?;
    o.threshold = settings.approval_threshold;
    o.report = args.report.clone();
    if let Source::Csv(input) = &source {
        refuse_reapplied(store, input, args.again)?;
    }
    if let Some(shares) = args.stages.shares()? {
        if args.effective_at.is_some() {
            return Err(UsageError(tr!("door-stages-not-scheduled")).into());
        }
        let store = opened.due();
        return super::stages::unbind_in_stages(ctx, store, &mut source, &o, &args, &shares);
    }
    let effective = match &args.effective_at {
        Some(at) => Some(future_time(ctx, &settings, at)?),
        None => None,
    };
    if args.dry_run {
        let _ = dry_run(ctx, store, &mut source, &o)?;
        match &effective {
            Some(t) => ctx.say(&tr!(
                "door-dry-run-scheduled",
                time = &settings.timezone.show_stored(t)
            )),
            None => ctx.say(&tr!("door-dry-run-nothing-changed")),
        }
        return Ok(0);
    }
    if let Some(effective) = effective {
        let plan = NewPlan {
            status: "scheduled",
            effective_at: Some(effective.clone()),
            ..new_plan(
                ctx,
                &source,
                &args.rules,
                args.reason.as_deref(),
                args.ticket.as_deref(),
            )
        };
        let id = create_plan(ctx, store, &mut source, &o, &plan, true)?;
        ctx.say(&tr!(
            "door-unbind-scheduled",
            id = id,
            time = &settings.timezone.show_stored(&effective)
        ));
        return Ok(0);
    }
    let mut meta = ctx.change_meta("unbind", args.reason.as_deref());
    meta.ticket = args.ticket.clone();
    if let Source::Csv(input) = &source {
        meta.source_file = Some(input.display_name().to_string());
        meta.source_sha256 = Some(input.sha256().to_string());
        meta.reapply_guard = !args.again;
    }
    let out = batch::execute(ctx, store, &mut source, &o, Mode::Apply(Box::new(meta)))?;
    ctx.report_change(out.landed, batch::summary(&out.counts));
    Ok(0)
}

/// A pair of a dry run under `--format json|csv`: as it would change, and why it cannot.
#[derive(serde::Serialize)]
struct Judged<'a> {
    #[serde(flatten)]
    pair: &'a crate::store::unbind::PlannedPair,
    /// Rule ids (`open-orders`, …): empty when the pair passes.
    refused_by: Vec<&'static str>,
    refusals: Vec<&'a crate::i18n::Text>,
}

/// A dry run: the pairs as they would change, then every refusal, then a blackout window
/// the real run would meet (exit 3 for either). Returns what the batch would do.
pub fn dry_run(
    ctx: &Ctx,
    store: &mut dyn ChangeDesk,
    source: &mut Source,
    o: &Options,
) -> Result<crate::store::unbind::BatchCounts> {
    let out = batch::execute(ctx, store, source, o, Mode::DryRun)?;
    if ctx.format == Format::Table {
        print_list(&mut std::io::stdout().lock(), ctx.format, &out.planned)?;
    } else {
        // For scripts, each pair carries its refusals (the rule ids and the sentences).
        let rows: Vec<Judged<'_>> = out
            .planned
            .iter()
            .map(|p| {
                let mine: Vec<_> = out
                    .refusals
                    .iter()
                    .filter(|r| {
                        r.line == p.line && r.sku == p.product_id && r.warehouse == p.warehouse_code
                    })
                    .collect();
                Judged {
                    pair: p,
                    refused_by: mine.iter().map(|r| r.rule.as_str()).collect(),
                    refusals: mine.iter().map(|r| &r.message).collect(),
                }
            })
            .collect();
        print_list(&mut std::io::stdout().lock(), ctx.format, &rows)?;
    }
    let pairs = out.counts.pairs;
    if pairs as i64 > batch::LIST_LIMIT {
        ctx.say(&tr!(
            "door-dry-run-first-listed",
            shown = batch::LIST_LIMIT,
            count = pairs
        ));
    }
    let needs_plan = out
        .needs_plan
        .map(|(p, l)| batch::needs_plan_text(p, l, o.plan_hint.as_deref()));
    if out.refusals.is_empty() {
        ctx.say(&tr!(
            "door-would-change",
            summary = &batch::summary(&out.counts)
        ));
    } else {
        ctx.say(&tr!("door-dry-run-refused", count = pairs));
        let mut text = batch::refusal_text(&out.refusals, source.has_lines());
        if let Some(plan) = &needs_plan {
            text = format!("{text}\n{plan}");
        }
        return Err(Refused(text).into());
    }
    if let Some(plan) = needs_plan {
        return Err(Refused(plan).into());
    }
    if let Some(w) = out.blackout {
        return Err(Refused(super::door::blackout_refused(ctx, &w)).into());
    }
    Ok(out.counts)
}

/// The rules as options of the batch engine, with the settings that shape them.
pub fn options(rules: &RuleArgs, settings: &Settings) -> Result<Options> {
    Options::new(&rules.to_rules(), settings)
}

impl RuleArgs {
    pub fn to_rules(&self) -> Rules {
        Rules {
            drain: self.drain,
            transfer_to: self.transfer_to.clone(),
            write_off: self.write_off,
            allow_orphan: self.allow_orphan,
            allow_region_gap: self.allow_region_gap,
            strict: self.strict,
            exit: None,
        }
    }
}

/// A time given on the command line, which must lie ahead.
pub fn future_time(ctx: &Ctx, settings: &Settings, value: &str) -> Result<String> {
    let t = parse_time(value.trim(), &settings.timezone)
        .map_err(|m| InputError::single("command line", "--effective-at", value, &m))?;
    if t <= ctx.now {
        return Err(InputError::single(
            "command line",
            "--effective-at",
            value,
            &tr!("door-not-future", now = &settings.timezone.show(ctx.now)),
        )
        .into());
    }
    Ok(stored(t))
}

/// The stored form of a plan of these pairs and rules.
pub fn new_plan(
    ctx: &Ctx,
    source: &Source,
    rules: &RuleArgs,
    reason: Option<&str>,
    ticket: Option<&str>,
) -> NewPlan {
    let (file, sha) = match source {
        Source::Csv(input) => (
            Some(input.display_name().to_string()),
            Some(input.sha256().to_string()),
        ),
        _ => (None, None),
    };
    NewPlan {
        at: ctx.now_text().to_string(),
        creator: ctx.operator.clone(),
        reason: reason.unwrap_or_default().to_string(),
        ticket: ticket.map(str::to_string),
        source_file: file,
        source_sha256: sha,
        options: rules.to_rules().to_json(),
        status: "pending",
        effective_at: None,
        pairs: PlanPairs::Batch,
    }
}

/// Checks the pairs now and stores them as a plan. Input errors refuse the plan; so do
/// safety refusals, unless `with_refusals` keeps them as known refusals (shown: the data
/// may move on before the plan is applied, where every check runs again).
pub fn create_plan(
    ctx: &Ctx,
    store: &mut dyn ChangeDesk,
    source: &mut Source,
    o: &Options,
    plan: &NewPlan,
    with_refusals: bool,
) -> Result<i64> {
    let checked = batch::execute(ctx, store, source, o, Mode::Validate)?;
    if !checked.refusals.is_empty() {
        let text = batch::refusal_text(&checked.refusals, !matches!(source, Source::Pairs(_)));
        if !with_refusals {
            return Err(Refused(format!("{text}\n{}", tr!("door-plan-not-created"))).into());
        }
        ctx.say(&format!("{}\n{text}", tr!("door-plan-known-refusals")));
    }
    store.create_plan(plan)
}

/// The pairs from the flags (validated here) or the opened template.
pub fn source(args: &PairArgs) -> Result<Source> {
    if let Some(path) = &args.from_csv {
        let opts = ReadOptions {
            encoding: args.encoding,
            ..ReadOptions::default()
        };
        return Ok(Source::Csv(Box::new(CsvInput::open(
            path,
            UNBIND_FIELDS,
            &opts,
        )?)));
    }
    if args.skus.is_empty() || args.skus.len() != args.warehouses.len() {
        return Err(UsageError(tr!("door-unbind-give-pairs")).into());
    }
    let mut problems = Problems::new("command line");
    let mut pairs = Vec::new();
    for (i, (sku, wh)) in args.skus.iter().zip(&args.warehouses).enumerate() {
        let line = i as u64 + 1;
        let (sku, wh) = (sku.trim(), wh.trim());
        let mut bad = |flag: &str, value: &str, msg: String| {
            problems.push(Problem::new(line, flag, value, msg));
        };
        let sku = Sku::parse(sku).map_err(|m| bad("--sku", sku, m)).ok();
        let wh = WarehouseCode::parse(wh)
            .map_err(|m| bad("--warehouse", wh, m))
            .ok();
        if let (Some(sku), Some(warehouse)) = (sku, wh) {
            pairs.push(PairInput {
                line,
                sku,
                warehouse,
                transfer_to: None,
                reason: None,
                priority: None,
            });
        }
    }
    problems.into_result()?;
    Ok(Source::Pairs(pairs))
}

/// A template that already produced a change is refused: re-running a batch by mistake is a
/// classic operator error.
fn refuse_reapplied(store: &mut dyn ChangeDesk, input: &CsvInput, again: bool) -> Result<()> {
    match store.reapplied(input.sha256())? {
        Some(refused) if !again => Err(refused.into()),
        _ => Ok(()),
    }
}
