//! Issue 16 item 5: batches in stages (`--stages 30%,100%`). The first share lands now, spread
//! over the warehouses; the next only after its verdict is ok (`run-due`), or by the operator
//! with `--no-wait`; an alerting stage stops the rest. Checked with an independent client.

use crate::env::{TestEnv, later};

/// 20 SKUs, each at SH01 (0 units) and BJ01 (5 units), and 10 of them at GZ01 (0 units); the
/// template unbinds them from SH01 and GZ01: 30 pairs over two warehouses.
pub fn store() -> (TestEnv, std::path::PathBuf) {
    let env = TestEnv::new();
    let wh = env.write(
        "wh.csv",
        "code,name,region\nSH01,Shanghai,East\nBJ01,Beijing,North\nGZ01,Guangzhou,South\n",
    );
    env.import("warehouses", &wh);
    let mut links = String::from("product_id,warehouse_code,stock_quantity\n");
    let mut template = String::from("product_id,warehouse_code\n");
    for i in 0..20 {
        links.push_str(&format!("SKU-{i:02},SH01,0\nSKU-{i:02},BJ01,5\n"));
        template.push_str(&format!("SKU-{i:02},SH01\n"));
        if i % 2 == 0 {
            links.push_str(&format!("SKU-{i:02},GZ01,0\n"));
            template.push_str(&format!("SKU-{i:02},GZ01\n"));
        }
    }
    env.import("mappings", &env.write("links.csv", links));
    let file = env.write("batch.csv", template);
    (env, file)
}

