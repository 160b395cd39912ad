//! `invmap warehouse add|list|close`.

use crate::env::TestEnv;

#[test]
fn add_then_list_shows_the_warehouse_with_its_links_and_stock() {
    let env = TestEnv::example_store();
    env.ok(&[
        "warehouse",
        "add",
        "HZ01",
        "--name",
        "Hangzhou",
        "--region",
        "East",
        "--storage-cost",
        "0.04",
    ])
    .err_has(&["Added warehouse HZ01."]);
    let list = env.json(&["warehouse", "list"]);
    let hz = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "HZ01")
        .expect("HZ01 listed");
    assert_eq!(hz["region"], "East");
    assert_eq!(hz["links"], 0);
    let sh = list
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "SH01")
        .unwrap();
    assert_eq!(
        (sh["links"].as_i64(), sh["stock"].as_i64()),
        (Some(2), Some(120))
    );
}

#[test]
fn add_refuses_a_bad_or_existing_code_and_a_bad_cost() {
    let env = TestEnv::example_store();
    let before = env.dump("warehouses");
    env.run(&["warehouse", "add", "SH01"])
        .code(4)
        .err_has(&["already exists"]);
    env.run(&["warehouse", "add", "WAREHOUSE-TOO-LONG"])
        .code(4)
        .err_has(&["characters, the limit is 10"]);
    env.run(&["warehouse", "add", "HZ01", "--storage-cost", "1,5"])
        .code(4)
        .err_has(&["--storage-cost"]);
    assert_eq!(env.dump("warehouses"), before);
}

#[test]
fn close_keeps_the_links_stops_routing_and_is_undone_by_rollback() {
    let env = TestEnv::example_store();
    let links = env.links();
    env.ok(&["warehouse", "close", "BJ01", "--reason", "lease ends"])
        .err_has(&["Closed warehouse BJ01; 1 link no longer takes new orders."]);
    assert_eq!(env.links(), links, "a close keeps every link and its stock");
    let route = env.json(&["route", "--sku", "SKU-1001"]);
    assert!(
        route
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["warehouse_code"] != "BJ01")
    );
    env.run(&["warehouse", "close", "BJ01"])
        .code(3)
        .err_has(&["already closed"]);
    env.ok(&["rollback", "last"]);
    let status: String = env
        .conn()
        .query_row(
            "SELECT status FROM warehouses WHERE code = 'BJ01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "active");
}

/// Issue 17: a close that leaves a SKU with no warehouse that takes orders is refused (the
/// way out named), its open orders are listed — they can still ship, so they do not refuse —
/// and above `approval_threshold` links it needs a plan, like any change.
#[test]
fn close_is_judged_lists_open_orders_and_needs_a_plan_above_the_threshold() {
    let env = TestEnv::example_store();
    let before = env.dump("warehouses");
    env.run(&["warehouse", "close", "GZ01"]).code(3).err_has(&[
        "SKU-1003 @ GZ01 is SKU-1003's last warehouse that takes orders",
        "--allow-orphan",
        "[last-warehouse]",
        "warning: SKU-1003 @ GZ01: 1 open order can still ship from GZ01",
    ]);
    env.run(&["warehouse", "close", "GZ01", "--dry-run"])
        .code(3)
        .err_has(&[
            "Dry run: closing GZ01 would touch 2 links",
            "[last-warehouse]",
        ]);
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    env.run(&["warehouse", "close", "GZ01", "--allow-orphan"])
        .code(3)
        .err_has(&[
            "touches 2 pairs, more than approval_threshold (1)",
            "plan create --close GZ01",
        ]);
    assert_eq!(env.dump("warehouses"), before);
    env.ok(&["settings", "set", "approval_threshold", "5"]);
    env.ok(&[
        "warehouse",
        "close",
        "GZ01",
        "--allow-orphan",
        "--reason",
        "lease",
    ])
    .err_has(&["Closed warehouse GZ01; 2 links no longer take new orders."]);
    env.ok(&["warehouse", "reopen", "GZ01", "--reason", "lease renewed"])
        .err_has(&["Reopened warehouse GZ01; 2 links take orders again."]);
    let actions: Vec<String> = env
        .audit_entries()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert!(
        actions.contains(&"warehouse-close".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"warehouse-reopen".to_string()),
        "{actions:?}"
    );
}

/// Adding a warehouse passes the same door — refused inside a blackout window unless
/// overridden — and is kept in the audit trail; it routes nothing yet, so it records no
/// change of its own (there is nothing to roll back).
#[test]
fn add_passes_the_door_and_is_audited() {
    let env = TestEnv::example_store();
    let changes = env.count("changes");
    env.ok(&["warehouse", "add", "HZ01", "--region", "East"])
        .err_has(&["Added warehouse HZ01."]);
    assert_eq!(env.count("changes"), changes);
    let added: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'warehouse-add'
               AND warehouse_code = 'HZ01' AND change_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(added, 1);
    env.ok(&["audit", "verify"]);
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
    env.run(&["warehouse", "add", "CD01"])
        .code(3)
        .err_has(&["inside blackout window"]);
}

/// Undoing an old close is refused when the warehouse's status was set again since (closed,
/// reopened, closed again): it would silently undo the later change.
#[test]
fn undoing_a_close_is_refused_when_the_status_changed_since() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "add", "HZ01", "--region", "East"]);
    env.ok(&["warehouse", "close", "HZ01"]);
    let first = env.last_change().to_string();
    env.ok(&["warehouse", "reopen", "HZ01"]);
    env.run(&["rollback", &first])
        .code(3)
        .err_has(&["warehouse HZ01 is active now, not closed as change"]);
}
