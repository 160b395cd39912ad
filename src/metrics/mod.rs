//! Post-change metrics (SPEC §7): pure computations over the plain rows a store hands over
//! ([`rows`]; `store::metrics` produces them). Nothing here reads the store, the clock or the
//! terminal, so every definition is unit-tested on small hand-computed cases.
//!
//! - [`rows`]: what the store hands over — order and day rows, count totals, bounds, scope;
//! - [`window`]: the window and its day slots;
//! - [`rates`]: fulfilment curve, stockouts, complaints, delivery time, inventory accuracy;
//! - [`tally`]: the one pass over a window's orders;
//! - [`stock`]: turnover, ABC classes, storage cost;
//! - [`catalog`]: the products of one command, held compactly, and finding them by id;
//! - [`abc`]: one window's ABC ranking over the catalog;
//! - [`products`]: one window's per-product figures (safety stock, ABC), handed out one at a time;
//! - [`verdict`]: the alerts of a window, and the before/after verdict of a change.

pub mod abc;
pub mod catalog;
pub mod comparison;
pub mod findings;
pub mod products;
pub mod rates;
pub mod rows;
pub mod stats;
pub mod stock;
pub mod tally;
pub mod verdict;
pub mod window;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::metrics::rows::{CountTotals, DayRow};
use products::{ProductFigures, SafetyStock};
use rates::CurvePoint;
use stock::{StockTally, StorageCost};
use window::{Window, WindowInfo};

/// Alert levels, from the settings `stockout_alert`, `accuracy_target` and `min_sample`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub stockout_alert: f64,
    pub accuracy_target: f64,
    /// Orders a rate needs on each side of a change before its verdict may alert.
    pub min_sample: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            stockout_alert: 0.03,
            accuracy_target: 0.995,
            min_sample: 30,
        }
    }
}

/// What the store handed over for one window.
pub struct Inputs {
    pub window: Window,
    /// order counts per day slot, look-back included, in the scope asked for
    pub days: Vec<DayRow>,
    pub counts: CountTotals,
    pub complaints: i64,
    /// units sold in the window over the whole store (turnover is a whole-store figure)
    pub store_units_sold: i64,
    /// units sold, stock and ABC class per product
    pub products: ProductFigures,
    pub tally: StockTally,
}

/// Every metric of SPEC §7 for one window; serialises to exactly its json keys (in this
/// order), `safety_stock` and `abc` being the per-product lists of `products`, written one
/// entry at a time.
#[derive(Debug, Clone)]
pub struct Metrics {
    pub window: WindowInfo,
    pub inventory_accuracy: Option<f64>,
    pub fulfilment_rate_7d: Vec<CurvePoint>,
    pub stockout_rate: Option<f64>,
    pub complaint_rate: Option<f64>,
    pub delivery_days: Option<f64>,
    pub turnover_days: Option<f64>,
    /// safety stock (one entry per product, by id) and ABC (by sales value)
    pub products: ProductFigures,
    pub storage_cost: Vec<StorageCost>,
    /// Sentences, worded when shown (English in json).
    pub alerts: Vec<crate::i18n::Text>,
    /// What the figures were computed from, for the table and the report.
    pub basis: Basis,
}

impl Serialize for Metrics {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Metrics", 11)?;
        st.serialize_field("window", &self.window)?;
        st.serialize_field("inventory_accuracy", &self.inventory_accuracy)?;
        st.serialize_field("fulfilment_rate_7d", &self.fulfilment_rate_7d)?;
        st.serialize_field("stockout_rate", &self.stockout_rate)?;
        st.serialize_field("complaint_rate", &self.complaint_rate)?;
        st.serialize_field("delivery_days", &self.delivery_days)?;
        st.serialize_field("turnover_days", &self.turnover_days)?;
        st.serialize_field("safety_stock", &self.products.safety_stock_json())?;
        st.serialize_field("abc", &self.products.abc_json())?;
        st.serialize_field("storage_cost", &self.storage_cost)?;
        st.serialize_field("alerts", &self.alerts)?;
        st.end()
    }
}

/// The counts behind the figures (shown to people, not part of the json contract).
#[derive(Debug, Clone, Default)]
pub struct Basis {
    pub orders: DayRow,
    pub counts: i64,
    pub complaints: i64,
    pub total_stock: i64,
    pub stock_by_warehouse: Vec<stock::WarehouseStock>,
    /// Units sold in the window over the whole store (what turnover divides by).
    pub store_units_sold: i64,
}

