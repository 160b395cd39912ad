//! `invmap plan create|list|show|approve|reject|apply`: the two-person control (SPEC §4,
//! issue 4). A change over `approval_threshold` is sent to `plan create`; another operator
//! approves; `plan apply` runs every check again and refuses an approval older than
//! `plan_max_age_hours`. Scheduling an approved plan (`plan apply --effective-at`) is in
//! run_due.rs; applying one inside a blackout window is in blackout.rs.
//!
//! Time is replayed with `INVMAP_NOW` (`TestEnv::run_at`), never slept through.

use crate::env::{NOW, OPERATOR, TestEnv, UNBIND_1002_SH01, later, order, with, without};

/// The two-pair template: SKU-1002 @ SH01 (empty) and SKU-1001 @ BJ01 (40 units → SH01).
fn two_pairs(env: &TestEnv) -> String {
    env.write(
        "two.csv",
        "product_id,warehouse_code,transfer_to,reason\n\
         SKU-1002,SH01,,gone\n\
         SKU-1001,BJ01,SH01,consolidate\n",
    )
    .to_str()
    .unwrap()
    .to_string()
}

#[test]
fn a_batch_over_the_threshold_is_sent_to_plan_create() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    let t = two_pairs(&env);
    let before = env.snapshot();
    for extra in [&[][..], &["--dry-run"][..]] {
        env.run(&with(&["unbind", "--from-csv", &t], extra))
            .code(3)
            .err_has(&["2 pairs", "approval_threshold (1)", "plan create"]);
        assert_eq!(env.snapshot(), before);
    }
    // Scheduling it for later is no way around the approval.
    env.run(&["unbind", "--from-csv", &t, "--effective-at", &later(24)])
        .code(3)
        .err_has(&["plan create"]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.count("plans"), 0);
    // One pair is within the threshold.
    env.ok(&with(UNBIND_1002_SH01, &["--dry-run"]));
}

#[test]
fn approval_threshold_zero_refuses_every_change() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "0"]);
    let before = env.snapshot();
    env.run(UNBIND_1002_SH01)
        .code(3)
        .err_has(&["1 pair", "approval_threshold (0)", "plan create"]);
    assert_eq!(env.snapshot(), before);
    // The way out: a plan of the same pair, approved by someone else.
    let created = env.json(&[
        "plan",
        "create",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "no longer stocked",
    ]);
    let id = created["id"].as_i64().unwrap();
    env.ok(&["--operator", "bob", "plan", "approve", &id.to_string()]);
    env.ok(&["plan", "apply", &id.to_string()]);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
}

