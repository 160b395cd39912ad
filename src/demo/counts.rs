//! The demo's cycle counts: a tenth of the links counted per 30 days, most of them
//! matching the system, some off by a little; and `counts.csv`.

use std::path::PathBuf;

use anyhow::Result;

use super::DemoSpec;
use super::catalog::Catalog;
use super::clock::{Clock, DAY, HOUR, Ts};
use super::rng::{Rng, STREAM_COUNTS};
use super::warehouses::WAREHOUSES;
use crate::csvio::Cell::{Int, Text};
use crate::csvio::CsvOut;

/// Each link at an active warehouse is counted with this chance in each 30-day block.
const COUNT_SHARE_PER_30_DAYS: f64 = 0.10;
/// A count of `system` units finds a difference with chance min(system ÷ this, max).
const MISMATCH_SCALE: f64 = 250.0;
const MAX_MISMATCH_SHARE: f64 = 0.2;

pub(super) struct Count {
    pub(super) link: usize,
    pub(super) at: i64,
    pub(super) system: u32,
    pub(super) counted: u32,
}

/// Cycle counts: about a tenth of the links per 30 days, on a day shift (06:00–18:00).
/// Most match; some are off by a few units (see [`draw_counted`]).
pub(super) fn generate(spec: &DemoSpec, clock: &Clock, catalog: &Catalog) -> Vec<Count> {
    let mut rng = Rng::new(spec.seed, STREAM_COUNTS);
    let mut counts = Vec::new();
    for (i, link) in catalog.links.iter().enumerate() {
        if !WAREHOUSES[link.wh].active {
            continue; // nobody counts in a closed warehouse
        }
        for block_start in (0..clock.days).step_by(30) {
            let len = (clock.days - block_start).min(30);
            if !rng.chance(COUNT_SHARE_PER_30_DAYS * f64::from(len) / 30.0) {
                continue;
            }
            let day = block_start + rng.below(u64::from(len)) as u32;
            let at = clock.day_start(day) + rng.range(6 * HOUR, 18 * HOUR);
            let system = past_system_quantity(&mut rng, link.stock, clock.end - at);
            let counted = draw_counted(&mut rng, system);
            counts.push(Count {
                link: i,
                at,
                system,
                counted,
            });
        }
    }
    counts.sort_by_key(|c| (c.at, c.link));
    counts
}

/// What the system said at a past count: today's stock, drifting the further back it was.
fn past_system_quantity(rng: &mut Rng, stock: u32, age: i64) -> u32 {
    if age < 7 * DAY {
        return stock;
    }
    let spread = 0.3 * rng.unit() * 2.0 - 0.3; // ±30 %
    let past = (f64::from(stock) * (1.0 + spread)).round() + rng.below(3) as f64;
    past as u32
}

/// Big bins go wrong more often than small ones, and by a share of their size; small ones
/// rarely, by a unit. Either way the expected error is a few tenths of a percent of the
/// system quantity, so accuracy lands near 99.7 % (above the 99.5 % target) whatever the stock mix.
fn draw_counted(rng: &mut Rng, system: u32) -> u32 {
    let mismatch = (f64::from(system) / MISMATCH_SCALE).min(MAX_MISMATCH_SHARE);
    if !rng.chance(mismatch) {
        return system;
    }
    let off = ((f64::from(system) * (0.01 + 0.03 * rng.unit())).round() as u32).max(1);
    // Shrinkage (missing units) is more common than finding extra ones.
    if rng.chance(0.7) && system >= off {
        system - off
    } else {
        system + off
    }
}

/// Writes `counts.csv` to `path` and returns the path.
pub(super) fn write(path: PathBuf, catalog: &Catalog, counts: &[Count]) -> Result<PathBuf> {
    let mut out = CsvOut::to_file(&path, false)?;
    out.header(&[
        "product_id",
        "warehouse_code",
        "counted_at",
        "system_quantity",
        "counted_quantity",
    ])?;
    for c in counts {
        let link = &catalog.links[c.link];
        let at = Ts(c.at).to_string();
        out.row(&[
            Text(&catalog.products[link.sku].id),
            Text(WAREHOUSES[link.wh].code),
            Text(&at),
            Int(c.system.into()),
            Int(c.counted.into()),
        ])?;
    }
    out.finish()?;
    Ok(path)
}
