//! Issue 16 item 6: `invmap reconcile FILE` against another system's export, with planted
//! differences: exactly those are listed (exit 3); `--adopt --reason` records the other
//! system's state as one change, after which the two agree; rollback undoes it.

use crate::env::TestEnv;

#[test]
fn reconcile_lists_exactly_the_planted_differences_and_adopts_them() {
    let env = TestEnv::example_store();
    // A 旺店通-style export of SH01 and BJ01: one stock changed, one link only there, and
    // SKU-1002 @ SH01 missing (only here). GZ01 is not in the file: not compared.
    let file = env.write(
        "wms.csv",
        "spec_no,warehouse_no,stock_num\n\
         SKU-1001,SH01,120\n\
         SKU-1001,BJ01,35\n\
         SKU-1003,SH01,4\n",
    );
    let file = file.to_str().unwrap();
    let out = env.run(&["--format", "json", "reconcile", file]).code(3);
    let diffs = out.json();
    let got: Vec<(String, String, String)> = diffs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["product_id"].as_str().unwrap().to_string(),
                d["warehouse_code"].as_str().unwrap().to_string(),
                d["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("SKU-1001".into(), "BJ01".into(), "stock differs".into()),
            ("SKU-1002".into(), "SH01".into(), "only here".into()),
            ("SKU-1003".into(), "SH01".into(), "only there".into()),
        ]
    );
    assert!(out.stderr.contains("wms.csv at the warehouses it names: 1 only here, 1 only there, 1 with other stock; 160 units here, 159 there."), "{}", out.stderr);
    let before = env.links();
    env.run(&["reconcile", file, "--adopt"])
        .code(2)
        .err_has(&["needs --reason"]);
    env.ok(&["reconcile", file, "--adopt", "--reason", "the WMS counted"])
        .err_has(&["wms.csv's state on 3 links: 1 added, 1 set, 1 removed."]);
    env.ok(&["reconcile", file])
        .err_has(&["The links match the file."]);
    let id = env.last_change();
    assert_eq!(env.change_col::<String>(id, "kind"), "reconcile");
    env.ok(&["check"]);
    env.ok(&["rollback", &id.to_string(), "--force", "--reason", "undo"]);
    assert_eq!(env.links(), before);
}

#[test]
fn a_bad_export_is_refused_whole() {
    let env = TestEnv::example_store();
    let file = env.write(
        "bad.csv",
        "商品编码,仓库,库存数\nSKU-1001,SH01,1\nSKU-1001,SH01,2\nSKU-1002,sh01,x\n",
    );
    env.run(&["reconcile", file.to_str().unwrap()])
        .code(4)
        .err_has(&["bad.csv:3", "the same pair as line 2", "bad.csv:4"]);
}

/// Above the approval threshold, adopting an export is a plan another operator approves.
#[test]
fn adopting_above_the_threshold_goes_through_a_plan() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    let file = env.write(
        "wms.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1001,BJ01,35\nSKU-1003,BJ01,4\n",
    );
    let file = file.to_str().unwrap();
    env.run(&["reconcile", file, "--adopt", "--reason", "counted"])
        .code(3)
        .err_has(&[
            "more than approval_threshold (1)",
            "plan create --reconcile",
        ]);
    env.ok(&["plan", "create", "--reconcile", file, "--reason", "counted"]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"]).err_has(&["Applied plan 1"]);
    env.ok(&["reconcile", file])
        .err_has(&["The links match the file."]);
}

/// A link the other system lacks is a removal, judged like any: one holding stock is refused
/// (exit 3, nothing changed) unless forced with the reason.
#[test]
fn adopting_a_removal_with_stock_needs_force() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let file = env.write(
        "wms.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1001,BJ01,40\n",
    );
    // GZ01 in the other system holds SKU-1002 only: SKU-1003 @ GZ01 (300 units) is ours only.
    let file2 = env.write(
        "wms2.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1002,GZ01,75\n",
    );
    // (An export that matches exits 0.)
    env.ok(&["reconcile", file.to_str().unwrap()]);
    env.run(&[
        "reconcile",
        file2.to_str().unwrap(),
        "--adopt",
        "--reason",
        "wms",
    ])
    .code(3)
    .err_has(&["SKU-1003 @ GZ01", "[stock-on-hand]"]);
    assert_eq!(env.snapshot(), before);
    env.ok(&[
        "reconcile",
        file2.to_str().unwrap(),
        "--adopt",
        "--force",
        "--reason",
        "the WMS is right",
    ]);
}