#[test]
fn plan_create_approve_by_another_operator_and_apply() {
    let env = TestEnv::example_store();
    let t = two_pairs(&env);
    let before = env.snapshot();
    let created = env.ok(&[
        "--format",
        "json",
        "plan",
        "create",
        "--from-csv",
        &t,
        "--reason",
        "tidy up",
        "--ticket",
        "OPS-7",
    ]);
    let plan = created.json();
    assert_eq!(plan["id"], 1);
    assert_eq!(plan["status"], "pending");
    assert_eq!(plan["creator"], OPERATOR);
    assert_eq!(plan["pairs"], 2);
    assert_eq!(plan["reason"], "tidy up");
    assert!(
        created.stderr.contains("plan approve 1"),
        "{}",
        created.stderr
    );
    assert_eq!(env.links(), before.links, "creating a plan changes no link");
    assert_eq!(env.count("changes"), before.changes);

    env.ok(&["plan", "list"])
        .out_has(&["pending", OPERATOR, "tidy up"]);
    let listed = env.json(&["plan", "list"]);
    assert_eq!(listed[0]["id"], 1);
    let shown = env.json(&["plan", "show", "1"]);
    assert_eq!(shown["plan"]["id"], 1);
    let pairs = shown["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    assert_eq!(
        (
            &pairs[1]["product_id"],
            &pairs[1]["warehouse_code"],
            &pairs[1]["transfer_to"]
        ),
        (
            &serde_json::json!("SKU-1001"),
            &serde_json::json!("BJ01"),
            &serde_json::json!("SH01")
        )
    );
    env.ok(&["plan", "show", "1"])
        .out_has(&["SKU-1002", "SH01", "tidy up"]);
    env.run(&["plan", "show", "9"])
        .code(4)
        .err_has(&["no such plan"]);

    // The creator cannot approve; nobody can apply before approval.
    let state = env.links_and_changes();
    env.run(&["plan", "approve", "1"])
        .code(3)
        .err_has(&[OPERATOR, "cannot approve", "--operator"]);
    env.run(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["not been approved", "plan approve 1"]);
    assert_eq!(env.links_and_changes(), state);
    assert_eq!(env.plan_col::<String>(1, "status"), "pending");

    env.ok(&["--operator", "bob", "plan", "approve", "1"])
        .err_has(&["approved by bob"]);
    assert_eq!(env.plan_col::<String>(1, "approver"), "bob");
    env.ok(&["plan", "apply", "1"])
        .err_has(&["2 pairs", "Change 2 recorded"]);
    let mut expected = without(
        &before.links,
        &[
            ("SKU-1002", "SH01"),
            ("SKU-1001", "BJ01"),
            ("SKU-1001", "SH01"),
        ],
    );
    expected.push(("SKU-1001".into(), "SH01".into(), 160));
    expected.sort();
    assert_eq!(env.links(), expected);

    // The change records the plan, who approved it, and the plan's reason and ticket.
    assert_eq!(env.change_col::<String>(2, "kind"), "unbind");
    assert_eq!(env.change_col::<i64>(2, "plan_id"), 1);
    assert_eq!(env.change_col::<String>(2, "approved_by"), "bob");
    assert_eq!(env.change_col::<String>(2, "reason"), "tidy up");
    assert_eq!(env.change_col::<String>(2, "ticket"), "OPS-7");
    assert_eq!(env.plan_col::<String>(1, "status"), "applied");
    assert_eq!(env.plan_col::<i64>(1, "applied_change"), 2);
    let entries = env.audit_entries();
    let apply = entries
        .iter()
        .find(|e| e["action"] == "plan-apply")
        .unwrap_or_else(|| panic!("no plan-apply entry: {entries:?}"));
    assert_eq!(apply["change_id"], 2);
    assert!(apply["detail"].as_str().unwrap().contains("bob"), "{apply}");
    assert!(entries.iter().any(|e| e["action"] == "plan-approve"
        && e["operator"] == "bob"
        && e["detail"].as_str().unwrap().contains(OPERATOR)));

    // Applying twice is refused, and so is approving an applied plan.
    let state = env.links_and_changes();
    env.run(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["already applied by change 2"]);
    env.run(&["--operator", "carol", "plan", "approve", "1"])
        .code(3);
    assert_eq!(env.links_and_changes(), state);
    env.ok(&["audit", "verify"]);
}

#[test]
fn a_rejected_plan_cannot_be_applied_or_approved() {
    let env = TestEnv::example_store();
    let created = env.json(&[
        "plan",
        "create",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--write-off",
        "--reason",
        "damaged stock",
    ]);
    assert_eq!(created["id"], 1);
    assert_eq!(created["options"]["write_off"], true);
    let state = env.links_and_changes();
    env.run(&["plan", "reject", "1"]).code(2);
    env.ok(&[
        "--operator",
        "bob",
        "plan",
        "reject",
        "1",
        "--reason",
        "count first",
    ]);
    assert_eq!(env.plan_col::<String>(1, "status"), "rejected");
    assert_eq!(env.plan_col::<String>(1, "reject_reason"), "count first");
    env.run(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["rejected"]);
    env.run(&["--operator", "carol", "plan", "approve", "1"])
        .code(3)
        .err_has(&["rejected"]);
    assert_eq!(env.links_and_changes(), state);
}

