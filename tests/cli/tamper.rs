//! Issue 12: tampering an insider with `sqlite3` would try, done here with rusqlite behind
//! invmap's back, and what `audit verify` and `check` say about it.

use crate::env::TestEnv;

/// The example store, one more change (an unbind), and the head that change printed.
fn store_with_a_change() -> (TestEnv, String) {
    let env = TestEnv::example_store();
    let out = env
        .ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"])
        .stderr;
    let head = out
        .lines()
        .find_map(|l| l.strip_prefix("Audit chain head: "))
        .expect("the change prints its head")
        .to_string();
    (env, head)
}

fn unguarded(env: &TestEnv, sql: &str) {
    env.conn()
        .execute_batch(&format!(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; {sql}"
        ))
        .unwrap();
}

#[test]
fn deleting_the_last_entry_is_found_by_the_kept_head_and_by_reconciliation() {
    let (env, head) = store_with_a_change();
    unguarded(
        &env,
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    );
    env.run(&["audit", "verify", "--head", &head])
        .code(3)
        .err_has(&["not in the trail", "cut from its end"]);
    let check = env.run(&["check"]).code(3);
    assert!(check.stdout.contains("changes without their audit entries"));
    assert!(check.stdout.contains("append-only guards missing"));
}

#[test]
fn deleting_a_changes_entries_is_named_by_verify_and_check() {
    let (env, _) = store_with_a_change();
    let last = env.last_change();
    unguarded(
        &env,
        &format!("DELETE FROM audit_log WHERE change_id = {last}"),
    );
    env.run(&["audit", "verify"]).code(3).err_has(&[
        "1 change without their audit entries",
        &format!("change {last}"),
    ]);
    let check = env.run(&["--format", "json", "check"]).code(3);
    let findings = check.json();
    let finding = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "changes without their audit entries")
        .unwrap();
    assert_eq!(finding["count"], 1);
    assert_eq!(finding["examples"][0], format!("change {last}"));
}

#[test]
fn cutting_the_last_change_whole_is_found_against_an_anchor() {
    let (env, _) = store_with_a_change();
    let anchor = env.path("anchor.json");
    env.ok(&["audit", "anchor", "-o", anchor.to_str().unwrap()])
        .err_has(&["Wrote the audit head"]);
    env.ok(&["audit", "verify", "--anchor", anchor.to_str().unwrap()])
        .err_has(&["nothing was cut from the end"]);
    let last = env.last_change();
    unguarded(
        &env,
        &format!(
            "DELETE FROM audit_log WHERE change_id = {last};
             DELETE FROM change_items WHERE change_id = {last};
             DELETE FROM changes WHERE id = {last};"
        ),
    );
    // The chain that is left is valid on its own: only the anchor shows the cut.
    env.run(&["audit", "verify", "--anchor", anchor.to_str().unwrap()])
        .code(3)
        .err_has(&["not in the trail"]);
}

#[test]
fn dropped_guards_are_named_and_init_puts_them_back() {
    let (env, _) = store_with_a_change();
    unguarded(&env, "");
    env.run(&["audit", "verify"])
        .code(3)
        .err_has(&["append-only guards are missing", "audit_log_no_update"]);
    env.ok(&["init"]).err_has(&["were missing", "put back"]);
    env.ok(&["audit", "verify"]);
    env.ok(&["check"]);
    let refused = env
        .conn()
        .execute_batch("UPDATE audit_log SET operator = 'x' WHERE id = 1");
    assert!(refused.is_err(), "the guard is back");
}

#[test]
fn changes_show_prints_the_head_after_the_change() {
    let (env, head) = store_with_a_change();
    let id = env.last_change().to_string();
    env.ok(&["changes", "show", &id])
        .err_has(&[&format!("audit chain head after this change: {head}")]);
}

