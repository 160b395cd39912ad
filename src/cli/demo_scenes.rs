//! The files the demo's scenarios hand to the commands, written just before their step from
//! the store as it is then (its links change along the walk): another system's export with a
//! few differences planted, the winter stock to move south, and the shop's next order export.

use std::collections::{BTreeSet, HashSet};
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

/// The store's links now: (product_id, warehouse_code, stock).
fn links(ctx: &Ctx, dir: &Path) -> Result<Vec<(String, String, i64)>> {
    let path = dir.join("links-now.csv");
    let quiet = Ctx {
        quiet: true,
        ..ctx.clone()
    };
    let argv = ["export", "mappings", "-o", &path.display().to_string()].map(str::to_string);
    let code = super::demo::run_step(&quiet, &argv);
    anyhow::ensure!(
        code == 0,
        "the demo could not export its links (exit {code})"
    );
    let mut out = Vec::new();
    for row in csv::Reader::from_path(&path)?.records() {
        let row = row?;
        out.push((
            row[0].to_string(),
            row[1].to_string(),
            row[2].parse().unwrap_or(0),
        ));
    }
    std::fs::remove_file(&path)?;
    Ok(out)
}

fn write(path: &Path, text: String) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn wms(ctx: &Ctx, dir: &Path) -> Result<()> {
    let links = links(ctx, dir)?;
    // The WMS never had the first empty link without open orders (after the first row).
    let open = open_pairs(dir)?;
    let missing = links
        .iter()
        .skip(1)
        .position(|l| l.2 == 0 && !open.contains(&(l.0.clone(), l.1.clone())))
        .map(|i| i + 1);
    let mut text = String::from("spec_no,warehouse_no,stock_num\n");
    for (i, (sku, wh, qty)) in links.iter().enumerate() {
        if i == 0 {
            // The WMS counted three more.
            text.push_str(&format!("{sku},{wh},{}\n", qty + 3));
        } else if Some(i) != missing {
            text.push_str(&format!("{sku},{wh},{qty}\n"));
        }
    }
    // …and it holds two units of the first SKU at a warehouse this store has no link for.
    if let Some((sku, _, _)) = links.first() {
        let linked: HashSet<&str> = links
            .iter()
            .filter(|l| &l.0 == sku)
            .map(|l| l.1.as_str())
            .collect();
        if let Some(wh) = ["HZ01", "WH01", "SZ01", "SH02", "GZ01"]
            .into_iter()
            .find(|w| !linked.contains(w))
        {
            text.push_str(&format!("{sku},{wh},2\n"));
        }
    }
    write(&dir.join("wms.csv"), text)
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
    let north: Vec<_> = links(ctx, dir)?
        .into_iter()
        .filter(|(_, wh, qty)| wh == "BJ01" && *qty > 0)
        .collect();
    let mut chosen: Vec<_> = north.iter().filter(|l| warm.contains(&l.0)).collect();
    if chosen.len() < 4 {
        // A small sample may have little winter wear: any stock in the North will do.
        chosen = north.iter().collect();
    }
    let mut text = String::from("product_id,from,to,quantity\n");
    for (sku, _, _) in chosen {
        text.push_str(&format!("{sku},BJ01,GZ01,\n"));
    }
    write(&dir.join("winter.csv"), text)
}

fn shipped(ctx: &Ctx, dir: &Path) -> Result<()> {
    let when = crate::domain::values::stored(ctx.now);
    let mut text =
        String::from("order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at\n");
    for row in csv::Reader::from_path(dir.join("orders.csv"))?.records() {
        let row = row?;
        if &row[2] == "CD01" && &row[4] == "open" {
            text.push_str(&format!(
                "{},{},CD01,{},shipped,{},{when}\n",
                &row[0], &row[1], &row[3], &row[5]
            ));
        }
    }
    write(&dir.join("cd01-shipped.csv"), text)
}
