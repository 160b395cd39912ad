//! Concurrent operators: 2 and 4 processes running disjoint and overlapping batches on one
//! store at the same moment. Each either commits (exit 0), or exits 1 saying the store is busy
//! and to retry, or — for a batch overlapping one that committed first — is refused as input
//! (exit 4, "pair not bound"). In every case the final links equal a serial replay of the
//! changes that committed, each committed change holds its whole batch, and no process panics
//! or hangs.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{BigStore, invmap, sku, store_problems};

const SKUS: i64 = 8000;

/// One operator's batch: SKUs `from..to` unbound from WA.
fn template(store: &BigStore, n: usize, from: i64, to: i64) -> String {
    let mut csv = String::from("product_id,warehouse_code\n");
    for i in from..to {
        csv.push_str(&format!("{},WA\n", sku(i)));
    }
    let name = format!("op{n}.csv");
    store.env.write(&name, csv);
    name
}

/// What the run looked like, for the report.
#[derive(Debug, Default)]
struct Outcome {
    committed: usize,
    busy: usize,
    refused_overlap: usize,
}

/// Starts every batch at once; `busy_ms` is the writers' busy timeout. Returns the outcome
/// after checking the store against a serial replay.
fn race(ranges: &[(i64, i64)], busy_ms: u64) -> Outcome {
    let store = BigStore::build(SKUS, 0);
    let names: Vec<String> = ranges
        .iter()
        .enumerate()
        .map(|(n, &(a, b))| template(&store, n, a, b))
        .collect();
    let initial: BTreeSet<(String, String)> = store
        .env
        .links()
        .into_iter()
        .map(|(s, w, _)| (s, w))
        .collect();
    let started = Instant::now();
    let children: Vec<_> = names
        .iter()
        .map(|name| {
            invmap(&store.env)
                .env("INVMAP_BUSY_TIMEOUT_MS", busy_ms.to_string())
                .args(["unbind", "--from-csv", name, "--reason", "race"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut outcome = Outcome::default();
    let mut committed_files = Vec::new();
    for (child, name) in children.into_iter().zip(&names) {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        match out.status.code() {
            Some(0) => {
                outcome.committed += 1;
                committed_files.push(name.clone());
            }
            Some(1) => {
                assert!(
                    stderr.contains("is busy") && stderr.contains("retry"),
                    "{name}: exit 1 without the busy message: {stderr}"
                );
                outcome.busy += 1;
            }
            Some(4) => {
                assert!(
                    stderr.contains("pair not bound") && stderr.contains("nothing was changed"),
                    "{name}: {stderr}"
                );
                outcome.refused_overlap += 1;
            }
            other => panic!("{name}: exit {other:?}: {stderr}"),
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "deadlock? {:?}",
        started.elapsed()
    );
    assert!(outcome.committed >= 1, "nobody committed: {outcome:?}");

    // Serial replay, in commit order, of the changes that committed.
    let conn = store.env.conn();
    let mut stmt = conn
        .prepare("SELECT id, source_file FROM changes ORDER BY id")
        .unwrap();
    let changes: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(changes.len(), outcome.committed, "changes vs exit codes");
    let mut replay = initial.clone();
    for (id, source) in &changes {
        let name = std::path::Path::new(source)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(committed_files.contains(&name), "{name} committed?");
        let n: usize = name[2..name.len() - 4].parse().unwrap();
        let (a, b) = ranges[n];
        let batch: BTreeSet<(String, String)> = (a..b).map(|i| (sku(i), "WA".into())).collect();
        let mut items_stmt = conn
            .prepare("SELECT product_id, warehouse_code FROM change_items WHERE change_id = ?1")
            .unwrap();
        let items: BTreeSet<(String, String)> = items_stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(items, batch, "change {id} ({name}) holds its whole batch");
        for pair in &batch {
            assert!(replay.remove(pair), "{pair:?} removed twice");
        }
    }
    let finals: BTreeSet<(String, String)> = store
        .env
        .links()
        .into_iter()
        .map(|(s, w, _)| (s, w))
        .collect();
    assert_eq!(finals, replay, "final links differ from a serial replay");
    let problems = store_problems(&store.env, None);
    assert!(problems.is_empty(), "{problems:?}");
    store.env.ok(&["audit", "verify"]);
    eprintln!(
        "concurrent: {} processes, busy timeout {busy_ms} ms: {outcome:?}",
        ranges.len()
    );
    outcome
}

#[test]
fn two_disjoint_batches_both_commit() {
    let o = race(&[(0, 3000), (3000, 6000)], 20_000);
    assert_eq!(o.committed, 2, "{o:?}");
}

#[test]
fn two_overlapping_batches_one_commits_one_refused() {
    let o = race(&[(0, 3000), (1500, 4500)], 20_000);
    assert_eq!((o.committed, o.refused_overlap), (1, 1), "{o:?}");
}

#[test]
fn four_disjoint_batches_with_a_short_busy_timeout() {
    let o = race(&[(0, 2000), (2000, 4000), (4000, 6000), (6000, 8000)], 1);
    assert_eq!(o.committed + o.busy, 4, "{o:?}");
}

#[test]
fn four_overlapping_batches() {
    let o = race(
        &[(0, 3000), (1000, 4000), (2000, 5000), (5000, 8000)],
        20_000,
    );
    assert_eq!(o.committed + o.refused_overlap, 4, "{o:?}");
}
