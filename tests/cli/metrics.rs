//! `invmap metrics` and `invmap report` on a small hand-made store whose figures are worked
//! out by hand below; the clock is fixed with INVMAP_NOW so the windows are reproducible.
//!
//! The store (window 2026-11-20 … 2026-11-26, 7 days):
//!
//! | order | pair    | qty | status      | created     | note                          |
//! |-------|---------|-----|-------------|-------------|-------------------------------|
//! | O1    | A @ W1  | 2   | delivered   | 20th 10:00  | delivered after 2 days        |
//! | O2    | A @ W1  | 1   | shipped     | 21st        |                               |
//! | O3    | B @ W1  | 5   | unfulfilled | 21st        |                               |
//! | O4    | B @ W1  | 1   | cancelled   | 22nd        | left out of every rate        |
//! | O5    | B @ —   | 3   | open        | 23rd        | no warehouse; placed, not settled |
//! | O6    | A @ W2  | 1   | delivered   | 19th 23:00  | before the window: look-back only |
//! | O7    | B @ W1  | 1   | delivered   | 27th        | after the window              |
//! | O8    | A @ W2  | 1   | unfulfilled | 24th 12:00  |                               |
//!
//! Settled in the window: O1 O2 O3 O8 (4), sold 2, unfulfilled 2 → stockout 50 %.
//! Placed (not cancelled): O1 O2 O3 O5 O8 (5); complaints K1, K2 (K3 is after) → 40 %.
//! Counts: 10 → 9 and 100 → 100 → accuracy 1 − 1/110 = 99.09 % (below 99.5 %).
//! Units sold 3 (all A); stock 10 + 0 + 100 + 5 = 115 → turnover 115 × 7 ÷ 3 = 268.33 days.
//! ABC: A = 3 × 10.00 = 30.00 → A; B and C sold nothing → C.
//! Storage, 7 days: W1 A 10 × 0.01 × 7 = 0.70, W1 C 100 × 0.01 × 7 = 7.00, W2 A 0 → 0.00,
//! W2 C 5 × 0.02 × 7 = 0.70.

use serde_json::Value;

use crate::env::TestEnv;

const WINDOW: [&str; 4] = ["--since", "2026-11-20", "--until", "2026-11-26"];

fn store() -> TestEnv {
    let env = TestEnv::new();
    let files = [
        (
            "warehouses",
            "code,name,region,status,storage_cost\nW1,One,,active,0.01\nW2,Two,,active,0.02\n",
        ),
        (
            "products",
            "product_id,name,category,unit_cost,replenishment_days\nA,,,10.00,7\nB,,,1.00,7\nC,,,5.00,7\n",
        ),
        (
            "mappings",
            "product_id,warehouse_code,stock_quantity,priority\nA,W1,10,1\nA,W2,0,2\nB,W1,100,1\nC,W2,5,1\n",
        ),
        (
            "orders",
            "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at,delivered_at
O1,A,W1,2,delivered,2026-11-20 10:00,2026-11-21 10:00,2026-11-22 10:00
O2,A,W1,1,shipped,2026-11-21 08:00,2026-11-22 08:00,
O3,B,W1,5,unfulfilled,2026-11-21 09:00,,
O4,B,W1,1,cancelled,2026-11-22 09:00,,
O5,B,,3,open,2026-11-23 09:00,,
O6,A,W2,1,delivered,2026-11-19 23:00,2026-11-20 08:00,2026-11-20 23:00
O7,B,W1,1,delivered,2026-11-27 01:00,2026-11-27 02:00,2026-11-27 08:00
O8,A,W2,1,unfulfilled,2026-11-24 12:00,,
",
        ),
        (
            "counts",
            "product_id,warehouse_code,counted_at,system_quantity,counted_quantity\nA,W1,2026-11-22,10,9\nB,W1,2026-11-23,100,100\n",
        ),
        (
            "complaints",
            "complaint_id,order_id,product_id,created_at,category\nK1,O1,A,2026-11-24 10:00,late\nK2,,B,2026-11-25 10:00,damaged\nK3,O7,B,2026-11-27 05:00,late\n",
        ),
    ];
    for (kind, text) in files {
        let path = env.write(&format!("{kind}.csv"), text);
        env.import(kind, &path);
    }
    env
}

#[track_caller]
fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - want).abs() < 1e-9, "{got} != {want}");
}

