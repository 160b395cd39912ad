//! The SQLite backend of the store seam (see `store/mod.rs` for the contracts): opening
//! (pragmas, migrations, refusing foreign or newer files) and the SQL for every operation.

pub mod audit;
pub mod backup;
pub mod blackout;
pub mod changes;
pub mod check;
pub mod door;
pub mod drains;
pub mod drift;
pub mod effect;
pub mod evidence;
pub mod exits;
pub mod imports;
pub mod lease;
pub mod links;
pub mod maintenance;
pub mod metrics;
pub mod moves;
pub mod plans;
pub mod reconcile;
pub mod reverse;
pub mod rollback;
pub mod settings;
pub mod stages;
pub mod suggest;
pub mod tx;
pub mod unbind;
mod values;
pub mod warehouses;
pub(in crate::store) mod words;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

/// The schema, one embedded file per step; never edit a step that has shipped: add one.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_core.sql"),
    include_str!("../../../migrations/0002_activity.sql"),
    include_str!("../../../migrations/0003_changes.sql"),
    include_str!("../../../migrations/0004_controls.sql"),
    include_str!("../../../migrations/0005_metrics.sql"),
    include_str!("../../../migrations/0006_partial_indexes.sql"),
    include_str!("../../../migrations/0007_run_due_lease.sql"),
    include_str!("../../../migrations/0008_audit_by_change.sql"),
    include_str!("../../../migrations/0009_store_id.sql"),
    include_str!("../../../migrations/0010_plan_pair_priority.sql"),
    include_str!("../../../migrations/0011_warehouse_exits.sql"),
    include_str!("../../../migrations/0012_plan_stages.sql"),
];

/// The path an in-memory store reports.
const MEMORY: &str = ":memory:";

/// How long a writer waits for another invmap holding the store before it gives up.
pub const BUSY_TIMEOUT_MS: u64 = 10_000;

/// Overrides [`BUSY_TIMEOUT_MS`] (milliseconds): for tests of concurrent operators, and for a
/// cron job that would rather fail fast than wait.
pub const BUSY_TIMEOUT_ENV: &str = "INVMAP_BUSY_TIMEOUT_MS";

/// The busy timeout in force: `INVMAP_BUSY_TIMEOUT_MS` when it is a number, else the default.
pub fn busy_timeout_ms() -> u64 {
    std::env::var(BUSY_TIMEOUT_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(BUSY_TIMEOUT_MS)
}

/// Whether opening may create the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// The store must already exist (read-only commands, rollback, …).
    Existing,
    /// Create and migrate a new store when the file does not exist (init, import, bind, …).
    CreateIfMissing,
    /// The store must exist, and the command only reads it (export, check, metrics, …): on a
    /// store in a folder this user cannot write, it is read as an immutable file instead of
    /// being refused — nothing is written, not even the WAL's side files.
    ReadOnly,
}

/// An open invmap store.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    pub(crate) chain: Arc<Mutex<audit::ChainState>>,
    created: bool,
    /// Files opened on the store outside SQLite (the backup's copy), kept open until the
    /// connection has closed (fields drop in order): closing any descriptor of a file drops
    /// all of the process's POSIX locks on it, SQLite's included, and another client could
    /// then take itself for the last one and fold away the WAL under this connection.
    pub(crate) held_open: std::cell::RefCell<Vec<std::fs::File>>,
}

