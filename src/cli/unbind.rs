//! `invmap unbind`: take SKUs out of warehouses — plan, check, apply (SPEC §4).

use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use super::bind::check_code;
use super::phases::Phases;
use crate::csvio::read::{CsvInput, Encoding, Field, ReadOptions};
use crate::csvio::write::{Cell, CsvOut};
use crate::domain::checks::{Refusal, UnbindOptions, judge};
use crate::domain::code::{CodeKind, validate_code};
use crate::domain::problem::{Problem, Problems};
use crate::error::{Refused, UsageError};
use crate::report::print_list;
use crate::store::OpenMode;
use crate::store::imports::Tx;
use crate::store::unbind::{Batch, BatchCounts, PairInput};

/// Remove SKU–warehouse links, checked and undoable.
///
/// Give pairs with `--sku S --warehouse W` (repeat both for several) or a template with
/// `--from-csv FILE` (columns product_id, warehouse_code, transfer_to, reason; see
/// `examples/unbind.csv`). Every pair is checked first — open orders, stock on hand, last
/// warehouse, region cover — and the batch is applied in one transaction with a rollback point
/// and audit entries, or not at all. Try `--dry-run` first. Undo with `invmap rollback`.
#[derive(Debug, clap::Args)]
pub struct Args {
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
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
    /// A ticket or case number to record with the change
    #[arg(long)]
    pub ticket: Option<String>,
    /// Show exactly what would change and every refusal; change nothing
    #[arg(long)]
    pub dry_run: bool,
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
    /// Apply a template even though the same file was applied before
    #[arg(long)]
    pub again: bool,
    /// Write one outcome row per input line to this CSV file
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
}

const TEMPLATE: &[Field] = &[
    Field {
        name: "product_id",
        aliases: &["sku", "商品编码", "商家编码", "货品编码"],
        required: true,
    },
    Field {
        name: "warehouse_code",
        aliases: &["warehouse", "仓库编码", "仓库"],
        required: true,
    },
    Field {
        name: "transfer_to",
        aliases: &["转入仓库", "调入仓库"],
        required: false,
    },
    Field {
        name: "reason",
        aliases: &["原因"],
        required: false,
    },
];

/// Above this many pairs the dry run lists only the first ones (the report has them all).
const LIST_LIMIT: i64 = 1000;

/// Where the pairs come from.
enum Source {
    Flags(Vec<PairInput>),
    Csv(Box<CsvInput>),
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let mut phases = Phases::new(!ctx.quiet);
    phases.start("parse");
    let mut source = source(&args)?;
    if let Some(t) = &args.transfer_to {
        check_code(CodeKind::Warehouse, "--transfer-to", t.trim())?;
    }
    let mut store = ctx.open(OpenMode::Existing)?;
    let settings = store.unbind_settings()?;
    let opts = UnbindOptions {
        drain: args.drain,
        write_off: args.write_off,
        allow_orphan: args.allow_orphan,
        allow_region_gap: args.allow_region_gap,
        require_region_cover: settings.require_region_cover,
        drain_buffer_hours: settings.drain_buffer_hours,
    };
    let source_name = match &source {
        Source::Flags(_) => "command line".to_string(),
        Source::Csv(input) => input.display_name().to_string(),
    };
    if let Source::Csv(input) = &source {
        refuse_reapplied(&store, input, args.again)?;
    }
    let global_transfer = args.transfer_to.as_deref().map(str::trim);
    let mut problems = Problems::new(&source_name);
    let run = Run {
        ctx,
        args: &args,
        opts: &opts,
        global_transfer,
    };
    if args.dry_run {
        let tx = store.begin_read()?;
        let batch = stage(tx.conn(), &mut source, &mut problems)?;
        say_notes(ctx, &source);
        let checked = check(&run, &batch, columns(&source), problems, &mut phases);
        write_report(&args, &batch, false, None)?;
        let counts = checked?;
        print_plan(ctx, &batch, &counts)?;
        phases.finish();
        ctx.say("Dry run: nothing was changed.");
        return Ok(0);
    }
    let mut meta = ctx.change_meta("unbind", args.reason.as_deref());
    meta.ticket = args.ticket.clone();
    if let Source::Csv(input) = &source {
        meta.source_file = Some(input.display_name().to_string());
        meta.source_sha256 = Some(input.sha256().to_string());
    }
    let tx = store.begin_change(meta)?;
    let batch = stage(tx.conn(), &mut source, &mut problems)?;
    say_notes(ctx, &source);
    let checked = check(&run, &batch, columns(&source), problems, &mut phases);
    if checked.is_err() {
        write_report(&args, &batch, false, None)?;
    }
    let counts = checked?;
    phases.start("apply");
    tx.apply_unbind(&counts)?;
    write_report(&args, &batch, true, Some(tx.id))?;
    phases.start("commit");
    let landed = tx.finish(&serde_json::to_value(&counts)?)?;
    phases.finish();
    ctx.report_change(landed, &summary(&counts));
    Ok(0)
}

