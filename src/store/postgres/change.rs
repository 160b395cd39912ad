//! A change on a server (as `store/sqlite/changes.rs` on a file): one transaction that takes
//! the advisory change lock first — changes queue behind each other, readers never wait —
//! then reads every rule it depends on (a re-applied file, an undone change, a required
//! reason, a blackout window), records the `changes` row, the before-images and an audit
//! entry per touched row, chained in Rust with the same bytes hashed as on a file.

use anyhow::{Context, Result};
use postgres::{GenericClient, Transaction};

use super::CHANGE_LOCK;
use crate::error::{Refused, UsageError};
use crate::store::audit::{EntryContent, GENESIS, entry_hash, hex};
use crate::store::changes::ChangeMeta;

/// How many items' audit entries are hashed and sent to the server at once (memory stays
/// bounded whatever the batch size).
const ITEMS_AT_ONCE: i64 = 20_000;

/// The audit detail of a change item (`ITEM_DETAIL` of the file store, as the server writes
/// text): the entry's hash covers it, so it must come out byte for byte alike.
pub(super) const ITEM_DETAIL: &str = "
    CASE WHEN i.before_present <> 0 THEN 'qty ' || coalesce(i.before_qty::text, 'null')
         || ' (priority ' || coalesce(i.before_priority::text, 'null') || ', '
         || coalesce(i.before_state, 'null')
         || coalesce(' since ' || i.before_drain_started_at, '') || ')'
     ELSE 'absent' END
    || ' -> ' ||
    CASE WHEN i.after_present <> 0 THEN 'qty ' || coalesce(i.after_qty::text, 'null')
         ELSE 'absent' END
    || coalesce('; ' || i.note, '')";

/// The state of an open change: its id, who and why, and where the audit chain stands.
pub struct ChangeState {
    pub id: i64,
    pub meta: ChangeMeta,
    next_entry: i64,
    head: [u8; 32],
    extra: serde_json::Map<String, serde_json::Value>,
    /// The change wrote something besides links (a warehouse's status).
    other_writes: bool,
    /// The change wrote rows that need no change record (a new warehouse).
    plain_writes: bool,
    _signals: crate::signals::WriteGuard,
}

/// Opens a change on `tx`: the lock, the rules read inside it, the `changes` row.
pub fn begin(tx: &mut Transaction<'_>, meta: ChangeMeta) -> Result<ChangeState> {
    crate::domain::operator::check(&meta.operator).map_err(UsageError)?;
    let now = chrono::DateTime::parse_from_rfc3339(&meta.at)
        .map(|t| t.with_timezone(&chrono::Utc))
        .with_context(|| crate::tr!("store-change-time"))?;
    let guard = crate::signals::WriteGuard::new();
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
    // A batch joins its pairs to the links in memory: with the server's default (4 MB) a
    // hundred thousand pairs spill to disk.
    tx.batch_execute("SET LOCAL work_mem = '64MB'")?;
    if let (true, Some(sha)) = (meta.reapply_guard, &meta.source_sha256)
        && let Some(refused) = reapplied(tx, sha)?
    {
        return Err(refused.into());
    }
    if let Some(target) = meta.rolls_back
        && let Some(by) =
            tx.query_opt("SELECT id FROM changes WHERE rolls_back = $1", &[&target])?
    {
        let by: i64 = by.get(0);
        return Err(Refused(crate::tr!(
            "store-already-rolled-back",
            target = target,
            by = by
        ))
        .into());
    }
    if meta.reason.trim().is_empty() && super::plans::settings(tx)?.require_reason {
        return Err(UsageError(crate::tr!("store-reason-required", kind = &meta.kind)).into());
    }
    let overridden =
        crate::store::changes::window_verdict(super::blackout::window_at(tx, now)?, &meta, now)?;
    let override_reason = overridden.as_ref().map(|o| o.0.clone());
    // The next id after the last, as a file numbers them (a refused change leaves no gap, as
    // a sequence would); the lock keeps two changes from taking one. The row is written now
    // (its items and entries refer to it) and finished once, at the end.
    let id: i64 = tx
        .query_one(
            "INSERT INTO changes(id, kind, operator, reason, ticket, source_file, source_sha256,
                                 command_line, created_at, rolls_back, plan_id, approved_by,
                                 override_reason)
             VALUES ((SELECT coalesce(max(id), 0) + 1 FROM changes),
                     $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            &[
                &meta.kind,
                &meta.operator,
                &meta.reason,
                &meta.ticket,
                &meta.source_file,
                &meta.source_sha256,
                &meta.command_line,
                &meta.at,
                &meta.rolls_back,
                &meta.plan_id,
                &meta.approved_by,
                &override_reason,
            ],
        )?
        .get(0);
    let (next_entry, head) = chain_end(tx)?;
    let mut state = ChangeState {
        id,
        meta,
        next_entry,
        head,
        extra: Default::default(),
        other_writes: false,
        plain_writes: false,
        _signals: guard,
    };
    if let Some((_, detail)) = overridden {
        state.audit(tx, "override-window", None, None, &detail)?;
    }
    if let Some(detail) = crate::store::changes::plan_apply_detail(&state.meta) {
        state.audit(tx, "plan-apply", None, None, &detail)?;
    }
    Ok(state)
}

