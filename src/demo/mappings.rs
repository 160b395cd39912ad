//! The demo's product–warehouse links: which warehouses stock each SKU, in what priority,
//! with how much stock; a few planted links that are safe to unbind; and `mappings.csv`.

use std::path::PathBuf;

use anyhow::Result;

use super::DemoSpec;
use super::catalog::Catalog;
use super::rng::{Rng, STREAM_LINKS};
use super::warehouses::{CLOSED_WAREHOUSE, WAREHOUSES};
use crate::csvio::Cell::{Int, Text};
use crate::csvio::CsvOut;

pub(super) struct Link {
    pub(super) sku: usize,
    pub(super) wh: usize,
    pub(super) stock: u32,
    /// 1 = preferred; the order of a SKU's links in [`Catalog::links`].
    pub(super) priority: u8,
}

/// Share of SKUs with 1, 2 and 3 active links (percent).
const LINK_COUNT_SHARES: [u64; 3] = [18, 62, 20];
/// Share of SKUs that still have a leftover link at the closed warehouse.
const CLOSED_LINK_SHARE: f64 = 0.015;
/// Chance that a backup link is in another region than the links before it (A/B cover).
const OTHER_REGION_SHARE: f64 = 0.7;

/// Links each SKU to one to three active warehouses (a few also to the closed one), each
/// with its stock, and stores them in `catalog`.
pub(super) fn generate(spec: &DemoSpec, catalog: &mut Catalog) {
    let mut rng = Rng::new(spec.seed, STREAM_LINKS);
    let mut links = Vec::with_capacity(catalog.products.len() * 2);
    let mut first_link = Vec::with_capacity(catalog.products.len() + 1);
    for sku in 0..catalog.products.len() {
        first_link.push(links.len());
        let mut chosen = choose_warehouses(&mut rng);
        if chosen.len() < 3 && rng.chance(CLOSED_LINK_SHARE) {
            chosen.push(CLOSED_WAREHOUSE);
        }
        let daily = catalog.daily_units(sku);
        for (i, &wh) in chosen.iter().enumerate() {
            links.push(Link {
                sku,
                wh,
                stock: draw_stock(&mut rng, daily, i, WAREHOUSES[wh].active),
                priority: i as u8 + 1,
            });
        }
    }
    first_link.push(links.len());
    catalog.links = links;
    catalog.first_link = first_link;
}

/// One to three distinct active warehouses, the preferred one first.
fn choose_warehouses(rng: &mut Rng) -> Vec<usize> {
    let wanted = rng.weighted(&LINK_COUNT_SHARES) + 1;
    let mut chosen = Vec::with_capacity(wanted + 1);
    let shares: Vec<u64> = WAREHOUSES.iter().map(|w| w.share).collect();
    chosen.push(rng.weighted(&shares));
    while chosen.len() < wanted {
        let other_region = rng.chance(OTHER_REGION_SHARE);
        let eligible = |i: usize, want_other: bool| {
            let region_differs = chosen
                .iter()
                .all(|&c| WAREHOUSES[c].region != WAREHOUSES[i].region);
            !chosen.contains(&i) && region_differs == want_other
        };
        let mut weights: Vec<u64> = (0..WAREHOUSES.len())
            .map(|i| {
                if eligible(i, other_region) {
                    shares[i]
                } else {
                    0
                }
            })
            .collect();
        if weights.iter().all(|&w| w == 0) {
            weights = (0..WAREHOUSES.len())
                .map(|i| if chosen.contains(&i) { 0 } else { shares[i] })
                .collect();
        }
        chosen.push(rng.weighted(&weights));
    }
    chosen
}

/// Stock on hand, 0–500, skewed like demand: the preferred link holds 20–90 days of the
/// SKU's demand, a backup 5–30 days, each plus a few units of pack rounding; leftovers at
/// the closed warehouse hold a little; some links are empty. Overall that is roughly
/// 100 days of stock — a shop carrying a long tail of slow movers, which is why it unbinds.
fn draw_stock(rng: &mut Rng, daily_units: f64, position: usize, active: bool) -> u32 {
    if !active {
        return if rng.chance(0.5) {
            0
        } else {
            1 + rng.below(15) as u32
        };
    }
    let (empty, cover_days) = if position == 0 {
        (0.06, (20.0, 90.0))
    } else {
        (0.10, (5.0, 30.0))
    };
    if rng.chance(empty) {
        return 0;
    }
    let cover = cover_days.0 + (cover_days.1 - cover_days.0) * rng.unit();
    let u = rng.unit();
    let stock = (daily_units * cover + 12.0 * u * u * u).round();
    (stock as u32).clamp(1, 500)
}

/// Makes sure a few percent of links (at least three) are safe to unbind: zero stock on a
/// backup link at an active warehouse, with another active link left. Orders are never
/// routed to empty links, so these stay free of open orders too.
pub(super) fn plant_unbind_candidates(catalog: &mut Catalog) {
    let wanted = (catalog.links.len() / 50).max(3);
    let mut have = (0..catalog.products.len())
        .filter(|&sku| catalog.safe_backup_link(sku, true).is_some())
        .count();
    // Visit SKUs with a stride so the planted ones spread over the catalogue.
    const STRIDE: usize = 7;
    let n = catalog.products.len();
    for sku in (0..STRIDE).flat_map(|offset| (offset..n).step_by(STRIDE)) {
        if have >= wanted {
            break;
        }
        if catalog.safe_backup_link(sku, true).is_some() {
            continue;
        }
        if let Some(link) = catalog.safe_backup_link(sku, false) {
            catalog.links[link].stock = 0;
            have += 1;
        }
    }
}

/// Writes `mappings.csv` to `path` and returns the path.
pub(super) fn write(path: PathBuf, catalog: &Catalog) -> Result<PathBuf> {
    let mut out = CsvOut::to_file(&path, false)?;
    out.header(&["product_id", "warehouse_code", "stock_quantity", "priority"])?;
    for link in &catalog.links {
        out.row(&[
            Text(&catalog.products[link.sku].id),
            Text(WAREHOUSES[link.wh].code),
            Int(link.stock.into()),
            Int(link.priority.into()),
        ])?;
    }
    out.finish()?;
    Ok(path)
}
