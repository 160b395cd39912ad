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
    // Issue 16: the seed's scenarios, with the clock moving past the observation period.
    for said in [
        "Recorded ",
        "wms.csv's state on 3 links",
        "Stage 1 of 2 (plan 2, 50% of the batch)",
        "Applied stage 2 of 2 (plan 3",
        "Closed warehouse CD01: its exit",
        "the way back covers its applied stages",
        "(the clock moves on: ",
        "All checks passed.",
        "Verdict: ok",
        "(the walk's clock: ",
        "A week on: the verdict on Chengdu's exit",
    ] {
        assert!(
            out.stderr.contains(said) || out.stdout.contains(said),
            "{said}\n{}\n{}",
            out.stdout,
            out.stderr
        );
    }
    let (cd01, staged): (String, i64) = env
        .conn()
        .query_row(
            "SELECT (SELECT status FROM warehouses WHERE code = 'CD01'),
                    (SELECT count(*) FROM plans p JOIN plan_stages s ON s.plan_id = p.id
                     WHERE p.status = 'applied')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((cd01.as_str(), staged), ("closed", 2));

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
