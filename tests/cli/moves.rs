//! Issue 16 item 1: `invmap move` — stock between warehouses of a SKU, links kept; a change
//! like any other. Stock is checked by summing with an independent client.

use crate::env::TestEnv;

fn total(env: &TestEnv, sku: &str) -> i64 {
    env.conn()
        .query_row(
            "SELECT sum(stock_quantity) FROM inventory_mapping WHERE product_id = ?1",
            [sku],
            |r| r.get(0),
        )
        .unwrap()
}

fn link(env: &TestEnv, sku: &str, wh: &str) -> Option<(i64, i64)> {
    env.conn()
        .query_row(
            "SELECT stock_quantity, priority FROM inventory_mapping WHERE product_id = ?1 AND warehouse_code = ?2",
            [sku, wh],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()
}

#[test]
fn a_move_keeps_both_links_conserves_stock_and_rolls_back() {
    let env = TestEnv::example_store();
    let before = env.links();
    env.ok(&[
        "move",
        "--sku",
        "SKU-1001",
        "--from",
        "SH01",
        "--to",
        "BJ01",
        "--qty",
        "30",
        "--dry-run",
    ])
    .err_has(&[
        "Would move 30 units in 1 move over 2 links.",
        "Dry run: nothing was changed.",
    ]);
    assert_eq!(env.links(), before);
    env.ok(&[
        "move", "--sku", "SKU-1001", "--from", "SH01", "--to", "BJ01", "--qty", "30", "--reason",
        "r",
    ])
    .err_has(&["Moved 30 units in 1 move over 2 links. Change 2 recorded"]);
    assert_eq!(link(&env, "SKU-1001", "SH01"), Some((90, 1)));
    assert_eq!(link(&env, "SKU-1001", "BJ01"), Some((70, 2)));
    assert_eq!(total(&env, "SKU-1001"), 160);
    assert_eq!(env.change_col::<String>(2, "kind"), "move");
    // All of it, to a warehouse the SKU has no link at: created with the source's priority.
    env.ok(&[
        "move", "--sku", "SKU-1001", "--from", "BJ01", "--to", "GZ01", "--all",
    ]);
    assert_eq!(
        link(&env, "SKU-1001", "BJ01"),
        Some((0, 2)),
        "the link stays"
    );
    assert_eq!(link(&env, "SKU-1001", "GZ01"), Some((70, 2)));
    assert_eq!(total(&env, "SKU-1001"), 160);
    env.ok(&["check"]);
    env.ok(&["audit", "verify", "--state"]);
    env.ok(&["rollback", "3", "--force", "--reason", "undo"]);
    env.ok(&["rollback", "2", "--reason", "undo"]);
    assert_eq!(env.links(), before);
}

#[test]
fn a_template_of_moves_is_one_change_and_bad_lines_refuse_it_whole() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let bad = env.write(
        "bad.csv",
        "product_id,from,to,quantity\n\
         SKU-1001,SH01,BJ01,10\n\
         SKU-1001,XX01,BJ01,10\n\
         SKU-1002,SH01,SH01,1\n\
         SKU-1003,GZ01,ZZ01,\n\
         SKU-1001,SH01,BJ01,5\n",
    );
    env.run(&["move", "--from-csv", bad.to_str().unwrap()])
        .code(4)
        .err_has(&[
            "bad.csv:3: from: \"XX01\": no link of SKU-1001 at XX01",
            "bad.csv:4: to: \"SH01\": the same warehouse as from",
            "bad.csv:5: to: \"ZZ01\": unknown warehouse",
            "bad.csv:6",
            "the same move as line 2",
        ]);
    let over = env.write(
        "over.csv",
        "product_id,from,to,quantity\nSKU-1001,BJ01,SH01,30\nSKU-1001,BJ01,GZ01,30\n",
    );
    env.run(&["move", "--from-csv", over.to_str().unwrap()])
        .code(3)
        .err_has(&["SKU-1001 @ BJ01 holds 40 units; the moves take 60"]);
    assert_eq!(env.snapshot(), before);
    let good = env.write(
        "good.csv",
        "product_id,from,to,quantity,priority\n\
         SKU-1001,SH01,GZ01,100,5\n\
         SKU-1002,GZ01,SH01,,\n",
    );
    env.ok(&[
        "move",
        "--from-csv",
        good.to_str().unwrap(),
        "--reason",
        "winter",
    ])
    .err_has(&["Moved 175 units in 2 moves over 4 links. Change 2 recorded"]);
    assert_eq!(link(&env, "SKU-1001", "GZ01"), Some((100, 5)));
    assert_eq!(link(&env, "SKU-1002", "SH01"), Some((75, 1)));
    assert_eq!(link(&env, "SKU-1002", "GZ01"), Some((0, 2)));
    let entries: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE change_id = 2 AND product_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(entries, 4, "one audit entry per link touched");
}

