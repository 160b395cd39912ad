//! The stock metrics of SPEC §7: turnover, safety stock, ABC classes and storage cost.
//!
//! Money is integer: unit cost in cents, storage price in millionths per unit-day, so sales
//! values and storage costs are exact and the ABC thresholds are compared exactly (in i128,
//! never as floating-point shares).

use std::collections::HashMap;

use serde::Serialize;

use super::rates::ratio;
use crate::domain::values::format_decimal;
use crate::store::metrics::{ProductRow, WarehouseCostRow};

/// turnover_days: Σ current stock ÷ (units sold ÷ days) — null when nothing sold.
pub fn turnover_days(stock: i64, units_sold: i64, days: i64) -> Option<f64> {
    ratio(stock * days, units_sold)
}

/// One product's safety stock.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SafetyStock {
    pub product_id: String,
    pub units_sold: i64,
    pub replenishment_days: i64,
    /// units sold ÷ days × replenishment days
    pub safety_stock: f64,
    /// Σ stock over all its links
    pub stock: i64,
    /// stock < safety stock (strictly)
    pub below: bool,
}

/// safety_stock per product: daily sales × replenishment days. `below` is decided exactly:
/// stock < sold × rep ÷ days ⇔ stock × days < sold × rep.
pub fn safety_stock(products: &[ProductRow], days: i64) -> Vec<SafetyStock> {
    products
        .iter()
        .map(|p| SafetyStock {
            product_id: p.product_id.clone(),
            units_sold: p.units_sold,
            replenishment_days: p.replenishment_days,
            safety_stock: (p.units_sold * p.replenishment_days) as f64 / days as f64,
            stock: p.stock,
            below: i128::from(p.stock) * i128::from(days)
                < i128::from(p.units_sold) * i128::from(p.replenishment_days),
        })
        .collect()
}

/// An ABC class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Class {
    A,
    B,
    C,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::A => "A",
            Class::B => "B",
            Class::C => "C",
        }
    }
}

/// One product's ABC class.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AbcEntry {
    pub product_id: String,
    pub units_sold: i64,
    /// Σ sold quantity × unit cost, exact decimal
    pub sales_value: String,
    #[serde(skip)]
    pub value_cents: i64,
    /// cumulative share of the products before this one; null when the total is 0
    pub share_before: Option<f64>,
    pub class: Class,
}

/// abc: sorted by sales value (desc), then product id (byte order); the class follows the
/// cumulative share *before* the product: < 80 % A, < 95 % B, else C. No sales → C (their
/// value is 0, so they come last and their share before is 100 %); total 0 → all C.
pub fn abc(products: &[ProductRow]) -> Vec<AbcEntry> {
    let mut order: Vec<&ProductRow> = products.iter().collect();
    let value = |p: &ProductRow| p.units_sold * p.unit_cost_cents;
    order.sort_by(|a, b| {
        value(b)
            .cmp(&value(a))
            .then_with(|| a.product_id.as_bytes().cmp(b.product_id.as_bytes()))
    });
    let total: i128 = order.iter().map(|p| i128::from(value(p))).sum();
    let mut before: i128 = 0;
    order
        .into_iter()
        .map(|p| {
            let v = value(p);
            let class = if total == 0 || v == 0 {
                Class::C
            } else if before * 100 < total * 80 {
                Class::A
            } else if before * 100 < total * 95 {
                Class::B
            } else {
                Class::C
            };
            let share_before = (total != 0).then(|| before as f64 / total as f64);
            before += i128::from(v);
            AbcEntry {
                product_id: p.product_id.clone(),
                units_sold: p.units_sold,
                sales_value: format_decimal(v, 2, 2),
                value_cents: v,
                share_before,
                class,
            }
        })
        .collect()
}

/// Finds a product's class; products missing from the `products` table are C (no sales value
/// can be known without a unit cost).
pub struct ClassLookup {
    /// sorted by product id
    classes: Vec<(String, Class)>,
}

impl ClassLookup {
    pub fn new(entries: &[AbcEntry]) -> ClassLookup {
        let mut classes: Vec<(String, Class)> = entries
            .iter()
            .map(|e| (e.product_id.clone(), e.class))
            .collect();
        classes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        ClassLookup { classes }
    }

    pub fn class_of(&self, product_id: &str) -> Class {
        self.classes
            .binary_search_by(|(p, _)| p.as_str().cmp(product_id))
            .map(|i| self.classes[i].1)
            .unwrap_or(Class::C)
    }
}

