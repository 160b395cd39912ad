//! `invmap bind`: create a link or set an existing one's quantity and priority, as a change
//! that `rollback` undoes.

use crate::env::TestEnv;

fn bind(env: &TestEnv, args: &[&str]) -> crate::env::Out {
    let mut all = vec!["bind"];
    all.extend_from_slice(args);
    env.run(&all)
}

#[test]
fn bind_creates_a_link_as_a_change_that_rollback_undoes() {
    let env = TestEnv::example_store();
    let out = bind(
        &env,
        &["--sku", "SKU-1003", "--warehouse", "SH01", "--qty", "7"],
    )
    .code(0);
    assert!(
        out.stderr.contains("Bound SKU-1003 to SH01."),
        "{}",
        out.stderr
    );
    assert_eq!(env.link("SKU-1003", "SH01"), Some((7, "active".into())));
    let id = env.last_change();
    assert_eq!(env.change_col::<String>(id, "kind"), "bind");
    // The undo would take the 7 units off the books: refused, unless forced with a reason.
    env.run(&["rollback", &id.to_string()])
        .code(3)
        .err_has(&["holds 7 units", "[stock-on-hand]"]);
    env.ok(&["rollback", &id.to_string(), "--force", "--reason", "typo"]);
    assert_eq!(env.link("SKU-1003", "SH01"), None);
}

#[test]
fn bind_updates_an_existing_link_and_an_unchanged_one_records_nothing() {
    let env = TestEnv::example_store();
    bind(
        &env,
        &["--sku", "SKU-1001", "--warehouse", "SH01", "--qty", "5"],
    )
    .code(0)
    .err_has(&["Updated the link SKU-1001 @ SH01."]);
    assert_eq!(env.link("SKU-1001", "SH01"), Some((5, "active".into())));
    let changes = env.count("changes");
    bind(
        &env,
        &["--sku", "SKU-1001", "--warehouse", "SH01", "--qty", "5"],
    )
    .code(0)
    .err_has(&["Nothing changed."]);
    assert_eq!(env.count("changes"), changes);
}

#[test]
fn bind_refuses_bad_input_and_closed_warehouses_and_changes_nothing() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "close", "GZ01", "--allow-orphan"]);
    let before = env.snapshot();
    for (args, code, needle) in [
        (
            ["--sku", "SKU-9", "--warehouse", "XX99", "--qty", "1"],
            4,
            "unknown warehouse",
        ),
        (
            ["--sku", "=SKU", "--warehouse", "SH01", "--qty", "1"],
            4,
            "formula",
        ),
        (
            ["--sku", "SKU-9", "--warehouse", "SH01", "--qty", "-3"],
            4,
            "cannot be negative",
        ),
        (
            [
                "--sku",
                "SKU-9",
                "--warehouse",
                "SH01",
                "--qty",
                "1000000000001",
            ],
            4,
            "more than 1000000000000 units",
        ),
        (
            ["--sku", "SKU-9", "--warehouse", "GZ01", "--qty", "1"],
            3,
            "closed warehouse GZ01, which takes no new links",
        ),
    ] {
        bind(&env, &args).code(code).err_has(&[needle]);
    }
    assert_eq!(env.snapshot(), before);
}

/// Issue 16 item 2: `bind --from-csv` binds every row of a file as one change — new links
/// and new stock or priority for existing ones, rows that change nothing left out — with an
/// audit entry per link, undone by one rollback.
#[test]
fn bind_from_csv_is_one_change_that_rolls_back() {
    let env = TestEnv::example_store();
    let before = env.links();
    let file = env.write(
        "binds.csv",
        "product_id,warehouse_code,stock_quantity,priority\n\
         SKU-1003,SH01,25,2\n\
         SKU-1001,BJ01,55,\n\
         SKU-1002,GZ01,,\n",
    );
    let file = file.to_str().unwrap();
    env.ok(&["bind", "--from-csv", file, "--dry-run"])
        .err_has(&[
            "Would bind 2 links: 1 new, 1 set.",
            "Dry run: nothing was changed.",
        ]);
    assert_eq!(env.links(), before);
    let out = env.ok(&["bind", "--from-csv", file, "--reason", "restock"]);
    out.err_has(&["Bound 2 links: 1 new, 1 set. Change 2 recorded"]);
    assert_eq!(env.change_col::<String>(2, "kind"), "bind");
    assert_eq!(env.change_col::<String>(2, "source_file"), file);
    let entries: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE change_id = 2 AND product_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(entries, 2);
    let qty = |sku: &str, wh: &str| -> i64 {
        env.conn()
            .query_row(
                "SELECT stock_quantity FROM inventory_mapping WHERE product_id = ?1 AND warehouse_code = ?2",
                [sku, wh],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(qty("SKU-1003", "SH01"), 25);
    assert_eq!(qty("SKU-1001", "BJ01"), 55);
    // Undoing new stock takes it off the books: a decision, forced with a reason.
    env.ok(&["rollback", "2", "--force", "--reason", "wrong file"]);
    assert_eq!(env.links(), before);
}

/// A bad row refuses the whole file: an unknown warehouse (with "did you mean"), a pair
/// twice; nothing is changed.
#[test]
fn bind_from_csv_refuses_a_bad_file_whole() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let file = env.write(
        "bad.csv",
        "product_id,warehouse_code,stock_quantity\n\
         SKU-1003,SH01,1\n\
         SKU-1003,sh01x,1\n\
         SKU-1003,SH01,2\n\
         SKU-1002,bj01,3\n",
    );
    env.run(&["bind", "--from-csv", file.to_str().unwrap()])
        .code(4)
        .err_has(&[
            "bad.csv:3: warehouse_code: \"sh01x\"",
            "bad.csv:4",
            "appears earlier in the file",
            "bad.csv:5",
            "(did you mean BJ01? codes are case-sensitive)",
        ]);
    assert_eq!(env.snapshot(), before);
}

/// Above the approval threshold a file of binds is planned, approved by another operator and
/// applied from the same file (a file changed since is refused).
#[test]
fn bind_from_csv_above_the_threshold_goes_through_a_plan() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    let file = env.write(
        "binds.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1003,SH01,5\nSKU-1003,BJ01,6\n",
    );
    let file = file.to_str().unwrap();
    env.run(&["bind", "--from-csv", file]).code(3).err_has(&[
        "more than approval_threshold (1)",
        "plan create --bind --from-csv",
    ]);
    env.ok(&[
        "plan",
        "create",
        "--bind",
        "--from-csv",
        file,
        "--reason",
        "r",
    ]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"])
        .err_has(&["Applied plan 1. Change 2 recorded"]);
    assert_eq!(env.change_col::<i64>(2, "pairs"), 2);
    env.ok(&[
        "plan",
        "create",
        "--bind",
        "--from-csv",
        file,
        "--reason",
        "again",
    ]);
    env.ok(&["--operator", "bob", "plan", "approve", "2"]);
    std::fs::write(
        file,
        "product_id,warehouse_code,stock_quantity\nSKU-1003,SH01,9\n",
    )
    .unwrap();
    env.run(&["plan", "apply", "2"])
        .code(3)
        .err_has(&["changed since plan 2 was made"]);
}
