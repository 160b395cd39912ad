//! Judging a staged effect on a server: its size, the facts each rule needs, the rows a
//! forced rollback overwrites, and the proofs a rollback needs first.

use anyhow::Result;
use postgres::Transaction;

use crate::domain::effect::EffectFacts;
use crate::i18n::Text;
use crate::store::effect::{EffectCounts, Overwrite};

pub fn counts(tx: &mut Transaction<'_>) -> Result<EffectCounts> {
    refuse_too_large(
        tx,
        "SELECT product_id, warehouse_code, after_qty FROM pg_temp.effect
                          WHERE after_present AND after_qty > $1 LIMIT 1",
    )?;
    let r = tx.query_one(
        "SELECT count(*),
                count(*) FILTER (WHERE before_present AND NOT after_present),
                count(*) FILTER (WHERE after_present AND NOT before_present),
                count(*) FILTER (WHERE before_present AND after_present
                                   AND (before_qty IS DISTINCT FROM after_qty
                                        OR before_priority IS DISTINCT FROM after_priority
                                        OR before_state IS DISTINCT FROM after_state
                                        OR before_drain_started_at
                                           IS DISTINCT FROM after_drain_started_at)),
                (SELECT count(*) FROM pg_temp.effect_wh WHERE before_status <> after_status),
                (SELECT count(*) FROM pg_temp.effect_new_wh),
                count(*) FILTER (WHERE conflict)
         FROM pg_temp.effect",
        &[],
    )?;
    let n = |i: usize| r.get::<_, i64>(i) as u64;
    Ok(EffectCounts {
        pairs: n(0),
        removed: n(1),
        added: n(2),
        updated: n(3),
        warehouses: n(4),
        new_warehouses: n(5),
        conflicts: n(6),
    })
}

/// A link the change would leave holding more than the server's `stock_quantity INT` takes
/// is refused (a dry run says so too), rather than failing when written. `sql` names one
/// (SKU, warehouse, stock) above `$1`.
pub fn refuse_too_large(tx: &mut Transaction<'_>, sql: &str) -> Result<()> {
    let max = i64::from(i32::MAX);
    if let Some(r) = tx.query_opt(sql, &[&max])? {
        let (sku, wh, qty): (String, String, i64) = (r.get(0), r.get(1), r.get(2));
        anyhow::bail!(crate::error::Refused(crate::tr!(
            "store-pg-stock-too-large",
            sku = &sku,
            warehouse = &wh,
            qty = qty,
            max = max
        )));
    }
    Ok(())
}

/// The facts the rules judge (`FACTS` of the file store, in PostgreSQL's dialect).
const FACTS: &str = r#"
CREATE TEMP TABLE effect_status(code TEXT COLLATE "C" PRIMARY KEY, region TEXT COLLATE "C",
    before_status TEXT, after_status TEXT);
INSERT INTO pg_temp.effect_status
SELECT w.code, w.region, w.status, coalesce(x.after_status, w.status)
FROM warehouses w LEFT JOIN pg_temp.effect_wh x ON x.code = w.code;
INSERT INTO pg_temp.effect_status
SELECT code, region, 'absent', coalesce(status, 'active') FROM pg_temp.effect_new_wh
ON CONFLICT DO NOTHING;
CREATE TEMP TABLE effect_loss(product_id TEXT COLLATE "C", warehouse_code TEXT COLLATE "C",
    region TEXT COLLATE "C", PRIMARY KEY (product_id, warehouse_code));
INSERT INTO pg_temp.effect_loss
SELECT e.product_id, e.warehouse_code, s.region
FROM pg_temp.effect e JOIN pg_temp.effect_status s ON s.code = e.warehouse_code
WHERE e.before_present AND e.before_state = 'active' AND s.before_status = 'active'
  AND NOT (e.after_present AND e.after_state = 'active' AND s.after_status = 'active');
