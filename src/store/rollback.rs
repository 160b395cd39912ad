//! Rollback: restore a change's before-images and remove what it added, as a new change
//! (so a rollback can be rolled back too). History is only ever appended to.
//!
//! A row that a later change touched again is a conflict: its current state is not what the
//! change left. Rows the change left in place must still carry its id in `last_change`; rows
//! it removed must still be absent.

use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use super::changes::ChangeTx;

/// A row that changed again after the change being rolled back.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub product_id: String,
    pub warehouse_code: String,
    /// The later change that touched it, when known.
    pub changed_by: Option<i64>,
}

/// Rows (keys) of change `id` whose current state differs from what `id` left.
const CONFLICTS: &str = "
    SELECT i.product_id, i.warehouse_code, m.last_change
    FROM change_items i
    LEFT JOIN inventory_mapping m
      ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
    WHERE i.change_id = ?1
      AND ((i.after_present AND (m.product_id IS NULL OR m.last_change IS NOT ?1))
           OR (NOT i.after_present AND m.product_id IS NOT NULL))";

impl Store {
    /// The newest change that is neither rolled back nor itself a rollback, so repeated
    /// `rollback last` walks back through history.
    pub fn last_undoable_change(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT c.id FROM changes c
                 WHERE c.rolls_back IS NULL
                   AND NOT EXISTS (SELECT 1 FROM changes r WHERE r.rolls_back = c.id)
                 ORDER BY c.id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl ChangeTx<'_> {
    /// The conflicts of rolling back `target` (at most `limit`), and how many there are.
    pub fn rollback_conflicts(&self, target: i64, limit: usize) -> Result<(Vec<Conflict>, u64)> {
        let conn = self.conn();
        let total: u64 = conn.query_row(
            &format!("SELECT count(*) FROM ({CONFLICTS})"),
            [target],
            |r| r.get(0),
        )?;
        if total == 0 {
            return Ok((Vec::new(), 0));
        }
        let mut stmt = conn.prepare(&format!("{CONFLICTS} LIMIT ?2"))?;
        let rows = stmt.query_map(params![target, limit as i64], |r| {
            Ok(Conflict {
                product_id: r.get(0)?,
                warehouse_code: r.get(1)?,
                changed_by: r.get(2)?,
            })
        })?;
        let mut conflicts: Vec<Conflict> = rows.collect::<rusqlite::Result<_>>()?;
        // A removed row carries no mark: find the later change that removed it.
        let mut later = conn.prepare(
            "SELECT max(change_id) FROM change_items
             WHERE change_id > ?1 AND product_id = ?2 AND warehouse_code = ?3",
        )?;
        for c in conflicts.iter_mut().filter(|c| c.changed_by.is_none()) {
            c.changed_by = later
                .query_row(params![target, c.product_id, c.warehouse_code], |r| {
                    r.get(0)
                })?;
        }
        Ok((conflicts, total))
    }

    /// Puts back every before-image of `target` and removes the rows it added, recording this
    /// change's own before-images first. Returns the number of rows touched.
    pub fn apply_rollback(&self, target: i64) -> Result<u64> {
        let conn = self.conn();
        let id = self.id;
        conn.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action, before_present,
                 before_qty, before_priority, before_state, before_drain_started_at, before_last_change,
                 after_present, after_qty, note)
             SELECT ?1, i.product_id, i.warehouse_code, 'rollback', m.product_id IS NOT NULL,
                    m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                    i.before_present, i.before_qty, 'undo of change ' || ?2
             FROM change_items i
             LEFT JOIN inventory_mapping m
               ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
             WHERE i.change_id = ?2",
            params![id, target],
        )?;
        conn.execute(
            "DELETE FROM inventory_mapping WHERE (product_id, warehouse_code) IN
                 (SELECT product_id, warehouse_code FROM change_items
                  WHERE change_id = ?1 AND NOT before_present)",
            [target],
        )?;
        conn.execute(
            "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority, state,
                 drain_started_at, last_change)
             SELECT product_id, warehouse_code, before_qty, before_priority, before_state,
                    before_drain_started_at, ?2
             FROM change_items WHERE change_id = ?1 AND before_present
             ON CONFLICT(product_id, warehouse_code) DO UPDATE SET
                 stock_quantity = excluded.stock_quantity, priority = excluded.priority,
                 state = excluded.state, drain_started_at = excluded.drain_started_at,
                 last_change = excluded.last_change",
            params![target, id],
        )?;
        self.restore_warehouse_statuses(target)?;
        let n: u64 = conn.query_row(
            "SELECT count(*) FROM change_items WHERE change_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        Ok(n)
    }

    /// Warehouse statuses the target changed (`warehouse-close`, or a rollback of one) are
    /// set back, and recorded in this change's summary so that it can be undone as well.
    fn restore_warehouse_statuses(&self, target: i64) -> Result<()> {
        let summary: String =
            self.conn()
                .query_row("SELECT summary FROM changes WHERE id = ?1", [target], |r| {
                    r.get(0)
                })?;
        let summary: serde_json::Value = serde_json::from_str(&summary).unwrap_or_default();
        let Some(ws) = summary.get("warehouse_status") else {
            return Ok(());
        };
        let (code, before, after) = (
            ws["code"].as_str(),
            ws["before"].as_str(),
            ws["after"].as_str(),
        );
        if let (Some(code), Some(before), Some(after)) = (code, before, after) {
            self.conn().execute(
                "UPDATE warehouses SET status = ?2 WHERE code = ?1",
                [code, before],
            )?;
            self.mark_other_write();
            self.set_summary_extra(serde_json::json!({
                "warehouse_status": {"code": code, "before": after, "after": before}
            }));
        }
        Ok(())
    }
}
