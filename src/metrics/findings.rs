//! What a change did to each rate, judged so that a verdict means something (SPEC §7,
//! "Verdicts must mean something"): a rate with fewer than `min_sample` orders behind it on
//! either side is "not enough data" and never alerts; a rate "rises" or "falls" only when the
//! difference is significant at 95 % (two proportions; Welch's test for delivery days) —
//! and alerts only when it is also past its threshold; delivery time compares cohorts and
//! says how complete each is instead of comparing the fast orders that arrived first.
//! Pure: from the two sides' metrics and the thresholds.

use serde::Serialize;

use super::stats::{self, Difference, Sample};
use super::{Metrics, Thresholds, number, percent};
use crate::i18n::Text;
use crate::text;

/// A cohort's delivery time is judged once this share of its sold orders is delivered.
pub const COMPLETE: f64 = 0.95;
/// An accuracy needs this many counts on the after side.
pub const MIN_COUNTS: i64 = 5;

/// One rate (or mean) before and after, and what it comes to.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The json key of the metric (`stockout_rate`, …).
    pub metric: &'static str,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// The orders (counts, for accuracy) behind each side.
    pub n_before: i64,
    pub n_after: i64,
    pub enough_data: bool,
    /// After minus before, its 95 % interval and whether it is significant (tested rates).
    pub difference: Option<Difference>,
    /// `rise`, `fall`, `steady`, `below target` (accuracy), `not enough data` or
    /// `incomplete`.
    pub finding: &'static str,
    /// The rule this metric is judged by, in words.
    pub rule: Text,
    pub alert: bool,
    /// For delivery time: the share of each cohort's sold orders delivered so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_share: Option<(f64, f64)>,
}

impl Finding {
    /// How this metric's values read.
    pub fn unit(&self) -> Unit {
        match self.metric {
            "delivery_days" => Unit::Days,
            "turnover_days" => Unit::Turnover,
            "inventory_accuracy" => Unit::Counted,
            _ => Unit::Rate,
        }
    }

    /// The metric's name, for people.
    pub fn name(&self) -> Text {
        name(self.metric)
    }

    /// `+0.14 points (−0.76 … +1.04)`, or "" for a metric that is not tested.
    pub fn difference_text(&self) -> Text {
        match (&self.difference, self.before, self.after) {
            (Some(d), ..) => {
                let u = self.unit();
                text!(
                    "metrics-difference",
                    delta = u.delta(d.difference),
                    low = u.bare(d.low),
                    high = u.bare(d.high)
                )
            }
            (None, Some(b), Some(a)) if self.metric == "turnover_days" && b != 0.0 => {
                Text::plain(format!("{:+.1} %", (a - b) / b * 100.0))
            }
            _ => Text::plain(""),
        }
    }

    /// `2883 → 2892 orders`.
    pub fn sample_text(&self) -> Text {
        text!(
            "metrics-sample",
            before = self.n_before,
            after = self.n_after,
            counted = self.unit().counted(self.n_before, self.n_after)
        )
    }

    /// The finding, with the share delivered for an incomplete cohort and a mark on alerts.
    pub fn finding_text(&self) -> Text {
        let mut s = finding_word(self.finding);
        if let (Some((b, a)), "incomplete") = (self.delivered_share, self.finding) {
            s = text!(
                "metrics-finding-incomplete-shares",
                finding = s,
                before = format!("{:.0}", b * 100.0),
                after = format!("{:.0}", a * 100.0)
            );
        }
        if self.alert {
            s = text!("metrics-finding-alert", finding = s);
        }
        s
    }

    /// A side's value as the table shows it.
    pub fn show(&self, v: Option<f64>) -> Text {
        self.unit().show(v)
    }