/// Issue 12: a before-image forged in `change_items` (9,999 units where the audit entry says
/// 2) is found by `audit verify` and `check`, naming the change and the row.
#[test]
fn a_forged_before_image_is_found() {
    let env = TestEnv::example_store();
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        "--qty",
        "2",
    ]);
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        "--write-off",
    ]);
    let id = env.last_change();
    env.conn()
        .execute(
            "UPDATE change_items SET before_qty = 9999 WHERE change_id = ?1",
            [id],
        )
        .unwrap();
    env.run(&["audit", "verify"]).code(3).err_has(&[
        "no longer say what their audit entries say",
        &format!("change {id}: SKU-1003 @ SH01"),
    ]);
    let check = env.run(&["check"]).code(3);
    assert!(
        check
            .stdout
            .contains("change rows that differ from their audit entries")
    );
    // Nor does `rollback` put the forged row back — not in a dry run, not forced.
    let links_before = env.count("inventory_mapping");
    for extra in [
        &["--dry-run"][..],
        &[][..],
        &["--force", "--reason", "trust me"][..],
    ] {
        let mut args = vec!["rollback", &id.to_string()]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        args.extend(extra.iter().map(|a| a.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.run(&args).code(3).err_has(&[
            &format!("refused: change {id}'s before-images differ from its audit entries in 1 row"),
            &format!("change {id}: SKU-1003 @ SH01"),
            "nothing was changed",
        ]);
    }
    assert_eq!(env.count("inventory_mapping"), links_before);
    assert_eq!(env.last_change(), id, "no change was recorded");
}

/// Issue 12 item 6: an import of mappings has an entry per link like any change, so its
/// entries are reconciled and its before-images proven the same way.
#[test]
fn an_imports_pair_entries_are_reconciled_and_prove_its_rows() {
    let env = TestEnv::example_store();
    let import = env.conn().query_row(
        "SELECT id FROM changes WHERE kind = 'import-mappings'",
        [],
        |r| r.get::<_, i64>(0),
    );
    let import = import.unwrap();
    let pairs: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE change_id = ?1 AND product_id IS NOT NULL",
            [import],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pairs, 5, "one entry per imported link");
    env.conn()
        .execute(
            "UPDATE change_items SET after_qty = 9999 WHERE change_id = ?1 AND product_id = 'SKU-1001' AND warehouse_code = 'SH01'",
            [import],
        )
        .unwrap();
    env.run(&["audit", "verify"])
        .code(3)
        .err_has(&[&format!("change {import}: SKU-1001 @ SH01")]);
    unguarded(
        &env,
        &format!("DELETE FROM audit_log WHERE change_id = {import} AND product_id = 'SKU-1002'"),
    );
    env.run(&["audit", "verify"])
        .code(3)
        .err_has(&["audit chain broken"]);
    let check = env.run(&["check"]).code(3);
    assert!(
        check.stdout.contains("changes without their audit entries"),
        "{}",
        check.stdout
    );
}

/// The example store, a bind (change 2), then an insider's UPDATE, DELETE and INSERT on
/// `inventory_mapping` with `sqlite3`.
fn edited_behind_the_back() -> TestEnv {
    let env = TestEnv::example_store();
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--qty",
        "5",
    ]);
    env.conn()
        .execute_batch(
            "UPDATE inventory_mapping SET stock_quantity = 9999
                 WHERE product_id = 'SKU-1002' AND warehouse_code = 'SH01';
             DELETE FROM inventory_mapping WHERE product_id = 'SKU-1001' AND warehouse_code = 'BJ01';
             INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity)
                 VALUES ('SKU-1003', 'SH01', 7);",
        )
        .unwrap();
    env
}

/// Issue 12 item 4: the live table reconciles with history. Each edit is named by `check` and
/// by `audit verify --state` (exit 3), with the way out.
#[test]
fn links_edited_behind_the_back_are_named_by_check_and_verify_state() {
    let env = edited_behind_the_back();
    let findings = env.run(&["--format", "json", "check"]).code(3).json();
    let drift = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "links that differ from their last change")
        .expect("the drift finding");
    assert_eq!(drift["count"], 3);
    let examples: Vec<&str> = drift["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(examples.contains(&"SKU-1002 @ SH01: 9999 units where change 2 left 5"));
    assert!(examples.contains(&"SKU-1003 @ SH01: no change recorded it (7 units)"));
    assert!(examples.contains(&"SKU-1001 @ BJ01: gone; change 1 left it with 40 units"));
    assert!(drift["hint"].as_str().unwrap().contains("invmap adopt"));
    env.run(&["audit", "verify", "--state"]).code(3).err_has(&[
        "links not as their last change left them: 3",
        "SKU-1002 @ SH01: 9999 units where change 2 left 5",
        "invmap adopt --reason TEXT",
    ]);
    // Without --state, verify proves the trail only (it is intact).
    env.ok(&["audit", "verify"]);
}

