//! Plans on a server: reading them, and the decisions of the two-person rule (approve,
//! reject), each with its audit entry — the operator being the role the server authenticated.

use anyhow::Result;
use postgres::GenericClient;

use super::history::{STAGE_COLUMNS, stage_row};
use super::{CHANGE_LOCK, Server};
use crate::domain::settings::Settings;
use crate::error::Refused;
use crate::store::audit::{EntryContent, entry_hash};
use crate::store::plans::{PlanDecision, PlanRow};
use crate::store::stages::StageRow;

pub(super) const COLUMNS: &str =
    "id, status::text, created_at::text, creator::text, pairs, reason::text,
    ticket::text, source_file::text, source_sha256::text, options::text, approver::text,
    approved_at::text, rejected_by::text, reject_reason::text, effective_at::text,
    applied_change, last_refusal::text";

pub(super) fn plan_row(r: &postgres::Row) -> PlanRow {
    let options: String = r.get(9);
    PlanRow {
        id: r.get(0),
        status: r.get(1),
        created_at: r.get(2),
        creator: r.get(3),
        pairs: r.get(4),
        reason: r.get(5),
        ticket: r.get(6),
        source_file: r.get(7),
        source_sha256: r.get(8),
        options: serde_json::from_str(&options).unwrap_or_default(),
        approver: r.get(10),
        approved_at: r.get(11),
        rejected_by: r.get(12),
        reject_reason: r.get(13),
        effective_at: r.get(14),
        applied_change: r.get(15),
        last_refusal: r.get(16),
    }
}

impl Server {
    pub fn plan(&mut self, id: i64) -> Result<Option<PlanRow>> {
        Ok(self
            .client
            .query_opt(
                &format!("SELECT {COLUMNS} FROM plans WHERE id = $1"),
                &[&id],
            )?
            .map(|r| plan_row(&r)))
    }

    pub fn stage_of_plan(&mut self, id: i64) -> Result<Option<StageRow>> {
        Ok(self
            .client
            .query_opt(
                &format!("SELECT {STAGE_COLUMNS} FROM plan_stages s WHERE s.plan_id = $1"),
                &[&id],
            )?
            .map(|r| stage_row(&r)))
    }

    /// Every setting, typed (the same parsing as a file store's).
    pub fn settings(&mut self) -> Result<Settings> {
        settings(&mut self.client)
    }

    /// Approves or rejects plan `id` if it still has status `from`, with its audit entry,
    /// in one transaction serialised with every change (the advisory lock).
    pub fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        let n = match decision {
            PlanDecision::Approve { by, at } => tx.execute(
                "UPDATE plans SET status = 'approved', approver = $3, approved_at = $4
                 WHERE id = $1 AND status = $2",
                &[&id, &from, &by, &at],
            )?,
            PlanDecision::Reject { by, at, reason } => tx.execute(
                "UPDATE plans SET status = 'rejected', rejected_by = $3, rejected_at = $4,
                     reject_reason = $5
                 WHERE id = $1 AND status = $2",
                &[&id, &from, &by, &at, &reason],
            )?,
            PlanDecision::Schedule { effective_at } => tx.execute(
                "UPDATE plans SET status = 'scheduled', effective_at = $3
                 WHERE id = $1 AND status = $2",
                &[&id, &from, &effective_at],
            )?,
            PlanDecision::NoteRefusal { why } => tx.execute(
                "UPDATE plans SET last_refusal = $3 WHERE id = $1 AND status = $2",
                &[&id, &from, &why],
            )?,
        };
        if n == 0 {
            let now: Option<String> = tx
                .query_opt("SELECT status::text FROM plans WHERE id = $1", &[&id])?
                .map(|r| r.get(0));
            return Err(Refused(crate::tr!(
                "store-plan-changed",
                plan = id,
                was = from,
                now = now.as_deref().unwrap_or("gone")
            ))
            .into());
        }
        let (at, operator, action, detail) = audit;
        append_event(&mut tx, at, operator, action, detail)?;
        tx.commit()?;
        Ok(())
    }
}

impl Server {
    /// One setting's stored value (`None`: its default).
    pub fn setting(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self
            .client
            .query_opt("SELECT value::text FROM settings WHERE key = $1", &[&key])?
            .map(|r| r.get(0)))
    }

    /// Sets (or, `None`, unsets) a setting, with its audit entry, serialised with every change.
    pub fn change_setting(
        &mut self,
        key: &str,
        value: Option<&str>,
        at: &str,
        operator: &str,
    ) -> Result<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        let before: Option<String> = tx
            .query_opt("SELECT value::text FROM settings WHERE key = $1", &[&key])?
            .map(|r| r.get(0));
        match value {
            Some(v) => tx.execute(
                "INSERT INTO settings(key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&key, &v],
            )?,
            None => tx.execute("DELETE FROM settings WHERE key = $1", &[&key])?,
        };
        let detail = crate::store::settings::change_detail(key, before.as_deref(), value);
        append_event(&mut tx, at, operator, "setting", &detail)?;
        tx.commit()?;
        Ok(())
    }
}

pub(super) fn settings(c: &mut impl GenericClient) -> Result<Settings> {
    let stored: Vec<(String, String)> = c
        .query("SELECT key::text, value::text FROM settings", &[])?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    Ok(Settings::from_stored(&stored))
}

