//! Alerts (SPEC §7's last column) and the verdict on a change.
//!
//! A window alerts on its own when inventory accuracy is below target, the stockout rate is
//! above its alert level, or any product is below safety stock. A change is judged by
//! comparing the window after it with the window before it: the same three, plus complaints
//! rising, delivery slowing by a day or more, and turnover moving by more than 15 %.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::findings::Finding;
use super::{Metrics, Thresholds, percent};
use crate::domain::values::stored;
use crate::i18n::Text;
use crate::text;

/// How many product ids an alert names before it says "…".
const NAMED: usize = 3;

/// The alerts of one window, as sentences (worded when shown: English in json).
pub fn alerts(m: &Metrics, t: &Thresholds) -> Vec<Text> {
    let mut out = Vec::new();
    if let Some(a) = m.inventory_accuracy.filter(|a| *a < t.accuracy_target) {
        out.push(text!(
            "metrics-alert-accuracy",
            accuracy = percent(Some(a)),
            target = percent(Some(t.accuracy_target))
        ));
    }
    if let Some(s) = m.stockout_rate.filter(|s| *s > t.stockout_alert) {
        out.push(text!(
            "metrics-alert-stockout",
            rate = percent(Some(s)),
            level = percent(Some(t.stockout_alert))
        ));
    }
    if let Some(sentence) = below_sentence(m.below_safety().map(|s| s.product_id)) {
        out.push(sentence);
    }
    out
}

/// Which alert `alert` is: `accuracy`, `stockout`, `below` (the window's three), or `None`.
pub fn alert_kind(alert: &Text) -> Option<&'static str> {
    match alert {
        Text::Message {
            key: "metrics-alert-accuracy",
            ..
        } => Some("accuracy"),
        Text::Message {
            key: "metrics-alert-stockout",
            ..
        } => Some("stockout"),
        Text::Message {
            key: "metrics-alert-below-safety",
            ..
        } => Some("below"),
        _ => None,
    }
}

/// "N products below safety stock (a, b, c, …)", naming the first few of `ids`; `None`
/// when there are none. Counts the rest without keeping them: every product may be below.
fn below_sentence<'a>(ids: impl Iterator<Item = &'a str>) -> Option<Text> {
    let mut named = Vec::with_capacity(NAMED);
    let mut n = 0usize;
    for id in ids {
        if named.len() < NAMED {
            named.push(Text::plain(id));
        }
        n += 1;
    }
    if n == 0 {
        return None;
    }
    Some(text!(
        "metrics-alert-below-safety",
        count = n,
        ids = list(named, n > NAMED)
    ))
}

/// `a, b, c` (`a、b、c` in Chinese), and `, …` after them when `more`.
pub fn list(items: Vec<Text>, more: bool) -> Text {
    let mut parts = Vec::with_capacity(items.len() * 2 + 2);
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            parts.push(text!("metrics-list-separator"));
        }
        parts.push(item);
    }
    if more {
        parts.push(text!("metrics-list-more"));
    }
    Text::Concat(parts)
}

/// What a change comes to: the alerts it raised, each rate's finding, and the notes (rates
/// without enough data, cohorts not yet delivered) that explain a quiet verdict.
#[derive(Debug, Clone, Default)]
pub struct Judgement {
    pub alerts: Vec<Text>,
    pub findings: Vec<Finding>,
    pub notes: Vec<Text>,
}

/// Judges a change from its two sides (SPEC §7, "Verdicts must mean something"): each rate by
/// [`findings`](super::findings) — enough data, a significant difference, past its threshold
/// — and below safety stock only for `touched`, the products whose stock the change reduced
/// (catalog positions, increasing): no other product's shortfall is its doing.
pub fn judge_change(
    before: &Metrics,
    after: &Metrics,
    t: &Thresholds,
    touched: &[u32],
    scope_stock: Option<i64>,
) -> Judgement {
    let mut j = Judgement::default();
    for f in super::findings::findings(before, after, t, scope_stock) {
        if f.alert {
            j.alerts.push(f.sentence());
        } else if f.finding == "incomplete"
            || (f.finding == "not enough data" && f.n_before + f.n_after > 0)
        {
            // A rate with nothing at all behind it needs no note: nothing happened there.
            j.notes.push(f.sentence());
        }
        j.findings.push(f);
    }
    // Positions sort like ids, so this names them in product-id order.
    let p = &after.products;
    let below = touched
        .iter()
        .map(|&i| p.safety(i as usize))
        .filter(|s| s.below)
        .map(|s| s.product_id);
    if let Some(sentence) = below_sentence(below) {
        j.alerts.push(sentence);
    }
    j
}