#[test]
fn plan_apply_runs_every_check_again() {
    let env = TestEnv::example_store();
    env.ok(&[
        "plan",
        "create",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "r",
    ]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    // The data moves on after approval: an order arrives for the pair.
    order(&env, "SO-9001", "SKU-1002", "SH01", "open");
    let before = env.snapshot();
    env.run(&["plan", "apply", "1"]).code(3).err_has(&[
        "SKU-1002 @ SH01",
        "1 open order",
        "[open-orders]",
    ]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.plan_col::<String>(1, "status"), "approved");
    // Once it has shipped, the same plan applies.
    order(&env, "SO-9001", "SKU-1002", "SH01", "shipped");
    env.ok(&["plan", "apply", "1"]);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
}

#[test]
fn an_old_approval_must_be_given_again() {
    let env = TestEnv::example_store();
    env.ok(&[
        "plan",
        "create",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "r",
    ]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    let before = env.snapshot();
    let t = later(73);
    env.run_at(&t, &["plan", "apply", "1"]).code(3).err_has(&[
        "approved at",
        NOW,
        "plan_max_age_hours",
        "approve it again",
    ]);
    assert_eq!(env.snapshot(), before);
    // The creator still cannot; another operator can approve again, and then it applies.
    env.run_at(&t, &["plan", "approve", "1"]).code(3);
    env.run_at(&t, &["--operator", "carol", "plan", "approve", "1"])
        .code(0);
    env.run_at(&t, &["plan", "apply", "1"]).code(0);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
    assert_eq!(env.change_col::<String>(2, "approved_by"), "carol");
}

/// The two-person rule compares names after trimming, NFKC and case folding, so a variant of
/// the creator's own name is not a second person; an empty name is no one at all.
#[test]
fn a_variant_of_the_creators_name_or_no_name_cannot_approve() {
    let env = TestEnv::example_store();
    let t = two_pairs(&env);
    env.ok(&["--operator", "Op", "plan", "create", "--from-csv", &t]);
    for variant in ["op", " op", "OP ", "ｏｐ", "\u{3000}Op"] {
        env.run(&["--operator", variant, "plan", "approve", "1"])
            .code(3)
            .err_has(&["cannot approve it too"]);
    }
    for blank in ["", " ", "\u{3000}"] {
        env.run(&["--operator", blank, "plan", "approve", "1"])
            .code(2)
            .err_has(&["no operator name"]);
    }
    assert_eq!(env.plan_col::<String>(1, "status"), "pending");
    env.run(&[
        "--operator",
        "",
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
    ])
    .code(2)
    .err_has(&["no operator name"]);
    assert_eq!(env.count("changes"), 1, "only the import");
}

/// Issue 17: the "template already applied" guard holds for plans too — at `plan create`,
/// and at `plan apply` (read inside the change's transaction), unless created with --again.
#[test]
fn a_plan_of_a_template_applied_meanwhile_is_refused() {
    let env = TestEnv::example_store();
    let t = two_pairs(&env);
    env.ok(&["--operator", "ana", "plan", "create", "--from-csv", &t]); // plan 1
    env.ok(&["--operator", "bo", "plan", "approve", "1"]);
    env.ok(&["unbind", "--from-csv", &t]); // the same file, applied directly
    let before = env.snapshot();
    env.run(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["was already applied by change 2", "--again"]);
    assert_eq!(env.snapshot(), before);
    env.run(&["plan", "create", "--from-csv", &t])
        .code(3)
        .err_has(&["was already applied by change 2"]);
    // --again lifts the guard: the plan is then judged on its pairs (unbound by now).
    env.run(&["plan", "create", "--from-csv", &t, "--again"])
        .code(4)
        .err_has(&["pair not bound"]);
}

/// Issue 17: plans carry every kind of change. Over the threshold, a rollback, a close and a
/// bind are each planned by one operator, approved by another and applied through the same
/// door (checks run again, the plan marked applied in the change).
#[test]
fn plans_carry_rollbacks_closes_and_binds() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "0"]);
    // A bind: every change needs a plan at threshold 0.
    env.run(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        "--qty",
        "5",
    ])
    .code(3)
    .err_has(&["plan create --bind --sku SKU-1003 --warehouse SH01"]);
    env.ok(&[
        "--operator",
        "ana",
        "plan",
        "create",
        "--bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        "--qty",
        "5",
        "--reason",
        "second site",
    ]); // plan 1
    env.ok(&["--operator", "bo", "plan", "approve", "1"]);
    env.ok(&["plan", "apply", "1"])
        .err_has(&["Applied plan 1."]);
    assert_eq!(env.link("SKU-1003", "SH01"), Some((5, "active".into())));
    let bind_change = env.last_change();
    assert_eq!(env.change_col::<String>(bind_change, "approved_by"), "bo");
    assert_eq!(env.plan_col::<String>(1, "status"), "applied");
    // A close: GZ01 orphans nobody now (SKU-1003 ships from SH01 too).
    env.ok(&[
        "--operator",
        "ana",
        "plan",
        "create",
        "--close",
        "GZ01",
        "--reason",
        "lease",
    ]);
    env.ok(&["--operator", "bo", "plan", "approve", "2"]);
    env.ok(&["plan", "apply", "2"]);
    let status: String = env
        .conn()
        .query_row(
            "SELECT status FROM warehouses WHERE code = 'GZ01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "closed");
    // A rollback of the bind: its 5 units would leave the books, so the plan is refused
    // unless it forces, with a reason.
    let id = bind_change.to_string();
    env.run(&["--operator", "ana", "plan", "create", "--rollback", &id])
        .code(3)
        .err_has(&["[stock-on-hand]", "No plan was created"]);
    env.ok(&[
        "--operator",
        "ana",
        "plan",
        "create",
        "--rollback",
        &id,
        "--force",
        "--reason",
        "bound by mistake",
    ]); // plan 3
    env.run(&["--operator", "ana", "plan", "approve", "3"])
        .code(3);
    env.ok(&["--operator", "bo", "plan", "approve", "3"]);
    env.ok(&["plan", "apply", "3"])
        .err_has(&["forced:", "Applied plan 3."]);
    assert_eq!(env.link("SKU-1003", "SH01"), None);
    let summary: String = env.change_col(env.last_change(), "summary");
    assert!(summary.contains("stock-on-hand"), "{summary}");
}

