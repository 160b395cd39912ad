//! One window's per-product figures — units sold, safety stock, ABC — over the catalog shared
//! by the windows of one command (`metrics::catalog`), with the ABC ranking of `metrics::abc`.
//! Nothing here holds a row per product: the json/csv lists are produced while they are
//! written ([`SafetyStock`] and [`AbcEntry`] are handed out one at a time).
//!
//! Bytes per product and window: 8 (units sold) + 4 (ABC position) + 1 (class), and 16 per
//! product with sales while ABC sorts; the catalog adds its own (L + 28 for ids of L bytes),
//! once per command. At 2,000,000 products of 12-byte ids: 106 MB for `metrics`, 132 MB for
//! `metrics --change`, 158 MB for `report` with a change — the per-product structs this
//! replaced held some 350 bytes each, several times over.

use std::sync::Arc;

use serde::Serialize;
use serde::ser::Serializer;

use super::abc::{Abc, AbcEntry, ClassTotal};
use super::catalog::Catalog;
use super::stock::Class;

/// One product's safety stock (a row of the json `safety_stock` list).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct SafetyStock<'a> {
    pub product_id: &'a str,
    pub units_sold: i64,
    pub replenishment_days: i64,
    /// units sold ÷ days × replenishment days
    pub safety_stock: f64,
    /// Σ stock over all its links
    pub stock: i64,
    /// stock < safety stock (strictly)
    pub below: bool,
}

impl SafetyStock<'_> {
    /// How far below safety stock (negative when above).
    pub fn shortfall(&self) -> f64 {
        self.safety_stock - self.stock as f64
    }
}

/// safety stock = daily sales × replenishment days. `below` is decided exactly:
/// stock < sold × rep ÷ days ⇔ stock × days < sold × rep.
pub fn safety_stock(
    product_id: &str,
    units_sold: i64,
    replenishment_days: i64,
    stock: i64,
    days: i64,
) -> SafetyStock<'_> {
    SafetyStock {
        product_id,
        units_sold,
        replenishment_days,
        safety_stock: (units_sold * replenishment_days) as f64 / days as f64,
        stock,
        below: i128::from(stock) * i128::from(days)
            < i128::from(units_sold) * i128::from(replenishment_days),
    }
}

/// One window's per-product figures over a catalog shared by the windows of one command.
#[derive(Debug, Clone)]
pub struct ProductFigures {
    catalog: Arc<Catalog>,
    days: i64,
    /// by catalog position
    units_sold: Vec<i64>,
    abc: Abc,
}

impl ProductFigures {
    pub fn new(catalog: Arc<Catalog>, days: i64, units_sold: Vec<i64>, abc: Abc) -> Self {
        assert_eq!(catalog.len(), units_sold.len());
        ProductFigures {
            catalog,
            days,
            units_sold,
            abc,
        }
    }

    /// From plain rows `(id, unit cost in cents, units sold, stock, replenishment days)`,
    /// sorted by id — for tests; the CLI fills a catalog from the store's streams.
    pub fn from_rows(rows: &[(&str, i64, i64, i64, i64)], days: i64) -> Self {
        let mut c = Catalog::default();
        for &(id, cents, _, _, rep) in rows {
            c.push(id, cents, rep);
        }
        c.set_stock(rows.iter().map(|r| r.3).collect());
        let units: Vec<i64> = rows.iter().map(|r| r.2).collect();
        let abc = Abc::new(&c, &units);
        ProductFigures::new(Arc::new(c), days, units, abc)
    }

    pub fn len(&self) -> usize {
        self.catalog.len()
    }

    pub fn is_empty(&self) -> bool {
        self.catalog.is_empty()
    }

    /// The catalog position of a product.
    pub fn find(&self, product_id: &str) -> Option<usize> {
        self.catalog.find(product_id)
    }

    /// The catalog position of a product, for ids in nondecreasing order ([`Catalog::seek`]).
    pub fn seek(&self, cursor: &mut usize, product_id: &str) -> Option<u32> {
        self.catalog.seek(cursor, product_id).map(|i| i as u32)
    }

