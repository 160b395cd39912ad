//! `invmap rollback ID|last`: undo as a new change, the undo of an undo, `last` skipping
//! rollbacks, conflicts with later changes (`--force`), the dry run and unknown ids.
//! Rollbacks of particular changes (a transfer, a restore, an import, a drain's finish, one
//! inside a blackout window) are tested with the command that made them.

use crate::env::{TestEnv, write_off};

#[test]
fn rollback_restores_exactly_as_a_new_change() {
    let env = TestEnv::example_store();
    let before = env.links();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "SH01",
    ]);
    assert_ne!(env.links(), before);
    env.ok(&["rollback", "2", "--reason", "undo"])
        .err_has(&["Rolled back change 2", "Change 3 recorded"]);
    assert_eq!(env.links(), before);
    let kind: String = env.change_col(3, "kind");
    let rolls_back: i64 = env.change_col(3, "rolls_back");
    assert_eq!((kind.as_str(), rolls_back), ("rollback", 2));
    assert!(env.count("change_items WHERE change_id = 3") >= 2);
    env.ok(&["audit", "verify"]);
}

#[test]
fn rollback_of_the_rollback_reapplies_and_twice_is_refused() {
    let env = TestEnv::example_store();
    write_off(&env, "SKU-1002", "SH01");
    let after_unbind = env.links();
    env.ok(&["rollback", "2"]);
    let before = env.snapshot();
    env.run(&["rollback", "2"])
        .code(3)
        .err_has(&["already rolled back by change 3"]);
    assert_eq!(env.snapshot(), before);
    env.ok(&["rollback", "3"]);
    assert_eq!(env.links(), after_unbind);
    let before = env.snapshot();
    env.run(&["rollback", "3"]).code(3);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn rollback_last_skips_rollbacks() {
    let env = TestEnv::example_store();
    write_off(&env, "SKU-1002", "SH01"); // 2
    write_off(&env, "SKU-1001", "BJ01"); // 3
    env.ok(&["rollback", "last"])
        .err_has(&["Rolled back change 3"]); // 4
    env.ok(&["rollback", "last"])
        .err_has(&["Rolled back change 2"]); // 5
    let list = env.changes_list();
    assert_eq!(list[0]["rolls_back"], 2);
    assert_eq!(list[1]["rolls_back"], 3);
}

#[test]
fn a_row_changed_by_a_later_change_is_refused_unless_force() {
    let env = TestEnv::example_store();
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--qty",
        "50",
    ]); // 2
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--qty",
        "60",
    ]); // 3
    let before = env.snapshot();
    env.run(&["rollback", "2"]).code(3).err_has(&[
        "SKU-1001 @ BJ01",
        "changed again by change 3",
        "--force",
    ]);
    assert_eq!(env.snapshot(), before);
    env.run(&["rollback", "2", "--force"])
        .code(2)
        .err_has(&["--force needs --reason"]);
    assert_eq!(env.snapshot(), before);
    env.ok(&["rollback", "2", "--force", "--reason", "back to the count"])
        .err_has(&["Rolled back change 2"]);
    assert_eq!(env.link("SKU-1001", "BJ01"), Some((40, "active".into())));
    // The override is recorded: in the change and in the audit trail, with the reason.
    let id = env.last_change();
    let summary: String = env.change_col(id, "summary");
    assert!(
        summary.contains(r#""forced":["changed-since"]"#),
        "{summary}"
    );
    let force: String = env
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE change_id = ?1 AND action = 'force'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        force.contains("changed-since") && force.contains("back to the count"),
        "{force}"
    );
}

#[test]
fn rollback_dry_run_changes_nothing() {
    let env = TestEnv::example_store();
    write_off(&env, "SKU-1002", "SH01");
    let before = env.snapshot();
    env.ok(&["rollback", "last", "--dry-run"]).err_has(&[
        "Dry run",
        "change 2",
        "Nothing was changed",
    ]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn rollback_of_an_unknown_change() {
    let env = TestEnv::example_store();
    env.run(&["rollback", "42"])
        .code(4)
        .err_has(&["no such change"]);
    env.run(&["rollback", "soon"])
        .code(4)
        .err_has(&["not a change id"]);
}

/// Issue 17: `rollback last` on a store whose only change is the initial import would delete
/// every link — stranding the open order, dropping the stock, leaving every SKU nowhere to
/// ship from. It is refused like an unbind, rule by rule, and its dry run says so (exit 3).
#[test]
fn undoing_the_initial_import_is_refused_for_what_it_would_strand() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let dry = env.run(&["rollback", "last", "--dry-run"]).code(3);
    for needle in [
        "SKU-1003 @ GZ01 has 1 open order (oldest 2026-11-26T20:45:00Z)",
        "[open-orders]",
        "SKU-1001 @ SH01 holds 120 units",
        "[stock-on-hand]",
        "[last-warehouse]",
        "would restore 5 rows",
    ] {
        assert!(dry.stderr.contains(needle), "{needle}: {}", dry.stderr);
    }
    env.run(&["rollback", "last"]).code(3).err_has(&[
        "[open-orders]",
        "[stock-on-hand]",
        "[last-warehouse]",
        "Nothing was changed",
    ]);
    assert_eq!(env.snapshot(), before);
}

/// A rollback larger than `approval_threshold` needs a plan, like any other change; its dry
/// run still lists every refusal, then says a plan is needed.
#[test]
fn a_rollback_over_the_threshold_needs_a_plan() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    let before = env.snapshot();
    env.run(&["rollback", "last"]).code(3).err_has(&[
        "more than approval_threshold (1)",
        "plan create --rollback 1",
    ]);
    env.run(&["rollback", "last", "--dry-run"])
        .code(3)
        .err_has(&["[open-orders]", "more than approval_threshold (1)"]);
    assert_eq!(env.snapshot(), before);
}

/// A dry run takes no write lock: it runs while another process holds the store's write
/// lock, and inside a blackout window it lists everything, then names the window (exit 3).
#[test]
fn a_rollback_dry_run_takes_no_write_lock_and_works_in_a_blackout() {
    let env = TestEnv::example_store();
    write_off(&env, "SKU-1002", "SH01");
    let holder = env.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    env.cmd()
        .env("INVMAP_BUSY_TIMEOUT_MS", "100")
        .args(["rollback", "last", "--dry-run"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains("would restore 1 row"));
    holder.execute_batch("ROLLBACK").unwrap();
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-11-27T00:00:00Z",
        "--to",
        "2026-11-28T00:00:00Z",
        "--reason",
        "double 12",
    ]);
    env.run(&["rollback", "last", "--dry-run"])
        .code(3)
        .err_has(&["would restore 1 row", "inside blackout window"]);
}

/// A forced dry run shows the stock it would overwrite on rows changed since.
#[test]
fn a_forced_dry_run_shows_the_quantities_it_overwrites() {
    let env = TestEnv::example_store();
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--qty",
        "50",
    ]); // 2
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--qty",
        "60",
    ]); // 3
    let out = env
        .run(&[
            "--format",
            "json",
            "rollback",
            "2",
            "--dry-run",
            "--force",
            "--reason",
            "x",
        ])
        .code(0);
    let rows = out.json();
    assert_eq!(rows[0]["product_id"], "SKU-1001");
    assert_eq!(rows[0]["now"], 60);
    assert_eq!(rows[0]["becomes"], 40);
}
