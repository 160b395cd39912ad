//! `invmap check`: the store's health checks, clean on a good store, naming what it finds
//! (exit 3) otherwise. The audit-chain and drain checks are tested in audit.rs and run_due.rs.

use crate::env::TestEnv;

#[test]
fn check_is_clean_then_finds_a_link_to_a_closed_warehouse() {
    let env = TestEnv::example_store();
    env.ok(&["check"]).err_has(&["All checks passed"]);
    env.ok(&["warehouse", "close", "BJ01"]);
    let out = env.run(&["check"]).code(3);
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("links to closed warehouses"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(line.contains("SKU-1001 @ BJ01"), "{line}");
    let v = env.run(&["--format", "json", "check"]).code(3).json();
    let closed = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "links to closed warehouses")
        .unwrap();
    assert_eq!(closed["count"], 1);
}