/// Adds a link's stock to its product in `products` (sorted by product id); links of products
/// missing from the `products` table count in the store's total only.
pub fn add_stock(products: &mut [ProductRow], product_id: &str, stock: i64) {
    if let Ok(i) = products.binary_search_by(|p| p.product_id.as_str().cmp(product_id)) {
        products[i].stock += stock;
    }
}

/// Storage cost of one (warehouse, class) that holds at least one link.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StorageCost {
    pub warehouse_code: String,
    pub class: Class,
    pub links: i64,
    pub stock: i64,
    /// Σ stock × price per unit-day × days, exact decimal
    pub cost: String,
    #[serde(skip)]
    pub cost_micros: i128,
}

/// Adds up links as the store streams them: stock per warehouse and per (warehouse, class).
/// Warehouses are numbered once, so a million links cost a hash lookup each and no allocation.
pub struct StockTally {
    codes: Vec<String>,
    prices: Vec<i64>,
    index: HashMap<String, usize>,
    /// per warehouse, per class: (links, stock), `None` while the cell holds no link
    cells: Vec<[Option<(i64, i64)>; 3]>,
    pub total_stock: i64,
}

impl StockTally {
    pub fn new(warehouses: &[WarehouseCostRow]) -> StockTally {
        let mut t = StockTally {
            codes: Vec::new(),
            prices: Vec::new(),
            index: HashMap::new(),
            cells: Vec::new(),
            total_stock: 0,
        };
        for w in warehouses {
            t.warehouse(&w.code, w.storage_cost_micros);
        }
        t
    }

    fn warehouse(&mut self, code: &str, price: i64) -> usize {
        if let Some(&i) = self.index.get(code) {
            return i;
        }
        self.codes.push(code.to_string());
        self.prices.push(price);
        self.cells.push([None; 3]);
        self.index.insert(code.to_string(), self.codes.len() - 1);
        self.codes.len() - 1
    }

    pub fn add(&mut self, warehouse: &str, class: Class, stock: i64) {
        self.total_stock += stock;
        // A link to a warehouse the store does not know (foreign keys off) costs nothing.
        let i = self.warehouse(warehouse, 0);
        let cell = self.cells[i][class as usize].get_or_insert((0, 0));
        cell.0 += 1;
        cell.1 += stock;
    }

    /// Warehouse indexes in code order.
    fn by_code(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.codes.len()).collect();
        order.sort_by(|&a, &b| self.codes[a].cmp(&self.codes[b]));
        order
    }

    /// storage_cost for a window of `days` days (closed warehouses included).
    pub fn storage_cost(&self, days: i64) -> Vec<StorageCost> {
        let mut out = Vec::new();
        for i in self.by_code() {
            for class in [Class::A, Class::B, Class::C] {
                let Some((links, stock)) = self.cells[i][class as usize] else {
                    continue;
                };
                let micros = i128::from(stock) * i128::from(self.prices[i]) * i128::from(days);
                out.push(StorageCost {
                    warehouse_code: self.codes[i].clone(),
                    class,
                    links,
                    stock,
                    cost: format_micros(micros),
                    cost_micros: micros,
                });
            }
        }
        out
    }

    /// Stock per warehouse that holds links, by code.
    pub fn stock_by_warehouse(&self) -> Vec<(String, i64)> {
        self.by_code()
            .into_iter()
            .filter(|&i| self.cells[i].iter().any(Option::is_some))
            .map(|i| {
                let stock = self.cells[i].iter().flatten().map(|c| c.1).sum();
                (self.codes[i].clone(), stock)
            })
            .collect()
    }
}

