//! `invmap reconcile FILE`: the links against another system's export (ERP, WMS, platform).

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, door};
use crate::csvio::cells::Cells;
use crate::csvio::read::{CsvInput, ReadOptions};
use crate::csvio::templates::RECONCILE_FIELDS;
use crate::csvio::write::{Cell, CsvOut};
use crate::domain::problem::{Problem, Problems};
use crate::report::{Format, print_list};
use crate::store::OpenMode;
use crate::store::reconcile::TheirRow;
use crate::{text, tr};

/// Compare the links and their stock with another system's export; exit 3 when they differ.
///
/// The file has a SKU, a warehouse and a stock column (the mappings names, or an ERP's:
/// 旺店通 spec_no / warehouse_no / stock_num, 聚水潭 商品编码 / 仓库 / 库存数). It is compared at
/// the warehouses it names: links only here, only there, and stock that differs, with totals.
/// `--adopt --reason` records the other system's state as one change (judged like any other:
/// a link it lacks is a removal).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The other system's export (CSV)
    pub file: PathBuf,
    /// Make the links what the file says, as one audited change (needs --reason)
    #[arg(long)]
    pub adopt: bool,
    /// With --adopt: override what the rules refuse (recorded with the reason)
    #[arg(long, requires = "adopt")]
    pub force: bool,
    /// Why the other system is right (recorded)
    #[arg(long)]
    pub reason: Option<String>,
}

/// How many differences a table lists.
const LISTED: usize = 50;

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let mode = if args.adopt {
        OpenMode::Existing
    } else {
        OpenMode::ReadOnly
    };
    let (mut opened, operator) = ctx.open_either(mode, args.adopt)?;
    let ctx = &ctx.as_role(operator);
    let store = opened.reconciling();
    let mut input = CsvInput::open(&args.file, RECONCILE_FIELDS, &ReadOptions::default())?;
    load_rows(store, &mut input)?;
    if args.adopt {
        let req = crate::ops::reconcile::Adopt {
            file: &args.file,
            sha256: input.sha256(),
            reason: args.reason.clone(),
            force: args.force,
            plan: None,
            dry_run: false,
        };
        let (gate, passed) = crate::ops::reconcile::adopt(ctx, store, &req)?;
        door::render(ctx, &gate, &passed)?;
        let c = &passed.counts;
        ctx.report_change(
            passed.landed.clone(),
            text!(
                "cli-reconcile-adopted",
                file = input.display_name(),
                count = c.pairs,
                added = c.added,
                updated = c.updated,
                removed = c.removed,
            ),
        );
        return Ok(0);
    }
    let t = store.reconcile_totals()?;
    let differ = t.only_here + t.only_there + t.stock_differs;
    if differ > 0 {
        print_differences(ctx, store, differ)?;
    }
    ctx.say(&tr!(
        "cli-reconcile-compared",
        compared = t.compared,
        file = input.display_name(),
        only_here = t.only_here,
        only_there = t.only_there,
        differs = t.stock_differs,
        units_here = t.units_here,
        units_there = t.units_there,
    ));
    if differ == 0 {
        ctx.say(&tr!("cli-reconcile-match"));
        return Ok(0);
    }
    Ok(3)
}

/// The differences: the first [`LISTED`] as a table; every one as CSV or JSON, streamed.
fn print_differences(
    ctx: &Ctx,
    store: &mut dyn crate::store::Reconciling,
    differ: i64,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match ctx.format {
        Format::Table => {
            let mut first = Vec::new();
            store.reconcile_differences(LISTED as i64, &mut |d| {
                first.push(d);
                Ok(())
            })?;
            print_list(&mut out, ctx.format, &first)?;
            if differ > LISTED as i64 {
                ctx.say(&tr!("cli-reconcile-first", shown = LISTED, total = differ));
            }
        }
        // CSV and JSON are the same in every language (written here, not by `print_list`).
        Format::Csv => crate::i18n::in_lang(crate::i18n::Lang::En, || -> Result<()> {
            let mut csv = CsvOut::to_writer(&mut out, false)?;
            csv.header(&["product_id", "warehouse_code", "kind", "here", "there"])?;
            let num = |v: Option<i64>| v.map_or(Cell::Empty, Cell::Int);
            store.reconcile_differences(-1, &mut |d| {
                let kind = d.kind.to_string();
                csv.row(&[
                    Cell::Text(&d.product_id),
                    Cell::Text(&d.warehouse_code),
                    Cell::Text(&kind),
                    num(d.here),
                    num(d.there),
                ])
            })?;
            csv.finish()?;
            Ok(())
        })?,
        Format::Json => crate::i18n::in_lang(crate::i18n::Lang::En, || -> Result<()> {
            use std::io::Write;
            let mut sep = "[\n  ";
            store.reconcile_differences(-1, &mut |d| {
                write!(out, "{sep}{}", serde_json::to_string(&d)?)?;
                sep = ",\n  ";
                Ok(())
            })?;
            writeln!(out, "\n]")?;
            Ok(())
        })?,
    }
    Ok(())
}

/// The file's rows into `temp.theirs`, validated whole: codes, stock, a pair twice,
/// warehouses this store has.
pub fn load_rows(store: &mut dyn crate::store::Reconciling, input: &mut CsvInput) -> Result<()> {
    let known: std::collections::HashSet<String> = store.warehouse_codes()?.into_iter().collect();
    let mut problems = Problems::new(input.display_name());
    let column = input.column_name(0).to_string();
    let twice = store.load_theirs(&mut |sink| their_rows(input, &known, &mut problems, sink))?;
    for (line, first, pair) in twice {
        problems.push(Problem::new(
            line,
            &column,
            &pair,
            tr!("cli-reconcile-same-pair", line = first),
        ));
    }
    problems.into_result()?;
    Ok(())
}

/// The file's valid rows, handed to `sink`; bad cells go to `problems`.
fn their_rows(
    input: &mut CsvInput,
    known: &std::collections::HashSet<String>,
    problems: &mut Problems,
    sink: &mut dyn FnMut(&TheirRow) -> Result<()>,
) -> Result<()> {
    while let Some(row) = input.next_row(problems)? {
        let mut c = Cells::new(&row, input, problems);
        let sku = c.sku(0);
        let wh = c.warehouse(1);
        let qty = c.qty(2);
        if let Some(w) = wh.as_ref().filter(|w| !known.contains(w.as_str())) {
            let hint = crate::domain::near::hint_among(w.as_str(), known.iter());
            let w = w.clone();
            c.fail(
                1,
                tr!(
                    "cli-reconcile-unknown-warehouse",
                    warehouse = &w,
                    hint = &hint
                ),
            );
        }
        if let (Some(sku), Some(warehouse), Some(qty), true) = (sku, wh, qty, c.ok()) {
            let r = TheirRow {
                line: row.line,
                sku,
                warehouse,
                qty,
            };
            sink(&r)?;
        }
    }
    Ok(())
}