/// Rollback refuses to write over an edit nobody recorded; `adopt` records the table as it
/// is (with a reason; a deletion that takes stock off the books only forced), after which
/// check is clean — and undoing the adoption puts back what history said.
#[test]
fn rollback_refuses_an_unrecorded_edit_until_it_is_adopted() {
    let env = edited_behind_the_back();
    env.run(&["rollback", "2"]).code(3).err_has(&[
        "refused: 1 link of change 2 changed behind invmap's back since",
        "SKU-1002 @ SH01: 9999 units where change 2 left 5",
        "invmap adopt --reason TEXT",
    ]);
    env.run(&["rollback", "2", "--force", "--reason", "x"])
        .code(3)
        .err_has(&["changed behind invmap's back"]);
    env.run(&["adopt"])
        .code(2)
        .err_has(&["adopt needs --reason"]);
    env.run(&["adopt", "--dry-run"]).code(3).err_has(&[
        "Would record 3 links: 1 edited, 1 added, 1 deleted behind invmap's back",
        "SKU-1001 @ BJ01 holds 40 units",
    ]);
    env.ok(&["adopt", "--dry-run", "--force", "--reason", "floor count"])
        .err_has(&["would force:", "Dry run: nothing was changed."]);
    env.run(&["adopt", "--reason", "floor count"])
        .code(3)
        .err_has(&["SKU-1001 @ BJ01 holds 40 units", "[stock-on-hand]"]);
    let changes_before = env.last_change();
    env.ok(&["adopt", "--force", "--reason", "floor count"])
        .err_has(&[
            "Recorded 3 links: 1 edited, 1 added, 1 deleted behind invmap's back, as they are.",
        ]);
    let adopted = env.last_change();
    assert_eq!(adopted, changes_before + 1);
    assert_eq!(env.change_col::<String>(adopted, "kind"), "adopt");
    env.ok(&["check"]);
    env.ok(&["audit", "verify", "--state"])
        .err_has(&["Every link is as its last change left it."]);
    // Now the bind's undo meets a later change (the adoption), as any rollback would.
    env.run(&["rollback", "2"])
        .code(3)
        .err_has(&[&format!("was changed again by change {adopted}")]);
    // Undoing the adoption puts back what history said (the link nobody recorded goes with
    // its 7 units: forced), and history holds again.
    env.run(&["rollback", &adopted.to_string()])
        .code(3)
        .err_has(&["SKU-1003 @ SH01 holds 7 units"]);
    env.ok(&[
        "rollback",
        &adopted.to_string(),
        "--force",
        "--reason",
        "the count was wrong",
    ]);
    let conn = env.conn();
    let qty = |sku: &str, wh: &str| -> Option<i64> {
        conn.query_row(
            "SELECT stock_quantity FROM inventory_mapping WHERE product_id = ?1 AND warehouse_code = ?2",
            [sku, wh],
            |r| r.get(0),
        )
        .ok()
    };
    assert_eq!(qty("SKU-1002", "SH01"), Some(5));
    assert_eq!(qty("SKU-1001", "BJ01"), Some(40));
    assert_eq!(qty("SKU-1003", "SH01"), None);
    drop(conn);
    env.ok(&["audit", "verify", "--state"]);
}

/// `adopt` is a change like any other: above the approval threshold it needs a plan that a
/// second person approves.
#[test]
fn adopt_above_the_threshold_needs_an_approved_plan() {
    let env = edited_behind_the_back();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    env.run(&["adopt", "--force", "--reason", "floor count"])
        .code(3)
        .err_has(&[
            "more than approval_threshold (1)",
            "invmap plan create --adopt",
        ]);
    let out = env.ok(&[
        "plan",
        "create",
        "--adopt",
        "--force",
        "--reason",
        "floor count",
    ]);
    let plan = out
        .stderr
        .split_whitespace()
        .find_map(|w| w.trim_end_matches(['.', ',', ':']).parse::<i64>().ok())
        .expect("the plan id");
    env.ok(&["--operator", "bo", "plan", "approve", &plan.to_string()]);
    env.ok(&["plan", "apply", &plan.to_string()]);
    env.ok(&["check"]);
}

/// The hash covers the whole before-image a rollback puts back: a forged priority (or state,
/// or drain start) is found and refused like a forged quantity.
#[test]
fn a_forged_priority_in_a_before_image_is_refused() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--write-off",
    ]);
    let id = env.last_change();
    env.conn()
        .execute(
            "UPDATE change_items SET before_priority = 0, before_state = 'draining' WHERE change_id = ?1",
            [id],
        )
        .unwrap();
    env.run(&["audit", "verify"])
        .code(3)
        .err_has(&[&format!("change {id}: SKU-1001 @ BJ01")]);
    env.run(&["rollback", &id.to_string()])
        .code(3)
        .err_has(&[&format!("refused: change {id}'s before-images differ")]);
}
