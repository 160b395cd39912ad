//! Changes: every mutation of links is one transaction that records a `changes` row, the
//! before-image of each row it touches (`change_items`, the rollback point) and its audit
//! entries, then makes the mutation. If it touched nothing, it records nothing.

use anyhow::{Context, Result};
use rusqlite::{ErrorCode, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::Store;
use super::audit;
use crate::error::Refused;

/// Who, why and from what a change is made.
#[derive(Debug, Clone, Default)]
pub struct ChangeMeta {
    pub kind: String,
    pub operator: String,
    pub reason: String,
    pub ticket: Option<String>,
    pub source_file: Option<String>,
    pub source_sha256: Option<String>,
    pub command_line: String,
    /// RFC 3339 UTC, from the injected clock.
    pub at: String,
    /// For a rollback: the change it undoes.
    pub rolls_back: Option<i64>,
    /// The plan this change applies, and who approved it.
    pub plan_id: Option<i64>,
    pub approved_by: Option<String>,
    /// `--override-window`: land inside a blackout window; `override_reason` (else `reason`)
    /// says why.
    pub override_window: bool,
    pub override_reason: Option<String>,
    /// Who created the plan this change applies.
    pub plan_creator: Option<String>,
    /// Refuse the change when a change not rolled back applied the same source file
    /// (`source_sha256`) before: re-running a batch by mistake (`--again` turns it off).
    pub reapply_guard: bool,
}

/// An open write transaction with its `changes` row already inserted.
pub struct ChangeTx<'s> {
    pub(super) tx: rusqlite::Transaction<'s>,
    pub id: i64,
    pub(crate) meta: ChangeMeta,
    chain: &'s std::sync::Mutex<audit::ChainState>,
    /// Set when the change wrote something besides links (a warehouse's status), so it is
    /// recorded even when it touched no link.
    other_writes: std::cell::Cell<bool>,
    /// Set when the change wrote rows that are not a change of their own (a new warehouse,
    /// a name): committed, without a change row, when nothing else happened.
    plain_writes: std::cell::Cell<bool>,
    /// Summary fields the store adds itself (merged into the caller's summary on finish).
    extra: std::cell::RefCell<serde_json::Map<String, serde_json::Value>>,
    /// While the transaction is open a signal interrupts it rather than ending the process.
    _signals: crate::signals::WriteGuard,
}

/// What an item's audit entry says about it (its `detail`): the row before — its stock,
/// priority, state and drain start, everything a rollback puts back — and after, and the
/// note. The entry's hash covers this text, so an item whose columns no longer give the same
/// text was changed after it was written (see `evidence::forged_items`). Over `change_items i`.
pub(super) const ITEM_DETAIL: &str =
    "CASE WHEN i.before_present THEN 'qty ' || ifnull(i.before_qty, 'null')
         || ' (priority ' || ifnull(i.before_priority, 'null') || ', ' || ifnull(i.before_state, 'null')
         || ifnull(' since ' || i.before_drain_started_at, '') || ')'
     ELSE 'absent' END
    || ' -> ' ||
    CASE WHEN i.after_present THEN 'qty ' || ifnull(i.after_qty, 'null') ELSE 'absent' END
    || ifnull('; ' || i.note, '')";

/// The detail entries written before it covered the before-image's priority, state and drain
/// start (stock and presence only): still accepted for those entries, so that a store from
/// then is not taken for forged. (An entry written since has the longer text whenever the row
/// was present before, so it never matches this one.)
pub(super) const ITEM_DETAIL_V1: &str =
    "CASE WHEN i.before_present THEN 'qty ' || ifnull(i.before_qty, 'null') ELSE 'absent' END
    || ' -> ' ||
    CASE WHEN i.after_present THEN 'qty ' || ifnull(i.after_qty, 'null') ELSE 'absent' END
    || ifnull('; ' || i.note, '')";

/// The message for a store another process is writing to (after the busy timeout).
fn busy_message(path: &std::path::Path) -> String {
    crate::tr!(
        "store-busy",
        path = &path.display(),
        seconds = format!("{:.1}", super::busy_timeout_ms() as f64 / 1000.0)
    )
}

/// Maps SQLITE_BUSY (and a read-only store) to the operator's message; other errors keep
/// their context.
pub(crate) fn map_busy(err: rusqlite::Error, path: &std::path::Path) -> anyhow::Error {
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            anyhow::anyhow!(busy_message(path))
        }
        // The file is not writable for this user (SQLite then opens it read-only).
        Some(ErrorCode::ReadOnly) => {
            anyhow::Error::new(err).context(crate::tr!("store-read-only", path = &path.display()))
        }
        _ => anyhow::Error::new(err),
    }
}

