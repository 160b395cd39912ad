//! The audit trail: append-only (triggers in the schema) and hash-chained.
//!
//! Each entry's hash is SHA-256(previous hash ‖ canonical content); the first entry chains
//! from 32 zero bytes. Hashes are computed inside SQLite by the `audit_chain` function so that
//! a batch writes its audit entries with one set-based `INSERT … SELECT`, and the function
//! refuses to hash entries out of id order (which would break the chain).

use std::sync::{Arc, Mutex};

use anyhow::Result;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Store;

/// The hash of the entry before the first one.
pub const GENESIS: [u8; 32] = [0; 32];

/// Where the chain stands while a change appends to it.
#[derive(Debug, Default)]
pub struct ChainState {
    pub last_id: i64,
    pub head: [u8; 32],
}

/// The fields an entry's hash covers, in their canonical order.
pub struct EntryContent<'a> {
    pub id: i64,
    pub change_id: Option<i64>,
    pub at: &'a str,
    pub operator: &'a str,
    pub action: &'a str,
    pub product_id: Option<&'a str>,
    pub warehouse_code: Option<&'a str>,
    pub detail: &'a str,
}

/// SHA-256 over the previous hash and a length-prefixed encoding of every field, so that no
/// two different entries encode alike (a field cannot leak into the next).
pub fn entry_hash(prev: &[u8; 32], e: &EntryContent<'_>) -> [u8; 32] {
    // The whole message is laid out in one buffer and hashed in one call: a batch hashes a
    // million entries, and many small updates cost more than the hashing itself.
    let mut msg = Vec::with_capacity(256);
    msg.extend_from_slice(prev);
    let mut id_buf = itoa::Buffer::new();
    let id = id_buf.format(e.id);
    let mut change_buf = itoa::Buffer::new();
    let change = e.change_id.map(|c| change_buf.format(c));
    let fields: [Option<&str>; 8] = [
        Some(id),
        change,
        Some(e.at),
        Some(e.operator),
        Some(e.action),
        e.product_id,
        e.warehouse_code,
        Some(e.detail),
    ];
    for f in fields {
        match f {
            Some(s) => {
                msg.extend_from_slice(&(s.len() as u64).to_le_bytes());
                msg.extend_from_slice(s.as_bytes());
            }
            None => msg.extend_from_slice(&u64::MAX.to_le_bytes()),
        }
    }
    Sha256::digest(&msg).into()
}

/// Registers `audit_chain(change_id, at, operator, action, product_id, warehouse_code, detail)`,
/// which hashes the next entry (id = last id + 1), returns the hash and advances the chain held
/// in `state`. Callers insert rows in the order the function is called (no ORDER BY that needs
/// a sort) and check afterwards with [`check_head`] that the rows landed in that order.
pub(crate) fn register_chain_function(
    conn: &Connection,
    state: Arc<Mutex<ChainState>>,
) -> Result<()> {
    conn.create_scalar_function("audit_chain", 7, FunctionFlags::SQLITE_UTF8, move |ctx| {
        // Borrowed, not copied: this runs once per audit entry of a million-pair batch.
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            match ctx.get_raw(i) {
                ValueRef::Null => Ok(None),
                v => v
                    .as_str()
                    .map(Some)
                    .map_err(|e| rusqlite::Error::UserFunctionError(e.into())),
            }
        };
        let change_id: Option<i64> = ctx.get(0)?;
        let mut st = state.lock().expect("audit chain state poisoned");
        let id = st.last_id + 1;
        let hash = entry_hash(
            &st.head,
            &EntryContent {
                id,
                change_id,
                at: text(1)?.unwrap_or_default(),
                operator: text(2)?.unwrap_or_default(),
                action: text(3)?.unwrap_or_default(),
                product_id: text(4)?,
                warehouse_code: text(5)?,
                detail: text(6)?.unwrap_or_default(),
            },
        );
        st.last_id = id;
        st.head = hash;
        Ok(hash.to_vec())
    })?;
    Ok(())
}

