//! The order and count rates of SPEC §7: fulfilment (7-day curve), stockouts, complaints,
//! delivery time and inventory accuracy. Rates count orders, not units; a ratio whose
//! denominator is zero is `None` (printed as null), never 0, NaN or infinity.

use serde::Serialize;

use super::window::LOOKBACK_DAYS;
use crate::metrics::rows::{CountTotals, DayRow};

/// `n ÷ d`, or `None` when `d` is zero.
pub fn ratio(n: i64, d: i64) -> Option<f64> {
    (d != 0).then(|| n as f64 / d as f64)
}

/// One point of the fulfilment curve.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CurvePoint {
    /// the day slot's label (a local date)
    pub date: String,
    /// mean of the daily rates over this day and the six before it; null when all are empty
    pub rate: Option<f64>,
}

/// fulfilment_rate_7d: for each day d of the window, the mean of rate(x) = sold ÷ settled
/// over the days x in d−6…d that have settled orders (looking back before the window start).
/// Returns one value per window day; `rows` may hold look-back slots (negative days).
pub fn fulfilment_curve(rows: &[DayRow], days: i64) -> Vec<Option<f64>> {
    let span = (days + LOOKBACK_DAYS) as usize;
    // Daily rates indexed from the first look-back slot; days with no settled order are None.
    let mut daily: Vec<Option<f64>> = vec![None; span];
    for r in rows {
        let i = r.day + LOOKBACK_DAYS;
        if (0..span as i64).contains(&i) {
            daily[i as usize] = ratio(r.sold, r.settled);
        }
    }
    (0..days as usize)
        .map(|d| {
            let rates: Vec<f64> = daily[d..=d + LOOKBACK_DAYS as usize]
                .iter()
                .flatten()
                .copied()
                .collect();
            (!rates.is_empty()).then(|| rates.iter().sum::<f64>() / rates.len() as f64)
        })
        .collect()
}

/// Σ of the day rows inside the window (the look-back slots are for the curve only).
pub fn window_totals(rows: &[DayRow], days: i64) -> DayRow {
    rows.iter()
        .filter(|r| (0..days).contains(&r.day))
        .fold(DayRow::default(), |mut t, r| {
            t.settled += r.settled;
            t.sold += r.sold;
            t.unfulfilled += r.unfulfilled;
            t.placed += r.placed;
            t.units_sold += r.units_sold;
            t.delivered += r.delivered;
            t.delivery_secs += r.delivery_secs;
            t.delivery_secs_sq += r.delivery_secs_sq;
            t
        })
}

/// stockout_rate: unfulfilled ÷ settled.
pub fn stockout_rate(t: &DayRow) -> Option<f64> {
    ratio(t.unfulfilled, t.settled)
}

/// complaint_rate: complaints ÷ orders that were not cancelled (open ones included).
pub fn complaint_rate(complaints: i64, t: &DayRow) -> Option<f64> {
    ratio(complaints, t.placed)
}

/// delivery_days: mean of (delivered_at − created_at) in days (hours ÷ 24) over delivered
/// orders; orders marked delivered without a delivery time cannot be measured and are left out.
pub fn delivery_days(t: &DayRow) -> Option<f64> {
    (t.delivered != 0).then(|| t.delivery_secs as f64 / 86_400.0 / t.delivered as f64)
}

/// inventory_accuracy: 1 − Σ|counted − system| ÷ Σ system; null with no counts (or when
/// every count expected zero: the ratio's denominator is zero).
pub fn inventory_accuracy(c: &CountTotals) -> Option<f64> {
    ratio(c.abs_diff, c.system).map(|miss| 1.0 - miss)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(day: i64, sold: i64, settled: i64) -> DayRow {
        DayRow {
            day,
            sold,
            settled,
            ..DayRow::default()
        }
    }

    #[test]
    fn ratios_with_zero_denominators_are_null() {
        assert_eq!(ratio(3, 4), Some(0.75));
        assert_eq!(ratio(0, 0), None);
        let empty = DayRow::default();
        assert_eq!(stockout_rate(&empty), None);
        assert_eq!(complaint_rate(2, &empty), None);
        assert_eq!(delivery_days(&empty), None);
        assert_eq!(inventory_accuracy(&CountTotals::default()), None);
    }

    /// Window of 3 days; a look-back day (−2) at 50 %, day 0 at 100 %, day 1 empty (no settled
    /// orders: skipped, not 0), day 2 at 0 %. Hand-computed means:
    /// d0 = (0.5 + 1) / 2, d1 = the same (day 1 skipped), d2 = (0.5 + 1 + 0) / 3.
    #[test]
    fn curve_looks_back_and_skips_empty_days() {
        let rows = [day(-2, 1, 2), day(0, 4, 4), day(1, 0, 0), day(2, 0, 3)];
        let curve = fulfilment_curve(&rows, 3);
        assert_eq!(curve, [Some(0.75), Some(0.75), Some(0.5)]);
    }

    #[test]
    fn curve_is_null_when_all_seven_days_are_empty() {
        // Day 0 has data; day 8 sees only days 2…8, all empty.
        let curve = fulfilment_curve(&[day(0, 1, 1)], 9);
        assert_eq!(curve[6], Some(1.0));
        assert_eq!(curve[7], None);
        assert_eq!(curve.len(), 9);
        // Slots before the look-back or after the window are ignored.
        assert_eq!(fulfilment_curve(&[day(-7, 0, 1), day(1, 0, 1)], 1), [None]);
    }

    #[test]
    fn totals_keep_the_window_only() {
        let mut a = day(-1, 5, 5);
        a.unfulfilled = 9;
        let mut b = day(0, 3, 4);
        b.unfulfilled = 1;
        b.placed = 6;
        b.delivered = 2;
        b.delivery_secs = 3 * 86_400; // 1.5 days on average
        let t = window_totals(&[a, b], 1);
        assert_eq!((t.sold, t.settled, t.unfulfilled), (3, 4, 1));
        assert_eq!(stockout_rate(&t), Some(0.25));
        assert_eq!(complaint_rate(3, &t), Some(0.5));
        assert_eq!(delivery_days(&t), Some(1.5));
    }

    #[test]
    fn accuracy_from_count_totals() {
        let c = CountTotals {
            counts: 2,
            abs_diff: 1,
            system: 200,
        };
        assert_eq!(inventory_accuracy(&c), Some(0.995));
        let all_zero = CountTotals {
            counts: 1,
            abs_diff: 0,
            system: 0,
        };
        assert_eq!(inventory_accuracy(&all_zero), None);
    }
}
