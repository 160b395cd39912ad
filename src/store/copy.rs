//! `invmap copy`: a whole store — links, data, changes and their items, plans, settings,
//! blackouts and the audit trail — from one backend to the other, in one transaction on the
//! target, with the audit chain recomputed on both sides: the same head, or the copy fails.
//!
//! Rows travel in PostgreSQL's COPY text format (tab-separated, `\N` for null), streamed one
//! table at a time, so a million links never sit in memory.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use rusqlite::types::{Value, ValueRef};

use super::postgres::{CHANGE_LOCK, Server};
use super::{OpenMode, Store};
use crate::error::Refused;

/// Every table of a store, in an order that loads (what a row refers to comes first; plans
/// and changes refer to each other, which the target defers to the commit).
pub const TABLES: &[&str] = &[
    "warehouses",
    "products",
    "settings",
    "inventory_mapping",
    "orders",
    "stock_counts",
    "complaints",
    "plans",
    "changes",
    "change_items",
    "audit_log",
    "plan_pairs",
    "plan_stages",
    "blackout_windows",
    "drains",
    "warehouse_exits",
];

/// Tables a store has that are not copied: the lease of a run-due in progress on the source.
const NOT_COPIED: &[&str] = &["run_due_lease"];

/// What a copy moved, and the audit head both sides agree on.
#[derive(Debug, serde::Serialize)]
pub struct Copied {
    pub links: u64,
    pub changes: u64,
    pub audit_entries: u64,
    pub rows: u64,
    pub audit_head: String,
}

