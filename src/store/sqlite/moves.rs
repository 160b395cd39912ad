//! Moves: stock from one warehouse of a SKU to another, links kept (issue 16). Staged
//! set-based into the guarded door's effect: every line resolved against its source link,
//! then one net change per link touched (several lines may touch one link).

use anyhow::Result;
use rusqlite::params;

use super::effect::Effect;
use super::words::Units;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::problem::{Problem, Problems};
use crate::domain::values::Qty;
use crate::error::Refused;

/// One line of a move: from a SKU's link at `from` to its link at `to` (created if needed,
/// with `priority` or the source's), `qty` units or, `None`, all of them.
#[derive(Debug, Clone)]
pub struct MoveLine {
    pub line: u64,
    pub sku: Sku,
    pub from: WarehouseCode,
    pub to: WarehouseCode,
    pub qty: Option<Qty>,
    pub priority: Option<i64>,
}

impl Effect<'_> {
    /// Stages `lines`. Input errors (no such source link, from = to, unknown or closed target,
    /// a draining target, a line twice) come back in `problems`; more units than a source
    /// holds, over all lines, is refused (exit 3).
    /// Returns the units the moves carry.
    pub fn stage_moves(&self, lines: &[MoveLine], problems: &mut Problems) -> Result<i64> {
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.move_input;
             CREATE TEMP TABLE move_input(line INTEGER NOT NULL, product_id TEXT NOT NULL,
                 from_wh TEXT NOT NULL, to_wh TEXT NOT NULL, qty INTEGER, priority INTEGER);
             -- finds a line's twin by key, not by reading every line (a 100k-line template)
             CREATE INDEX temp.move_input_by_move ON move_input(product_id, from_wh, to_wh, line);",
        )?;
        {
            let mut ins = self
                .conn
                .prepare("INSERT INTO temp.move_input VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
            for l in lines {
                ins.execute(params![
                    l.line,
                    l.sku,
                    l.from,
                    l.to,
                    l.qty.map(Qty::get),
                    l.priority
                ])?;
            }
        }
        self.move_problems(problems)?;
        if !problems.is_empty() {
            return Ok(0);
        }
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.move_resolved;
             CREATE TEMP TABLE move_resolved AS
             SELECT i.product_id, i.from_wh, i.to_wh,
                    coalesce(i.qty, s.stock_quantity, 0) AS qty,
                    coalesce(i.priority, s.priority) AS priority
             FROM temp.move_input i
             JOIN inventory_mapping s ON s.product_id = i.product_id AND s.warehouse_code = i.from_wh;",
        )?;
        self.conn.execute(
            "INSERT INTO temp.effect
             SELECT d.product_id, d.warehouse_code, 'move',
                    m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                    m.drain_started_at, m.last_change,
                    1, ifnull(m.stock_quantity, 0) + d.delta, coalesce(m.priority, d.priority, 100),
                    coalesce(m.state, 'active'), m.drain_started_at, NULL, 0
             FROM (SELECT product_id, warehouse_code, sum(delta) AS delta, min(priority) AS priority
                   FROM (SELECT product_id, from_wh AS warehouse_code, -qty AS delta, NULL AS priority
                         FROM temp.move_resolved
                         UNION ALL
                         SELECT product_id, to_wh, qty, priority FROM temp.move_resolved)
                   GROUP BY 1, 2) d
             LEFT JOIN inventory_mapping m
               ON m.product_id = d.product_id AND m.warehouse_code = d.warehouse_code
             WHERE d.delta <> 0 OR m.product_id IS NULL",
            [],
        )?;
        let short: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT product_id, warehouse_code, before_qty, before_qty - after_qty
                 FROM temp.effect WHERE after_qty < 0 ORDER BY product_id, warehouse_code LIMIT 5",
            )?;
            stmt.query_map([], |r| {
                Ok(crate::tr!(
                    "store-move-short",
                    sku = &r.get::<_, String>(0)?,
                    warehouse = &r.get::<_, String>(1)?,
                    holds = Units(r.get(2)?),
                    takes = Units(r.get(3)?)
                ))
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        if !short.is_empty() {
            anyhow::bail!(Refused(crate::tr!(
                "store-move-too-many",
                short = &super::words::list(&short)
            )));
        }
        Ok(self.conn.query_row(
            "SELECT ifnull(sum(qty), 0) FROM temp.move_resolved",
            [],
            |r| r.get(0),
        )?)
    }

    /// The lines that cannot be moved as written, as input problems (exit 4).
    fn move_problems(&self, problems: &mut Problems) -> Result<()> {
        // Each row: line, column, value, what is wrong (`kind`), the SKU and warehouse it is
        // about, and the first line of a repeated move.
        let mut stmt = self.conn.prepare(
            "SELECT line, col, value, kind, sku, wh, first FROM (
               SELECT i.line, 'from' AS col, i.from_wh AS value, 'no-link' AS kind,
                      i.product_id AS sku, i.from_wh AS wh, NULL AS first
               FROM temp.move_input i
               WHERE NOT EXISTS (SELECT 1 FROM inventory_mapping m
                                 WHERE m.product_id = i.product_id AND m.warehouse_code = i.from_wh)
               UNION ALL
               SELECT line, 'to', to_wh, 'same', product_id, to_wh, NULL
               FROM temp.move_input WHERE to_wh = from_wh
               UNION ALL
               SELECT i.line, 'to', i.to_wh,
                      CASE WHEN w.code IS NULL THEN 'unknown' ELSE 'closed' END,
                      i.product_id, i.to_wh, NULL
               FROM temp.move_input i LEFT JOIN warehouses w ON w.code = i.to_wh
               WHERE w.code IS NULL OR w.status = 'closed'
               UNION ALL
               SELECT i.line, 'to', i.to_wh, 'draining', i.product_id, i.to_wh, NULL
               FROM temp.move_input i JOIN inventory_mapping m
                 ON m.product_id = i.product_id AND m.warehouse_code = i.to_wh
               WHERE m.state = 'draining'
               UNION ALL
               SELECT i.line, 'product_id', i.product_id || ' ' || i.from_wh || ' -> ' || i.to_wh,
                      'repeated', i.product_id, i.from_wh,
                      (SELECT min(j.line) FROM temp.move_input j
                         WHERE j.product_id = i.product_id AND j.from_wh = i.from_wh
                           AND j.to_wh = i.to_wh)
               FROM temp.move_input i
               WHERE EXISTS (SELECT 1 FROM temp.move_input j WHERE j.product_id = i.product_id
                               AND j.from_wh = i.from_wh AND j.to_wh = i.to_wh AND j.line < i.line)
             ) ORDER BY line",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (line, col, value, kind): (u64, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let (sku, wh): (String, String) = (r.get(4)?, r.get(5)?);
            let message = match kind.as_str() {
                "no-link" => crate::tr!("store-move-no-link", sku = &sku, warehouse = &wh),
                "same" => crate::tr!("store-move-same-warehouse"),
                "unknown" => crate::tr!("store-unknown-warehouse"),
                "closed" => crate::tr!("store-move-target-closed", warehouse = &wh),
                "draining" => crate::tr!("store-move-target-draining", sku = &sku, warehouse = &wh),
                _ => crate::tr!("store-move-repeated", first = r.get::<_, i64>(6)?),
            };
            problems.push(Problem::new(line, &col, &value, message));
        }
        Ok(())
    }
}
