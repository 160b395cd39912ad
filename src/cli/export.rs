//! `invmap export skus|mappings|changes|audit`: CSV out, for spreadsheets and other tools.

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use super::Ctx;
use crate::csvio::write::{Cell, CsvOut};
use crate::store::OpenMode;

/// Export data as CSV (RFC 4180, UTF-8) to a file or stdout.
///
/// `skus`: one row per SKU with its stock in each warehouse and a total (the sheet to keep
/// before a change); `mappings`: every link, in the import template's columns; `changes`: the
/// rollback points; `audit`: the audit trail. Cells that a spreadsheet would run as a formula
/// (starting with = + - @) are made inert with a leading '. Files are written atomically.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    pub what: What,
    /// Write to this file instead of stdout
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Start the file with a UTF-8 BOM so Excel reads Chinese text correctly
    #[arg(long)]
    pub bom: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    Skus,
    Mappings,
    Changes,
    Audit,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let store = ctx.open(OpenMode::Existing)?;
    let mut out = CsvOut::create(args.output.as_deref(), args.bom)?;
    let rows = match args.what {
        What::Mappings => export_mappings(&store, &mut out)?,
        What::Skus => export_skus(&store, &mut out)?,
        What::Changes => export_changes(&store, &mut out)?,
        What::Audit => export_audit(&store, &mut out)?,
    };
    out.finish()?;
    if let Some(path) = &args.output {
        ctx.say(&format!("Wrote {rows} rows to {}.", path.display()));
    }
    Ok(0)
}

/// Every link in the columns of the mappings import template, so the file loads back as is.
pub fn export_mappings(store: &crate::store::Store, out: &mut CsvOut) -> Result<u64> {
    out.header(&["product_id", "warehouse_code", "stock_quantity", "priority"])?;
    let mut n = 0;
    store.each_link(|l| {
        n += 1;
        out.row(&[
            Cell::Text(&l.product_id),
            Cell::Text(&l.warehouse_code),
            Cell::OptInt(l.stock_quantity),
            Cell::Int(l.priority),
        ])
    })?;
    Ok(n)
}

/// One row per SKU: its stock at each warehouse (empty where it has no link) and the total.
fn export_skus(store: &crate::store::Store, out: &mut CsvOut) -> Result<u64> {
    let codes = store.warehouse_codes()?;
    let mut header = vec!["product_id"];
    header.extend(codes.iter().map(String::as_str));
    header.push("total");
    out.header(&header)?;
    let mut n = 0;
    let mut qty: Vec<Option<i64>> = vec![None; codes.len()];
    store.each_sku_stock(|sku, links| {
        n += 1;
        qty.iter_mut().for_each(|q| *q = None);
        for (wh, q) in links {
            if let Ok(i) = codes.binary_search(wh) {
                qty[i] = Some(*q);
            }
        }
        let total: i64 = links.iter().map(|(_, q)| q).sum();
        let mut row = vec![Cell::Text(sku)];
        row.extend(qty.iter().map(|q| Cell::OptInt(*q)));
        row.push(Cell::Int(total));
        out.row(&row)
    })?;
    Ok(n)
}

fn export_changes(store: &crate::store::Store, out: &mut CsvOut) -> Result<u64> {
    out.header(&[
        "id",
        "at",
        "operator",
        "kind",
        "rows",
        "reason",
        "ticket",
        "source_file",
        "source_sha256",
        "rolls_back",
        "rolled_back_by",
        "command_line",
    ])?;
    let changes = store.changes(None)?;
    for c in changes.iter().rev() {
        out.row(&[
            Cell::Int(c.id),
            Cell::Text(&c.at),
            Cell::Text(&c.operator),
            Cell::Text(&c.kind),
            Cell::Int(c.pairs),
            Cell::Text(&c.reason),
            Cell::Text(c.ticket.as_deref().unwrap_or("")),
            Cell::Text(c.source_file.as_deref().unwrap_or("")),
            Cell::Text(c.source_sha256.as_deref().unwrap_or("")),
            Cell::OptInt(c.rolls_back),
            Cell::OptInt(c.rolled_back_by),
            Cell::Text(&c.command_line),
        ])?;
    }
    Ok(changes.len() as u64)
}

fn export_audit(store: &crate::store::Store, out: &mut CsvOut) -> Result<u64> {
    out.header(&[
        "id",
        "change_id",
        "at",
        "operator",
        "action",
        "product_id",
        "warehouse_code",
        "detail",
        "hash",
    ])?;
    let mut n = 0;
    store.audit_entries(None, None, |e| {
        n += 1;
        out.row(&[
            Cell::Int(e.id),
            Cell::OptInt(e.change_id),
            Cell::Text(&e.at),
            Cell::Text(&e.operator),
            Cell::Text(&e.action),
            Cell::Text(e.product_id.as_deref().unwrap_or("")),
            Cell::Text(e.warehouse_code.as_deref().unwrap_or("")),
            Cell::Text(&e.detail),
            Cell::Text(&e.hash),
        ])
    })?;
    Ok(n)
}