/// The columns of `table` as the server's schema (made by invmap's own migration, so
/// trusted) names them, in order.
fn server_columns(c: &mut impl postgres::GenericClient, table: &str) -> Result<Vec<String>> {
    Ok(c.query(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        &[&table],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect())
}

/// The columns of `table` in a store file, as its own schema says.
fn file_columns(conn: &rusqlite::Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// The columns both stores have for `table`: the trusted schema's list, refused unless the
/// other store has exactly the same names (a file edited to carry other columns is not a
/// store this invmap wrote, and its names never reach SQL).
fn same_columns(trusted: Vec<String>, other: Vec<String>, table: &str) -> Result<Vec<String>> {
    let mut a = trusted.clone();
    let mut b = other;
    a.sort();
    b.sort();
    if a != b || trusted.is_empty() {
        bail!(Refused(crate::tr!(
            "store-copy-columns-differ",
            table = table
        )));
    }
    Ok(trusted)
}

/// Column names quoted as SQL identifiers, comma-separated.
fn quoted(cols: &[String]) -> String {
    cols.iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Refuses a store whose tables are not exactly [`TABLES`] (a table added to the schema
/// must be added to the copy too).
fn check_tables(store: &Store) -> Result<()> {
    let mut stmt = store.conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in &names {
        if !TABLES.contains(&name.as_str()) && !NOT_COPIED.contains(&name.as_str()) {
            bail!(crate::tr!("store-copy-unknown-table", table = name));
        }
    }
    Ok(())
}

/// One value in COPY's text format.
fn copy_text(out: &mut Vec<u8>, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => out.extend_from_slice(b"\\N"),
        ValueRef::Integer(i) => out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes()),
        ValueRef::Real(f) => out.extend_from_slice(f.to_string().as_bytes()),
        ValueRef::Text(t) => super::postgres::copy_escape(out, t),
        ValueRef::Blob(bytes) => super::postgres::copy_bytea(out, bytes),
    }
}

/// A field of COPY's text format back to a value (`bytea` columns come as `\x…` hex).
fn from_copy_text(field: &str, blob: bool) -> Value {
    let Some(text) = super::postgres::copy_unescape(field) else {
        return Value::Null;
    };
    if blob && let Some(hex) = text.strip_prefix("\\x") {
        let bytes = (0..hex.len() / 2)
            .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
            .collect();
        return Value::Blob(bytes);
    }
    Value::Text(text)
}

/// Refuses a target that already holds a store's content: a copy never merges histories.
fn refuse_unless_empty(counts: [i64; 4], target: &str) -> Result<()> {
    if counts.iter().any(|n| *n > 0) {
        bail!(Refused(crate::tr!(
            "store-copy-target-not-empty",
            target = target
        )));
    }
    Ok(())
}

/// Copies the SQLite store `from` into the (new or empty) server store `to`, reading the file
/// in one snapshot (a change committed to it meanwhile is in the copy whole, or not at all).
pub fn file_to_server(from: &Store, to: &mut Server) -> Result<Copied> {
    check_tables(from)?;
    let snapshot = from.conn.unchecked_transaction()?;
    let source = super::sqlite::audit::verify_chain(&snapshot)?;
    refuse_wide_stock(&snapshot)?;
    let shown = to.url().to_string();
    let mut tx = to.client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
    let counts: Vec<i64> = ["inventory_mapping", "changes", "audit_log", "warehouses"]
        .iter()
        .map(|t| {
            tx.query_one(&format!("SELECT count(*) FROM {t}"), &[])
                .map(|r| r.get(0))
        })
        .collect::<Result<_, _>>()?;
    refuse_unless_empty([counts[0], counts[1], counts[2], counts[3]], &shown)?;
    tx.batch_execute("SET CONSTRAINTS ALL DEFERRED; DELETE FROM settings;")?;
    let mut rows = 0u64;
    for table in TABLES {
        let cols = same_columns(
            server_columns(&mut tx, table)?,
            file_columns(&snapshot, table)?,
            table,
        )?;
        let list = quoted(&cols);
        let mut writer = tx
            .copy_in(&format!("COPY {table} ({list}) FROM STDIN"))
            .with_context(|| format!("COPY {table}"))?;
        // The trail in id order: the server takes each entry only as the next one.
        let order = if *table == "audit_log" {
            " ORDER BY id"
        } else {
            ""
        };
        let mut stmt = snapshot.prepare(&format!("SELECT {list} FROM {table}{order}"))?;
        let mut q = stmt.query([])?;
        let mut line = Vec::with_capacity(256);
        while let Some(r) = q.next()? {
            line.clear();
            for i in 0..cols.len() {
                if i > 0 {
                    line.push(b'\t');
                }
                copy_text(&mut line, r.get_ref(i)?);
            }
            line.push(b'\n');
            writer.write_all(&line)?;
            rows += 1;
            if rows.is_multiple_of(4096) {
                crate::signals::check()?;
            }
        }
        writer.finish()?;
    }
    // Ids keep counting from where the source was.
    for table in ["changes", "audit_log", "plans", "blackout_windows"] {
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                               coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            ),
            &[],
        )?;
    }
    // Checked before the commit: a copy whose chain differs is not kept.
    let target = super::postgres::audit_chain(&mut tx)?;
    agree(&source, &target)?;
    tx.commit()?;
    drop(snapshot);
    // The planner's statistics for the tables just filled: without them the first queries
    // plan for empty tables (a metrics run took 52 s instead of 5 on a million orders).
    to.client.batch_execute("ANALYZE")?;
    Ok(Copied {
        links: count_sqlite(from, "inventory_mapping")?,
        changes: count_sqlite(from, "changes")?,
        audit_entries: target.entries,
        rows,
        audit_head: target.head,
    })
}

