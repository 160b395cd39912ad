//! Deterministic sample data for `invmap demo`.
//!
//! `invmap demo` shows the whole unbinding workflow on a store that looks like a real shop:
//! warehouses in several regions (one of them closed, with a few leftover links), thousands
//! of SKUs bound to one to three warehouses, 90 days of orders with skewed demand and weekly
//! seasonality, cycle counts and complaints. This module only *writes CSV files*; the demo
//! then loads them through invmap's own `import` commands, so the demo exercises the real
//! import path and leaves readable files behind for the operator to look at or re-use.
//!
//! Everything is derived from [`DemoSpec`]: the same spec gives byte-identical files. The
//! generator uses its own SplitMix64 generator (`rng.rs`), integer weights and only
//! IEEE-exact float operations (`+ - * /`, rounding), so the output does not depend on the
//! platform's maths library either.
//!
//! The data is "as of" the end of `today` (UTC midnight after it): nothing is created,
//! shipped, delivered, counted or complained about after that instant. Orders whose shipping
//! would fall later are `open`; orders whose delivery would fall later are `shipped`.
//!
//! One file per part, in the order [`generate`] runs them: the fixed `warehouses` and
//! `categories`; the `catalog` of `products` and their warehouse links (`mappings`);
//! then `orders`, `counts` and `complaints` over it; last the `picks` the walkthrough
//! uses. Each part also writes its own CSV file, through the same writer as every export
//! ([`CsvOut`](crate::csvio::CsvOut)): RFC 4180 quoting, LF line ends, written to a temp
//! file and renamed into place. That writer also makes text that starts like a formula
//! (`=`, `+`, `-`, `@`) inert; no demo text starts that way (`tests.rs` checks), so the
//! files hold exactly the generated values.

mod catalog;
mod categories;
mod clock;
mod complaints;
mod counts;
mod mappings;
mod orders;
mod picks;
mod products;
mod rng;
mod warehouses;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;

pub use picks::Walkthrough;

use catalog::Catalog;
use clock::Clock;
use orders::Status;
use warehouses::WAREHOUSES;

/// SKUs in the default demo.
pub const DEFAULT_SKUS: usize = 2000;
/// Fewer SKUs than this would not give every walkthrough step something to show.
pub const MIN_SKUS: usize = 50;
/// Days of order history in the default demo.
pub const DEFAULT_DAYS: u32 = 90;

/// What to generate. `skus` below [`MIN_SKUS`] is raised to it and `days` below 1 to 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSpec {
    pub seed: u64,
    pub skus: usize,
    pub days: u32,
    /// The last day of order history; the data is as of the end of this day (UTC).
    pub today: NaiveDate,
}

impl DemoSpec {
    /// The default demo (2,000 SKUs, 90 days) for a seed, ending `today`.
    pub fn new(seed: u64, today: NaiveDate) -> Self {
        DemoSpec {
            seed,
            skus: DEFAULT_SKUS,
            days: DEFAULT_DAYS,
            today,
        }
    }
}

/// The files written by [`generate`], what they hold, and the pairs the walkthrough can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFiles {
    pub warehouses: PathBuf,
    pub products: PathBuf,
    pub mappings: PathBuf,
    pub orders: PathBuf,
    pub counts: PathBuf,
    pub complaints: PathBuf,
    pub stats: DemoStats,
    /// Chosen from the generated data; also available through [`walkthrough`].
    pub walkthrough: Walkthrough,
}

/// Row counts of the generated files (headers excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoStats {
    pub warehouses: usize,
    pub regions: usize,
    pub skus: usize,
    pub links: usize,
    pub orders: usize,
    pub open_orders: usize,
    pub counts: usize,
    pub complaints: usize,
}

/// Writes `warehouses.csv`, `products.csv`, `mappings.csv`, `orders.csv`, `counts.csv` and
/// `complaints.csv` into `dir` (created if missing). The same spec gives byte-identical files.
pub fn generate(spec: &DemoSpec, dir: &Path) -> Result<DemoFiles> {
    let spec = DemoSpec {
        skus: spec.skus.max(MIN_SKUS),
        days: spec.days.max(1),
        ..spec.clone()
    };
    let clock = Clock::new(&spec);
    let mut catalog = Catalog::generate(&spec);
    let mut orders = orders::generate(&spec, &clock, &catalog);
    orders::ensure_open_order(&mut orders);
    let counts = counts::generate(&spec, &clock, &catalog);
    let complaints = complaints::generate(&spec, &clock, &catalog, &orders);
    let walkthrough = picks::pick_walkthrough(&mut catalog, &orders)?;

    fs::create_dir_all(dir)
        .with_context(|| crate::tr!("demo-creating-dir", path = &dir.display()))?;
    let path = |name: &str| dir.join(name);
    let files = DemoFiles {
        warehouses: warehouses::write(path("warehouses.csv"))?,
        products: products::write(path("products.csv"), &catalog.products)?,
        mappings: mappings::write(path("mappings.csv"), &catalog)?,
        orders: orders::write(path("orders.csv"), &catalog, &orders)?,
        counts: counts::write(path("counts.csv"), &catalog, &counts)?,
        complaints: complaints::write(path("complaints.csv"), &catalog, &orders, &complaints)?,
        stats: DemoStats {
            warehouses: WAREHOUSES.len(),
            regions: WAREHOUSES
                .iter()
                .map(|w| w.region)
                .collect::<BTreeSet<_>>()
                .len(),
            skus: catalog.products.len(),
            links: catalog.links.len(),
            orders: orders.len(),
            open_orders: orders.iter().filter(|o| o.status == Status::Open).count(),
            counts: counts.len(),
            complaints: complaints.len(),
        },
        walkthrough,
    };
    Ok(files)
}

/// The walkthrough pairs of a generated demo (they are chosen by [`generate`], which sees
/// the data in memory; this accessor exists so callers need not know that).
pub fn walkthrough(_spec: &DemoSpec, files: &DemoFiles) -> Walkthrough {
    files.walkthrough.clone()
}