impl Store {
    /// Starts a change: `BEGIN IMMEDIATE` (so two writers queue instead of deadlocking) and
    /// the `changes` row.
    pub fn begin_change(&mut self, meta: ChangeMeta) -> Result<ChangeTx<'_>> {
        crate::domain::operator::check(&meta.operator).map_err(crate::error::UsageError)?;
        let path = self.path.clone();
        let now = chrono::DateTime::parse_from_rfc3339(&meta.at)
            .map(|t| t.with_timezone(&chrono::Utc))
            .with_context(|| crate::tr!("store-change-time"))?;
        let guard = crate::signals::WriteGuard::new();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| map_busy(e, &path))?;
        // Read inside the write transaction: an undo, a re-applied file or a window another
        // operator adds cannot slip between this check and the change.
        if let (true, Some(sha)) = (meta.reapply_guard, &meta.source_sha256)
            && let Some(refused) = reapplied(&tx, sha)?
        {
            return Err(refused.into());
        }
        if let Some(target) = meta.rolls_back {
            let by: Option<i64> = tx
                .query_row(
                    "SELECT id FROM changes WHERE rolls_back = ?1",
                    [target],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(by) = by {
                return Err(Refused(crate::tr!(
                    "store-already-rolled-back",
                    target = target,
                    by = by
                ))
                .into());
            }
        }
        // Read inside the transaction like every rule: a store that requires a reason refuses
        // a change without one (a plan's change carries the plan's reason).
        if meta.reason.trim().is_empty() && super::settings::read(&tx)?.require_reason {
            return Err(crate::error::UsageError(crate::tr!(
                "store-reason-required",
                kind = &meta.kind
            ))
            .into());
        }
        let overridden = window_verdict(super::blackout::window_at(&tx, now)?, &meta, now)?;
        tx.execute(
            "INSERT INTO changes(kind, operator, reason, ticket, source_file, source_sha256,
                                 command_line, created_at, rolls_back, plan_id, approved_by,
                                 override_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                meta.kind,
                meta.operator,
                meta.reason,
                meta.ticket,
                meta.source_file,
                meta.source_sha256,
                meta.command_line,
                meta.at,
                meta.rolls_back,
                meta.plan_id,
                meta.approved_by,
                overridden.as_ref().map(|o| &o.0)
            ],
        )
        .map_err(|e| map_busy(e, &path))?;
        let id = tx.last_insert_rowid();
        audit::load_head(&tx, &self.chain)?;
        let tx = ChangeTx {
            tx,
            id,
            meta,
            chain: &self.chain,
            other_writes: std::cell::Cell::new(false),
            plain_writes: std::cell::Cell::new(false),
            extra: Default::default(),
            _signals: guard,
        };
        if let Some((_, detail)) = overridden {
            tx.audit("override-window", None, None, &detail)?;
        }
        if let Some(detail) = plan_apply_detail(&tx.meta) {
            tx.audit("plan-apply", None, None, &detail)?;
        }
        Ok(tx)
    }
}

