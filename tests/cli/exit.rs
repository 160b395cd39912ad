//! Issue 16 item 4: `invmap warehouse exit W --by-route | --to W2` — a region exit as one
//! change: stock transferred, open orders drained, orphans refused with the way out, and the
//! warehouse closed when its last link is gone. Stock is summed with an independent client.

use crate::env::{TestEnv, later, order};

fn stock(env: &TestEnv) -> i64 {
    env.conn()
        .query_row(
            "SELECT sum(stock_quantity) FROM inventory_mapping",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn status(env: &TestEnv, wh: &str) -> String {
    env.conn()
        .query_row("SELECT status FROM warehouses WHERE code = ?1", [wh], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn a_sku_with_nowhere_to_go_refuses_the_exit_with_the_way_out() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    // SKU-1003 is only at GZ01: by route it has nowhere to go.
    env.run(&["warehouse", "exit", "GZ01", "--by-route", "--dry-run"])
        .code(3)
        .out_has(&["SKU-1002", "transfer", "SH01"])
        .err_has(&[
            "SKU-1003 @ GZ01 is the SKU's last active warehouse",
            "[last-warehouse]",
            "A SKU refused here has nowhere to go from GZ01: bind it to another warehouse first",
        ]);
    env.run(&["warehouse", "exit", "GZ01", "--by-route"])
        .code(3)
        .err_has(&["nothing was changed", "--allow-orphan"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_exit_transfers_drains_and_closes_when_the_last_drain_finishes() {
    let env = TestEnv::example_store();
    let total = stock(&env);
    env.ok(&["warehouse", "exit", "GZ01", "--to", "SH01", "--dry-run"])
        .err_has(&[
            "Would change 2 pairs: 0 unbound, 1 transferred (75 units moved), 1 draining",
            "Dry run: then GZ01 closes when its draining link is removed",
            "Dry run: nothing was changed.",
        ]);
    assert_eq!(env.last_change(), 1);
    env.ok(&[
        "warehouse",
        "exit",
        "GZ01",
        "--to",
        "SH01",
        "--reason",
        "leaving the South",
    ])
    .err_has(&[
        "Exit of GZ01: 2 pairs: 0 unbound, 1 transferred (75 units moved), 1 draining",
        "Change 2 recorded",
    ]);
    assert_eq!(env.change_col::<String>(2, "kind"), "warehouse-exit");
    assert_eq!(env.link("SKU-1002", "GZ01"), None);
    assert_eq!(env.link("SKU-1002", "SH01").unwrap().0, 75);
    // The drained link keeps its stock until the drain ends; SH01 takes SKU-1003's orders now.
    assert_eq!(env.link("SKU-1003", "GZ01"), Some((300, "draining".into())));
    assert_eq!(env.link("SKU-1003", "SH01").unwrap().0, 0);
    assert_eq!(status(&env, "GZ01"), "active");
    assert_eq!(stock(&env), total);
    // Its order is still open: run-due waits, and GZ01 stays open.
    env.run_at(&later(49), &["run-due"])
        .code(0)
        .err_has(&["1 link still draining"]);
    assert_eq!(status(&env, "GZ01"), "active");
    order(&env, "SO-0003", "SKU-1003", "GZ01", "shipped");
    env.run_at(&later(49), &["run-due"]).code(0).err_has(&[
        "Finished 1 drain.",
        "Closed warehouse GZ01: its exit (change 2) is complete.",
    ]);
    assert_eq!(status(&env, "GZ01"), "closed");
    assert_eq!(env.link("SKU-1003", "SH01").unwrap().0, 300);
    assert_eq!(stock(&env), total, "stock is conserved exactly");
    let closing = env.last_change();
    assert_eq!(env.change_col::<String>(closing, "kind"), "warehouse-close");
    env.ok(&["check"]);
    env.ok(&["audit", "verify", "--state"]);
    env.run_at(&later(50), &["run-due"])
        .code(0)
        .err_has(&["Nothing due."]);
}

#[test]
fn an_exit_with_nothing_draining_closes_at_once() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "exit", "BJ01", "--by-route", "--reason", "r"])
        .err_has(&[
            "Exit of BJ01: 1 pair: 0 unbound, 1 transferred (40 units moved).",
            "Change 2 recorded",
            "Closed warehouse BJ01: its exit (change 2) is complete. Change 3 recorded",
        ]);
    assert_eq!(env.link("SKU-1001", "SH01").unwrap().0, 160);
    assert_eq!(status(&env, "BJ01"), "closed");
    env.ok(&["check"]);
}

#[test]
fn an_exit_above_the_threshold_goes_through_a_plan() {
    let env = TestEnv::example_store();
    env.set_setting("approval_threshold", "1");
    let before = env.snapshot();
    env.run(&["warehouse", "exit", "GZ01", "--to", "SH01"])
        .code(3)
        .err_has(&["create a plan with `invmap plan create --exit GZ01 --to SH01`"]);
    assert_eq!(env.snapshot(), before);
    let ann = |args: &[&str]| env.cmd().env("INVMAP_OPERATOR", "ann").args(args).output();
    let out = ann(&[
        "plan", "create", "--exit", "GZ01", "--to", "SH01", "--reason", "r",
    ])
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.ok(&["plan", "show", "1"])
        .out_has(&["SKU-1002", "SKU-1003", "SH01"]);
    let own = ann(&["plan", "approve", "1"]).unwrap();
    assert_eq!(own.status.code(), Some(3), "the creator cannot approve");
    env.ok(&["plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"]).err_has(&[
        "Exit of GZ01: 2 pairs",
        "GZ01 closes when its draining link is removed",
    ]);
    let exit = env.last_change();
    assert_eq!(env.change_col::<String>(exit, "kind"), "warehouse-exit");
    assert_eq!(env.change_col::<String>(exit, "approved_by"), "tester");
    // A SKU bound there meanwhile keeps GZ01 open — a warning, not a refusal: the exit landed.
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "GZ01",
        "--reason",
        "r",
    ]);
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "GZ01",
        "--reason",
        "r",
    ]);
    order(&env, "SO-0003", "SKU-1003", "GZ01", "shipped");
    env.run_at(&later(49), &["run-due"])
        .code(0)
        .err_has(&["Closed warehouse GZ01"]);
}

