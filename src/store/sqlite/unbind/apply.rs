//! Apply: inside the change's transaction, the before-images, the audit entries, the
//! transfers and write-offs, then the delete — one statement per step.

use anyhow::Result;
use rusqlite::{OptionalExtension, params};

use super::BatchCounts;
use crate::domain::checks::UnbindOptions;
use crate::store::sqlite::changes::ChangeTx;
use crate::store::sqlite::tx::TxConn;

impl ChangeTx<'_> {
    /// Applies a checked plan: before-images, transfers, audit entries, then the deletes and
    /// drains — each one statement over the whole batch.
    /// `counts` are the batch's [`Batch::counts`], from the checks; `rules` say what run-due
    /// is to do with a drained link's stock when it finishes the drain.
    pub fn apply_unbind(&self, counts: &BatchCounts, rules: &UnbindOptions) -> Result<()> {
        let conn = self.conn();
        let id = self.id;
        let at = self.meta.at.clone();
        // Before-images of the pairs themselves (the rollback point).
        conn.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action, before_present,
                 before_qty, before_priority, before_state, before_drain_started_at, before_last_change,
                 after_present, after_qty, note)
             SELECT ?1, p.product_id, p.warehouse_code, p.action, 1, p.stock, p.priority,
                    p.state, p.drain_started_at, p.last_change,
                    p.action = 'drain', CASE WHEN p.action = 'drain' THEN p.stock END,
                    CASE p.action WHEN 'transfer' THEN 'moved ' || p.qty || ' to ' || p.transfer_to
                                  WHEN 'write-off' THEN 'wrote off ' || p.qty END
                    || ifnull('; ' || p.reason, '')
             FROM temp.unbind_plan p
             ORDER BY p.product_id, p.warehouse_code",
            [id],
        )?;
        if counts.transfer > 0 {
            self.apply_transfers()?;
        }
        self.create_targets()?;
        self.audit_items()?;
        conn.execute(
            "DELETE FROM inventory_mapping WHERE (product_id, warehouse_code) IN
                 (SELECT product_id, warehouse_code FROM temp.unbind_plan WHERE action <> 'drain')",
            [],
        )?;
        if counts.drain > 0 {
            conn.execute(
                "UPDATE inventory_mapping SET state = 'draining', drain_started_at = ?2, last_change = ?1
                 WHERE (product_id, warehouse_code) IN
                     (SELECT product_id, warehouse_code FROM temp.unbind_plan WHERE action = 'drain')",
                params![id, at],
            )?;
            conn.execute(
                "INSERT OR REPLACE INTO drains(product_id, warehouse_code, change_id, transfer_to,
                     write_off, allow_orphan, allow_region_gap)
                 SELECT product_id, warehouse_code, ?1, transfer_to, ?2, ?3, ?4
                 FROM temp.unbind_plan WHERE action = 'drain'",
                params![
                    id,
                    rules.write_off,
                    rules.allow_orphan,
                    rules.allow_region_gap
                ],
            )?;
        }
        Ok(())
    }

    /// A `transfer_to` whose stock does not move now — a link with no stock, or a drain, whose
    /// stock moves when it finishes — still gets its target link, from now: the SKU keeps a
    /// warehouse that takes orders (the rules counted on it), and route sends new orders
    /// there while the drain runs. Only at an active warehouse, with a before-image.
    fn create_targets(&self) -> Result<()> {
        let conn = self.conn();
        conn.execute_batch(
            "DROP TABLE IF EXISTS temp.unbind_new_target;
             CREATE TEMP TABLE unbind_new_target AS
             SELECT p.product_id, p.transfer_to AS warehouse_code,
                    coalesce(min(p.target_priority), min(p.priority)) AS priority
             FROM temp.unbind_plan p CROSS JOIN warehouses w ON w.code = p.transfer_to
             WHERE p.action IN ('unbind', 'drain') AND w.status = 'active'
               AND NOT EXISTS (SELECT 1 FROM inventory_mapping m
                               WHERE m.product_id = p.product_id AND m.warehouse_code = p.transfer_to)
               AND NOT EXISTS (SELECT 1 FROM temp.unbind_plan t
                               WHERE t.action = 'transfer' AND t.product_id = p.product_id
                                 AND t.transfer_to = p.transfer_to)
             GROUP BY 1, 2",
        )?;
        conn.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                 before_present, after_present, after_qty, note)
             SELECT ?1, product_id, warehouse_code, 'transfer-target', 0, 1, 0,
                    'target of a transfer, ready for orders'
             FROM temp.unbind_new_target",
            [self.id],
        )?;
        conn.execute(
            // A new target ranks as the link it takes over from (its priority), not last.
            "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority, last_change)
             SELECT product_id, warehouse_code, 0, priority, ?1 FROM temp.unbind_new_target",
            [self.id],
        )?;
        Ok(())
    }

    /// Moves transferred stock to each target link (created when missing), with its
    /// before-image; several pairs of one SKU moving to one target add up.
    fn apply_transfers(&self) -> Result<()> {
        let conn = self.conn();
        conn.execute_batch(
            "CREATE TEMP TABLE unbind_target AS
             SELECT product_id, transfer_to AS warehouse_code, sum(qty) AS moved,
                    coalesce(min(target_priority), min(priority)) AS priority
             FROM temp.unbind_plan WHERE action = 'transfer' GROUP BY 1, 2",
        )?;
        conn.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action, before_present,
                 before_qty, before_priority, before_state, before_drain_started_at, before_last_change,
                 after_present, after_qty, note)
             SELECT ?1, t.product_id, t.warehouse_code, 'transfer-in', m.product_id IS NOT NULL,
                    m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                    1, ifnull(m.stock_quantity, 0) + t.moved, 'received ' || t.moved
             FROM temp.unbind_target t
             LEFT JOIN inventory_mapping m
               ON m.product_id = t.product_id AND m.warehouse_code = t.warehouse_code",
            [self.id],
        )?;
        // Checked arithmetic (SPEC §9): a target that would hold more than the most a link
        // may hold fails the batch, rather than wrap or turn into a REAL.
        let over: Option<(String, String, i64)> = conn
            .query_row(
                "SELECT product_id, warehouse_code, after_qty FROM change_items
                 WHERE change_id = ?1 AND action = 'transfer-in' AND after_qty > ?2 LIMIT 1",
                params![self.id, crate::domain::values::MAX_QTY],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((sku, wh, qty)) = over {
            anyhow::bail!(crate::error::Refused(crate::tr!(
                "store-transfer-overflow",
                sku = &sku,
                warehouse = &wh,
                qty = qty,
                max = crate::domain::values::MAX_QTY
            )));
        }
        conn.execute(
            // A target created here ranks as the link it takes over from; an existing one
            // keeps its priority.
            "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority, last_change)
             SELECT product_id, warehouse_code, moved, priority, ?1 FROM temp.unbind_target WHERE true
             ON CONFLICT(product_id, warehouse_code) DO UPDATE SET
                 stock_quantity = ifnull(stock_quantity, 0) + excluded.stock_quantity,
                 last_change = excluded.last_change",
            [self.id],
        )?;
        Ok(())
    }
}