    /// The sentence an alert (or a note) says.
    pub fn sentence(&self) -> Text {
        let unit = self.unit();
        let show = |v: Option<f64>| unit.show(v);
        let mut s = match self.finding {
            "not enough data" => text!(
                "metrics-sentence-not-enough-data",
                metric = name(self.metric),
                before = self.n_before,
                after = self.n_after,
                counted = unit.counted(self.n_before, self.n_after),
                needed = unit.needed()
            ),
            "incomplete" => {
                let (b, a) = self.delivered_share.unwrap_or((0.0, 0.0));
                text!(
                    "metrics-sentence-incomplete",
                    metric = name(self.metric),
                    before = format!("{:.0}", b * 100.0),
                    after = format!("{:.0}", a * 100.0),
                    complete = format!("{:.0}", COMPLETE * 100.0)
                )
            }
            "below target" => text!(
                "metrics-sentence-below-target",
                metric = name(self.metric),
                after = show(self.after),
                before = show(self.before)
            ),
            "rise" => text!(
                "metrics-sentence-rose",
                metric = name(self.metric),
                before = show(self.before),
                after = show(self.after)
            ),
            "fall" => text!(
                "metrics-sentence-fell",
                metric = name(self.metric),
                before = show(self.before),
                after = show(self.after)
            ),
            _ => text!(
                "metrics-sentence-stayed",
                metric = name(self.metric),
                before = show(self.before),
                after = show(self.after)
            ),
        };
        if let Some(d) = &self.difference
            && self.enough_data
            && self.finding != "incomplete"
        {
            s = text!(
                "metrics-sentence-interval",
                sentence = s,
                delta = unit.delta(d.difference),
                low = unit.bare(d.low),
                high = unit.bare(d.high),
                before = self.n_before,
                after = self.n_after,
                counted = unit.counted(self.n_before, self.n_after)
            );
        }
        if self.alert {
            s = text!(
                "metrics-sentence-rule",
                sentence = s,
                rule = self.rule.clone()
            );
        }
        s
    }
}

/// How a metric's values read.
#[derive(Debug, Clone, Copy)]
pub enum Unit {
    /// A rate of orders.
    Rate,
    /// Days (delivery).
    Days,
    /// Days of stock (turnover).
    Turnover,
    /// A rate from counts (accuracy).
    Counted,
}

impl Unit {
    fn show(self, v: Option<f64>) -> Text {
        match (self, v) {
            (Unit::Rate | Unit::Counted, _) | (_, None) => Text::plain(percent(v)),
            (Unit::Days, _) => text!("metrics-value-days", days = number(v, 2)),
            (Unit::Turnover, _) => text!("metrics-value-days", days = number(v, 1)),
        }
    }
    fn delta(self, v: f64) -> Text {
        match self {
            Unit::Rate | Unit::Counted => {
                text!(
                    "metrics-delta-points",
                    points = format!("{:+.2}", v * 100.0)
                )
            }
            Unit::Days | Unit::Turnover => text!("metrics-delta-days", days = format!("{v:+.2}")),
        }
    }
    /// A signed value without its unit (inside an interval).
    fn bare(self, v: f64) -> String {
        match self {
            Unit::Rate | Unit::Counted => format!("{:+.2}", v * 100.0),
            Unit::Days | Unit::Turnover => format!("{v:+.2}"),
        }
    }
    /// What the sample sizes `before` and `after` count: the noun is singular only when
    /// each side is one.
    fn counted(self, before: i64, after: i64) -> Text {
        let count = if before == 1 && after == 1 { 1 } else { 2 };
        match self {
            Unit::Counted => text!("metrics-counted-counts", count = count),
            Unit::Days => text!("metrics-counted-delivered", count = count),
            Unit::Turnover => text!("metrics-counted-sold", count = count),
            Unit::Rate => text!("metrics-counted-orders", count = count),
        }
    }
    fn needed(self) -> Text {
        match self {
            Unit::Counted => text!("metrics-needed-counts", count = MIN_COUNTS),
            _ => text!("metrics-needed-sample"),
        }
    }
}

/// The metric's name in sentences.
fn name(metric: &str) -> Text {
    match metric {
        "stockout_rate" => text!("metrics-name-stockout"),
        "complaint_rate" => text!("metrics-name-complaints"),
        "delivery_days" => text!("metrics-name-delivery"),
        "turnover_days" => text!("metrics-name-turnover"),
        _ => text!("metrics-name-accuracy"),
    }
}

