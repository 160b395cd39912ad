//! Resource faults: a read-only store (as a non-root user with `setpriv`, and on a read-only
//! bind mount) and a full disk (a small tmpfs) while applying a batch and while writing a
//! backup or an export. Each gives a clear error, leaves the store unchanged, leaves no file
//! (half-written or temp) under the target's name, and the next run works once the cause is
//! gone.
//!
//! Mounts are made inside `unshare -m` (a private mount namespace that disappears with the
//! script), so a failed test never leaves a mount behind. Where the machine does not allow it
//! (no root, no `unshare`, no `setpriv`) the test prints a note and passes vacuously.

use std::path::Path;
use std::process::Command;

use super::{BigStore, LinkState, bookkeeping_problems};
use crate::env::{NOW, OPERATOR, TestEnv};

/// Runs a bash script in a private mount namespace with `$INVMAP`, `$DIR` (the test's temp
/// dir) and `$DB` set; `None` (with a note) when namespaces or mounts are not allowed here.
fn in_namespace(env: &TestEnv, script: &str) -> Option<std::process::Output> {
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c"])
        .arg("mount -t tmpfs -o size=64k tmpfs /mnt")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!(
            "note: skipped: this machine does not allow a private tmpfs mount (needs root and unshare -m)"
        );
        return None;
    }
    let out = Command::new("unshare")
        .args(["-m", "bash", "-euc"])
        .arg(script)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("INVMAP", assert_cmd::cargo::cargo_bin("invmap"))
        .env("DIR", env.dir())
        .env("DB", &env.db)
        .env("INVMAP_NOW", NOW)
        .env("INVMAP_OPERATOR", OPERATOR)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "script failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_default()
}

/// A store whose batch needs several MiB more than the store itself.
fn big_store() -> BigStore {
    BigStore::build(30_000, 30_000)
}