/// A restore plan remembers the backup's checksum: a file changed since is refused.
#[test]
fn a_restore_plan_refuses_a_backup_changed_since() {
    let env = TestEnv::example_store();
    let file = env.path("b.csv");
    env.ok(&["backup", "-o", file.to_str().unwrap()]);
    env.ok(&[
        "--operator",
        "ana",
        "plan",
        "create",
        "--restore",
        file.to_str().unwrap(),
    ]);
    env.ok(&["--operator", "bo", "plan", "approve", "1"]);
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace(",120,", ",121,");
    std::fs::write(&file, text).unwrap();
    std::fs::remove_file(env.path("b.csv.sha256")).unwrap();
    env.run(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["changed since plan 1 was made"]);
}

/// `plan create` of an unbind batch whose pairs are refused creates no plan, unless
/// --with-refusals keeps them as known refusals.
#[test]
fn plan_create_refuses_refused_pairs_unless_with_refusals() {
    let env = TestEnv::example_store();
    let args = ["plan", "create", "--sku", "SKU-1003", "--warehouse", "GZ01"];
    env.run(&args)
        .code(3)
        .err_has(&["[open-orders]", "No plan was created", "--with-refusals"]);
    assert_eq!(env.count("plans"), 0);
    let mut with = args.to_vec();
    with.push("--with-refusals");
    env.ok(&with)
        .err_has(&["would be refused", "Plan 1 created"]);
}

/// Issue 17: `plan apply --report` writes the outcome of every pair, after the commit.
#[test]
fn plan_apply_writes_a_report() {
    let env = TestEnv::example_store();
    let t = two_pairs(&env);
    env.ok(&["--operator", "ana", "plan", "create", "--from-csv", &t]);
    env.ok(&["--operator", "bo", "plan", "approve", "1"]);
    let report = env.path("out.csv");
    env.ok(&["plan", "apply", "1", "--report", report.to_str().unwrap()]);
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.starts_with("line,product_id,warehouse_code,outcome,reason,change_id\n"));
    assert!(text.contains("SKU-1002,SH01,unbound"), "{text}");
    assert!(text.contains("SKU-1001,BJ01,transferred"), "{text}");
}

/// `--effective-at` schedules unbind plans only: any other kind is a usage error (exit 2).
#[test]
fn only_unbind_plans_can_be_scheduled() {
    let env = TestEnv::example_store();
    env.ok(&["--operator", "ana", "plan", "create", "--close", "BJ01"]);
    env.ok(&["--operator", "bo", "plan", "approve", "1"]);
    env.run(&[
        "plan",
        "apply",
        "1",
        "--effective-at",
        "2026-11-28T09:00:00Z",
    ])
    .code(2)
    .err_has(&["--effective-at schedules unbind plans; plan 1 is a close"]);
    assert_eq!(env.plan_col::<String>(1, "status"), "approved");
}
