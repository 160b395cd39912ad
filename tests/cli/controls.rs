//! The operating controls (SPEC §3–§5, issue 4): `settings`, two-person plans, blackout
//! windows, drains, scheduled unbinds, `run-due` and the observation period.
//!
//! Time is replayed with `INVMAP_NOW` (`TestEnv::run_at`), never slept through.

use crate::env::{NOW, OPERATOR, Out, TestEnv, UNBIND_1002_SH01, later, order, with, without};

/// Changes of this kind.
fn changes_of_kind(env: &TestEnv, kind: &str) -> i64 {
    env.conn()
        .query_row(
            "SELECT count(*) FROM changes WHERE kind = ?1",
            [kind],
            |r| r.get(0),
        )
        .unwrap()
}

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

// ---------------------------------------------------------------------------------------------
// settings

const KEYS: &[&str] = &[
    "approval_threshold",
    "drain_buffer_hours",
    "observation_hours",
    "plan_max_age_hours",
    "stockout_alert",
    "accuracy_target",
    "require_region_cover",
    "timezone",
];

fn stored_setting(env: &TestEnv, key: &str) -> Option<String> {
    env.conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .ok()
}

#[test]
fn settings_list_get_and_set_are_typed_and_audited() {
    let env = TestEnv::example_store();
    let list = env.json(&["settings", "list"]);
    let keys: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, KEYS);
    let get = |key: &str| env.json(&["settings", "get", key])["value"].clone();
    assert_eq!(get("drain_buffer_hours"), "48", "the default");
    assert_eq!(get("observation_hours"), "72");
    assert_eq!(get("plan_max_age_hours"), "72");
    assert_eq!(get("timezone"), "UTC");
    assert!(get("approval_threshold").is_null(), "unset by default");

    // Values are validated and stored in their canonical form.
    let audit_before = env.count("audit_log");
    env.ok(&["settings", "set", "require_region_cover", "YES"])
        .err_has(&["require_region_cover = on", "audit"]);
    env.ok(&["settings", "set", "approval_threshold", " 12 "]);
    env.ok(&["settings", "set", "timezone", "+08:00"]);
    env.ok(&["settings", "set", "drain_buffer_hours", "24"]);
    assert_eq!(get("require_region_cover"), "on");
    assert_eq!(
        stored_setting(&env, "require_region_cover").as_deref(),
        Some("on")
    );
    assert_eq!(
        stored_setting(&env, "approval_threshold").as_deref(),
        Some("12")
    );
    assert_eq!(stored_setting(&env, "timezone").as_deref(), Some("+08:00"));
    assert_eq!(get("drain_buffer_hours"), "24");
    env.ok(&["settings", "set", "approval_threshold", "unset"]);
    assert!(get("approval_threshold").is_null());

    // Each set is one audit entry, action `setting`, naming the key and the values.
    assert_eq!(env.count("audit_log"), audit_before + 5);
    let last = env.audit_entries().pop().unwrap();
    assert_eq!(last["action"], "setting");
    assert_eq!(last["operator"], OPERATOR);
    assert!(
        last["detail"]
            .as_str()
            .unwrap()
            .contains("approval_threshold"),
        "{last}"
    );
}

#[test]
fn settings_unknown_key_or_bad_value_is_a_usage_error() {
    let env = TestEnv::example_store();
    let settings_before = env.dump("settings");
    let audit_before = env.count("audit_log");
    for args in [
        &["settings", "set", "approval", "1"][..],
        &["settings", "get", "approval"][..],
    ] {
        env.run(args)
            .code(2)
            .err_has(&["unknown setting"])
            .err_has(KEYS);
    }
    for (key, bad) in [
        ("approval_threshold", "-1"),
        ("approval_threshold", "many"),
        ("drain_buffer_hours", "two"),
        ("observation_hours", "1.5"),
        ("stockout_alert", "3"),
        ("accuracy_target", "99%"),
        ("require_region_cover", "maybe"),
        ("timezone", "Mars/Olympus"),
    ] {
        env.run(&["settings", "set", "--", key, bad])
            .code(2)
            .err_has(&[key, bad]);
    }
    assert_eq!(env.dump("settings"), settings_before);
    assert_eq!(env.count("audit_log"), audit_before);
}