/// A change at `now` inside blackout `window`: refused, unless overridden with a reason.
/// Overridden, what the change records: its `override_reason` and its audit entry's detail
/// (hashed: the same text on every backend).
pub(crate) fn window_verdict(
    window: Option<crate::domain::windows::Window>,
    meta: &ChangeMeta,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<(String, String)>> {
    let Some(w) = window else {
        return Ok(None);
    };
    let why = meta
        .override_reason
        .clone()
        .unwrap_or_else(|| meta.reason.clone());
    if !meta.override_window {
        return Err(Refused(crate::tr!(
            "store-in-blackout",
            now = &w.zone.show(now),
            window = &w.shown()
        ))
        .into());
    }
    if why.trim().is_empty() {
        return Err(crate::error::UsageError(crate::tr!("store-override-needs-reason")).into());
    }
    Ok(Some((
        format!("{}: {why}", w.describe()),
        // stored: the audit entry
        format!("landed inside blackout window {}: {why}", w.describe()),
    )))
}

/// The audit detail of a change that applies an approved plan (hashed: the same text on
/// every backend).
pub(crate) fn plan_apply_detail(meta: &ChangeMeta) -> Option<String> {
    meta.approved_by.as_ref().map(|approver| {
        format!(
            "applies plan {} created by {}, approved by {approver}",
            meta.plan_id.unwrap_or(0),
            meta.plan_creator.as_deref().unwrap_or("?")
        )
    })
}

impl ChangeTx<'_> {
    /// Why the change is made (its `--reason`).
    pub fn reason(&self) -> &str {
        &self.meta.reason
    }

    /// Adds fields to the change's summary (e.g. a warehouse status it set, for rollback).
    pub fn set_summary_extra(&self, fields: serde_json::Value) {
        if let serde_json::Value::Object(map) = fields {
            self.extra.borrow_mut().extend(map);
        }
    }

    /// Notes that the change wrote rows that need no change record of their own.
    pub fn mark_plain_write(&self) {
        self.plain_writes.set(true);
    }

    /// Notes that the change wrote something besides links.
    pub(crate) fn mark_other_write(&self) {
        self.other_writes.set(true);
    }

    /// Appends one audit entry for this change.
    pub fn audit(
        &self,
        action: &str,
        product_id: Option<&str>,
        warehouse_code: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO audit_log(change_id, at, operator, action, product_id, warehouse_code, detail, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, audit_chain(?1, ?2, ?3, ?4, ?5, ?6, ?7))",
            params![self.id, self.meta.at, self.meta.operator, action, product_id, warehouse_code, detail],
        )?;
        Ok(())
    }

    /// Appends one audit entry that belongs to no change: a write the change makes that needs
    /// no change record of its own (a new warehouse), kept in the trail all the same.
    pub fn audit_plain(&self, action: &str, warehouse_code: &str, detail: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO audit_log(change_id, at, operator, action, product_id, warehouse_code, detail, hash)
             VALUES (NULL, ?1, ?2, ?3, NULL, ?4, ?5, audit_chain(NULL, ?1, ?2, ?3, NULL, ?4, ?5))",
            params![self.meta.at, self.meta.operator, action, warehouse_code, detail],
        )?;
        Ok(())
    }

    /// One audit entry per item of this change (set-based), in the items' key order. The
    /// entry's action is the item's action and its detail says what happened to the row.
    pub fn audit_items(&self) -> Result<u64> {
        let n = self.tx.execute(
            &format!("INSERT INTO audit_log(change_id, at, operator, action, product_id, warehouse_code, detail, hash)
             SELECT ?1, ?2, ?3, action, product_id, warehouse_code, d,
                    audit_chain(?1, ?2, ?3, action, product_id, warehouse_code, d)
             FROM (SELECT action, product_id, warehouse_code, {ITEM_DETAIL} AS d
                   FROM change_items i WHERE change_id = ?1)"),
            params![self.id, self.meta.at, self.meta.operator],
        )?;
        Ok(n as u64)
    }

    /// Commits when the change touched any row; otherwise rolls back and records nothing.
    /// Returns the change id and the audit chain head, or `None` for "Nothing changed.".
    pub fn finish(self, summary: &serde_json::Value) -> Result<Option<(i64, String)>> {
        let pairs: i64 = self.tx.query_row(
            "SELECT count(*) FROM change_items WHERE change_id = ?1",
            [self.id],
            |r| r.get(0),
        )?;
        if pairs == 0 && !self.other_writes.get() {
            if self.plain_writes.get() {
                // Never committed: the row goes, and its id with it.
                self.tx
                    .execute("DELETE FROM changes WHERE id = ?1", [self.id])?;
                crate::signals::check()?;
                self.tx.commit()?;
                crate::signals::note_committed();
            } else {
                self.tx.rollback()?;
            }
            return Ok(None);
        }
        let mut summary = summary.clone();
        if let serde_json::Value::Object(map) = &mut summary {
            map.extend(self.extra.borrow().clone());
        }
        self.tx.execute(
            "UPDATE changes SET pairs = ?2, summary = ?3 WHERE id = ?1",
            params![self.id, pairs, summary.to_string()],
        )?;
        audit::check_head(&self.tx, self.chain)?;
        let head = audit::hex(&self.chain.lock().expect("audit chain state poisoned").head);
        // After Ctrl-C / SIGTERM nothing commits: dropping the transaction rolls it back.
        crate::signals::check()?;
        self.tx.commit().map_err(|e| {
            let full = e.sqlite_error_code() == Some(ErrorCode::DiskFull);
            anyhow::Error::new(e).context(if full {
                crate::tr!("store-commit-disk-full")
            } else {
                crate::tr!("store-commit-failed")
            })
        })?;
        crate::signals::note_committed();
        Ok(Some((self.id, head)))
    }
}

