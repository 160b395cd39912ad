//! Counts of what a store holds, for summaries.

use anyhow::Result;
use serde::Serialize;

use super::Store;

/// How much a store holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub warehouses: i64,
    pub regions: i64,
    pub products: i64,
    pub links: i64,
    pub orders: i64,
    pub open_orders: i64,
    pub counts: i64,
    pub complaints: i64,
    pub changes: i64,
}

impl Store {
    pub fn totals(&self) -> Result<Totals> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM warehouses),
                    (SELECT count(DISTINCT region) FROM warehouses WHERE region <> ''),
                    (SELECT count(*) FROM products),
                    (SELECT count(*) FROM inventory_mapping),
                    (SELECT count(*) FROM orders),
                    (SELECT count(*) FROM orders WHERE status = 'open'),
                    (SELECT count(*) FROM stock_counts),
                    (SELECT count(*) FROM complaints),
                    (SELECT count(*) FROM changes)",
            [],
            |r| {
                Ok(Totals {
                    warehouses: r.get(0)?,
                    regions: r.get(1)?,
                    products: r.get(2)?,
                    links: r.get(3)?,
                    orders: r.get(4)?,
                    open_orders: r.get(5)?,
                    counts: r.get(6)?,
                    complaints: r.get(7)?,
                    changes: r.get(8)?,
                })
            },
        )?)
    }
}