// ---------------------------------------------------------------------------------------------
// two-person control

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
fn changes_json_shows_the_plan_and_its_approver() {
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
    env.ok(&["plan", "apply", "1"]);
    let list = env.json(&["changes"]);
    assert_eq!(list[0]["id"], 2);
    assert_eq!(list[0]["plan_id"], 1, "{}", list[0]);
    assert_eq!(list[0]["approved_by"], "bob", "{}", list[0]);
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

// ---------------------------------------------------------------------------------------------
// blackout windows

fn window_list(env: &TestEnv, now: &str) -> serde_json::Value {
    env.run_at(now, &["--format", "json", "blackout", "list"])
        .code(0)
        .json()
}

#[test]
fn a_blackout_window_refuses_changes_naming_it() {
    let env = TestEnv::example_store();
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-11-27T00:00:00Z",
        "--to",
        "2026-11-28T00:00:00Z",
        "--reason",
        "Black Friday",
    ]);
    let list = window_list(&env, NOW);
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["reason"], "Black Friday");
    assert_eq!(list[0]["open_now"], true);
    assert_eq!(
        window_list(&env, "2026-11-28T00:00:00Z")[0]["open_now"],
        false
    );
    env.ok(&["blackout", "list"])
        .out_has(&["Black Friday", "true"]);

    let before = env.snapshot();
    for extra in [&[][..], &["--dry-run"][..]] {
        env.run(&with(UNBIND_1002_SH01, extra)).code(3).err_has(&[
            "inside blackout window #1 \"Black Friday\"",
            "--override-window --reason",
        ]);
        assert_eq!(env.snapshot(), before);
    }
    // An override must say why.
    env.run(&with(UNBIND_1002_SH01, &["--override-window"]))
        .code(2)
        .err_has(&["--override-window needs --reason"]);
    assert_eq!(env.snapshot(), before);
    // With a reason it lands, and says so in the change and the trail.
    env.ok(&with(
        UNBIND_1002_SH01,
        &["--override-window", "--reason", "recall"],
    ));
    assert_eq!(env.link("SKU-1002", "SH01"), None);
    let recorded: String = env.change_col(2, "override_reason");
    assert!(
        recorded.contains("Black Friday") && recorded.contains("recall"),
        "{recorded}"
    );
    let entry = env
        .audit_entries()
        .into_iter()
        .find(|e| e["action"] == "override-window")
        .expect("an override-window audit entry");
    assert_eq!(entry["change_id"], 2);
    assert!(
        entry["detail"].as_str().unwrap().contains("recall"),
        "{entry}"
    );

    // After the window, or once it is removed, no override is needed.
    let unbind_1001 = [
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--write-off",
    ];
    env.run_at("2026-11-28T00:00:00Z", &unbind_1001).code(0);
    // A rollback is a change too.
    env.run(&["rollback", "3"])
        .code(3)
        .err_has(&["blackout window #1"]);
    env.ok(&["blackout", "remove", "1"]);
    assert_eq!(window_list(&env, NOW), serde_json::json!([]));
    env.ok(&["rollback", "3"]);
    env.ok(&unbind_1001);
    assert_eq!(env.link("SKU-1001", "BJ01"), None);
    env.run(&["blackout", "remove", "1"])
        .code(4)
        .err_has(&["no such window"]);
    let actions: Vec<String> = env
        .audit_entries()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    for a in ["blackout-add", "blackout-remove"] {
        assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
    }
}

#[test]
fn daily_windows_count_in_the_timezone_setting() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "timezone", "+08:00"]);
    // 16:00-18:00 in +08:00 is 08:00-10:00 UTC: NOW (09:00 UTC) is inside.
    env.ok(&[
        "blackout",
        "add",
        "--daily",
        "16:00-18:00",
        "--reason",
        "peak hours",
    ]);
    assert_eq!(window_list(&env, NOW)[0]["daily"], "16:00-18:00");
    assert_eq!(window_list(&env, NOW)[0]["open_now"], true);
    assert_eq!(
        window_list(&env, "2026-11-27T11:00:00Z")[0]["open_now"],
        false
    );
    let before = env.snapshot();
    env.run(UNBIND_1002_SH01)
        .code(3)
        .err_has(&["#1 \"peak hours\"", "daily 16:00-18:00"]);
    assert_eq!(env.snapshot(), before);
    // The same clock time in UTC is not inside.
    env.ok(&["settings", "set", "timezone", "UTC"]);
    assert_eq!(window_list(&env, NOW)[0]["open_now"], false);
    env.ok(&["settings", "set", "timezone", "+08:00"]);
    // One-off windows given without an offset are in the timezone too.
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-12-01 20:00",
        "--to",
        "2026-12-01 22:00",
        "--reason",
        "promo",
    ]);
    let list = window_list(&env, NOW);
    assert_eq!(list[1]["from"], "2026-12-01T12:00:00Z");
    assert_eq!(list[1]["to"], "2026-12-01T14:00:00Z");
    // Later the same day (19:00 local) the change goes through.
    env.run_at("2026-11-27T11:00:00Z", UNBIND_1002_SH01).code(0);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
}

