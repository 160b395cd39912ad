//! The per-product figures (safety stock, ABC) held compactly: the only part of `metrics`
//! whose memory grows with the number of products, so it is kept to a few dozen bytes per
//! product and the json/csv lists are produced while they are written, never built whole.
//!
//! - [`Catalog`]: the `products` rows of one command, ids back to back in one string, numbers
//!   in parallel vectors, indexed by position (ids in byte order, as the store sorts them);
//! - [`IdIndex`]: a hash index from id to position, for the order pass only;
//! - [`Abc`]: one window's ABC ranking, as positions, with a class byte per product;
//! - [`ProductFigures`]: one window's units sold and ABC over a shared catalog, and the
//!   [`SafetyStock`] / [`AbcEntry`] rows it hands out one at a time.
//!
//! Bytes per product (ids of L bytes): the catalog L + 4 (id end) + 3 × 8 (unit cost,
//! replenishment days, stock), shared by every window of a command; per window 8 (units
//! sold) + 4 (ABC position) + 1 (class); while orders are read, 6–8 more for the hash index
//! (dropped before the links are read), and 16 per product with sales while ABC sorts. At
//! 2,000,000 products of 12-byte ids: 106 MB for `metrics`, 132 MB for `metrics --change`,
//! 158 MB for `report` with a change — the per-product structs this replaced held some
//! 350 bytes each, several times over.

use std::cmp::Reverse;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::stock::Class;
use crate::domain::values::format_decimal;

/// Every row of `products`, by product id (byte order), with each product's current stock.
#[derive(Default, Clone)]
pub struct Catalog {
    /// every id, back to back
    text: String,
    /// `ends[i]`: where id `i` ends in `text` (it starts where id `i − 1` ends)
    ends: Vec<u32>,
    unit_cost_cents: Vec<i64>,
    replenishment_days: Vec<i64>,
    /// Σ stock over all its links, now (empty until [`Catalog::set_stock`])
    stock: Vec<i64>,
}

impl Catalog {
    /// Adds the next product. Ids must come in strictly increasing byte order (the store's
    /// `ORDER BY product_id`): positions then sort like ids, and links stream in the same
    /// order (see [`Catalog::seek`]).
    pub fn push(&mut self, id: &str, unit_cost_cents: i64, replenishment_days: i64) {
        assert!(
            self.ends.is_empty() || self.id_bytes(self.len() - 1) < id.as_bytes(),
            "products must come sorted by id"
        );
        self.text.push_str(id);
        let end = u32::try_from(self.text.len()).expect("product ids beyond 4 GiB");
        self.ends.push(end);
        self.unit_cost_cents.push(unit_cost_cents);
        self.replenishment_days.push(replenishment_days);
    }

    /// Gives back what the vectors reserved beyond their length.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.unit_cost_cents.shrink_to_fit();
        self.replenishment_days.shrink_to_fit();
        self.stock.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn id(&self, i: usize) -> &str {
        &self.text[self.span(i)]
    }