/// A finding (`rise`, `not enough data`, …: the json value) in words.
fn finding_word(finding: &str) -> Text {
    match finding {
        "rise" => text!("metrics-finding-rise"),
        "fall" => text!("metrics-finding-fall"),
        "steady" => text!("metrics-finding-steady"),
        "below target" => text!("metrics-finding-below-target"),
        "not enough data" => text!("metrics-finding-not-enough-data"),
        "incomplete" => text!("metrics-finding-incomplete"),
        other => Text::plain(other),
    }
}

/// The findings of a change, in a fixed order. `scope_stock`: the current stock of the
/// change's SKUs — their turnover is judged, not the whole store's (which moves with every
/// other product's sales); `None` judges the whole store (`--all`).
pub fn findings(
    before: &Metrics,
    after: &Metrics,
    t: &Thresholds,
    scope_stock: Option<i64>,
) -> Vec<Finding> {
    vec![
        stockout(before, after, t),
        complaints(before, after, t),
        delivery(before, after, t),
        turnover(before, after, t, scope_stock),
        accuracy(before, after, t),
    ]
}

/// A tested rate: enough data on both sides, then rise / fall / steady by the test.
fn tested(
    metric: &'static str,
    (x1, n1, x2, n2): (i64, i64, i64, i64),
    min: i64,
    rule: Text,
) -> Finding {
    let enough = n1 >= min && n2 >= min;
    let d = stats::two_proportions(x1, n1, x2, n2);
    Finding {
        metric,
        before: (n1 > 0).then(|| x1 as f64 / n1 as f64),
        after: (n2 > 0).then(|| x2 as f64 / n2 as f64),
        n_before: n1,
        n_after: n2,
        enough_data: enough,
        difference: d,
        finding: direction(enough, d.as_ref()),
        rule,
        alert: false,
        delivered_share: None,
    }
}

fn direction(enough: bool, d: Option<&Difference>) -> &'static str {
    match d {
        _ if !enough => "not enough data",
        Some(d) if d.significant && d.difference > 0.0 => "rise",
        Some(d) if d.significant && d.difference < 0.0 => "fall",
        _ => "steady",
    }
}

/// Stockouts alert when they rise significantly and end above `stockout_alert`.
fn stockout(before: &Metrics, after: &Metrics, t: &Thresholds) -> Finding {
    let (b, a) = (&before.basis.orders, &after.basis.orders);
    let mut f = tested(
        "stockout_rate",
        (b.unfulfilled, b.settled, a.unfulfilled, a.settled),
        t.min_sample,
        text!(
            "metrics-rule-stockout",
            level = percent(Some(t.stockout_alert))
        ),
    );
    f.alert = f.finding == "rise" && f.after.is_some_and(|r| r > t.stockout_alert);
    f
}

/// Complaints alert when they rise significantly.
fn complaints(before: &Metrics, after: &Metrics, t: &Thresholds) -> Finding {
    let (b, a) = (&before.basis, &after.basis);
    // Complaints per order compared as rates: a complaint without an order still counts,
    // and an order may bring two.
    let (n1, n2) = (b.orders.placed, a.orders.placed);
    let enough = n1 >= t.min_sample && n2 >= t.min_sample;
    let d = stats::poisson_rates(b.complaints, n1, a.complaints, n2);
    let finding = direction(enough, d.as_ref());
    Finding {
        metric: "complaint_rate",
        before: before.complaint_rate,
        after: after.complaint_rate,
        n_before: n1,
        n_after: n2,
        enough_data: enough,
        difference: d,
        finding,
        rule: text!("metrics-rule-complaints"),
        alert: finding == "rise",
        delivered_share: None,
    }
}

