//! Backups and restore of the links.
//!
//! A `.db` backup is a consistent snapshot taken while others keep working: the store file
//! copied by the kernel under a read transaction when the WAL is empty (the usual case), else
//! SQLite's online backup API. It is switched out of WAL so it is one self-contained file, with a manifest
//! table inside (`invmap_backup`: format, time, source, schema, link count). Beside it the
//! caller writes `FILE.sha256` (sha256sum format) so any later damage is detected.
//!
//! Restore makes the live links equal to the backup's as one change with before-images, so a
//! restore can itself be rolled back.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;

use super::tx::Tx;
use super::{MIGRATIONS, Store};
use crate::domain::code::{Sku, WarehouseCode};

/// The manifest's format marker.
pub const FORMAT: &str = "invmap-backup/1";

/// What a backup says about itself.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: String,
    pub source: String,
    pub schema_version: i64,
    pub links: i64,
}

impl Store {
    /// Copies the store into `dest` (a new, empty file) and writes the manifest into it.
    pub fn backup_to(&self, dest: &Path, created_at: &str) -> Result<Manifest> {
        let snapshot = if self.in_memory() {
            None
        } else {
            self.copy_file_snapshot(dest)?
        };
        let out = match snapshot {
            Some(out) => {
                tracing::info!("{}", crate::tr!("store-backup-file-copy"));
                out
            }
            None => {
                tracing::info!("{}", crate::tr!("store-backup-api-copy"));
                self.copy_with_backup_api(dest)?
            }
        };
        // One self-contained file: a copy left in WAL mode could not be opened read-only.
        let mode: String = out.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            anyhow::bail!(crate::tr!("store-backup-wal-stuck", mode = &mode));
        }
        write_manifest(out, &self.path, created_at)
    }

    /// The fast way: while a read transaction pins a snapshot that lives entirely in the
    /// database file (the WAL is empty), no checkpoint can write into that file, so a plain
    /// file copy (done in the kernel) is that snapshot. `None` when the WAL holds frames that
    /// other connections keep from being checkpointed: then the backup API copies instead.
    fn copy_file_snapshot(&self, dest: &Path) -> Result<Option<Connection>> {
        // The file SQLite has open (symbolic links resolved), whose WAL is `<file>-wal`.
        let db_file = self
            .conn
            .path()
            .map_or_else(|| self.path.clone(), PathBuf::from);
        let wal = wal_path(&db_file);
        let wal_is_empty = || match std::fs::metadata(&wal) {
            Ok(m) => m.len() == 0,
            Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        };
        if !wal_is_empty() {
            self.fold_wal_if_idle()?;
        }
        let tx = self.conn.unchecked_transaction()?;
        // The first read starts the snapshot; checked after it, an empty WAL means the snapshot
        // is the file alone, and it stays so until the transaction ends.
        let _: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if !wal_is_empty() {
            return Ok(None);
        }
        // Held open from here on, whatever happens: see [`Store::held_open`].
        let source = std::fs::File::open(&db_file)
            .with_context(|| crate::tr!("store-cannot-read", path = &db_file.display()))?;
        let mut held = self.held_open.borrow_mut();
        held.push(source);
        copy_file(held.last().expect("just pushed"), dest)?;
        drop(held);
        tx.commit()?;
        let out = Connection::open(dest)
            .with_context(|| crate::tr!("store-backup-cannot-open", path = &dest.display()))?;
        // A new file nobody else sees until it is renamed: no syncs of its own (the caller
        // fsyncs the finished file once).
        out.execute_batch("PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE;")?;
        Ok(Some(out))
    }

    /// Folds the WAL into the store file when nobody is using it. Without waiting: a reader or
    /// writer at work just means the backup API does the copy.
    fn fold_wal_if_idle(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::ZERO)?;
        let folded = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            });
        // Back to the wait every connection is opened with.
        self.conn
            .busy_timeout(std::time::Duration::from_millis(super::busy_timeout_ms()))?;
        folded?;
        Ok(())
    }

    /// The general way: SQLite's online backup API, which copies a consistent snapshot
    /// whatever the WAL holds.
    fn copy_with_backup_api(&self, dest: &Path) -> Result<Connection> {
        let mut out = Connection::open(dest)
            .with_context(|| crate::tr!("store-backup-cannot-create", path = &dest.display()))?;
        // A new file nobody else sees until it is renamed: no journal, no syncs of its own (the
        // caller fsyncs the finished file once).
        out.execute_batch(
            "PRAGMA synchronous=OFF; PRAGMA journal_mode=OFF; PRAGMA locking_mode=EXCLUSIVE;",
        )?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
            backup
                .run_to_completion(4096, std::time::Duration::ZERO, None)
                .map_err(|e| {
                    let full = e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull);
                    anyhow::Error::new(e).context(cannot_write_backup(full, dest))
                })?;
        }
        Ok(out)
    }
}

