//! Plans: batches waiting for a second operator's approval or for their time (SPEC §5).

use anyhow::Result;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use super::audit::append_event;
use super::tx::TxConn;
use super::unbind::PairInput;
use crate::error::Refused;

/// A plan as `plan list/show` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub id: i64,
    pub status: String,
    pub created_at: String,
    pub creator: String,
    pub pairs: i64,
    pub reason: String,
    pub ticket: Option<String>,
    pub source_file: Option<String>,
    pub source_sha256: Option<String>,
    pub options: serde_json::Value,
    pub approver: Option<String>,
    pub approved_at: Option<String>,
    pub rejected_by: Option<String>,
    pub reject_reason: Option<String>,
    pub effective_at: Option<String>,
    pub applied_change: Option<i64>,
    pub last_refusal: Option<String>,
}

/// What a new plan holds.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub at: String,
    pub creator: String,
    pub reason: String,
    pub ticket: Option<String>,
    pub source_file: Option<String>,
    pub source_sha256: Option<String>,
    pub options: serde_json::Value,
    /// `pending` (needs approval) or `scheduled` (a timed unbind).
    pub status: &'static str,
    pub effective_at: Option<String>,
    /// Where the plan's pairs come from.
    pub pairs: PlanPairs,
}

/// Where a new plan's pairs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanPairs {
    /// The unbind batch staged on this connection.
    Batch,
    /// The effect judged on this connection (a rollback, restore, close or bind).
    Effect,
    /// Only a count: the rows of a file the plan applies later (an import).
    Count(i64),
    /// The lines of one stage of the batch split on this connection (`temp.stage_pairs`).
    Stage(i64),
}

const COLUMNS: &str = "id, status, created_at, creator, pairs, reason, ticket, source_file,
    source_sha256, options, approver, approved_at, rejected_by, reject_reason, effective_at,
    applied_change, last_refusal";

fn plan_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PlanRow> {
    let options: String = r.get(9)?;
    Ok(PlanRow {
        id: r.get(0)?,
        status: r.get(1)?,
        created_at: r.get(2)?,
        creator: r.get(3)?,
        pairs: r.get(4)?,
        reason: r.get(5)?,
        ticket: r.get(6)?,
        source_file: r.get(7)?,
        source_sha256: r.get(8)?,
        options: serde_json::from_str(&options).unwrap_or_default(),
        approver: r.get(10)?,
        approved_at: r.get(11)?,
        rejected_by: r.get(12)?,
        reject_reason: r.get(13)?,
        effective_at: r.get(14)?,
        applied_change: r.get(15)?,
        last_refusal: r.get(16)?,
    })
}

