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
        .err_has(&["Closed warehouse BJ01; 1 links no longer take new orders."]);
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