/// The next entry's id and the hash it chains from (the caller holds the change lock, which
/// keeps them still).
pub(super) fn chain_end(c: &mut impl GenericClient) -> Result<(i64, [u8; 32])> {
    let last = c.query_opt(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
        &[],
    )?;
    let Some(last) = last else {
        return Ok((1, GENESIS));
    };
    let (id, hash): (i64, Vec<u8>) = (last.get(0), last.get(1));
    // A last entry that cannot be chained from is a broken trail: said, not papered over
    // (`audit verify` names it).
    let broken = || anyhow::anyhow!(crate::tr!("store-pg-chain-broken", id = id));
    let prev: [u8; 32] = hash.try_into().map_err(|_| broken())?;
    Ok((id.checked_add(1).ok_or_else(broken)?, prev))
}

/// The refusal for a file a change (not rolled back) applied already.
pub fn reapplied(c: &mut impl GenericClient, sha256: &str) -> Result<Option<Refused>> {
    let row = c.query_opt(
        "SELECT c.id, c.created_at::text, c.operator::text FROM changes c
         WHERE c.source_sha256 = $1
           AND NOT EXISTS (SELECT 1 FROM changes r WHERE r.rolls_back = c.id)
         ORDER BY c.id DESC LIMIT 1",
        &[&sha256],
    )?;
    Ok(row.map(|r| {
        let (id, at, operator): (i64, String, String) = (r.get(0), r.get(1), r.get(2));
        Refused(crate::tr!(
            "store-reapplied",
            sha = sha256.get(..12).unwrap_or(sha256),
            id = id,
            at = &at,
            operator = &operator
        ))
    }))
}

impl ChangeState {
    /// Appends one audit entry of this change.
    pub fn audit(
        &mut self,
        c: &mut impl GenericClient,
        action: &str,
        product_id: Option<&str>,
        warehouse_code: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        let change = Some(self.id);
        self.append(c, change, action, product_id, warehouse_code, detail)
    }

    /// Appends an entry of no change: a write the change makes that needs no change record
    /// of its own (a new warehouse), kept in the trail all the same.
    pub fn audit_plain(
        &mut self,
        c: &mut impl GenericClient,
        action: &str,
        warehouse_code: &str,
        detail: &str,
    ) -> Result<()> {
        self.append(c, None, action, None, Some(warehouse_code), detail)
    }

