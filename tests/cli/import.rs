//! `invmap import KIND FILE`: the six templates of `examples/`, Chinese headers and GBK,
//! updates and re-imports, and bad input — all or nothing.

use crate::env::{TestEnv, example, fixture};

fn import_summary(env: &TestEnv, kind: &str, file: &std::path::Path) -> String {
    env.import(kind, file).stderr
}

#[test]
fn each_example_template_imports_and_reimports_unchanged() {
    let env = TestEnv::new();
    let expected = [
        ("warehouses", 3, "warehouses"),
        ("products", 3, "products"),
        ("mappings", 5, "inventory_mapping"),
        ("orders", 4, "orders"),
        ("counts", 2, "stock_counts"),
        ("complaints", 2, "complaints"),
    ];
    for (kind, rows, table) in expected {
        let file = example(&format!("{kind}.csv"));
        let err = import_summary(&env, kind, &file);
        assert!(
            err.contains(&format!("{rows} inserted, 0 updated, 0 unchanged")),
            "{kind}: {err}"
        );
        assert_eq!(env.count(table), rows as i64, "{kind}");
        let again = import_summary(&env, kind, &file);
        assert!(
            again.contains(&format!("0 inserted, 0 updated, {rows} unchanged")),
            "{kind} again: {again}"
        );
        assert_eq!(env.count(table), rows as i64, "{kind} again");
    }
    assert_eq!(
        env.links(),
        [
            ("SKU-1001".into(), "BJ01".into(), 40),
            ("SKU-1001".into(), "SH01".into(), 120),
            ("SKU-1002".into(), "GZ01".into(), 75),
            ("SKU-1002".into(), "SH01".into(), 0),
            ("SKU-1003".into(), "GZ01".into(), 300),
        ]
    );
    // An unchanged re-import of links records no change.
    assert_eq!(env.count("changes"), 1);
}

