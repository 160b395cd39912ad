//! The demo's products: names, categories, costs and lead times, the skewed demand that
//! drives everything after them, and `products.csv`.

use std::path::PathBuf;

use anyhow::Result;

use super::DemoSpec;
use super::categories::{CATEGORIES, COLOURS};
use super::rng::{Rng, STREAM_DEMAND, STREAM_PRODUCTS};
use crate::csvio::Cell::{Int, Text};
use crate::csvio::CsvOut;

/// Product ids are `SKU-<n>` counting from here (`SKU-10001`, …).
const FIRST_SKU_NUMBER: usize = 10_001;

pub(super) struct Product {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) category: usize,
    pub(super) unit_cost_cents: u32,
    pub(super) replenishment_days: u32,
    /// Relative demand (integer, so sampling is exact and platform independent).
    pub(super) demand: u64,
}

/// `spec.skus` products with no demand yet (see [`assign_demand`]).
pub(super) fn generate(spec: &DemoSpec) -> Vec<Product> {
    let mut rng = Rng::new(spec.seed, STREAM_PRODUCTS);
    let shares: Vec<u64> = CATEGORIES.iter().map(|c| c.share).collect();
    let words = |list: &'static str| list.split('|').collect::<Vec<_>>();
    let adjectives: Vec<Vec<&str>> = CATEGORIES.iter().map(|c| words(c.adjectives)).collect();
    let nouns: Vec<Vec<&str>> = CATEGORIES.iter().map(|c| words(c.nouns)).collect();
    (0..spec.skus)
        .map(|i| {
            let category = rng.weighted(&shares);
            let c = &CATEGORIES[category];
            let adjective = rng.pick(&adjectives[category]);
            let mut name = format!("{adjective} {}", rng.pick(&nouns[category]));
            if c.coloured {
                name = format!("{name} ({})", rng.pick(&COLOURS));
            }
            // Cheap items are more common than dear ones: square the uniform draw.
            let u = rng.unit();
            let span = f64::from(c.cost.1 - c.cost.0);
            let unit_cost_cents = c.cost.0 + (span * u * u) as u32;
            let replenishment_days =
                c.replenish.0 + rng.below(u64::from(c.replenish.1 - c.replenish.0 + 1)) as u32;
            Product {
                id: format!("SKU-{}", FIRST_SKU_NUMBER + i),
                name,
                category,
                unit_cost_cents,
                replenishment_days,
                demand: 0,
            }
        })
        .collect()
}

/// Demand by rank r (0 = best seller) is 1/(r+1+k)² + 1/(250·(r+1+h)²), k = n/5,
/// h = n/200, over a shuffled rank order so best sellers are scattered over the id range.
/// The first term is the long tail; the second adds a small head of hits (the top SKU
/// sells a few units a day). Tuned by simulation (see the ABC test) so that, with order
/// noise and unit costs, ABC classes over 90 days come out near 20/30/50; over the default
/// 30-day metrics window C grows a little, as fewer SKUs sell at all.
pub(super) fn assign_demand(spec: &DemoSpec, products: &mut [Product]) {
    const SCALE: u64 = 1 << 52;
    let mut rng = Rng::new(spec.seed, STREAM_DEMAND);
    let n = products.len();
    let mut rank: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        rank.swap(i, j);
    }
    let (k, h) = ((n / 5).max(1) as u64, (n / 200).max(1) as u64);
    for (p, r) in products.iter_mut().zip(rank) {
        let (tail, head) = (r as u64 + 1 + k, r as u64 + 1 + h);
        p.demand = SCALE / (tail * tail) + SCALE / (250 * head * head);
    }
}

/// Writes `products.csv` to `path` and returns the path.
pub(super) fn write(path: PathBuf, products: &[Product]) -> Result<PathBuf> {
    let mut out = CsvOut::to_file(&path, false)?;
    out.header(&[
        "product_id",
        "name",
        "category",
        "unit_cost",
        "replenishment_days",
    ])?;
    for p in products {
        // Cents as an exact decimal: no float round trip.
        let cost = format!("{}.{:02}", p.unit_cost_cents / 100, p.unit_cost_cents % 100);
        out.row(&[
            Text(&p.id),
            Text(&p.name),
            Text(CATEGORIES[p.category].name),
            Text(&cost),
            Int(p.replenishment_days.into()),
        ])?;
    }
    out.finish()?;
    Ok(path)
}