#[test]
fn bad_windows_are_refused_and_nothing_is_stored() {
    let env = TestEnv::example_store();
    let audit_before = env.count("audit_log");
    let add = |args: &[&str]| {
        let mut full = vec!["blackout", "add"];
        full.extend_from_slice(args);
        full.extend_from_slice(&["--reason", "r"]);
        env.run(&full)
    };
    add(&[
        "--from",
        "2026-11-28T00:00:00Z",
        "--to",
        "2026-11-27T00:00:00Z",
    ])
    .code(4)
    .err_has(&["--to", "ends before it starts"]);
    add(&[
        "--from",
        "2026-11-28T00:00:00Z",
        "--to",
        "2026-11-28T00:00:00Z",
    ])
    .code(4);
    add(&["--from", "tomorrow", "--to", "2026-11-28T00:00:00Z"])
        .code(4)
        .err_has(&["--from", "tomorrow", "not a time"]);
    add(&["--from", "2026-11-27T00:00:00Z", "--to", "2026-13-01"]).code(4);
    add(&["--daily", "25:00-26:00"])
        .code(4)
        .err_has(&["--daily"]);
    add(&["--daily", "9-17"]).code(4).err_has(&["HH:MM-HH:MM"]);
    add(&["--daily", "10:00-10:00"]).code(4).err_has(&["empty"]);
    add(&[]).code(2);
    add(&["--from", "2026-11-27T00:00:00Z"]).code(2);
    assert_eq!(env.count("blackout_windows"), 0);
    assert_eq!(env.count("audit_log"), audit_before);
}

#[test]
fn dry_run_with_an_override_exits_like_the_real_run() {
    let env = TestEnv::example_store();
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-11-27T00:00:00Z",
        "--to",
        "2026-11-28T00:00:00Z",
        "--reason",
        "BF",
    ]);
    let before = env.snapshot();
    env.run(&with(
        UNBIND_1002_SH01,
        &["--override-window", "--reason", "recall", "--dry-run"],
    ))
    .code(0);
    assert_eq!(env.snapshot(), before);
    env.ok(&with(
        UNBIND_1002_SH01,
        &["--override-window", "--reason", "recall"],
    ));
}

#[test]
fn changes_json_shows_the_override_reason() {
    let env = TestEnv::example_store();
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-11-27T00:00:00Z",
        "--to",
        "2026-11-28T00:00:00Z",
        "--reason",
        "BF",
    ]);
    env.ok(&with(
        UNBIND_1002_SH01,
        &["--override-window", "--reason", "recall"],
    ));
    let list = env.json(&["changes"]);
    let recorded = list[0]["override_reason"].as_str().unwrap_or_default();
    assert!(recorded.contains("recall"), "{}", list[0]);
}

#[test]
fn plan_apply_inside_a_window_takes_an_override_with_its_own_reason() {
    let env = TestEnv::example_store();
    env.ok(&["plan", "create", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-11-27T00:00:00Z",
        "--to",
        "2026-11-28T00:00:00Z",
        "--reason",
        "BF",
    ]);
    env.run(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["--override-window --reason"]);
    env.run(&[
        "plan",
        "apply",
        "1",
        "--override-window",
        "--reason",
        "recall",
    ])
    .code(0);
    let recorded: String = env.change_col(2, "override_reason");
    assert!(recorded.contains("recall"), "{recorded}");
}

// ---------------------------------------------------------------------------------------------
// drains

