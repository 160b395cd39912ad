//! The demo's orders: 90 days of them with weekly seasonality and a gentle trend, routed
//! to the SKU's stocked warehouses, each with its fate as of the end of the window; and
//! `orders.csv`.

use std::path::PathBuf;

use anyhow::Result;

use super::DemoSpec;
use super::catalog::{Catalog, ORDERS_PER_SKU_DAY};
use super::clock::{Clock, DAY, HOUR, OptTs, Ts};
use super::rng::{CumulativeSampler, Rng, STREAM_ORDERS};
use super::warehouses::WAREHOUSES;
use crate::csvio::Cell::{Int, Text};
use crate::csvio::CsvOut;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Open,
    Shipped,
    Delivered,
    Cancelled,
    Unfulfilled,
}

impl Status {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Shipped => "shipped",
            Status::Delivered => "delivered",
            Status::Cancelled => "cancelled",
            Status::Unfulfilled => "unfulfilled",
        }
    }
}

pub(super) struct Order {
    pub(super) id: String,
    pub(super) sku: usize,
    /// The link the order was allocated to; `None` = not yet allocated (empty warehouse).
    pub(super) link: Option<usize>,
    pub(super) quantity: u8,
    pub(super) status: Status,
    pub(super) created: i64,
    pub(super) shipped: Option<i64>,
    pub(super) delivered: Option<i64>,
}

/// Order volume by weekday (Monday first): the weekend peak of consumer shopping.
const WEEKDAY_FACTOR: [f64; 7] = [0.95, 0.92, 0.94, 0.98, 1.04, 1.12, 1.10];
/// Relative order volume by hour of day (UTC): quiet at night, peaks at noon and evening.
const HOUR_WEIGHTS: [u64; 24] = [
    3, 2, 1, 1, 1, 2, 4, 7, 10, 12, 13, 13, 12, 11, 11, 11, 12, 13, 15, 17, 18, 16, 10, 5,
];
/// Share of orders the shop could not allocate to a warehouse (empty warehouse_code).
const UNALLOCATED_SHARE: f64 = 0.01;
const CANCEL_SHARE: f64 = 0.04;
/// Stockout rate when the SKU has stock somewhere, and when it has none at all.
const STOCKOUT_SHARE: f64 = 0.018;
const STOCKOUT_SHARE_EMPTY: f64 = 0.35;
/// Share of the routed orders that go to the preferred stocked link.
const PREFERRED_SHARE: f64 = 0.88;

pub(super) fn generate(spec: &DemoSpec, clock: &Clock, catalog: &Catalog) -> Vec<Order> {
    let mut rng = Rng::new(spec.seed, STREAM_ORDERS);
    let demand: Vec<u64> = catalog.products.iter().map(|p| p.demand).collect();
    let sampler = CumulativeSampler::new(&demand);
    let per_day = catalog.products.len() as f64 * ORDERS_PER_SKU_DAY;
    let mut orders = Vec::with_capacity((per_day * f64::from(clock.days) * 1.1) as usize);
    for day in 0..clock.days {
        let weekday = ((clock.first_weekday + day) % 7) as usize;
        // A gentle upward trend (+10 % over the window) and ±8 % day-to-day noise.
        let trend = 0.95 + 0.10 * f64::from(day) / f64::from(clock.days);
        let noise = 0.92 + 0.16 * rng.unit();
        let count = (per_day * WEEKDAY_FACTOR[weekday] * trend * noise).round() as usize;
        for _ in 0..count {
            let sku = sampler.sample(&mut rng);
            let created = clock.day_start(day) + draw_time_of_day(&mut rng);
            orders.push(draw_order(&mut rng, clock, catalog, sku, created));
        }
    }
    // Stable sort: ties keep drawing order, so the ids are deterministic.
    orders.sort_by_key(|o| o.created);
    assign_order_ids(&mut orders);
    orders
}

/// Seconds after midnight, following [`HOUR_WEIGHTS`].
fn draw_time_of_day(rng: &mut Rng) -> i64 {
    rng.weighted(&HOUR_WEIGHTS) as i64 * HOUR + rng.range(0, HOUR)
}

/// Units per order: mostly one.
fn draw_quantity(rng: &mut Rng) -> u8 {
    rng.weighted(&[750, 150, 60, 25, 15]) as u8 + 1
}