/// What the reader noticed (encoding, skipped lines, each value it normalised), once the whole
/// file has been read.
fn say_notes(ctx: &Ctx, source: &Source) {
    if let Source::Csv(input) = source {
        for note in input.notes() {
            ctx.say(&format!("note: {note}"));
        }
    }
}

/// How the source names its SKU, warehouse and transfer columns, for messages.
fn columns(source: &Source) -> [&str; 3] {
    match source {
        Source::Flags(_) => ["--sku", "--warehouse", "--transfer-to"],
        Source::Csv(input) => [
            input.column_name(0),
            input.column_name(1),
            input.column_name(2),
        ],
    }
}

/// The pairs from the flags (validated here) or the opened template.
fn source(args: &Args) -> Result<Source> {
    if let Some(path) = &args.from_csv {
        let opts = ReadOptions {
            encoding: args.encoding,
            ..ReadOptions::default()
        };
        return Ok(Source::Csv(Box::new(CsvInput::open(
            path, TEMPLATE, &opts,
        )?)));
    }
    if args.skus.is_empty() || args.skus.len() != args.warehouses.len() {
        return Err(UsageError(
            "give --sku and --warehouse in pairs (as many of each), or --from-csv FILE".into(),
        )
        .into());
    }
    let mut problems = Problems::new("command line");
    let mut pairs = Vec::new();
    for (i, (sku, wh)) in args.skus.iter().zip(&args.warehouses).enumerate() {
        let (sku, wh) = (sku.trim(), wh.trim());
        for (flag, kind, value) in [
            ("--sku", CodeKind::Sku, sku),
            ("--warehouse", CodeKind::Warehouse, wh),
        ] {
            if let Err(msg) = validate_code(kind, value) {
                problems.push(Problem::new(i as u64 + 1, flag, value, msg));
            }
        }
        pairs.push(PairInput {
            line: i as u64 + 1,
            sku: sku.to_string(),
            warehouse: wh.to_string(),
            transfer_to: None,
            reason: None,
        });
    }
    problems.into_result()?;
    Ok(Source::Flags(pairs))
}

/// A template that already produced a change is refused: re-running a batch by mistake is a
/// classic operator error.
fn refuse_reapplied(store: &crate::store::Store, input: &CsvInput, again: bool) -> Result<()> {
    if again {
        return Ok(());
    }
    if let Some(id) = store.change_for_source(input.sha256())? {
        let c = store.change(id)?.expect("change exists");
        return Err(Refused(format!(
            "refused: this template (sha256 {}) was already applied by change {id} on {} by {}; use --again to apply it anyway, or `invmap changes show {id}` to see what it did. Nothing was changed.",
            &input.sha256()[..12],
            c.at,
            c.operator
        ))
        .into());
    }
    Ok(())
}

/// Streams the pairs into the batch's temporary table; bad cells go to `problems`.
fn stage<'c>(
    conn: &'c rusqlite::Connection,
    source: &mut Source,
    problems: &mut Problems,
) -> Result<Batch<'c>> {
    match source {
        Source::Flags(pairs) => {
            let mut it = std::mem::take(pairs).into_iter();
            Batch::stage(conn, || Ok(it.next()))
        }
        Source::Csv(input) => Batch::stage(conn, || next_pair(input, problems)),
    }
}

fn next_pair(input: &mut CsvInput, problems: &mut Problems) -> Result<Option<PairInput>> {
    while let Some(row) = input.next_row(problems)? {
        let mut ok = true;
        let mut cell = |i: usize, kind: CodeKind, required: bool| -> Option<String> {
            let v = row.get(i);
            if v.is_empty() && !required {
                return None;
            }
            let result = if v.is_empty() {
                Err("empty: fill it in (this column is required)".to_string())
            } else {
                validate_code(kind, v)
            };
            if let Err(msg) = result {
                ok = false;
                problems.push(Problem::new(row.line, input.column_name(i), v, msg));
            }
            Some(v.to_string())
        };
        let sku = cell(0, CodeKind::Sku, true);
        let warehouse = cell(1, CodeKind::Warehouse, true);
        let transfer_to = cell(2, CodeKind::Warehouse, false);
        if ok {
            let reason = Some(row.get(3).to_string()).filter(|r| !r.is_empty());
            return Ok(Some(PairInput {
                line: row.line,
                sku: sku.unwrap_or_default(),
                warehouse: warehouse.unwrap_or_default(),
                transfer_to,
                reason,
            }));
        }
    }
    Ok(None)
}

/// What the checks need to know about this run.
#[derive(Clone, Copy)]
struct Run<'a> {
    ctx: &'a Ctx,
    args: &'a Args,
    opts: &'a UnbindOptions,
    global_transfer: Option<&'a str>,
}

