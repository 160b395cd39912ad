//! Rollback: restore a change's before-images and remove what it added, as a new change
//! (so a rollback can be rolled back too). History is only ever appended to.
//!
//! A row that a later change touched again is a conflict: its current state is not what the
//! change left. Rows the change left in place must still carry its mark in `last_change`
//! (its id, or — for a rollback — the mark it put back); rows it removed must still be
//! absent. A rollback puts back the mark of the state it restores, so once a later change is
//! undone, the earlier one can be undone too.

use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use super::changes::ChangeTx;
use super::tx::TxConn;

/// What [`ChangeTx::stage_rollback`] found.
#[derive(Debug, Clone, Copy)]
pub struct RollbackStage {
    /// Rows changed again since the change being rolled back.
    pub conflicts: u64,
    /// The rows it removed are back already.
    pub fast: bool,
}

/// A row that changed again after the change being rolled back.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub product_id: String,
    pub warehouse_code: String,
    /// The later change that touched it, when known.
    pub changed_by: Option<i64>,
}

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
    /// Records this change's before-images — the current state of every row `target`
    /// touched — and marks each row whose state is not what `target` left (action
    /// `rollback-conflict`). Returns how many conflict.
    ///
    /// The rows `target` removed are the bulk of an unbind's undo. They are put back first
    /// with `INSERT OR IGNORE`, and recorded as absent before: if every one went in, none had
    /// come back since, and no lookup per row is needed. Otherwise that attempt is undone and
    /// every row goes the general way (a lookup of its current state).
    pub fn stage_rollback(&self, target: i64) -> Result<RollbackStage> {
        let conn = self.conn();
        conn.execute_batch("SAVEPOINT put_back")?;
        let put_back = conn.execute(
            "INSERT OR IGNORE INTO inventory_mapping(product_id, warehouse_code, stock_quantity,
                 priority, state, drain_started_at, last_change)
             SELECT product_id, warehouse_code, before_qty, before_priority, before_state,
                    before_drain_started_at, before_last_change
             FROM change_items WHERE change_id = ?1 AND NOT after_present AND before_present",
            [target],
        )? as u64;
        let removed = conn.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                 before_present, after_present, after_qty, after_last_change, note)
             SELECT ?1, product_id, warehouse_code, 'rollback', 0, 1, before_qty,
                    before_last_change, NULL
             FROM change_items WHERE change_id = ?2 AND NOT after_present",
            params![self.id, target],
        )? as u64;
        let fast = put_back == removed;
        if fast {
            conn.execute_batch("RELEASE put_back")?;
        } else {
            conn.execute_batch("ROLLBACK TO put_back; RELEASE put_back")?;
        }
        let looked_up = conn.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action, before_present,
                 before_qty, before_priority, before_state, before_drain_started_at, before_last_change,
                 after_present, after_qty, after_last_change, note)
             SELECT ?1, i.product_id, i.warehouse_code,
                    CASE WHEN (i.after_present
                               AND (m.product_id IS NULL
                                    OR m.last_change IS NOT coalesce(i.after_last_change, ?2)))
                           OR (NOT i.after_present AND m.product_id IS NOT NULL)
                         THEN 'rollback-conflict' ELSE 'rollback' END,
                    m.product_id IS NOT NULL,
                    m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                    i.before_present, i.before_qty, i.before_last_change, NULL
             FROM change_items i
             LEFT JOIN inventory_mapping m
               ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
             WHERE i.change_id = ?2 AND (i.after_present OR NOT ?3)",
            params![self.id, target, fast],
        )?;
        // Only rows looked up can conflict.
        let conflicts = if looked_up == 0 {
            0
        } else {
            conn.query_row(
                "SELECT count(*) FROM change_items
                 WHERE change_id = ?1 AND action = 'rollback-conflict'",
                [self.id],
                |r| r.get(0),
            )?
        };
        Ok(RollbackStage { conflicts, fast })
    }

    /// The first `limit` conflicts found by [`ChangeTx::stage_rollback`], naming the later
    /// change that touched each row.
    pub fn rollback_conflicts(&self, target: i64, limit: usize) -> Result<Vec<Conflict>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT product_id, warehouse_code, before_last_change FROM change_items
             WHERE change_id = ?1 AND action = 'rollback-conflict' LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![self.id, limit as i64], |r| {
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
             WHERE change_id > ?1 AND change_id < ?2 AND product_id = ?3 AND warehouse_code = ?4",
        )?;
        for c in conflicts.iter_mut().filter(|c| c.changed_by.is_none()) {
            c.changed_by = later.query_row(
                params![target, self.id, c.product_id, c.warehouse_code],
                |r| r.get(0),
            )?;
        }
        Ok(conflicts)
    }

    /// Puts back every before-image of `target` and removes the rows it added (after
    /// [`ChangeTx::stage_rollback`], which may have put back the removed rows already).
    /// Returns the number of rows touched.
    pub fn apply_rollback(&self, target: i64, stage: &RollbackStage) -> Result<u64> {
        let conn = self.conn();
        let id = self.id;
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
                    before_drain_started_at, before_last_change
             FROM change_items WHERE change_id = ?1 AND before_present AND (after_present OR NOT ?3)
             ON CONFLICT(product_id, warehouse_code) DO UPDATE SET
                 stock_quantity = excluded.stock_quantity, priority = excluded.priority,
                 state = excluded.state, drain_started_at = excluded.drain_started_at,
                 last_change = excluded.last_change",
            params![target, id, stage.fast],
        )?;
        self.restore_warehouse_statuses(target)?;
        Ok(conn.query_row(
            "SELECT count(*) FROM change_items WHERE change_id = ?1",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Undoing a drain's finish makes the link draining again; run-due must not simply finish
    /// it again at its next run, so those drains are put on hold until the operator drains the
    /// pair again (or binds it to keep it). Returns how many.
    pub fn hold_restored_drains(&self, target_kind: &str) -> Result<u64> {
        if target_kind != "drain-finish" {
            return Ok(0);
        }
        Ok(self.conn().execute(
            "INSERT INTO drains(product_id, warehouse_code, change_id, held)
             SELECT i.product_id, i.warehouse_code, ?1, 1
             FROM change_items i
             JOIN inventory_mapping m
               ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
             WHERE i.change_id = ?1 AND m.state = 'draining'
             ON CONFLICT(product_id, warehouse_code) DO UPDATE SET held = 1",
            [self.id],
        )? as u64)
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