/// Copies the open file `from` into the existing file `to` (in the kernel where it can:
/// copy_file_range).
fn copy_file(mut from: &std::fs::File, to: &Path) -> Result<()> {
    let copied = std::fs::OpenOptions::new()
        .write(true)
        .open(to)
        .and_then(|mut target| std::io::copy(&mut from, &mut target));
    copied.map_err(|e| {
        let full = e.kind() == std::io::ErrorKind::StorageFull;
        anyhow::Error::new(e).context(cannot_write_backup(full, to))
    })?;
    Ok(())
}

/// The backup could not be written: its disk is full (`full`), or the copy failed.
fn cannot_write_backup(full: bool, dest: &Path) -> String {
    let why = if full {
        crate::tr!("store-backup-disk-full")
    } else {
        crate::tr!("store-backup-copy-failed")
    };
    crate::tr!(
        "store-backup-cannot-write",
        why = &why,
        path = &dest.display()
    )
}

fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// Seals a store file made by `copy` from a server as a backup: one self-contained file
/// (no WAL) with the manifest inside, as [`Store::backup_to`] writes it. `source` is the
/// server's URL with its password hidden.
pub fn seal_copy_as_backup(path: &Path, source: &str, created_at: &str) -> Result<Manifest> {
    let out = Connection::open(path)?;
    let mode: String = out.query_row("PRAGMA journal_mode=DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        anyhow::bail!(crate::tr!("store-backup-wal-stuck", mode = &mode));
    }
    write_manifest(out, Path::new(source), created_at)
}