impl super::changes::ChangeTx<'_> {
    /// [`Self::mark_plan_applied`] when the change applies a plan; nothing otherwise.
    pub fn mark_plan_if_any(&self, plan_id: Option<i64>) -> Result<()> {
        match plan_id {
            Some(id) => self.mark_plan_applied(id),
            None => Ok(()),
        }
    }

    /// Marks the plan applied by this change; refuses when it is not (or no longer) waiting
    /// to be applied — e.g. a second run-due got there first.
    pub fn mark_plan_applied(&self, plan_id: i64) -> Result<()> {
        // A later stage of a batch lands only on a predecessor that landed and stands —
        // read here, inside the change's transaction, so a rollback racing it cannot slip
        // between the check and the apply.
        let broken: Option<i64> = self
            .conn()
            .query_row(
                "SELECT prev.stage FROM plan_stages s
                 JOIN plan_stages prev ON prev.batch = s.batch AND prev.stage = s.stage - 1
                 JOIN plans p ON p.id = prev.plan_id
                 WHERE s.plan_id = ?1
                   AND (p.status <> 'applied'
                        OR EXISTS (SELECT 1 FROM changes c WHERE c.rolls_back = p.applied_change))",
                [plan_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(stage) = broken {
            anyhow::bail!(crate::error::Refused(crate::tr!(
                "store-stage-before-missing",
                stage = stage,
                plan = plan_id
            )));
        }
        let n = self.conn().execute(
            "UPDATE plans SET status = 'applied', applied_change = ?2, last_refusal = NULL
             WHERE id = ?1 AND status IN ('approved', 'scheduled')",
            params![plan_id, self.id],
        )?;
        anyhow::ensure!(
            n == 1,
            crate::error::Refused(crate::tr!("store-plan-not-waiting", plan = plan_id))
        );
        Ok(())
    }
}

impl Store {
    /// Stores a plan with the pairs staged on this connection by a checked batch (in one
    /// transaction, with an audit entry); returns its id.
    pub fn create_plan(&mut self, p: &NewPlan) -> Result<i64> {
        crate::domain::operator::check(&p.creator).map_err(crate::error::UsageError)?;
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        refuse_without_reason(&tx.0, p)?;
        let id = insert_plan(&tx.0, &chain, p)?;
        tx.commit()?;
        Ok(id)
    }

    pub fn plan(&self, id: i64) -> Result<Option<PlanRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM plans WHERE id = ?1"),
                [id],
                plan_row,
            )
            .optional()?)
    }

    /// Plans, newest first.
    pub fn plans(&self, limit: i64) -> Result<Vec<PlanRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM plans ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], plan_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Scheduled plans whose time has come, oldest first.
    pub fn due_plans(&self, now: &str) -> Result<Vec<PlanRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM plans WHERE status = 'scheduled' AND effective_at <= ?1
             ORDER BY effective_at, id"
        ))?;
        let rows = stmt.query_map([now], plan_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pairs of a plan, in line order.
    pub fn plan_pairs(&self, id: i64) -> Result<Vec<PairInput>> {
        let mut stmt = self.conn.prepare(
            "SELECT line, product_id, warehouse_code, transfer_to, reason, priority FROM plan_pairs
             WHERE plan_id = ?1 ORDER BY line",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(PairInput {
                line: r.get(0)?,
                sku: r.get(1)?,
                warehouse: r.get(2)?,
                transfer_to: r.get(3)?,
                reason: r.get(4)?,
                priority: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a decision on a plan with its audit entry, in one transaction. The decision
    /// lands only if the plan is still in the status the caller read (`from`): when another
    /// operator decided or applied it in between, this refuses instead of overwriting.
    pub fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()> {
        if let PlanDecision::Approve { by, .. } | PlanDecision::Reject { by, .. } = decision {
            crate::domain::operator::check(by).map_err(crate::error::UsageError)?;
        }
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        let conn = tx.conn();
        let n = match decision {
            PlanDecision::Approve { by, at } => conn.execute(
                "UPDATE plans SET status = 'approved', approver = ?3, approved_at = ?4
                 WHERE id = ?1 AND status = ?2",
                params![id, from, by, at],
            )?,
            PlanDecision::Reject { by, at, reason } => conn.execute(
                "UPDATE plans SET status = 'rejected', rejected_by = ?3, rejected_at = ?4,
                     reject_reason = ?5
                 WHERE id = ?1 AND status = ?2",
                params![id, from, by, at, reason],
            )?,
            PlanDecision::Schedule { effective_at } => conn.execute(
                "UPDATE plans SET status = 'scheduled', effective_at = ?3
                 WHERE id = ?1 AND status = ?2",
                params![id, from, effective_at],
            )?,
            PlanDecision::NoteRefusal { why } => conn.execute(
                "UPDATE plans SET last_refusal = ?3 WHERE id = ?1 AND status = ?2",
                params![id, from, why],
            )?,
        };
        if n == 0 {
            let now: Option<String> = conn
                .query_row("SELECT status FROM plans WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            return Err(Refused(crate::tr!(
                "store-plan-changed",
                plan = id,
                was = from,
                now = now.as_deref().unwrap_or("gone")
            ))
            .into());
        }
        let (at, operator, action, detail) = audit;
        append_event(conn, &chain, at, operator, action, detail)?;
        tx.commit()
    }
}

