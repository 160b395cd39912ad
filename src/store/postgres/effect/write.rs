//! Writing a judged effect on a server: the before-images, the links, the drains it ends and
//! the warehouse statuses and regions it sets (each with its audit entry).

use anyhow::Result;
use postgres::Transaction;

use crate::store::postgres::change::ChangeState;

/// Writes the effect; returns how many rows it touched.
pub fn apply(state: &mut ChangeState, tx: &mut Transaction<'_>) -> Result<u64> {
    // New warehouses are plain rows, each with its entry (of no change).
    let added = tx.execute(
        "INSERT INTO warehouses(code, name, region, status, storage_cost_micros)
         SELECT code, name, region, status, storage_cost_micros FROM pg_temp.effect_new_wh",
        &[],
    )?;
    if added > 0 {
        let codes: Vec<String> = tx
            .query("SELECT code FROM pg_temp.effect_new_wh ORDER BY code", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        for code in codes {
            state.audit_plain(tx, "warehouse-add", &code, "added")?;
        }
        state.mark_plain_write();
    }
    let statuses = statuses(state, tx)?;
    let pairs = tx.execute(
        "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
             before_present, before_qty, before_priority, before_state,
             before_drain_started_at, before_last_change, after_present, after_qty,
             after_last_change, note)
         SELECT $1, product_id, warehouse_code, action, before_present::int, before_qty,
                before_priority, before_state, before_drain_started_at, before_last_change,
                after_present::int, after_qty, after_last_change,
                CASE WHEN conflict THEN 'forced over a later change' END
         FROM pg_temp.effect",
        &[&state.id],
    )?;
    tx.batch_execute(
        "DELETE FROM inventory_mapping m USING pg_temp.effect e
         WHERE m.product_id = e.product_id AND m.warehouse_code = e.warehouse_code
           AND e.before_present AND NOT e.after_present",
    )?;
    tx.execute(
        "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority,
             state, drain_started_at, last_change)
         SELECT product_id, warehouse_code, after_qty::int, after_priority, after_state,
                after_drain_started_at, coalesce(after_last_change, $1)
         FROM pg_temp.effect WHERE after_present
         ON CONFLICT (product_id, warehouse_code) DO UPDATE SET
             stock_quantity = excluded.stock_quantity, priority = excluded.priority,
             state = excluded.state, drain_started_at = excluded.drain_started_at,
             last_change = excluded.last_change",
        &[&state.id],
    )?;
    tx.batch_execute(
        "DELETE FROM drains d USING pg_temp.effect e
         WHERE e.product_id = d.product_id AND e.warehouse_code = d.warehouse_code
           AND (NOT e.after_present OR e.after_state <> 'draining')",
    )?;
    if statuses > 0 {
        state.mark_other_write();
    }
    Ok(pairs)
}

/// The warehouse statuses and regions the effect sets, each with its audit entry, recorded
/// in the change's summary (rollback puts them back).
fn statuses(state: &mut ChangeState, tx: &mut Transaction<'_>) -> Result<u64> {
    let rows = tx.query(
        "SELECT code, before_status, after_status, before_region, after_region
         FROM pg_temp.effect_wh
         WHERE before_status <> after_status OR before_region IS DISTINCT FROM after_region
         ORDER BY code",
        &[],
    )?;
    let mut recorded = Vec::new();
    for r in &rows {
        let (code, before, after): (String, String, String) = (r.get(0), r.get(1), r.get(2));
        let (before_region, after_region): (Option<String>, Option<String>) = (r.get(3), r.get(4));
        recorded.push(serde_json::json!({
            "code": code, "before": before, "after": after,
            "before_region": before_region, "after_region": after_region,
        }));
        if let Some(region) = after_region
            .as_ref()
            .filter(|r| Some(*r) != before_region.as_ref())
        {
            tx.execute(
                "UPDATE warehouses SET region = $2 WHERE code = $1",
                &[&code, region],
            )?;
            let detail = format!(
                "region {} -> {region}",
                before_region.as_deref().unwrap_or("")
            );
            state.audit(tx, "warehouse-region", None, Some(&code), &detail)?;
        }
        if before == after {
            continue;
        }
        tx.execute(
            "UPDATE warehouses SET status = $2 WHERE code = $1",
            &[&code, &after],
        )?;
        let links: i64 = tx
            .query_one(
                "SELECT count(*) FROM pg_temp.effect WHERE warehouse_code = $1",
                &[&code],
            )?
            .get(0);
        let action = if after == "closed" {
            "warehouse-close"
        } else {
            "warehouse-reopen"
        };
        // stored: the audit entry
        let detail = format!("status {before} -> {after}; {links} links");
        state.audit(tx, action, None, Some(&code), &detail)?;
    }
    if !recorded.is_empty() {
        state.set_summary_extra(serde_json::json!({ "warehouse_statuses": recorded }));
    }
    Ok(rows.len() as u64)
}