#[test]
fn json_has_the_spec_keys_and_hand_computed_values() {
    let env = store();
    let m = env.json(&[&["metrics"], &WINDOW[..]].concat());
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "window",
            "inventory_accuracy",
            "fulfilment_rate_7d",
            "stockout_rate",
            "complaint_rate",
            "delivery_days",
            "turnover_days",
            "safety_stock",
            "abc",
            "storage_cost",
            "alerts"
        ]
    );
    assert_eq!(m["window"]["days"], 7);
    assert_eq!(m["window"]["end"], "2026-11-27T00:00:00Z");
    close(&m["inventory_accuracy"], 1.0 - 1.0 / 110.0);
    close(&m["stockout_rate"], 0.5);
    close(&m["complaint_rate"], 0.4);
    close(&m["delivery_days"], 2.0);
    close(&m["turnover_days"], 115.0 * 7.0 / 3.0);
    // Day 0 looks back to O6 (19th): mean(1, 1); day 1 adds 0.5; day 2 has no settled order
    // (skipped); day 6 sees the 20th, 21st and 24th: mean(1, 0.5, 0).
    let curve: Vec<Option<f64>> = m["fulfilment_rate_7d"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rate"].as_f64())
        .collect();
    assert_eq!(curve.len(), 7);
    assert_eq!(curve[0], Some(1.0));
    close(&m["fulfilment_rate_7d"][2]["rate"], 2.5 / 3.0);
    close(&m["fulfilment_rate_7d"][6]["rate"], 0.5);
    let abc: Vec<(&str, &str, &str)> = m["abc"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["product_id"].as_str().unwrap(),
                e["class"].as_str().unwrap(),
                e["sales_value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        abc,
        [("A", "A", "30.00"), ("B", "C", "0.00"), ("C", "C", "0.00")]
    );
    let storage: Vec<String> = m["storage_cost"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {}",
                c["warehouse_code"].as_str().unwrap(),
                c["class"].as_str().unwrap(),
                c["cost"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        storage,
        ["W1 A 0.70", "W1 C 7.00", "W2 A 0.00", "W2 C 0.70"]
    );
    let alerts = m["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert!(
        alerts[0]
            .as_str()
            .unwrap()
            .starts_with("inventory accuracy 99.09 %")
    );
}

#[test]
fn table_highlights_alerts_and_csv_lists_every_product() {
    let env = store();
    let out = env.ok(&[&["metrics"], &WINDOW[..]].concat());
    out.out_has(&[
        "Metrics for 2026-11-20 … 2026-11-26 (7 days, UTC)",
        "⚠ 50.00 %",
        "Alerts:",
        "stockout rate 50.00 % is above the 3.00 % alert level",
    ]);
    let out = env.ok(&[&["metrics"], &WINDOW[..]].concat());
    assert!(
        !out.stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let csv = env
        .ok(&[&["--format", "csv", "metrics"], &WINDOW[..]].concat())
        .stdout;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "product_id,class,units_sold,sales_value,stock,replenishment_days,safety_stock,below_safety_stock"
    );
    assert_eq!(
        &lines[1..],
        [
            "A,A,3,30.00,10,7,3.00,no",
            "B,C,0,0.00,100,7,0.00,no",
            "C,C,0,0.00,5,7,0.00,no"
        ]
    );
}

/// A window with nothing in it: every ratio is null (not 0), every product is C, no alerts;
/// and midnights follow the timezone setting.
#[test]
fn empty_window_gives_nulls_and_midnights_follow_the_timezone() {
    let env = store();
    env.set_setting("timezone", "+08:00");
    let m = env.json(&["metrics", "--since", "2026-11-01", "--until", "2026-11-02"]);
    assert_eq!(m["window"]["start"], "2026-10-31T16:00:00Z");
    assert_eq!(m["window"]["timezone"], "+08:00");
    for key in [
        "inventory_accuracy",
        "stockout_rate",
        "complaint_rate",
        "delivery_days",
        "turnover_days",
    ] {
        assert!(m[key].is_null(), "{key} = {}", m[key]);
    }
    assert!(
        m["fulfilment_rate_7d"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["rate"].is_null())
    );
    assert!(
        m["abc"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["class"] == "C")
    );
    assert_eq!(m["alerts"], serde_json::json!([]));
    env.run(&["metrics", "--since", "2026-11-02", "--until", "2026-11-01"])
        .code(4);
    env.run(&["metrics", "--change", "99"])
        .code(4)
        .err_has(&["no such change"]);
    env.run(&["metrics", "--change", "1", "--window", "0d"])
        .code(4);
}

/// Unbind A @ W2 on the 23rd. Its scope is SKU A at every warehouse (issue 13: not only
/// the orders with no warehouse). Judged on the 30th, each side has 6 complete days — the
/// 17th … 22nd before (O1, O2, O6: 3 settled, none short) and the 24th … 29th after (O8,
/// unfulfilled) — the 23rd itself in neither. Three orders and one are no evidence: "not
/// enough data", never an alert; with `min_sample 1` the same rise is significant (z = 2.0)
/// and past the 3 % level, and alerts.
#[test]
fn change_is_observed_then_judged() {
    let env = store();
    let unbind = [
        "unbind",
        "--sku",
        "A",
        "--warehouse",
        "W2",
        "--reason",
        "test",
    ];
    env.run_at("2026-11-23T00:00:00Z", &unbind).code(0);
    let id = env.last_change().to_string();
    let at = |now: &str| {
        env.run_at(now, &["--format", "json", "metrics", "--change", &id])
            .code(0)
            .json()
    };
    let early = at("2026-11-24T00:00:00Z");
    assert_eq!(early["verdict"], "observing until 2026-11-26T00:00:00Z");
    assert_eq!(early["status"], "observing");
    assert_eq!(early["complete_days"], 0, "no complete day after it yet");
    // Issue 13: each side's fulfilment is its own — the 22nd settled nothing ("—"), the
    // 24th one unfulfilled order (0.00 %) — not the 7-day curve, which would look back to
    // the 20th and 21st (100 %).
    let text = env
        .run_at("2026-11-24T00:00:00Z", &["metrics", "--change", &id])
        .stdout;
    let row = text
        .lines()
        .find(|l| l.contains("fulfilment rate"))
        .unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[3..5], ["—", "0.00"], "{row}");
    let late = at("2026-11-30T00:00:00Z");
    assert_eq!(late["change"].as_i64(), id.parse().ok());
    assert_eq!(late["pairs"], 1);
    assert_eq!(late["complete_days"], 6);
    assert_eq!(late["before"]["window"]["since"], "2026-11-17");
    assert_eq!(late["before"]["window"]["until"], "2026-11-22");
    assert_eq!(late["after"]["window"]["since"], "2026-11-24");
    assert_eq!(late["after"]["window"]["until"], "2026-11-29");
    close(&late["before"]["stockout_rate"], 0.0);
    close(&late["after"]["stockout_rate"], 1.0);
    let stockout = &late["tests"][0];
    assert_eq!(stockout["metric"], "stockout_rate");
    assert_eq!(
        (stockout["n_before"].as_i64(), stockout["n_after"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(stockout["enough_data"], false);
    assert_eq!(stockout["finding"], "not enough data");
    assert_eq!(late["status"], "ok");
    assert_eq!(late["verdict"], "ok (no rate had enough data to judge)");
    let text = env
        .run_at("2026-11-30T00:00:00Z", &["metrics", "--change", &id])
        .stdout;
    assert!(
        text.contains(
            "note: stockout rate: not enough data (3 and 1 orders; min_sample needed on each side)"
        ),
        "{text}"
    );
    env.set_setting("min_sample", "1");
    let judged = at("2026-11-30T00:00:00Z");
    assert_eq!(judged["status"], "alert");
    let verdict = judged["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("alert: stockout rate rose from 0.00 % to 100.00 % (+100.00 points"),
        "{verdict}"
    );
    // The whole store over the same windows: more orders than the one pair.
    let all = env
        .run_at(
            "2026-11-30T00:00:00Z",
            &["--format", "json", "metrics", "--change", &id, "--all"],
        )
        .json();
    assert_eq!(all["scope"], "all");
    close(&all["after"]["stockout_rate"], 0.5);
}

#[test]
fn report_is_one_self_contained_page() {
    let env = store();
    env.run_at(
        "2026-11-23T00:00:00Z",
        &[
            "unbind",
            "--sku",
            "A",
            "--warehouse",
            "W2",
            "--reason",
            "test",
        ],
    )
    .code(0);
    // A closed warehouse that still holds links is marked on the stock bars (issue 13).
    env.run_at(
        "2026-11-23T01:00:00Z",
        &[
            "warehouse",
            "close",
            "W2",
            "--allow-orphan",
            "--reason",
            "r",
        ],
    )
    .code(0);
    env.ok(&["report", "-o", "report.html", "--change", "2"])
        .err_has(&["Wrote report.html"]);
    let html = std::fs::read_to_string(env.path("report.html")).unwrap();
    for needle in [
        "<svg",
        "Fulfilment rate, 7-day rolling",
        "changes 2, 3",
        "5 (closed)",
        "difference (95 % interval)",
        "Stock by warehouse",
        "ABC split",
        "Change 2 — before and after",
        "Verdict:",
        "stockout rate 33.33 %",
    ] {
        assert!(html.contains(needle), "report lacks {needle:?}");
    }
    for banned in ["http", "<script", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "report contains {banned:?}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(env.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "the atomic write left {leftovers:?}");
}