/// A decision on a plan ([`Store::decide_plan`]).
#[derive(Debug, Clone, Copy)]
pub enum PlanDecision<'a> {
    Approve {
        by: &'a str,
        at: &'a str,
    },
    Reject {
        by: &'a str,
        at: &'a str,
        reason: &'a str,
    },
    Schedule {
        effective_at: &'a str,
    },
    /// A scheduled plan that could not be applied now: why, kept on the plan.
    NoteRefusal {
        why: &'a str,
    },
}

/// A change of a store that requires reasons needs one on its plan too.
pub(super) fn refuse_without_reason(conn: &rusqlite::Connection, p: &NewPlan) -> Result<()> {
    if p.reason.trim().is_empty() && super::settings::read(conn)?.require_reason {
        return Err(crate::error::UsageError(crate::tr!("store-plan-reason-required")).into());
    }
    Ok(())
}

/// Inserts a plan with its pairs and its audit entry, inside the caller's transaction.
pub(super) fn insert_plan(
    conn: &rusqlite::Connection,
    chain: &std::sync::Mutex<super::audit::ChainState>,
    p: &NewPlan,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO plans(created_at, creator, reason, ticket, source_file, source_sha256,
                           options, pairs, status, effective_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9)",
        params![
            p.at,
            p.creator,
            p.reason,
            p.ticket,
            p.source_file,
            p.source_sha256,
            p.options.to_string(),
            p.status,
            p.effective_at
        ],
    )?;
    let id = conn.last_insert_rowid();
    let pairs: usize = match p.pairs {
        PlanPairs::Count(n) => n as usize,
        PlanPairs::Effect => conn.execute(
            "INSERT INTO plan_pairs(plan_id, line, product_id, warehouse_code, transfer_to, reason)
             SELECT ?1, row_number() OVER (ORDER BY product_id, warehouse_code),
                    product_id, warehouse_code, NULL, action
             FROM temp.effect",
            [id],
        )?,
        PlanPairs::Batch => conn.execute(
            "INSERT INTO plan_pairs(plan_id, line, product_id, warehouse_code, transfer_to, reason,
                 priority)
             SELECT ?1, line, product_id, warehouse_code, transfer_to, reason, priority
             FROM temp.unbind_input ORDER BY line",
            [id],
        )?,
        PlanPairs::Stage(stage) => conn.execute(
            "INSERT INTO plan_pairs(plan_id, line, product_id, warehouse_code, transfer_to, reason,
                 priority, quantity)
             SELECT ?1, i.line, i.product_id, i.warehouse_code, i.transfer_to, i.reason, i.priority,
                    i.quantity
             FROM temp.stage_pairs i
             JOIN temp.stage_of s
               ON s.product_id = i.product_id AND s.warehouse_code = i.warehouse_code
             WHERE s.stage = ?2 ORDER BY i.line",
            params![id, stage],
        )?,
    };
    conn.execute(
        "UPDATE plans SET pairs = ?2 WHERE id = ?1",
        params![id, pairs as i64],
    )?;
    append_event(
        conn,
        chain,
        &p.at,
        &p.creator,
        "plan-create",
        &create_detail(id, pairs as u64, p),
    )?;
    Ok(id)
}

/// The audit detail of a new plan (hashed: the same text on every backend).
pub(crate) fn create_detail(id: i64, pairs: u64, p: &NewPlan) -> String {
    let what = match p.status {
        "scheduled" if p.effective_at.is_some() => {
            // stored: the audit entry
            format!("scheduled for {}", p.effective_at.as_deref().unwrap_or(""))
        }
        "scheduled" => "a later stage of a batch".to_string(),
        _ => "waiting for approval".to_string(),
    };
    format!(
        "plan {id}: {pairs} {}, {what}; reason: {}",
        if pairs == 1 { "pair" } else { "pairs" },
        p.reason
    )
}
