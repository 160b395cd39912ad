//! SIGINT / SIGTERM during a batch: the transaction rolls back, the exit code is 128 + N, and
//! the message says nothing was changed. The signal is sent once the child holds the store's
//! write lock, so it lands inside the transaction every time.

use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{BigStore, LinkState, bookkeeping_problems, invmap, send, write_lock_held};

/// Big enough that the debug binary spends well over a second inside the transaction.
fn store() -> BigStore {
    BigStore::build(60_000, 60_000)
}

/// Starts the batch, waits until it is inside its write transaction, sends `signal`; returns
/// (exit code, stderr).
fn interrupt_batch(store: &BigStore, signal: i32) -> (Option<i32>, String) {
    let child = invmap(&store.env)
        .args(store.unbind_args())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !write_lock_held(&store.env.db) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the batch never took the write lock"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    std::thread::sleep(Duration::from_millis(20));
    send(&child, signal);
    let out = child.wait_with_output().unwrap();
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(20),
        "took {took:?} to stop after the signal"
    );
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[track_caller]
fn assert_unchanged(store: &BigStore) {
    assert_eq!(store.state(), LinkState::Full, "links changed");
    assert_eq!(store.env.count("changes"), 0, "a change was recorded");
    assert_eq!(store.env.count("change_items"), 0);
    assert_eq!(store.env.count("audit_log"), 0);
    assert!(bookkeeping_problems(store).is_empty());
    // The next run works.
    store.env.ok(&store.unbind_args());
    assert_eq!(store.state(), LinkState::Cut);
    store.env.ok(&["audit", "verify"]);
}

#[test]
fn sigterm_during_a_batch_rolls_back_and_exits_143() {
    let store = store();
    let (code, stderr) = interrupt_batch(&store, libc::SIGTERM);
    assert_eq!(code, Some(143), "{stderr}");
    assert!(
        stderr.contains("interrupted: nothing was changed"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_unchanged(&store);
}

#[test]
fn sigint_during_a_batch_rolls_back_and_exits_130() {
    let store = store();
    let (code, stderr) = interrupt_batch(&store, libc::SIGINT);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: nothing was changed"),
        "{stderr}"
    );
    assert_unchanged(&store);
}

#[test]
fn sigint_outside_a_transaction_exits_at_once() {
    let store = store();
    let mut args = store.unbind_args();
    args.push("--dry-run".into());
    let child = invmap(&store.env)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(150));
    send(&child, libc::SIGINT);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // 0 only if the dry run finished before the signal (a very fast machine).
    assert!(
        matches!(out.status.code(), Some(130) | Some(0)),
        "{:?} {stderr}",
        out.status
    );
    if out.status.code() == Some(130) {
        assert!(
            stderr.contains("interrupted: nothing was changed"),
            "{stderr}"
        );
    }
    assert_eq!(store.state(), LinkState::Full);
    assert_eq!(store.env.count("changes"), 0);
}

/// Ctrl-C during an export: the command stops at its next row and returns, so the temp file
/// is removed on the way out — neither the export nor a `.tmp-*` file is left behind.
#[test]
fn sigint_during_an_export_leaves_no_file_behind() {
    let store = BigStore::build(150_000, 1);
    let dir = store.env.path("out");
    std::fs::create_dir(&dir).unwrap();
    let target = dir.join("mappings.csv");
    let child = invmap(&store.env)
        .args(["export", "mappings", "-o", target.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let temp_exists = || std::fs::read_dir(&dir).unwrap().next().is_some();
    while !temp_exists() {
        assert!(started.elapsed() < Duration::from_secs(30), "no temp file");
        std::thread::sleep(Duration::from_millis(1));
    }
    send(&child, libc::SIGINT);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted: nothing was changed"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