/// Delivery time compares the cohorts of orders created on each side, once both are
/// (nearly) all delivered; it alerts when it rises significantly by a day or more.
fn delivery(before: &Metrics, after: &Metrics, t: &Thresholds) -> Finding {
    let sample = |m: &Metrics| {
        let o = &m.basis.orders;
        let day = 86_400.0;
        Sample::from_sums(
            o.delivered,
            o.delivery_secs as f64 / day,
            o.delivery_secs_sq as f64 / (day * day),
        )
    };
    // Of the cohort's orders that will be delivered some day — open, shipped or delivered
    // (not cancelled, not unfulfilled) — the share delivered so far.
    let share = |m: &Metrics| {
        let o = &m.basis.orders;
        let coming = o.placed - o.unfulfilled;
        if coming <= 0 {
            0.0
        } else {
            o.delivered as f64 / coming as f64
        }
    };
    let (sb, sa) = (sample(before), sample(after));
    let (nb, na) = (before.basis.orders.delivered, after.basis.orders.delivered);
    let enough = nb >= t.min_sample && na >= t.min_sample;
    let d = match (&sb, &sa) {
        (Some(b), Some(a)) => stats::welch(b, a),
        _ => None,
    };
    let shares = (share(before), share(after));
    let complete = shares.0 >= COMPLETE && shares.1 >= COMPLETE;
    let finding = match direction(enough, d.as_ref()) {
        "not enough data" => "not enough data",
        _ if !complete => "incomplete",
        word => word,
    };
    Finding {
        metric: "delivery_days",
        before: before.delivery_days,
        after: after.delivery_days,
        n_before: nb,
        n_after: na,
        enough_data: enough,
        difference: d,
        finding,
        rule: text!("metrics-rule-delivery"),
        alert: finding == "rise" && d.is_some_and(|d| d.difference >= 1.0),
        delivered_share: Some(shares),
    }
}

/// Turnover over sides of equal complete days — of the change's SKUs (their stock now ÷
/// their daily sales) — alerts when it moves by more than 15 %, with at least `min_sample`
/// sold orders on each side behind it and the sales behind the move significant (sold
/// orders on equal days compared as counts).
fn turnover(
    before: &Metrics,
    after: &Metrics,
    t: &Thresholds,
    scope_stock: Option<i64>,
) -> Finding {
    // (turnover, units sold) of a side: the change's SKUs, or the whole store.
    let side = |m: &Metrics| match scope_stock {
        Some(stock) => {
            let units = m.basis.orders.units_sold;
            let days = m.window.days as f64;
            (
                (units > 0).then(|| stock as f64 * days / units as f64),
                m.basis.orders.sold,
            )
        }
        None => (m.turnover_days, m.basis.orders.sold),
    };
    // The sample is the sold *orders* behind the sales (units of one order come together).
    let ((b, nb), (a, na)) = (side(before), side(after));
    let enough = b.is_some() && a.is_some() && nb >= t.min_sample && na >= t.min_sample;
    let significant = stats::counts_differ(nb, na);
    let moved = match (b, a) {
        (Some(b), Some(a)) => enough && significant && (a - b).abs() > 0.15 * b.abs(),
        _ => false,
    };
    Finding {
        metric: "turnover_days",
        before: b,
        after: a,
        n_before: nb,
        n_after: na,
        enough_data: enough,
        difference: None,
        finding: match (enough, moved, b, a) {
            (false, ..) => "not enough data",
            (true, true, Some(b), Some(a)) if a > b => "rise",
            (true, true, ..) => "fall",
            _ => "steady",
        },
        rule: text!("metrics-rule-turnover"),
        alert: moved,
        delivered_share: None,
    }
}

/// Accuracy alerts when the after side, from 5 counts or more, is below `accuracy_target`.
fn accuracy(before: &Metrics, after: &Metrics, t: &Thresholds) -> Finding {
    let (nb, na) = (before.basis.counts, after.basis.counts);
    let enough = na >= MIN_COUNTS;
    let below = enough
        && after
            .inventory_accuracy
            .is_some_and(|a| a < t.accuracy_target);
    Finding {
        metric: "inventory_accuracy",
        before: before.inventory_accuracy,
        after: after.inventory_accuracy,
        n_before: nb,
        n_after: na,
        enough_data: enough,
        difference: None,
        finding: match (enough, below) {
            (false, _) => "not enough data",
            (true, true) => "below target",
            _ => "steady",
        },
        rule: text!(
            "metrics-rule-accuracy",
            target = percent(Some(t.accuracy_target))
        ),
        alert: below,
        delivered_share: None,
    }
}
