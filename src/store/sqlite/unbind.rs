//! Unbinding, set-based: the pairs are staged in temporary tables, checked with a handful
//! of statements whatever the batch size, and applied with one statement per step — never a
//! query per pair. The same code serves the dry run (inside a read transaction) and the real
//! run (inside the change's `BEGIN IMMEDIATE`), so the dry run shows exactly what would happen.

use anyhow::Result;
use rusqlite::{Connection, params};
use serde::Serialize;

use super::changes::ChangeTx;
use super::tx::{Tx, TxConn};
use crate::domain::checks::{Action, PairFacts, UnbindOptions};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::problem::{Problem, Problems};

/// One requested pair, as given (a CSV line or a `--sku/--warehouse` flag pair).
#[derive(Debug, Clone)]
pub struct PairInput {
    /// The CSV line, or the position of the flag pair (1, 2, …) on the command line.
    pub line: u64,
    pub sku: Sku,
    pub warehouse: WarehouseCode,
    pub transfer_to: Option<WarehouseCode>,
    pub reason: Option<String>,
}

/// The staged batch on one connection (temporary tables live as long as it does).
///
/// Joins from a temporary table to the store are written `CROSS JOIN`, which in SQLite fixes
/// the join order: temporary tables have no statistics, and the planner would otherwise scan a
/// million links to find a handful of pairs.
pub struct Batch<'c> {
    conn: &'c Connection,
}

/// A pair of the plan, as the dry run lists it.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedPair {
    pub line: u64,
    pub product_id: String,
    pub warehouse_code: String,
    pub action: String,
    pub stock_quantity: i64,
    pub transfer_to: Option<String>,
    pub open_orders: i64,
}

/// What a batch would do, in numbers.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct BatchCounts {
    pub pairs: u64,
    pub unbind: u64,
    pub transfer: u64,
    pub write_off: u64,
    pub drain: u64,
    pub units_transferred: i64,
    pub units_written_off: i64,
}

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
        WHERE q.product_id = p.product_id AND q.qty > 0 AND w.status = 'active'));";

/// The lines whose pair matched no link.
const UNMATCHED: &str = "
DROP TABLE IF EXISTS temp.unbind_unmatched;
CREATE TEMP TABLE unbind_unmatched AS
SELECT line, product_id, warehouse_code FROM temp.unbind_input i
WHERE NOT EXISTS (SELECT 1 FROM temp.unbind_plan p
                  WHERE p.product_id = i.product_id AND p.warehouse_code = i.warehouse_code);";

const STAGE: &str = "
DROP TABLE IF EXISTS temp.unbind_input;
DROP TABLE IF EXISTS temp.unbind_issue;
DROP TABLE IF EXISTS temp.unbind_plan;
DROP TABLE IF EXISTS temp.unbind_target;
DROP TABLE IF EXISTS temp.unbind_dup;
DROP TABLE IF EXISTS temp.unbind_action;
CREATE TEMP TABLE unbind_action(
    product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL, action TEXT NOT NULL,
    PRIMARY KEY (product_id, warehouse_code)) WITHOUT ROWID;
CREATE TEMP TABLE unbind_input(
    seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, product_id TEXT NOT NULL,
    warehouse_code TEXT NOT NULL, transfer_to TEXT, reason TEXT);
-- outcome: invalid | duplicate | refused | warning
CREATE TEMP TABLE unbind_issue(
    line INTEGER NOT NULL, outcome TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL,
    message TEXT NOT NULL);
CREATE TEMP TABLE unbind_plan(
    product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL, line INTEGER NOT NULL,
    transfer_to TEXT, reason TEXT, qty INTEGER NOT NULL, routable INTEGER NOT NULL,
    region TEXT NOT NULL,
    -- the link's row as it is now: the before-image the change will record
    stock INTEGER, priority INTEGER NOT NULL, state TEXT NOT NULL, drain_started_at TEXT,
    last_change INTEGER,
    -- the SKU has another link that takes orders now (active, in an active warehouse)
    has_other INTEGER NOT NULL, open_orders INTEGER NOT NULL DEFAULT 0, oldest_open TEXT,
    target_status TEXT, orphan INTEGER NOT NULL DEFAULT 0, region_gap INTEGER NOT NULL DEFAULT 0,
    action TEXT NOT NULL DEFAULT 'unbind');
";