/// Where a change stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Observing,
    Ok,
    Alert,
}

/// `observing until T` while the observation period runs; then `ok` or the alerts.
pub fn verdict(alerts: &[Text], now: DateTime<Utc>, until: DateTime<Utc>) -> (Status, Text) {
    if now < until {
        (
            Status::Observing,
            text!("metrics-verdict-observing", until = stored(until)),
        )
    } else if alerts.is_empty() {
        (Status::Ok, text!("metrics-verdict-ok"))
    } else {
        let mut parts = Vec::with_capacity(alerts.len() * 2);
        for (i, a) in alerts.iter().enumerate() {
            if i > 0 {
                parts.push(text!("metrics-verdict-separator"));
            }
            parts.push(a.clone());
        }
        (
            Status::Alert,
            text!("metrics-verdict-alert", alerts = Text::Concat(parts)),
        )
    }
}

/// An ok that waits for its delivery cohorts: observing, at the latest until `until`.
pub fn waiting_for_deliveries(until: DateTime<Utc>) -> Text {
    text!("metrics-verdict-waiting", until = stored(until))
}

/// An ok with no rate that had enough data behind it, said as such.
pub fn nothing_judged(verdict: Text) -> Text {
    text!("metrics-verdict-nothing-judged", verdict = verdict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Basis;
    use crate::metrics::products::ProductFigures;
    use crate::metrics::window::Window;

    fn metrics(complaints: Option<f64>, delivery: Option<f64>, turnover: Option<f64>) -> Metrics {
        let w = Window::last_days(
            "2026-11-27T09:00:00Z".parse().unwrap(),
            7,
            crate::domain::values::parse_timezone("UTC").unwrap(),
        );
        Metrics {
            window: w.info(),
            inventory_accuracy: Some(0.999),
            fulfilment_rate_7d: vec![],
            stockout_rate: Some(0.01),
            complaint_rate: complaints,
            delivery_days: delivery,
            turnover_days: turnover,
            products: ProductFigures::from_rows(&[], 7),
            storage_cost: vec![],
            alerts: vec![],
            basis: Basis::default(),
        }
    }

    /// Products (sorted ids) that sold 10 in the 7 days, 7 days to replenish, 1 in stock:
    /// all below safety stock — and one, "ok", that is not.
    fn below(ids: &[&str]) -> ProductFigures {
        let mut rows: Vec<(&str, i64, i64, i64, i64)> =
            ids.iter().map(|id| (*id, 100, 10, 1, 7)).collect();
        rows.push(("ok", 100, 10, 99, 7));
        rows.sort();
        ProductFigures::from_rows(&rows, 7)
    }

    #[test]
    fn window_alerts_at_the_thresholds() {
        let t = Thresholds::default();
        let mut m = metrics(None, None, None);
        assert!(alerts(&m, &t).is_empty());
        m.inventory_accuracy = Some(0.995);
        m.stockout_rate = Some(0.03);
        assert!(alerts(&m, &t).is_empty(), "at the level is not beyond it");
        m.inventory_accuracy = Some(0.99);
        m.stockout_rate = Some(0.031);
        m.products = below(&["a", "b", "c", "d"]);
        let a = alerts(&m, &t);
        assert_eq!(a.len(), 3);
        assert_eq!(
            a[2].to_string(),
            "4 products below safety stock (a, b, c, …)"
        );
    }

    /// A side with `settled` settled orders, `unfulfilled` of them stockouts, `complaints`
    /// complaints, and delivered orders taking `days` each (± half a day).
    fn side(settled: i64, unfulfilled: i64, complaints: i64, delivered: i64, days: f64) -> Metrics {
        let mut m = metrics(None, None, Some(100.0));
        let o = &mut m.basis.orders;
        o.settled = settled;
        o.unfulfilled = unfulfilled;
        o.sold = settled - unfulfilled;
        o.placed = settled;
        o.delivered = delivered;
        // Half the orders take days − ½, half days + ½: mean `days`, variance ≈ ¼.
        let (lo, hi) = ((days - 0.5) * 86_400.0, (days + 0.5) * 86_400.0);
        let half = delivered / 2;
        o.delivery_secs = (lo * half as f64 + hi * (delivered - half) as f64) as i64;
        o.delivery_secs_sq = (lo * lo * half as f64 + hi * hi * (delivered - half) as f64) as i128;
        m.basis.complaints = complaints;
        m.basis.store_units_sold = settled - unfulfilled;
        m.stockout_rate = crate::metrics::rates::ratio(unfulfilled, settled);
        m.complaint_rate = crate::metrics::rates::ratio(complaints, settled);
        m.delivery_days = (delivered > 0).then_some(days);
        m
    }

    /// Issue 13: an unchanged shop (961 vs 964 orders a day, the same small rates) gives ok.
    #[test]
    fn a_steady_shop_does_not_alert() {
        let t = Thresholds::default();
        let before = side(2883, 29, 21, 2800, 2.45);
        let after = side(2892, 33, 24, 2812, 2.47);
        let j = judge_change(&before, &after, &t, &[], None);
        assert!(j.alerts.is_empty(), "{:?}", j.alerts);
        assert!(j.notes.is_empty(), "{:?}", j.notes);
        let stockout = &j.findings[0];
        assert_eq!((stockout.finding, stockout.n_after), ("steady", 2892));
    }

    /// Issue 13: ten orders a side — "stockout 100 %", "complaints 0.73 → 10 %" — is not
    /// enough data, and never an alert.
    #[test]
    fn ten_orders_are_not_enough_data() {
        let t = Thresholds::default();
        let before = side(10, 0, 0, 10, 2.0);
        let after = side(10, 10, 1, 0, 0.0);
        let j = judge_change(&before, &after, &t, &[], None);
        assert!(j.alerts.is_empty(), "{:?}", j.alerts);
        assert_eq!(j.findings[0].finding, "not enough data");
        assert!(!j.findings[0].enough_data);
        assert!(
            j.notes[0]
                .to_string()
                .starts_with("stockout rate: not enough data (10 and 10 orders"),
            "{:?}",
            j.notes
        );
    }

    /// A real rise past the alert level alerts, with the interval and the sample sizes.
    #[test]
    fn a_significant_rise_past_the_level_alerts() {
        let t = Thresholds::default();
        let j = judge_change(
            &side(1000, 30, 5, 900, 2.0),
            &side(1000, 80, 5, 900, 2.0),
            &t,
            &[],
            None,
        );
        assert_eq!(j.alerts.len(), 1, "{:?}", j.alerts);
        assert!(
            j.alerts[0].to_string().starts_with(
                "stockout rate rose from 3.00 % to 8.00 % (+5.00 points, 95 % interval +3.01 … +6.99; 1000 → 1000 orders)"
            ),
            "{}",
            j.alerts[0]
        );
        // Significant but still under the 3 % level: a finding, no alert.
        let j = judge_change(
            &side(1000, 2, 5, 900, 2.0),
            &side(1000, 20, 5, 900, 2.0),
            &t,
            &[],
            None,
        );
        assert_eq!(j.findings[0].finding, "rise");
        assert!(j.alerts.is_empty());
    }

    /// Issue 13: after a migration only the fast orders were delivered at 74 h (2.45 → 1.99
    /// days): an incomplete cohort is said as such, never read as faster; once delivered,
    /// a slower cohort (2.46 → 4.05) alerts.
    #[test]
    fn a_slow_cohort_is_not_read_as_faster() {
        let t = Thresholds::default();
        let before = side(1000, 10, 5, 980, 2.45);
        let early = side(1000, 10, 5, 600, 1.99);
        let j = judge_change(&before, &early, &t, &[], None);
        let delivery = &j.findings[2];
        assert_eq!(delivery.finding, "incomplete");
        assert!(j.alerts.is_empty());
        assert!(
            j.notes.iter().any(|n| n.to_string().starts_with(
                "delivery time: incomplete (before: 99 % of orders delivered, after: 61 %)"
            )),
            "{:?}",
            j.notes
        );
        // Orders still open count as not yet delivered: 580 of 1000 placed is incomplete,
        // however many of the shipped ones arrived.
        let mut open = side(600, 0, 5, 580, 1.95);
        open.basis.orders.placed = 1000;
        assert_eq!(
            judge_change(&before, &open, &t, &[], None).findings[2].finding,
            "incomplete"
        );
        let done = side(1000, 10, 5, 985, 4.05);
        let j = judge_change(&before, &done, &t, &[], None);
        assert_eq!(j.findings[2].finding, "rise");
        assert!(
            j.alerts[0]
                .to_string()
                .starts_with("delivery time rose from 2.45 days to 4.05 days"),
            "{:?}",
            j.alerts
        );
    }

    /// Below safety stock counts only for the products the change touched.
    #[test]
    fn safety_stock_alerts_only_for_touched_products() {
        let t = Thresholds::default();
        let before = side(1000, 10, 5, 990, 2.0);
        let mut after = side(1000, 10, 5, 990, 2.0);
        after.products = below(&["other", "touched"]);
        let touched: Vec<u32> = ["ok", "touched"]
            .iter()
            .map(|id| after.products.find(id).unwrap() as u32)
            .collect();
        let j = judge_change(&before, &after, &t, &touched, None);
        assert_eq!(
            j.alerts.iter().map(Text::to_string).collect::<Vec<_>>(),
            ["1 product below safety stock (touched)"]
        );
        assert!(
            judge_change(&before, &after, &t, &[], None)
                .alerts
                .is_empty()
        );
    }

    /// Issue 13: a change is judged on its own SKUs' turnover (their stock ÷ their sales),
    /// not on the whole store's, which moves with every other product's sales.
    #[test]
    fn turnover_of_the_changes_skus() {
        let t = Thresholds::default();
        let mut before = side(1000, 10, 5, 990, 2.0);
        let mut after = side(1000, 10, 5, 990, 2.0);
        // The whole store sold 23 % more — not this change's doing.
        after.turnover_days = Some(70.0);
        after.basis.store_units_sold = 1220;
        before.basis.orders.units_sold = 100;
        after.basis.orders.units_sold = 98;
        let j = judge_change(&before, &after, &t, &[], Some(700));
        assert!(j.alerts.is_empty(), "{:?}", j.alerts);
        let f = &j.findings[3];
        assert_eq!((f.n_before, f.n_after, f.finding), (990, 990, "steady"));
        // Its own SKUs selling 40 % less (in orders and units): their stock lasts far longer.
        after.basis.orders.units_sold = 60;
        after.basis.orders.sold = 594;
        let j = judge_change(&before, &after, &t, &[], Some(700));
        assert!(
            j.alerts[0]
                .to_string()
                .starts_with("turnover rose from 49.0 days to 81.7 days"),
            "{:?}",
            j.alerts
        );
    }

    /// Turnover on equal complete days: a move past 15 % alerts when the sales behind it
    /// differ for real (990 → 853 units: z ≈ 3.2), not when the same sales wobble.
    #[test]
    fn turnover_moves_past_fifteen_percent() {
        let t = Thresholds::default();
        let before = side(1000, 10, 5, 990, 2.0);
        let mut after = side(1000, 10, 5, 990, 2.0);
        after.turnover_days = Some(116.0);
        assert!(
            judge_change(&before, &after, &t, &[], None)
                .alerts
                .is_empty(),
            "the same sales: the move is not from them"
        );
        after.basis.orders.sold = 853;
        after.turnover_days = Some(114.0);
        assert!(
            judge_change(&before, &after, &t, &[], None)
                .alerts
                .is_empty()
        );
        after.turnover_days = Some(116.0);
        let j = judge_change(&before, &after, &t, &[], None);
        assert!(
            j.alerts[0]
                .to_string()
                .starts_with("turnover rose from 100.0 days to 116.0 days"),
            "{:?}",
            j.alerts
        );
    }

    #[test]
    fn verdict_waits_for_the_observation_period() {
        let until: DateTime<Utc> = "2026-11-30T09:00:00Z".parse().unwrap();
        let early = "2026-11-29T09:00:00Z".parse().unwrap();
        let (status, v) = verdict(&["x".into()], early, until);
        assert_eq!(
            (status, v.to_string()),
            (
                Status::Observing,
                "observing until 2026-11-30T09:00:00Z".into()
            )
        );
        assert_eq!(verdict(&[], until, until).0, Status::Ok);
        assert_eq!(verdict(&[], until, until).1.to_string(), "ok");
        assert_eq!(
            verdict(&["x".into(), "y".into()], until, until)
                .1
                .to_string(),
            "alert: x; y"
        );
        assert_eq!(
            verdict(&["x".into(), "y".into()], until, until)
                .1
                .render(crate::i18n::Lang::Zh),
            "告警：x；y"
        );
    }
}