/// Writes the manifest table into a finished copy, counting what it holds.
fn write_manifest(mut out: Connection, source: &Path, created_at: &str) -> Result<Manifest> {
    let manifest = Manifest {
        format: FORMAT.to_string(),
        created_at: created_at.to_string(),
        source: source.display().to_string(),
        schema_version: out.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        links: out.query_row("SELECT count(*) FROM inventory_mapping", [], |r| r.get(0))?,
    };
    let tx = out.transaction()?;
    tx.execute_batch(
        "DROP TABLE IF EXISTS invmap_backup;
         CREATE TABLE invmap_backup(key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    )?;
    let fields = [
        ("format", manifest.format.clone()),
        ("created_at", manifest.created_at.clone()),
        ("source", manifest.source.clone()),
        ("schema_version", manifest.schema_version.to_string()),
        ("links", manifest.links.to_string()),
    ];
    for (k, v) in fields {
        tx.execute(
            "INSERT INTO invmap_backup(key, value) VALUES (?1, ?2)",
            [k, &v],
        )?;
    }
    tx.commit()?;
    out.close().map_err(|(_, e)| e)?;
    Ok(manifest)
}

/// Checks a `.db` backup without changing it: readable SQLite, integrity, an invmap manifest,
/// a schema this invmap knows, and the link count the manifest promises.
pub fn verify_db_backup(path: &Path) -> Result<Manifest> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let damaged = |why: String| {
        anyhow::Error::new(crate::error::InputError::single(
            &path.display().to_string(),
            "",
            "",
            &crate::tr!("store-backup-unusable", why = &why),
        ))
    };
    let conn =
        Connection::open_with_flags(path, flags).map_err(|e| damaged(crate::i18n::words_of(&e)))?;
    let check: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(|e| {
            damaged(crate::tr!(
                "store-backup-not-sqlite",
                error = &crate::i18n::words_of(&e)
            ))
        })?;
    if check != "ok" {
        return Err(damaged(crate::tr!("store-backup-damaged", check = &check)));
    }
    let get = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row(
                "SELECT value FROM invmap_backup WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    };
    let format = get("format").map_err(|_| damaged(crate::tr!("store-backup-no-manifest")))?;
    if format.as_deref() != Some(FORMAT) {
        return Err(damaged(crate::tr!(
            "store-backup-unknown-format",
            format = format!("{format:?}")
        )));
    }
    let schema: i64 = get("schema_version")?
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1);
    if schema < 1 || schema > MIGRATIONS.len() as i64 {
        return Err(damaged(crate::tr!(
            "store-backup-other-version",
            schema = schema,
            latest = MIGRATIONS.len()
        )));
    }
    let promised: i64 = get("links")?.and_then(|v| v.parse().ok()).unwrap_or(-1);
    let actual: i64 = conn
        .query_row("SELECT count(*) FROM inventory_mapping", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if promised != actual {
        return Err(damaged(crate::tr!(
            "store-backup-count-differs",
            promised = promised,
            actual = actual
        )));
    }
    // (Schema 3 brought changes and the audit trail: an older backup has no history.)
    if schema >= 3 {
        prove_history(path, &conn)?;
    }
    Ok(Manifest {
        format: FORMAT.to_string(),
        created_at: get("created_at")?.unwrap_or_default(),
        source: get("source")?.unwrap_or_default(),
        schema_version: schema,
        links: actual,
    })
}

/// A backup is a store: its own audit chain must hold, its changes' rows must say what their
/// entries say, and its links must be what its history recorded (links no change recorded
/// aside). A checksum proves the file unchanged since `backup`; this proves what it holds
/// was not edited before — or, without a checksum, since. Refused (exit 3), naming what.
fn prove_history(path: &Path, conn: &Connection) -> Result<()> {
    let refused = |what: String| -> anyhow::Error {
        crate::error::Refused(crate::tr!(
            "store-backup-not-evidence",
            path = &path.display(),
            what = &what
        ))
        .into()
    };
    let chain = super::audit::verify_chain(conn)?;
    if let Some(id) = chain.first_broken {
        return Err(refused(crate::tr!("store-backup-chain-broken", id = id)));
    }
    if let Some(after) = chain.gap_after {
        return Err(refused(crate::tr!(
            "store-backup-entries-missing",
            after = after
        )));
    }
    let (forged, rows) = super::evidence::forged_items(conn, None)?;
    if forged > 0 {
        return Err(refused(crate::tr!(
            "store-backup-forged",
            count = forged,
            rows = &super::words::list(&rows)
        )));
    }
    let (drifted, links) = super::drift::drifted_recorded(conn)?;
    if drifted > 0 {
        return Err(refused(crate::tr!(
            "store-backup-drifted",
            count = drifted,
            links = &super::words::list(&links)
        )));
    }
    Ok(())
}

impl Store {
    /// Attaches a verified `.db` backup read-only as `bk` (outside any transaction).
    pub fn attach_backup(&self, path: &Path) -> Result<()> {
        let uri = format!(
            "file:{}?mode=ro",
            path.display()
                .to_string()
                .replace('?', "%3f")
                .replace('#', "%23")
        );
        self.conn.execute("ATTACH DATABASE ?1 AS bk", [uri])?;
        Ok(())
    }

    /// Whether the attached backup was made from this store: both carry the same store id
    /// (migration 0009). `None` when the backup is older than that.
    pub fn backup_from_this_store(&self) -> Result<Option<bool>> {
        let id = |schema: &str| -> Result<Option<String>> {
            Ok(self
                .conn
                .query_row(
                    &format!("SELECT value FROM {schema}.settings WHERE key = 'store_id'"),
                    [],
                    |r| r.get(0),
                )
                .optional()?)
        };
        Ok(match (id("main")?, id("bk")?) {
            (Some(a), Some(b)) => Some(a == b),
            _ => None,
        })
    }

    pub fn detach_backup(&self) -> Result<()> {
        self.conn.execute_batch("DETACH DATABASE bk")?;
        Ok(())
    }
}

/// Stages the links to restore in `temp.restore_links`, from the attached backup.
pub fn stage_from_backup(tx: &dyn Tx) -> Result<()> {
    stage_table(tx)?;
    let conn = tx.conn();
    conn.execute_batch(
        "INSERT INTO temp.restore_links
         SELECT product_id, warehouse_code, stock_quantity, priority, state, drain_started_at
         FROM bk.inventory_mapping;
         INSERT INTO temp.restore_warehouses SELECT code, name, region, status, storage_cost_micros
         FROM bk.warehouses;",
    )?;
    Ok(())
}

/// The temporary tables a restore works from.
pub fn stage_table(tx: &dyn Tx) -> Result<()> {
    tx.conn().execute_batch(
        "DROP TABLE IF EXISTS temp.restore_links;
         DROP TABLE IF EXISTS temp.restore_warehouses;
         CREATE TEMP TABLE restore_links(product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL,
             stock_quantity INTEGER, priority INTEGER NOT NULL DEFAULT 100,
             state TEXT NOT NULL DEFAULT 'active', drain_started_at TEXT,
             PRIMARY KEY (product_id, warehouse_code)) WITHOUT ROWID;
         CREATE TEMP TABLE restore_warehouses(code TEXT PRIMARY KEY, name TEXT, region TEXT,
             status TEXT, storage_cost_micros INTEGER);",
    )?;
    Ok(())
}

/// Adds one link to the staged restore (from a `.csv` backup).
pub fn stage_link(
    tx: &dyn Tx,
    sku: &Sku,
    wh: &WarehouseCode,
    qty: Option<i64>,
    priority: Option<i64>,
) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO temp.restore_links(product_id, warehouse_code, stock_quantity, priority)
         VALUES (?1, ?2, ?3, ifnull(?4, 100))",
        )?
        .execute(params![sku, wh, qty, priority])?;
    Ok(())
}