#[test]
fn a_known_order_with_a_new_status_is_updated() {
    let env = TestEnv::example_store();
    let file = env.write(
        "orders_later.csv",
        "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at\n\
         SO-0003,SKU-1003,GZ01,1,shipped,2026-11-26 20:45,2026-11-27 08:00\n",
    );
    env.import("orders", &file)
        .err_has(&["0 inserted, 1 updated, 0 unchanged"]);
    let (status, shipped): (String, Option<String>) = env
        .conn()
        .query_row(
            "SELECT status, shipped_at FROM orders WHERE order_id = 'SO-0003'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "shipped");
    assert!(shipped.unwrap().starts_with("2026-11-27T08:00"));
}

#[test]
fn chinese_headers_and_statuses() {
    let env = TestEnv::example_store();
    env.import("orders", &example("orders_zh.csv"))
        .err_has(&["2 inserted"]);
    env.import("mappings", &example("mappings_zh.csv"))
        .err_has(&["1 inserted"]);
    let statuses: Vec<String> = env
        .dump("orders")
        .into_iter()
        .filter(|r| r.contains("SO-0005") || r.contains("SO-0006"))
        .collect();
    assert!(statuses[0].contains("|delivered|"), "{statuses:?}");
    assert!(statuses[1].contains("|unfulfilled|"), "{statuses:?}");
    assert_eq!(env.link("SKU-1001", "GZ01"), Some((15, "active".into())));
}

#[test]
fn gbk_file_is_detected() {
    let env = TestEnv::new();
    env.import("warehouses", &fixture("store/warehouses.csv"));
    // Fixture 10's bytes are GBK: 商家编码,仓库编码 / SKU001,WH-SH01 / 连衣裙-红-XL,WH-GZ03.
    let gbk = std::fs::read(fixture("10_gbk_chinese_headers.csv")).unwrap();
    let file = env.write("gbk.csv", gbk);
    env.import("mappings", &file)
        .err_has(&["decoded as GBK", "2 inserted"]);
    assert_eq!(
        env.links(),
        [
            ("SKU001".into(), "WH-SH01".into(), 0),
            ("连衣裙-红-XL".into(), "WH-GZ03".into(), 0),
        ]
    );
}

/// Imports `body` as mappings into the example store; asserts exit `code`, the named lines,
/// and that nothing was written.
#[track_caller]
fn bad_mappings(body: &str, code: i32, lines: &[u64], needles: &[&str]) {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let file = env.write("bad.csv", body);
    let out = env
        .run(&["import".as_ref(), "mappings".as_ref(), file.as_os_str()])
        .code(code)
        .err_has(needles);
    for line in lines {
        let at = format!("{}:{line}:", file.display());
        assert!(out.stderr.contains(&at), "no {at} in\n{}", out.stderr);
    }
    assert_eq!(env.snapshot(), before, "nothing written");
}

const HEAD: &str = "product_id,warehouse_code,stock_quantity\n";

#[test]
fn unknown_warehouse_in_a_mapping() {
    bad_mappings(
        &format!("{HEAD}SKU-9,SH01,1\nSKU-9,XX01,1\n"),
        4,
        &[3],
        &["unknown warehouse", "XX01"],
    );
}

#[test]
fn negative_quantity() {
    bad_mappings(
        &format!("{HEAD}SKU-9,SH01,-1\n"),
        4,
        &[2],
        &["must be 0 or more"],
    );
}

#[test]
fn non_integer_quantity() {
    bad_mappings(
        &format!("{HEAD}SKU-9,SH01,1\nSKU-8,SH01,12.5\n"),
        4,
        &[3],
        &["\"12.5\"", "not a whole number"],
    );
}

#[test]
fn duplicate_key_within_the_file() {
    bad_mappings(
        &format!("{HEAD}SKU-9,SH01,1\nSKU-9,SH01,2\n"),
        4,
        &[3],
        &["appears earlier in the file"],
    );
}

#[test]
fn every_bad_row_is_listed() {
    bad_mappings(
        &format!("{HEAD}SKU-9,SH01,-1\nSKU-8,SH01,1\nSKU-7,XX01,1\nSKU-6,SH01,x\n"),
        4,
        &[2, 4, 5],
        &["3 problems"],
    );
}

#[test]
fn missing_file_and_directory() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    env.run(&["import", "mappings", "nope.csv"])
        .code(1)
        .err_has(&["nope.csv", "no such file"]);
    std::fs::create_dir(env.path("folder.csv")).unwrap();
    env.run(&["import", "mappings", "folder.csv"])
        .code(1)
        .err_has(&["is a directory"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_bad_file_does_not_create_the_store() {
    let env = TestEnv::without_store();
    let file = env.write("bad.csv", "sku;warehouse\nA;B\n");
    env.run(&["import".as_ref(), "mappings".as_ref(), file.as_os_str()])
        .code(4);
    assert!(!env.db.exists());
}

#[test]
fn mappings_import_is_a_change_that_rolls_back() {
    let env = TestEnv::example_store();
    let before = env.links();
    let file = env.write(
        "more.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1001,SH01,999\nSKU-2000,BJ01,7\n",
    );
    env.import("mappings", &file)
        .err_has(&["1 inserted, 1 updated, 0 unchanged", "Change 2 recorded"]);
    assert_eq!(env.link("SKU-1001", "SH01"), Some((999, "active".into())));
    assert_eq!(env.change_col::<String>(2, "kind"), "import-mappings");
    // Undoing it would take SKU-2000's 7 units off the books and leave it no warehouse.
    env.run(&["rollback", "last"]).code(3).err_has(&[
        "SKU-2000 @ BJ01 holds 7 units",
        "[stock-on-hand]",
        "[last-warehouse]",
    ]);
    env.ok(&["rollback", "last", "--force", "--reason", "wrong file"])
        .err_has(&["Rolled back change 2"]);
    assert_eq!(env.links(), before);
}

/// Issue 17: an import of mappings over `approval_threshold` needs a plan like any change;
/// the plan checks the file now, and applies it only if it is unchanged.
#[test]
fn a_mappings_import_over_the_threshold_goes_through_a_plan() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    let file = env.write(
        "more.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1001,SH01,999\nSKU-2000,BJ01,7\n",
    );
    let before = env.snapshot();
    let f = file.to_str().unwrap();
    env.run(&["import", "mappings", f]).code(3).err_has(&[
        "touches 2 links, more than approval_threshold (1)",
        "plan create --import-mappings",
    ]);
    assert_eq!(env.snapshot(), before);
    env.ok(&[
        "--operator",
        "ana",
        "plan",
        "create",
        "--import-mappings",
        f,
    ])
    .err_has(&["Plan 1 created with 2 pairs"]);
    env.ok(&["--operator", "bo", "plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"])
        .err_has(&["Applied plan 1."]);
    assert_eq!(env.link("SKU-2000", "BJ01"), Some((7, "active".into())));
    assert_eq!(
        env.change_col::<String>(env.last_change(), "approved_by"),
        "bo"
    );
}

/// Issue 17: an import of warehouses that closes one goes through the guarded door like
/// `warehouse close` (judged, refused in a blackout, recorded as a change with its audit
/// entries); new warehouses alone record no change.
#[test]
fn a_warehouse_import_that_changes_a_status_is_a_guarded_change() {
    let env = TestEnv::example_store();
    let changes = env.count("changes");
    let new = env.write("new.csv", "code,name,region\nHZ01,Hangzhou,East\n");
    env.import("warehouses", &new).err_has(&["1 inserted"]);
    assert_eq!(
        env.count("changes"),
        changes,
        "a new warehouse is no change"
    );
    // Closing GZ01 would leave SKU-1003 with nowhere to ship from.
    let close = env.write("close.csv", "code,status\nGZ01,closed\n");
    let before = env.dump("warehouses");
    env.run(&["import", "warehouses", close.to_str().unwrap()])
        .code(3)
        .err_has(&["SKU-1003 @ GZ01", "[last-warehouse]"]);
    assert_eq!(env.dump("warehouses"), before);
    // Closing BJ01 passes; it is a change, and the audit trail says so.
    let close = env.write("close2.csv", "code,status,region\nBJ01,closed,North\n");
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
    env.run(&["import", "warehouses", close.to_str().unwrap()])
        .code(3)
        .err_has(&["inside blackout window"]);
    env.ok(&["blackout", "remove", "1"]);
    env.import("warehouses", &close)
        .err_has(&["1 updated", "Change"]);
    let id = env.last_change();
    assert_eq!(env.change_col::<String>(id, "kind"), "import-warehouses");
    let close_entries: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE change_id = ?1 AND action = 'warehouse-close'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(close_entries, 1);
}

/// An import of warehouses that closes two and moves one to another region is undone whole
/// by one rollback: every status and the region come back.
#[test]
fn rolling_back_a_warehouse_import_restores_every_status_and_region() {
    let env = TestEnv::example_store();
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        "--qty",
        "1",
    ]);
    let before = env.dump("warehouses");
    let file = env.write(
        "w.csv",
        "code,status,region\nBJ01,closed,North\nGZ01,closed,South\nSH01,active,Central\n",
    );
    env.import("warehouses", &file).err_has(&["Change"]);
    let id = env.last_change();
    assert_ne!(env.dump("warehouses"), before);
    env.ok(&[
        "rollback",
        &id.to_string(),
        "--force",
        "--reason",
        "wrong file",
    ]);
    assert_eq!(env.dump("warehouses"), before);
}
