//! Batches in stages: the checked batch staged on this connection is split into stages (a
//! share of its pairs each, spread over the warehouses), each stored as a plan of its own and
//! tied together in `plan_stages`, in one transaction.

use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use super::moves::MoveLine;
use super::plans::{NewPlan, PlanPairs, insert_plan, refuse_without_reason};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::Qty;

/// One stage of a batch.
#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    pub plan_id: i64,
    /// The plan of the batch's first stage.
    pub batch: i64,
    pub stage: i64,
    pub stages: i64,
    /// The cumulative share this stage brings the batch to (`30%`).
    pub share: String,
    /// Waits for the previous stage's verdict (else the operator applies it).
    pub wait: bool,
}

/// Splits the lines of `temp.stage_pairs` into stages by cumulative percentages (the last
/// is 100), by their pair (SKU and warehouse; for moves, the source). Each warehouse's pairs are ranked by SKU and the batch is ordered by where a pair
/// stands in its own warehouse, so every stage takes its share of every warehouse, and the
/// same file always splits the same way. The same pair on two lines stays in one stage.
const SPLIT: &str = "
INSERT INTO temp.stage_of
WITH pairs AS (
    SELECT product_id, warehouse_code FROM temp.stage_pairs GROUP BY product_id, warehouse_code),
placed AS (
    SELECT product_id, warehouse_code,
           (row_number() OVER (PARTITION BY warehouse_code ORDER BY product_id) - 1) * 1.0
             / count(*) OVER (PARTITION BY warehouse_code) AS place
    FROM pairs),
ranked AS (
    SELECT product_id, warehouse_code,
           row_number() OVER (ORDER BY place, warehouse_code, product_id) AS r,
           count(*) OVER () AS n
    FROM placed)
SELECT product_id, warehouse_code,
       (SELECT min(s.key) FROM json_each(?1) s WHERE r * 100 <= s.value * n)
FROM ranked;";

/// What is split into stages.
pub enum Staged<'a> {
    /// The unbind batch staged on this connection (`temp.unbind_input`).
    Unbinds,
    /// The lines of a move template.
    Moves(&'a [MoveLine]),
}