/// Stages a restore from links pulled one at a time and the backup's warehouses (a backup
/// read by the caller, as a server's restore reads one).
pub(crate) fn stage_links_and_warehouses(
    tx: &dyn Tx,
    feed: &mut crate::store::door::Feed<'_>,
    warehouses: &[crate::store::door::RestoreWarehouse],
) -> Result<()> {
    stage_table(tx)?;
    let conn = tx.conn();
    let mut insert = conn.prepare(
        "INSERT INTO temp.restore_links(product_id, warehouse_code, stock_quantity, priority,
             state, drain_started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    feed(&mut |l| {
        insert.execute(params![
            l.sku,
            l.warehouse,
            l.qty,
            l.priority,
            l.state,
            l.drain_started_at
        ])?;
        Ok(())
    })?;
    let mut wh = conn.prepare("INSERT INTO temp.restore_warehouses VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for w in warehouses {
        wh.execute(params![
            w.code,
            w.name,
            w.region,
            w.status,
            w.storage_cost_micros
        ])?;
    }
    Ok(())
}

/// The links of a `.db` backup (verified first by [`verify_db_backup`]), handed to `sink` in
/// key order — for a store that cannot attach the file (a server).
pub fn feed_from_db(
    path: &Path,
    sink: &mut dyn FnMut(crate::store::door::RestoreLink) -> Result<()>,
) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = conn.prepare(
        "SELECT product_id, warehouse_code, stock_quantity, priority, state, drain_started_at
         FROM inventory_mapping ORDER BY product_id, warehouse_code",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        sink(crate::store::door::RestoreLink {
            sku: r.get(0)?,
            warehouse: r.get(1)?,
            qty: r.get(2)?,
            priority: r.get(3)?,
            state: r.get(4)?,
            drain_started_at: r.get(5)?,
        })?;
    }
    Ok(())
}

/// The warehouses of a `.db` backup.
pub fn warehouses_of_db(path: &Path) -> Result<Vec<crate::store::door::RestoreWarehouse>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt =
        conn.prepare("SELECT code, name, region, status, storage_cost_micros FROM warehouses")?;
    let rows = stmt.query_map([], |r| {
        Ok(crate::store::door::RestoreWarehouse {
            code: r.get(0)?,
            name: r.get(1)?,
            region: r.get(2)?,
            status: r.get(3)?,
            storage_cost_micros: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
