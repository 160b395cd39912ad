//! Applying a checked batch on a server (`store/sqlite/unbind/apply.rs` in PostgreSQL's
//! dialect): the before-images, the transfers, then — after the audit entries — the deletes
//! and drains, each one statement over the whole batch.

use anyhow::Result;
use postgres::Transaction;

use crate::domain::checks::UnbindOptions;
use crate::store::unbind::BatchCounts;

/// The most a link may hold on a server: the seed's `stock_quantity INT`, or the domain's
/// bound if that is lower.
const MAX_STOCK: i64 = if crate::domain::values::MAX_QTY < i32::MAX as i64 {
    crate::domain::values::MAX_QTY
} else {
    i32::MAX as i64
};

/// The before-images (the rollback point), the transfers and their targets. The audit
/// entries follow (the caller), then [`delete_and_drain`].
pub fn apply(
    tx: &mut Transaction<'_>,
    id: i64,
    counts: &BatchCounts,
    _rules: &UnbindOptions,
) -> Result<()> {
    tx.execute(
        "INSERT INTO change_items(change_id, product_id, warehouse_code, action, before_present,
             before_qty, before_priority, before_state, before_drain_started_at, before_last_change,
             after_present, after_qty, note)
         SELECT $1, p.product_id, p.warehouse_code, p.action, 1, p.stock, p.priority,
                p.state, p.drain_started_at, p.last_change,
                (p.action = 'drain')::int, CASE WHEN p.action = 'drain' THEN p.stock END,
                CASE p.action WHEN 'transfer' THEN 'moved ' || p.qty || ' to ' || p.transfer_to
                              WHEN 'write-off' THEN 'wrote off ' || p.qty END
                || coalesce('; ' || p.reason, '')
         FROM pg_temp.unbind_plan p",
        &[&id],
    )?;
    if counts.transfer > 0 {
        transfers(tx, id)?;
    }
    new_targets(tx, id)
}

/// Moves transferred stock to each target link (created when missing), with its
/// before-image; several pairs of one SKU moving to one target add up.
fn transfers(tx: &mut Transaction<'_>, id: i64) -> Result<()> {
    tx.batch_execute(
        "CREATE TEMP TABLE unbind_target AS
         SELECT product_id, transfer_to AS warehouse_code, sum(qty)::bigint AS moved,
                coalesce(min(target_priority), min(priority)) AS priority
         FROM pg_temp.unbind_plan WHERE action = 'transfer' GROUP BY 1, 2",
    )?;
    tx.execute(
        "INSERT INTO change_items(change_id, product_id, warehouse_code, action, before_present,
             before_qty, before_priority, before_state, before_drain_started_at, before_last_change,
             after_present, after_qty, note)
         SELECT $1, t.product_id, t.warehouse_code, 'transfer-in', (m.product_id IS NOT NULL)::int,
                m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                1, coalesce(m.stock_quantity, 0) + t.moved, 'received ' || t.moved
         FROM pg_temp.unbind_target t
         LEFT JOIN inventory_mapping m
           ON m.product_id = t.product_id AND m.warehouse_code = t.warehouse_code",
        &[&id],
    )?;
    // Checked arithmetic (SPEC §9): a target that would hold more than a link may hold fails
    // the batch, rather than the server's INT overflowing.
    let over = tx.query_opt(
        "SELECT product_id::text, warehouse_code::text, after_qty FROM change_items
         WHERE change_id = $1 AND action = 'transfer-in' AND after_qty > $2 LIMIT 1",
        &[&id, &MAX_STOCK],
    )?;
    if let Some(r) = over {
        let (sku, wh, qty): (String, String, i64) = (r.get(0), r.get(1), r.get(2));
        anyhow::bail!(crate::error::Refused(crate::tr!(
            "store-transfer-overflow",
            sku = &sku,
            warehouse = &wh,
            qty = qty,
            max = MAX_STOCK
        )));
    }
    tx.execute(
        "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority,
                                       last_change)
         SELECT product_id, warehouse_code, moved::int, priority, $1 FROM pg_temp.unbind_target
         ON CONFLICT (product_id, warehouse_code) DO UPDATE SET
             stock_quantity = coalesce(inventory_mapping.stock_quantity, 0)
                              + excluded.stock_quantity,
             last_change = excluded.last_change",
        &[&id],
    )?;
    Ok(())
}