/// Refuses a file whose stock does not fit the seed table's `stock_quantity INT` on a server
/// (32 bits there; SQLite's integers are 64), naming the first such link.
fn refuse_wide_stock(conn: &rusqlite::Connection) -> Result<()> {
    use rusqlite::OptionalExtension;
    let wide: Option<(String, String, i64)> = conn
        .query_row(
            "SELECT product_id, warehouse_code, stock_quantity FROM inventory_mapping
             WHERE stock_quantity NOT BETWEEN -2147483648 AND 2147483647 LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((sku, warehouse, qty)) = wide {
        bail!(Refused(crate::tr!(
            "store-copy-stock-too-wide",
            sku = &sku,
            warehouse = &warehouse,
            qty = qty
        )));
    }
    Ok(())
}

/// Copies the server store `from` into a new SQLite store at `to` (a path that does not
/// exist yet, or an empty file such as a backup's temp file).
pub fn server_to_file(from: &mut Server, to: &Path) -> Result<Copied> {
    if std::fs::metadata(to).is_ok_and(|m| m.len() > 0) {
        bail!(Refused(crate::tr!(
            "store-copy-file-exists",
            path = &to.display()
        )));
    }
    let mut target = Store::open(to, OpenMode::CreateIfMissing)?;
    check_tables(&target)?;
    let mut rows = 0u64;
    {
        // A snapshot of the server: every table as of one moment.
        let mut read = from
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        // The chain as of the snapshot the rows are read in (others may be writing).
        let source = super::postgres::audit_chain(&mut read)?;
        let tx = target.conn.transaction()?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON; DELETE FROM settings;")?;
        for table in TABLES {
            let cols = same_columns(
                file_columns(&tx, table)?,
                server_columns(&mut read, table)?,
                table,
            )?;
            let list = quoted(&cols);
            let blobs: Vec<bool> = cols
                .iter()
                .map(|c| *table == "audit_log" && c == "hash")
                .collect();
            let marks = vec!["?"; cols.len()].join(", ");
            let mut insert =
                tx.prepare(&format!("INSERT INTO {table} ({list}) VALUES ({marks})"))?;
            let reader = read.copy_out(&format!("COPY (SELECT {list} FROM {table}) TO STDOUT"))?;
            for line in std::io::BufReader::new(reader).lines() {
                let line = line?;
                let values: Vec<Value> = line
                    .split('\t')
                    .zip(&blobs)
                    .map(|(f, blob)| from_copy_text(f, *blob))
                    .collect();
                insert.execute(rusqlite::params_from_iter(values))?;
                rows += 1;
                if rows.is_multiple_of(4096) {
                    crate::signals::check()?;
                }
            }
        }
        let target_check = super::sqlite::audit::verify_chain(&tx)?;
        agree(&source, &target_check)?;
        tx.commit()?;
        read.commit()?;
    }
    let target_check = target.audit_verify()?;
    Ok(Copied {
        links: count_sqlite(&target, "inventory_mapping")?,
        changes: count_sqlite(&target, "changes")?,
        audit_entries: target_check.entries,
        rows,
        audit_head: target_check.head,
    })
}

fn count_sqlite(store: &Store, table: &str) -> Result<u64> {
    Ok(store
        .conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

/// Both sides recompute the chain: the copy holds only if they agree (and the source's own
/// chain was unbroken — a broken trail is not carried elsewhere as if it held).
fn agree(source: &super::audit::Verification, target: &super::audit::Verification) -> Result<()> {
    if source.first_broken.is_some() || source.gap_after.is_some() {
        bail!(Refused(crate::tr!("store-copy-source-broken")));
    }
    if source.head != target.head || source.entries != target.entries {
        bail!(crate::tr!(
            "store-copy-heads-differ",
            source = &source.head,
            target = &target.head
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_round_trips() {
        for (value, blob) in [
            (Value::Text("a\tb\\c\nd\re 中文".into()), false),
            (Value::Null, false),
            (Value::Blob(vec![0, 1, 0xab, 0xff]), true),
        ] {
            let mut out = Vec::new();
            copy_text(&mut out, ValueRef::from(&value));
            // The server unescapes a bytea's `\\x` to `\x` when it reads, and writes `\\x`.
            let field = String::from_utf8(out).unwrap();
            assert_eq!(from_copy_text(&field, blob), value, "{field}");
        }
    }
}