/// SKU-1002 @ SH01 drained at NOW with one open order (SO-9001); change 2.
fn drained() -> TestEnv {
    let env = TestEnv::example_store();
    order(&env, "SO-9001", "SKU-1002", "SH01", "open");
    env.ok(&with(UNBIND_1002_SH01, &["--drain"]))
        .err_has(&["1 draining"]);
    env
}

#[test]
fn a_drain_waits_for_its_orders_and_buffer_then_run_due_removes_it() {
    let env = drained();
    assert_eq!(env.link("SKU-1002", "SH01"), Some((0, "draining".into())));
    // Routing skips it while GZ01 takes orders.
    let route = env.ok(&["route", "--sku", "SKU-1002"]);
    assert!(
        route.stdout.contains("GZ01") && !route.stdout.contains("SH01"),
        "{}",
        route.stdout
    );
    assert!(
        route.stderr.contains("Skipped (draining): SH01"),
        "{}",
        route.stderr
    );
    env.ok(&["changes"]).err_has(&[
        "Drains still waiting (1)",
        "SKU-1002 @ SH01",
        "1 open order",
    ]);
    env.ok(&["check"]);

    // Before the buffer: left alone.
    let state = env.links_and_changes();
    env.run_at(&later(47), &["run-due"])
        .code(0)
        .err_has(&["1 link still draining"]);
    // After the buffer, the order still open: left alone, and `check` says so.
    env.run_at(&later(49), &["run-due"]).code(0);
    assert_eq!(env.links_and_changes(), state);
    env.run_at(&later(49), &["check"])
        .code(3)
        .out_has(&["drains past their buffer", "SKU-1002 @ SH01"]);

    // The order ships: now only the buffer counts.
    order(&env, "SO-9001", "SKU-1002", "SH01", "shipped");
    env.run_at(&later(47), &["changes"])
        .code(0)
        .err_has(&["SKU-1002 @ SH01", &format!("buffer until {}", later(48))]);
    env.run_at(&later(47), &["run-due"]).code(0);
    assert_eq!(env.links_and_changes(), state);
    env.run_at(&later(49), &["run-due"])
        .code(0)
        .err_has(&["Finished 1 drain", "Change 3 recorded"]);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
    assert_eq!(env.change_col::<String>(3, "kind"), "drain-finish");
    let (before_present, before_state, after_present): (i64, String, i64) = env
        .conn()
        .query_row(
            "SELECT before_present, before_state, after_present FROM change_items
             WHERE change_id = 3 AND product_id = 'SKU-1002' AND warehouse_code = 'SH01'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (before_present, before_state.as_str(), after_present),
        (1, "draining", 0)
    );
    assert!(
        env.audit_entries()
            .iter()
            .any(|e| e["change_id"] == 3 && e["product_id"] == "SKU-1002"),
        "an audit entry for the finished drain"
    );
    env.run_at(&later(49), &["check"]).code(0);
    let quiet = env.run_at(&later(49), &["changes"]).code(0);
    assert!(
        !quiet.stderr.contains("Drains still waiting"),
        "{}",
        quiet.stderr
    );
    // A second run finds nothing; the finish can be rolled back like any change.
    env.run_at(&later(50), &["run-due"]).code(0);
    assert_eq!(env.count("changes"), 3);
    env.run_at(&later(50), &["rollback", "3"]).code(0);
    assert!(env.link("SKU-1002", "SH01").is_some());
}

#[test]
fn a_drained_link_with_stock_moves_it_at_the_finish() {
    let env = TestEnv::example_store();
    order(&env, "SO-9002", "SKU-1001", "BJ01", "open");
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--drain",
        "--transfer-to",
        "SH01",
    ]);
    assert_eq!(env.link("SKU-1001", "BJ01"), Some((40, "draining".into())));
    assert_eq!(env.link("SKU-1001", "SH01"), Some((120, "active".into())));
    order(&env, "SO-9002", "SKU-1001", "BJ01", "shipped");
    env.run_at(&later(48), &["run-due"]).code(0);
    assert_eq!(env.link("SKU-1001", "BJ01"), None);
    assert_eq!(env.link("SKU-1001", "SH01"), Some((160, "active".into())));
    assert_eq!(env.change_col::<String>(3, "kind"), "drain-finish");
    assert_eq!(env.count("change_items WHERE change_id = 3"), 2);
}