impl Store {
    /// Opens the store at `path`, applying pending migrations.
    ///
    /// A file that is not SQLite, a SQLite file that is not an invmap store, and a store newer
    /// than this binary are refused before anything is written to them.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let exists = path.exists();
        if exists {
            refuse_non_sqlite(path)?;
        } else if mode != OpenMode::CreateIfMissing {
            bail!(crate::tr!("store-missing", path = &path.display()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| crate::tr!("store-cannot-open", path = &path.display()))?;
        match Store::prepare(conn, path) {
            Err(e) if mode == OpenMode::ReadOnly && cannot_write(&e) && wal_is_folded(path) => {
                tracing::info!("{}", crate::tr!("store-reading-immutable"));
                Store::open_immutable(path)
            }
            other => other,
        }
    }

    /// Reads a store this user cannot write (its folder or file is read-only), as SQLite's
    /// immutable file: no locks, no `-wal` / `-shm`. Only when its WAL is folded in (no
    /// `-wal` beside it): then the file alone is the store.
    fn open_immutable(path: &Path) -> Result<Store> {
        let absolute = std::fs::canonicalize(path)?;
        let uri = format!("file:{}?immutable=1", uri_path(&absolute));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&uri, flags)
            .with_context(|| crate::tr!("store-cannot-read", path = &path.display()))?;
        refuse_foreign_or_newer(&conn, path)?;
        let version = schema_version(&conn)?;
        if version < Store::latest_version() {
            bail!(crate::tr!(
                "store-immutable-needs-upgrade",
                path = &path.display(),
                version = version,
                latest = Store::latest_version()
            ));
        }
        conn.execute_batch(
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA temp.cache_size=-32768;",
        )?;
        let chain = Arc::new(Mutex::new(audit::ChainState::default()));
        audit::register_chain_function(&conn, Arc::clone(&chain))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            chain,
            created: false,
            held_open: Default::default(),
        })
    }

    /// A new store in memory: the store-level tests' fixture (nothing touches the disk; the
    /// journal is in memory rather than WAL, which changes nothing the seam promises).
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, Path::new(MEMORY))
    }

    /// True for a store made by [`Store::open_in_memory`].
    pub(crate) fn in_memory(&self) -> bool {
        self.path == Path::new(MEMORY)
    }

    /// Pragmas, migrations and the audit chain function on a freshly opened connection.
    fn prepare(mut conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_millis(busy_timeout_ms()))?;
        // Ctrl-C / SIGTERM interrupt this connection's running statement (see crate::signals).
        let handle = conn.get_interrupt_handle();
        crate::signals::register(Box::new(move || handle.interrupt()));
        if tracing::enabled!(tracing::Level::DEBUG) {
            conn.profile(Some(log_statement));
        }
        refuse_foreign_or_newer(&conn, path)?;
        set_pragmas(&conn)
            .with_context(|| crate::tr!("store-cannot-prepare", path = &path.display()))?;
        let version_before = schema_version(&conn)?;
        migrations()
            .to_latest(&mut conn)
            .with_context(|| crate::tr!("store-cannot-upgrade", path = &path.display()))?;
        let chain = Arc::new(Mutex::new(audit::ChainState::default()));
        audit::register_chain_function(&conn, Arc::clone(&chain))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            chain,
            created: version_before == 0,
            held_open: Default::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when this open created the store (or brought an empty file to the schema).
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// The schema version this store is at (the number of migrations applied).
    pub fn version(&self) -> Result<i64> {
        schema_version(&self.conn)
    }

    /// The schema version this binary writes.
    pub fn latest_version() -> i64 {
        MIGRATIONS.len() as i64
    }
}

/// `-vv`: every statement with its time, to see where a slow command spends it.
fn log_statement(sql: &str, took: std::time::Duration) {
    let sql: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = sql.chars().take(160).collect();
    tracing::debug!("{:8.2} ms  {short}", took.as_secs_f64() * 1e3);
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// The page size of a store this invmap creates (`invmap optimize` converts an older one).
pub const PAGE_SIZE: i64 = 32768;

/// Per-connection settings (not part of migrations: they do not persist in the file).
fn set_pragmas(conn: &Connection) -> Result<()> {
    // 32 KiB pages for new stores (an existing store keeps its own; SQLite ignores this then,
    // and it must come before WAL, which fixes the size). A batch touches thousands of pages
    // of the link tables: bigger pages mean fewer to fetch, checksum and write, and shallower
    // b-trees — on bench.py's 1M links, 4 KiB → 32 KiB took a 100k-pair unbind from 1.02 to
    // 0.89 s and its rollback from 0.60 to 0.42 s. A single-pair change writes a few 32 KiB
    // pages instead of 4 KiB ones, which does not show (26 ms either way).
    conn.execute_batch(&format!("PRAGMA page_size={PAGE_SIZE};"))?;
    // journal_mode answers with a row, so it is read rather than executed.
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
        tracing::warn!("{}", crate::tr!("store-no-wal", mode = &mode));
    }
    // The CHECK constraints hold for every write, with one exception that costs: the bulk
    // paths whose values are the domain's validated types already (a million-row mappings
    // import, a rollback putting back the store's own before-images) switch them off for
    // their statements only — the code patterns' GLOB would triple an import's time.
    conn.execute_batch(
        "PRAGMA foreign_keys=ON;
         PRAGMA synchronous=FULL;
         PRAGMA cache_size=-65536;
         PRAGMA temp_store=FILE;
         PRAGMA temp.cache_size=-32768;",
    )?;
    Ok(())
}