/// The pairs of a plan, read with rusqlite.
fn plan_pairs(env: &TestEnv, plan: i64) -> Vec<(String, String)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT product_id, warehouse_code FROM plan_pairs WHERE plan_id = ?1 ORDER BY 1, 2",
        )
        .unwrap();
    stmt.query_map([plan], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn stock(env: &TestEnv) -> i64 {
    env.conn()
        .query_row(
            "SELECT sum(stock_quantity) FROM inventory_mapping",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn the_first_stage_lands_spread_over_warehouses_and_the_next_after_an_ok_verdict() {
    let (env, file) = store();
    let file = file.to_str().unwrap();
    env.ok(&[
        "unbind",
        "--from-csv",
        file,
        "--stages",
        "30%,100%",
        "--dry-run",
    ])
    .err_has(&[
        "In stages: stage 1 of 2: up to 30% of the batch, 9 pairs",
        "In stages: stage 2 of 2: up to 100% of the batch, 21 pairs",
        "Dry run: nothing was changed.",
    ]);
    assert_eq!(env.count("plans"), 0);
    env.ok(&[
        "unbind",
        "--from-csv",
        file,
        "--stages",
        "30%,100%",
        "--reason",
        "pilot",
    ])
    .err_has(&[
        "Stage 1 of 2 (plan 1, 30% of the batch): 9 pairs: 9 unbound.",
        "Change 2 recorded",
        "Stage 2 (plan 2, 21 pairs) follows once change 2 has the verdict ok",
    ]);
    let first = plan_pairs(&env, 1);
    let at = |wh: &str| first.iter().filter(|p| p.1 == wh).count();
    assert_eq!((at("SH01"), at("GZ01")), (6, 3), "30% of each warehouse");
    assert_eq!(env.links().len(), 50 - 9);
    // The same template again is refused: its first stage applied it.
    env.run(&["unbind", "--from-csv", file, "--stages", "30%,100%"])
        .code(3)
        .err_has(&["already applied by change 2"]);
    env.ok(&["changes"])
        .out_has(&["stage 1 of 2, observing until"])
        .err_has(&["Stage 2 of 2 (plan 2) waits for the verdict on change 2"]);
    env.run_at(&later(24), &["run-due"])
        .code(0)
        .err_has(&["Stage 2 of 2 (plan 2) waits for change 2: observing until"]);
    assert_eq!(env.links().len(), 41);
    env.run_at(&later(73), &["run-due"])
        .code(0)
        .err_has(&["Applied stage 2 of 2 (plan 2, after change 2 was ok): 21 pairs: 21 unbound."]);
    assert_eq!(env.links().len(), 20, "only BJ01 is left");
    assert_eq!(stock(&env), 100);
    assert_eq!(env.change_col::<i64>(3, "plan_id"), 2);
    env.run_at(&later(74), &["run-due"])
        .code(0)
        .err_has(&["Nothing due."]);
    env.ok(&["check"]);
}

#[test]
fn an_alerting_first_stage_stops_the_rest_and_says_how_to_roll_it_back() {
    let (env, file) = store();
    env.ok(&[
        "unbind",
        "--from-csv",
        file.to_str().unwrap(),
        "--stages",
        "30%,100%",
        "--reason",
        "pilot",
    ]);
    // The customers of the first stage's SKUs, over the two complete days on each side of
    // the change's day (the 27th): served before, out of stock after — 60 orders a side.
    let skus: Vec<String> = plan_pairs(&env, 1).into_iter().map(|p| p.0).collect();
    let mut orders = String::from("order_id,product_id,quantity,status,created_at,shipped_at\n");
    for i in 0..60 {
        let sku = &skus[i % skus.len()];
        let day = 25 + i % 2;
        orders.push_str(&format!(
            "B{i},{sku},1,shipped,2026-11-{day} 10:00,2026-11-{day} 18:00\n"
        ));
        orders.push_str(&format!(
            "A{i},{sku},1,unfulfilled,2026-11-{} 10:00,\n",
            28 + i % 2
        ));
    }
    env.import("orders", &env.write("orders.csv", orders));
    let before = env.links();
    env.run_at(&later(73), &["run-due"]).code(3).err_has(&[
        "batch of plan 1 stopped before stage 2 of 2: stage 1 (change 2) alerted: alert:",
        "undo it with `invmap rollback 2`",
    ]);
    assert_eq!(env.links(), before, "stage 2 did not land");
    assert_eq!(env.plan_col::<String>(2, "status"), "rejected");
    assert!(
        env.plan_col::<String>(2, "reject_reason")
            .contains("stage 1 (change 2) alerted")
    );
    env.run_at(&later(74), &["run-due"])
        .code(0)
        .err_has(&["Nothing due."]);
    env.run(&["plan", "apply", "2"])
        .code(3)
        .err_has(&["rejected"]);
}

#[test]
fn a_staged_plan_is_approved_once_and_its_stages_wait_their_turn() {
    let (env, file) = store();
    env.set_setting("approval_threshold", "10");
    let file = file.to_str().unwrap();
    env.run(&["unbind", "--from-csv", file, "--stages", "30%,100%"])
        .code(3)
        .err_has(&["more than approval_threshold (10)", "plan create"]);
    assert_eq!(env.count("plans"), 0);
    let ann = |args: &[&str]| {
        env.cmd()
            .env("INVMAP_OPERATOR", "ann")
            .args(args)
            .output()
            .unwrap()
    };
    let made = ann(&[
        "plan",
        "create",
        "--from-csv",
        file,
        "--stages",
        "30%,100%",
        "--reason",
        "r",
    ]);
    let said = String::from_utf8_lossy(&made.stderr);
    assert!(made.status.success(), "{said}");
    assert!(said.contains("Plans 1–2 created"), "{said}");
    env.ok(&["plan", "approve", "1"])
        .err_has(&["Plans 1, 2 (the 2 stages of the batch) approved by tester"]);
    env.run(&["plan", "apply", "2"])
        .code(3)
        .err_has(&["stage 1 (plan 1) has not been applied yet"]);
    env.ok(&["plan", "apply", "1"])
        .err_has(&["Stage 1 of 2 (plan 1, 30% of the batch): 9 pairs"]);
    env.run_at(&later(1), &["plan", "apply", "2"])
        .code(3)
        .err_has(&["only once its change 2 has the verdict ok; it is observing until"]);
    env.run_at(&later(73), &["run-due"])
        .code(0)
        .err_has(&["Applied stage 2 of 2 (plan 2"]);
    assert_eq!(env.links().len(), 20);
}

#[test]
fn with_no_wait_the_operator_applies_the_next_stage() {
    let (env, file) = store();
    let file = file.to_str().unwrap();
    env.ok(&[
        "unbind", "--from-csv", file, "--stages", "50%,100%", "--no-wait", "--reason", "r",
    ])
    .err_has(&["Stage 2 (plan 2, 15 pairs) is yours to apply when you judge change 2: `invmap plan apply 2`"]);
    env.run_at(&later(80), &["run-due"])
        .code(0)
        .err_has(&["Nothing due."]);
    assert_eq!(env.links().len(), 35);
    env.ok(&["plan", "apply", "2"])
        .err_has(&["Stage 2 of 2 (plan 2, 100% of the batch): 15 pairs: 15 unbound."]);
    assert_eq!(env.links().len(), 20);
}

#[test]
fn a_rolled_back_stage_stops_its_batch() {
    let (env, file) = store();
    env.ok(&[
        "unbind",
        "--from-csv",
        file.to_str().unwrap(),
        "--stages",
        "30%,100%",
        "--reason",
        "r",
    ]);
    env.ok(&["rollback", "2", "--reason", "not now"]);
    env.run_at(&later(73), &["run-due"])
        .code(0)
        .err_has(&["Batch of plan 1 stopped: stage 1 (change 2) was rolled back by change 3."]);
    assert_eq!(env.plan_col::<String>(2, "status"), "rejected");
    assert_eq!(env.links().len(), 50);
}

#[test]
fn bad_stages_and_refused_batches_change_nothing() {
    let (env, file) = store();
    let file = file.to_str().unwrap();
    let before = env.snapshot();
    for (shares, needle) in [
        ("30%,60%", "the last stage must be 100%"),
        ("100%", "no staging"),
        ("60%,30%,100%", "must rise"),
        ("abc,100%", "not a percentage"),
    ] {
        env.run(&["unbind", "--from-csv", file, "--stages", shares])
            .code(2)
            .err_has(&[needle]);
    }
    env.run(&[
        "unbind",
        "--from-csv",
        file,
        "--stages",
        "30%,100%",
        "--effective-at",
        &later(5),
    ])
    .code(2)
    .err_has(&["a staged batch starts now"]);
    env.run(&["plan", "create", "--close", "SH01", "--stages", "30%,100%"])
        .code(2)
        .err_has(&["--stages splits an unbind batch"]);
    // SKU-00's last warehouse would go with BJ01: the whole batch is refused, no stage lands.
    let refused = env.write(
        "refused.csv",
        "product_id,warehouse_code\nSKU-00,SH01\nSKU-00,GZ01\nSKU-01,SH01\nSKU-00,BJ01\n",
    );
    env.run(&[
        "unbind",
        "--from-csv",
        refused.to_str().unwrap(),
        "--stages",
        "30%,100%",
    ])
    .code(3)
    .err_has(&["[stock-on-hand]", "No stage was applied"]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.count("plans"), 0);
}

#[test]
fn moves_go_in_stages_too_and_conserve_stock() {
    let (env, _) = store();
    // Every SKU's 5 units from BJ01 to SH01, in two stages.
    let mut moves = String::from("product_id,from,to,quantity\n");
    for i in 0..20 {
        moves.push_str(&format!("SKU-{i:02},BJ01,SH01,\n"));
    }
    let file = env.write("winter.csv", moves);
    let file = file.to_str().unwrap();
    env.ok(&[
        "move",
        "--from-csv",
        file,
        "--stages",
        "25%,100%",
        "--dry-run",
    ])
    .err_has(&[
        "In stages: stage 1 of 2: up to 25% of the batch, 5 source links",
        "Would move 100 units in 20 moves over 40 links.",
    ]);
    assert_eq!(env.count("plans"), 0);
    env.ok(&[
        "move",
        "--from-csv",
        file,
        "--stages",
        "25%,100%",
        "--reason",
        "winter",
    ])
    .err_has(&["Stage 1 of 2 (plan 1, 25% of the batch): 25 units in 5 moves over 10 links."]);
    assert_eq!(env.change_col::<String>(2, "kind"), "move");
    assert_eq!(stock(&env), 100);
    env.run(&["move", "--from-csv", file, "--stages", "25%,100%"])
        .code(3)
        .err_has(&["already applied by change 2"]);
    env.run(&[
        "move", "--sku", "SKU-01", "--from", "BJ01", "--to", "SH01", "--all", "--stages",
        "50%,100%",
    ])
    .code(2)
    .err_has(&["--stages splits a template"]);
    env.run(&["plan", "apply", "2", "--dry-run"])
        .code(3)
        .err_has(&["only once its change 2 has the verdict ok"]);
    env.run_at(&later(73), &["plan", "apply", "2", "--dry-run"])
        .code(0)
        .err_has(&["Would move 75 units in 15 moves over 30 links."]);
    env.run_at(&later(73), &["run-due"])
        .code(0)
        .err_has(&["Applied stage 2 of 2 (plan 2, after change 2 was ok): 75 units in 15 moves"]);
    let at_sh01: i64 = env
        .conn()
        .query_row(
            "SELECT sum(stock_quantity) FROM inventory_mapping WHERE warehouse_code = 'SH01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((at_sh01, stock(&env)), (100, 100));
    env.ok(&["check"]);
    env.ok(&["audit", "verify", "--state"]);
    // In spring, both stages come back as one template.
    let spring = env.path("spring");
    env.ok(&["reverse", "2", "3", "-o", spring.to_str().unwrap()])
        .err_has(&[
            "Wrote the way back from changes 2, 3 (move):",
            "20 moves, 100 units",
        ]);
    let back = env.path("spring.moves.csv");
    env.ok(&[
        "move",
        "--from-csv",
        back.to_str().unwrap(),
        "--reason",
        "spring",
    ]);
    let at_bj01: i64 = env
        .conn()
        .query_row(
            "SELECT sum(stock_quantity) FROM inventory_mapping WHERE warehouse_code = 'BJ01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((at_bj01, stock(&env)), (100, 100));
}

#[test]
fn a_plan_of_moves_in_stages_waits_for_one_approval() {
    let (env, _) = store();
    env.set_setting("approval_threshold", "5");
    let mut moves = String::from("product_id,from,to,quantity\n");
    for i in 0..20 {
        moves.push_str(&format!("SKU-{i:02},BJ01,SH01,2\n"));
    }
    let file = env.write("winter.csv", moves);
    let file = file.to_str().unwrap();
    env.run(&["move", "--from-csv", file, "--stages", "50%,100%"])
        .code(3)
        .err_has(&["more than approval_threshold (5)", "No stage was applied"]);
    let ann = |args: &[&str]| {
        env.cmd()
            .env("INVMAP_OPERATOR", "ann")
            .args(args)
            .output()
            .unwrap()
    };
    let made = ann(&[
        "plan",
        "create",
        "--move",
        "--from-csv",
        file,
        "--stages",
        "50%,100%",
        "--reason",
        "r",
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    env.ok(&["plan", "approve", "1"])
        .err_has(&["Plans 1, 2 (the 2 stages of the batch) approved by tester"]);
    env.ok(&["plan", "apply", "1"])
        .err_has(&["Stage 1 of 2 (plan 1, 50% of the batch): 20 units in 10 moves"]);
    env.run_at(&later(73), &["run-due"])
        .code(0)
        .err_has(&["Applied stage 2 of 2 (plan 2"]);
    assert_eq!(stock(&env), 100);
}

/// Review of issue 16: the ways around a batch's order are closed.
#[test]
fn a_stage_cannot_jump_its_turn() {
    let (env, file) = store();
    env.set_setting("approval_threshold", "10");
    let file = file.to_str().unwrap();
    let ann = |args: &[&str]| {
        env.cmd()
            .env("INVMAP_OPERATOR", "ann")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        ann(&[
            "plan",
            "create",
            "--from-csv",
            file,
            "--stages",
            "30%,100%",
            "--reason",
            "r"
        ])
        .status
        .success()
    );
    env.ok(&["plan", "show", "2"]).err_has(&[
        "Stage 2 of 2 of a batch of 30 pairs in all: plan 1 stage 1 (30%, 9 pairs, pending); plan 2 stage 2 (100%, 21 pairs, pending). One approval covers every stage",
    ]);
    env.ok(&["plan", "approve", "2"])
        .err_has(&["Plans 1, 2 (the 2 stages of the batch) approved by tester"]);
    // Scheduling a later stage would skip its turn and its verdict.
    env.run(&["plan", "apply", "2", "--effective-at", &later(100)])
        .code(2)
        .err_has(&["its time is set by the stage before it"]);
    env.run(&["plan", "apply", "2", "--dry-run"])
        .code(3)
        .err_has(&["stage 1 (plan 1) has not been applied yet"]);
    env.ok(&["plan", "apply", "1"]);
    // Stage 1 rolled back: the operator cannot apply stage 2 either.
    env.ok(&["rollback", "2", "--reason", "no"]);
    env.run_at(&later(80), &["plan", "apply", "2"])
        .code(3)
        .err_has(&["was rolled back by change 3: the batch stops there"]);
    env.ok(&["plan", "reject", "2", "--reason", "stopped"])
        .err_has(&["Plan 2 rejected: stage 2 of 2 and the stages after it."]);
}

#[test]
fn a_stage_with_no_pairs_is_refused_and_a_file_starts_one_batch_at_a_time() {
    let (env, _) = store();
    let three = env.write(
        "three.csv",
        "product_id,warehouse_code\nSKU-00,SH01\nSKU-01,SH01\nSKU-02,SH01\n",
    );
    let three = three.to_str().unwrap();
    env.run(&[
        "unbind",
        "--from-csv",
        three,
        "--stages",
        "30%,100%",
        "--dry-run",
    ])
    .code(4)
    .err_has(&["stage 1 would have no pairs in a batch of 3: use fewer stages or larger shares"]);
    env.run(&["unbind", "--from-csv", three, "--stages", "30%,100%"])
        .code(4);
    assert_eq!(env.count("plans"), 0);
    // A batch of plans is under way: the same file cannot start a second one.
    env.ok(&[
        "plan",
        "create",
        "--from-csv",
        three,
        "--stages",
        "34%,100%",
        "--reason",
        "r",
    ]);
    env.run(&[
        "plan",
        "create",
        "--from-csv",
        three,
        "--stages",
        "34%,100%",
        "--reason",
        "r",
    ])
    .code(3)
    .err_has(&["this file's batch in stages is under way (plan 1 and after"]);
    env.ok(&["plan", "reject", "1", "--reason", "not like this"])
        .err_has(&["Plans 1, 2 rejected"]);
    env.ok(&[
        "unbind",
        "--from-csv",
        three,
        "--stages",
        "34%,100%",
        "--reason",
        "r",
    ]);
    // Stage 1 applied the file: the same file again is refused.
    env.run(&["unbind", "--from-csv", three, "--stages", "34%,100%"])
        .code(3)
        .err_has(&["already applied by change 2"]);
    // A later stage of a direct batch can be stopped by hand.
    env.ok(&["plan", "reject", "4", "--reason", "enough"]);
    assert_eq!(env.plan_col::<String>(4, "status"), "rejected");
    env.run_at(&later(80), &["run-due"])
        .code(0)
        .err_has(&["Nothing due."]);
}

#[test]
fn reverse_leaves_out_a_rolled_back_stage_and_links_that_are_back() {
    let (env, _) = store();
    let mut moves = String::from("product_id,from,to,quantity\n");
    for i in 0..10 {
        moves.push_str(&format!("SKU-{i:02},BJ01,GZ01,\n"));
    }
    let file = env.write("m.csv", moves);
    env.ok(&[
        "move",
        "--from-csv",
        file.to_str().unwrap(),
        "--stages",
        "30%,100%",
        "--no-wait",
        "--reason",
        "r",
    ]);
    env.ok(&["rollback", "2", "--reason", "not yet"]);
    env.run(&["reverse", "2"])
        .code(3)
        .err_has(&["change 2 was rolled back by change 3: it has nothing to take back"]);
    env.run(&["plan", "apply", "2"])
        .code(3)
        .err_has(&["rolled back"]);
    assert_eq!(stock(&env), 100);
}

/// A first stage that would change nothing (moves of all of an empty link's stock) lands
/// nothing, and its batch is rejected rather than left waiting for a change that never came.
#[test]
fn a_first_stage_that_changes_nothing_rejects_its_batch() {
    let (env, _) = store();
    let before = env.links_and_changes();
    let file = env.write(
        "empty.csv",
        "product_id,from,to,quantity\nSKU-00,SH01,BJ01,\nSKU-01,SH01,BJ01,\n",
    );
    env.run(&["move", "--from-csv", file.to_str().unwrap(), "--stages", "50%,100%", "--reason", "r"])
        .code(3)
        .err_has(&["refused: stage 1 changed nothing (0 units in 1 move over 0 links); plans 1–2 are rejected. Nothing was changed."]);
    // The plans and their rejection stay on the audit trail; links and changes are as before.
    assert_eq!(env.links_and_changes(), before);
    assert_eq!(env.plan_col::<String>(1, "status"), "rejected");
    assert_eq!(env.plan_col::<String>(2, "status"), "rejected");
}
