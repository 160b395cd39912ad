//! Staging: the requested pairs go into the batch's temporary table, streamed from a file,
//! taken from the flags, or copied from a stored plan.

use anyhow::Result;
use rusqlite::params;

use super::{Batch, PairInput, STAGE};
use rusqlite::Connection;

impl<'c> Batch<'c> {
    /// Stages the pairs in a temporary table, pulling them one at a time from `next` (a CSV
    /// file is streamed, never held in memory).
    pub fn stage(
        conn: &'c Connection,
        mut next: impl FnMut() -> Result<Option<PairInput>>,
    ) -> Result<Batch<'c>> {
        conn.execute_batch(STAGE)?;
        let mut insert = conn.prepare(
            "INSERT INTO temp.unbind_input(line, product_id, warehouse_code, transfer_to, reason,
                 priority)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        while let Some(p) = next()? {
            insert.execute(params![
                p.line,
                p.sku,
                p.warehouse,
                p.transfer_to,
                p.reason,
                p.priority
            ])?;
        }
        Ok(Batch { conn })
    }

    /// Stages the pairs of a stored plan.
    pub fn stage_plan(conn: &'c Connection, plan_id: i64) -> Result<Batch<'c>> {
        conn.execute_batch(STAGE)?;
        conn.execute(
            "INSERT INTO temp.unbind_input(line, product_id, warehouse_code, transfer_to, reason,
                 priority)
             SELECT line, product_id, warehouse_code, transfer_to, reason, priority FROM plan_pairs
             WHERE plan_id = ?1 ORDER BY line",
            [plan_id],
        )?;
        Ok(Batch { conn })
    }
}

impl<'c> Batch<'c> {
    /// Stages every link at `warehouse` (a warehouse exit), numbered in SKU order. The stock
    /// goes to `to`, or with `by_route` to the warehouse the SKU's next order would go to
    /// without this one (its first other active link at an active warehouse, as `route`
    /// orders them); a SKU with nowhere to go gets no target, and the rules refuse it.
    pub fn stage_exit(
        conn: &'c Connection,
        warehouse: &str,
        to: Option<&str>,
        by_route: bool,
    ) -> Result<Batch<'c>> {
        conn.execute_batch(STAGE)?;
        conn.execute(
            "INSERT INTO temp.unbind_input(line, product_id, warehouse_code, transfer_to)
             SELECT row_number() OVER (ORDER BY m.product_id), m.product_id, m.warehouse_code,
                    CASE WHEN ?2 IS NOT NULL THEN ?2
                         WHEN ?3 THEN (
                           SELECT o.warehouse_code FROM inventory_mapping o
                           JOIN warehouses w ON w.code = o.warehouse_code
                           WHERE o.product_id = m.product_id AND o.warehouse_code <> m.warehouse_code
                             AND w.status = 'active' AND o.state = 'active'
                           ORDER BY o.priority, ifnull(o.stock_quantity, 0) DESC, o.warehouse_code
                           LIMIT 1) END
             FROM inventory_mapping m WHERE m.warehouse_code = ?1 ORDER BY m.product_id",
            params![warehouse, to, by_route],
        )?;
        Ok(Batch { conn })
    }
}
