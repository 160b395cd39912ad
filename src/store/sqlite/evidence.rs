//! What the audit trail can prove beyond its own chain (SPEC §6): that changes and their
//! entries reconcile, that the append-only guards are in place, and — against an anchor kept
//! elsewhere — that nothing was cut from the end.

use anyhow::Result;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::Store;
use super::audit::hex;
use crate::i18n::Text;

/// The append-only triggers every store has (migration 0003), and how to put one back.
const GUARDS: &[&str] = &["audit_log_no_update", "audit_log_no_delete"];

/// Changes and audit entries that do not account for each other.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reconciliation {
    /// Changes with no audit entry at all, or with touched rows that have none.
    pub changes_missing_entries: i64,
    pub missing_examples: Vec<String>,
    /// Entries that name a change the store does not have.
    pub entries_without_change: i64,
    pub orphan_examples: Vec<String>,
}

impl Reconciliation {
    pub fn clean(&self) -> bool {
        self.changes_missing_entries == 0 && self.entries_without_change == 0
    }
}

/// The last entry's place in the trail: what an anchor records.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Head {
    pub head: String,
    pub entries: i64,
    pub last_change: Option<i64>,
}

/// A change with no entry at all, or with fewer entries about pairs than rows that call for
/// one: every row, except those of a warehouse's close or reopen (one entry for the
/// warehouse). Set-based (two grouped passes), so a trail
/// of millions of entries is reconciled in one read of each table.
const MISSING: &str = "
SELECT c.id FROM changes c
LEFT JOIN (SELECT change_id, count(*) AS n FROM change_items
           WHERE action NOT IN ('close', 'reopen') GROUP BY change_id) i ON i.change_id = c.id
LEFT JOIN (SELECT change_id, count(*) AS n, count(product_id) AS pairs FROM audit_log
           WHERE change_id IS NOT NULL GROUP BY change_id) a ON a.change_id = c.id
WHERE a.n IS NULL OR ifnull(a.pairs, 0) < ifnull(i.n, 0)
ORDER BY c.id";

const ORPHANS: &str = "
SELECT a.id FROM audit_log a
WHERE a.change_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.id = a.change_id)
ORDER BY a.id";

/// [`Reconciliation`] with its examples as messages not yet worded (for `check`'s JSON).
pub(super) struct Reconciled {
    pub changes_missing_entries: i64,
    pub missing_examples: Vec<Text>,
    pub entries_without_change: i64,
    pub orphan_examples: Vec<Text>,
}

/// Examples worded for whoever reads them now.
pub(super) fn worded(examples: Vec<Text>) -> Vec<String> {
    examples.iter().map(Text::words).collect()
}

impl Store {
    /// Changes without their audit entries, and entries without their change.
    pub fn audit_reconcile(&self) -> Result<Reconciliation> {
        let r = self.reconciled()?;
        Ok(Reconciliation {
            changes_missing_entries: r.changes_missing_entries,
            missing_examples: worded(r.missing_examples),
            entries_without_change: r.entries_without_change,
            orphan_examples: worded(r.orphan_examples),
        })
    }

    pub(super) fn reconciled(&self) -> Result<Reconciled> {
        let (missing, missing_examples) = super::count_and_examples(
            &self.conn,
            &format!("SELECT id FROM ({MISSING}) ORDER BY id"),
            &[],
            |r| {
                Ok(crate::text!(
                    "store-example-change",
                    id = r.get::<_, i64>(0)?
                ))
            },
        )?;
        let (orphans, orphan_examples) = super::count_and_examples(
            &self.conn,
            &format!("SELECT id FROM ({ORPHANS}) ORDER BY id"),
            &[],
            |r| {
                Ok(crate::text!(
                    "store-example-entry",
                    id = r.get::<_, i64>(0)?
                ))
            },
        )?;
        Ok(Reconciled {
            changes_missing_entries: missing,
            missing_examples,
            entries_without_change: orphans,
            orphan_examples,
        })
    }

