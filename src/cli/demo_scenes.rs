//! The files the demo's scenarios hand to the commands, written just before their step from
//! the store as it is then (its links change along the walk): another system's export with a
//! few differences planted, the winter stock to move south, and the shop's next order export.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::Ctx;

/// What to write before a step.
#[derive(Debug, Clone, Copy)]
pub enum Prep {
    /// `wms.csv`: the links as a WMS exports them (旺店通 columns), three differences planted.
    Wms,
    /// `winter.csv`: the winter apparel stocked in the North (BJ01), to move south (GZ01).
    Winter,
    /// `cd01-shipped.csv`: CD01's open orders, shipped (the shop's next export).
    Shipped,
}

pub fn prepare(ctx: &Ctx, prep: Prep, dir: &Path) -> Result<()> {
    match prep {
        Prep::Wms => wms(ctx, dir),
        Prep::Winter => winter(ctx, dir),
        Prep::Shipped => shipped(ctx, dir),
    }
}
/// Streams the store's links as they are now, (product_id, warehouse_code, stock) in key
/// order, from its own export: the demo may hold ten million links, never all in memory.
fn each_link(
    ctx: &Ctx,
    dir: &Path,
    mut f: impl FnMut(&str, &str, i64) -> Result<()>,
) -> Result<()> {
    let path = dir.join("links-now.csv");
    let quiet = Ctx {
        quiet: true,
        ..ctx.clone()
    };
    let argv = ["export", "mappings", "-o", &path.display().to_string()].map(str::to_string);
    let code = super::demo::run_step(&quiet, &argv);
    anyhow::ensure!(
        code == 0,
        "{}",
        crate::tr!("demo-cannot-export-links", code = i32::from(code))
    );
    for row in csv::Reader::from_path(&path)?.records() {
        let row = row?;
        f(&row[0], &row[1], row[2].parse().unwrap_or(0))?;
    }
    std::fs::remove_file(&path)?;
    Ok(())
}

/// A file written line by line.
fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path)
        .with_context(|| crate::tr!("demo-cannot-write", path = &path.display()))?;
    Ok(BufWriter::new(file))
}

fn wms(ctx: &Ctx, dir: &Path) -> Result<()> {
    let open = open_pairs(dir)?;
    let mut out = create(&dir.join("wms.csv"))?;
    writeln!(out, "spec_no,warehouse_no,stock_num")?;
    // The first SKU (its links come first, in key order) and the warehouses it is linked to.
    let mut first: Option<String> = None;
    let mut linked: HashSet<String> = HashSet::new();
    let mut dropped = false;
    each_link(ctx, dir, |sku, wh, qty| {
        match &first {
            None => {
                // The WMS counted three more on the first link.
                first = Some(sku.to_string());
                linked.insert(wh.to_string());
                writeln!(out, "{sku},{wh},{}", qty + 3)?;
                return Ok(());
            }
            Some(f) if f == sku => {
                linked.insert(wh.to_string());
            }
            _ => {}
        }
        // It never had the first empty link without open orders.
        if !dropped && qty == 0 && !open.contains(&(sku.to_string(), wh.to_string())) {
            dropped = true;
            return Ok(());
        }
        writeln!(out, "{sku},{wh},{qty}")?;
        Ok(())
    })?;
    // …and it holds two units of the first SKU at a warehouse this store has no link for.
    if let Some(sku) = &first
        && let Some(wh) = ["HZ01", "WH01", "SZ01", "SH02", "GZ01"]
            .into_iter()
            .find(|w| !linked.contains(*w))
    {
        writeln!(out, "{sku},{wh},2")?;
    }
    out.flush()?;
    Ok(())
}

/// The (SKU, warehouse) pairs with open orders in the demo's order file.
fn open_pairs(dir: &Path) -> Result<HashSet<(String, String)>> {
    let mut open = HashSet::new();
    for row in csv::Reader::from_path(dir.join("orders.csv"))?.records() {
        let row = row?;
        if &row[4] == "open" {
            open.insert((row[1].to_string(), row[2].to_string()));
        }
    }
    Ok(open)
}

fn winter(ctx: &Ctx, dir: &Path) -> Result<()> {
    let mut warm = BTreeSet::new();
    for row in csv::Reader::from_path(dir.join("products.csv"))?.records() {
        let row = row?;
        let winter_wear = ["Thermal", "Hoodie", "Jacket", "Scarf", "Cardigan"]
            .iter()
            .any(|w| row[1].contains(w));
        if &row[2] == "Apparel" && winter_wear {
            warm.insert(row[0].to_string());
        }
    }
    // The winter wear stocked in the North; a few of any stock there, should a small sample
    // have little winter wear.
    let (mut chosen, mut any) = (Vec::new(), Vec::new());
    each_link(ctx, dir, |sku, wh, qty| {
        if wh == "BJ01" && qty > 0 {
            if warm.contains(sku) {
                chosen.push(sku.to_string());
            } else if any.len() < 8 {
                any.push(sku.to_string());
            }
        }
        Ok(())
    })?;
    if chosen.len() < 4 {
        chosen.extend(any);
        chosen.sort();
    }
    let mut out = create(&dir.join("winter.csv"))?;
    writeln!(out, "product_id,from,to,quantity")?;
    for sku in chosen {
        writeln!(out, "{sku},BJ01,GZ01,")?;
    }
    out.flush()?;
    Ok(())
}

fn shipped(ctx: &Ctx, dir: &Path) -> Result<()> {
    let when = crate::domain::values::stored(ctx.now);
    let mut out = create(&dir.join("cd01-shipped.csv"))?;
    writeln!(
        out,
        "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at"
    )?;
    for row in csv::Reader::from_path(dir.join("orders.csv"))?.records() {
        let row = row?;
        if &row[2] == "CD01" && &row[4] == "open" {
            writeln!(
                out,
                "{},{},CD01,{},shipped,{},{when}",
                &row[0], &row[1], &row[3], &row[5]
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
