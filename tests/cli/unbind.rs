//! `invmap unbind`: single pairs, the dry run, every safety refusal and its way out,
//! templates applied twice, the `--report` file, and orders left alone.

use crate::env::{Snapshot, TestEnv, order, without};

/// What every safety-rule refusal ends with.
const RULE_REFUSAL: &str = "refused; nothing was changed.";

fn pair(sku: &str, wh: &str, qty: i64) -> (String, String, i64) {
    (sku.to_string(), wh.to_string(), qty)
}

/// Runs a refused unbind: exit 3, the pair, the rule and the way out named, nothing changed.
/// A safety rule also says so in words (`RULE_REFUSAL`).
#[track_caller]
fn refused(env: &TestEnv, args: &[&str], needles: &[&str]) -> String {
    let before: Snapshot = env.snapshot();
    let mut full = vec!["unbind"];
    full.extend(args);
    let out = env.run(&full).code(3).err_has(needles);
    assert_eq!(env.snapshot(), before, "a refusal changed the store");
    // The dry run says the same and exits the same.
    full.push("--dry-run");
    env.run(&full).code(3).err_has(needles);
    assert_eq!(env.snapshot(), before, "a dry run changed the store");
    out.stderr
}

/// One before-image row of `change_items`: (before_present, before_qty, after_present, after_qty).
fn item(env: &TestEnv, change: i64, sku: &str, wh: &str) -> (i64, Option<i64>, i64, Option<i64>) {
    env.conn()
        .query_row(
            "SELECT before_present, before_qty, after_present, after_qty FROM change_items
             WHERE change_id = ?1 AND product_id = ?2 AND warehouse_code = ?3",
            rusqlite::params![change, sku, wh],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

#[test]
fn single_pair_is_unbound_with_a_rollback_point() {
    let env = TestEnv::example_store();
    let before = env.links();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "no longer stocked",
        "--ticket",
        "OPS-1",
    ])
    .err_has(&[
        "1 pair: 1 unbound",
        "Change 2 recorded",
        "invmap rollback 2",
        "Audit chain head",
    ]);
    assert_eq!(env.links(), without(&before, &[("SKU-1002", "SH01")]));
    assert_eq!(item(&env, 2, "SKU-1002", "SH01"), (1, Some(0), 0, None));
    let (kind, operator, reason, ticket): (String, String, String, String) = env
        .conn()
        .query_row(
            "SELECT kind, operator, reason, ticket FROM changes WHERE id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (
            kind.as_str(),
            operator.as_str(),
            reason.as_str(),
            ticket.as_str()
        ),
        ("unbind", crate::env::OPERATOR, "no longer stocked", "OPS-1")
    );
}

