//! The rules, set-based: the plan joins every pair to its link, then the facts each rule
//! needs (open orders, transfer targets, last warehouse, region cover) are gathered for all
//! pairs at once; only the pairs with something to judge come back to Rust.

use anyhow::Result;
use rusqlite::params;

use super::{Batch, BatchCounts};
use crate::domain::checks::{Action, PairFacts};

/// No active link in an active warehouse would remain, and no transfer creates one. A SKU
/// with one pair in the batch: it has no other such link. A SKU with several: its links that
/// take orders, minus those this batch takes away.
const ORPHANS: &str = "
UPDATE temp.unbind_plan SET orphan = 1
WHERE routable AND product_id IN (
    SELECT p.product_id FROM temp.unbind_plan p
    GROUP BY p.product_id
    HAVING CASE WHEN count(*) = 1 THEN NOT max(p.has_other)
           ELSE sum(p.routable) >= (
               SELECT count(*) FROM inventory_mapping a
               WHERE a.product_id = p.product_id AND a.state = 'active'
                 AND a.warehouse_code NOT IN (SELECT code FROM warehouses
                                              WHERE status = 'closed')) END
    AND NOT EXISTS (
        SELECT 1 FROM temp.unbind_plan q CROSS JOIN warehouses w ON w.code = q.transfer_to
        WHERE q.product_id = p.product_id AND w.status = 'active'));";