    /// The safety stock of the product at catalog position `i`.
    pub fn safety(&self, i: usize) -> SafetyStock<'_> {
        let c = &*self.catalog;
        safety_stock(
            c.id(i),
            self.units_sold[i],
            c.replenishment_days(i),
            c.stock(i),
            self.days,
        )
    }

    /// Every product's safety stock, by product id.
    pub fn safety_stock(&self) -> impl ExactSizeIterator<Item = SafetyStock<'_>> + '_ {
        (0..self.len()).map(|i| self.safety(i))
    }

    /// Products below safety stock, by product id.
    pub fn below_safety(&self) -> impl Iterator<Item = SafetyStock<'_>> + '_ {
        self.safety_stock().filter(|s| s.below)
    }

    /// How many products are below safety stock, and the `top` largest shortfalls, largest
    /// first (equal shortfalls by product id). Holds 4 bytes per product below, not a row.
    pub fn shortfalls(&self, top: usize) -> (usize, Vec<SafetyStock<'_>>) {
        let mut below: Vec<u32> = (0..self.len() as u32)
            .filter(|&i| self.safety(i as usize).below)
            .collect();
        let total = below.len();
        let key = |i: u32| self.safety(i as usize).shortfall();
        let cmp = |a: &u32, b: &u32| key(*b).total_cmp(&key(*a)).then(a.cmp(b));
        if top < below.len() {
            below.select_nth_unstable_by(top, cmp);
            below.truncate(top);
        }
        below.sort_unstable_by(cmp);
        (
            total,
            below.iter().map(|&i| self.safety(i as usize)).collect(),
        )
    }

    /// The sales value of the product at catalog position `i`, in cents.
    pub fn value_cents(&self, i: usize) -> i64 {
        self.units_sold[i] * self.catalog.unit_cost_cents(i)
    }

    /// The ABC class of the product at catalog position `i`.
    pub fn class(&self, i: usize) -> Class {
        self.abc.class(i)
    }

    /// Products and sales value of one class.
    pub fn class_total(&self, class: Class) -> ClassTotal {
        self.abc.class_total(class)
    }

    /// Every product in ABC order (sales value desc, then product id), with its share before.
    pub fn abc(&self) -> impl ExactSizeIterator<Item = AbcEntry<'_>> + '_ {
        let total = self.abc.total();
        let mut before: i128 = 0;
        self.abc.order().iter().map(move |&i| {
            let i = i as usize;
            let v = self.value_cents(i);
            let share_before = (total != 0).then(|| before as f64 / total as f64);
            before += i128::from(v);
            AbcEntry {
                product_id: self.catalog.id(i),
                units_sold: self.units_sold[i],
                value_cents: v,
                share_before,
                class: self.abc.class(i),
            }
        })
    }

    /// The json `safety_stock` list, written entry by entry.
    pub fn safety_stock_json(&self) -> impl Serialize + '_ {
        Streamed(move || self.safety_stock())
    }

    /// The json `abc` list, written entry by entry.
    pub fn abc_json(&self) -> impl Serialize + '_ {
        Streamed(move || self.abc())
    }
}

/// A list serialised from an iterator made on demand: nothing is collected first.
struct Streamed<F>(F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: ExactSizeIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 30 units in 30 days with 7 days to replenish: 7 units of safety stock. 7 in stock is
    /// not below (strict); 6 is. No sales: safety stock 0, never below.
    #[test]
    fn safety_stock_is_daily_sales_times_replenishment_days() {
        let f = ProductFigures::from_rows(
            &[("A", 0, 30, 7, 7), ("B", 0, 30, 6, 7), ("C", 0, 0, 0, 7)],
            30,
        );
        let s: Vec<SafetyStock<'_>> = f.safety_stock().collect();
        assert_eq!(s[0].safety_stock, 7.0);
        assert_eq!(
            s.iter().map(|x| x.below).collect::<Vec<_>>(),
            [false, true, false]
        );
        // 10 sold over 3 days, 1 day to replenish: 3.33…; 3 in stock is below, exactly.
        assert!(safety_stock("D", 10, 1, 3, 3).below);
    }

    /// Largest shortfall first; equal shortfalls keep product-id order; the count covers all.
    #[test]
    fn shortfalls_are_largest_first_and_cut_at_top() {
        let f = ProductFigures::from_rows(
            &[
                ("a", 0, 10, 0, 1), // 10 − 0
                ("b", 0, 30, 1, 1), // 30 − 1
                ("c", 0, 10, 0, 1), // 10 − 0, ties with a
                ("d", 0, 5, 9, 1),  // above
                ("e", 0, 20, 0, 1), // 20 − 0
            ],
            1,
        );
        fn ids(v: Vec<SafetyStock<'_>>) -> Vec<String> {
            v.iter().map(|s| s.product_id.to_string()).collect()
        }
        let (n, all) = f.shortfalls(10);
        assert_eq!((n, ids(all).join(" ")), (4, "b e a c".to_string()));
        let (n, top) = f.shortfalls(3);
        assert_eq!((n, ids(top).join(" ")), (4, "b e a".to_string()));
        assert_eq!(f.shortfalls(0).1.len(), 0);
    }

    /// The streamed lists serialise exactly like the vectors they replace.
    #[test]
    fn lists_stream_like_vectors() {
        let f = ProductFigures::from_rows(&[("a", 250, 3, 1, 7), ("b", 100, 0, 0, 7)], 30);
        let streamed = serde_json::to_string_pretty(&f.safety_stock_json()).unwrap();
        let vec: Vec<SafetyStock<'_>> = f.safety_stock().collect();
        assert_eq!(streamed, serde_json::to_string_pretty(&vec).unwrap());
        let streamed = serde_json::to_string_pretty(&f.abc_json()).unwrap();
        let vec: Vec<AbcEntry<'_>> = f.abc().collect();
        assert_eq!(streamed, serde_json::to_string_pretty(&vec).unwrap());
        let empty = ProductFigures::from_rows(&[], 30);
        assert_eq!(serde_json::to_string(&empty.abc_json()).unwrap(), "[]");
    }
}