CREATE TEMP TABLE effect_after(product_id TEXT COLLATE "C", region TEXT COLLATE "C");
INSERT INTO pg_temp.effect_after
SELECT l.product_id, s.region
FROM (SELECT DISTINCT product_id FROM pg_temp.effect_loss) k
JOIN inventory_mapping l ON l.product_id = k.product_id
JOIN pg_temp.effect_status s ON s.code = l.warehouse_code
LEFT JOIN pg_temp.effect e ON e.product_id = l.product_id AND e.warehouse_code = l.warehouse_code
WHERE e.product_id IS NULL AND l.state = 'active' AND s.after_status = 'active'
UNION ALL
SELECT e.product_id, s.region
FROM (SELECT DISTINCT product_id FROM pg_temp.effect_loss) k
JOIN pg_temp.effect e ON e.product_id = k.product_id
JOIN pg_temp.effect_status s ON s.code = e.warehouse_code
WHERE e.after_present AND e.after_state = 'active' AND s.after_status = 'active';
CREATE INDEX ON pg_temp.effect_after(product_id, region);
ANALYZE pg_temp.effect;
CREATE TEMP TABLE effect_facts AS
SELECT e.product_id, e.warehouse_code,
       (e.before_present AND NOT e.after_present) AS removed,
       CASE WHEN e.before_present AND NOT e.after_present THEN e.before_qty END AS qty,
       CASE WHEN e.before_present AND NOT e.after_present THEN
           (SELECT greatest(0, sum(CASE WHEN x.before_present THEN coalesce(x.before_qty, 0) ELSE 0 END)
                             - sum(CASE WHEN x.after_present THEN coalesce(x.after_qty, 0) ELSE 0 END))
            FROM pg_temp.effect x WHERE x.product_id = e.product_id)::bigint
       ELSE 0 END AS sku_drop,
       CASE WHEN e.before_present AND NOT e.after_present THEN
           (SELECT count(*) FROM orders o WHERE o.product_id = e.product_id
              AND o.warehouse_code = e.warehouse_code AND o.status = 'open') ELSE 0 END
           AS open_orders,
       CASE WHEN e.before_present AND NOT e.after_present THEN
           (SELECT min(created_at) FROM orders o WHERE o.product_id = e.product_id
              AND o.warehouse_code = e.warehouse_code AND o.status = 'open') END AS oldest_open,
       coalesce(e.warehouse_code = (SELECT min(x.warehouse_code) FROM pg_temp.effect_loss x
                                    WHERE x.product_id = e.product_id)
           AND NOT EXISTS (SELECT 1 FROM pg_temp.effect_after a WHERE a.product_id = e.product_id),
           false) AS orphan,
       CASE WHEN EXISTS (SELECT 1 FROM pg_temp.effect_loss x WHERE x.product_id = e.product_id
                           AND x.warehouse_code = e.warehouse_code)
             AND EXISTS (SELECT 1 FROM pg_temp.effect_after a WHERE a.product_id = e.product_id)
             AND NOT EXISTS (SELECT 1 FROM pg_temp.effect_after a WHERE a.product_id = e.product_id
                               AND a.region IS NOT DISTINCT FROM s.region)
             AND s.region IS NOT NULL AND s.region <> ''
            THEN s.region END AS gap_region,
       (e.after_present AND NOT e.before_present AND s.after_status = 'closed') AS closed_target,
       e.conflict,
       CASE WHEN e.conflict THEN
           (SELECT max(i.change_id) FROM change_items i WHERE i.product_id = e.product_id
              AND i.warehouse_code = e.warehouse_code) END AS changed_by,
       CASE WHEN s.before_status = 'active' AND s.after_status = 'closed' AND e.after_present THEN
           (SELECT count(*) FROM orders o WHERE o.product_id = e.product_id
              AND o.warehouse_code = e.warehouse_code AND o.status = 'open') ELSE 0 END
           AS open_at_closing
FROM pg_temp.effect e JOIN pg_temp.effect_status s ON s.code = e.warehouse_code
WHERE (e.before_present AND NOT e.after_present)
   OR e.product_id IN (SELECT product_id FROM pg_temp.effect_loss)
   OR (e.after_present AND NOT e.before_present AND s.after_status = 'closed')
   OR e.conflict
   OR (s.before_status = 'active' AND s.after_status = 'closed');
"#;

