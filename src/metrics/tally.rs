//! Folds the order stream of a window into day slots, and says what each order sold in the
//! window — the one pass over orders that every rate and the ABC/safety-stock sales come from.
//! Units per product are credited by the caller to a per-product vector
//! (`metrics::products`), not kept here by id: no string per product is copied.
//!
//! SPEC §7's order classes: *settled* = shipped, delivered or unfulfilled; *sold* = shipped or
//! delivered; *placed* (complaint-rate denominator) = everything but cancelled.

use super::window::LOOKBACK_DAYS;
use crate::metrics::rows::{DayRow, OrderRow};

/// Day slots from the start of the look-back.
pub struct OrderTally {
    window_days: i64,
    slots: Vec<DayRow>,
}

impl OrderTally {
    pub fn new(window_days: i64) -> OrderTally {
        let span = window_days + LOOKBACK_DAYS;
        OrderTally {
            window_days,
            slots: (-LOOKBACK_DAYS..window_days)
                .map(|day| DayRow {
                    day,
                    ..DayRow::default()
                })
                .take(span as usize)
                .collect(),
        }
    }

    /// Counts `o` in its day slot. Returns the units it sold in the window (not the
    /// look-back) — what its product's sales grow by — or 0.
    pub fn add(&mut self, o: OrderRow<'_>) -> i64 {
        let i = o.day + LOOKBACK_DAYS;
        if !(0..self.slots.len() as i64).contains(&i) {
            return 0;
        }
        let d = &mut self.slots[i as usize];
        let sold = matches!(o.status, "shipped" | "delivered");
        d.settled += i64::from(sold || o.status == "unfulfilled");
        d.sold += i64::from(sold);
        d.unfulfilled += i64::from(o.status == "unfulfilled");
        d.placed += i64::from(o.status != "cancelled");
        if let Some(secs) = o.delivery_secs {
            d.delivered += 1;
            d.delivery_secs += secs;
            d.delivery_secs_sq += i128::from(secs) * i128::from(secs);
        }
        if !sold {
            return 0;
        }
        d.units_sold += o.quantity;
        if o.day >= 0 { o.quantity } else { 0 }
    }

    /// The slots (look-back included), oldest first.
    pub fn days(&self) -> &[DayRow] {
        &self.slots
    }

    /// Units sold in the window, over every product.
    pub fn units_sold(&self) -> i64 {
        self.slots
            .iter()
            .filter(|d| (0..self.window_days).contains(&d.day))
            .map(|d| d.units_sold)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order<'a>(day: i64, status: &'a str, qty: i64, product: &'a str) -> OrderRow<'a> {
        OrderRow {
            day,
            status,
            quantity: qty,
            delivery_secs: (status == "delivered").then_some(43_200),
            in_scope: true,
            at: 0,
            product_id: product,
        }
    }

    #[test]
    fn orders_fold_into_slots_and_products() {
        let mut t = OrderTally::new(2);
        let mut units = std::collections::BTreeMap::new();
        for o in [
            order(-6, "delivered", 2, "A"), // look-back: curve only, not units in the window
            order(0, "delivered", 3, "A"),
            order(0, "unfulfilled", 9, "B"),
            order(1, "shipped", 1, "B"),
            order(1, "cancelled", 5, "B"),
            order(1, "open", 5, "B"),
            order(2, "shipped", 7, "B"),  // after the window
            order(-7, "shipped", 7, "B"), // before the look-back
        ] {
            *units.entry(o.product_id).or_insert(0) += t.add(o);
        }
        let d = t.days();
        assert_eq!(d.len(), 8);
        assert_eq!((d[0].day, d[0].sold, d[0].units_sold), (-6, 1, 2));
        let day0 = d[6];
        assert_eq!(
            (day0.settled, day0.sold, day0.unfulfilled, day0.placed),
            (2, 1, 1, 2)
        );
        assert_eq!((day0.delivered, day0.delivery_secs), (1, 43_200));
        let day1 = d[7];
        assert_eq!((day1.settled, day1.placed, day1.units_sold), (1, 2, 1));
        assert_eq!(t.units_sold(), 4);
        assert_eq!(units.into_iter().collect::<Vec<_>>(), [("A", 3), ("B", 1)]);
    }
}
