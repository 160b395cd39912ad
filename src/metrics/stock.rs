//! The stock metrics of SPEC §7: turnover and storage cost, and the ABC classes (the
//! per-product safety stock and ABC ranking are in `metrics::products`).
//!
//! Money is integer: unit cost in cents, storage price in millionths per unit-day, so sales
//! values and storage costs are exact and the ABC thresholds are compared exactly (in i128,
//! never as floating-point shares).

use std::collections::HashMap;

use serde::Serialize;

use super::rates::ratio;
use crate::domain::values::format_decimal;
use crate::metrics::rows::WarehouseCostRow;

/// turnover_days: Σ current stock ÷ (units sold ÷ days) — null when nothing sold.
pub fn turnover_days(stock: i64, units_sold: i64, days: i64) -> Option<f64> {
    ratio(stock * days, units_sold)
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
    /// By warehouse index: closed (its links stay, it takes no orders).
    closed: Vec<bool>,
}

/// A warehouse's stock, for the report's bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseStock {
    pub code: String,
    pub stock: i64,
    pub closed: bool,
}

impl StockTally {
    pub fn new(warehouses: &[WarehouseCostRow]) -> StockTally {
        let mut t = StockTally {
            codes: Vec::new(),
            prices: Vec::new(),
            index: HashMap::new(),
            cells: Vec::new(),
            total_stock: 0,
            closed: Vec::new(),
        };
        for w in warehouses {
            let i = t.warehouse(&w.code, w.storage_cost_micros);
            t.closed[i] = w.closed;
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
        self.closed.push(false);
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
    pub fn stock_by_warehouse(&self) -> Vec<WarehouseStock> {
        self.by_code()
            .into_iter()
            .filter(|&i| self.cells[i].iter().any(Option::is_some))
            .map(|i| WarehouseStock {
                code: self.codes[i].clone(),
                stock: self.cells[i].iter().flatten().map(|c| c.1).sum(),
                closed: self.closed[i],
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

    #[test]
    fn turnover_is_null_without_sales() {
        assert_eq!(turnover_days(300, 30, 30), Some(300.0));
        assert_eq!(turnover_days(300, 0, 30), None);
        assert_eq!(turnover_days(0, 10, 30), Some(0.0));
    }

    /// 0.035 per unit-day × 10 units × 30 days = 10.50; closed warehouses still cost money.
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
        let mut t = StockTally::new(&whs);
        t.add("SH01", Class::A, 4);
        t.add("SH01", Class::A, 6);
        t.add("SH01", Class::C, 0);
        t.add("X", Class::A, 3);
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
        let bars: Vec<(String, i64)> = t
            .stock_by_warehouse()
            .into_iter()
            .map(|w| (w.code, w.stock))
            .collect();
        assert_eq!(bars, [("SH01".to_string(), 10), ("X".to_string(), 3)]);
        assert_eq!(t.total_stock, 13);
    }
}