/// Input errors (exit 4), duplicates, the safety rules (exit 3). Nothing is written to the
/// store here; decisions go to the batch's temporary tables.
fn check(
    run: &Run<'_>,
    batch: &Batch<'_>,
    columns: [&str; 3],
    mut problems: Problems,
    phases: &mut Phases,
) -> Result<BatchCounts> {
    let Run {
        ctx,
        args,
        opts,
        global_transfer,
    } = *run;
    phases.start("plan");
    let dups = batch.plan(global_transfer)?;
    phases.start("validate");
    batch.input_problems(global_transfer, columns, &mut problems)?;
    if !problems.is_empty() {
        return Err(problems.into_result().unwrap_err().into());
    }
    if !dups.is_empty() {
        let lines: Vec<String> = dups.iter().map(|d| d.0.to_string()).collect();
        let message = format!(
            "{} duplicate{} (lines {}): the same pair as an earlier line",
            dups.len(),
            if dups.len() == 1 { "" } else { "s" },
            lines.join(",")
        );
        if args.strict {
            for (line, first, pair) in &dups {
                problems.push(Problem::new(
                    *line,
                    "",
                    pair,
                    format!("same pair as line {first} (--strict): remove the duplicate"),
                ));
            }
            problems.into_result()?;
        }
        ctx.say(&format!("warning: {message}; each pair is unbound once"));
    }
    batch.gather_facts()?;
    phases.start("check");
    let mut refusals: Vec<Refusal> = Vec::new();
    for facts in batch.pairs_to_judge()? {
        let verdict = judge(&facts, opts);
        for w in &verdict.warnings {
            ctx.say(&format!("warning: {w}"));
            batch.note_issue(facts.line, "warning", w)?;
        }
        for r in &verdict.refusals {
            batch.note_issue(r.line, "refused", &r.message)?;
        }
        if verdict.refusals.is_empty() {
            batch.set_action(&facts, verdict.action)?;
        }
        refusals.extend(verdict.refusals);
    }
    if !refusals.is_empty() {
        return Err(Refused(refusal_text(&refusals, args.from_csv.is_some())).into());
    }
    batch.counts()
}

fn refusal_text(refusals: &[Refusal], from_file: bool) -> String {
    let mut text = String::new();
    for r in refusals.iter().take(crate::error::MAX_LISTED) {
        let at = if from_file {
            format!("line {}: ", r.line)
        } else {
            String::new()
        };
        text.push_str(&format!("{at}{} [{}]\n", r.message, r.rule.as_str()));
    }
    if refusals.len() > crate::error::MAX_LISTED {
        text.push_str(&format!(
            "… and {} more\n",
            refusals.len() - crate::error::MAX_LISTED
        ));
    }
    text.push_str(&format!(
        "{} pair{} refused; nothing was changed.",
        refusals.len(),
        if refusals.len() == 1 { "" } else { "s" }
    ));
    text
}

fn summary(c: &BatchCounts) -> String {
    let mut parts = vec![format!("{} unbound", c.unbind)];
    if c.transfer > 0 {
        parts.push(format!(
            "{} transferred ({} units moved)",
            c.transfer, c.units_transferred
        ));
    }
    if c.write_off > 0 {
        parts.push(format!(
            "{} written off ({} units)",
            c.write_off, c.units_written_off
        ));
    }
    if c.drain > 0 {
        parts.push(format!(
            "{} draining (finished by `invmap run-due`)",
            c.drain
        ));
    }
    format!(
        "{} pair{}: {}.",
        c.pairs,
        if c.pairs == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

fn print_plan(ctx: &Ctx, batch: &Batch<'_>, counts: &BatchCounts) -> Result<()> {
    let plan = batch.planned(LIST_LIMIT)?;
    print_list(ctx.format, &plan)?;
    if counts.pairs as i64 > LIST_LIMIT {
        ctx.say(&format!(
            "(first {LIST_LIMIT} of {} pairs listed; --report FILE.csv has them all)",
            counts.pairs
        ));
    }
    ctx.say(&format!("Would change {}", summary(counts)));
    Ok(())
}

/// `--report`: one row per input line, written atomically.
fn write_report(args: &Args, batch: &Batch<'_>, applied: bool, change: Option<i64>) -> Result<()> {
    let Some(path) = &args.report else {
        return Ok(());
    };
    let mut out = CsvOut::create(Some(path), false)?;
    out.header(&[
        "line",
        "product_id",
        "warehouse_code",
        "outcome",
        "reason",
        "change_id",
    ])?;
    batch.each_outcome(applied, |line, sku, wh, outcome, why| {
        out.row(&[
            Cell::Int(line as i64),
            Cell::Text(sku),
            Cell::Text(wh),
            Cell::Text(outcome),
            Cell::Text(why),
            Cell::OptInt(change.filter(|_| applied)),
        ])
    })?;
    out.finish()
}