/// Loads the chain's current end into the function's state; call inside the write transaction.
pub(crate) fn load_head(conn: &Connection, state: &Mutex<ChainState>) -> Result<()> {
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let mut st = state.lock().expect("audit chain state poisoned");
    match last {
        Some((id, hash)) => {
            st.last_id = id;
            st.head = hash.try_into().unwrap_or(GENESIS);
        }
        None => {
            st.last_id = 0;
            st.head = GENESIS;
        }
    }
    Ok(())
}

/// Checks that the rows just inserted carry the hashes in the order they were computed: the
/// newest row must be the last one hashed. Anything else would leave a broken chain, so the
/// caller's transaction is aborted instead.
pub(crate) fn check_head(conn: &Connection, state: &Mutex<ChainState>) -> Result<()> {
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let st = state.lock().expect("audit chain state poisoned");
    let ok = match last {
        Some((id, hash)) => id == st.last_id && hash.as_slice() == st.head.as_slice(),
        None => st.last_id == 0,
    };
    anyhow::ensure!(ok, crate::tr!("store-audit-out-of-order"));
    Ok(())
}

/// Appends one entry that belongs to no change (a setting, a plan approval, a blackout
/// window), inside the caller's write transaction.
pub(crate) fn append_event(
    conn: &Connection,
    chain: &Mutex<ChainState>,
    at: &str,
    operator: &str,
    action: &str,
    detail: &str,
) -> Result<()> {
    load_head(conn, chain)?;
    conn.execute(
        "INSERT INTO audit_log(change_id, at, operator, action, detail, hash)
         VALUES (NULL, ?1, ?2, ?3, ?4, audit_chain(NULL, ?1, ?2, ?3, NULL, NULL, ?4))",
        params![at, operator, action, detail],
    )?;
    check_head(conn, chain)
}

/// One entry as `audit` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub change_id: Option<i64>,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub product_id: Option<String>,
    pub warehouse_code: Option<String>,
    pub detail: String,
    pub hash: String,
}

/// The result of recomputing the chain.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub entries: u64,
    pub head: String,
    /// The first entry whose stored hash differs from the recomputed one.
    pub first_broken: Option<i64>,
    /// Entries missing from the sequence of ids (deleted behind invmap's back).
    pub gap_after: Option<i64>,
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store {
    /// The newest entry's hash (hex), or the genesis hash when the trail is empty.
    pub fn audit_head(&self) -> Result<String> {
        let h: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(hex(&h.unwrap_or_else(|| GENESIS.to_vec())))
    }

    /// Entries, oldest first, optionally for one SKU and/or since a time (inclusive).
    pub fn audit_entries(
        &self,
        sku: Option<&str>,
        since: Option<&str>,
        mut each: impl FnMut(AuditEntry) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT id, change_id, at, operator, action, product_id, warehouse_code, detail, hash
             FROM audit_log
             WHERE (?1 IS NULL OR product_id = ?1) AND (?2 IS NULL OR at >= ?2)
             ORDER BY id",
        )?;
        let mut rows = stmt.query(params![sku, since])?;
        while let Some(r) = rows.next()? {
            let hash: Vec<u8> = r.get(8)?;
            each(AuditEntry {
                id: r.get(0)?,
                change_id: r.get(1)?,
                at: r.get(2)?,
                operator: r.get(3)?,
                action: r.get(4)?,
                product_id: r.get(5)?,
                warehouse_code: r.get(6)?,
                detail: r.get(7)?,
                hash: hex(&hash),
            })?;
        }
        Ok(())
    }

    /// Recomputes the whole chain, streaming, and names the first entry that does not match.
    pub fn audit_verify(&self) -> Result<Verification> {
        verify_chain(&self.conn)
    }
}

