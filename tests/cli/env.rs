//! The test environment every module shares: a temp dir with a store, the real `invmap` binary
//! run with a cleared environment and a fixed clock, and an independent view of the store.
//!
//! The store is read with our own rusqlite connection, never through invmap's modules, so a
//! bug in invmap's SQL cannot hide itself from the tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use tempfile::TempDir;

/// The clock every invocation sees (`INVMAP_NOW`).
pub const NOW: &str = "2026-11-27T09:00:00Z";
/// The operator every invocation records (`INVMAP_OPERATOR`).
pub const OPERATOR: &str = "tester";

/// The hostile-CSV corpus and its store, with its expectations (`README.txt`), kept in the
/// repository so a fresh clone tests itself.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile-csv");
/// The templates shipped in `examples/`.
pub const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");

pub fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

pub fn example(name: &str) -> PathBuf {
    Path::new(EXAMPLES).join(name)
}

/// What an invocation produced.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Asserts the exit code, showing the whole output when it is not the expected one.
    #[track_caller]
    pub fn code(self, expected: i32) -> Out {
        assert_eq!(
            self.code, expected,
            "exit code {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stderr contains every needle.
    #[track_caller]
    pub fn err_has(self, needles: &[&str]) -> Out {
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}\n--- stderr\n{}",
                self.stderr
            );
        }
        self
    }

    /// Asserts that stdout contains every needle.
    #[track_caller]
    pub fn out_has(self, needles: &[&str]) -> Out {
        for n in needles {
            assert!(
                self.stdout.contains(n),
                "stdout lacks {n:?}\n--- stdout\n{}",
                self.stdout
            );
        }
        self
    }

    /// Parses stdout as JSON, showing it when it is not.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }

    pub fn of(output: std::process::Output) -> Out {
        Out {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Everything "nothing changed" is judged by: the links, the bookkeeping row counts, and
/// what `invmap export mappings` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub links: Vec<(String, String, i64)>,
    pub changes: i64,
    pub change_items: i64,
    pub audit_log: i64,
    pub export: String,
}

/// A temp dir holding one store (`store.db`) and whatever files a test writes.
pub struct TestEnv {
    dir: TempDir,
    pub db: PathBuf,
}

impl TestEnv {
    /// An empty dir; the store does not exist yet.
    /// A temp folder with a new, empty store (`invmap init`): only `init` and `demo` create
    /// a store, every other command refuses a missing one.
    pub fn new() -> TestEnv {
        let env = TestEnv::without_store();
        env.ok(&["init"]);
        env
    }

    /// A temp folder whose store does not exist yet.
    pub fn without_store() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("store.db");
        TestEnv { dir, db }
    }

    /// The store the hostile-CSV README assumes: 3 warehouses, 11 SKUs on two each.
    pub fn fixture_store() -> TestEnv {
        let env = TestEnv::new();
        env.import("warehouses", &fixture("store/warehouses.csv"));
        env.import("mappings", &fixture("store/mappings.csv"));
        env
    }

    /// The README's walkthrough store: every template of `examples/` imported.
    /// Links: SKU-1001 @ SH01 120 (p1), BJ01 40 (p2); SKU-1002 @ SH01 0 (p1), GZ01 75 (p2);
    /// SKU-1003 @ GZ01 300 (p1, one open order SO-0003). Regions: SH01 East, BJ01 North,
    /// GZ01 South. Changes: 1 (the mappings import).
    pub fn example_store() -> TestEnv {
        let env = TestEnv::new();
        for kind in [
            "warehouses",
            "products",
            "mappings",
            "orders",
            "counts",
            "complaints",
        ] {
            env.import(kind, &example(&format!("{kind}.csv")));
        }
        env
    }

    /// A view of a store file elsewhere (a copy a test made), with a temp dir of its own.
    pub fn at(db: &Path) -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        TestEnv {
            dir,
            db: db.to_path_buf(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `invmap --db STORE` as a plain `std::process::Command` (to spawn, pipe, signal or kill
    /// it), with a cleared environment, the fixed clock and operator, run in the temp dir.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("invmap"));
        cmd.env_clear()
            .env("INVMAP_NOW", NOW)
            .env("INVMAP_OPERATOR", OPERATOR)
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(&self.db);
        cmd
    }

    /// The same as [`TestEnv::std_cmd`], as an `assert_cmd` command.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// Runs `invmap --db STORE ARGS…` and collects what it printed.
    pub fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Out {
        Out::of(self.cmd().args(args).output().expect("run invmap"))
    }

    /// Runs `invmap --db STORE ARGS…` as an operator whose locale is Chinese
    /// (`LANG=zh_CN.UTF-8`), and collects what it printed.
    pub fn run_zh<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Out {
        Out::of(
            self.cmd()
                .env("LANG", "zh_CN.UTF-8")
                .args(args)
                .output()
                .expect("run invmap"),
        )
    }

    /// Runs `invmap --db STORE ARGS…` with the clock at `now` (RFC 3339) instead of [`NOW`]:
    /// time is replayed, never slept through.
    pub fn run_at<S: AsRef<std::ffi::OsStr>>(&self, now: &str, args: &[S]) -> Out {
        Out::of(
            self.cmd()
                .env("INVMAP_NOW", now)
                .args(args)
                .output()
                .expect("run invmap"),
        )
    }

    /// Runs and asserts exit 0.
    #[track_caller]
    pub fn ok<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Out {
        self.run(args).code(0)
    }

    #[track_caller]
    pub fn import(&self, kind: &str, file: &Path) -> Out {
        self.ok(&["import".as_ref(), kind.as_ref(), file.as_os_str()])
    }

    /// Writes a file into the temp dir and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// An independent connection to the store.
    pub fn conn(&self) -> Connection {
        Connection::open(&self.db).expect("open the store with rusqlite")
    }

    /// Every link as (sku, warehouse, qty), sorted.
    pub fn links(&self) -> Vec<(String, String, i64)> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(
                "SELECT product_id, warehouse_code, coalesce(stock_quantity, 0)
                 FROM inventory_mapping ORDER BY product_id, warehouse_code",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// One link's (qty, state), if it exists.
    pub fn link(&self, sku: &str, wh: &str) -> Option<(i64, String)> {
        self.conn()
            .query_row(
                "SELECT coalesce(stock_quantity, 0), state FROM inventory_mapping
                 WHERE product_id = ?1 AND warehouse_code = ?2",
                [sku, wh],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Every row of `table` rendered as text, in rowid order (for "never modified").
    pub fn dump(&self, table: &str) -> Vec<String> {
        let conn = self.conn();
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        stmt.query_map([], |r| {
            let cells: Vec<String> = (0..n)
                .map(|i| match r.get_ref(i).unwrap() {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Real(x) => x.to_string(),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    ValueRef::Blob(b) => format!("{b:02x?}"),
                })
                .collect();
            Ok(cells.join("|"))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    pub fn export_mappings(&self) -> String {
        self.ok(&["export", "mappings"]).stdout
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            links: self.links(),
            changes: self.count("changes"),
            change_items: self.count("change_items"),
            audit_log: self.count("audit_log"),
            export: self.export_mappings(),
        }
    }

    /// The newest change id (0 when there is none).
    pub fn last_change(&self) -> i64 {
        self.conn()
            .query_row("SELECT coalesce(max(id), 0) FROM changes", [], |r| r.get(0))
            .unwrap()
    }

    /// One column of one `changes` row.
    pub fn change_col<T: rusqlite::types::FromSql>(&self, id: i64, col: &str) -> T {
        self.conn()
            .query_row(
                &format!("SELECT {col} FROM changes WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// One column of one `plans` row.
    pub fn plan_col<T: rusqlite::types::FromSql>(&self, id: i64, col: &str) -> T {
        self.conn()
            .query_row(
                &format!("SELECT {col} FROM plans WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// The links and the number of changes: "nothing changed" for commands that may still
    /// write to the audit trail or a plan's bookkeeping (a refused scheduled plan is noted
    /// there).
    pub fn links_and_changes(&self) -> (Vec<(String, String, i64)>, i64) {
        (self.links(), self.count("changes"))
    }

    /// Runs `invmap --format json ARGS…`, asserts exit 0 and parses stdout.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        self.ok(&[&["--format", "json"], args].concat()).json()
    }

    /// Every audit entry, oldest first, as `audit --format json` prints them.
    #[track_caller]
    pub fn audit_entries(&self) -> Vec<serde_json::Value> {
        self.json(&["audit"]).as_array().unwrap().clone()
    }

    /// Every change, newest first, as `changes --format json` prints them.
    #[track_caller]
    pub fn changes_list(&self) -> Vec<serde_json::Value> {
        self.json(&["changes"]).as_array().unwrap().clone()
    }

    pub fn set_setting(&self, key: &str, value: &str) {
        self.conn()
            .execute(
                "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)",
                [key, value],
            )
            .unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Store set-ups and arguments several modules share

/// `NOW` plus `hours`, as the store writes times.
pub fn later(hours: i64) -> String {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    (now + chrono::Duration::hours(hours))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Imports one order with this status (the same id again updates it).
pub fn order(env: &TestEnv, id: &str, sku: &str, wh: &str, status: &str) {
    let shipped = if status == "open" {
        ""
    } else {
        "2026-11-27 10:00"
    };
    let file = env.write(
        &format!("order-{id}-{status}.csv"),
        format!(
            "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at\n\
             {id},{sku},{wh},2,{status},2026-11-25 10:00,{shipped}\n"
        ),
    );
    env.import("orders", &file);
}

/// Unbinds one pair with `--write-off --reason r` (passes every check whatever the stock).
pub fn write_off(env: &TestEnv, sku: &str, wh: &str) {
    env.ok(&[
        "unbind",
        "--sku",
        sku,
        "--warehouse",
        wh,
        "--write-off",
        "--reason",
        "r",
    ]);
}

/// The example store's empty link that any unbind may remove.
pub const UNBIND_1002_SH01: &[&str] = &["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"];

/// `base` followed by `more`.
pub fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    let mut v = base.to_vec();
    v.extend_from_slice(more);
    v
}

/// Runs `invmap --db STORE ARGS | head -1` in bash; returns (what `head` printed, invmap's
/// stderr followed by `status=N` with invmap's exit status).
pub fn piped_to_head(env: &TestEnv, args: &str) -> (String, String) {
    let script = format!(
        r#"set -u
"$INVMAP" --db "$DB" {args} 2>"$ERR" | head -1
echo "status=${{PIPESTATUS[0]}}" >>"$ERR""#
    );
    let err = env.path("stderr.txt");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("INVMAP", assert_cmd::cargo::cargo_bin("invmap"))
        .env("DB", &env.db)
        .env("ERR", &err)
        .env("INVMAP_NOW", NOW)
        .env("INVMAP_OPERATOR", OPERATOR)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        std::fs::read_to_string(err).unwrap(),
    )
}

// ---------------------------------------------------------------------------------------------
// Assertions several modules share

/// Runs `invmap restore NAME` and asserts what every refused restore shows: a non-zero exit,
/// `needle` in stderr, and the live store as `before`. Callers add what their kind of file
/// promises on top.
#[track_caller]
pub fn restore_refused(env: &TestEnv, before: &Snapshot, name: &str, needle: &str) -> Out {
    let out = env.run(&["restore", name]);
    assert_ne!(out.code, 0, "{name} was accepted\n{}", out.stderr);
    assert!(
        out.stderr.contains(needle),
        "{name}: {needle:?} not in\n{}",
        out.stderr
    );
    assert_eq!(&env.snapshot(), before, "{name} changed the live store");
    out
}

/// Links minus the given pairs.
pub fn without(
    links: &[(String, String, i64)],
    removed: &[(&str, &str)],
) -> Vec<(String, String, i64)> {
    links
        .iter()
        .filter(|(s, w, _)| !removed.iter().any(|(rs, rw)| rs == s && rw == w))
        .cloned()
        .collect()
}

/// Asserts that nothing read from a file reached the terminal raw.
#[track_caller]
pub fn assert_no_raw_controls(text: &str) {
    for bad in ['\x1b', '\u{202e}', '\0', '\u{fffd}'] {
        assert!(
            !text.contains(bad),
            "raw {bad:?} in output:\n{}",
            text.escape_debug()
        );
    }
}

/// English left in `text` that an operator reading Chinese would meet: runs of two or more
/// English words (`Nothing changed`, `open orders`). Not counted: what stays the same in
/// every language — commands in backticks, rule ids in brackets, codes with digits, paths —
/// and the `allowed` words (data such as a warehouse name).
pub fn english_runs(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut runs = Vec::new();
    for line in text.lines() {
        // `invmap rollback 2` and other commands in backticks stay as typed.
        let mut plain = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
                plain.push(' ');
            }
        }
        let mut run: Vec<&str> = Vec::new();
        for token in plain.split(|c: char| c.is_whitespace() || "│┃|".contains(c)) {
            let word = token.trim_matches(|c: char| ",.:;!?()\"'".contains(c));
            let english = word.len() >= 2
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
                && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && !token.starts_with('[')
                && !token.starts_with("--")
                && !allowed.contains(&word);
            if english {
                run.push(word);
            } else {
                if run.len() >= 2 {
                    runs.push(format!("{} (in: {line})", run.join(" ")));
                }
                run.clear();
            }
        }
        if run.len() >= 2 {
            runs.push(format!("{} (in: {line})", run.join(" ")));
        }
    }
    runs
}

/// Asserts that `out` (stdout and stderr) has no English sentence for a Chinese reader.
#[track_caller]
pub fn assert_no_english(out: &Out, allowed: &[&str]) {
    let text = format!("{}\n{}", out.stdout, out.stderr);
    let runs = english_runs(&text, allowed);
    assert!(
        runs.is_empty(),
        "English left for a Chinese reader:\n{}",
        runs.join("\n")
    );
}