#[test]
fn a_rolled_back_exit_is_no_exit_and_a_link_added_since_keeps_it_open() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "exit", "GZ01", "--to", "SH01", "--reason", "r"]);
    env.ok(&["rollback", "2", "--reason", "changed our mind"]);
    assert_eq!(env.link("SKU-1003", "GZ01"), Some((300, "active".into())));
    order(&env, "SO-0003", "SKU-1003", "GZ01", "shipped");
    env.run_at(&later(49), &["run-due"]).code(0);
    assert_eq!(
        status(&env, "GZ01"),
        "active",
        "a rolled-back exit closes nothing"
    );

    // Exit again; while the drain runs, someone binds a new SKU there.
    order(&env, "SO-0009", "SKU-1003", "GZ01", "open");
    env.ok(&["warehouse", "exit", "GZ01", "--to", "SH01", "--reason", "r"]);
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "GZ01",
        "--reason",
        "r",
    ]);
    order(&env, "SO-0009", "SKU-1003", "GZ01", "shipped");
    env.run_at(&later(49), &["run-due"]).code(3).err_has(&[
        "waits: 1 link at GZ01 is not leaving (SKU-1001); take them out with `invmap warehouse exit GZ01 --by-route`",
    ]);
    assert_eq!(status(&env, "GZ01"), "active");
    env.ok(&["warehouse", "exit", "GZ01", "--by-route", "--reason", "r"])
        .err_has(&["Closed warehouse GZ01"]);
    env.ok(&["check"]);
}

#[test]
fn a_scheduled_exit_is_applied_by_run_due_and_an_empty_warehouse_just_closes() {
    let env = TestEnv::example_store();
    env.ok(&[
        "warehouse",
        "exit",
        "BJ01",
        "--by-route",
        "--effective-at",
        &later(24),
    ])
    .err_has(&["Scheduled as plan 1", "exit of BJ01"]);
    assert_eq!(status(&env, "BJ01"), "active");
    env.run_at(&later(25), &["run-due"]).code(0).err_has(&[
        "Applied scheduled plan 1",
        "Closed warehouse BJ01: its exit",
    ]);
    assert_eq!(env.change_col::<String>(2, "kind"), "warehouse-exit");
    env.ok(&["warehouse", "add", "XA01", "--region", "West"]);
    env.ok(&["warehouse", "exit", "XA01", "--by-route", "--reason", "r"])
        .err_has(&[
            "XA01 holds no links: the exit is closing it.",
            "Closed warehouse XA01",
        ]);
    assert_eq!(status(&env, "XA01"), "closed");
}

#[test]
fn bad_exits_are_refused_before_anything_is_read() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    env.run(&["warehouse", "exit", "GZ01"])
        .code(2)
        .err_has(&["say where the stock goes: --by-route"]);
    env.run(&["warehouse", "exit", "GZ02", "--by-route"])
        .code(4)
        .err_has(&["unknown warehouse", "did you mean GZ01?"]);
    env.run(&["warehouse", "exit", "GZ01", "--to", "GZ01"])
        .code(4)
        .err_has(&["the transfer target is the warehouse being unbound"]);
    env.run(&["warehouse", "exit", "GZ01", "--to", "XX01"])
        .code(4)
        .err_has(&["unknown transfer target warehouse"]);
    env.run(&[
        "plan",
        "create",
        "--exit",
        "GZ01",
        "--by-route",
        "--stages",
        "50%,100%",
    ])
    .code(2);
    env.run(&[
        "plan",
        "create",
        "--exit",
        "GZ01",
        "--by-route",
        "--write-off",
    ])
    .code(2);
    assert_eq!(env.snapshot(), before);
}
