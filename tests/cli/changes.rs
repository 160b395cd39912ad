//! `invmap changes [show ID]`: every rollback point, newest first, with what it touched, the
//! plan and approver or window override behind it, and its observation state.

use crate::env::{NOW, TestEnv, UNBIND_1002_SH01, later, with, write_off};

#[test]
fn changes_lists_every_rollback_point() {
    let env = TestEnv::example_store();
    write_off(&env, "SKU-1002", "SH01");
    env.ok(&["rollback", "2"]);
    let table = env.ok(&["changes"]);
    for needle in [
        "import-mappings",
        "unbind",
        "rollback",
        crate::env::OPERATOR,
    ] {
        assert!(table.stdout.contains(needle), "{needle}: {}", table.stdout);
    }
    let list = env.changes_list();
    let ids: Vec<i64> = list.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [3, 2, 1], "newest first");
    assert_eq!(list[0]["kind"], "rollback");
    assert_eq!(list[0]["rolls_back"], 2);
    assert_eq!(list[1]["rolled_back_by"], 3);
    assert_eq!(list[1]["reason"], "r");
}

#[test]
fn changes_show_lists_the_touched_rows() {
    let env = TestEnv::example_store();
    write_off(&env, "SKU-1001", "BJ01");
    env.ok(&["changes", "show", "2"])
        .out_has(&["SKU-1001", "BJ01", "write-off", "qty 40"])
        .err_has(&["command:"]);
    let v = env.json(&["changes", "show", "2"]);
    assert_eq!(v["id"], 2);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["product_id"], "SKU-1001");
    assert_eq!(items[0]["warehouse_code"], "BJ01");
    env.run(&["changes", "show", "99"])
        .code(4)
        .err_has(&["no such change"]);
}

#[test]
fn changes_json_shows_the_plan_and_its_approver() {
    let env = TestEnv::example_store();
    env.ok(&[
        "plan",
        "create",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "r",
    ]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"]);
    let list = env.json(&["changes"]);
    assert_eq!(list[0]["id"], 2);
    assert_eq!(list[0]["plan_id"], 1, "{}", list[0]);
    assert_eq!(list[0]["approved_by"], "bob", "{}", list[0]);
    // The supervisor's view, as a table too, and `last` names the newest change.
    let shown = env.ok(&["changes", "show", "last"]);
    let field = |name: &str| {
        shown
            .stdout
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(name))
            .unwrap_or_else(|| panic!("no {name} row in\n{}", shown.stdout))
            .split_whitespace()
            .nth(2)
            .map(str::to_string)
    };
    assert_eq!(field("id").as_deref(), Some("2"));
    assert_eq!(field("plan").as_deref(), Some("1"));
    assert_eq!(field("approved_by").as_deref(), Some("bob"));
}

/// `changes show last` works as `rollback last` and `metrics --change last` do; a word that
/// is neither an id nor `last` is an input error naming it.
#[test]
fn changes_show_last_and_bad_ids() {
    let env = TestEnv::example_store();
    write_off(&env, "SKU-1001", "BJ01");
    assert_eq!(env.json(&["changes", "show", "last"])["id"], 2);
    env.run(&["changes", "show", "latest"]).code(4).err_has(&[
        "\"latest\"",
        "not a change id",
        "or last",
    ]);
}

#[test]
fn changes_json_shows_the_override_reason() {
    let env = TestEnv::example_store();
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-11-27T00:00:00Z",
        "--to",
        "2026-11-28T00:00:00Z",
        "--reason",
        "BF",
    ]);
    env.ok(&with(
        UNBIND_1002_SH01,
        &["--override-window", "--reason", "recall"],
    ));
    let list = env.json(&["changes"]);
    let recorded = list[0]["override_reason"].as_str().unwrap_or_default();
    assert!(recorded.contains("recall"), "{}", list[0]);
    env.ok(&["changes", "show", "last"])
        .out_has(&["override_reason", "recall"]);
}

#[test]
fn a_change_is_observed_for_observation_hours() {
    let env = TestEnv::example_store();
    env.ok(UNBIND_1002_SH01);
    let state = |now: &str| {
        env.run_at(now, &["--format", "json", "changes"])
            .code(0)
            .json()[0]["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let until = format!("observing until {}", later(72));
    assert_eq!(state(NOW), until);
    assert_eq!(state(&later(71)), until);
    // People read it in the store's time zone (UTC here), with its offset.
    env.run_at(&later(71), &["changes"]).code(0).out_has(&[
        "observing until 2026-11-30 09:00 +00:00",
        "2026-11-27 09:00 +00:00",
    ]);
    env.ok(&["settings", "set", "timezone", "Asia/Shanghai"]);
    env.run_at(&later(71), &["changes"]).code(0).out_has(&[
        "observing until 2026-11-30 17:00 +08:00",
        "2026-11-27 17:00 +08:00",
    ]);
    assert_eq!(state(&later(71)), until, "json stays UTC");
    env.ok(&["settings", "set", "timezone", "UTC"]);
    assert_eq!(state(&later(72)), "done");
    env.run_at(&later(72), &["changes"])
        .code(0)
        .out_has(&["done"]);
    env.ok(&["settings", "set", "observation_hours", "1"]);
    assert_eq!(state(&later(2)), "done");
}