// ---------------------------------------------------------------------------------------------
// scheduled unbinds

#[test]
fn effective_at_in_the_past_or_malformed_is_an_input_error() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    for (at, needle) in [
        ("2026-11-26T00:00:00Z", "not in the future"),
        (NOW, "not in the future"),
        ("tomorrow", "not a time"),
        ("2026-11-31 10:00", "--effective-at"),
    ] {
        env.run(&with(UNBIND_1002_SH01, &["--effective-at", at]))
            .code(4)
            .err_has(&["--effective-at", needle]);
    }
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.count("plans"), 0);
}

#[test]
fn a_scheduled_unbind_lands_at_its_time_once() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let t = "2026-11-28T00:00:00Z";
    env.ok(&with(
        UNBIND_1002_SH01,
        &["--effective-at", t, "--reason", "T+1"],
    ))
    .err_has(&["Scheduled as plan 1", t]);
    assert_eq!(env.snapshot().links, before.links);
    assert_eq!(env.count("changes"), before.changes);
    assert_eq!(env.plan_col::<String>(1, "status"), "scheduled");
    assert_eq!(env.plan_col::<String>(1, "effective_at"), t);

    env.run_at("2026-11-27T23:59:59Z", &["run-due"]).code(0);
    assert_eq!(env.links(), before.links);
    env.run_at(t, &["run-due"])
        .code(0)
        .err_has(&["Applied scheduled plan 1", "Change 2 recorded"]);
    assert_eq!(env.links(), without(&before.links, &[("SKU-1002", "SH01")]));
    assert_eq!(env.change_col::<String>(2, "kind"), "scheduled-unbind");
    assert_eq!(env.change_col::<String>(2, "reason"), "T+1");
    assert_eq!(env.plan_col::<String>(1, "status"), "applied");
    assert_eq!(env.plan_col::<i64>(1, "applied_change"), 2);
    // Running it again is harmless.
    let state = env.links_and_changes();
    env.run_at("2026-11-28T00:01:00Z", &["run-due"]).code(0);
    assert_eq!(env.links_and_changes(), state);
}

#[test]
fn a_dry_run_with_effective_at_stores_nothing() {
    let env = TestEnv::example_store();
    env.ok(&with(
        UNBIND_1002_SH01,
        &["--effective-at", "2026-11-28T00:00:00Z", "--dry-run"],
    ));
    assert_eq!(env.count("plans"), 0);
    env.run_at("2026-11-28T00:00:00Z", &["run-due"]).code(0);
    assert!(env.link("SKU-1002", "SH01").is_some());
}

#[test]
fn a_scheduled_unbind_refused_at_its_time_stays_scheduled() {
    let env = TestEnv::example_store();
    let t = "2026-11-28T00:00:00Z";
    env.ok(&with(UNBIND_1002_SH01, &["--effective-at", t]));
    order(&env, "SO-9001", "SKU-1002", "SH01", "open");
    let state = env.links_and_changes();
    env.run_at(t, &["run-due"]).code(3).err_has(&[
        "plan 1",
        "stays scheduled",
        "SKU-1002 @ SH01",
        "1 open order",
        "1 item left pending",
    ]);
    assert_eq!(env.links_and_changes(), state);
    let shown = env
        .run_at(t, &["--format", "json", "plan", "show", "1"])
        .code(0)
        .json();
    assert_eq!(shown["plan"]["status"], "scheduled");
    assert!(
        shown["plan"]["last_refusal"]
            .as_str()
            .is_some_and(|r| r.contains("open order")),
        "{shown}"
    );
    // Still refused an hour later; applied once the order has shipped.
    env.run_at(&later(16), &["run-due"]).code(3);
    order(&env, "SO-9001", "SKU-1002", "SH01", "shipped");
    env.run_at(&later(17), &["run-due"]).code(0);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
    assert_eq!(changes_of_kind(&env, "scheduled-unbind"), 1);
    assert!(env.plan_col::<Option<String>>(1, "last_refusal").is_none());
}