impl Store {
    /// Splits the batch by `shares` (cumulative percentages, the last 100); returns how many
    /// pairs (for moves: source links) each stage takes.
    pub fn split_stages(&self, shares: &[u32], what: Staged<'_>) -> Result<Vec<u64>> {
        let json = serde_json::to_string(shares)?;
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.stage_of;
             CREATE TEMP TABLE stage_of(product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL,
                 stage INTEGER NOT NULL, PRIMARY KEY (product_id, warehouse_code)) WITHOUT ROWID;
             DROP TABLE IF EXISTS temp.stage_pairs;
             CREATE TEMP TABLE stage_pairs(line INTEGER NOT NULL, product_id TEXT NOT NULL,
                 warehouse_code TEXT NOT NULL, transfer_to TEXT, reason TEXT, priority INTEGER,
                 quantity INTEGER);",
        )?;
        match what {
            Staged::Unbinds => {
                self.conn.execute_batch(
                    "INSERT INTO temp.stage_pairs(line, product_id, warehouse_code, transfer_to,
                         reason, priority)
                     SELECT line, product_id, warehouse_code, transfer_to, reason, priority
                     FROM temp.unbind_input",
                )?;
            }
            Staged::Moves(lines) => {
                let mut ins = self.conn.prepare(
                    "INSERT INTO temp.stage_pairs(line, product_id, warehouse_code, transfer_to,
                         priority, quantity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                for l in lines {
                    ins.execute(params![
                        l.line,
                        l.sku,
                        l.from,
                        l.to,
                        l.priority,
                        l.qty.map(Qty::get)
                    ])?;
                }
            }
        }
        self.conn.execute(SPLIT, [&json])?;
        let mut counts = vec![0u64; shares.len()];
        let mut stmt = self
            .conn
            .prepare("SELECT stage, count(*) FROM temp.stage_of GROUP BY stage")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, usize>(0)?, r.get::<_, u64>(1)?)))?;
        for row in rows {
            let (stage, n) = row?;
            counts[stage] = n;
        }
        Ok(counts)
    }

    /// Stores each stage of the split batch as a plan (`base` with the stage's pairs; the
    /// later stages with `later_status`), tied together; returns the plans' ids in order.
    pub fn create_stages(
        &mut self,
        base: &NewPlan,
        later_status: &'static str,
        shares: &[u32],
        wait: bool,
    ) -> Result<Vec<i64>> {
        crate::domain::operator::check(&base.creator).map_err(crate::error::UsageError)?;
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        refuse_without_reason(&tx.0, base)?;
        // Read again inside the transaction: two operators starting the same file's batch at
        // once cannot both win.
        let again = base.options.get("again").and_then(|v| v.as_bool()) == Some(true);
        if let (Some(sha), false) = (&base.source_sha256, again)
            && let Some(batch) = open_batch_of(&tx.0, sha)?
        {
            return Err(
                crate::error::Refused(crate::tr!("store-stages-under-way", plan = batch)).into(),
            );
        }
        let mut ids = Vec::new();
        for (i, share) in shares.iter().enumerate() {
            let plan = NewPlan {
                status: if i == 0 { base.status } else { later_status },
                pairs: PlanPairs::Stage(i as i64),
                ..base.clone()
            };
            let id = insert_plan(&tx.0, &chain, &plan)?;
            let batch = *ids.first().unwrap_or(&id);
            tx.0.execute(
                "INSERT INTO plan_stages(plan_id, batch, stage, stages, share, wait)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, batch, i + 1, shares.len(), format!("{share}%"), wait],
            )?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The stage a plan is, if it is one.
    pub fn stage_of_plan(&self, plan_id: i64) -> Result<Option<StageRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("{SELECT_STAGE} WHERE plan_id = ?1"),
                [plan_id],
                stage_row,
            )
            .optional()?)
    }

    /// Every stage of a batch, in order.
    pub fn batch_stages(&self, batch: i64) -> Result<Vec<StageRow>> {
        let mut stmt = self
            .conn
            .prepare(&format!("{SELECT_STAGE} WHERE batch = ?1 ORDER BY stage"))?;
        let rows = stmt.query_map([batch], stage_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stages that wait for their previous stage's verdict and may now be due: their plan
    /// not applied yet, the previous stage's plan applied. With its change.
    pub fn next_stages(&self) -> Result<Vec<(StageRow, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.plan_id, s.batch, s.stage, s.stages, s.share, s.wait, p.applied_change
             FROM plan_stages s
             JOIN plans this ON this.id = s.plan_id
             JOIN plan_stages prev ON prev.batch = s.batch AND prev.stage = s.stage - 1
             JOIN plans p ON p.id = prev.plan_id
             WHERE s.wait = 1 AND this.status IN ('approved', 'scheduled')
               AND p.status = 'applied'
             ORDER BY s.batch, s.stage",
        )?;
        let rows = stmt.query_map([], |r| Ok((stage_row(r)?, r.get(6)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The stage of the batch each change applied, for `changes`.
    pub fn stage_of_change(&self, change: i64) -> Result<Option<StageRow>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "{SELECT_STAGE} WHERE plan_id = (SELECT id FROM plans WHERE applied_change = ?1)"
                ),
                [change],
                stage_row,
            )
            .optional()?)
    }
}

/// The audit entry of a stage's approval (the same text on every backend: it is hashed).
pub(crate) fn batch_approve_detail(id: i64, stage: i64, stages: i64, creator: &str) -> String {
    // stored: the audit entry
    format!("plan {id} (stage {stage} of {stages}, created by {creator}) approved")
}

/// The audit entry of a stage's rejection (the same text on every backend: it is hashed).
pub(crate) fn batch_reject_detail(id: i64, stage: i64, stages: i64, reason: &str) -> String {
    // stored: the audit entry
    format!("plan {id} (stage {stage} of {stages}) rejected: {reason}")
}

/// A decision on every stage of a batch still open to it, in one transaction.
pub enum BatchDecision<'a> {
    /// Approve the pending stages (the approver saw the whole batch).
    Approve,
    /// Reject the stages not applied yet, from stage `from` on.
    Reject { from: i64, reason: &'a str },
}