#[test]
fn full_disk_while_applying_a_batch() {
    let store = big_store();
    let env = &store.env;
    let size = std::fs::metadata(&env.db).unwrap().len();
    assert!(!env.path("store.db-wal").exists());
    let fail = env.path("fail");
    let ok = env.path("ok");
    std::fs::create_dir_all(&fail).unwrap();
    std::fs::create_dir_all(&ok).unwrap();
    // The store on a tmpfs with 256 KiB to spare; the batch's change_items, audit rows and
    // WAL need several MiB. Then the disk grows and the same command runs again.
    let script = format!(
        r#"M="$DIR/mnt"; mkdir -p "$M"
mount -t tmpfs -o size={} tmpfs "$M"
cp "$DB" "$M/store.db"
set +e
"$INVMAP" --db "$M/store.db" unbind --from-csv "$DIR/batch.csv" --reason full >/dev/null 2>"$DIR/fail/stderr"
echo $? >"$DIR/fail/code"
set -e
cp "$M"/store.db* "$DIR/fail/"
mount -o remount,size=256m "$M"
set +e
"$INVMAP" --db "$M/store.db" unbind --from-csv "$DIR/batch.csv" --reason full >/dev/null 2>"$DIR/ok/stderr"
echo $? >"$DIR/ok/code"
set -e
"$INVMAP" --db "$M/store.db" audit verify >/dev/null 2>>"$DIR/ok/stderr"
cp "$M"/store.db* "$DIR/ok/"
"#,
        size + 256 * 1024
    );
    if in_namespace(env, &script).is_none() {
        return;
    }
    let stderr = read(&fail, "stderr");
    assert_eq!(read(&fail, "code").trim(), "1", "{stderr}");
    assert!(
        stderr.contains("disk is full") || stderr.contains("no space left"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    eprintln!("full disk during a batch says: {stderr}");
    // The store as the failed run left it: unchanged.
    let failed = BigStore {
        env: TestEnv::at(&fail.join("store.db")),
        ..store_view(&store)
    };
    assert_eq!(failed.state(), LinkState::Full);
    assert_eq!(failed.env.count("changes"), 0);
    assert!(bookkeeping_problems(&failed).is_empty());
    // With space, the same command works.
    assert_eq!(read(&ok, "code").trim(), "0", "{}", read(&ok, "stderr"));
    let done = BigStore {
        env: TestEnv::at(&ok.join("store.db")),
        ..store_view(&store)
    };
    assert_eq!(done.state(), LinkState::Cut);
    assert!(bookkeeping_problems(&done).is_empty());
}

/// The same counts as `store`, for another copy of its file.
fn store_view(store: &BigStore) -> BigStore {
    BigStore {
        env: TestEnv::new(),
        links: store.links,
        pairs: store.pairs,
        template: store.template.clone(),
    }
}

#[test]
fn full_disk_while_writing_a_backup_or_an_export() {
    let store = big_store();
    let env = &store.env;
    // A target folder on a 64 KiB tmpfs: far too small for the store.
    let script = r#"T="$DIR/target"; mkdir -p "$T"
mount -t tmpfs -o size=64k tmpfs "$T"
echo old >"$T/keep.csv"
set +e
for what in "backup -o $T/full.db" "backup -o $T/full.csv" "export mappings -o $T/keep.csv"; do
  "$INVMAP" --db "$DB" $what >/dev/null 2>>"$DIR/stderr"
  echo $? >>"$DIR/codes"
done
set -e
ls -A "$T" >"$DIR/listing"
cat "$T/keep.csv" >"$DIR/kept"
"#;
    let before = env.snapshot();
    if in_namespace(env, script).is_none() {
        return;
    }
    let stderr = read(env.dir(), "stderr");
    assert_eq!(read(env.dir(), "codes"), "1\n1\n1\n", "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for needle in ["full.db", "full.csv", "keep.csv"] {
        assert!(stderr.contains(needle), "{needle} not named: {stderr}");
    }
    assert!(
        stderr.contains("disk is full") || stderr.contains("no space left"),
        "{stderr}"
    );
    eprintln!("full disk during backup/export says: {stderr}");
    // No half backup, no checksum, no temp file; the old export is intact.
    assert_eq!(read(env.dir(), "listing"), "keep.csv\n");
    assert_eq!(read(env.dir(), "kept"), "old\n");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn read_only_store_is_refused_clearly() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let pairs = ["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"];
    // 1. A user who may read but not write the store or its folder.
    let has_setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    if has_setpriv && is_root {
        use std::os::unix::fs::PermissionsExt;
        for p in [env.dir(), env.db.as_path()] {
            let mode = if p.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("invmap"))
            .env_clear()
            .env("INVMAP_NOW", NOW)
            .env("INVMAP_OPERATOR", "nobody")
            .arg("--db")
            .arg(&env.db)
            .args(pairs);
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("cannot write to the store") && stderr.contains("nothing was changed"),
            "{stderr}"
        );
        assert_eq!(env.snapshot(), before);
        // Folder writable, file not: SQLite opens the file read-only.
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("cannot write to the store"), "{stderr}");
        std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
        for side in ["store.db-wal", "store.db-shm"] {
            let _ = std::fs::remove_file(env.path(side));
        }
        assert_eq!(env.snapshot(), before);
    } else {
        eprintln!("note: skipped the non-root case (needs root and setpriv)");
    }
    // 2. A read-only bind mount (root ignores file modes, not a read-only mount).
    let script = format!(
        r#"mount --bind -o ro "$DIR" "$DIR"
set +e
"$INVMAP" --db "$DB" {} 2>"$DIR.stderr"
echo $? >"$DIR.code"
"#,
        pairs.join(" ")
    );
    if in_namespace(&env, &script).is_some() {
        let base = env.dir().display().to_string();
        let stderr = std::fs::read_to_string(format!("{base}.stderr")).unwrap();
        let code = std::fs::read_to_string(format!("{base}.code")).unwrap();
        let _ = std::fs::remove_file(format!("{base}.stderr"));
        let _ = std::fs::remove_file(format!("{base}.code"));
        assert_eq!(code.trim(), "1", "{stderr}");
        assert!(stderr.contains("cannot write to the store"), "{stderr}");
        assert_eq!(env.snapshot(), before);
    }
    env.ok(&pairs);
}

/// Issue 17: read-only commands work on a store in a folder the user cannot write, and leave
/// nothing behind (no `-wal` / `-shm`); a change there is still refused clearly.
#[test]
fn read_only_commands_work_in_a_folder_the_user_cannot_write() {
    let has_setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    if !(has_setpriv && is_root) {
        eprintln!("note: skipped the read-only folder case (needs root and setpriv)");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::example_store();
    let expected = env.export_mappings();
    for p in [env.dir(), env.db.as_path()] {
        let mode = if p.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(env.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let run = |args: &[&str]| {
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("invmap"))
            .env_clear()
            .env("INVMAP_NOW", NOW)
            .env("INVMAP_OPERATOR", "nobody")
            .arg("--db")
            .arg(&env.db)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["export", "mappings"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    for args in [
        &["check"][..],
        &["changes"],
        &["audit", "verify"],
        &["metrics"],
        &["route", "--sku", "SKU-1001"],
    ] {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Dry runs read only too: the first passes, the second is refused by its rules (exit 3),
    // neither fails for want of writing.
    let out = run(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--dry-run",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["rollback", "last", "--dry-run"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(listing(), before, "nothing left behind");
    std::fs::set_permissions(env.dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
}
