//! `invmap settings list|get|set`: the typed settings (SPEC §3), each set audited, and unknown
//! keys or bad values refused as usage errors without touching the store.

use crate::env::{OPERATOR, TestEnv};

const KEYS: &[&str] = &[
    "approval_threshold",
    "drain_buffer_hours",
    "observation_hours",
    "plan_max_age_hours",
    "stockout_alert",
    "accuracy_target",
    "min_sample",
    "require_region_cover",
    "require_reason",
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

/// Issue 15: `require_reason on` refuses any change without --reason (exit 2, nothing
/// changed), plans included; with a reason it lands and records it.
#[test]
fn require_reason_refuses_changes_without_one() {
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "require_reason", "on"]);
    let before = env.last_change();
    env.run(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"])
        .code(2)
        .err_has(&["requires a reason for every change", "--reason TEXT"]);
    env.run(&["bind", "--sku", "SKU-1003", "--warehouse", "SH01"])
        .code(2)
        .err_has(&["require_reason is on"]);
    env.run(&["plan", "create", "--sku", "SKU-1002", "--warehouse", "SH01"])
        .code(2)
        .err_has(&["require_reason is on"]);
    assert_eq!(env.last_change(), before, "nothing was recorded");
    // A dry run changes nothing and needs none.
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--dry-run",
    ]);
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "not sold there",
    ]);
    assert_eq!(
        env.change_col::<String>(env.last_change(), "reason"),
        "not sold there"
    );
}
