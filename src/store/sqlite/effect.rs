//! A change's effect, staged before anything is written: for every link it touches, the row
//! as it is (before) and as it would be (after), and for every warehouse whose status it
//! changes, both statuses. One judge reads the effect against the live store — so the rules
//! see the state the change would leave — and one apply writes it with its before-images and
//! one audit entry per pair. Rollback, restore, bind and warehouse status changes all go
//! through here (the unbind batch has its own plan: it decides drains and transfers per pair).
//!
//! Staging writes only temporary tables, so a dry run stages and judges inside a read
//! transaction and never takes the store's write lock.

use anyhow::Result;
use rusqlite::{OptionalExtension, params};

use super::changes::ChangeTx;
use super::tx::{Tx, TxConn};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::effect::EffectFacts;
use crate::domain::values::Qty;
use crate::error::{InputError, Refused};

/// Refuses a rollback whose target's before-images no longer say what its audit entries say
/// (`forged`), or whose rows were edited behind the tool's back since (`edited`): counts and
/// examples, the same words on every backend.
pub(crate) fn refuse_unprovable_rollback(
    target: i64,
    (forged, rows): (i64, Vec<crate::i18n::Text>),
    (edited, links): (i64, Vec<crate::i18n::Text>),
) -> Result<()> {
    let (rows, links) = (
        super::evidence::worded(rows),
        super::evidence::worded(links),
    );
    if forged > 0 {
        return Err(Refused(crate::tr!(
            "store-rollback-forged",
            target = target,
            count = forged,
            rows = &super::words::list_of(forged, &rows)
        ))
        .into());
    }
    if edited > 0 {
        return Err(Refused(crate::tr!(
            "store-rollback-drifted",
            target = target,
            count = edited,
            links = &super::words::list_of(edited, &links)
        ))
        .into());
    }
    Ok(())
}

/// A warehouse status (and region) a rollback puts back.
pub(crate) struct PutBack {
    pub code: String,
    /// The status now, and the one put back.
    pub now: String,
    pub before: String,
    /// The region now, and the one put back.
    pub region: Option<(String, String)>,
}

/// What the undone change's summary says it set, read against the warehouses now
/// (`now_of`: status and region): refused when a status is no longer the one it left.
pub(crate) fn statuses_to_put_back(
    summary: &str,
    target: i64,
    mut now_of: impl FnMut(&str) -> Result<(String, String)>,
) -> Result<Vec<PutBack>> {
    let mut out = Vec::new();
    for ws in &statuses_set_by(summary) {
        let Some(code) = ws["code"].as_str() else {
            continue;
        };
        let (now, region) = now_of(code)?;
        if ws["after"].as_str().is_some_and(|after| after != now) {
            anyhow::bail!(Refused(crate::tr!(
                "store-rollback-status-changed",
                code = code,
                now = now.as_str(),
                left = ws["after"].as_str().unwrap_or(""),
                target = target
            )));
        }
        out.push(PutBack {
            code: code.to_string(),
            before: ws["before"].as_str().unwrap_or(&now).to_string(),
            region: ws["before_region"]
                .as_str()
                .map(|old| (region, old.to_string())),
            now,
        });
    }
    Ok(out)
}

/// The warehouse statuses (and regions) a change set, from its summary: every one (stores
/// written before this list kept one, as `warehouse_status`).
fn statuses_set_by(summary: &str) -> Vec<serde_json::Value> {
    let summary: serde_json::Value = serde_json::from_str(summary).unwrap_or_default();
    let mut set: Vec<serde_json::Value> = summary["warehouse_statuses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if set.is_empty() && summary["warehouse_status"].is_object() {
        set.push(summary["warehouse_status"].clone());
    }
    set
}

const SCHEMA: &str = "
DROP TABLE IF EXISTS temp.effect;
CREATE TEMP TABLE effect(
    product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL, action TEXT NOT NULL,
    before_present INTEGER NOT NULL, before_qty INTEGER, before_priority INTEGER,
    before_state TEXT, before_drain_started_at TEXT, before_last_change INTEGER,
    after_present INTEGER NOT NULL, after_qty INTEGER, after_priority INTEGER,
    after_state TEXT, after_drain_started_at TEXT,
    -- the row's mark after the change when it is not the change's own id (a rollback puts
    -- back the mark of the state it restores)
    after_last_change INTEGER,
    -- a rollback: the row is not as the undone change left it
    conflict INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, warehouse_code)) WITHOUT ROWID;