/// The facts of every row something could refuse (none at all in the common case of a
/// change that removes nothing and closes nothing).
pub fn facts(tx: &mut Transaction<'_>) -> Result<Vec<EffectFacts>> {
    let anything: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_temp.effect
                            WHERE conflict OR (before_present AND NOT after_present)
                               OR (before_present AND before_state = 'active'
                                   AND NOT (after_present AND after_state = 'active'))
                               OR (after_present AND NOT before_present AND warehouse_code IN
                                   (SELECT code FROM warehouses WHERE status = 'closed')))
                 OR EXISTS (SELECT 1 FROM pg_temp.effect_wh)",
            &[],
        )?
        .get(0);
    if !anything {
        return Ok(Vec::new());
    }
    tx.batch_execute(FACTS)?;
    let rows = tx.query(
        "SELECT product_id, warehouse_code, removed, qty, open_orders, oldest_open, orphan,
                gap_region, closed_target, conflict, changed_by, open_at_closing, sku_drop
         FROM pg_temp.effect_facts ORDER BY product_id, warehouse_code",
        &[],
    )?;
    Ok(rows
        .iter()
        .map(|r| EffectFacts {
            sku: r.get(0),
            warehouse: r.get(1),
            removed: r.get(2),
            qty: r.get::<_, Option<i64>>(3).unwrap_or(0),
            open_orders: r.get(4),
            oldest_open: r.get(5),
            orphan: r.get(6),
            region_gap: r.get(7),
            closed_target: r.get(8),
            conflict: r.get(9),
            changed_by: r.get(10),
            open_at_closing: r.get(11),
            sku_drop: r.get(12),
        })
        .collect())
}

pub fn overwrites(tx: &mut Transaction<'_>, limit: i64) -> Result<Vec<Overwrite>> {
    let rows = tx.query(
        "SELECT product_id, warehouse_code,
                CASE WHEN before_present THEN before_qty END,
                CASE WHEN after_present THEN after_qty END
         FROM pg_temp.effect WHERE conflict ORDER BY product_id, warehouse_code LIMIT $1",
        &[&limit],
    )?;
    Ok(rows
        .iter()
        .map(|r| Overwrite {
            product_id: r.get(0),
            warehouse_code: r.get(1),
            now: r.get(2),
            becomes: r.get(3),
        })
        .collect())
}

/// Rows of `change` whose before- or after-image no longer says what its entry says.
pub fn forged_in(tx: &mut Transaction<'_>, change: i64) -> Result<(i64, Vec<Text>)> {
    let sql = format!(
        "SELECT i.change_id, i.product_id::text, i.warehouse_code::text
         FROM change_items i
         JOIN audit_log a ON a.change_id = i.change_id AND a.product_id = i.product_id
                         AND a.warehouse_code = i.warehouse_code
         WHERE i.change_id = $1 AND a.detail <> ({}) AND a.detail <> ({})
         ORDER BY i.product_id, i.warehouse_code",
        super::super::change::ITEM_DETAIL,
        super::super::evidence::ITEM_DETAIL_V1
    );
    super::super::evidence::count_and_examples_with(tx, &sql, &[&change], |r| {
        Ok(crate::text!(
            "store-example-forged",
            change = r.get::<_, i64>(0),
            sku = &r.get::<_, String>(1),
            warehouse = &r.get::<_, String>(2)
        ))
    })
}

/// Rows of `change` edited behind the tool's back since it: still marked as its, with
/// other stock than it left.
pub fn edited_since(tx: &mut Transaction<'_>, change: i64) -> Result<(i64, Vec<Text>)> {
    let sql = "SELECT i.product_id::text, i.warehouse_code::text, 'differs', $1::bigint,
                      m.stock_quantity::bigint, i.after_qty
               FROM change_items i
               JOIN inventory_mapping m
                 ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
               WHERE i.change_id = $1 AND i.after_present <> 0
                 AND m.last_change IS NOT DISTINCT FROM coalesce(i.after_last_change, $1)
                 AND m.stock_quantity::bigint IS DISTINCT FROM i.after_qty
               ORDER BY i.product_id, i.warehouse_code";
    super::super::evidence::count_and_examples_with(tx, sql, &[&change], |r| {
        Ok(crate::store::drift::drift_text(
            &r.get::<_, String>(0),
            &r.get::<_, String>(1),
            &r.get::<_, String>(2),
            r.get(3),
            r.get(4),
            r.get(5),
        ))
    })
}
