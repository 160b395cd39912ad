//! Issue 16, done means: the seed's two scenarios end to end on a generated store with orders
//! (`demo --no-walkthrough`) — a seasonal migration out in two stages and back with
//! `reverse`, and a region exit — with stock conserved exactly (summed here with rusqlite, an
//! independent client) and `check` clean at the end.

use std::collections::BTreeMap;

use crate::env::{TestEnv, later};

/// A generated store: 10 warehouses in 5 regions, 400 SKUs, 90 days of orders (some open),
/// with its closed overflow warehouse emptied first so that `check` starts clean.
fn generated() -> TestEnv {
    let env = TestEnv::without_store();
    env.ok(&["demo", "--skus", "400", "--seed", "11", "--no-walkthrough"]);
    env.ok(&[
        "warehouse",
        "exit",
        "TJ01",
        "--by-route",
        "--reason",
        "empty the overflow",
    ]);
    env.ok(&["check"]);
    env
}

fn total(env: &TestEnv) -> i64 {
    env.conn()
        .query_row(
            "SELECT sum(stock_quantity) FROM inventory_mapping",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Stock per link, read with rusqlite.
fn stock_by_link(env: &TestEnv) -> BTreeMap<(String, String), i64> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT product_id, warehouse_code, stock_quantity FROM inventory_mapping")
        .unwrap();
    stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn strings(env: &TestEnv, sql: &str) -> Vec<Vec<String>> {
    let conn = env.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| r.get::<_, rusqlite::types::Value>(i).map(text))
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn text(v: rusqlite::types::Value) -> String {
    match v {
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Text(t) => t,
        _ => String::new(),
    }
}

fn csv(header: &str, rows: &[Vec<String>]) -> String {
    let mut out = format!("{header}\n");
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn a_seasonal_migration_goes_south_in_two_stages_and_comes_back() {
    let env = generated();
    let start = stock_by_link(&env);
    let units = total(&env);
    // Winter goods: every stocked link in the North (BJ01) moves to the South (GZ01).
    let winter = strings(
        &env,
        "SELECT product_id, 'BJ01', 'GZ01', '' FROM inventory_mapping
         WHERE warehouse_code = 'BJ01' AND stock_quantity > 0 ORDER BY product_id",
    );
    assert!(winter.len() > 50, "a real batch: {}", winter.len());
    let file = env.write("winter.csv", csv("product_id,from,to,quantity", &winter));
    let file = file.to_str().unwrap();
    env.ok(&[
        "move",
        "--from-csv",
        file,
        "--stages",
        "30%,100%",
        "--reason",
        "winter south",
    ]);
    let first = env.last_change();
    assert_eq!(total(&env), units, "stage 1 conserves stock");
    env.run_at(&later(73), &["run-due"])
        .code(0)
        .err_has(&["Applied stage 2 of 2"]);
    let second = env.last_change();
    assert_eq!(total(&env), units, "stage 2 conserves stock");
    let north: i64 = env
        .conn()
        .query_row(
            "SELECT sum(stock_quantity) FROM inventory_mapping WHERE warehouse_code = 'BJ01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(north, 0, "all winter stock left the North");
    env.ok(&["check"]);

    // Spring: the way back, planned from both stages, applied as one change.
    let spring = env.path("spring");
    env.ok(&["reverse", &first.to_string(), "-o", spring.to_str().unwrap()])
        .err_has(&[&format!(
            "Change {first} is stage 1 of 2 of a batch: the way back covers its applied stages (changes {first}, {second})."
        )]);
    let back = env.path("spring.moves.csv");
    env.run_at(
        &later(24 * 30),
        &[
            "move",
            "--from-csv",
            back.to_str().unwrap(),
            "--reason",
            "spring",
        ],
    )
    .code(0);
    assert_eq!(total(&env), units);
    // Every original link holds what it held; the South keeps empty links for next winter.
    let now = stock_by_link(&env);
    for (link, qty) in &start {
        assert_eq!(now.get(link), Some(qty), "{link:?}");
    }
    assert!(now.iter().all(|(l, q)| start.contains_key(l) || *q == 0));
    env.ok(&["check"]);
    env.ok(&["audit", "verify", "--state"]);
}

#[test]
fn a_region_exit_transfers_drains_and_closes_the_warehouse() {
    let env = generated();
    let units = total(&env);
    // The SKUs only CD01 holds have nowhere to go by route: the dry run refuses them…
    let lonely = strings(
        &env,
        "SELECT m.product_id, 'CQ01', 0, '' FROM inventory_mapping m
         WHERE m.warehouse_code = 'CD01' AND NOT EXISTS (
             SELECT 1 FROM inventory_mapping o JOIN warehouses w ON w.code = o.warehouse_code
             WHERE o.product_id = m.product_id AND o.warehouse_code <> 'CD01'
               AND w.status = 'active' AND o.state = 'active')
         ORDER BY 1",
    );
    assert!(!lonely.is_empty());
    env.run(&["warehouse", "exit", "CD01", "--by-route", "--dry-run"])
        .code(3)
        .err_has(&[
            &format!("{} @ CD01 is the SKU's last active warehouse", lonely[0][0]),
            "nowhere to go from CD01",
        ]);
    // …so the operator gives them a home in the same region first, then leaves.
    let homes = env.write(
        "homes.csv",
        csv("product_id,warehouse_code,stock_quantity,priority", &lonely),
    );
    env.ok(&[
        "bind",
        "--from-csv",
        homes.to_str().unwrap(),
        "--reason",
        "new homes",
    ]);
    let open: Vec<Vec<String>> = strings(
        &env,
        "SELECT order_id, product_id, warehouse_code, quantity, 'shipped', created_at, '2026-11-28 10:00'
         FROM orders WHERE warehouse_code = 'CD01' AND status = 'open' ORDER BY 1",
    );
    assert!(!open.is_empty(), "the exit has drains to wait for");
    env.ok(&["warehouse", "exit", "CD01", "--by-route", "--dry-run"])
        .err_has(&["Dry run: then CD01 closes when"]);
    env.ok(&[
        "warehouse",
        "exit",
        "CD01",
        "--by-route",
        "--reason",
        "leaving Chengdu",
    ])
    .err_has(&["Exit of CD01:"]);
    assert_eq!(total(&env), units, "the exit conserves stock");
    let routable: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM inventory_mapping WHERE warehouse_code = 'CD01' AND state = 'active'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(routable, 0, "CD01 takes no new orders");
    // The shop's next export: CD01's open orders have shipped.
    let shipped = env.write(
        "shipped.csv",
        csv(
            "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at",
            &open,
        ),
    );
    env.import("orders", &shipped);
    env.run_at(&later(49), &["run-due"])
        .code(0)
        .err_has(&["Closed warehouse CD01: its exit"]);
    assert_eq!(total(&env), units, "the drains conserve stock");
    let (links, status): (i64, String) = env
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM inventory_mapping WHERE warehouse_code = 'CD01'),
                    (SELECT status FROM warehouses WHERE code = 'CD01')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((links, status.as_str()), (0, "closed"));
    env.run_at(&later(49), &["check"]).code(0);
    env.ok(&["audit", "verify", "--state"]);
}