/// Millionths as an exact decimal with at least two places (`12.5` → `12.50`).
pub fn format_micros(micros: i128) -> String {
    match i64::try_from(micros) {
        Ok(m) => format_decimal(m, 6, 2),
        // Beyond 9.2 trillion: keep it exact, just without trimming.
        Err(_) => format!("{}.{:06}", micros / 1_000_000, (micros % 1_000_000).abs()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str, cents: i64, sold: i64, stock: i64, rep: i64) -> ProductRow {
        ProductRow {
            product_id: id.into(),
            unit_cost_cents: cents,
            replenishment_days: rep,
            units_sold: sold,
            stock,
        }
    }

    #[test]
    fn stock_is_summed_per_product_over_its_links() {
        let mut rows = [p("A", 0, 0, 0, 7), p("B", 0, 0, 0, 7)];
        add_stock(&mut rows, "B", 4);
        add_stock(&mut rows, "B", 5);
        add_stock(&mut rows, "Z", 100);
        assert_eq!((rows[0].stock, rows[1].stock), (0, 9));
    }

    #[test]
    fn turnover_is_null_without_sales() {
        assert_eq!(turnover_days(300, 30, 30), Some(300.0));
        assert_eq!(turnover_days(300, 0, 30), None);
        assert_eq!(turnover_days(0, 10, 30), Some(0.0));
    }

    /// 30 units in 30 days with 7 days to replenish: 7 units of safety stock. 7 in stock is
    /// not below (strict); 6 is. No sales: safety stock 0, never below.
    #[test]
    fn safety_stock_is_daily_sales_times_replenishment_days() {
        let rows = [p("A", 0, 30, 7, 7), p("B", 0, 30, 6, 7), p("C", 0, 0, 0, 7)];
        let s = safety_stock(&rows, 30);
        assert_eq!(s[0].safety_stock, 7.0);
        assert_eq!(
            s.iter().map(|x| x.below).collect::<Vec<_>>(),
            [false, true, false]
        );
        // 10 sold over 3 days, 1 day to replenish: 3.33…; 3 in stock is below, exactly.
        let odd = safety_stock(&[p("D", 0, 10, 3, 1)], 3);
        assert!(odd[0].below);
    }

    /// Values 70, 15, 10, 5, 0 (of 100): shares before 0, 70, 85, 95, 100 → A, A, B, C, C —
    /// the class follows the share *before*, so "b" is A although it takes the total past 80 %.
    /// Ties in value are broken by product id in byte order ("B" < "a").
    #[test]
    fn abc_follows_the_share_before_each_product() {
        let rows = [
            p("d", 100, 5, 0, 7),
            p("a", 1000, 7, 0, 7),
            p("c", 100, 10, 0, 7),
            p("b", 100, 15, 0, 7),
            p("z", 100, 0, 0, 7),
        ];
        let classes: Vec<(String, Class)> = abc(&rows)
            .into_iter()
            .map(|e| (e.product_id, e.class))
            .collect();
        let want = [
            ("a", Class::A),
            ("b", Class::A),
            ("c", Class::B),
            ("d", Class::C),
            ("z", Class::C),
        ];
        assert_eq!(classes, want.map(|(id, c)| (id.to_string(), c)).to_vec());
        let ties = abc(&[p("a", 100, 1, 0, 7), p("B", 100, 1, 0, 7)]);
        assert_eq!(ties[0].product_id, "B");
        assert_eq!((ties[0].class, ties[1].class), (Class::A, Class::A));
        assert_eq!(ties[1].share_before, Some(0.5));
        assert_eq!(ties[0].sales_value, "1.00");
    }

    #[test]
    fn abc_with_total_value_zero_is_all_c() {
        let e = abc(&[p("a", 0, 5, 0, 7), p("b", 300, 0, 0, 7)]);
        assert!(
            e.iter()
                .all(|x| x.class == Class::C && x.share_before.is_none())
        );
    }

    /// The share before is compared exactly: 80 of 100 is not below 80 %.
    #[test]
    fn abc_threshold_is_exact() {
        let e = abc(&[p("a", 1, 80, 0, 7), p("b", 1, 15, 0, 7), p("c", 1, 5, 0, 7)]);
        let c: Vec<Class> = e.iter().map(|x| x.class).collect();
        assert_eq!(c, [Class::A, Class::B, Class::C]);
    }

    /// 0.035 per unit-day × 10 units × 30 days = 10.50; closed warehouses still cost money;
    /// links of products without a products row are C.
    #[test]
    fn storage_cost_is_exact_per_warehouse_and_class() {
        let whs = [
            WarehouseCostRow {
                code: "SH01".into(),
                storage_cost_micros: 35_000,
                closed: false,
            },
            WarehouseCostRow {
                code: "X".into(),
                storage_cost_micros: 1,
                closed: true,
            },
        ];
        let lookup = ClassLookup::new(&abc(&[p("A", 100, 1, 0, 7)]));
        let mut t = StockTally::new(&whs);
        t.add("SH01", lookup.class_of("A"), 4);
        t.add("SH01", lookup.class_of("A"), 6);
        t.add("SH01", lookup.class_of("unknown"), 0);
        t.add("X", lookup.class_of("A"), 3);
        let cost = t.storage_cost(30);
        let view: Vec<(&str, Class, i64, &str)> = cost
            .iter()
            .map(|c| (c.warehouse_code.as_str(), c.class, c.stock, c.cost.as_str()))
            .collect();
        assert_eq!(
            view,
            [
                ("SH01", Class::A, 10, "10.50"),
                ("SH01", Class::C, 0, "0.00"),
                ("X", Class::A, 3, "0.00009")
            ]
        );
        assert_eq!(
            t.stock_by_warehouse(),
            [("SH01".to_string(), 10), ("X".to_string(), 3)]
        );
        assert_eq!(t.total_stock, 13);
    }
}
