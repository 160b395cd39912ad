//! Warehouses: adding, listing, closing.

use anyhow::{Result, bail};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use super::changes::ChangeTx;
use super::tx::TxConn;
use crate::domain::code::WarehouseCode;
use crate::error::{InputError, Refused};

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
    /// Adds a warehouse; an existing code is an input error.
    pub fn add_warehouse(
        &mut self,
        code: &WarehouseCode,
        name: &str,
        region: &str,
        storage_cost_micros: i64,
    ) -> Result<()> {
        let tx = self.begin_plain()?;
        let exists =
            tx.0.query_row("SELECT 1 FROM warehouses WHERE code = ?1", [code], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if exists {
            return Err(InputError::single(
                "command line",
                "CODE",
                code.as_str(),
                "a warehouse with this code already exists: choose another code (or `invmap import warehouses` to update it)",
            )
            .into());
        }
        tx.0.execute(
            "INSERT INTO warehouses(code, name, region, storage_cost_micros) VALUES (?1, ?2, ?3, ?4)",
            params![code, name, region, storage_cost_micros],
        )?;
        tx.commit()
    }

    pub fn warehouses(&self) -> Result<Vec<WarehouseRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT w.code, w.name, w.region, w.status, w.storage_cost_micros,
                    (SELECT count(*) FROM inventory_mapping m WHERE m.warehouse_code = w.code),
                    (SELECT ifnull(sum(m.stock_quantity), 0) FROM inventory_mapping m
                     WHERE m.warehouse_code = w.code)
             FROM warehouses w ORDER BY w.code",
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

impl ChangeTx<'_> {
    /// Marks a warehouse closed: no new orders are routed to it. Its links stay (they hold
    /// stock that must be moved or written off by an unbind); each is recorded as touched so
    /// the change shows what stopped routing, and the previous status is kept for rollback.
    pub fn close_warehouse(&self, code: &WarehouseCode) -> Result<u64> {
        let status: Option<String> = self
            .conn()
            .query_row(
                "SELECT status FROM warehouses WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?;
        match status.as_deref() {
            None => bail!(InputError::single(
                "command line",
                "CODE",
                code.as_str(),
                "unknown warehouse: see `invmap warehouse list`"
            )),
            Some("closed") => bail!(Refused(format!(
                "warehouse {code} is already closed; nothing changed"
            ))),
            _ => {}
        }
        self.conn().execute(
            "UPDATE warehouses SET status = 'closed' WHERE code = ?1",
            [code],
        )?;
        self.mark_other_write();
        self.set_summary_extra(serde_json::json!({
            "warehouse_status": {"code": code, "before": "active", "after": "closed"}
        }));
        let links = self.conn().execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                 before_present, before_qty, before_priority, before_state, before_drain_started_at,
                 before_last_change, after_present, after_qty)
             SELECT ?1, product_id, warehouse_code, 'close', 1, stock_quantity, priority, state,
                    drain_started_at, last_change, 1, stock_quantity
             FROM inventory_mapping WHERE warehouse_code = ?2",
            params![self.id, code],
        )?;
        self.conn().execute(
            "UPDATE inventory_mapping SET last_change = ?1 WHERE warehouse_code = ?2",
            params![self.id, code],
        )?;
        Ok(links as u64)
    }
}