/// [`Store::audit_verify`] on any connection to a store (a backup file too).
pub(crate) fn verify_chain(conn: &Connection) -> Result<Verification> {
    let mut stmt = conn.prepare(
        "SELECT id, change_id, at, operator, action, product_id, warehouse_code, detail, hash
             FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut check = ChainCheck::new();
    while let Some(r) = rows.next()? {
        let (at, operator, action): (String, String, String) = (r.get(2)?, r.get(3)?, r.get(4)?);
        let (product, warehouse): (Option<String>, Option<String>) = (r.get(5)?, r.get(6)?);
        let detail: String = r.get(7)?;
        let stored: Vec<u8> = r.get(8)?;
        check.entry(
            &EntryContent {
                id: r.get(0)?,
                change_id: r.get(1)?,
                at: &at,
                operator: &operator,
                action: &action,
                product_id: product.as_deref(),
                warehouse_code: warehouse.as_deref(),
                detail: &detail,
            },
            &stored,
        );
    }
    Ok(check.finish())
}

/// The audit chain recomputed entry by entry, in id order, whatever backend the entries come
/// from (the same bytes hashed everywhere: a store copied across keeps its head).
pub struct ChainCheck {
    prev: [u8; 32],
    expected_id: i64,
    out: Verification,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck::new()
    }
}

impl ChainCheck {
    pub fn new() -> ChainCheck {
        ChainCheck {
            prev: GENESIS,
            expected_id: 1,
            out: Verification {
                entries: 0,
                head: hex(&GENESIS),
                first_broken: None,
                gap_after: None,
            },
        }
    }

    /// The next entry, with the hash stored beside it.
    pub fn entry(&mut self, e: &EntryContent<'_>, stored: &[u8]) {
        if e.id != self.expected_id && self.out.gap_after.is_none() {
            self.out.gap_after = Some(self.expected_id - 1);
        }
        let computed = entry_hash(&self.prev, e);
        if computed.as_slice() != stored && self.out.first_broken.is_none() {
            self.out.first_broken = Some(e.id);
        }
        // Chain from the stored hash so one tampered entry is reported once, not forever.
        self.prev = stored.try_into().unwrap_or(computed);
        self.expected_id = e.id + 1;
        self.out.entries += 1;
    }

    pub fn finish(mut self) -> Verification {
        self.out.head = hex(&self.prev);
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(id: i64, detail: &str) -> EntryContent<'_> {
        EntryContent {
            id,
            change_id: Some(1),
            at: "2026-11-27T00:00:00Z",
            operator: "ana",
            action: "unbind",
            product_id: Some("SKU-1"),
            warehouse_code: Some("SH01"),
            detail,
        }
    }

    /// Stores already hold chains: the canonical encoding must never change. The expected
    /// value was computed outside Rust (Python's hashlib over the documented layout).
    #[test]
    fn the_encoding_is_stable() {
        let e = EntryContent {
            id: 1,
            change_id: Some(7),
            at: "2026-11-27T03:07:46Z",
            operator: "bench",
            action: "unbind",
            product_id: Some("SKU-00000001"),
            warehouse_code: None,
            detail: "qty 0 -> absent",
        };
        assert_eq!(
            hex(&entry_hash(&GENESIS, &e)),
            "b9e74bc74770ca52868524edeef4a3648389032cea671bf5fab7063760a7fc8b"
        );
    }

    #[test]
    fn hash_depends_on_previous_and_every_field() {
        let a = entry_hash(&GENESIS, &content(1, "x"));
        assert_ne!(a, entry_hash(&GENESIS, &content(1, "y")));
        assert_ne!(a, entry_hash(&GENESIS, &content(2, "x")));
        assert_ne!(a, entry_hash(&[1; 32], &content(1, "x")));
        assert_eq!(a, entry_hash(&GENESIS, &content(1, "x")));
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let mut c1 = content(1, "");
        c1.product_id = Some("AB");
        c1.warehouse_code = Some("C");
        let mut c2 = content(1, "");
        c2.product_id = Some("A");
        c2.warehouse_code = Some("BC");
        assert_ne!(entry_hash(&GENESIS, &c1), entry_hash(&GENESIS, &c2));
        let mut c3 = content(1, "");
        c3.product_id = None;
        let mut c4 = content(1, "");
        c4.product_id = Some("");
        assert_ne!(entry_hash(&GENESIS, &c3), entry_hash(&GENESIS, &c4));
    }
}