/// Appends an entry that belongs to no change, chained to the last one: the same bytes hashed
/// as on a file store (`audit::entry_hash`). The caller holds the change lock, so no other
/// entry can come in between.
pub(super) fn append_event(
    c: &mut impl GenericClient,
    at: &str,
    operator: &str,
    action: &str,
    detail: &str,
) -> Result<()> {
    let (id, prev) = super::change::chain_end(c)?;
    let hash = entry_hash(
        &prev,
        &EntryContent {
            id,
            change_id: None,
            at,
            operator,
            action,
            product_id: None,
            warehouse_code: None,
            detail,
        },
    );
    c.execute(
        "INSERT INTO audit_log(id, change_id, at, operator, action, detail, hash)
         VALUES ($1, NULL, $2, $3, $4, $5, $6)",
        &[&id, &at, &operator, &action, &detail, &hash.as_slice()],
    )?;
    Ok(())
}

impl Server {
    /// Plans, newest first (at most `limit`).
    pub fn plans(&mut self, limit: i64) -> Result<Vec<PlanRow>> {
        let limit = if limit < 0 { i64::MAX } else { limit };
        Ok(self
            .client
            .query(
                &format!("SELECT {COLUMNS} FROM plans ORDER BY id DESC LIMIT $1"),
                &[&limit],
            )?
            .iter()
            .map(plan_row)
            .collect())
    }

    /// The pairs of a plan, in line order; codes validated as a file's are (a row written
    /// behind invmap's back cannot smuggle in a code the domain refuses).
    pub fn plan_pairs(&mut self, id: i64) -> Result<Vec<crate::store::unbind::PairInput>> {
        use crate::domain::code::{Sku, WarehouseCode};
        let rows = self.client.query(
            "SELECT line, product_id::text, warehouse_code::text, transfer_to::text,
                    reason::text, priority
             FROM plan_pairs WHERE plan_id = $1 ORDER BY line",
            &[&id],
        )?;
        rows.iter()
            .map(|r| {
                let transfer_to: Option<String> = r.get(3);
                Ok(crate::store::unbind::PairInput {
                    line: r.get::<_, i64>(0) as u64,
                    sku: Sku::parse(r.get(1)).map_err(anyhow::Error::msg)?,
                    warehouse: WarehouseCode::parse(r.get(2)).map_err(anyhow::Error::msg)?,
                    transfer_to: transfer_to
                        .as_deref()
                        .map(WarehouseCode::parse)
                        .transpose()
                        .map_err(anyhow::Error::msg)?,
                    reason: r.get(4),
                    priority: r.get(5),
                })
            })
            .collect()
    }

    /// The stages of a batch, in order.
    pub fn batch_stages(&mut self, batch: i64) -> Result<Vec<StageRow>> {
        Ok(self
            .client
            .query(
                &format!(
                    "SELECT {STAGE_COLUMNS} FROM plan_stages s WHERE s.batch = $1 ORDER BY s.stage"
                ),
                &[&batch],
            )?
            .iter()
            .map(stage_row)
            .collect())
    }
}

impl Server {
    /// A decision on every stage of a batch still open to it, in one transaction with an
    /// audit entry per plan (as `Store::decide_batch`); returns the plans it decided.
    pub fn decide_batch(
        &mut self,
        batch: i64,
        decision: crate::store::stages::BatchDecision<'_>,
        (at, by): (&str, &str),
    ) -> Result<Vec<i64>> {
        use crate::store::stages::{BatchDecision, batch_approve_detail, batch_reject_detail};
        crate::domain::operator::check(by).map_err(crate::error::UsageError)?;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        let rows: Vec<(i64, i64, i64, String, String)> = tx
            .query(
                "SELECT s.plan_id, s.stage, s.stages, p.status::text, p.creator::text
                 FROM plan_stages s JOIN plans p ON p.id = s.plan_id
                 WHERE s.batch = $1 ORDER BY s.stage",
                &[&batch],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
            .collect();
        let mut decided = Vec::new();
        for (id, stage, stages, status, creator) in rows {
            let (n, action, detail) = match &decision {
                BatchDecision::Approve if status == "pending" => (
                    tx.execute(
                        "UPDATE plans SET status = 'approved', approver = $2, approved_at = $3
                         WHERE id = $1 AND status = 'pending'",
                        &[&id, &by, &at],
                    )?,
                    "plan-approve",
                    batch_approve_detail(id, stage, stages, &creator),
                ),
                BatchDecision::Reject { from, reason }
                    if stage >= *from
                        && matches!(status.as_str(), "pending" | "approved" | "scheduled") =>
                {
                    (
                        tx.execute(
                            "UPDATE plans SET status = 'rejected', rejected_by = $2,
                                 rejected_at = $3, reject_reason = $4
                             WHERE id = $1 AND status IN ('pending', 'approved', 'scheduled')",
                            &[&id, &by, &at, reason],
                        )?,
                        "plan-reject",
                        batch_reject_detail(id, stage, stages, reason),
                    )
                }
                _ => continue,
            };
            if n == 1 {
                append_event(&mut tx, at, by, action, &detail)?;
                decided.push(id);
            }
        }
        tx.commit()?;
        Ok(decided)
    }
}

impl Server {
    /// Lets run-due finish a held drain again, with an audit entry (as
    /// `Store::resume_drain`); refused when the link is not a drain on hold.
    pub fn resume_drain(&mut self, sku: &str, wh: &str, at: &str, operator: &str) -> Result<()> {
        crate::domain::operator::check(operator).map_err(crate::error::UsageError)?;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        let n = tx.execute(
            "UPDATE drains SET held = 0 WHERE product_id = $1 AND warehouse_code = $2 AND held <> 0
               AND EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = $1
                           AND m.warehouse_code = $2 AND m.state = 'draining')",
            &[&sku, &wh],
        )?;
        if n == 0 {
            return Err(Refused(crate::tr!("store-not-held", sku = sku, warehouse = wh)).into());
        }
        append_event(
            &mut tx,
            at,
            operator,
            "drain-resume",
            &crate::store::drains::resume_detail(sku, wh),
        )?;
        tx.commit()?;
        Ok(())
    }
}
