//! Damaged stores and files, beyond init.rs and backup.rs: every writing command against a
//! file that is not a store, a store cut short or overwritten in the middle, a store from a
//! newer invmap; and backups that are empty, from a newer invmap, tampered with, or a live
//! store instead of a backup. Each is refused clearly (no panic), the file or the live store
//! untouched.

use crate::env::{Snapshot, TestEnv};

/// Every command that writes, plus a reader, as argument lists.
const WRITERS: &[&[&str]] = &[
    &["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"],
    &["bind", "--sku", "SKU-1003", "--warehouse", "SH01"],
    &["rollback", "last"],
    &["restore", "before.csv"],
    &["import", "mappings", "m.csv"],
    &["export", "mappings"],
    &["audit", "verify"],
];

#[track_caller]
fn refused_untouched(env: &TestEnv, needles: &[&str]) {
    env.write("m.csv", "product_id,warehouse_code\nSKU-1003,SH01\n");
    let before = std::fs::read(&env.db).unwrap();
    for args in WRITERS {
        let out = env.run(args);
        assert!(
            out.code == 1 || out.code == 4,
            "{args:?}: exit {}\n{}",
            out.code,
            out.stderr
        );
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
        assert!(
            needles.iter().any(|n| out.stderr.contains(n)),
            "{args:?}: none of {needles:?} in {}",
            out.stderr
        );
        assert_eq!(std::fs::read(&env.db).unwrap(), before, "{args:?} wrote");
    }
}

#[test]
fn every_command_refuses_a_file_that_is_not_a_store() {
    let mut env = TestEnv::example_store();
    env.ok(&["backup", "-o", "before.csv"]);
    env.db = env.write("orders.xlsx", b"PK\x03\x04 a spreadsheet, not a store");
    refused_untouched(&env, &["not an invmap store"]);
    // The SQLite magic, then garbage.
    let mut fake = b"SQLite format 3\0".to_vec();
    fake.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    env.db = env.write("fake.db", fake);
    refused_untouched(
        &env,
        &[
            "not a readable SQLite database",
            "malformed",
            "not a database",
        ],
    );
}

#[test]
fn every_command_refuses_a_store_from_a_newer_invmap() {
    let env = TestEnv::example_store();
    env.ok(&["backup", "-o", "before.csv"]);
    env.conn()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    refused_untouched(&env, &["newer invmap"]);
}

#[test]
fn a_store_cut_short_is_refused_without_a_panic() {
    let env = TestEnv::example_store();
    env.ok(&["backup", "-o", "before.csv"]);
    let bytes = std::fs::read(&env.db).unwrap();
    assert!(bytes.len() >= 4 * 4096, "{} bytes", bytes.len());
    // Cut after the first pages: the schema is there, the tables' pages are not.
    std::fs::write(&env.db, &bytes[..bytes.len() / 2]).unwrap();
    for args in WRITERS {
        let out = env.run(args);
        assert_ne!(out.code, 0, "{args:?} worked on a truncated store");
        assert_ne!(out.code, 101, "{args:?} panicked: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{args:?}: {}", out.stderr);
    }
    // `check` says what is wrong.
    let out = env.run(&["check"]);
    assert_ne!(out.code, 0);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

/// Restoring `name` is refused (exit 1 or 4, no panic, `needle` in stderr); the store
/// unchanged.
#[track_caller]
fn restore_refused(env: &TestEnv, before: &Snapshot, name: &str, needle: &str) {
    let out = crate::env::restore_refused(env, before, name, needle);
    assert!(out.code == 1 || out.code == 4, "{name}: {}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{name}: {}", out.stderr);
}

#[test]
fn backups_that_are_empty_newer_tampered_or_not_backups_are_refused() {
    let env = TestEnv::example_store();
    env.ok(&["backup", "-o", "good.db"]);
    env.ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    let before = env.snapshot();
    let copy = |name: &str| std::fs::copy(env.path("good.db"), env.path(name)).unwrap();

    env.write("empty.db", b"");
    restore_refused(&env, &before, "empty.db", "no invmap manifest");

    copy("newer.db");
    rusqlite::Connection::open(env.path("newer.db"))
        .unwrap()
        .execute_batch("UPDATE invmap_backup SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    restore_refused(&env, &before, "newer.db", "another invmap version");

    copy("tampered.db");
    rusqlite::Connection::open(env.path("tampered.db"))
        .unwrap()
        .execute_batch("DELETE FROM inventory_mapping WHERE product_id = 'SKU-1001'")
        .unwrap();
    restore_refused(
        &env,
        &before,
        "tampered.db",
        "the manifest promises 5 links",
    );

    copy("other-format.db");
    rusqlite::Connection::open(env.path("other-format.db"))
        .unwrap()
        .execute_batch("UPDATE invmap_backup SET value = 'other/9' WHERE key = 'format'")
        .unwrap();
    restore_refused(&env, &before, "other-format.db", "unknown backup format");

    // The live store itself (or any invmap store) is not a backup.
    std::fs::copy(&env.db, env.path("live-copy.db")).unwrap();
    restore_refused(&env, &before, "live-copy.db", "no invmap manifest");

    // A file that is a directory.
    std::fs::create_dir(env.path("dir.db")).unwrap();
    restore_refused(&env, &before, "dir.db", "no such backup file");
}