    /// The next entry, chained to the last.
    fn append(
        &mut self,
        c: &mut impl GenericClient,
        change_id: Option<i64>,
        action: &str,
        product_id: Option<&str>,
        warehouse_code: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        let entry = EntryContent {
            id: self.next_entry,
            change_id,
            at: &self.meta.at,
            operator: &self.meta.operator,
            action,
            product_id,
            warehouse_code,
            detail,
        };
        let hash = entry_hash(&self.head, &entry);
        c.execute(
            "INSERT INTO audit_log(id, change_id, at, operator, action, product_id,
                                   warehouse_code, detail, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &entry.id,
                &change_id,
                &entry.at,
                &entry.operator,
                &action,
                &product_id,
                &warehouse_code,
                &detail,
                &hash.as_slice(),
            ],
        )?;
        self.head = hash;
        self.next_entry += 1;
        Ok(())
    }

    /// One audit entry per item of this change, in the items' key order (as on a file),
    /// hashed here a slice at a time and sent with COPY.
    pub fn audit_items(&mut self, tx: &mut Transaction<'_>) -> Result<u64> {
        tx.execute(
            &format!(
                "DECLARE invmap_items NO SCROLL CURSOR FOR
                 SELECT action::text, product_id::text, warehouse_code::text, {ITEM_DETAIL}
                 FROM change_items i WHERE change_id = $1
                 ORDER BY product_id, warehouse_code"
            ),
            &[&self.id],
        )?;
        let mut total = 0u64;
        loop {
            let rows = tx.query(&format!("FETCH {ITEMS_AT_ONCE} FROM invmap_items"), &[])?;
            if rows.is_empty() {
                break;
            }
            let mut text: Vec<u8> = Vec::with_capacity(rows.len() * 200);
            for r in &rows {
                let (action, sku, wh, detail): (&str, &str, &str, &str) =
                    (r.get(0), r.get(1), r.get(2), r.get(3));
                let entry = EntryContent {
                    id: self.next_entry,
                    change_id: Some(self.id),
                    at: &self.meta.at,
                    operator: &self.meta.operator,
                    action,
                    product_id: Some(sku),
                    warehouse_code: Some(wh),
                    detail,
                };
                let hash = entry_hash(&self.head, &entry);
                let (id, change) = (entry.id.to_string(), self.id.to_string());
                for field in [
                    &id,
                    &change,
                    entry.at,
                    entry.operator,
                    action,
                    sku,
                    wh,
                    detail,
                ] {
                    super::copy_escape(&mut text, field.as_bytes());
                    text.push(b'\t');
                }
                super::copy_bytea(&mut text, &hash);
                text.push(b'\n');
                self.head = hash;
                self.next_entry += 1;
            }
            total += rows.len() as u64;
            super::send_copy(
                tx,
                "COPY audit_log(id, change_id, at, operator, action, product_id, warehouse_code,
                                detail, hash) FROM STDIN",
                &text,
            )?;
        }
        tx.execute("CLOSE invmap_items", &[])?;
        Ok(total)
    }

    /// Adds fields to the change's summary.
    pub fn set_summary_extra(&mut self, fields: serde_json::Value) {
        if let serde_json::Value::Object(map) = fields {
            self.extra.extend(map);
        }
    }

    /// Notes that the change wrote something besides links.
    pub fn mark_other_write(&mut self) {
        self.other_writes = true;
    }

    /// Notes that the change wrote rows that need no change record of their own.
    pub fn mark_plain_write(&mut self) {
        self.plain_writes = true;
    }

    /// Commits when the change touched a row; otherwise rolls back and records nothing.
    pub fn finish(
        self,
        mut tx: Transaction<'_>,
        summary: &serde_json::Value,
    ) -> Result<Option<(i64, String)>> {
        let pairs: i64 = tx
            .query_one(
                "SELECT count(*) FROM change_items WHERE change_id = $1",
                &[&self.id],
            )?
            .get(0);
        if pairs == 0 && !self.other_writes {
            if self.plain_writes {
                // Committed without its change row: nothing it wrote is a change.
                tx.execute("DELETE FROM changes WHERE id = $1", &[&self.id])?;
                crate::signals::check()?;
                tx.commit()?;
                crate::signals::note_committed();
            } else {
                tx.rollback()?;
            }
            return Ok(None);
        }
        let mut summary = summary.clone();
        if let serde_json::Value::Object(map) = &mut summary {
            map.extend(self.extra.clone());
        }
        tx.execute(
            "UPDATE changes SET pairs = $2, summary = $3 WHERE id = $1",
            &[&self.id, &pairs, &summary.to_string()],
        )?;
        crate::signals::check()?;
        tx.commit()
            .map_err(|e| anyhow::anyhow!(super::reason(&e)))
            .context(crate::tr!("store-commit-failed"))?;
        crate::signals::note_committed();
        Ok(Some((self.id, hex(&self.head))))
    }
}