impl Batch<'_> {
    /// Builds the plan: one row per distinct linked pair (the earliest line wins) with the
    /// link's current row (the before-image the change will record) and whether the SKU has
    /// another link that takes orders. The template is read in key order, so the lookups walk
    /// the link table forwards and the plan's rows land in key order (which its index, the
    /// before-images and the delete then read); indexing afterwards is far cheaper than
    /// keeping a keyed table sorted while inserting. Returns the duplicate lines as
    /// (line, first line, pair), also recorded for the report.
    pub fn plan(&self, global_transfer: Option<&str>) -> Result<Vec<(u64, u64, String)>> {
        // Most stores have no closed warehouse: then testing each link's warehouse against
        // the closed ones is left out (a tenth of this statement's time).
        let any_closed: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM warehouses WHERE status = 'closed')",
            [],
            |r| r.get(0),
        )?;
        let open = |link: &str| {
            if any_closed {
                format!(
                    "AND {link}.warehouse_code NOT IN (SELECT code FROM warehouses WHERE status = 'closed')"
                )
            } else {
                String::new()
            }
        };
        self.conn.execute(
            &format!(
                "INSERT INTO temp.unbind_plan(product_id, warehouse_code, line, transfer_to,
                     reason, target_priority, qty, routable, region, stock, priority, state,
                     drain_started_at, last_change, has_other)
                 SELECT i.product_id, i.warehouse_code, i.line, coalesce(i.transfer_to, ?1), i.reason,
                        i.priority,
                        ifnull(m.stock_quantity, 0), m.state = 'active' {m_open}, '',
                        m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                        -- the SKU's other links sit next to this one in key order: a cheap look
                        EXISTS (SELECT 1 FROM inventory_mapping a
                                WHERE a.product_id = i.product_id
                                  AND a.warehouse_code <> i.warehouse_code
                                  AND a.state = 'active' {a_open})
                 -- LIMIT -1 keeps the sort: without it SQLite flattens the subquery into
                 -- the join and drops its ORDER BY
                 FROM (SELECT * FROM temp.unbind_input
                       ORDER BY product_id, warehouse_code, line LIMIT -1) i
                 CROSS JOIN inventory_mapping m
                   ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code",
                m_open = open("m"),
                a_open = open("a"),
            ),
            [global_transfer],
        )?;
        self.conn.execute_batch(
            "CREATE INDEX temp.unbind_plan_key ON unbind_plan(product_id, warehouse_code, line);",
        )?;
        let repeated: i64 = self.conn.query_row(
            "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT product_id, warehouse_code
                                                    FROM temp.unbind_plan))
             FROM temp.unbind_plan",
            [],
            |r| r.get(0),
        )?;
        if repeated == 0 {
            return Ok(Vec::new());
        }
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.unbind_dup;
             CREATE TEMP TABLE unbind_dup AS
             SELECT p.rowid AS id, p.line, p.product_id, p.warehouse_code,
                    (SELECT min(x.line) FROM temp.unbind_plan x
                     WHERE x.product_id = p.product_id AND x.warehouse_code = p.warehouse_code) AS first
             FROM temp.unbind_plan p
             WHERE EXISTS (SELECT 1 FROM temp.unbind_plan x
                           WHERE x.product_id = p.product_id AND x.warehouse_code = p.warehouse_code
                             AND x.line < p.line);
             INSERT INTO temp.unbind_issue(line, outcome, col, value, message)
             SELECT line, 'duplicate', 'product_id', product_id,
                    'same pair as line ' || first || ': unbound once'
             FROM temp.unbind_dup;
             DELETE FROM temp.unbind_plan WHERE rowid IN (SELECT id FROM temp.unbind_dup);",
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT line, first, product_id || ' @ ' || warehouse_code FROM temp.unbind_dup ORDER BY line",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open orders, transfer targets, last-warehouse and region cover — set-based.
    pub fn gather_facts(&self) -> Result<()> {
        self.mark_orphans()?;
        self.conn.execute_batch(
            "UPDATE temp.unbind_plan SET
                 open_orders = (SELECT count(*) FROM orders o WHERE o.status = 'open'
                     AND o.product_id = unbind_plan.product_id
                     AND o.warehouse_code = unbind_plan.warehouse_code),
                 oldest_open = (SELECT min(created_at) FROM orders o WHERE o.status = 'open'
                     AND o.product_id = unbind_plan.product_id
                     AND o.warehouse_code = unbind_plan.warehouse_code)
             WHERE EXISTS (SELECT 1 FROM orders o WHERE o.status = 'open'
                     AND o.product_id = unbind_plan.product_id
                     AND o.warehouse_code = unbind_plan.warehouse_code);

             UPDATE temp.unbind_plan
             SET target_status = (SELECT status FROM warehouses w WHERE w.code = transfer_to)
             WHERE transfer_to IS NOT NULL;

             -- The same within the pair's region (warehouses without a region are not counted;
             -- in a store without regions this touches nothing).
             UPDATE temp.unbind_plan
             SET region = (SELECT w.region FROM warehouses w WHERE w.code = unbind_plan.warehouse_code)
             WHERE routable AND EXISTS (SELECT 1 FROM warehouses WHERE region <> '');
             UPDATE temp.unbind_plan SET region_gap = 1
             WHERE routable AND region <> ''
               AND NOT EXISTS (
                   SELECT 1 FROM inventory_mapping m JOIN warehouses w ON w.code = m.warehouse_code
                   WHERE m.product_id = unbind_plan.product_id AND m.state = 'active'
                     AND w.status = 'active' AND w.region = unbind_plan.region
                     AND NOT EXISTS (SELECT 1 FROM temp.unbind_plan x
                         WHERE x.product_id = m.product_id AND x.warehouse_code = m.warehouse_code))
               AND NOT EXISTS (
                   SELECT 1 FROM temp.unbind_plan q JOIN warehouses w ON w.code = q.transfer_to
                   WHERE q.product_id = unbind_plan.product_id
                     AND w.status = 'active' AND w.region = unbind_plan.region);",
        )?;
        Ok(())
    }

    /// Marks the pairs whose removal would leave their SKU without an active link in an active
    /// warehouse (no transfer creating one). Skipped when it cannot happen: every SKU is in
    /// the batch once and has another such link — the common case of a big batch.
    fn mark_orphans(&self) -> Result<()> {
        let possible: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM temp.unbind_plan WHERE routable AND NOT has_other)
                 OR (SELECT count(*) - count(DISTINCT product_id) FROM temp.unbind_plan) > 0",
            [],
            |r| r.get(0),
        )?;
        if possible {
            self.conn.execute_batch(ORPHANS)?;
        }
        Ok(())
    }

    /// The pairs whose facts need a decision (stock, orders, transfer, orphan, region); the
    /// rest are plain unbinds. In line order.
    pub fn pairs_to_judge(&self) -> Result<Vec<PairFacts>> {
        let mut stmt = self.conn.prepare(
            "SELECT line, product_id, warehouse_code, qty, open_orders, oldest_open, transfer_to,
                    target_status, orphan, CASE WHEN region_gap THEN region END
             FROM temp.unbind_plan
             WHERE qty > 0 OR open_orders > 0 OR orphan OR region_gap
             ORDER BY line",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PairFacts {
                line: r.get(0)?,
                sku: r.get(1)?,
                warehouse: r.get(2)?,
                qty: r.get(3)?,
                open_orders: r.get(4)?,
                oldest_open: r.get(5)?,
                transfer_to: r.get(6)?,
                target_status: r.get(7)?,
                leaves_orphan: r.get(8)?,
                region_gap: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records the decision for a judged pair.
    /// Decisions are collected in a temporary table and written to the plan with one
    /// statement by [`Batch::apply_actions`], not an update per pair.
    pub fn set_action(&self, f: &PairFacts, action: Action) -> Result<()> {
        if action != Action::Unbind {
            self.conn
                .prepare_cached(
                    "INSERT INTO temp.unbind_action(product_id, warehouse_code, action)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![f.sku, f.warehouse, action.as_str()])?;
        }
        Ok(())
    }

    /// Writes the decisions recorded by [`Batch::set_action`] into the plan.
    pub fn apply_actions(&self) -> Result<()> {
        self.conn.execute_batch(
            "UPDATE temp.unbind_plan SET action = a.action
             FROM temp.unbind_action a
             WHERE a.product_id = unbind_plan.product_id
               AND a.warehouse_code = unbind_plan.warehouse_code;
             DELETE FROM temp.unbind_action;",
        )?;
        Ok(())
    }

    /// Takes the refused pairs out of the plan (they stay as they are) and counts the rest.
    pub fn drop_refused(&self) -> Result<BatchCounts> {
        self.conn.execute(
            "DELETE FROM temp.unbind_plan
             WHERE line IN (SELECT line FROM temp.unbind_issue WHERE outcome = 'refused')",
            [],
        )?;
        self.counts()
    }
}