impl<'c> Batch<'c> {
    /// Stages the pairs in a temporary table, pulling them one at a time from `next` (a CSV
    /// file is streamed, never held in memory).
    pub fn stage(
        tx: &'c impl Tx,
        mut next: impl FnMut() -> Result<Option<PairInput>>,
    ) -> Result<Batch<'c>> {
        let conn = tx.conn();
        conn.execute_batch(STAGE)?;
        let mut insert = conn.prepare(
            "INSERT INTO temp.unbind_input(line, product_id, warehouse_code, transfer_to, reason)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        while let Some(p) = next()? {
            insert.execute(params![p.line, p.sku, p.warehouse, p.transfer_to, p.reason])?;
        }
        Ok(Batch { conn })
    }

    /// Stages the pairs of a stored plan.
    pub fn stage_plan(tx: &'c impl Tx, plan_id: i64) -> Result<Batch<'c>> {
        let conn = tx.conn();
        conn.execute_batch(STAGE)?;
        conn.execute(
            "INSERT INTO temp.unbind_input(line, product_id, warehouse_code, transfer_to, reason)
             SELECT line, product_id, warehouse_code, transfer_to, reason FROM plan_pairs
             WHERE plan_id = ?1 ORDER BY line",
            [plan_id],
        )?;
        Ok(Batch { conn })
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

    /// Finds the input errors (unknown SKU or warehouse, pair not linked, bad transfer target)
    /// and pushes them to `problems` in line order; records them for the report. Runs after
    /// [`Batch::plan`], so only the lines that matched no link are looked at closely.
    /// `columns`: how the source names the SKU, warehouse and transfer columns.
    pub fn input_problems(
        &self,
        global_transfer: Option<&str>,
        columns: [&str; 3],
        problems: &mut Problems,
    ) -> Result<()> {
        let unmatched: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM temp.unbind_input) - (SELECT count(*) FROM temp.unbind_plan)
                    - (SELECT count(*) FROM temp.unbind_issue WHERE outcome = 'duplicate')",
            [],
            |r| r.get(0),
        )?;
        let check_lines = if unmatched == 0 {
            // Every line matched a link of its own: only transfer targets can be wrong.
            "DROP TABLE IF EXISTS temp.unbind_unmatched;
             CREATE TEMP TABLE unbind_unmatched(line, product_id, warehouse_code);"
        } else {
            UNMATCHED
        };
        self.conn.execute_batch(check_lines)?;
        self.conn.execute_batch(
            "INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'warehouse_code', warehouse_code,
                    'unknown warehouse: see `invmap warehouse list`'
             FROM temp.unbind_unmatched i
             WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = i.warehouse_code);

             INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'product_id', product_id,
                    'unknown SKU: not in the store' || ifnull(
                      ' (did you mean ' || (SELECT m.product_id FROM inventory_mapping m
                         WHERE m.product_id IN ('0' || i.product_id, '00' || i.product_id,
                               '000' || i.product_id, '0000' || i.product_id) LIMIT 1) || '?)', '')
                    || '; check the code (Excel drops leading zeros)'
             FROM temp.unbind_unmatched i
             WHERE NOT EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = i.product_id)
               AND NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = i.product_id);

             INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'warehouse_code', warehouse_code,
                    'pair not bound: ' || product_id || ' is not linked to ' || warehouse_code
                    || '; see `invmap route --sku ' || product_id || '`'
             FROM temp.unbind_unmatched i
             WHERE EXISTS (SELECT 1 FROM warehouses w WHERE w.code = i.warehouse_code)
               AND (EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = i.product_id)
                    OR EXISTS (SELECT 1 FROM products p WHERE p.product_id = i.product_id));",
        )?;
        self.conn.execute(
            "INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'transfer_to', t,
                    CASE WHEN t = warehouse_code
                         THEN 'the transfer target is the warehouse being unbound: name another warehouse'
                         ELSE 'unknown transfer target warehouse: see `invmap warehouse list`' END
             FROM (SELECT line, warehouse_code, coalesce(transfer_to, ?1) AS t FROM temp.unbind_input) i
             WHERE t IS NOT NULL
               AND (t = warehouse_code OR NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = t))",
            [global_transfer],
        )?;
        // Stock cannot move into a link the same batch takes away.
        self.conn.execute_batch(
            "INSERT INTO temp.unbind_issue
             SELECT p.line, 'invalid', 'transfer_to', p.transfer_to,
                    'the transfer target ' || p.transfer_to || ' is unbound by this batch too (line '
                    || x.line || '): move the stock to a warehouse the SKU keeps'
             FROM temp.unbind_plan p
             JOIN temp.unbind_plan x
               ON x.product_id = p.product_id AND x.warehouse_code = p.transfer_to
             WHERE p.transfer_to IS NOT NULL",
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT line, col, value, message FROM temp.unbind_issue
             WHERE outcome = 'invalid' ORDER BY line",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (line, col, value, message): (u64, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let col = match col.as_str() {
                "product_id" => columns[0],
                "warehouse_code" => columns[1],
                _ => columns[2],
            };
            problems.push(Problem::new(line, col, &value, message));
        }
        Ok(())
    }

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
                     reason, qty, routable, region, stock, priority, state, drain_started_at,
                     last_change, has_other)
                 SELECT i.product_id, i.warehouse_code, i.line, coalesce(i.transfer_to, ?1), i.reason,
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
             INSERT INTO temp.unbind_issue
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
                   WHERE q.product_id = unbind_plan.product_id AND q.qty > 0
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

    /// Records a refusal or warning for the report.
    pub fn note_issue(&self, line: u64, outcome: &str, message: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO temp.unbind_issue VALUES (?1, ?2, '', '', ?3)",
            params![line, outcome, message],
        )?;
        Ok(())
    }

    /// The counts before any pair is judged: every pair is a plain unbind until a check
    /// decides otherwise (one count instead of a pass over the plan per action).
    pub fn unjudged_counts(&self) -> Result<BatchCounts> {
        let pairs: u64 = self
            .conn
            .query_row("SELECT count(*) FROM temp.unbind_plan", [], |r| r.get(0))?;
        Ok(BatchCounts {
            pairs,
            unbind: pairs,
            ..BatchCounts::default()
        })
    }

    pub fn counts(&self) -> Result<BatchCounts> {
        Ok(self.conn.query_row(
            "SELECT count(*), ifnull(sum(action = 'unbind'), 0), ifnull(sum(action = 'transfer'), 0),
                    ifnull(sum(action = 'write-off'), 0), ifnull(sum(action = 'drain'), 0),
                    ifnull(sum(CASE WHEN action = 'transfer' THEN qty END), 0),
                    ifnull(sum(CASE WHEN action = 'write-off' THEN qty END), 0)
             FROM temp.unbind_plan",
            [],
            |r| {
                Ok(BatchCounts {
                    pairs: r.get(0)?,
                    unbind: r.get(1)?,
                    transfer: r.get(2)?,
                    write_off: r.get(3)?,
                    drain: r.get(4)?,
                    units_transferred: r.get(5)?,
                    units_written_off: r.get(6)?,
                })
            },
        )?)
    }

    /// The plan in line order, at most `limit` pairs (for the dry run's listing).
    pub fn planned(&self, limit: i64) -> Result<Vec<PlannedPair>> {
        let mut stmt = self.conn.prepare(
            "SELECT line, product_id, warehouse_code, action, qty,
                    CASE WHEN action = 'transfer' THEN transfer_to END, open_orders
             FROM temp.unbind_plan ORDER BY line LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(PlannedPair {
                line: r.get(0)?,
                product_id: r.get(1)?,
                warehouse_code: r.get(2)?,
                action: r.get(3)?,
                stock_quantity: r.get(4)?,
                transfer_to: r.get(5)?,
                open_orders: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One outcome per input line, in line order, for `--report`:
    /// (line, sku, warehouse, outcome, reason).
    pub fn each_outcome(
        &self,
        applied: bool,
        mut each: impl FnMut(u64, &str, &str, &str, &str) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT i.line, i.product_id, i.warehouse_code,
                    (SELECT outcome FROM temp.unbind_issue x
                     WHERE x.line = i.line AND x.outcome <> 'warning'
                     ORDER BY x.outcome = 'invalid' DESC LIMIT 1),
                    (SELECT group_concat(message, '; ') FROM temp.unbind_issue x WHERE x.line = i.line),
                    p.action, i.reason
             FROM temp.unbind_input i
             LEFT JOIN temp.unbind_plan p
               ON p.product_id = i.product_id AND p.warehouse_code = i.warehouse_code
              AND p.line = i.line
             ORDER BY i.seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let line: u64 = r.get(0)?;
            let (sku, wh): (String, String) = (r.get(1)?, r.get(2)?);
            let issue: Option<String> = r.get(3)?;
            let messages: Option<String> = r.get(4)?;
            let action: Option<String> = r.get(5)?;
            let reason: Option<String> = r.get(6)?;
            let outcome = match (issue.as_deref(), action.as_deref(), applied) {
                (Some("invalid"), _, _) => "invalid".to_string(),
                (Some("refused"), _, _) => "refused".to_string(),
                (Some("duplicate"), _, _) => "duplicate".to_string(),
                (_, Some(a), true) => outcome_word(a).to_string(),
                (_, Some(a), false) => format!("would be {}", outcome_word(a)),
                _ => "not applied".to_string(),
            };
            let why = match (messages, reason) {
                (Some(m), Some(r)) => format!("{r}; {m}"),
                (Some(m), None) => m,
                (None, Some(r)) => r,
                (None, None) => String::new(),
            };
            each(line, &sku, &wh, &outcome, &why)?;
        }
        Ok(())
    }
}

fn outcome_word(action: &str) -> &'static str {
    match action {
        "transfer" => "transferred",
        "write-off" => "written off",
        "drain" => "drained",
        _ => "unbound",
    }
}

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

    /// Moves transferred stock to each target link (created when missing), with its
    /// before-image; several pairs of one SKU moving to one target add up.
    fn apply_transfers(&self) -> Result<()> {
        let conn = self.conn();
        conn.execute_batch(
            "CREATE TEMP TABLE unbind_target AS
             SELECT product_id, transfer_to AS warehouse_code, sum(qty) AS moved
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
        conn.execute(
            "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, last_change)
             SELECT product_id, warehouse_code, moved, ?1 FROM temp.unbind_target WHERE true
             ON CONFLICT(product_id, warehouse_code) DO UPDATE SET
                 stock_quantity = ifnull(stock_quantity, 0) + excluded.stock_quantity,
                 last_change = excluded.last_change",
            [self.id],
        )?;
        Ok(())
    }
}
