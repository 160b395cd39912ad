//! The metrics engine behind `invmap metrics` and `invmap report`: measures one or more
//! windows over one reading of the store, and judges a change by its before and after.
//!
//! The store aggregates and streams (`store::metrics`), `crate::metrics` computes, this file
//! gathers the two: it decides what to read, in which scope, and how the windows of one
//! command share the products. The commands parse their arguments and render the result.

use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::zone::Zone;

use crate::error::InputError;
use crate::metrics::abc::Abc;
use crate::metrics::catalog::Catalog;
pub use crate::metrics::comparison::{Comparison, Mark};
use crate::metrics::products::ProductFigures;
use crate::metrics::rows::{OrderRow, Scope};
use crate::metrics::stock::{Class, StockTally};
use crate::metrics::tally::OrderTally;
use crate::metrics::verdict;
use crate::metrics::window::Window;
use crate::metrics::{self as m, Inputs, Metrics, Thresholds};
use crate::store::MetricsSource;

/// The settings metrics read.
pub struct Settings {
    pub tz: Zone,
    pub thresholds: Thresholds,
    pub observation_hours: i64,
}

impl Settings {
    /// The store's settings (one reader for every command: `domain::settings`), as metrics
    /// use them.
    pub fn read(store: &dyn MetricsSource) -> Result<Settings> {
        let s = store.settings()?;
        Ok(Settings {
            tz: s.timezone,
            thresholds: Thresholds {
                stockout_alert: s.stockout_alert_micros as f64 / 1e6,
                accuracy_target: s.accuracy_target_micros as f64 / 1e6,
                min_sample: s.min_sample,
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
pub fn measure(
    store: &dyn MetricsSource,
    w: &Window,
    scope: Scope,
    t: &Thresholds,
) -> Result<Metrics> {
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
    store: &dyn MetricsSource,
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
    // of every window's span (the sides of a change overlap), each order counted in the day
    // slot of every window it falls in.
    let mut sides: Vec<Side> = Vec::with_capacity(windows.len());
    let mut tallies: Vec<(
        OrderTally,
        OrderTally,
        Vec<i64>,
        crate::metrics::rows::Bounds,
    )> = windows
        .iter()
        .map(|(w, _)| {
            (
                OrderTally::new(w.days),
                OrderTally::new(w.days),
                vec![0i64; catalog.len()],
                w.bounds(),
            )
        })
        .collect();
    // The windows' spans (look-back included), overlapping ones merged: the sides of a change
    // are read in one pass, a report's window and a months-old change in two — never the
    // months between them.
    let mut spans: Vec<(String, String)> = tallies
        .iter()
        .map(|t| (t.3.lookback.clone(), t.3.end.clone()))
        .collect();
    spans.sort();
    let mut merged: Vec<(String, String)> = Vec::new();
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.clone().max(to),
            _ => merged.push((from, to)),
        }
    }
    let marked = windows.iter().any(|(_, scope)| *scope == Scope::ChangeSkus);
    let mut visit = |o: OrderRow<'_>| {
        let mut product = None;
        for (i, (scoped, all, units, b)) in tallies.iter_mut().enumerate() {
            let slot = b.midnights.partition_point(|m| *m <= o.at) as i64 - 1;
            if slot < 0 || slot as usize >= b.midnights.len() - 1 {
                continue;
            }
            let row = OrderRow {
                day: slot - crate::metrics::window::LOOKBACK_DAYS,
                ..o
            };
            let sold = all.add(row);
            // A whole-store side's orders are its `all`; a change's side counts its scope apart.
            if windows[i].1 == Scope::ChangeSkus && o.in_scope {
                scoped.add(row);
            }
            if sold != 0 {
                let p = *product.get_or_insert_with(|| catalog.find(o.product_id));
                if let Some(p) = p {
                    units[p] += sold;
                }
            }
        }
    };
    for (from, to) in &merged {
        store.for_each_order_marked(from, to, marked, &mut visit)?;
    }
    for (&(window, scope), (scoped, all, units, _)) in windows.iter().zip(tallies) {
        let abc = Abc::new(&catalog, &units);
        let store_units_sold = all.units_sold();
        sides.push(Side {
            window,
            scope,
            orders: if scope == Scope::All { all } else { scoped },
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
    store.for_each_link_stock(&mut |sku, wh, qty| {
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
    store: &dyn MetricsSource,
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

/// A change to compare, before its windows are measured.
pub struct ComparisonPlan {
    id: i64,
    applied_at: String,
    at: DateTime<Utc>,
    pairs: i64,
    all: bool,
    days: i64,
    /// Complete days on each side (0: not one complete day after the change yet).
    complete: i64,
    before: Window,
    after: Window,
}

impl ComparisonPlan {
    /// The windows to measure, with their scope: before, then after.
    pub fn sides(&self) -> [(Window, Scope); 2] {
        let scope = if self.all {
            Scope::All
        } else {
            Scope::ChangeSkus
        };
        [(self.before, scope), (self.after, scope)]
    }
}

/// The sides of a change applied on local day D: the same number of **complete** days on
/// each side — D−n … D−1 before, D+1 … D+n after, n the complete days since (at most
/// `days`) — so a partial day is never compared with full ones, and the day of the change
/// itself, half before and half after, with neither. Returns (n, before, after); with no
/// complete day yet the sides are one day each and the after side is still empty.
pub fn sides_of(
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    days: i64,
    tz: Zone,
) -> (i64, Window, Window) {
    let day = at.with_timezone(&tz).date_naive();
    let today = now.with_timezone(&tz).date_naive();
    let complete = ((today - day).num_days() - 1).clamp(0, days);
    let n = complete.max(1);
    let before = Window::calendar(day - Duration::days(n), day - Duration::days(1), tz)
        .expect("a day before another");
    let after = Window::calendar(day + Duration::days(1), day + Duration::days(n), tz)
        .expect("a day before another");
    (complete, before, after)
}

/// Finds change `id`, loads its SKUs as the scope, and sets its before and after windows.
pub fn plan_comparison(
    store: &dyn MetricsSource,
    now: DateTime<Utc>,
    s: &Settings,
    id: i64,
    days: i64,
    all: bool,
) -> Result<ComparisonPlan> {
    let change = store.change(id)?.ok_or_else(|| {
        InputError::single(
            crate::domain::problem::COMMAND_LINE,
            "--change",
            &id.to_string(),
            &crate::tr!("ops-no-such-change"),
        )
    })?;
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(&change.at)
        .with_context(|| {
            crate::tr!(
                "ops-change-bad-time",
                change = id,
                time = &format!("{:?}", change.at)
            )
        })?
        .with_timezone(&Utc);
    let pairs = store.scope_to_change(id)?;
    let (complete, before, after) = sides_of(at, now, days, s.tz);
    Ok(ComparisonPlan {
        id,
        applied_at: change.at,
        at,
        pairs,
        all,
        days,
        complete,
        before,
        after,
    })
}

/// The verdict on a planned change, from its measured before and after.
pub fn judge(
    store: &dyn MetricsSource,
    now: DateTime<Utc>,
    s: &Settings,
    plan: ComparisonPlan,
    before: Metrics,
    after: Metrics,
) -> Result<Comparison> {
    // The products whose stock the change reduced, as catalog positions (4 bytes each, not
    // a copy of the ids): only their shortfalls can be its doing.
    let mut touched = Vec::new();
    let mut cursor = 0;
    store.for_each_reduced_product(plan.id, &mut |id| {
        if let Some(i) = after.products.seek(&mut cursor, id) {
            touched.push(i);
        }
    })?;
    let scope_stock = if plan.all {
        None
    } else {
        Some(store.scope_stock()?)
    };
    let judged = verdict::judge_change(&before, &after, &s.thresholds, &touched, scope_stock);
    // The observation period, and at least the end of the first complete day after the
    // change's own day: before that there is nothing to judge, whatever the hour.
    let day = plan.at.with_timezone(&s.tz).date_naive();
    let until = (plan.at + Duration::hours(s.observation_hours))
        .max(s.tz.midnight(day + Duration::days(2)));
    let (mut status, mut verdict) = verdict::verdict(&judged.alerts, now, until);
    // An ok that rests on delivery cohorts not yet delivered waits for them — up to three
    // observation periods (a shop that never records some deliveries must get a verdict).
    let give_up = plan.at + Duration::hours(3 * s.observation_hours);
    let waiting = judged.findings.iter().any(|f| f.finding == "incomplete");
    if status == verdict::Status::Ok && waiting && now < give_up {
        status = verdict::Status::Observing;
        verdict = verdict::waiting_for_deliveries(give_up);
    } else if status == verdict::Status::Ok && !judged.findings.iter().any(|f| f.enough_data) {
        verdict = verdict::nothing_judged(verdict);
    }
    Ok(Comparison {
        change: plan.id,
        applied_at: plan.applied_at,
        scope: if plan.all { "all" } else { "change" },
        pairs: plan.pairs,
        window_days: plan.days,
        complete_days: plan.complete,
        before,
        after,
        verdict,
        status,
        observing_until: crate::domain::values::stored(until),
        alerts: judged.alerts,
        tests: judged.findings,
        notes: judged.notes,
    })
}

/// What `invmap report` shows: a window's metrics, the changes that fall in it, and the
/// before/after of one change.
pub struct Overview {
    pub metrics: Metrics,
    pub marks: Vec<Mark>,
    pub comparison: Option<Comparison>,
}

/// The window `w` over the whole store, and — when `change` names one, with the days on each
/// side — that change's before and after, for the SKUs it touched. The three windows are
/// measured together: one copy of the products and one pass over the links for the three.
pub fn overview(
    store: &dyn MetricsSource,
    now: DateTime<Utc>,
    s: &Settings,
    w: Window,
    change: Option<(i64, i64)>,
) -> Result<Overview> {
    let plan = match change {
        Some((id, days)) => Some(plan_comparison(store, now, s, id, days, false)?),
        None => None,
    };
    let mut sides = vec![(w, Scope::All)];
    sides.extend(plan.iter().flat_map(|p| p.sides()));
    let mut measured = measure_windows(store, &sides, &s.thresholds)?.into_iter();
    let metrics = measured.next().expect("the window is measured");
    let comparison = match (plan, measured.next(), measured.next()) {
        (Some(plan), Some(before), Some(after)) => Some(judge(store, now, s, plan, before, after)?),
        _ => None,
    };
    Ok(Overview {
        metrics,
        marks: marks(store, &w)?,
        comparison,
    })
}

/// The changes that fall inside the window, placed on its day slots.
fn marks(store: &dyn MetricsSource, w: &Window) -> Result<Vec<Mark>> {
    let mut out = Vec::new();
    for c in store.changes(None)? {
        let Ok(at) = DateTime::parse_from_rfc3339(&c.at) else {
            continue;
        };
        let at = at.with_timezone(&Utc);
        if w.contains(at) {
            // Whole days to its local date, plus the share of that (local) day gone by.
            let date = at.with_timezone(&w.tz).date_naive();
            let k = (date - w.since).num_days();
            let (from, to) = (w.day_start(k), w.day_start(k + 1));
            let day = k as f64
                + (at - from).num_seconds() as f64 / (to - from).num_seconds().max(1) as f64;
            out.push(Mark { id: c.id, at, day });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// Issue 13: at T+72h01m the sides are the two complete days on each side of the
    /// change's day — never 4 days against 3.0007 days of data.
    #[test]
    fn sides_are_equal_complete_days() {
        let utc = Zone::utc();
        let (n, before, after) =
            sides_of(t("2026-11-27T10:00:00Z"), t("2026-11-30T10:01:00Z"), 7, utc);
        assert_eq!(n, 2);
        assert_eq!(
            (before.info().since, before.info().until),
            ("2026-11-25".into(), "2026-11-26".into())
        );
        assert_eq!(
            (after.info().since, after.info().until, after.days),
            ("2026-11-28".into(), "2026-11-29".into(), 2)
        );
        // Weeks later the sides stop at the window asked for.
        assert_eq!(
            sides_of(t("2026-11-27T10:00:00Z"), t("2026-12-30T00:00:00Z"), 7, utc).0,
            7
        );
        // The next morning: no complete day yet.
        assert_eq!(
            sides_of(t("2026-11-27T10:00:00Z"), t("2026-11-28T09:00:00Z"), 7, utc).0,
            0
        );
    }

    /// Days are the store's calendar days: at UTC+8 a change at 23:30 UTC is already the
    /// next local day.
    #[test]
    fn days_are_local() {
        let shanghai = Zone::parse("Asia/Shanghai").unwrap();
        let (_, before, _) = sides_of(
            t("2026-11-27T23:30:00Z"),
            t("2026-12-05T00:00:00Z"),
            3,
            shanghai,
        );
        assert_eq!(before.info().until, "2026-11-27");
    }
}