/// One order of `sku` created at `created`, with its fate as of the end of the window.
fn draw_order(rng: &mut Rng, clock: &Clock, catalog: &Catalog, sku: usize, created: i64) -> Order {
    let quantity = draw_quantity(rng);
    let mut order = Order {
        id: String::new(),
        sku,
        link: None,
        quantity,
        status: Status::Open,
        created,
        shipped: None,
        delivered: None,
    };
    if rng.chance(UNALLOCATED_SHARE) {
        // Never allocated: still waiting if recent, else given up on.
        order.status = if created >= clock.end - 3 * DAY {
            Status::Open
        } else if rng.chance(0.6) {
            Status::Unfulfilled
        } else {
            Status::Cancelled
        };
        return order;
    }
    let (link, has_stock) = route(rng, catalog, sku);
    order.link = Some(link);
    let stockout = if has_stock {
        STOCKOUT_SHARE
    } else {
        STOCKOUT_SHARE_EMPTY
    };
    if rng.chance(CANCEL_SHARE) {
        order.status = Status::Cancelled;
    } else if rng.chance(stockout) {
        // The stockout is noticed within a day; until then the order is still open.
        if created + DAY < clock.end {
            order.status = Status::Unfulfilled;
        }
    } else {
        settle_shipping(rng, clock, &mut order);
    }
    order
}

/// Ships 0.3–2 days after the order and delivers 1–5 days after shipping (about 3 on
/// average); whatever would happen after the end of the window has not happened yet.
fn settle_shipping(rng: &mut Rng, clock: &Clock, order: &mut Order) {
    let shipped = order.created + rng.range(3 * DAY / 10, 2 * DAY);
    if shipped >= clock.end {
        return; // still open
    }
    order.shipped = Some(shipped);
    order.status = Status::Shipped;
    // Mean of two uniforms: deliveries cluster around 3 days instead of spreading evenly.
    let transit = (rng.range(DAY, 5 * DAY) + rng.range(DAY, 5 * DAY)) / 2;
    let delivered = shipped + transit;
    if delivered < clock.end {
        order.delivered = Some(delivered);
        order.status = Status::Delivered;
    }
}

/// Picks the link an order ships from: the preferred stocked link most of the time, another
/// stocked link otherwise; the preferred active link when nothing is in stock. Never the
/// closed warehouse, never an empty link while another has stock.
fn route(rng: &mut Rng, catalog: &Catalog, sku: usize) -> (usize, bool) {
    let active: Vec<usize> = catalog
        .links_of(sku)
        .filter(|&l| WAREHOUSES[catalog.links[l].wh].active)
        .collect();
    let stocked: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&l| catalog.links[l].stock > 0)
        .collect();
    match stocked.len() {
        0 => (active[0], false),
        1 => (stocked[0], true),
        _ if rng.chance(PREFERRED_SHARE) => (stocked[0], true),
        n => (stocked[1 + rng.below(n as u64 - 1) as usize], true),
    }
}

/// `SO-YYYYMMDD-NNNNN`, numbered per day in creation order (orders are sorted by time).
fn assign_order_ids(orders: &mut [Order]) {
    let mut day = i64::MIN;
    let mut seq = 0;
    for order in orders.iter_mut() {
        let d = order.created.div_euclid(DAY);
        if d != day {
            day = d;
            seq = 0;
        }
        seq += 1;
        let date = Ts(order.created).to_string();
        order.id = format!("SO-{}{}{}-{seq:05}", &date[0..4], &date[5..7], &date[8..10]);
    }
}

/// The walkthrough needs an order that is open on a real link; tiny specs might not draw
/// one, so the newest allocated order is made open (in practice created on the last day).
pub(super) fn ensure_open_order(orders: &mut [Order]) {
    if orders
        .iter()
        .any(|o| o.status == Status::Open && o.link.is_some())
    {
        return;
    }
    if let Some(o) = orders.iter_mut().rev().find(|o| o.link.is_some()) {
        o.status = Status::Open;
        o.shipped = None;
        o.delivered = None;
    }
}

/// Writes `orders.csv` to `path` and returns the path.
pub(super) fn write(path: PathBuf, catalog: &Catalog, orders: &[Order]) -> Result<PathBuf> {
    let mut out = CsvOut::to_file(&path, false)?;
    out.header(&[
        "order_id",
        "product_id",
        "warehouse_code",
        "quantity",
        "status",
        "created_at",
        "shipped_at",
        "delivered_at",
    ])?;
    for o in orders {
        let wh = o.link.map_or("", |l| WAREHOUSES[catalog.links[l].wh].code);
        let created = Ts(o.created).to_string();
        let shipped = OptTs(o.shipped).to_string();
        let delivered = OptTs(o.delivered).to_string();
        out.row(&[
            Text(&o.id),
            Text(&catalog.products[o.sku].id),
            Text(wh),
            Int(o.quantity.into()),
            Text(o.status.as_str()),
            Text(&created),
            Text(&shipped),
            Text(&delivered),
        ])?;
    }
    out.finish()?;
    Ok(path)
}
