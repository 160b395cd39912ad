//! The exports: store rows streamed into a CSV writer (a file or stdout), one row at a time,
//! whatever the store's size. Returns how many rows were written.

use anyhow::Result;

use crate::csvio::write::{Cell, CsvOut};

/// Every link in the columns of the mappings import template, so the file loads back as is
/// (from either backend).
pub fn mappings(store: &mut dyn crate::store::Links, out: &mut CsvOut) -> Result<u64> {
    out.header(&["product_id", "warehouse_code", "stock_quantity", "priority"])?;
    let mut n = 0;
    store.each_link(&mut |l| {
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
pub fn skus(store: &mut dyn crate::store::SkuStock, out: &mut CsvOut) -> Result<u64> {
    let codes = store.warehouse_codes()?;
    let mut header = vec!["product_id"];
    header.extend(codes.iter().map(String::as_str));
    header.push("total");
    out.header(&header)?;
    let mut n = 0;
    let mut qty: Vec<Option<i64>> = vec![None; codes.len()];
    store.each_sku_stock(&mut |sku, links| {
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

pub fn changes(store: &mut dyn crate::store::History, out: &mut CsvOut) -> Result<u64> {
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

pub fn audit(store: &mut dyn crate::store::Listings, out: &mut CsvOut) -> Result<u64> {
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
    store.audit_entries(None, None, &mut |e| {
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
