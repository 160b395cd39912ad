//! Moves on a server (`store/sqlite/moves.rs` in PostgreSQL's dialect): every line resolved
//! against its source link, then one net change per link touched, staged into the effect.

use anyhow::Result;
use postgres::Transaction;

use crate::domain::problem::{Problem, Problems};
use crate::domain::values::Qty;
use crate::error::Refused;
use crate::store::moves::MoveLine;

pub fn stage(tx: &mut Transaction<'_>, lines: &[MoveLine], problems: &mut Problems) -> Result<i64> {
    tx.batch_execute(
        r#"DROP TABLE IF EXISTS pg_temp.move_input, pg_temp.move_resolved;
           CREATE TEMP TABLE move_input(line BIGINT NOT NULL, product_id TEXT COLLATE "C" NOT NULL,
               from_wh TEXT COLLATE "C" NOT NULL, to_wh TEXT COLLATE "C" NOT NULL, qty BIGINT,
               priority BIGINT);"#,
    )?;
    let mut buf = Vec::new();
    for l in lines {
        let (line, qty, priority) = (
            l.line.to_string(),
            l.qty.map(|q| Qty::get(q).to_string()),
            l.priority.map(|p| p.to_string()),
        );
        crate::store::postgres::unbind::copy_line(
            &mut buf,
            &[
                Some(&line),
                Some(l.sku.as_str()),
                Some(l.from.as_str()),
                Some(l.to.as_str()),
                qty.as_deref(),
                priority.as_deref(),
            ],
        );
    }
    crate::store::postgres::send_copy(tx, "COPY pg_temp.move_input FROM STDIN", &buf)?;
    tx.batch_execute(
        "CREATE INDEX ON pg_temp.move_input(product_id, from_wh, to_wh, line);
         ANALYZE pg_temp.move_input;",
    )?;
    move_problems(tx, problems)?;
    if !problems.is_empty() {
        return Ok(0);
    }
    tx.batch_execute(
        "CREATE TEMP TABLE move_resolved AS
         SELECT i.product_id, i.from_wh, i.to_wh,
                coalesce(i.qty, s.stock_quantity, 0)::bigint AS qty,
                coalesce(i.priority, s.priority) AS priority
         FROM pg_temp.move_input i
         JOIN inventory_mapping s ON s.product_id = i.product_id AND s.warehouse_code = i.from_wh;
         INSERT INTO pg_temp.effect
         SELECT d.product_id, d.warehouse_code, 'move',
                m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                m.drain_started_at, m.last_change,
                true, coalesce(m.stock_quantity, 0) + d.delta, coalesce(m.priority, d.priority, 100),
                coalesce(m.state, 'active'), m.drain_started_at, NULL, false
         FROM (SELECT product_id, warehouse_code, sum(delta)::bigint AS delta,
                      min(priority) AS priority
               FROM (SELECT product_id, from_wh AS warehouse_code, -qty AS delta,
                            NULL::bigint AS priority
                     FROM pg_temp.move_resolved
                     UNION ALL
                     SELECT product_id, to_wh, qty, priority FROM pg_temp.move_resolved) u
               GROUP BY 1, 2) d
         LEFT JOIN inventory_mapping m
           ON m.product_id = d.product_id AND m.warehouse_code = d.warehouse_code
         WHERE d.delta <> 0 OR m.product_id IS NULL;",
    )?;
    let short: Vec<String> = tx
        .query(
            "SELECT product_id, warehouse_code, before_qty, before_qty - after_qty
             FROM pg_temp.effect WHERE after_qty < 0 ORDER BY product_id, warehouse_code LIMIT 5",
            &[],
        )?
        .iter()
        .map(|r| {
            crate::tr!(
                "store-move-short",
                sku = &r.get::<_, String>(0),
                warehouse = &r.get::<_, String>(1),
                holds = crate::store::sqlite::words::Units(r.get(2)),
                takes = crate::store::sqlite::words::Units(r.get(3))
            )
        })
        .collect();
    if !short.is_empty() {
        anyhow::bail!(Refused(crate::tr!(
            "store-move-too-many",
            short = &crate::store::sqlite::words::list(&short)
        )));
    }
    Ok(tx
        .query_one(
            "SELECT coalesce(sum(qty), 0)::bigint FROM pg_temp.move_resolved",
            &[],
        )?
        .get(0))
}

/// Lines that cannot move: no source link, the same warehouse, a target unknown, closed or
/// draining, a move repeated — worded as on a file.
fn move_problems(tx: &mut Transaction<'_>, problems: &mut Problems) -> Result<()> {
    let rows = tx.query(
        "SELECT line, col, value, kind, sku, wh, first FROM (
           SELECT i.line, 'from' AS col, i.from_wh AS value, 'no-link' AS kind,
                  i.product_id AS sku, i.from_wh AS wh, NULL::bigint AS first, 1 AS part
           FROM pg_temp.move_input i
           WHERE NOT EXISTS (SELECT 1 FROM inventory_mapping m
                             WHERE m.product_id = i.product_id AND m.warehouse_code = i.from_wh)
           UNION ALL
           SELECT line, 'to', to_wh, 'same', product_id, to_wh, NULL, 2
           FROM pg_temp.move_input WHERE to_wh = from_wh
           UNION ALL
           SELECT i.line, 'to', i.to_wh,
                  CASE WHEN w.code IS NULL THEN 'unknown' ELSE 'closed' END,
                  i.product_id, i.to_wh, NULL, 3
           FROM pg_temp.move_input i LEFT JOIN warehouses w ON w.code = i.to_wh
           WHERE w.code IS NULL OR w.status = 'closed'
           UNION ALL
           SELECT i.line, 'to', i.to_wh, 'draining', i.product_id, i.to_wh, NULL, 4
           FROM pg_temp.move_input i JOIN inventory_mapping m
             ON m.product_id = i.product_id AND m.warehouse_code = i.to_wh
           WHERE m.state = 'draining'
           UNION ALL
           SELECT i.line, 'product_id', i.product_id || ' ' || i.from_wh || ' -> ' || i.to_wh,
                  'repeated', i.product_id, i.from_wh,
                  (SELECT min(j.line) FROM pg_temp.move_input j
                     WHERE j.product_id = i.product_id AND j.from_wh = i.from_wh
                       AND j.to_wh = i.to_wh), 5
           FROM pg_temp.move_input i
           WHERE EXISTS (SELECT 1 FROM pg_temp.move_input j WHERE j.product_id = i.product_id
                           AND j.from_wh = i.from_wh AND j.to_wh = i.to_wh AND j.line < i.line)
         ) p ORDER BY line, part",
        &[],
    )?;
    for r in rows {
        let (line, col, value, kind): (i64, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        let (sku, wh): (String, String) = (r.get(4), r.get(5));
        let message = match kind.as_str() {
            "no-link" => crate::tr!("store-move-no-link", sku = &sku, warehouse = &wh),
            "same" => crate::tr!("store-move-same-warehouse"),
            "unknown" => crate::tr!("store-unknown-warehouse"),
            "closed" => crate::tr!("store-move-target-closed", warehouse = &wh),
            "draining" => crate::tr!("store-move-target-draining", sku = &sku, warehouse = &wh),
            _ => crate::tr!(
                "store-move-repeated",
                first = r.get::<_, Option<i64>>(6).unwrap_or(0)
            ),
        };
        problems.push(Problem::new(line as u64, &col, &value, message));
    }
    Ok(())
}
