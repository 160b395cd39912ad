//! The demo's complaints: a small share of delivered and unfulfilled orders draw one, a few
//! name only a product; and `complaints.csv`.

use std::path::PathBuf;

use anyhow::Result;

use super::DemoSpec;
use super::catalog::Catalog;
use super::clock::{Clock, DAY, Ts};
use super::orders::{Order, Status};
use super::rng::{Rng, STREAM_COMPLAINTS};
use crate::csvio::Cell::Text;
use crate::csvio::CsvOut;

const COMPLAINT_SHARE: f64 = 0.015;
/// A delivery taking longer than this (from order to door) makes "late" the likely cause.
const LATE_DELIVERY: i64 = 5 * DAY;

pub(super) struct Complaint {
    /// Index into the orders; `None` = about the product only.
    pub(super) order: Option<usize>,
    pub(super) sku: usize,
    pub(super) at: i64,
    pub(super) category: &'static str,
}

/// About 1.5 % of delivered and unfulfilled orders draw a complaint 1–7 days after the
/// order; a few more name only the product. None is dated after the end of the window.
pub(super) fn generate(
    spec: &DemoSpec,
    clock: &Clock,
    catalog: &Catalog,
    orders: &[Order],
) -> Vec<Complaint> {
    let mut rng = Rng::new(spec.seed, STREAM_COMPLAINTS);
    let mut complaints = Vec::new();
    for (i, order) in orders.iter().enumerate() {
        if !matches!(order.status, Status::Delivered | Status::Unfulfilled)
            || !rng.chance(COMPLAINT_SHARE)
        {
            continue;
        }
        let at = order.created + rng.range(DAY, 7 * DAY);
        if at >= clock.end {
            continue;
        }
        complaints.push(Complaint {
            order: Some(i),
            sku: order.sku,
            at,
            category: complaint_category(&mut rng, order),
        });
    }
    let product_only = (catalog.products.len() / 200).max(3);
    for _ in 0..product_only {
        complaints.push(Complaint {
            order: None,
            sku: rng.below(catalog.products.len() as u64) as usize,
            at: rng.range(clock.start, clock.end),
            category: rng.pick(&["damaged", "wrong item", "out of stock"]),
        });
    }
    complaints.sort_by_key(|c| (c.at, c.sku));
    complaints
}

fn complaint_category(rng: &mut Rng, order: &Order) -> &'static str {
    match order.delivered {
        None => "out of stock",
        Some(d) if d - order.created > LATE_DELIVERY && rng.chance(0.7) => "late",
        Some(_) => {
            ["late", "damaged", "damaged", "wrong item", "wrong item"][rng.below(5) as usize]
        }
    }
}

/// Writes `complaints.csv` to `path` and returns the path.
pub(super) fn write(
    path: PathBuf,
    catalog: &Catalog,
    orders: &[Order],
    complaints: &[Complaint],
) -> Result<PathBuf> {
    let mut out = CsvOut::to_file(&path, false)?;
    out.header(&[
        "complaint_id",
        "order_id",
        "product_id",
        "created_at",
        "category",
    ])?;
    for (i, c) in complaints.iter().enumerate() {
        let id = format!("CP-{:06}", i + 1);
        let order = c.order.map_or("", |o| orders[o].id.as_str());
        let at = Ts(c.at).to_string();
        out.row(&[
            Text(&id),
            Text(order),
            Text(&catalog.products[c.sku].id),
            Text(&at),
            Text(c.category),
        ])?;
    }
    out.finish()?;
    Ok(path)
}
