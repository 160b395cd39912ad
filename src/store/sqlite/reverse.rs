//! What takes a change back three weeks later (`invmap reverse`): rollback undoes a change
//! exactly, as it was; reverse writes the *templates* of the way back — the links to bind
//! again and the stock to move back — for an operator to review, plan and apply when stock
//! has moved on.

use anyhow::Result;

use super::Store;

/// The per-link effect of a change, as reverse reads it.
#[derive(Debug, Clone)]
pub struct LinkDelta {
    pub sku: String,
    pub warehouse: String,
    /// The link was there before and the change removed it.
    pub removed: bool,
    pub before_priority: Option<i64>,
    /// Stock after minus stock before (absent = 0).
    pub delta: i64,
    /// What the change noted (a write-off says so).
    pub action: String,
}

impl Store {
    /// Every link change `id` touched, with its stock delta, in key order.
    pub fn change_deltas(&self, id: i64) -> Result<Vec<LinkDelta>> {
        let mut stmt = self.conn.prepare(
            "SELECT product_id, warehouse_code, before_present AND NOT after_present,
                    before_priority,
                    CASE WHEN after_present THEN ifnull(after_qty, 0) ELSE 0 END
                    - CASE WHEN before_present THEN ifnull(before_qty, 0) ELSE 0 END,
                    action
             FROM change_items WHERE change_id = ?1 ORDER BY product_id, warehouse_code",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(LinkDelta {
                sku: r.get(0)?,
                warehouse: r.get(1)?,
                removed: r.get(2)?,
                before_priority: r.get(3)?,
                delta: r.get(4)?,
                action: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
