//! Rollback: restore a change's before-images and remove what it added, as a new change
//! (so a rollback can be rolled back too). History is only ever appended to.
//!
//! A row that a later change touched again is a conflict: its current state is not what the
//! change left. Rows the change left in place must still carry its mark in `last_change`
//! (its id, or — for a rollback — the mark it put back); rows it removed must still be
//! absent. A rollback puts back the mark of the state it restores, so once a later change is
//! undone, the earlier one can be undone too.

use anyhow::Result;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::Store;
use super::changes::ChangeTx;
use super::tx::TxConn;

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
    /// Undoing a drain's finish makes the link draining again; run-due must not simply finish
    /// it again at its next run, so those drains are put on hold until the operator resumes
    /// or cancels them (`invmap drain resume|cancel`). So is any other link a rollback makes
    /// draining again without its drain's instructions (the undo of a `drain cancel`): run-due
    /// would otherwise finish it with none. Returns how many.
    pub fn hold_restored_drains(&self, target_kind: &str) -> Result<u64> {
        Ok(self.conn().execute(
            // Walks the draining links (a partial index: few) and looks each up among this
            // change's rows, not the other way round (a 100k-row rollback has no drains).
            "INSERT INTO drains(product_id, warehouse_code, change_id, held)
             SELECT m.product_id, m.warehouse_code, ?1, 1
             FROM inventory_mapping m
             WHERE m.state = 'draining'
               AND EXISTS (SELECT 1 FROM change_items i WHERE i.change_id = ?1
                             AND i.product_id = m.product_id AND i.warehouse_code = m.warehouse_code)
               AND (?2 OR NOT EXISTS (SELECT 1 FROM drains d WHERE d.product_id = m.product_id
                                        AND d.warehouse_code = m.warehouse_code))
             ON CONFLICT(product_id, warehouse_code) DO UPDATE SET held = 1",
            rusqlite::params![self.id, target_kind == "drain-finish"],
        )? as u64)
    }
}
