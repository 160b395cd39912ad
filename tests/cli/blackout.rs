//! `invmap blackout add|list|remove`: windows in which no change lands (SPEC §5, issue 4),
//! one-off or daily in the `timezone` setting, and the `--override-window --reason` every
//! change made inside one needs — an unbind, its dry run, a rollback, a `plan apply`.
//!
//! Time is replayed with `INVMAP_NOW` (`TestEnv::run_at`), never slept through.

use crate::env::{NOW, TestEnv, UNBIND_1002_SH01, with};

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

/// Issue 13: `Asia/Shanghai` and `Europe/Berlin` are time zones; Berlin's peak hours follow
/// its summer time (20:00 local is 19:00 UTC in winter, 18:00 UTC in summer).
#[test]
fn named_time_zones_with_daylight_saving() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "timezone", "Asia/Shanghai"]);
    assert_eq!(
        env.json(&["settings", "get", "timezone"])["value"],
        "Asia/Shanghai"
    );
    env.run(&["settings", "set", "timezone", "Mars/Olympus"])
        .code(2)
        .err_has(&["a name like Asia/Shanghai"]);
    env.ok(&["settings", "set", "timezone", "Europe/Berlin"]);
    env.ok(&[
        "blackout",
        "add",
        "--daily",
        "20:00-22:00",
        "--reason",
        "evening peak",
    ]);
    let open = |now: &str| window_list(&env, now)[0]["open_now"].clone();
    assert_eq!(
        open("2026-01-15T19:30:00Z"),
        true,
        "20:30 in Berlin, winter"
    );
    assert_eq!(open("2026-01-15T18:30:00Z"), false);
    assert_eq!(
        open("2026-07-15T18:30:00Z"),
        true,
        "20:30 in Berlin, summer"
    );
    assert_eq!(open("2026-07-15T20:30:00Z"), false);
    let m = env.json(&["metrics", "--since", "2026-03-29", "--until", "2026-03-29"]);
    assert_eq!(m["window"]["timezone"], "Europe/Berlin");
    assert_eq!(m["window"]["start"], "2026-03-28T23:00:00Z");
    assert_eq!(m["window"]["end"], "2026-03-29T22:00:00Z", "a 23-hour day");
}
