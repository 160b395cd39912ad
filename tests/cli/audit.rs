//! `invmap audit`, `audit verify`, and the append-only, hash-chained `audit_log`.

use crate::env::TestEnv;

/// The example store after unbinding two pairs in one change: the import wrote entries 1–6
/// (one per link, then its file), the unbind entries 7 and 8.
fn after_unbind() -> TestEnv {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--write-off",
        "--reason",
        "audit test",
    ]);
    env
}

#[test]
fn one_entry_per_pair() {
    let env = after_unbind();
    let entries = env.audit_entries();
    assert_eq!(
        entries.len(),
        8,
        "import: five links + its file; unbind: two pairs"
    );
    let pairs: Vec<(String, String, i64)> = entries[6..]
        .iter()
        .map(|e| {
            (
                e["product_id"].as_str().unwrap().to_string(),
                e["warehouse_code"].as_str().unwrap().to_string(),
                e["change_id"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(pairs.contains(&("SKU-1002".into(), "SH01".into(), 2)));
    assert!(pairs.contains(&("SKU-1001".into(), "BJ01".into(), 2)));
    assert!(
        entries
            .iter()
            .all(|e| e["operator"] == crate::env::OPERATOR)
    );
    assert!(entries.iter().all(|e| e["at"] == crate::env::NOW));
}

#[test]
fn audit_by_sku() {
    let env = after_unbind();
    let entries = env.json(&["audit", "--sku", "SKU-1001"]);
    let entries = entries.as_array().unwrap();
    let told: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["warehouse_code"].as_str().unwrap(),
                e["detail"].as_str().unwrap(),
            )
        })
        .collect();
    // The whole story: the import that bound it twice, then the unbind.
    assert_eq!(
        told,
        [
            ("insert", "BJ01", "absent -> qty 40"),
            ("insert", "SH01", "absent -> qty 120"),
            (
                "write-off",
                "BJ01",
                "qty 40 (priority 2, active) -> absent; wrote off 40"
            ),
        ]
    );
}

#[test]
fn verify_ok_and_tamper_detected() {
    let env = after_unbind();
    let head = env.ok(&["audit", "verify"]).stderr;
    assert!(head.contains("Audit chain intact: 8 entries"), "{head}");
    env.ok(&["check"]);
    env.conn()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail='x' WHERE id=2",
        )
        .unwrap();
    env.run(&["audit", "verify"])
        .code(3)
        .err_has(&["broken at entry 2"]);
    let check = env.run(&["check"]).code(3);
    assert!(
        check
            .stdout
            .lines()
            .any(|l| l.contains("audit chain") && l.contains("entry 2")),
        "{}",
        check.stdout
    );
}

#[test]
fn update_and_delete_are_refused_by_triggers() {
    let env = after_unbind();
    let conn = env.conn();
    let update = conn.execute("UPDATE audit_log SET detail = 'x' WHERE id = 2", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_log WHERE id = 3", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    drop(conn);
    assert_eq!(env.count("audit_log"), 8);
    env.ok(&["audit", "verify"]);
}