DROP TABLE IF EXISTS temp.effect_wh;
CREATE TEMP TABLE effect_wh(code TEXT PRIMARY KEY, before_status TEXT NOT NULL,
    after_status TEXT NOT NULL, before_region TEXT, after_region TEXT) WITHOUT ROWID;
DROP TABLE IF EXISTS temp.effect_new_wh;
CREATE TEMP TABLE effect_new_wh(code TEXT PRIMARY KEY, name TEXT, region TEXT, status TEXT,
    storage_cost_micros INTEGER) WITHOUT ROWID;
";

/// The effect being staged, on one transaction (its temporary tables live as long as it).
pub struct Effect<'c> {
    pub(super) conn: &'c rusqlite::Connection,
    tx: &'c dyn Tx,
}

/// How big an effect is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct EffectCounts {
    /// Links touched.
    pub pairs: u64,
    pub removed: u64,
    pub added: u64,
    pub updated: u64,
    /// Warehouses whose status changes.
    pub warehouses: u64,
    /// Warehouses the change adds (a restore brings the backup's).
    pub new_warehouses: u64,
    /// Rollback: rows changed again since the change being undone.
    pub conflicts: u64,
}

/// A link whose stock a forced change overwrites (shown by a forced dry run).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Overwrite {
    pub product_id: String,
    pub warehouse_code: String,
    /// The stock now (`None`: no link now).
    pub now: Option<i64>,
    /// The stock the change puts there (`None`: the link goes).
    pub becomes: Option<i64>,
}