impl Store {
    /// Applies `decision` to the batch's stages in one transaction, each status change
    /// guarded, with an audit entry per plan; returns the plans it decided.
    pub fn decide_batch(
        &mut self,
        batch: i64,
        decision: BatchDecision<'_>,
        (at, by): (&str, &str),
    ) -> Result<Vec<i64>> {
        crate::domain::operator::check(by).map_err(crate::error::UsageError)?;
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        let mut decided = Vec::new();
        {
            let mut stmt = tx.0.prepare(
                "SELECT s.plan_id, s.stage, s.stages, p.status, p.creator FROM plan_stages s
                 JOIN plans p ON p.id = s.plan_id WHERE s.batch = ?1 ORDER BY s.stage",
            )?;
            let rows: Vec<(i64, i64, i64, String, String)> = stmt
                .query_map([batch], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            for (id, stage, stages, status, creator) in rows {
                let (n, action, detail) = match &decision {
                    BatchDecision::Approve if status == "pending" => (
                        tx.0.execute(
                            "UPDATE plans SET status = 'approved', approver = ?2, approved_at = ?3
                             WHERE id = ?1 AND status = 'pending'",
                            params![id, by, at],
                        )?,
                        "plan-approve",
                        batch_approve_detail(id, stage, stages, &creator),
                    ),
                    BatchDecision::Reject { from, reason }
                        if stage >= *from
                            && matches!(status.as_str(), "pending" | "approved" | "scheduled") =>
                    {
                        (
                            tx.0.execute(
                                "UPDATE plans SET status = 'rejected', rejected_by = ?2,
                                     rejected_at = ?3, reject_reason = ?4
                                 WHERE id = ?1 AND status IN ('pending', 'approved', 'scheduled')",
                                params![id, by, at, reason],
                            )?,
                            "plan-reject",
                            batch_reject_detail(id, stage, stages, reason),
                        )
                    }
                    _ => continue,
                };
                if n == 1 {
                    super::audit::append_event(&tx.0, &chain, at, by, action, &detail)?;
                    decided.push(id);
                }
            }
        }
        tx.commit()?;
        Ok(decided)
    }

    /// A batch in stages of this file that is not finished (a stage still to apply).
    pub fn open_batch_of(&self, sha256: &str) -> Result<Option<i64>> {
        open_batch_of(&self.conn, sha256)
    }

    /// The lines of a stage of moves, as the move engine takes them.
    pub fn plan_moves(&self, plan_id: i64) -> Result<Vec<MoveLine>> {
        let mut stmt = self.conn.prepare(
            "SELECT line, product_id, warehouse_code, transfer_to, quantity, priority
             FROM plan_pairs WHERE plan_id = ?1 ORDER BY line",
        )?;
        let mut rows = stmt.query([plan_id])?;
        let mut lines = Vec::new();
        while let Some(r) = rows.next()? {
            let text = |i: usize| r.get::<_, String>(i);
            let bad = |what: &str| {
                anyhow::anyhow!(crate::tr!(
                    "store-plan-bad-line",
                    plan = plan_id,
                    what = what
                ))
            };
            lines.push(MoveLine {
                line: r.get(0)?,
                sku: Sku::parse(&text(1)?).map_err(|_| bad("SKU"))?,
                from: WarehouseCode::parse(&text(2)?).map_err(|_| bad("warehouse"))?,
                to: WarehouseCode::parse(&text(3)?).map_err(|_| bad("warehouse"))?,
                qty: r
                    .get::<_, Option<i64>>(4)?
                    .map(Qty::new)
                    .transpose()
                    .map_err(|_| bad("quantity"))?,
                priority: r.get(5)?,
            });
        }
        Ok(lines)
    }
}

fn open_batch_of(conn: &rusqlite::Connection, sha256: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT s.batch FROM plan_stages s JOIN plans p ON p.id = s.plan_id
             WHERE p.source_sha256 = ?1 AND p.status IN ('pending', 'approved', 'scheduled')
             ORDER BY s.batch DESC LIMIT 1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?)
}

const SELECT_STAGE: &str = "SELECT plan_id, batch, stage, stages, share, wait FROM plan_stages";

fn stage_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StageRow> {
    Ok(StageRow {
        plan_id: r.get(0)?,
        batch: r.get(1)?,
        stage: r.get(2)?,
        stages: r.get(3)?,
        share: r.get(4)?,
        wait: r.get(5)?,
    })
}
