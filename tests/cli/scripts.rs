//! Issue 15: what a script gets. Under `--format json` every change command says on stdout
//! which change it recorded; a dry run's JSON carries each pair's refusals; CSV cells hold
//! lists as text a spreadsheet reads, not JSON.

use crate::env::TestEnv;

#[test]
fn change_commands_print_the_change_id_as_json() {
    let env = TestEnv::example_store();
    env.ok(&["backup", "-o", "before.db"]);
    let unbound = env.json(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "r",
    ]);
    assert_eq!(unbound["change_id"], 2);
    assert_eq!(unbound["message"], "1 pair: 1 unbound.");
    assert_eq!(
        unbound["audit_head"].as_str().map(str::len),
        Some(64),
        "{unbound}"
    );
    let rolled = env.json(&["rollback", "last"]);
    assert_eq!(rolled["change_id"], 3);
    let bound = env.json(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        "--qty",
        "4",
    ]);
    assert_eq!(bound["change_id"], 4);
    let restored = env.json(&["restore", "before.db", "--force", "--reason", "back"]);
    assert_eq!(restored["change_id"], 5);
    // Nothing to do is data too: no change.
    let again = env.json(&["restore", "before.db"]);
    assert_eq!(again["change_id"], serde_json::Value::Null);
    assert_eq!(again["message"], "Nothing changed.");
}

#[test]
fn a_dry_runs_json_carries_each_pairs_refusals() {
    let env = TestEnv::example_store();
    let out = env
        .run(&[
            "--format",
            "json",
            "unbind",
            "--sku",
            "SKU-1003",
            "--warehouse",
            "GZ01",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "SH01",
            "--dry-run",
        ])
        .code(3);
    let pairs = out.json();
    let pairs = pairs.as_array().unwrap();
    let refused = pairs
        .iter()
        .find(|p| p["product_id"] == "SKU-1003")
        .unwrap();
    assert_eq!(
        refused["refused_by"],
        serde_json::json!(["open-orders", "stock-on-hand", "last-warehouse"])
    );
    assert!(
        refused["refusals"][0]
            .as_str()
            .unwrap()
            .contains("has 1 open order")
    );
    let passing = pairs
        .iter()
        .find(|p| p["product_id"] == "SKU-1002")
        .unwrap();
    assert_eq!(passing["refused_by"], serde_json::json!([]));
}

#[test]
fn csv_cells_hold_lists_as_text() {
    let env = TestEnv::example_store();
    env.ok(&[
        "warehouse",
        "close",
        "GZ01",
        "--allow-orphan",
        "--reason",
        "r",
    ]);
    let out = env.run(&["--format", "csv", "check"]).code(3);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("links to closed warehouses"))
        .unwrap();
    assert!(
        line.contains("SKU-1002 @ GZ01 (75 units); SKU-1003 @ GZ01 (300 units)"),
        "{line}"
    );
    assert!(!out.stdout.contains("[\""), "{}", out.stdout);
}