/// Refuses a file that does not start with the SQLite header, before SQLite touches it.
/// An empty file is accepted: SQLite treats it as an empty database.
fn refuse_non_sqlite(path: &Path) -> Result<()> {
    if path.is_dir() {
        bail!(crate::tr!("store-is-directory", path = &path.display()));
    }
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path)
        .with_context(|| crate::tr!("store-cannot-read", path = &path.display()))?;
    let n = file.read(&mut head)?;
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        bail!(crate::tr!("store-not-sqlite", path = &path.display()));
    }
    Ok(())
}

/// The first statement on a store failed: say why in the operator's terms. A read-only file,
/// directory or file system shows up here, because WAL needs to write `-wal` / `-shm` files
/// beside the store even to read it.
fn first_read_failed(err: anyhow::Error, path: &Path) -> anyhow::Error {
    use rusqlite::ErrorCode;
    let code = err
        .downcast_ref::<rusqlite::Error>()
        .and_then(|e| e.sqlite_error_code());
    let what = match code {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            crate::tr!("store-read-only-place", path = &path.display())
        }
        _ => crate::tr!("store-not-readable", path = &path.display()),
    };
    err.context(what)
}

/// The open failed because this user cannot write the store, its folder or its file system.
fn cannot_write(err: &anyhow::Error) -> bool {
    use rusqlite::ErrorCode;
    err.chain().any(|cause| {
        cause
            .downcast_ref::<rusqlite::Error>()
            .and_then(|e| e.sqlite_error_code())
            .is_some_and(|c| {
                matches!(
                    c,
                    ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied
                )
            })
    })
}

/// No `-wal` file beside the store (or an empty one): the store file alone is the store.
fn wal_is_folded(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(true, |m| m.len() == 0)
}

/// A path as the path of a `file:` URI: the characters a URI gives meaning to, escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' | ' ' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Refuses a SQLite file that holds someone else's tables, or a store from a newer invmap.
fn refuse_foreign_or_newer(conn: &Connection, path: &Path) -> Result<()> {
    let version = schema_version(conn).map_err(|e| first_read_failed(e, path))?;
    let latest = MIGRATIONS.len() as i64;
    if version > latest {
        bail!(crate::tr!(
            "store-newer",
            path = &path.display(),
            version = version,
            latest = latest
        ));
    }
    if version == 0 {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            bail!(crate::tr!(
                "store-foreign",
                path = &path.display(),
                tables = tables
            ));
        }
    }
    Ok(())
}

/// How many examples a finding names.
pub(super) const EXAMPLES: i64 = 5;