#[test]
fn plan_apply_effective_at_schedules_an_approved_plan() {
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
    // Only an approved plan can be scheduled.
    env.run(&["plan", "apply", "1", "--effective-at", &later(24)])
        .code(3);
    env.ok(&["--operator", "bob", "plan", "approve", "1"]);
    env.run(&[
        "plan",
        "apply",
        "1",
        "--effective-at",
        "2026-11-26T00:00:00Z",
    ])
    .code(4)
    .err_has(&["not in the future"]);
    env.run(&["plan", "apply", "1", "--effective-at", "someday"])
        .code(4);
    assert_eq!(env.plan_col::<String>(1, "status"), "approved");
    let state = env.links_and_changes();
    env.ok(&["plan", "apply", "1", "--effective-at", &later(24)])
        .err_has(&["Plan 1 scheduled", &later(24)]);
    assert_eq!(env.links_and_changes(), state);
    assert_eq!(env.plan_col::<String>(1, "status"), "scheduled");
    env.run_at(&later(23), &["run-due"]).code(0);
    assert_eq!(env.links_and_changes(), state);
    env.run_at(&later(24), &["run-due"]).code(0);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
    assert_eq!(env.change_col::<String>(2, "kind"), "scheduled-unbind");
    assert_eq!(env.change_col::<i64>(2, "plan_id"), 1);
    assert_eq!(env.change_col::<String>(2, "approved_by"), "bob");
}

#[test]
fn concurrent_run_dues_apply_each_item_once() {
    let env = TestEnv::example_store();
    env.ok(&["bind", "--sku", "SKU-1003", "--warehouse", "SH01"]);
    let pairs = [
        ("SKU-1002", "SH01"),
        ("SKU-1001", "BJ01"),
        ("SKU-1003", "SH01"),
    ];
    for (i, (sku, wh)) in pairs.iter().enumerate() {
        env.ok(&[
            "unbind",
            "--sku",
            sku,
            "--warehouse",
            wh,
            "--write-off",
            "--effective-at",
            &later(i as i64 + 1),
        ]);
    }
    for (i, (sku, wh)) in pairs.iter().enumerate() {
        let at = later(i as i64 + 1);
        let outs: Vec<Out> = std::thread::scope(|s| {
            let runs: Vec<_> = (0..2)
                .map(|_| s.spawn(|| env.run_at(&at, &["run-due"])))
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for out in outs {
            assert_eq!(out.code, 0, "{}", out.stderr);
        }
        assert_eq!(env.link(sku, wh), None);
        assert_eq!(changes_of_kind(&env, "scheduled-unbind"), i as i64 + 1);
        let applied_by: i64 = env
            .conn()
            .query_row(
                "SELECT count(*) FROM changes WHERE plan_id = ?1",
                [i as i64 + 1],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(applied_by, 1, "plan {} applied once", i + 1);
    }
    env.ok(&["audit", "verify"]);
}

// ---------------------------------------------------------------------------------------------
// observation

#[test]
fn a_change_is_observed_for_observation_hours() {
    let env = TestEnv::example_store();
    env.ok(UNBIND_1002_SH01);
    let state = |now: &str| {
        env.run_at(now, &["--format", "json", "changes"])
            .code(0)
            .json()[0]["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let until = format!("observing until {}", later(72));
    assert_eq!(state(NOW), until);
    assert_eq!(state(&later(71)), until);
    env.run_at(&later(71), &["changes"])
        .code(0)
        .out_has(&[&until]);
    assert_eq!(state(&later(72)), "done");
    env.run_at(&later(72), &["changes"])
        .code(0)
        .out_has(&["done"]);
    env.ok(&["settings", "set", "observation_hours", "1"]);
    assert_eq!(state(&later(2)), "done");
}

#[test]
fn a_rolled_back_drain_finish_stays_rolled_back() {
    let env = TestEnv::example_store();
    order(&env, "SO-9002", "SKU-1001", "BJ01", "open");
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--drain",
        "--transfer-to",
        "SH01",
    ]);
    order(&env, "SO-9002", "SKU-1001", "BJ01", "shipped");
    env.run_at(&later(48), &["run-due"]).code(0);
    env.run_at(&later(49), &["rollback", "3"]).code(0);
    assert_eq!(env.link("SKU-1001", "BJ01").map(|l| l.0), Some(40));
    // The operator undid the removal: cron's next run-due neither fails nor undoes the undo.
    env.run_at(&later(50), &["run-due"]).code(0);
    assert_eq!(env.link("SKU-1001", "BJ01").map(|l| l.0), Some(40));
}
