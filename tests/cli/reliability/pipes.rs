//! Broken pipes: `invmap … | head -1` exits quietly — status 0, nothing on stderr, no panic —
//! for every listing big enough to outrun the pipe's buffer. (`export mappings` has its own
//! test in export.rs.)

use super::BigStore;
use crate::env::piped_to_head;

/// A store with 10,000 changes (written directly: only the listing matters here) and one
/// real unbind of 10,000 pairs.
fn store() -> BigStore {
    let store = BigStore::build(10_000, 10_000);
    store.env.ok(&store.unbind_args());
    store
        .env
        .conn()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
             INSERT INTO changes(kind, operator, reason, created_at)
             SELECT 'bind', 'someone', 'filler ' || i, '2026-11-01T00:00:00Z' FROM n",
        )
        .unwrap();
    store
}

#[test]
fn changes_and_friends_piped_to_head_exit_quietly() {
    let store = store();
    for args in [
        "changes --limit 100000",
        "changes --limit 100000 --format json",
        "changes --limit 100000 --format csv",
        "changes show 1 --format csv",
        "changes show 1 --format json",
        "export changes",
        "export audit",
        "audit",
        "export mappings",
        "export skus",
    ] {
        let (stdout, stderr) = piped_to_head(&store.env, args);
        assert_eq!(stdout.lines().count(), 1, "{args}: {stdout}");
        assert_eq!(stderr, "status=0\n", "{args}: invmap's side of the pipe");
    }
}