    /// The append-only guards that are missing (dropped behind invmap's back).
    pub fn missing_guards(&self) -> Result<Vec<String>> {
        let mut missing = Vec::new();
        for name in GUARDS {
            let present: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1)",
                [name],
                |r| r.get(0),
            )?;
            if !present {
                missing.push(name.to_string());
            }
        }
        Ok(missing)
    }

    /// Puts back the append-only guards that are missing (as migration 0003 made them), with
    /// an audit entry naming them; returns their names.
    pub fn restore_guards(&mut self, at: &str, operator: &str) -> Result<Vec<String>> {
        let missing = self.missing_guards()?;
        if missing.is_empty() {
            return Ok(missing);
        }
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        tx.0.execute_batch(
            "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
             BEGIN
                 SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
             END;
             CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
             BEGIN
                 SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
             END;",
        )?;
        super::audit::append_event(
            &tx.0,
            &chain,
            at,
            operator,
            "guards-restored",
            &guards_restored_detail(&missing),
        )?;
        tx.commit()?;
        Ok(missing)
    }

    /// Rows of a change (of every change, with `None`) whose before- or after-image no longer
    /// says what its audit entry says: changed after it was written. The count, and the first
    /// few as `change N: SKU @ WH`.
    pub fn forged_items(&self, change: Option<i64>) -> Result<(i64, Vec<String>)> {
        forged_items(&self.conn, change)
    }

    /// [`Store::forged_items`], its examples as messages not yet worded.
    pub(super) fn forged_examples(&self) -> Result<(i64, Vec<Text>)> {
        forged_examples(&self.conn, None)
    }

    /// Where the trail ends now.
    pub fn audit_end(&self) -> Result<Head> {
        let last: Option<(i64, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let last_change: Option<i64> =
            self.conn
                .query_row("SELECT max(id) FROM changes", [], |r| r.get(0))?;
        Ok(match last {
            Some((id, hash)) => Head {
                head: hex(&hash),
                entries: id,
                last_change,
            },
            None => Head {
                head: self.audit_head()?,
                entries: 0,
                last_change,
            },
        })
    }

    /// The id of the entry whose hash is `head` (hex), if any.
    pub fn audit_entry_with_hash(&self, head: &str) -> Result<Option<i64>> {
        let Some(bytes) = unhex(head) else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row("SELECT id FROM audit_log WHERE hash = ?1", [bytes], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The chain head after change `id` (its last entry's hash).
    pub fn head_after_change(&self, id: i64) -> Result<Option<String>> {
        let hash: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT hash FROM audit_log WHERE change_id = ?1 ORDER BY id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(hash.map(|h| hex(&h)))
    }
}

pub(super) fn forged_items(
    conn: &rusqlite::Connection,
    change: Option<i64>,
) -> Result<(i64, Vec<String>)> {
    let (count, examples) = forged_examples(conn, change)?;
    Ok((count, worded(examples)))
}

/// [`forged_items`], its examples as messages not yet worded.
pub(super) fn forged_examples(
    conn: &rusqlite::Connection,
    change: Option<i64>,
) -> Result<(i64, Vec<Text>)> {
    let sql = format!(
        "SELECT i.change_id, i.product_id, i.warehouse_code
         FROM change_items i
         CROSS JOIN audit_log a ON a.change_id = i.change_id AND a.product_id = i.product_id
                                AND a.warehouse_code = i.warehouse_code
         WHERE (?1 IS NULL OR i.change_id = ?1) AND a.detail <> {} AND a.detail <> {}",
        super::changes::ITEM_DETAIL,
        super::changes::ITEM_DETAIL_V1
    );
    // The rows come in key order (the items' primary key drives the join).
    super::count_and_examples(conn, &sql, &[&change], |r| {
        Ok(crate::text!(
            "store-example-forged",
            change = r.get::<_, i64>(0)?,
            sku = &r.get::<_, String>(1)?,
            warehouse = &r.get::<_, String>(2)?
        ))
    })
}

/// The audit entry of guards put back (the same text on every backend: it is hashed).
pub(crate) fn guards_restored_detail(missing: &[String]) -> String {
    // stored: the audit entry
    format!("append-only guards put back: {}", missing.join(", "))
}

pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if text.len() != 64 {
        return None;
    }
    (0..32)
        .map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}