    /// The id's bytes, for comparing (no char-boundary checks: the hot loops only compare).
    fn id_bytes(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.span(i)]
    }

    fn span(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        start..self.ends[i] as usize
    }

    pub fn unit_cost_cents(&self, i: usize) -> i64 {
        self.unit_cost_cents[i]
    }

    pub fn replenishment_days(&self, i: usize) -> i64 {
        self.replenishment_days[i]
    }

    /// Current stock of the product at position `i` (0 before [`Catalog::set_stock`]).
    pub fn stock(&self, i: usize) -> i64 {
        self.stock.get(i).copied().unwrap_or(0)
    }

    /// Sets every product's current stock, by position (summed from the link stream).
    pub fn set_stock(&mut self, stock: Vec<i64>) {
        assert_eq!(stock.len(), self.len());
        self.stock = stock;
    }

    /// The position of `id` (binary search: for a few lookups; the order pass uses [`IdIndex`]).
    pub fn find(&self, id: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.id_bytes(mid).cmp(id.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The position of `id` for a stream of ids in nondecreasing order (the links, in key
    /// order): `*cursor` only moves forward, so a whole stream costs one walk of the catalog.
    /// `None` for an id the catalog does not have.
    pub fn seek(&self, cursor: &mut usize, id: &str) -> Option<usize> {
        while *cursor < self.len() {
            match self.id_bytes(*cursor).cmp(id.as_bytes()) {
                std::cmp::Ordering::Less => *cursor += 1,
                std::cmp::Ordering::Equal => return Some(*cursor),
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Catalog({} products)", self.len())
    }
}

/// Open-addressing hash index from product id to catalog position: 4 bytes a slot, at most
/// two thirds full, so 6–8 bytes a product, and no copy of the ids.
pub struct IdIndex {
    /// position + 1; 0 is an empty slot
    slots: Vec<u32>,
    mask: usize,
}

impl IdIndex {
    pub fn new(catalog: &Catalog) -> IdIndex {
        let n = catalog.len();
        let size = (n + n / 2 + 1).next_power_of_two();
        let mut index = IdIndex {
            slots: vec![0; size],
            mask: size - 1,
        };
        for i in 0..n {
            let mut s = hash(catalog.id_bytes(i)) & index.mask;
            while index.slots[s] != 0 {
                s = (s + 1) & index.mask;
            }
            index.slots[s] = i as u32 + 1;
        }
        index
    }

    pub fn find(&self, catalog: &Catalog, id: &str) -> Option<usize> {
        let id = id.as_bytes();
        let mut s = hash(id) & self.mask;
        loop {
            match self.slots[s] {
                0 => return None,
                k if catalog.id_bytes(k as usize - 1) == id => return Some(k as usize - 1),
                _ => s = (s + 1) & self.mask,
            }
        }
    }
}

/// FNV-1a, folded: ids are short, and this is a private in-memory index.
fn hash(id: &[u8]) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in id {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as usize
}

/// Products and sales value of one ABC class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassTotal {
    pub products: usize,
    pub value_cents: i64,
}

/// One window's ABC classes: sorted by sales value (desc), then product id (byte order); the
/// class follows the cumulative share *before* the product: < 80 % A, < 95 % B, else C. No
/// sales → C (their value is 0, so they come after every seller); total 0 → all C.
#[derive(Debug, Clone, Default)]
pub struct Abc {
    /// catalog positions in ABC order
    order: Vec<u32>,
    /// by catalog position
    classes: Vec<Class>,
    total: i128,
    per_class: [ClassTotal; 3],
}

impl Abc {
    /// `units_sold` is by catalog position.
    pub fn new(catalog: &Catalog, units_sold: &[i64]) -> Abc {
        let n = catalog.len();
        let value = |i: usize| units_sold[i] * catalog.unit_cost_cents(i);
        // Positions sort like ids, so ties in value go by position. Only products with sales
        // are sorted (value, position) pairs; the rest keep their place in id order between
        // the positive and the negative values.
        let mut valued: Vec<(Reverse<i64>, u32)> = (0..n)
            .filter(|&i| value(i) != 0)
            .map(|i| (Reverse(value(i)), i as u32))
            .collect();
        valued.sort_unstable();
        let positive = valued.partition_point(|(Reverse(v), _)| *v > 0);
        let mut order = Vec::with_capacity(n);
        order.extend(valued[..positive].iter().map(|&(_, i)| i));
        order.extend((0..n as u32).filter(|&i| value(i as usize) == 0));
        order.extend(valued[positive..].iter().map(|&(_, i)| i));
        drop(valued);
        let total: i128 = (0..n).map(|i| i128::from(value(i))).sum();
        let mut classes = vec![Class::C; n];
        let mut per_class = [ClassTotal::default(); 3];
        let mut before: i128 = 0;
        for &i in &order {
            let v = value(i as usize);
            let class = if total == 0 || v == 0 {
                Class::C
            } else if before * 100 < total * 80 {
                Class::A
            } else if before * 100 < total * 95 {
                Class::B
            } else {
                Class::C
            };
            before += i128::from(v);
            classes[i as usize] = class;
            per_class[class as usize].products += 1;
            per_class[class as usize].value_cents += v;
        }
        Abc {
            order,
            classes,
            total,
            per_class,
        }
    }

    /// The class of the product at catalog position `i`.
    pub fn class(&self, i: usize) -> Class {
        self.classes[i]
    }
}

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

/// One product's ABC class (a row of the json `abc` list). `sales_value` is formatted only
/// when written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AbcEntry<'a> {
    pub product_id: &'a str,
    pub units_sold: i64,
    /// Σ sold quantity × unit cost, in cents
    pub value_cents: i64,
    /// cumulative share of the products before this one; null when the total is 0
    pub share_before: Option<f64>,
    pub class: Class,
}

impl AbcEntry<'_> {
    /// The sales value as an exact decimal (`"42.50"`).
    pub fn sales_value(&self) -> String {
        format_decimal(self.value_cents, 2, 2)
    }
}

impl Serialize for AbcEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("AbcEntry", 5)?;
        st.serialize_field("product_id", self.product_id)?;
        st.serialize_field("units_sold", &self.units_sold)?;
        st.serialize_field("sales_value", &self.sales_value())?;
        st.serialize_field("share_before", &self.share_before)?;
        st.serialize_field("class", &self.class)?;
        st.end()
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
        self.abc.per_class[class as usize]
    }

    /// Every product in ABC order (sales value desc, then product id), with its share before.
    pub fn abc(&self) -> impl ExactSizeIterator<Item = AbcEntry<'_>> + '_ {
        let total = self.abc.total;
        let mut before: i128 = 0;
        self.abc.order.iter().map(move |&i| {
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

    fn catalog(ids: &[&str]) -> Catalog {
        let mut c = Catalog::default();
        for id in ids {
            c.push(id, 100, 7);
        }
        c
    }

    #[test]
    fn ids_are_found_by_hash_binary_search_and_forward_seek() {
        let ids = ["", "A", "AB", "B", "SKU-1", "SKU-10", "中文"];
        let c = catalog(&ids);
        let index = IdIndex::new(&c);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(c.id(i), *id);
            assert_eq!(index.find(&c, id), Some(i));
            assert_eq!(c.find(id), Some(i));
        }
        for missing in ["AA", "C", "SKU-2", "z"] {
            assert_eq!(index.find(&c, missing), None);
            assert_eq!(c.find(missing), None);
        }
        // Links in key order, some of products the catalog does not have.
        let mut at = 0;
        let seen: Vec<Option<usize>> = ["A", "A", "AA", "B", "SKU-10", "SKU-10", "zz"]
            .iter()
            .map(|id| c.seek(&mut at, id))
            .collect();
        assert_eq!(
            seen,
            [Some(1), Some(1), None, Some(3), Some(5), Some(5), None]
        );
        assert!(IdIndex::new(&Catalog::default()).find(&c, "A").is_none());
    }

    #[test]
    #[should_panic(expected = "sorted")]
    fn products_must_come_sorted() {
        catalog(&["B", "A"]);
    }

    #[test]
    fn stock_is_summed_per_product_over_its_links() {
        let mut c = catalog(&["A", "B"]);
        assert_eq!(c.stock(1), 0, "no stock before the links are read");
        let (mut at, mut stock) = (0, vec![0; c.len()]);
        for (id, qty) in [("B", 4), ("B", 5), ("Z", 100)] {
            if let Some(i) = c.seek(&mut at, id) {
                stock[i] += qty;
            }
        }
        c.set_stock(stock);
        assert_eq!((c.stock(0), c.stock(1)), (0, 9));
    }

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

    fn classes(f: &ProductFigures) -> Vec<(&str, Class)> {
        f.abc().map(|e| (e.product_id, e.class)).collect()
    }

    /// Values 70, 15, 10, 5, 0 (of 100): shares before 0, 70, 85, 95, 100 → A, A, B, C, C —
    /// the class follows the share *before*, so "b" is A although it takes the total past 80 %.
    /// Ties in value are broken by product id in byte order ("B" < "a").
    #[test]
    fn abc_follows_the_share_before_each_product() {
        let f = ProductFigures::from_rows(
            &[
                ("a", 1000, 7, 0, 7),
                ("b", 100, 15, 0, 7),
                ("c", 100, 10, 0, 7),
                ("d", 100, 5, 0, 7),
                ("y", 100, 0, 0, 7),
                ("z", 100, 0, 0, 7),
            ],
            30,
        );
        assert_eq!(
            classes(&f),
            [
                ("a", Class::A),
                ("b", Class::A),
                ("c", Class::B),
                ("d", Class::C),
                ("y", Class::C),
                ("z", Class::C)
            ]
        );
        assert_eq!(f.class(1), Class::A);
        assert_eq!(
            f.class_total(Class::A),
            ClassTotal {
                products: 2,
                value_cents: 8500
            }
        );
        assert_eq!(f.class_total(Class::C).products, 3);
        let ties = ProductFigures::from_rows(&[("B", 100, 1, 0, 7), ("a", 100, 1, 0, 7)], 30);
        let e: Vec<AbcEntry<'_>> = ties.abc().collect();
        assert_eq!(e[0].product_id, "B");
        assert_eq!((e[0].class, e[1].class), (Class::A, Class::A));
        assert_eq!(e[1].share_before, Some(0.5));
        assert_eq!(e[0].sales_value(), "1.00");
        let json = serde_json::to_value(e[0]).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "product_id",
                "units_sold",
                "sales_value",
                "share_before",
                "class"
            ]
        );
        assert_eq!(json["sales_value"], "1.00");
    }

    /// A negative value (a negative quantity in a foreign store) sorts after the zeros.
    #[test]
    fn abc_puts_zero_values_between_positive_and_negative_ones() {
        let f = ProductFigures::from_rows(
            &[
                ("a", 100, -1, 0, 7),
                ("b", 100, 0, 0, 7),
                ("c", 100, 2, 0, 7),
                ("d", 100, 0, 0, 7),
            ],
            30,
        );
        let ids: Vec<&str> = f.abc().map(|e| e.product_id).collect();
        assert_eq!(ids, ["c", "b", "d", "a"]);
    }

    #[test]
    fn abc_with_total_value_zero_is_all_c() {
        let f = ProductFigures::from_rows(&[("a", 0, 5, 0, 7), ("b", 300, 0, 0, 7)], 30);
        assert!(
            f.abc()
                .all(|x| x.class == Class::C && x.share_before.is_none())
        );
    }

    /// The share before is compared exactly: 80 of 100 is not below 80 %.
    #[test]
    fn abc_threshold_is_exact() {
        let f = ProductFigures::from_rows(
            &[("a", 1, 80, 0, 7), ("b", 1, 15, 0, 7), ("c", 1, 5, 0, 7)],
            30,
        );
        let c: Vec<Class> = f.abc().map(|x| x.class).collect();
        assert_eq!(c, [Class::A, Class::B, Class::C]);
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
