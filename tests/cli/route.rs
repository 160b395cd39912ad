//! `invmap route --sku S`: the order warehouses take the next order in.

use crate::env::TestEnv;

#[test]
fn route_orders_by_state_priority_then_stock_and_leaves_out_closed() {
    let env = TestEnv::example_store();
    env.ok(&[
        "warehouse",
        "add",
        "HZ01",
        "--name",
        "Hangzhou",
        "--region",
        "East",
    ]);
    env.ok(&[
        "warehouse",
        "add",
        "CD01",
        "--name",
        "Chengdu",
        "--region",
        "West",
    ]);
    // SKU-R: BJ01 and SH01 share priority 5 (more stock first); GZ01 has the best priority
    // but drains; HZ01 has priority 0 but closes; CD01 comes last by priority.
    for (wh, qty, prio) in [
        ("SH01", "10", "5"),
        ("BJ01", "50", "5"),
        ("GZ01", "1", "1"),
        ("HZ01", "100", "0"),
        ("CD01", "999", "9"),
    ] {
        env.ok(&[
            "bind",
            "--sku",
            "SKU-R",
            "--warehouse",
            wh,
            "--qty",
            qty,
            "--priority",
            prio,
        ]);
    }
    let orders = env.write(
        "o.csv",
        "order_id,product_id,warehouse_code,quantity,status,created_at\nSO-R1,SKU-R,GZ01,1,open,2026-11-26\n",
    );
    env.import("orders", &orders);
    env.ok(&["unbind", "--sku", "SKU-R", "--warehouse", "GZ01", "--drain"]);
    env.ok(&["warehouse", "close", "HZ01"]);
    let out = env.ok(&["--format", "json", "route", "--sku", "SKU-R"]);
    let route = out.json();
    let order: Vec<(&str, &str)> = route
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["warehouse_code"].as_str().unwrap(),
                r["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [("BJ01", "active"), ("SH01", "active"), ("CD01", "active"),]
    );
    assert!(
        out.stderr.contains("Skipped (draining): GZ01"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("HZ01"),
        "closed one is named: {}",
        out.stderr
    );
    let table = env.ok(&["route", "--sku", "SKU-R"]).stdout;
    assert!(table.find("BJ01").unwrap() < table.find("SH01").unwrap());
}

#[test]
fn route_of_an_unknown_sku() {
    let env = TestEnv::example_store();
    env.run(&["route", "--sku", "NOPE"])
        .code(4)
        .err_has(&["unknown SKU"]);
}