/// Computes every metric of one window from its inputs.
pub fn compute(inputs: Inputs, thresholds: &Thresholds) -> Metrics {
    let w = inputs.window;
    let totals = rates::window_totals(&inputs.days, w.days);
    let curve = rates::fulfilment_curve(&inputs.days, w.days)
        .into_iter()
        .enumerate()
        .map(|(k, rate)| CurvePoint {
            date: w.day_label(k as i64),
            rate,
        })
        .collect();
    let mut m = Metrics {
        window: w.info(),
        inventory_accuracy: rates::inventory_accuracy(&inputs.counts),
        fulfilment_rate_7d: curve,
        stockout_rate: rates::stockout_rate(&totals),
        complaint_rate: rates::complaint_rate(inputs.complaints, &totals),
        delivery_days: rates::delivery_days(&totals),
        turnover_days: stock::turnover_days(
            inputs.tally.total_stock,
            inputs.store_units_sold,
            w.days,
        ),
        products: inputs.products,
        storage_cost: inputs.tally.storage_cost(w.days),
        alerts: Vec::new(),
        basis: Basis {
            orders: totals,
            counts: inputs.counts.counts,
            complaints: inputs.complaints,
            total_stock: inputs.tally.total_stock,
            stock_by_warehouse: inputs.tally.stock_by_warehouse(),
            store_units_sold: inputs.store_units_sold,
        },
    };
    m.alerts = verdict::alerts(&m, thresholds);
    m
}

impl Metrics {
    /// The last point of the 7-day fulfilment curve: the headline figure.
    pub fn fulfilment_now(&self) -> Option<f64> {
        self.fulfilment_rate_7d.last().and_then(|p| p.rate)
    }

    /// Products below safety stock, by product id.
    pub fn below_safety(&self) -> impl Iterator<Item = SafetyStock<'_>> + '_ {
        self.products.below_safety()
    }
}

/// `0.97123` → `97.12 %`; null → `—`.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |x| format!("{:.2} %", x * 100.0))
}

/// A figure with `decimals` places; null → `—`.
pub fn number(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_string(), |x| format!("{x:.decimals$}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::parse_timezone;
    use crate::metrics::rows::WarehouseCostRow;

    /// A 2-day window, end to end: the keys, the nulls and the alerts.
    #[test]
    fn compute_fills_every_key() {
        let window = Window::calendar(
            "2026-11-01".parse().unwrap(),
            "2026-11-02".parse().unwrap(),
            parse_timezone("UTC").unwrap(),
        )
        .unwrap();
        let day = DayRow {
            day: 1,
            settled: 10,
            sold: 9,
            unfulfilled: 1,
            placed: 12,
            units_sold: 20,
            ..DayRow::default()
        };
        let products = ProductFigures::from_rows(&[("A", 250, 20, 40, 7)], window.days);
        let whs = [WarehouseCostRow {
            code: "W".into(),
            storage_cost_micros: 10_000,
            closed: false,
        }];
        let mut tally = StockTally::new(&whs);
        tally.add("W", products.class(0), 40);
        let inputs = Inputs {
            window,
            days: vec![day],
            counts: CountTotals::default(),
            complaints: 3,
            store_units_sold: 20,
            products,
            tally,
        };
        let m = compute(inputs, &Thresholds::default());
        let json = serde_json::to_value(&m).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "window",
                "inventory_accuracy",
                "fulfilment_rate_7d",
                "stockout_rate",
                "complaint_rate",
                "delivery_days",
                "turnover_days",
                "safety_stock",
                "abc",
                "storage_cost",
                "alerts"
            ]
        );
        assert!(json["inventory_accuracy"].is_null() && json["delivery_days"].is_null());
        assert_eq!(
            json["fulfilment_rate_7d"][0]["rate"],
            serde_json::Value::Null
        );
        assert_eq!(json["fulfilment_rate_7d"][1]["rate"], 0.9);
        assert_eq!(json["complaint_rate"], 0.25);
        assert_eq!(json["turnover_days"], 4.0);
        // 20 sold in 2 days × 7 days = 70 > 40 in stock: below.
        assert_eq!(json["safety_stock"][0]["below"], true);
        assert_eq!(json["abc"][0]["sales_value"], "50.00");
        assert_eq!(json["abc"][0]["class"], "A");
        assert_eq!(json["storage_cost"][0]["cost"], "0.80");
        assert_eq!(m.alerts.len(), 2, "{:?}", m.alerts);
    }
}