/// The count and the first [`EXAMPLES`] rows of `sql`, a query of one row per offending
/// thing, each made an example by `example` (a message: worded for whoever reads it). The
/// examples come first: a clean store — the common case — costs one pass, not two.
pub(super) fn count_and_examples<T>(
    conn: &Connection,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
    example: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<(i64, Vec<T>)> {
    let mut stmt = conn.prepare(&format!("{sql} LIMIT {EXAMPLES}"))?;
    let examples: Vec<T> = stmt
        .query_map(params, example)?
        .collect::<rusqlite::Result<_>>()?;
    if examples.len() < EXAMPLES as usize {
        return Ok((examples.len() as i64, examples));
    }
    let count = conn.query_row(&format!("SELECT count(*) FROM ({sql})"), params, |r| {
        r.get(0)
    })?;
    Ok((count, examples))
}

/// Runs `aside` on a second, read-only connection to the same store file, in another thread,
/// while `here` runs on `conn`; returns both results. For work that reads only what cannot
/// change meanwhile (history under the caller's write lock, or a whole read-only report): the
/// machines invmap runs on have a second core. An in-memory store, or one opened read-only
/// (a folder the user cannot write), runs both on `conn`, one after the other.
pub(crate) fn side_by_side<A: Send, H>(
    conn: &Connection,
    aside: impl FnOnce(&Connection) -> Result<A> + Send,
    here: impl FnOnce() -> Result<H>,
) -> (Result<A>, Result<H>) {
    let writable = !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true);
    let Some(path) = conn.path().filter(|p| writable && !p.is_empty()) else {
        let h = here();
        return (aside(conn), h);
    };
    std::thread::scope(|s| {
        let beside = s.spawn(move || {
            let reader = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            reader.busy_timeout(std::time::Duration::from_millis(busy_timeout_ms()))?;
            aside(&reader)
        });
        let h = here();
        let a = beside
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!(crate::tr!("store-side-check-stopped"))));
        (a, h)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    fn page_size(path: &Path) -> i64 {
        let conn = Connection::open(path).unwrap();
        conn.query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap()
    }

    /// New stores get 32 KiB pages; a store made with smaller ones keeps them (SQLite fixes
    /// the size when the file is created) and opens as before.
    #[test]
    fn new_stores_use_32k_pages_and_old_ones_keep_theirs() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.db");
        drop(Store::open(&new, OpenMode::CreateIfMissing).unwrap());
        assert_eq!(page_size(&new), 32768);
        let old = dir.path().join("old.db");
        drop(Store::open(&old, OpenMode::CreateIfMissing).unwrap());
        Connection::open(&old)
            .unwrap()
            .execute_batch(
                "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM; PRAGMA journal_mode=WAL;",
            )
            .unwrap();
        assert_eq!(page_size(&old), 4096);
        let store = Store::open(&old, OpenMode::Existing).unwrap();
        assert_eq!(store.version().unwrap(), Store::latest_version());
        drop(store);
        assert_eq!(page_size(&old), 4096);
    }

    /// Every CHECK holds by default; only the bulk paths switch them off for their own
    /// statements (and back on).
    #[test]
    fn check_constraints_are_on_by_default() {
        let store = Store::open_in_memory().unwrap();
        let ignored: i64 = store
            .conn
            .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ignored, 0);
        assert!(
            store
                .conn
                .execute_batch("INSERT INTO warehouses(code, status) VALUES ('W1', 'shut')")
                .is_err(),
            "the status enum is checked"
        );
    }

    #[test]
    fn seed_insert_with_three_columns_works() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path, OpenMode::CreateIfMissing).unwrap());
        // Another tool, with its own plain connection, writing the seed's columns only.
        let other = Connection::open(&path).unwrap();
        other.execute_batch("PRAGMA foreign_keys=ON").unwrap();
        other
            .execute_batch(
                "INSERT INTO warehouses(code) VALUES ('SH01');
                 INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity)
                 VALUES ('SKU-1', 'SH01', 5);",
            )
            .unwrap();
        let refused = |sql: &str| other.execute(sql, []).is_err();
        assert!(
            refused(
                "INSERT INTO inventory_mapping(product_id, warehouse_code) VALUES ('bad\u{1}', 'SH01')"
            ),
            "control characters are refused by CHECK"
        );
        assert!(
            refused(
                "INSERT INTO inventory_mapping(product_id, warehouse_code) VALUES (' SKU-2', 'SH01')"
            ),
            "surrounding space is refused by CHECK"
        );
        assert!(
            refused(
                "INSERT INTO inventory_mapping(product_id, warehouse_code) VALUES ('123456789012345678901', 'SH01')"
            ),
            "21 characters are refused by CHECK"
        );
        assert!(
            refused(
                "INSERT INTO inventory_mapping(product_id, warehouse_code) VALUES ('SKU-2', 'NOPE')"
            ),
            "an unknown warehouse is refused by the foreign key"
        );
    }
}
