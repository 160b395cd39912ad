//! Warehouses: adding, listing, closing.

use anyhow::Result;
use serde::Serialize;

use super::Store;

/// A warehouse as `warehouse list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct WarehouseRow {
    pub code: String,
    pub name: String,
    pub region: String,
    pub status: String,
    /// Per unit per day, as a decimal string (exact).
    pub storage_cost: String,
    pub links: i64,
    pub stock: i64,
}

impl Store {
    pub fn warehouses(&self) -> Result<Vec<WarehouseRow>> {
        // One pass over the links, grouped: summing stock through the per-warehouse index
        // would read every link row at random (0.9 s at 1M links; the scan takes a fraction).
        let mut stmt = self.conn.prepare(
            "SELECT w.code, w.name, w.region, w.status, w.storage_cost_micros,
                    ifnull(t.links, 0), ifnull(t.stock, 0)
             FROM warehouses w
             LEFT JOIN (SELECT warehouse_code, count(*) AS links,
                               sum(stock_quantity) AS stock
                        FROM inventory_mapping GROUP BY warehouse_code) t
               ON t.warehouse_code = w.code
             ORDER BY w.code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(WarehouseRow {
                code: r.get(0)?,
                name: r.get(1)?,
                region: r.get(2)?,
                status: r.get(3)?,
                storage_cost: crate::domain::values::format_decimal(r.get(4)?, 6, 2),
                links: r.get(5)?,
                stock: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// A warehouse's status and how many links it has (`None`: no such warehouse).
    pub fn warehouse_links(&self, code: &str) -> Result<Option<(String, i64)>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT status, (SELECT count(*) FROM inventory_mapping WHERE warehouse_code = ?1)
                 FROM warehouses WHERE code = ?1",
                [code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Warehouse codes that exist, for validating a file's references in memory (no query
    /// per row).
    pub fn warehouse_code_set(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT code FROM warehouses")?;
        let codes = stmt.query_map([], |r| r.get(0))?;
        Ok(codes.collect::<rusqlite::Result<_>>()?)
    }
}