impl<'c> Effect<'c> {
    pub fn new(tx: &'c dyn Tx) -> Result<Effect<'c>> {
        let conn = tx.conn();
        conn.execute_batch(SCHEMA)?;
        Ok(Effect { conn, tx })
    }

    /// The effect already staged on `tx` (its tables made by [`Effect::new`]).
    pub(super) fn on(tx: &'c dyn Tx) -> Effect<'c> {
        Effect {
            conn: tx.conn(),
            tx,
        }
    }

    /// The transaction the effect is staged on (to stage a restore's file first).
    pub fn tx(&self) -> &'c dyn Tx {
        self.tx
    }

    /// Undo `target`: every row it touched goes back to its before-image; a row not as
    /// `target` left it is marked as a conflict (a later change touched it).
    ///
    /// Refused first when a before-image of `target` no longer says what its audit entry
    /// says: a forged row is never put back (SPEC §6; not even with --force).
    pub fn stage_rollback(&self, target: i64) -> Result<()> {
        // The proofs read only what the write lock this change holds keeps still (history,
        // and the links this change has not touched yet), so they run beside the staging (a
        // 100k-row rollback then costs no more time for them).
        let (proofs, staged) = super::side_by_side(
            self.conn,
            |reader| {
                // Examples come back as messages, worded here in this thread's language.
                let forged = super::evidence::forged_examples(reader, Some(target))?;
                let edited = super::drift::edited_since(reader, target)?;
                Ok((forged, edited))
            },
            || self.stage_rollback_rows(target),
        );
        let (forged, edited) = proofs?;
        refuse_unprovable_rollback(target, forged, edited)?;
        staged
    }

    fn stage_rollback_rows(&self, target: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO temp.effect
             SELECT i.product_id, i.warehouse_code, 'rollback',
                    m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                    m.drain_started_at, m.last_change,
                    i.before_present, i.before_qty, i.before_priority, i.before_state,
                    i.before_drain_started_at, i.before_last_change,
                    (i.after_present AND (m.product_id IS NULL
                        OR m.last_change IS NOT coalesce(i.after_last_change, ?1)))
                    OR (NOT i.after_present AND m.product_id IS NOT NULL)
             FROM change_items i
             LEFT JOIN inventory_mapping m
               ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
             WHERE i.change_id = ?1",
            [target],
        )?;
        // The warehouse statuses and regions the undone change set go back too (every one;
        // stores written before this list kept one, as `warehouse_status`).
        let summary: String =
            self.conn
                .query_row("SELECT summary FROM changes WHERE id = ?1", [target], |r| {
                    r.get(0)
                })?;
        let now_of = |code: &str| {
            Ok(self.conn.query_row(
                "SELECT status, region FROM warehouses WHERE code = ?1",
                [code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        };
        for p in statuses_to_put_back(&summary, target, now_of)? {
            self.stage_status(&p.code, &p.now, &p.before, "rollback")?;
            if let Some((now, old)) = &p.region {
                self.stage_region(&p.code, now, old)?;
            }
        }
        Ok(())
    }

    /// A warehouse's region goes from `before` to `after` (recorded, and undone by rollback).
    pub fn stage_region(&self, code: &str, before: &str, after: &str) -> Result<()> {
        let status: String = self.conn.query_row(
            "SELECT status FROM warehouses WHERE code = ?1",
            [code],
            |r| r.get(0),
        )?;
        self.conn.execute(
            "INSERT INTO temp.effect_wh(code, before_status, after_status, before_region,
                 after_region) VALUES (?1, ?2, ?2, ?3, ?4)
             ON CONFLICT(code) DO UPDATE SET before_region = excluded.before_region,
                 after_region = excluded.after_region",
            params![code, status, before, after],
        )?;
        Ok(())
    }

    /// A warehouse's status goes from `before` to `after` (close, reopen, the undo of one, an
    /// import that changes it). Its links stay; each is recorded as touched, unchanged, so the
    /// change shows what stopped (or started) taking orders.
    pub fn stage_status(&self, code: &str, before: &str, after: &str, action: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO temp.effect_wh(code, before_status, after_status) VALUES (?1, ?2, ?3)
             ON CONFLICT(code) DO UPDATE SET after_status = excluded.after_status",
            params![code, before, after],
        )?;
        self.conn.execute(
            "INSERT OR IGNORE INTO temp.effect
             SELECT product_id, warehouse_code, ?2, 1, stock_quantity, priority, state,
                    drain_started_at, last_change,
                    1, stock_quantity, priority, state, drain_started_at, NULL, 0
             FROM inventory_mapping WHERE warehouse_code = ?1",
            params![code, action],
        )?;
        Ok(())
    }

    /// `code` closes (`after` = closed) or reopens (active). An unknown warehouse is an input
    /// error; one already in that state is refused (nothing to change).
    pub fn stage_status_change(&self, code: &WarehouseCode, after: &str) -> Result<()> {
        let now: Option<String> = self
            .conn
            .query_row(
                "SELECT status FROM warehouses WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?;
        let Some(now) = now else {
            let hint = super::suggest::warehouse(self.conn, code.as_str())?
                .map(|c| crate::domain::near::did_you_mean(code.as_str(), &c))
                .unwrap_or_default();
            // data: the source name InputError words ("命令行" in Chinese)
            anyhow::bail!(InputError::single(
                "command line",
                "CODE",
                code.as_str(),
                &format!("{}{hint}", crate::tr!("store-unknown-warehouse"))
            ));
        };
        if now == after {
            anyhow::bail!(Refused(crate::tr!(
                "store-status-already",
                code = code,
                status = after
            )));
        }
        let action = if after == "closed" { "close" } else { "reopen" };
        self.stage_status(code.as_str(), &now, after, action)
    }

    /// A new warehouse; an existing code is an input error.
    pub fn stage_new_warehouse(
        &self,
        code: &WarehouseCode,
        name: &str,
        region: &str,
        storage_cost_micros: i64,
    ) -> Result<()> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM warehouses WHERE code = ?1)",
            [code],
            |r| r.get(0),
        )?;
        if exists {
            // data: the source name InputError words ("命令行" in Chinese)
            anyhow::bail!(InputError::single(
                "command line",
                "CODE",
                code.as_str(),
                &crate::tr!("store-warehouse-exists"),
            ));
        }
        self.conn.execute(
            "INSERT INTO temp.effect_new_wh VALUES (?1, ?2, ?3, 'active', ?4)",
            params![code, name, region, storage_cost_micros],
        )?;
        Ok(())
    }

    /// Creates a link, or sets an existing one's stock and priority (`None` keeps what it has,
    /// or the default for a new link).
    pub fn stage_bind(
        &self,
        sku: &Sku,
        wh: &WarehouseCode,
        qty: Option<Qty>,
        priority: Option<i64>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO temp.effect
             SELECT ?1, ?2, 'bind',
                    m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                    m.drain_started_at, m.last_change,
                    1, coalesce(?3, m.stock_quantity, 0), coalesce(?4, m.priority, 100),
                    coalesce(m.state, 'active'), m.drain_started_at, NULL, 0
             FROM (SELECT 1) LEFT JOIN inventory_mapping m
               ON m.product_id = ?1 AND m.warehouse_code = ?2
             WHERE m.product_id IS NULL OR m.stock_quantity IS NOT coalesce(?3, m.stock_quantity)
                OR m.priority <> coalesce(?4, m.priority)",
            params![sku, wh, qty, priority],
        )?;
        Ok(())
    }

    /// A draining link goes back to taking orders (`drain cancel`): the drain ends, the link
    /// stays. Refused when the link is not draining.
    pub fn stage_cancel_drain(&self, sku: &Sku, wh: &WarehouseCode) -> Result<()> {
        let n = self.conn.execute(
            "INSERT INTO temp.effect
             SELECT product_id, warehouse_code, 'drain-cancel', 1, stock_quantity, priority,
                    state, drain_started_at, last_change,
                    1, stock_quantity, priority, 'active', NULL, NULL, 0
             FROM inventory_mapping
             WHERE product_id = ?1 AND warehouse_code = ?2 AND state = 'draining'",
            params![sku, wh],
        )?;
        if n == 0 {
            anyhow::bail!(Refused(crate::tr!(
                "store-not-draining",
                sku = sku,
                warehouse = wh
            )));
        }
        Ok(())
    }

    /// Makes the links equal to the staged restore (`temp.restore_links`): links the backup
    /// lacks go, the others take the backup's values.
    pub fn stage_restore(&self) -> Result<()> {
        self.conn.execute_batch(
            "INSERT INTO temp.effect_new_wh
             SELECT code, name, region, status, storage_cost_micros FROM temp.restore_warehouses b
             WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = b.code);
             INSERT INTO temp.effect
             SELECT m.product_id, m.warehouse_code, 'restore', 1, m.stock_quantity, m.priority,
                    m.state, m.drain_started_at, m.last_change,
                    0, NULL, NULL, NULL, NULL, NULL, 0
             FROM inventory_mapping m
             WHERE NOT EXISTS (SELECT 1 FROM temp.restore_links b
                 WHERE b.product_id = m.product_id AND b.warehouse_code = m.warehouse_code);
             INSERT INTO temp.effect
             SELECT b.product_id, b.warehouse_code, 'restore', m.product_id IS NOT NULL,
                    m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                    1, b.stock_quantity, b.priority, b.state, b.drain_started_at, NULL, 0
             FROM temp.restore_links b
             LEFT JOIN inventory_mapping m
               ON m.product_id = b.product_id AND m.warehouse_code = b.warehouse_code
             WHERE m.product_id IS NULL OR m.stock_quantity IS NOT b.stock_quantity
                OR m.priority <> b.priority OR m.state <> b.state;",
        )?;
        Ok(())
    }

    /// The numbers of the staged effect.
    pub fn counts(&self) -> Result<EffectCounts> {
        Ok(self.conn.query_row(
            "SELECT count(*),
                    ifnull(sum(before_present AND NOT after_present), 0),
                    ifnull(sum(after_present AND NOT before_present), 0),
                    ifnull(sum(before_present AND after_present
                               AND (before_qty IS NOT after_qty
                                    OR before_priority IS NOT after_priority
                                    OR before_state IS NOT after_state
                                    OR before_drain_started_at IS NOT after_drain_started_at)), 0),
                    (SELECT count(*) FROM temp.effect_wh WHERE before_status <> after_status),
                    (SELECT count(*) FROM temp.effect_new_wh),
                    ifnull(sum(conflict), 0)
             FROM temp.effect",
            [],
            |r| {
                Ok(EffectCounts {
                    pairs: r.get(0)?,
                    removed: r.get(1)?,
                    added: r.get(2)?,
                    updated: r.get(3)?,
                    warehouses: r.get(4)?,
                    new_warehouses: r.get(5)?,
                    conflicts: r.get(6)?,
                })
            },
        )?)
    }

    /// The facts the rules need, for every touched link that has something to judge: a link
    /// that goes (its stock, its open orders), a SKU left with no warehouse that takes orders
    /// (named once, on its first link that stops taking them), a region left uncovered, a
    /// link that comes back at a closed warehouse, a rollback conflict. In key order.
    pub fn facts(&self) -> Result<Vec<EffectFacts>> {
        // Most effects judge nothing (undoing an unbind puts links back): one probe instead
        // of building every fact table.
        let anything: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM temp.effect
                            WHERE conflict OR (before_present AND NOT after_present)
                               OR (before_present AND before_state = 'active'
                                   AND NOT (after_present AND after_state = 'active'))
                               OR (after_present AND NOT before_present AND warehouse_code IN
                                   (SELECT code FROM warehouses WHERE status = 'closed')))
                 OR EXISTS (SELECT 1 FROM temp.effect_wh)",
            [],
            |r| r.get(0),
        )?;
        if !anything {
            return Ok(Vec::new());
        }
        self.conn.execute_batch(FACTS)?;
        let mut stmt = self.conn.prepare(
            "SELECT product_id, warehouse_code, removed, qty, open_orders, oldest_open, orphan,
                    gap_region, closed_target, conflict, changed_by, open_at_closing, sku_drop
             FROM temp.effect_facts ORDER BY product_id, warehouse_code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(EffectFacts {
                sku: r.get(0)?,
                warehouse: r.get(1)?,
                removed: r.get(2)?,
                qty: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                open_orders: r.get(4)?,
                oldest_open: r.get(5)?,
                orphan: r.get(6)?,
                region_gap: r.get(7)?,
                closed_target: r.get(8)?,
                conflict: r.get(9)?,
                changed_by: r.get(10)?,
                open_at_closing: r.get(11)?,
                sku_drop: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The links whose stock the change overwrites although they changed since (a forced
    /// rollback), at most `limit`.
    pub fn overwrites(&self, limit: i64) -> Result<Vec<Overwrite>> {
        let mut stmt = self.conn.prepare(
            "SELECT product_id, warehouse_code,
                    CASE WHEN before_present THEN before_qty END,
                    CASE WHEN after_present THEN after_qty END
             FROM temp.effect WHERE conflict ORDER BY product_id, warehouse_code LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(Overwrite {
                product_id: r.get(0)?,
                warehouse_code: r.get(1)?,
                now: r.get(2)?,
                becomes: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The facts of [`Effect::facts`], set-based: one pass over the effect and the links of the
/// SKUs that lose a link that takes orders (a link takes orders when it is active and its
/// warehouse is; a warehouse's status is the staged one where the effect changes it).
const FACTS: &str = "
DROP TABLE IF EXISTS temp.effect_status;
CREATE TEMP TABLE effect_status(code TEXT PRIMARY KEY, region TEXT, before_status TEXT,
    after_status TEXT) WITHOUT ROWID;
INSERT INTO temp.effect_status
SELECT w.code, w.region, w.status, coalesce(x.after_status, w.status)
FROM warehouses w LEFT JOIN temp.effect_wh x ON x.code = w.code;
INSERT OR IGNORE INTO temp.effect_status
SELECT code, region, 'absent', ifnull(status, 'active') FROM temp.effect_new_wh;
DROP TABLE IF EXISTS temp.effect_loss;
CREATE TEMP TABLE effect_loss(product_id TEXT, warehouse_code TEXT, region TEXT,
    PRIMARY KEY (product_id, warehouse_code)) WITHOUT ROWID;
INSERT INTO temp.effect_loss
SELECT e.product_id, e.warehouse_code, s.region
FROM temp.effect e CROSS JOIN temp.effect_status s ON s.code = e.warehouse_code
WHERE e.before_present AND e.before_state = 'active' AND s.before_status = 'active'
  AND NOT (e.after_present AND e.after_state = 'active' AND s.after_status = 'active');
DROP TABLE IF EXISTS temp.effect_after;
CREATE TEMP TABLE effect_after(product_id TEXT, region TEXT);
INSERT INTO temp.effect_after
SELECT l.product_id, s.region
FROM (SELECT DISTINCT product_id FROM temp.effect_loss) k
CROSS JOIN inventory_mapping l ON l.product_id = k.product_id
CROSS JOIN temp.effect_status s ON s.code = l.warehouse_code
LEFT JOIN temp.effect e ON e.product_id = l.product_id AND e.warehouse_code = l.warehouse_code
WHERE e.product_id IS NULL AND l.state = 'active' AND s.after_status = 'active'
UNION ALL
SELECT e.product_id, s.region
FROM (SELECT DISTINCT product_id FROM temp.effect_loss) k
CROSS JOIN temp.effect e ON e.product_id = k.product_id
CROSS JOIN temp.effect_status s ON s.code = e.warehouse_code
WHERE e.after_present AND e.after_state = 'active' AND s.after_status = 'active';
CREATE INDEX temp.effect_after_sku ON effect_after(product_id, region);
DROP TABLE IF EXISTS temp.effect_facts;
CREATE TEMP TABLE effect_facts AS
SELECT e.product_id, e.warehouse_code,
       e.before_present AND NOT e.after_present AS removed,
       CASE WHEN e.before_present AND NOT e.after_present THEN e.before_qty END AS qty,
       -- stock the SKU loses over the whole change: a rollback of a transfer takes the units
       -- off the target and puts them back at the source, and loses none
       CASE WHEN e.before_present AND NOT e.after_present THEN
           (SELECT max(0, sum(CASE WHEN x.before_present THEN ifnull(x.before_qty, 0) ELSE 0 END)
                        - sum(CASE WHEN x.after_present THEN ifnull(x.after_qty, 0) ELSE 0 END))
            FROM temp.effect x WHERE x.product_id = e.product_id) ELSE 0 END AS sku_drop,
       CASE WHEN e.before_present AND NOT e.after_present THEN
           (SELECT count(*) FROM orders o WHERE o.product_id = e.product_id
              AND o.warehouse_code = e.warehouse_code AND o.status = 'open') ELSE 0 END
           AS open_orders,
       CASE WHEN e.before_present AND NOT e.after_present THEN
           (SELECT min(created_at) FROM orders o WHERE o.product_id = e.product_id
              AND o.warehouse_code = e.warehouse_code AND o.status = 'open') END AS oldest_open,
       coalesce(e.warehouse_code = (SELECT min(x.warehouse_code) FROM temp.effect_loss x
                                    WHERE x.product_id = e.product_id)
           AND NOT EXISTS (SELECT 1 FROM temp.effect_after a WHERE a.product_id = e.product_id),
           0) AS orphan,
       CASE WHEN EXISTS (SELECT 1 FROM temp.effect_loss x WHERE x.product_id = e.product_id
                           AND x.warehouse_code = e.warehouse_code)
             AND EXISTS (SELECT 1 FROM temp.effect_after a WHERE a.product_id = e.product_id)
             AND NOT EXISTS (SELECT 1 FROM temp.effect_after a WHERE a.product_id = e.product_id
                               AND a.region IS s.region)
             AND s.region IS NOT NULL AND s.region <> ''
            THEN s.region END AS gap_region,
       CASE WHEN e.after_present AND NOT e.before_present AND s.after_status = 'closed'
            THEN 1 ELSE 0 END AS closed_target,
       e.conflict,
       CASE WHEN e.conflict THEN
           (SELECT max(i.change_id) FROM change_items i WHERE i.product_id = e.product_id
              AND i.warehouse_code = e.warehouse_code) END AS changed_by,
       CASE WHEN s.before_status = 'active' AND s.after_status = 'closed' AND e.after_present THEN
           (SELECT count(*) FROM orders o WHERE o.product_id = e.product_id
              AND o.warehouse_code = e.warehouse_code AND o.status = 'open') ELSE 0 END
           AS open_at_closing
FROM temp.effect e CROSS JOIN temp.effect_status s ON s.code = e.warehouse_code
WHERE (e.before_present AND NOT e.after_present)
   OR e.product_id IN (SELECT product_id FROM temp.effect_loss)
   OR (e.after_present AND NOT e.before_present AND s.after_status = 'closed')
   OR e.conflict
   OR (s.before_status = 'active' AND s.after_status = 'closed');
";

impl ChangeTx<'_> {
    /// Writes the staged effect: the warehouse statuses, a before-image per touched link, the
    /// links themselves (removed, then inserted or updated), one audit entry per link and per
    /// warehouse. Returns the number of links touched.
    ///
    /// `checked`: rows that came from a file are held to the schema's CHECK constraints (see
    /// `set_pragmas`); rows the store wrote itself (a rollback's before-images) skip them.
    /// (An error on the way leaves them off until the transaction is dropped; the connection
    /// then only reads.)
    pub fn apply_effect(&self, checked: bool) -> Result<u64> {
        let conn = self.conn();
        if !checked {
            conn.execute_batch("PRAGMA ignore_check_constraints=ON")?;
        }
        let result = self.write_effect();
        if !checked {
            // Back on whatever happened: run-due goes on to its next item on this connection.
            conn.execute_batch("PRAGMA ignore_check_constraints=OFF")?;
        }
        result
    }

    fn write_effect(&self) -> Result<u64> {
        let conn = self.conn();
        let id = self.id;
        let added = conn.execute(
            "INSERT INTO warehouses(code, name, region, status, storage_cost_micros)
             SELECT code, name, region, status, storage_cost_micros FROM temp.effect_new_wh",
            [],
        )?;
        for code in self.new_warehouse_codes()? {
            self.audit_plain("warehouse-add", &code, "added")?;
        }
        if added > 0 {
            // A new warehouse routes nothing yet: a write, not a change of its own.
            self.mark_plain_write();
        }
        let statuses = self.apply_statuses()?;
        let pairs = conn.execute(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                 before_present, before_qty, before_priority, before_state,
                 before_drain_started_at, before_last_change, after_present, after_qty,
                 after_last_change, note)
             SELECT ?1, product_id, warehouse_code, action, before_present, before_qty,
                    before_priority, before_state, before_drain_started_at, before_last_change,
                    after_present, after_qty, after_last_change,
                    CASE WHEN conflict THEN 'forced over a later change' END
             FROM temp.effect",
            [id],
        )?;
        conn.execute_batch(
            "DELETE FROM inventory_mapping WHERE (product_id, warehouse_code) IN
                 (SELECT product_id, warehouse_code FROM temp.effect
                  WHERE before_present AND NOT after_present)",
        )?;
        conn.execute(
            "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority,
                 state, drain_started_at, last_change)
             SELECT product_id, warehouse_code, after_qty, after_priority, after_state,
                    after_drain_started_at, coalesce(after_last_change, ?1)
             FROM temp.effect WHERE after_present
             ON CONFLICT(product_id, warehouse_code) DO UPDATE SET
                 stock_quantity = excluded.stock_quantity, priority = excluded.priority,
                 state = excluded.state, drain_started_at = excluded.drain_started_at,
                 last_change = excluded.last_change",
            [id],
        )?;
        // A link that stops draining (or goes) leaves no drain instructions behind.
        // (Walks the few drains and looks each up in the effect, not the other way round.)
        conn.execute_batch(
            "DELETE FROM drains WHERE EXISTS (SELECT 1 FROM temp.effect e
                 WHERE e.product_id = drains.product_id AND e.warehouse_code = drains.warehouse_code
                   AND (NOT e.after_present OR e.after_state <> 'draining'))",
        )?;
        if statuses > 0 {
            self.mark_other_write();
        }
        Ok(pairs as u64)
    }

    fn new_warehouse_codes(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT code FROM temp.effect_new_wh ORDER BY code")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The staged warehouse statuses, each with an audit entry; the first is kept in the
    /// change's summary so that a rollback can set it back.
    fn apply_statuses(&self) -> Result<u64> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT code, before_status, after_status, before_region, after_region
             FROM temp.effect_wh
             WHERE before_status <> after_status OR before_region IS NOT after_region
             ORDER BY code",
        )?;
        type Row = (String, String, String, Option<String>, Option<String>);
        let rows: Vec<Row> = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut recorded = Vec::new();
        for (code, before, after, before_region, after_region) in &rows {
            recorded.push(serde_json::json!({
                "code": code, "before": before, "after": after,
                "before_region": before_region, "after_region": after_region,
            }));
            if let Some(region) = after_region
                .as_ref()
                .filter(|r| Some(*r) != before_region.as_ref())
            {
                conn.execute(
                    "UPDATE warehouses SET region = ?2 WHERE code = ?1",
                    params![code, region],
                )?;
                self.audit(
                    "warehouse-region",
                    None,
                    Some(code),
                    &format!(
                        "region {} -> {region}",
                        before_region.as_deref().unwrap_or("")
                    ),
                )?;
            }
            if before == after {
                continue;
            }
            conn.execute(
                "UPDATE warehouses SET status = ?2 WHERE code = ?1",
                params![code, after],
            )?;
            let links: i64 = conn.query_row(
                "SELECT count(*) FROM temp.effect WHERE warehouse_code = ?1",
                [code],
                |r| r.get(0),
            )?;
            self.audit(
                &format!(
                    "warehouse-{}",
                    if after == "closed" { "close" } else { "reopen" }
                ),
                None,
                Some(code),
                // stored: the audit entry
                &format!("status {before} -> {after}; {links} links"),
            )?;
        }
        if !recorded.is_empty() {
            self.set_summary_extra(serde_json::json!({ "warehouse_statuses": recorded }));
        }
        Ok(rows.len() as u64)
    }
}