#[test]
fn dry_run_exits_like_the_real_run_and_changes_nothing() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let ok = env
        .ok(&[
            "unbind",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "SH01",
            "--dry-run",
        ])
        .out_has(&["SKU-1002", "SH01", "unbind"])
        .err_has(&["Would change 1 pair", "Dry run: nothing was changed"]);
    assert!(!ok.stderr.contains("recorded"));
    env.run(&[
        "unbind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "GZ01",
        "--dry-run",
    ])
    .code(3);
    env.run(&[
        "unbind",
        "--sku",
        "SKU-9999",
        "--warehouse",
        "GZ01",
        "--dry-run",
    ])
    .code(4)
    .err_has(&["SKU-9999"]);
    env.run(&["unbind", "--sku", "SKU-9999", "--warehouse", "GZ01"])
        .code(4);
    env.run(&["unbind", "--sku", "SKU-1001", "--warehouse", "GZ01"])
        .code(4)
        .err_has(&["pair not bound"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn unpaired_flags_are_a_usage_error() {
    let env = TestEnv::example_store();
    env.run(&["unbind", "--sku", "SKU-1002"])
        .code(2)
        .err_has(&["in pairs"]);
}

#[test]
fn open_orders_refused_and_drain_marks_the_link_draining() {
    let env = TestEnv::example_store();
    order(&env, "SO-9001", "SKU-1002", "SH01", "open");
    refused(
        &env,
        &["--sku", "SKU-1002", "--warehouse", "SH01"],
        &[
            "SKU-1002 @ SH01",
            "1 open order",
            "--drain",
            "[open-orders]",
            RULE_REFUSAL,
        ],
    );
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--drain",
    ])
    .err_has(&["1 draining"]);
    assert_eq!(env.link("SKU-1002", "SH01"), Some((0, "draining".into())));
    let started: Option<String> = env
        .conn()
        .query_row(
            "SELECT drain_started_at FROM inventory_mapping WHERE product_id='SKU-1002' AND warehouse_code='SH01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(started.as_deref(), Some(crate::env::NOW));
}

#[test]
fn stock_on_hand_refused_then_transferred() {
    let env = TestEnv::example_store();
    refused(
        &env,
        &["--sku", "SKU-1001", "--warehouse", "BJ01"],
        &[
            "SKU-1001 @ BJ01",
            "holds 40 units",
            "--transfer-to",
            "--write-off",
            "[stock-on-hand]",
            RULE_REFUSAL,
        ],
    );
    let before = env.links();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "SH01",
    ])
    .err_has(&["1 transferred (40 units moved)"]);
    let mut expected = without(&before, &[("SKU-1001", "BJ01"), ("SKU-1001", "SH01")]);
    expected.push(pair("SKU-1001", "SH01", 160));
    expected.sort();
    assert_eq!(env.links(), expected);
    assert_eq!(item(&env, 2, "SKU-1001", "BJ01"), (1, Some(40), 0, None));
    assert_eq!(
        item(&env, 2, "SKU-1001", "SH01"),
        (1, Some(120), 1, Some(160))
    );
}

#[test]
fn unknown_transfer_target_is_an_input_error() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    env.run(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "XX09",
    ])
    .code(4)
    .err_has(&["--transfer-to", "XX09", "unknown"]);
    env.run(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "BJ01",
    ])
    .code(4)
    .err_has(&["the warehouse being unbound"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn transfer_creates_the_target_link_when_missing() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "GZ01",
        "--transfer-to",
        "BJ01",
    ]);
    assert_eq!(env.link("SKU-1002", "BJ01"), Some((75, "active".into())));
    assert_eq!(env.link("SKU-1002", "GZ01"), None);
    assert_eq!(item(&env, 2, "SKU-1002", "BJ01"), (0, None, 1, Some(75)));
    // Issue 16: the new link ranks as the link it takes over from (priority 2), not 100.
    assert_eq!(priority(&env, "SKU-1002", "BJ01"), Some(2));
    // And the rollback removes the created link and puts the stock back.
    env.ok(&["rollback", "2"]);
    assert_eq!(env.link("SKU-1002", "BJ01"), None);
    assert_eq!(env.link("SKU-1002", "GZ01"), Some((75, "active".into())));
}

#[test]
fn write_off_records_the_quantity() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--write-off",
    ])
    .err_has(&["1 written off (40 units)"]);
    assert_eq!(env.link("SKU-1001", "BJ01"), None);
    assert_eq!(env.link("SKU-1001", "SH01"), Some((120, "active".into())));
    assert_eq!(item(&env, 2, "SKU-1001", "BJ01"), (1, Some(40), 0, None));
    let v = env.json(&["changes", "show", "2"]);
    assert_eq!(v["summary"]["units_written_off"], 40);
}

#[test]
fn last_active_warehouse_needs_allow_orphan() {
    let env = TestEnv::example_store();
    env.ok(&["bind", "--sku", "SKU-2000", "--warehouse", "SH01"]);
    refused(
        &env,
        &["--sku", "SKU-2000", "--warehouse", "SH01"],
        &[
            "SKU-2000 @ SH01",
            "last active warehouse",
            "--allow-orphan",
            "[last-warehouse]",
            RULE_REFUSAL,
        ],
    );
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-2000",
        "--warehouse",
        "SH01",
        "--allow-orphan",
    ]);
    assert_eq!(env.link("SKU-2000", "SH01"), None);
}

