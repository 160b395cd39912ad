//! `invmap run-due`, the cron job that finishes what was left for later (SPEC §5, issue 4):
//! drains (`unbind --drain`) once their orders have shipped and the buffer has passed, and
//! scheduled unbinds (`unbind --effective-at`, `plan apply --effective-at`) at their time —
//! each once, a refused one left scheduled, a rolled-back one left rolled back.
//!
//! Time is replayed with `INVMAP_NOW` (`TestEnv::run_at`), never slept through.

use crate::env::{NOW, Out, TestEnv, UNBIND_1002_SH01, later, order, with, without};

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
        .err_has(&["SKU-1002 @ SH01", "buffer until 2026-11-29 09:00 +00:00"]);
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

/// SKU-1001 @ BJ01 drained towards SH01, its order shipped, the drain finished by run-due
/// (change 3), and that finish rolled back an hour later: the drain is on hold.
pub fn held_drain() -> TestEnv {
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
    env
}

#[test]
fn a_rolled_back_drain_finish_stays_rolled_back() {
    let env = held_drain();
    assert_eq!(env.link("SKU-1001", "BJ01").map(|l| l.0), Some(40));
    // The operator undid the removal: cron's next run-due neither fails nor undoes the undo.
    env.run_at(&later(50), &["run-due"]).code(0);
    assert_eq!(env.link("SKU-1001", "BJ01").map(|l| l.0), Some(40));
}

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
    .err_has(&["Scheduled as plan 1", "2026-11-28 00:00 +00:00"]);
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

/// A timed unbind nobody approved is held to the approval threshold again when it lands (a
/// plan written by other means than invmap, or a threshold lowered since, meets it).
#[test]
fn an_unapproved_scheduled_unbind_is_held_to_the_threshold_at_its_time() {
    let env = TestEnv::example_store();
    let t = "2026-11-28T00:00:00Z";
    env.ok(&with(UNBIND_1002_SH01, &["--effective-at", t]));
    env.ok(&["settings", "set", "approval_threshold", "0"]);
    let state = env.links_and_changes();
    env.run_at(t, &["run-due"]).code(3).err_has(&[
        "plan 1",
        "stays scheduled",
        "approval_threshold",
    ]);
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
        .err_has(&["Plan 1 scheduled", "2026-11-28 09:00 +00:00"]);
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

/// Issue 17: run-due is serialised by a lease inside the store, not by a file beside the
/// path it was given: a live holder (however it reached the store) makes a second run do
/// nothing; a lease whose process is gone is taken over.
#[test]
fn run_due_is_serialised_by_a_lease_in_the_store() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--effective-at",
        &later(1),
    ]);
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    let hold = |pid: i64| {
        env.conn()
            .execute(
                "INSERT OR REPLACE INTO run_due_lease(id, host, pid, taken_at)
                 VALUES (1, ?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                rusqlite::params![host, pid],
            )
            .unwrap();
    };
    // This test process is alive: its lease holds, even for a run through a symlink.
    hold(std::process::id() as i64);
    let link = env.path("link.db");
    std::os::unix::fs::symlink(&env.db, &link).unwrap();
    crate::env::TestEnv::at(&link)
        .run_at(&later(2), &["run-due"])
        .code(0)
        .err_has(&["Another run-due is working on this store"]);
    assert!(env.link("SKU-1002", "SH01").is_some(), "nothing applied");
    // A lease left by a process that is gone is taken over, and given back afterwards.
    hold(i32::MAX as i64);
    env.run_at(&later(2), &["run-due"]).code(0);
    assert_eq!(env.link("SKU-1002", "SH01"), None);
    assert_eq!(env.count("run_due_lease"), 0);
}

/// Issue 17: a drain whose finish was rolled back is on hold — `check` reports it as held,
/// with the commands that resume or cancel it (not "run run-due", which leaves it alone), and
/// `drain resume` / `drain cancel` take it out of hold.
#[test]
fn a_held_drain_is_reported_as_held_and_can_be_resumed_or_cancelled() {
    let env = held_drain();
    let check = env
        .run_at(&later(50), &["--format", "json", "check"])
        .code(3);
    let findings = check.json();
    let by = |name: &str| {
        findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["check"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(by("drains on hold")["count"], 1);
    assert!(
        by("drains on hold")["hint"]
            .as_str()
            .unwrap()
            .contains("drain resume")
    );
    assert_eq!(by("drains past their buffer")["count"], 0);
    // Resumed: run-due finishes it again; check is clean.
    env.run_at(
        &later(50),
        &[
            "drain",
            "resume",
            "--sku",
            "SKU-1001",
            "--warehouse",
            "BJ01",
        ],
    )
    .code(0);
    env.run_at(&later(51), &["run-due"]).code(0);
    assert_eq!(env.link("SKU-1001", "BJ01"), None);
    env.run_at(&later(51), &["check"]).code(0);
    // Resuming what is not on hold is refused.
    env.run_at(
        &later(51),
        &[
            "drain",
            "resume",
            "--sku",
            "SKU-1001",
            "--warehouse",
            "BJ01",
        ],
    )
    .code(3);
}

#[test]
fn a_held_drain_can_be_cancelled_and_the_link_kept() {
    let env = held_drain();
    env.run_at(
        &later(50),
        &[
            "drain",
            "cancel",
            "--sku",
            "SKU-1001",
            "--warehouse",
            "BJ01",
            "--reason",
            "keep it",
        ],
    )
    .code(0)
    .err_has(&["takes orders again"]);
    assert_eq!(env.link("SKU-1001", "BJ01"), Some((40, "active".into())));
    env.run_at(&later(51), &["check"]).code(0);
}

/// Undoing a `drain cancel` makes the link draining again without its drain's instructions:
/// it is put on hold (run-due would finish it with none), for the operator to resume.
#[test]
fn undoing_a_drain_cancel_puts_the_drain_on_hold() {
    let env = held_drain();
    env.run_at(
        &later(50),
        &[
            "drain",
            "resume",
            "--sku",
            "SKU-1001",
            "--warehouse",
            "BJ01",
        ],
    )
    .code(0);
    env.run_at(
        &later(50),
        &[
            "drain",
            "cancel",
            "--sku",
            "SKU-1001",
            "--warehouse",
            "BJ01",
            "--reason",
            "keep",
        ],
    )
    .code(0);
    env.run_at(&later(51), &["rollback", "last"]).code(0);
    assert_eq!(
        env.link("SKU-1001", "BJ01").map(|l| l.1),
        Some("draining".into())
    );
    let held: i64 = env
        .conn()
        .query_row(
            "SELECT held FROM drains WHERE product_id = 'SKU-1001' AND warehouse_code = 'BJ01'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(held, 1);
}
