//! `invmap metrics`: the figures of SPEC §7 over a window, or before/after a change.
//!
//! The store aggregates (`store::metrics`), `crate::metrics` computes, this file gathers the
//! two and prints: a table for people, json for machines, csv for the per-product lists.

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use super::Ctx;
use crate::error::{InputError, UsageError};
use std::sync::Arc;

use crate::metrics::abc::Abc;
use crate::metrics::catalog::Catalog;
use crate::metrics::products::ProductFigures;
use crate::metrics::rows::Scope;
use crate::metrics::stock::{Class, StockTally};
use crate::metrics::tally::OrderTally;
use crate::metrics::verdict::{self, Status};
use crate::metrics::window::{self, Window};
use crate::metrics::{self as m, Inputs, Metrics, Thresholds};
use crate::report::metrics as view;
use crate::store::{OpenMode, Store};

/// Show inventory accuracy, fulfilment, stockouts, complaints, delivery time, turnover,
/// safety stock, ABC classes and storage cost — or judge one change by them.
///
/// The window is [--since 00:00, --until + 1 day 00:00) in the `timezone` setting (default:
/// the 30 days ending today). `--change N` compares the --window before change N with the
/// --window after it, for the pairs it touched (`--all`: the whole store), and gives the
/// verdict once the observation period (setting `observation_hours`, 72) has passed.
/// `invmap report -o FILE.html` puts the same figures on one page; see the README, Metrics and the report.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day of the window (YYYY-MM-DD, included)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last day of the window (YYYY-MM-DD, included) [default: today]
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Compare before and after this change (an id, or `last` for the newest)
    #[arg(long, value_name = "ID")]
    pub change: Option<String>,
    /// Length of each side of --change, in days
    #[arg(long, default_value = "7d", requires = "change")]
    pub window: String,
    /// With --change: rates over the whole store, not only the pairs the change touched
    #[arg(long, requires = "change")]
    pub all: bool,
    /// How many products the table lists per section (json and csv list them all)
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

/// Before and after one change (SPEC §7's `{"change", "before", "after", "verdict"}`).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub change: i64,
    pub applied_at: String,
    /// "change": the rates cover the pairs it touched; "all": the whole store
    pub scope: &'static str,
    pub pairs: i64,
    pub window_days: i64,
    pub before: Metrics,
    pub after: Metrics,
    pub verdict: String,
    pub status: Status,
    pub observing_until: String,
    /// what fired (so far, while observing)
    pub alerts: Vec<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let store = ctx.open(OpenMode::Existing)?;
    store.cache_for_streaming()?;
    let settings = Settings::read(&store)?;
    if let Some(id) = &args.change {
        let id = resolve_change(&store, id)?;
        if args.since.is_some() || args.until.is_some() {
            return Err(UsageError(
                "--change compares the --window before and after the change: drop --since/--until"
                    .into(),
            )
            .into());
        }
        let days = window_days(&args.window)?;
        let plan = plan_comparison(&store, ctx.now, &settings, id, days, args.all)?;
        let c = compare(&store, ctx.now, &settings, plan)?;
        view::print_comparison(ctx.format, &c)?;
        return Ok(0);
    }
    let w = calendar_window(ctx.now, &settings, args.since, args.until)?;
    let metrics = measure(&store, &w, Scope::All, &settings.thresholds)?;
    view::print_metrics(ctx.format, &metrics, args.top)?;
    Ok(0)
}

/// `--change 12` or `--change last` (the newest change).
fn resolve_change(store: &Store, value: &str) -> Result<i64> {
    let bad = |why: &str| InputError::single("command line", "--change", value, why);
    if value.eq_ignore_ascii_case("last") {
        let newest = store.changes(Some(1))?.first().map(|c| c.id);
        return newest.ok_or_else(|| bad("there is no change yet: see `invmap changes`").into());
    }
    value
        .parse()
        .map_err(|_| bad("not a change id: give a number from `invmap changes`, or last").into())
}

/// The settings metrics read.
pub struct Settings {
    pub tz: FixedOffset,
    pub thresholds: Thresholds,
    pub observation_hours: i64,
}

