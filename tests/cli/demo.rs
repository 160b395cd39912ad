//! `invmap demo`: builds a sample store and walks through the workflow; never overwrites.

use crate::env::TestEnv;

#[test]
fn demo_builds_a_store_and_refuses_to_overwrite_it() {
    let env = TestEnv::without_store();
    let out = env.ok(&["demo", "--skus", "60"]);
    assert!(out.stdout.starts_with("Built "), "{}", out.stdout);
    for step in [
        "Step 1:",
        "Export before the change",
        "Back up",
        "Dry run",
        "Undo the batch",
        "Try next:",
    ] {
        assert!(out.stdout.contains(step), "{step}: {}", out.stdout);
    }
    assert!(env.count("warehouses") >= 6);
    let regions: i64 = env
        .conn()
        .query_row("SELECT count(DISTINCT region) FROM warehouses", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(regions >= 3);
    assert!(env.count("inventory_mapping") > 0 && env.count("orders") > 0);
    env.ok(&["audit", "verify"]);

    let before = env.snapshot();
    let bytes = std::fs::read(&env.db).unwrap();
    env.run(&["demo", "--skus", "60"])
        .code(1)
        .err_has(&["already exists"]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(std::fs::read(&env.db).unwrap(), bytes);
}

/// Issue 15: a SKU count the demo cannot build is refused, not silently raised to 50.
#[test]
fn demo_refuses_a_sku_count_out_of_range() {
    let env = TestEnv::without_store();
    env.run(&["demo", "--skus", "0"])
        .code(2)
        .err_has(&["invalid value '0' for '--skus", "50..=10000000"]);
    assert!(!env.db.exists());
}