#[test]
fn moves_into_closed_or_draining_links_and_above_the_threshold() {
    let env = TestEnv::example_store();
    env.ok(&[
        "warehouse",
        "close",
        "BJ01",
        "--allow-orphan",
        "--reason",
        "r",
    ]);
    env.run(&[
        "move", "--sku", "SKU-1001", "--from", "SH01", "--to", "BJ01", "--qty", "1",
    ])
    .code(4)
    .err_has(&["warehouse BJ01 is closed"]);
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    let file = env.write(
        "m.csv",
        "product_id,from,to,quantity\nSKU-1003,GZ01,SH01,100\n",
    );
    let file = file.to_str().unwrap();
    env.run(&["move", "--from-csv", file]).code(3).err_has(&[
        "more than approval_threshold (1)",
        "plan create --move --from-csv",
    ]);
    env.ok(&[
        "plan",
        "create",
        "--move",
        "--from-csv",
        file,
        "--reason",
        "r",
    ]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"]).err_has(&["Applied plan 1"]);
    assert_eq!(link(&env, "SKU-1003", "SH01"), Some((100, 1)));
    assert_eq!(total(&env, "SKU-1003"), 300);
}

/// Issue 16 item 3: `reverse` writes the way back from a migration — the links to bind again,
/// the stock to move back — which, applied weeks later as new changes, puts the links back as
/// they were; a change that is neither a move nor an unbind is refused (rollback is its way).
#[test]
fn reverse_writes_the_way_back_from_a_migration() {
    let env = TestEnv::example_store();
    let before = env.links();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "SH01",
        "--reason",
        "winter",
    ]);
    env.ok(&[
        "move", "--sku", "SKU-1002", "--from", "GZ01", "--to", "SH01", "--qty", "50",
    ]);
    // Stock moved on since: rollback of the unbind is refused, reverse still plans it.
    env.ok(&["reverse", "2", "-o", "back"])
        .err_has(&[
            "Wrote the way back from change 2 (unbind): back.binds.csv (1 link to bind again) and back.moves.csv (1 move, 40 units).",
            "`invmap bind --from-csv back.binds.csv`, then `invmap move --from-csv back.moves.csv`",
        ]);
    assert_eq!(
        std::fs::read_to_string(env.path("back.binds.csv")).unwrap(),
        "product_id,warehouse_code,stock_quantity,priority\nSKU-1001,BJ01,0,2\n"
    );
    assert_eq!(
        std::fs::read_to_string(env.path("back.moves.csv")).unwrap(),
        "product_id,from,to,quantity\nSKU-1001,SH01,BJ01,40\n"
    );
    env.ok(&["reverse", "last", "-o", "back3"])
        .err_has(&["back3.moves.csv (1 move, 50 units)"]);
    env.ok(&["bind", "--from-csv", "back.binds.csv", "--reason", "spring"]);
    env.ok(&["move", "--from-csv", "back.moves.csv", "--reason", "spring"]);
    env.ok(&[
        "move",
        "--from-csv",
        "back3.moves.csv",
        "--reason",
        "spring",
    ]);
    assert_eq!(env.links(), before);
    env.ok(&["check"]);
    env.run(&["reverse", "1"])
        .code(3)
        .err_has(&["change 1 is of kind import-mappings", "invmap rollback 1"]);
}

/// The same template twice would move the stock twice: refused, naming the change that
/// applied it, unless --again.
#[test]
fn a_move_template_applied_twice_is_refused() {
    let env = TestEnv::example_store();
    let file = env.write(
        "m.csv",
        "product_id,from,to,quantity\nSKU-1001,SH01,BJ01,10\n",
    );
    let file = file.to_str().unwrap();
    env.ok(&["move", "--from-csv", file]);
    env.run(&["move", "--from-csv", file])
        .code(3)
        .err_has(&["was already applied by change 2", "--again"]);
    env.ok(&["move", "--from-csv", file, "--again"]);
    assert_eq!(link(&env, "SKU-1001", "BJ01"), Some((60, 2)));
    let binds = env.write(
        "b.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1003,SH01,1\n",
    );
    let binds = binds.to_str().unwrap();
    env.ok(&["bind", "--from-csv", binds]);
    env.run(&["bind", "--from-csv", binds])
        .code(3)
        .err_has(&["was already applied by change 4"]);
}

/// A draining link is leaving, not receiving; a move into it is an input error naming it.
/// `reverse` of a change that does not exist names the id.
#[test]
fn moves_into_a_draining_link_and_reverse_of_nothing_are_refused() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "GZ01",
        "--drain",
        "--transfer-to",
        "SH01",
        "--allow-orphan",
    ]);
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "BJ01",
        "--qty",
        "5",
    ]);
    env.run(&[
        "move", "--sku", "SKU-1003", "--from", "BJ01", "--to", "GZ01", "--qty", "1",
    ])
    .code(4)
    .err_has(&["SKU-1003 @ GZ01 is draining: it is leaving, not receiving"]);
    env.run(&["reverse", "99"])
        .code(4)
        .err_has(&["\"99\"", "no such change"]);
}