/// A rollback point as `changes` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    pub id: i64,
    pub at: String,
    pub operator: String,
    pub kind: String,
    /// Link rows the change touched (its pairs, plus links that received transfers).
    #[serde(rename = "rows")]
    pub pairs: i64,
    pub reason: String,
    pub ticket: Option<String>,
    pub source_file: Option<String>,
    pub source_sha256: Option<String>,
    pub command_line: String,
    pub rolls_back: Option<i64>,
    pub rolled_back_by: Option<i64>,
    pub plan_id: Option<i64>,
    pub approved_by: Option<String>,
    pub override_reason: Option<String>,
    pub summary: serde_json::Value,
}

const CHANGE_COLUMNS: &str = "c.id, c.created_at, c.operator, c.kind, c.pairs, c.reason, c.ticket,
     c.source_file, c.source_sha256, c.command_line, c.rolls_back,
     (SELECT r.id FROM changes r WHERE r.rolls_back = c.id), c.summary, c.plan_id, c.approved_by,
     c.override_reason";

fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeRow> {
    let summary: String = r.get(12)?;
    Ok(ChangeRow {
        id: r.get(0)?,
        at: r.get(1)?,
        operator: r.get(2)?,
        kind: r.get(3)?,
        pairs: r.get(4)?,
        reason: r.get(5)?,
        ticket: r.get(6)?,
        source_file: r.get(7)?,
        source_sha256: r.get(8)?,
        command_line: r.get(9)?,
        rolls_back: r.get(10)?,
        rolled_back_by: r.get(11)?,
        plan_id: r.get(13)?,
        approved_by: r.get(14)?,
        override_reason: r.get(15)?,
        summary: serde_json::from_str(&summary).unwrap_or(serde_json::Value::Null),
    })
}

impl Store {
    /// Every change, newest first.
    pub fn changes(&self, limit: Option<u64>) -> Result<Vec<ChangeRow>> {
        let sql = format!("SELECT {CHANGE_COLUMNS} FROM changes c ORDER BY c.id DESC LIMIT ?1");
        let mut stmt = self.conn.prepare(&sql)?;
        let limit = limit.map(|l| l as i64).unwrap_or(-1);
        let rows = stmt.query_map([limit], change_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn change(&self, id: i64) -> Result<Option<ChangeRow>> {
        let sql = format!("SELECT {CHANGE_COLUMNS} FROM changes c WHERE c.id = ?1");
        Ok(self.conn.query_row(&sql, [id], change_row).optional()?)
    }

    /// The refusal for a file that a change (not rolled back) applied already, if it was.
    pub fn reapplied(&self, sha256: &str) -> Result<Option<Refused>> {
        reapplied(&self.conn, sha256)
    }
}

fn change_for_source(conn: &rusqlite::Connection, sha256: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT c.id FROM changes c
             WHERE c.source_sha256 = ?1
               AND NOT EXISTS (SELECT 1 FROM changes r WHERE r.rolls_back = c.id)
             ORDER BY c.id DESC LIMIT 1",
            [sha256],
            |r| r.get(0),
        )
        .optional()?)
}

fn reapplied(conn: &rusqlite::Connection, sha256: &str) -> Result<Option<Refused>> {
    let Some(id) = change_for_source(conn, sha256)? else {
        return Ok(None);
    };
    let (at, operator): (String, String) = conn.query_row(
        "SELECT created_at, operator FROM changes WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Some(Refused(crate::tr!(
        "store-reapplied",
        sha = sha256.get(..12).unwrap_or(sha256),
        id = id,
        at = &at,
        operator = &operator
    ))))
}

/// One row a change touched, as `changes show` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub product_id: String,
    pub warehouse_code: String,
    pub action: String,
    pub before: String,
    pub after: String,
    pub note: Option<String>,
}

impl Store {
    /// The rows change `id` touched, in key order, at most `limit` (-1 for all).
    pub fn change_items(&self, id: i64, limit: i64) -> Result<Vec<ItemRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT product_id, warehouse_code, action,
                    CASE WHEN before_present THEN 'qty ' || ifnull(before_qty, 'null') || ' ' || before_state
                         ELSE 'absent' END,
                    CASE WHEN after_present THEN 'qty ' || ifnull(after_qty, 'null') ELSE 'absent' END,
                    note
             FROM change_items WHERE change_id = ?1 LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id, limit], |r| {
            Ok(ItemRow {
                product_id: r.get(0)?,
                warehouse_code: r.get(1)?,
                action: r.get(2)?,
                before: r.get(3)?,
                after: r.get(4)?,
                note: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