impl Settings {
    /// The store's settings (one reader for every command: `domain::settings`), as metrics
    /// use them.
    pub fn read(store: &Store) -> Result<Settings> {
        let s = store.settings()?;
        Ok(Settings {
            tz: s.timezone,
            thresholds: Thresholds {
                stockout_alert: s.stockout_alert_micros as f64 / 1e6,
                accuracy_target: s.accuracy_target_micros as f64 / 1e6,
            },
            observation_hours: s.observation_hours,
        })
    }
}

/// `--since/--until`, defaulting to the 30 days ending today.
pub fn calendar_window(
    now: DateTime<Utc>,
    s: &Settings,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<Window> {
    let today = now.with_timezone(&s.tz).date_naive();
    let until = until.unwrap_or(today);
    let since = since.unwrap_or(until - Duration::days(29));
    Window::calendar(since, until, s.tz)
        .map_err(|e| InputError::single("command line", "--since/--until", "", &e).into())
}

/// Every metric of one window. Rates follow `scope`; the stock metrics cover the store.
pub fn measure(store: &Store, w: &Window, scope: Scope, t: &Thresholds) -> Result<Metrics> {
    let mut sides = measure_windows(store, &[(*w, scope)], t)?;
    Ok(sides.pop().expect("one window in, one out"))
}

/// Every metric of each window, rates in its scope, over one reading of the products and the
/// links (a change's before and after, and the report's window, share them: the products'
/// ids, costs and current stock are the same for all).
///
/// Memory per product is bounded by `metrics::catalog` and `metrics::products` (ids in one
/// string, numbers in vectors by position, the json lists written as they are produced): 28
/// bytes plus the id for the products, 13 per window; orders and links are streamed, nothing
/// kept per row.
pub fn measure_windows(
    store: &Store,
    windows: &[(Window, Scope)],
    t: &Thresholds,
) -> Result<Vec<Metrics>> {
    /// One window while it is measured.
    struct Side {
        window: Window,
        scope: Scope,
        orders: OrderTally,
        store_units_sold: i64,
        /// by catalog position
        units: Vec<i64>,
        abc: Abc,
        stock: StockTally,
    }
    let mut catalog = Catalog::default();
    store.for_each_product(&mut |id, cost, rep| catalog.push(id, cost, rep))?;
    catalog.shrink_to_fit();
    let warehouses = store.metric_warehouses()?;
    // Units sold per product, by catalog position, for each window: one pass over the orders
    // (two for a change's scope: sales per product and turnover are whole-store figures).
    let mut sides = Vec::with_capacity(windows.len());
    for &(window, scope) in windows {
        let b = window.bounds();
        let mut units = vec![0i64; catalog.len()];
        let mut credit = |product_id: &str, sold: i64| {
            if sold != 0
                && let Some(i) = catalog.find(product_id)
            {
                units[i] += sold;
            }
        };
        let mut orders = OrderTally::new(window.days);
        let store_units_sold = match scope {
            Scope::All => {
                store.for_each_order(scope, &b, &mut |o| credit(o.product_id, orders.add(o)))?;
                orders.units_sold()
            }
            Scope::ChangePairs => {
                store.for_each_order(scope, &b, &mut |o| {
                    orders.add(o);
                })?;
                let mut all = OrderTally::new(window.days);
                store.for_each_order(Scope::All, &b, &mut |o| credit(o.product_id, all.add(o)))?;
                all.units_sold()
            }
        };
        let abc = Abc::new(&catalog, &units);
        sides.push(Side {
            window,
            scope,
            orders,
            store_units_sold,
            units,
            abc,
            stock: StockTally::new(&warehouses),
        });
    }
    // One pass over the links (in product order, like the catalog) for stock per product and,
    // per window, per warehouse and class (a product's class differs between windows).
    let mut stock = vec![0i64; catalog.len()];
    let mut at = 0;
    store.for_each_link(|sku, wh, qty| {
        let i = catalog.seek(&mut at, sku);
        if let Some(i) = i {
            stock[i] += qty;
        }
        for side in &mut sides {
            let class = i.map_or(Class::C, |i| side.abc.class(i));
            side.stock.add(wh, class, qty);
        }
    })?;
    catalog.set_stock(stock);
    let catalog = Arc::new(catalog);
    let mut out = Vec::with_capacity(sides.len());
    for side in sides {
        let b = side.window.bounds();
        let inputs = Inputs {
            window: side.window,
            days: side.orders.days().to_vec(),
            counts: store.metric_counts(side.scope, &b)?,
            complaints: store.metric_complaints(side.scope, &b)?,
            store_units_sold: side.store_units_sold,
            products: ProductFigures::new(catalog.clone(), side.window.days, side.units, side.abc),
            tally: side.stock,
        };
        out.push(m::compute(inputs, t));
    }
    Ok(out)
}

/// Before/after the planned change: [t − w, t) against [t, t + w), the after side cut at the day
/// slots begun by `now` (figures so far while the change is young).
pub fn compare(
    store: &Store,
    now: DateTime<Utc>,
    s: &Settings,
    plan: ComparisonPlan,
) -> Result<Comparison> {
    let mut sides = measure_windows(store, &plan.sides(), &s.thresholds)?.into_iter();
    let (Some(before), Some(after)) = (sides.next(), sides.next()) else {
        unreachable!("two windows in, two out");
    };
    judge(store, now, s, plan, before, after)
}

/// `--window 7d`: the days on each side of a change.
pub fn window_days(text: &str) -> Result<i64> {
    Ok(window::parse_days(text)
        .map_err(|e| InputError::single("command line", "--window", text, &e))?)
}

/// A change to compare, before its windows are measured.
pub struct ComparisonPlan {
    id: i64,
    applied_at: String,
    at: DateTime<Utc>,
    pairs: i64,
    all: bool,
    days: i64,
    before: Window,
    after: Window,
}

impl ComparisonPlan {
    /// The windows to measure, with their scope: before, then after.
    pub fn sides(&self) -> [(Window, Scope); 2] {
        let scope = if self.all {
            Scope::All
        } else {
            Scope::ChangePairs
        };
        [(self.before, scope), (self.after, scope)]
    }
}

/// Finds change `id`, loads its pairs as the scope, and sets its before and after windows.
pub fn plan_comparison(
    store: &Store,
    now: DateTime<Utc>,
    s: &Settings,
    id: i64,
    days: i64,
    all: bool,
) -> Result<ComparisonPlan> {
    let change = store.change(id)?.ok_or_else(|| {
        InputError::single(
            "command line",
            "--change",
            &id.to_string(),
            "no such change: see `invmap changes`",
        )
    })?;
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(&change.at)
        .with_context(|| format!("change {id} has an unreadable time {:?}", change.at))?
        .with_timezone(&Utc);
    let pairs = store.scope_to_change(id)?;
    let elapsed = (now - at).num_seconds();
    let after_days = ((elapsed + 86_399) / 86_400).clamp(1, days);
    Ok(ComparisonPlan {
        id,
        applied_at: change.at,
        at,
        pairs,
        all,
        days,
        before: Window::ending_at(at, days, s.tz),
        after: Window::starting_at(at, after_days, s.tz),
    })
}

/// The verdict on a planned change, from its measured before and after.
pub fn judge(
    store: &Store,
    now: DateTime<Utc>,
    s: &Settings,
    plan: ComparisonPlan,
    before: Metrics,
    after: Metrics,
) -> Result<Comparison> {
    // The change's products, as catalog positions (4 bytes each, not a copy of the ids).
    let mut touched = Vec::new();
    let mut cursor = 0;
    store.for_each_scope_product(&mut |id| {
        if let Some(i) = after.products.seek(&mut cursor, id) {
            touched.push(i);
        }
    })?;
    let alerts = verdict::change_alerts(&before, &after, &s.thresholds, &touched);
    let until = plan.at + Duration::hours(s.observation_hours);
    let (status, verdict) = verdict::verdict(&alerts, now, until);
    Ok(Comparison {
        change: plan.id,
        applied_at: plan.applied_at,
        scope: if plan.all { "all" } else { "change" },
        pairs: plan.pairs,
        window_days: plan.days,
        before,
        after,
        verdict,
        status,
        observing_until: crate::domain::values::stored(until),
        alerts,
    })
}
