//! One window's ABC ranking over the catalog: products by sales value, the class each one
//! falls in, and the totals per class — kept as catalog positions (4 bytes a product, a class
//! byte each), never as rows; [`AbcEntry`] is the row handed out while the list is written.

use std::cmp::Reverse;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use super::catalog::Catalog;
use super::stock::Class;
use crate::domain::values::format_decimal;

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

    /// Catalog positions in ABC order (sales value desc, then product id).
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Σ sales value over every product, in cents.
    pub fn total(&self) -> i128 {
        self.total
    }

    /// Products and sales value of one class.
    pub fn class_total(&self, class: Class) -> ClassTotal {
        self.per_class[class as usize]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::products::ProductFigures;

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
}
