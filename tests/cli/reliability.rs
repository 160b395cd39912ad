//! Reliability (issue 7): invmap attacked the way real machines and real spreadsheets do —
//! SIGKILL mid-transaction, Ctrl-C, operators racing each other, pathological files, damaged
//! stores, read-only files, full disks and closed pipes. What each test proves and how to run
//! the long versions: docs/reliability.md.
//!
//! Big stores are built here with our own rusqlite connection (`invmap init`, then one
//! recursive-CTE insert), never through invmap's modules.

mod concurrent;
mod crash;
mod damaged;
mod pathological;
mod pipes;
mod resources;
mod signals;

use std::path::Path;
use std::process::{Command, Stdio};

use crate::env::TestEnv;

/// A small seeded PRNG (splitmix64): the kill delays of a run are reproducible from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A number from the environment, or the default (the long runs are tuned this way).
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The invmap binary as a plain `std::process::Command` (to spawn, signal and kill it), with
/// the same cleared environment as [`TestEnv::cmd`].
pub fn invmap(env: &TestEnv) -> Command {
    let mut cmd = env.std_cmd();
    cmd.stdin(Stdio::null());
    cmd
}

/// A store of `skus` SKUs, each linked to warehouses WA and WB (stock 0, no orders, no
/// regions: every unbind of one of the two links passes every check), and a template that
/// unbinds the first `pairs` SKUs from WA (`batch.csv`).
pub struct BigStore {
    pub env: TestEnv,
    pub links: i64,
    pub pairs: i64,
    pub template: std::path::PathBuf,
}

/// The state of the links, as far as the batch is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Every link there (before the unbind, or after its rollback / a restore).
    Full,
    /// Exactly the batch's pairs gone.
    Cut,
}

pub fn sku(i: i64) -> String {
    format!("SKU{i:07}")
}

impl BigStore {
    pub fn build(skus: i64, pairs: i64) -> BigStore {
        assert!(pairs <= skus);
        let env = TestEnv::new();
        env.ok(&["init"]);
        {
            let conn = env.conn();
            conn.execute_batch(
                "PRAGMA synchronous=OFF; PRAGMA ignore_check_constraints=ON;
                 PRAGMA cache_size=-131072;",
            )
            .unwrap();
            conn.execute_batch(&format!(
                "BEGIN;
                 INSERT INTO warehouses(code, name) VALUES ('WA', 'A'), ('WB', 'B');
                 WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < {skus})
                 INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity)
                 SELECT printf('SKU%07d', i), w.code, 0
                 FROM n CROSS JOIN (SELECT 'WA' AS code UNION ALL SELECT 'WB') w;
                 COMMIT;
                 PRAGMA wal_checkpoint(TRUNCATE);"
            ))
            .unwrap();
        }
        let mut csv = String::with_capacity(pairs as usize * 16 + 32);
        csv.push_str("product_id,warehouse_code\n");
        for i in 0..pairs {
            csv.push_str(&sku(i));
            csv.push_str(",WA\n");
        }
        let template = env.write("batch.csv", csv);
        BigStore {
            env,
            links: skus * 2,
            pairs,
            template,
        }
    }

    /// (links, batch pairs still linked).
    pub fn counts(&self) -> (i64, i64) {
        let conn = self.env.conn();
        conn.query_row(
            "SELECT (SELECT count(*) FROM inventory_mapping),
                    (SELECT count(*) FROM inventory_mapping
                     WHERE warehouse_code = 'WA' AND product_id < ?1)",
            [sku(self.pairs)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    /// Which state the links are in; panics (naming the counts) on anything in between.
    #[track_caller]
    pub fn state(&self) -> LinkState {
        match self.counts() {
            (l, p) if l == self.links && p == self.pairs => LinkState::Full,
            (l, 0) if l == self.links - self.pairs => LinkState::Cut,
            (l, p) => panic!(
                "half-applied batch: {l} links, {p} of the batch's pairs linked (full: {} / {}; cut: {} / 0)",
                self.links,
                self.pairs,
                self.links - self.pairs
            ),
        }
    }

    /// `unbind --from-csv batch.csv --again`
    pub fn unbind_args(&self) -> Vec<String> {
        vec![
            "unbind".into(),
            "--from-csv".into(),
            self.template.display().to_string(),
            "--again".into(),
            "--reason".into(),
            "reliability".into(),
        ]
    }
}

/// The store's own checks: `PRAGMA integrity_check` is ok, no foreign key is broken, every
/// change's `pairs` equals its `change_items`, each item has its audit entry, and the links
/// match what the newest change did. Returns the problems found (empty: consistent).
pub fn bookkeeping_problems(store: &BigStore) -> Vec<String> {
    let mut problems = store_problems(&store.env, Some(store.pairs));
    let conn = store.env.conn();
    let last_kind: Option<String> = conn
        .query_row(
            "SELECT kind FROM changes ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    let expected = match last_kind.as_deref() {
        None | Some("rollback") | Some("restore") => LinkState::Full,
        Some(_) => LinkState::Cut,
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| store.state())) {
        Ok(state) if state == expected => {}
        Ok(state) => problems.push(format!(
            "links are {state:?} but the newest change says {expected:?}"
        )),
        Err(_) => problems.push(format!("links half-applied: {:?}", store.counts())),
    }
    problems
}

/// The checks that hold for any store: integrity, foreign keys, and for every change
/// `pairs` = its `change_items` = its audit entries (= `batch` when given), and no
/// bookkeeping row without its change.
pub fn store_problems(env: &TestEnv, batch: Option<i64>) -> Vec<String> {
    let conn = env.conn();
    let mut problems = Vec::new();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    if integrity != "ok" {
        problems.push(format!("integrity_check: {integrity}"));
    }
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    if fk != 0 {
        problems.push(format!("{fk} broken foreign keys"));
    }
    let mut stmt = conn
        .prepare(
            "SELECT c.id, c.kind, c.pairs,
                    (SELECT count(*) FROM change_items i WHERE i.change_id = c.id),
                    (SELECT count(*) FROM audit_log a WHERE a.change_id = c.id)
             FROM changes c ORDER BY c.id",
        )
        .unwrap();
    let rows: Vec<(i64, String, i64, i64, i64)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, kind, pairs, items, audits) in &rows {
        if pairs != items || items != audits || batch.is_some_and(|b| *items != b) {
            problems.push(format!(
                "change {id} ({kind}): pairs {pairs}, change_items {items}, audit rows {audits}, batch {batch:?}"
            ));
        }
    }
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM audit_log WHERE change_id NOT IN (SELECT id FROM changes))
                  + (SELECT count(*) FROM change_items WHERE change_id NOT IN (SELECT id FROM changes))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if orphans != 0 {
        problems.push(format!("{orphans} audit/change_items rows of no change"));
    }
    problems
}

/// Whether some connection holds the store's write lock right now (probe: `BEGIN IMMEDIATE`
/// without waiting). Used to tell a kill that landed inside the transaction.
pub fn write_lock_held(db: &Path) -> bool {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::ZERO).unwrap();
    match conn.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {
            conn.execute_batch("ROLLBACK").unwrap();
            false
        }
        Err(_) => true,
    }
}

/// Sends `signal` to a child process.
pub fn send(child: &std::process::Child, signal: i32) {
    // SAFETY: kill(2) on the pid of a child we have not reaped yet.
    let rc = unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    assert_eq!(rc, 0, "kill({}, {signal})", child.id());
}