#[test]
fn unbinding_every_link_of_a_sku_in_one_batch_is_the_last_warehouse_rule() {
    let env = TestEnv::example_store();
    refused(
        &env,
        &[
            "--sku",
            "SKU-1002",
            "--warehouse",
            "SH01",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "GZ01",
            "--write-off",
        ],
        &["[last-warehouse]", RULE_REFUSAL],
    );
}

/// A link in a closed warehouse takes no orders: it does not keep a SKU routable.
#[test]
fn a_link_in_a_closed_warehouse_does_not_count_as_another_warehouse() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "close", "GZ01", "--allow-orphan"]);
    refused(
        &env,
        &["--sku", "SKU-1002", "--warehouse", "SH01"],
        &["SKU-1002 @ SH01", "[last-warehouse]", RULE_REFUSAL],
    );
    // The same SKU's links are fine while GZ01 is open.
    let open = TestEnv::example_store();
    open.ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
}

#[test]
fn closed_warehouse_is_refused_as_transfer_target() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "close", "GZ01", "--allow-orphan"]);
    refused(
        &env,
        &[
            "--sku",
            "SKU-1001",
            "--warehouse",
            "BJ01",
            "--transfer-to",
            "GZ01",
        ],
        &[
            "SKU-1001 @ BJ01",
            "GZ01",
            "closed",
            "[closed-target]",
            RULE_REFUSAL,
        ],
    );
}

#[test]
fn region_cover_warns_or_refuses_by_setting() {
    let env = TestEnv::example_store();
    let dry = env
        .ok(&[
            "unbind",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "SH01",
            "--dry-run",
        ])
        .err_has(&["warning:", "no active warehouse in region East"]);
    assert!(dry.stderr.contains("SKU-1002 @ SH01"));
    env.set_setting("require_region_cover", "on");
    refused(
        &env,
        &["--sku", "SKU-1002", "--warehouse", "SH01"],
        &[
            "SKU-1002 @ SH01",
            "region East",
            "--allow-region-gap",
            "[region-cover]",
            RULE_REFUSAL,
        ],
    );
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--allow-region-gap",
    ])
    .err_has(&["1 unbound"]);
}

#[test]
fn template_applied_twice_is_refused_naming_the_change() {
    let env = TestEnv::example_store();
    let t = env.write("t.csv", "product_id,warehouse_code\nSKU-1002,SH01\n");
    let t = t.to_str().unwrap();
    env.ok(&["unbind", "--from-csv", t, "--reason", "first"]);
    // Bound again by hand (not by a rollback): running the same file again is the mistake.
    env.ok(&["bind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    refused(
        &env,
        &["--from-csv", t],
        &["already applied by change 2", "--again", "changes show 2"],
    );
    env.ok(&["unbind", "--from-csv", t, "--again"])
        .err_has(&["1 unbound"]);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
}

#[test]
fn template_rolled_back_may_be_applied_again() {
    let env = TestEnv::example_store();
    let t = env.write("t.csv", "product_id,warehouse_code\nSKU-1002,SH01\n");
    let t = t.to_str().unwrap();
    env.ok(&["unbind", "--from-csv", t]);
    env.ok(&["rollback", "2"]);
    env.ok(&["unbind", "--from-csv", t]).err_has(&["1 unbound"]);
}

#[test]
fn report_has_one_row_per_input_line() {
    let env = TestEnv::example_store();
    let t = env.write(
        "t.csv",
        "product_id,warehouse_code,transfer_to,reason\n\
         SKU-1002,SH01,,gone\n\
         SKU-1001,BJ01,SH01,consolidate\n\
         SKU-1002,SH01,,again\n",
    );
    env.ok(&[
        "unbind",
        "--from-csv",
        t.to_str().unwrap(),
        "--report",
        "report.csv",
    ]);
    let report = std::fs::read_to_string(env.path("report.csv")).unwrap();
    let rows: Vec<Vec<&str>> = report.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "line",
            "product_id",
            "warehouse_code",
            "outcome",
            "reason",
            "change_id"
        ]
    );
    assert_eq!(rows.len(), 4, "{report}");
    let outcome = |line: &str| {
        rows.iter()
            .find(|r| r[0] == line)
            .map(|r| (r[3], *r.last().unwrap()))
            .unwrap_or_else(|| panic!("no row for line {line}: {report}"))
    };
    assert_eq!(outcome("2"), ("unbound", "2"));
    assert_eq!(outcome("3"), ("transferred", "2"));
    assert_eq!(outcome("4").0, "duplicate");
}