/// A transfer target whose stock does not move now (no stock, or a drain) still gets its
/// link, ready for orders, with a before-image (as on a file).
fn new_targets(tx: &mut Transaction<'_>, id: i64) -> Result<()> {
    tx.batch_execute(
        "CREATE TEMP TABLE unbind_new_target AS
         SELECT p.product_id, p.transfer_to AS warehouse_code,
                coalesce(min(p.target_priority), min(p.priority)) AS priority
         FROM pg_temp.unbind_plan p JOIN warehouses w ON w.code = p.transfer_to
         WHERE p.action IN ('unbind', 'drain') AND w.status = 'active'
           AND NOT EXISTS (SELECT 1 FROM inventory_mapping m
                           WHERE m.product_id = p.product_id AND m.warehouse_code = p.transfer_to)
           AND NOT EXISTS (SELECT 1 FROM pg_temp.unbind_plan t
                           WHERE t.action = 'transfer' AND t.product_id = p.product_id
                             AND t.transfer_to = p.transfer_to)
         GROUP BY 1, 2",
    )?;
    tx.execute(
        "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
             before_present, after_present, after_qty, note)
         SELECT $1, product_id, warehouse_code, 'transfer-target', 0, 1, 0,
                'target of a transfer, ready for orders'
         FROM pg_temp.unbind_new_target",
        &[&id],
    )?;
    tx.execute(
        "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority,
                                       last_change)
         SELECT product_id, warehouse_code, 0, priority, $1 FROM pg_temp.unbind_new_target",
        &[&id],
    )?;
    Ok(())
}

/// The links go (or start draining, with what run-due is to do when they finish).
pub fn delete_and_drain(
    tx: &mut Transaction<'_>,
    id: i64,
    at: &str,
    counts: &BatchCounts,
    rules: &UnbindOptions,
) -> Result<()> {
    tx.execute(
        "DELETE FROM inventory_mapping m USING pg_temp.unbind_plan p
         WHERE m.product_id = p.product_id AND m.warehouse_code = p.warehouse_code
           AND p.action <> 'drain'",
        &[],
    )?;
    if counts.drain > 0 {
        tx.execute(
            "UPDATE inventory_mapping m SET state = 'draining', drain_started_at = $2,
                 last_change = $1
             FROM pg_temp.unbind_plan p
             WHERE m.product_id = p.product_id AND m.warehouse_code = p.warehouse_code
               AND p.action = 'drain'",
            &[&id, &at],
        )?;
        let flags = [rules.write_off, rules.allow_orphan, rules.allow_region_gap].map(i64::from);
        tx.execute(
            "INSERT INTO drains(product_id, warehouse_code, change_id, transfer_to, write_off,
                 allow_orphan, allow_region_gap)
             SELECT product_id, warehouse_code, $1, transfer_to, $2, $3, $4
             FROM pg_temp.unbind_plan WHERE action = 'drain'
             ON CONFLICT (product_id, warehouse_code) DO UPDATE SET
                 change_id = excluded.change_id, transfer_to = excluded.transfer_to,
                 write_off = excluded.write_off, allow_orphan = excluded.allow_orphan,
                 allow_region_gap = excluded.allow_region_gap, held = 0",
            &[&id, &flags[0], &flags[1], &flags[2]],
        )?;
    }
    Ok(())
}

/// Marks the plan this change applies as applied — read inside the change, so a rollback
/// of an earlier stage racing it cannot slip in between.
pub fn mark_plan_applied(tx: &mut Transaction<'_>, change: i64, plan_id: i64) -> Result<()> {
    let broken = tx.query_opt(
        "SELECT prev.stage FROM plan_stages s
         JOIN plan_stages prev ON prev.batch = s.batch AND prev.stage = s.stage - 1
         JOIN plans p ON p.id = prev.plan_id
         WHERE s.plan_id = $1
           AND (p.status <> 'applied'
                OR EXISTS (SELECT 1 FROM changes c WHERE c.rolls_back = p.applied_change))",
        &[&plan_id],
    )?;
    if let Some(r) = broken {
        let stage: i64 = r.get(0);
        anyhow::bail!(crate::error::Refused(crate::tr!(
            "store-stage-before-missing",
            stage = stage,
            plan = plan_id
        )));
    }
    let n = tx.execute(
        "UPDATE plans SET status = 'applied', applied_change = $2, last_refusal = NULL
         WHERE id = $1 AND status IN ('approved', 'scheduled')",
        &[&plan_id, &change],
    )?;
    anyhow::ensure!(
        n == 1,
        crate::error::Refused(crate::tr!("store-plan-not-waiting", plan = plan_id))
    );
    Ok(())
}
