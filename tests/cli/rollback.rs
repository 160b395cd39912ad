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
    env.ok(&["rollback", "2", "--force"]);
    assert_eq!(env.link("SKU-1001", "BJ01"), Some((40, "active".into())));
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