#[test]
fn report_of_a_refused_batch_says_refused() {
    let env = TestEnv::example_store();
    let t = env.write(
        "t.csv",
        "product_id,warehouse_code\nSKU-1002,SH01\nSKU-1001,BJ01\n",
    );
    env.run(&[
        "unbind",
        "--from-csv",
        t.to_str().unwrap(),
        "--report",
        "r.csv",
    ])
    .code(3);
    let report = std::fs::read_to_string(env.path("r.csv")).unwrap();
    let refused_row = report
        .lines()
        .find(|l| l.starts_with("3,"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        refused_row.contains("refused") && refused_row.contains("40 units"),
        "{report}"
    );
    assert!(
        refused_row.ends_with(','),
        "no change id for a refused batch: {report}"
    );
}

#[test]
fn orders_are_never_modified() {
    let env = TestEnv::example_store();
    let before = env.dump("orders");
    env.ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "GZ01",
        "--drain",
        "--allow-orphan",
    ]);
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "SH01",
    ]);
    env.ok(&["rollback", "last"]);
    assert_eq!(env.dump("orders"), before);
    // SO-0004 still names BJ01 although the link is gone and back.
    assert!(
        env.dump("orders")
            .iter()
            .any(|o| o.contains("SO-0004") && o.contains("BJ01"))
    );
}

#[test]

fn transfer_target_unbound_in_the_same_batch_is_a_clear_refusal() {
    let env = TestEnv::example_store();
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "GZ01",
        "--qty",
        "15",
    ]);
    let before = env.snapshot();
    let t = env.write(
        "chain.csv",
        "product_id,warehouse_code,transfer_to\nSKU-1001,BJ01,GZ01\nSKU-1001,GZ01,SH01\n",
    );
    let out = env.run(&["unbind", "--from-csv", t.to_str().unwrap()]);
    assert_eq!(env.snapshot(), before, "nothing changed");
    assert!(
        out.code == 3 || out.code == 4,
        "exit {} (expected a refusal or input error)\n{}",
        out.code,
        out.stderr
    );
    assert!(!out.stderr.contains("UNIQUE constraint"), "{}", out.stderr);
    assert!(
        out.stderr.contains("line 2") || out.stderr.contains(":2:"),
        "{}",
        out.stderr
    );
}

/// Issue 17: a dry run above the approval threshold lists every per-pair refusal, then says
/// a plan is needed (it used to say only the latter).
#[test]
fn a_dry_run_above_the_threshold_lists_every_refusal() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    let t = env.write(
        "t.csv",
        "product_id,warehouse_code\nSKU-1003,GZ01\nSKU-1002,SH01\n",
    );
    env.run(&["unbind", "--from-csv", t.to_str().unwrap(), "--dry-run"])
        .code(3)
        .err_has(&[
            "SKU-1003 @ GZ01",
            "[open-orders]",
            "more than approval_threshold (1)",
        ]);
}

