//! Alerts (SPEC §7's last column) and the verdict on a change.
//!
//! A window alerts on its own when inventory accuracy is below target, the stockout rate is
//! above its alert level, or any product is below safety stock. A change is judged by
//! comparing the window after it with the window before it: the same three, plus complaints
//! rising, delivery slowing by a day or more, and turnover moving by more than 15 %.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Metrics, Thresholds, number, percent};
use crate::domain::values::stored;

/// How many product ids an alert names before it says "…".
const NAMED: usize = 3;

/// The alerts of one window, as sentences.
pub fn alerts(m: &Metrics, t: &Thresholds) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(a) = m.inventory_accuracy.filter(|a| *a < t.accuracy_target) {
        out.push(format!(
            "inventory accuracy {} is below the {} target",
            percent(Some(a)),
            percent(Some(t.accuracy_target))
        ));
    }
    if let Some(s) = m.stockout_rate.filter(|s| *s > t.stockout_alert) {
        out.push(format!(
            "stockout rate {} is above the {} alert level",
            percent(Some(s)),
            percent(Some(t.stockout_alert))
        ));
    }
    if let Some(sentence) = below_sentence(m.below_safety().map(|s| s.product_id)) {
        out.push(sentence);
    }
    out
}

/// "N products below safety stock (a, b, c, …)", naming the first few of `ids`; `None`
/// when there are none. Counts the rest without keeping them: every product may be below.
fn below_sentence<'a>(ids: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut named = Vec::with_capacity(NAMED);
    let mut n = 0usize;
    for id in ids {
        if named.len() < NAMED {
            named.push(id);
        }
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let more = if n > NAMED { ", …" } else { "" };
    let s = if n == 1 { "" } else { "s" };
    Some(format!(
        "{n} product{s} below safety stock ({}{more})",
        named.join(", ")
    ))
}

/// The alerts a change raised: `after` judged on its own and against `before`.
/// `touched` are the change's products (those in the catalog), as positions in increasing
/// order: only they can be pushed below safety stock by it.
pub fn change_alerts(
    before: &Metrics,
    after: &Metrics,
    t: &Thresholds,
    touched: &[u32],
) -> Vec<String> {
    let mut out: Vec<String> = alerts(after, t)
        .into_iter()
        .filter(|a| !a.contains("below safety stock"))
        .collect();
    if let (Some(b), Some(a)) = (before.complaint_rate, after.complaint_rate)
        && a > b
    {
        out.push(format!(
            "complaint rate rose from {} to {}",
            percent(Some(b)),
            percent(Some(a))
        ));
    }
    if let (Some(b), Some(a)) = (before.delivery_days, after.delivery_days)
        && a >= b + 1.0
    {
        out.push(format!(
            "delivery time rose from {} to {} days",
            number(Some(b), 2),
            number(Some(a), 2)
        ));
    }
    if let (Some(b), Some(a)) = (before.turnover_days, after.turnover_days)
        && (a - b).abs() > 0.15 * b.abs()
    {
        out.push(format!(
            "turnover moved by more than 15 %: {} → {} days",
            number(Some(b), 1),
            number(Some(a), 1)
        ));
    }
    // Positions sort like ids, so this names them in product-id order.
    let p = &after.products;
    let below = touched
        .iter()
        .map(|&i| p.safety(i as usize))
        .filter(|s| s.below)
        .map(|s| s.product_id);
    if let Some(sentence) = below_sentence(below) {
        out.push(sentence);
    }
    out
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
pub fn verdict(alerts: &[String], now: DateTime<Utc>, until: DateTime<Utc>) -> (Status, String) {
    if now < until {
        (
            Status::Observing,
            format!("observing until {}", stored(until)),
        )
    } else if alerts.is_empty() {
        (Status::Ok, "ok".to_string())
    } else {
        (Status::Alert, format!("alert: {}", alerts.join("; ")))
    }
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
        assert_eq!(a[2], "4 products below safety stock (a, b, c, …)");
    }

    #[test]
    fn change_alerts_compare_before_and_after() {
        let t = Thresholds::default();
        let before = metrics(Some(0.01), Some(2.0), Some(30.0));
        let same = metrics(Some(0.01), Some(2.99), Some(34.5));
        assert!(change_alerts(&before, &same, &t, &[]).is_empty());
        let mut worse = metrics(Some(0.02), Some(3.0), Some(34.6));
        // Below safety stock counts only for the products the change touched.
        worse.products = below(&["other", "touched"]);
        let touched: Vec<u32> = ["ok", "touched"]
            .iter()
            .map(|id| worse.products.find(id).unwrap() as u32)
            .collect();
        let a = change_alerts(&before, &worse, &t, &touched);
        assert_eq!(a.len(), 4, "{a:?}");
        assert!(a[3].starts_with("1 product below safety stock (touched)"));
        // Nulls on either side compare to nothing.
        assert!(change_alerts(&metrics(None, None, None), &worse, &t, &[]).is_empty());
    }

    #[test]
    fn verdict_waits_for_the_observation_period() {
        let until: DateTime<Utc> = "2026-11-30T09:00:00Z".parse().unwrap();
        let early = "2026-11-29T09:00:00Z".parse().unwrap();
        let v = verdict(&["x".into()], early, until);
        assert_eq!(
            v,
            (
                Status::Observing,
                "observing until 2026-11-30T09:00:00Z".into()
            )
        );
        assert_eq!(verdict(&[], until, until).0, Status::Ok);
        assert_eq!(
            verdict(&["x".into(), "y".into()], until, until).1,
            "alert: x; y"
        );
    }
}
