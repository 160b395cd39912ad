//! `invmap backup` and `invmap restore`: files written with a checksum, restore as a change,
//! and every damaged or foreign file refused with the live store untouched.

use crate::env::{Snapshot, TestEnv, restore_refused};

/// The example store with a `.db` and a `.csv` backup taken, then SKU-1002 @ SH01 unbound.
fn backed_up() -> TestEnv {
    let env = TestEnv::example_store();
    env.ok(&["backup", "-o", "before.db"])
        .err_has(&["Backed up 5 links", "before.db.sha256"]);
    env.ok(&["backup", "-o", "before.csv"]);
    env.ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    env
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn backups_are_written_with_a_checksum_beside() {
    let env = backed_up();
    for name in ["before.db", "before.csv"] {
        let bytes = std::fs::read(env.path(name)).unwrap();
        let sums = std::fs::read_to_string(env.path(&format!("{name}.sha256"))).unwrap();
        assert_eq!(sums, format!("{}  {name}\n", sha256_hex(&bytes)));
    }
    let csv = std::fs::read_to_string(env.path("before.csv")).unwrap();
    assert!(csv.starts_with("product_id,warehouse_code,stock_quantity,priority\n"));
    assert_eq!(csv.lines().count(), 6);
    let db = std::fs::read(env.path("before.db")).unwrap();
    assert!(db.starts_with(b"SQLite format 3\0"));
}

#[test]
fn restore_db_brings_the_links_back_as_a_change() {
    let env = backed_up();
    let original: Vec<_> = {
        let mut l = env.links();
        l.push(("SKU-1002".into(), "SH01".into(), 0));
        l.sort();
        l
    };
    let before = env.snapshot();
    env.ok(&["restore", "before.db", "--dry-run"]).err_has(&[
        "is intact",
        "1 added",
        "Nothing was changed",
    ]);
    assert_eq!(env.snapshot(), before);
    env.ok(&["restore", "before.db"])
        .err_has(&["1 added", "Change 3 recorded"]);
    assert_eq!(env.links(), original);
    assert_eq!(env.change_col::<String>(3, "kind"), "restore");
    // The restore itself rolls back.
    env.ok(&["rollback", "3"]);
    assert_eq!(env.links(), before.links);
}

#[test]
fn restore_csv_brings_the_links_back() {
    let env = backed_up();
    env.ok(&["restore", "before.csv"]).err_has(&["1 added"]);
    assert_eq!(env.link("SKU-1002", "SH01"), Some((0, "active".into())));
    assert_eq!(env.links().len(), 5);
}

/// Restoring `name` is refused (non-zero, `needle` in stderr), says the live store was not
/// touched, and the live store is unchanged.
#[track_caller]
fn refused_restore(env: &TestEnv, before: &Snapshot, name: &str, needle: &str) {
    let out = restore_refused(env, before, name, needle);
    assert!(
        out.stderr.contains("live store was not touched")
            || out.stderr.contains("nothing was changed")
    );
}

#[test]
fn damaged_or_foreign_backups_are_refused() {
    let env = backed_up();
    let before = env.snapshot();
    let good = std::fs::read(env.path("before.db")).unwrap();

    // Truncated, with and without its checksum.
    env.write("trunc.db", &good[..good.len() / 3]);
    refused_restore(&env, &before, "trunc.db", "damaged");
    std::fs::copy(env.path("before.db.sha256"), env.path("trunc.db.sha256")).unwrap();
    refused_restore(&env, &before, "trunc.db", "does not match its checksum");

    // Bytes flipped in the middle; the checksum beside it tells.
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid..mid + 64].iter_mut().for_each(|b| *b ^= 0xff);
    env.write("flipped.db", &flipped);
    std::fs::copy(env.path("before.db.sha256"), env.path("flipped.db.sha256")).unwrap();
    refused_restore(&env, &before, "flipped.db", "does not match its checksum");

    // A .sha256 that does not match the file.
    env.write("wrongsum.db", &good);
    env.write(
        "wrongsum.db.sha256",
        format!("{}  wrongsum.db\n", "0".repeat(64)),
    );
    refused_restore(&env, &before, "wrongsum.db", "does not match its checksum");

    // A CSV backup edited after the fact.
    let mut csv = std::fs::read_to_string(env.path("before.csv")).unwrap();
    csv.push_str("SKU-1003,SH01,1,1\n");
    env.write("edited.csv", csv);
    std::fs::copy(env.path("before.csv.sha256"), env.path("edited.csv.sha256")).unwrap();
    refused_restore(&env, &before, "edited.csv", "does not match its checksum");

    // A SQLite file that is not a backup (another application's), and the live store itself.
    {
        let conn = rusqlite::Connection::open(env.path("other.db")).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    refused_restore(&env, &before, "other.db", "no invmap manifest");

    // A text file.
    env.write("notes.db", "not a database at all\n");
    refused_restore(&env, &before, "notes.db", "not a SQLite database");
    env.write("notes.csv", "hello\nworld\n");
    refused_restore(&env, &before, "notes.csv", "missing column");

    // A missing file.
    refused_restore(&env, &before, "nope.db", "no such backup file");
}

#[test]
fn backup_needs_a_db_or_csv_name() {
    let env = TestEnv::example_store();
    env.run(&["backup", "-o", "before.zip"])
        .code(2)
        .err_has(&[".db or .csv"]);
    assert!(!env.path("before.zip").exists());
}

/// Through a symbolic link the WAL is the target's (`real.db-wal`, not `link.db-wal`): what
/// another client left there is in the backup.
#[test]
fn a_store_reached_through_a_symlink_is_backed_up_with_its_wal() {
    let env = TestEnv::example_store();
    let link = env.path("link.db");
    std::os::unix::fs::symlink(&env.db, &link).unwrap();
    let other = env.conn();
    other.execute_batch("PRAGMA wal_autocheckpoint=0").unwrap();
    other
        .execute("INSERT INTO warehouses(code) VALUES ('WAL1')", [])
        .unwrap();
    let through_link = TestEnv::at(&link);
    through_link.ok(&["backup", "-o", "linked.db"]);
    let copy = rusqlite::Connection::open(through_link.path("linked.db")).unwrap();
    let n: i64 = copy
        .query_row(
            "SELECT count(*) FROM warehouses WHERE code = 'WAL1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1, "the WAL's frames are missing from the backup");
}

/// A backup is the store as it is, whether or not another client holds the WAL: an idle
/// client's frames are folded into the file first (then the file is copied), a client reading
/// an old snapshot keeps them there (then SQLite's backup API copies).
#[test]
fn backups_include_what_other_clients_wrote_to_the_wal() {
    let env = TestEnv::example_store();
    let other = env.conn();
    other.execute_batch("PRAGMA wal_autocheckpoint=0").unwrap();
    other
        .execute("INSERT INTO warehouses(code) VALUES ('WAL1')", [])
        .unwrap();
    assert!(std::fs::metadata(env.path("store.db-wal")).unwrap().len() > 0);
    env.ok(&["-v", "backup", "-o", "idle.db"])
        .err_has(&["copied the store file"]);
    // A reader pinned to a snapshot that needs the WAL: nothing can fold it now.
    other
        .execute("INSERT INTO warehouses(code) VALUES ('WAL2')", [])
        .unwrap();
    other.execute_batch("BEGIN").unwrap();
    let _: i64 = other
        .query_row("SELECT count(*) FROM warehouses", [], |r| r.get(0))
        .unwrap();
    env.ok(&["-v", "backup", "-o", "busy.db"])
        .err_has(&["copying with the backup API"]);
    other.execute_batch("COMMIT").unwrap();
    for (name, codes) in [
        ("idle.db", &["WAL1"][..]),
        ("busy.db", &["WAL1", "WAL2"][..]),
    ] {
        env.ok(&["restore", name, "--dry-run"])
            .err_has(&["is intact"]);
        let copy = rusqlite::Connection::open(env.path(name)).unwrap();
        let mode: String = copy
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete", "{name} is one self-contained file");
        for code in codes {
            let n: i64 = copy
                .query_row(
                    "SELECT count(*) FROM warehouses WHERE code = ?1",
                    [code],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{code} missing from {name}");
        }
    }
}

/// Issue 17: a restore that would delete a link with open orders and stock is refused like
/// an unbind, naming pair and rule; `--force` needs a reason and then records what it
/// overrode.
#[test]
fn a_restore_that_would_strand_orders_or_drop_stock_is_refused() {
    let env = TestEnv::example_store();
    let backup = env.path("before.db");
    env.ok(&["backup", "-o", backup.to_str().unwrap()]);
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        "--qty",
        "9",
    ]);
    crate::env::order(&env, "SO-9", "SKU-1003", "SH01", "open");
    let before = env.snapshot();
    for args in [
        vec!["restore", backup.to_str().unwrap()],
        vec!["restore", backup.to_str().unwrap(), "--dry-run"],
    ] {
        env.run(&args).code(3).err_has(&[
            "SKU-1003 @ SH01 has 1 open order",
            "[open-orders]",
            "holds 9 units",
            "[stock-on-hand]",
        ]);
    }
    assert_eq!(env.snapshot(), before);
    env.run(&["restore", backup.to_str().unwrap(), "--force"])
        .code(2)
        .err_has(&["--force needs --reason"]);
    env.ok(&[
        "restore",
        backup.to_str().unwrap(),
        "--force",
        "--reason",
        "bad bind",
    ])
    .err_has(&[
        "forced: refused: SKU-1003 @ SH01 has 1 open order",
        "Restored the links",
    ]);
    assert_eq!(env.link("SKU-1003", "SH01"), None);
    let summary: String = env.change_col(env.last_change(), "summary");
    assert!(
        summary.contains("open-orders") && summary.contains("stock-on-hand"),
        "{summary}"
    );
}

/// Issue 17: a restore over `approval_threshold` needs a plan, like any change.
#[test]
fn a_restore_over_the_threshold_needs_a_plan() {
    let env = TestEnv::example_store();
    let backup = env.path("b.csv");
    env.ok(&["backup", "-o", backup.to_str().unwrap()]);
    env.ok(&["bind", "--sku", "SKU-1003", "--warehouse", "SH01"]);
    env.ok(&["settings", "set", "approval_threshold", "0"]);
    let before = env.snapshot();
    env.run(&["restore", backup.to_str().unwrap()])
        .code(3)
        .err_has(&["more than approval_threshold (0)", "plan create --restore"]);
    assert_eq!(env.snapshot(), before);
}

/// Issue 12 item 3: a backup is evidence like the store. Edited with `sqlite3` and given a
/// fresh checksum (or none), it still does not hold: a link that is not what its history
/// recorded, a forged before-image, or a broken chain refuses the restore (exit 3).
#[test]
fn a_backup_whose_history_does_not_hold_is_refused() {
    let env = backed_up();
    let before = env.snapshot();
    let edit = |name: &str, sql: &str| {
        std::fs::copy(env.path("before.db"), env.path(name)).unwrap();
        let conn = rusqlite::Connection::open(env.path(name)).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let sha = sha256_hex(&std::fs::read(env.path(name)).unwrap());
        env.write(&format!("{name}.sha256"), format!("{sha}  {name}\n"));
    };
    edit(
        "more.db",
        "UPDATE inventory_mapping SET stock_quantity = 9999
             WHERE product_id = 'SKU-1001' AND warehouse_code = 'SH01'",
    );
    let out = env.run(&["restore", "more.db"]).code(3);
    assert!(
        out.stderr
            .contains("links not as its history recorded them: 1 (SKU-1001 @ SH01: 9999 units where change 1 left 120)"),
        "{}",
        out.stderr
    );
    edit(
        "forged.db",
        "UPDATE change_items SET after_qty = 9999
             WHERE product_id = 'SKU-1001' AND warehouse_code = 'SH01'",
    );
    env.run(&["restore", "forged.db"]).code(3).err_has(&[
        "rows of its changes that differ from their audit entries: 1 (change 1: SKU-1001 @ SH01)",
    ]);
    edit(
        "rewritten.db",
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET operator = 'eve' WHERE id = 2",
    );
    env.run(&["restore", "rewritten.db"])
        .code(3)
        .err_has(&["its audit chain is broken at entry 2"]);
    assert_eq!(env.snapshot(), before, "the live store was not touched");
}