/// Issue 17: stock stays a whole number in 0 … 10^12 whatever the arithmetic — a transfer
/// that would add up past it fails, nothing changed, instead of turning stock into a REAL.
#[test]
fn a_transfer_past_the_stock_bound_fails_and_changes_nothing() {
    let env = TestEnv::example_store();
    for wh in ["SH01", "BJ01"] {
        env.ok(&[
            "bind",
            "--sku",
            "SKU-1001",
            "--warehouse",
            wh,
            "--qty",
            "1000000000000",
        ]);
    }
    let before = env.snapshot();
    let out = env.run(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "SH01",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("with 2000000000000 units, more than a link may hold"),
        "{}",
        out.stderr
    );
    assert_eq!(env.snapshot(), before);
    env.ok(&["export", "mappings"]);
}

/// Issue 17: a `transfer_to` whose stock does not move now still gets its target link, from
/// now — a zero-stock row, or a drain (whose stock moves when it finishes) — so the SKU keeps
/// a warehouse that takes orders, and route sends new orders there during the drain.
#[test]
fn a_transfer_target_exists_from_the_start_even_without_stock_to_move() {
    let env = TestEnv::example_store();
    // SKU-1002 @ SH01 holds nothing: its transfer_to still creates the BJ01 link.
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--transfer-to",
        "BJ01",
    ]);
    assert_eq!(env.link("SKU-1002", "BJ01"), Some((0, "active".into())));
    // SKU-1003's only link drains towards SH01: the SH01 link is there from the start, and
    // new orders route to it rather than to the draining link.
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "GZ01",
        "--drain",
        "--transfer-to",
        "SH01",
    ]);
    assert_eq!(env.link("SKU-1003", "SH01"), Some((0, "active".into())));
    let route = env.json(&["route", "--sku", "SKU-1003"]);
    assert_eq!(route[0]["warehouse_code"], "SH01", "{route}");
    // Without a target, draining the only link is the last-warehouse rule.
    let env = TestEnv::example_store();
    env.run(&[
        "unbind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "GZ01",
        "--drain",
    ])
    .code(3)
    .err_has(&["[last-warehouse]"]);
}

fn priority(env: &TestEnv, sku: &str, wh: &str) -> Option<i64> {
    env.conn()
        .query_row(
            "SELECT priority FROM inventory_mapping WHERE product_id = ?1 AND warehouse_code = ?2",
            [sku, wh],
            |r| r.get(0),
        )
        .ok()
}

/// A target created for a link with no stock to move ranks as that link too.
#[test]
fn a_zero_stock_transfer_target_inherits_the_sources_priority() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--transfer-to",
        "BJ01",
    ]);
    assert_eq!(priority(&env, "SKU-1002", "BJ01"), Some(1));
}

/// Issue 16 item 2: the unbind template's `priority` column gives the transfer target's
/// priority when the unbind creates its link — in a plan too.
#[test]
fn the_templates_priority_column_ranks_a_created_target() {
    let env = TestEnv::example_store();
    let t = env.write(
        "t.csv",
        "product_id,warehouse_code,transfer_to,reason,priority\nSKU-1002,GZ01,BJ01,,7\n",
    );
    env.ok(&["unbind", "--from-csv", t.to_str().unwrap()]);
    assert_eq!(priority(&env, "SKU-1002", "BJ01"), Some(7));
    let bad = env.write(
        "bad.csv",
        "product_id,warehouse_code,transfer_to,priority\nSKU-1001,BJ01,GZ01,high\n",
    );
    env.run(&["unbind", "--from-csv", bad.to_str().unwrap()])
        .code(4)
        .err_has(&["bad.csv:2: priority: \"high\": not a priority"]);
    let planned = env.write(
        "p.csv",
        "product_id,warehouse_code,transfer_to,priority\nSKU-1001,BJ01,GZ01,3\n",
    );
    env.ok(&[
        "plan",
        "create",
        "--from-csv",
        planned.to_str().unwrap(),
        "--reason",
        "r",
    ]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"]);
    assert_eq!(priority(&env, "SKU-1001", "GZ01"), Some(3));
}
