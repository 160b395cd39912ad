//! Chinese output: the metrics area — `invmap metrics` (a window, a change's verdict) and
//! `invmap report` in Chinese, and their JSON and CSV byte-identical in every language.
#![allow(unused_imports)]
use crate::env::*;

const WINDOW: [&str; 4] = ["--since", "2026-11-20", "--until", "2026-11-26"];

/// The store of `tests/cli/metrics.rs`: two warehouses, three products, eight orders around
/// the window 2026-11-20 … 2026-11-26, counts below the accuracy target, two complaints.
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

/// Unbinds A @ W2 on 2026-11-23 (as `tests/cli/metrics.rs` does): its change id.
fn unbind_a(env: &TestEnv) -> String {
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
    env.last_change().to_string()
}

/// Runs with the clock at `now` as an operator whose locale is Chinese (`lang`: `zh_CN.UTF-8`)
/// or English (`C`).
fn run_in(env: &TestEnv, lang: &str, now: &str, args: &[&str]) -> Out {
    let out = env
        .cmd()
        .env("LANG", lang)
        .env("INVMAP_NOW", now)
        .args(args)
        .output()
        .expect("run invmap");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_windows_metrics_read_in_chinese() {
    let env = store();
    let out = env
        .run_zh(&[&["metrics"], &WINDOW[..]].concat())
        .code(0)
        .out_has(&[
            "指标：2026-11-20 … 2026-11-26（7 天，UTC）",
            // The headline table: its headers, names and bases.
            "指标",
            "依据",
            "库存准确率",
            "订单履约率（7 日）",
            "⚠ 50.00 %",
            "4 单已处理订单中 2 单未履约",
            "2 条客诉，5 单（不含已取消）",
            "1 单已签收",
            "库存 115 件，售出 3 件",
            "告警：",
            "库存准确率 99.09 % 低于目标 99.50 %",
            "缺货率 50.00 % 高于告警线 3.00 %",
            "时间窗口内的 ABC 分类与仓储成本：",
            "分类",
            "仓储成本",
            "销售额前 1 的商品：",
            "前序累计占比",
            "（--format json 输出全部数据；--format csv 每个商品一行）",
        ]);
    assert_no_english(&out, &[]);
}

/// A change read in Chinese: observing, then "not enough data" notes and an ok that says so,
/// then (min_sample 1) an alert with its interval and rule.
#[test]
fn a_changes_verdict_reads_in_chinese() {
    let env = store();
    let id = unbind_a(&env);
    let args = ["metrics", "--change", id.as_str()];
    let early = run_in(&env, "zh_CN.UTF-8", "2026-11-24T00:00:00Z", &args).code(0);
    assert!(
        early.stdout.contains(&format!(
            "变更 {id}（应用于 2026-11-23 00:00 +00:00），其 1 对涉及的 SKU（所有仓库）；变更后尚无完整的一天"
        )),
        "{}",
        early.stdout
    );
    assert!(
        early
            .stdout
            .contains("判定：观察期中，至 2026-11-26 00:00 +00:00"),
        "{}",
        early.stdout
    );
    assert_no_english(&early, &[]);

    let late = run_in(&env, "zh_CN.UTF-8", "2026-11-30T00:00:00Z", &args).code(0);
    for needle in [
        "前后各 6 个完整天：变更前 2026-11-17 … 2026-11-22，变更后 2026-11-24 … 2026-11-29（UTC；变更当天不计入）",
        "变更前",
        "差值",
        "结论",
        "数据不足",
        "判定：通过（没有任何比率有足够数据可判定）",
        "无告警。",
        "说明：缺货率：数据不足（3 和 1 单；每侧需要 min_sample 单）",
    ] {
        assert!(
            late.stdout.contains(needle),
            "lacks {needle:?}:\n{}",
            late.stdout
        );
    }
    assert_no_english(&late, &[]);

    env.set_setting("min_sample", "1");
    let judged = run_in(&env, "zh_CN.UTF-8", "2026-11-30T00:00:00Z", &args).code(0);
    for needle in [
        "判定：告警：缺货率从 0.00 % 升至 100.00 %（+100.00 个百分点，95 % 区间",
        "3 → 1 单）——显著上升且最终高于告警线 3.00 %（stockout_alert）",
        "⚠ 上升：告警",
        "告警：\n  ⚠ 缺货率从 0.00 % 升至 100.00 %",
    ] {
        assert!(
            judged.stdout.contains(needle),
            "lacks {needle:?}:\n{}",
            judged.stdout
        );
    }
    assert_no_english(&judged, &[]);
}

/// The store's time zone shows in the Chinese verdict as it does in the English one.
#[test]
fn the_verdicts_time_is_in_the_stores_zone() {
    let env = store();
    let id = unbind_a(&env);
    env.set_setting("timezone", "+08:00");
    let out = run_in(
        &env,
        "zh_CN.UTF-8",
        "2026-11-24T00:00:00Z",
        &["metrics", "--change", &id],
    )
    .code(0);
    assert!(
        out.stdout
            .contains("判定：观察期中，至 2026-11-26 08:00 +08:00"),
        "{}",
        out.stdout
    );
}

/// JSON and CSV are data: the same bytes whatever the operator reads, alerts, findings,
/// notes and verdicts included (in English).
#[test]
fn json_and_csv_are_the_same_in_every_language() {
    let env = store();
    let id = unbind_a(&env);
    env.set_setting("min_sample", "1");
    let window = [&["--format", "json", "metrics"], &WINDOW[..]].concat();
    let csv = [&["--format", "csv", "metrics"], &WINDOW[..]].concat();
    let change_json = ["--format", "json", "metrics", "--change", id.as_str()];
    let change_csv = ["--format", "csv", "metrics", "--change", id.as_str()];
    let observing = ["--format", "json", "metrics", "--change", id.as_str()];
    for (now, args) in [
        ("2026-11-27T09:00:00Z", &window[..]),
        ("2026-11-27T09:00:00Z", &csv[..]),
        ("2026-11-30T00:00:00Z", &change_json[..]),
        ("2026-11-30T00:00:00Z", &change_csv[..]),
        ("2026-11-24T00:00:00Z", &observing[..]),
    ] {
        let en = run_in(&env, "C", now, args).code(0);
        let zh = run_in(&env, "zh_CN.UTF-8", now, args).code(0);
        assert_eq!(en.stdout, zh.stdout, "{args:?} differs by language");
    }
    let en = run_in(&env, "C", "2026-11-30T00:00:00Z", &change_json).json();
    assert!(
        en["verdict"]
            .as_str()
            .unwrap()
            .starts_with("alert: stockout rate rose from 0.00 % to 100.00 %"),
        "{}",
        en["verdict"]
    );
    assert_eq!(
        en["tests"][0]["rule"],
        "a significant rise that ends above the 3.00 % alert level (stockout_alert)"
    );
    let m = run_in(&env, "zh_CN.UTF-8", "2026-11-27T09:00:00Z", &window).json();
    assert_eq!(
        m["alerts"][1],
        "stockout rate 50.00 % is above the 3.00 % alert level"
    );
}

/// The text a reader of the page sees: what is between its tags (its style sheet left out),
/// and the names of its charts.
fn visible_text(html: &str) -> String {
    let body = match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    };
    let mut text = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
                text.push('\n');
            }
            '>' => {
                in_tag = false;
                if let Some(i) = tag.find("aria-label=\"") {
                    let rest = &tag[i + 12..];
                    text.push_str(&rest[..rest.find('"').unwrap_or(rest.len())]);
                    text.push('\n');
                }
            }
            c if in_tag => tag.push(c),
            c => text.push(c),
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[test]
fn the_report_is_a_chinese_page() {
    let env = store();
    let id = unbind_a(&env);
    // A closed warehouse is marked on the stock bars.
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
    env.run_zh(&["report", "-o", "zh.html", "--change", &id])
        .code(0);
    env.ok(&["report", "-o", "en.html", "--change", &id]);
    let html = std::fs::read_to_string(env.path("zh.html")).unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(
        html.contains("'Noto Sans CJK SC'"),
        "a font stack for Chinese"
    );
    for needle in [
        "<title>invmap 报告 ",
        "<h1>库存报告</h1>",
        "<h2>概览</h2>",
        "<h2>订单履约率（7 日滚动）</h2>",
        "<h2>各仓库库存</h2>",
        "<h2>ABC 分类占比</h2>",
        "aria-label=\"7 日订单履约率\"",
        "5（已关闭）",
        "<th>差值（95 % 区间）</th>",
        "<strong>判定：</strong>",
        "库存准确率 99.09 % 低于目标 99.50 %",
    ] {
        assert!(html.contains(needle), "report lacks {needle:?}");
    }
    assert!(
        html.contains(&format!("<h2>变更 {id}：前后对比</h2>")),
        "{html}"
    );
    assert!(
        html.contains(&format!(">变更 {id}、")) || html.contains(&format!(">变更 {id}<")),
        "the change's mark on the curve"
    );
    let shown = Out {
        code: 0,
        stdout: visible_text(&html),
        stderr: String::new(),
    };
    assert_no_english(&shown, &[]);
    let english = std::fs::read_to_string(env.path("en.html")).unwrap();
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("<h1>Inventory report</h1>"));
}

/// Issue 14's English plural mistakes, fixed while the words moved to the catalogue.
#[test]
fn english_counts_take_their_plural() {
    let env = store();
    let out = env
        .ok(&[&["metrics", "--top", "1"], &WINDOW[..]].concat())
        .out_has(&[
            "1 delivered order ",
            "Top 1 product by sales value:",
            "2 complaints, 5 orders (not cancelled)",
        ]);
    assert!(!out.stdout.contains("1 delivered orders"), "{}", out.stdout);
    let one_day = env
        .ok(&["metrics", "--since", "2026-11-20", "--until", "2026-11-20"])
        .stdout;
    assert!(
        one_day.contains("Metrics for 2026-11-20 … 2026-11-20 (1 day, UTC)"),
        "{one_day}"
    );
}

/// The English words left in a table's headers (and, in a field/value table, its field
/// names): every table a command prints takes its Chinese headers from `columns.ftl`.
fn english_headers(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let cells = |line: &str| -> Vec<String> {
        line.split('│')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    let english = |cell: &str| {
        cell.split_whitespace().any(|w| {
            w.len() >= 2 && w != "SKU" && w.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        })
    };
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with('┌') {
            continue;
        }
        let Some(header) = lines.get(i + 1) else {
            continue;
        };
        let names = cells(header);
        found.extend(names.iter().filter(|c| english(c)).cloned());
        // A field/value table: its field names too.
        if names.first().map(String::as_str) == Some("字段") {
            for row in lines[i + 3..].iter().take_while(|l| l.starts_with('│')) {
                let field = cells(row).into_iter().next().unwrap_or_default();
                if english(&field) {
                    found.push(field);
                }
            }
        }
    }
    found
}

#[test]
fn every_table_header_reads_in_chinese() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "x",
    ]);
    env.ok(&[
        "plan",
        "create",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "SH01",
        "--reason",
        "x",
    ]);
    env.ok(&[
        "blackout",
        "add",
        "--from",
        "2026-12-01 00:00",
        "--to",
        "2026-12-02 00:00",
        "--reason",
        "sale",
    ]);
    let erp = env.write(
        "erp.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1001,SH01,100\nSKU-1003,GZ01,300\n",
    );
    let erp = erp.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["warehouse", "list"],
        vec!["changes"],
        vec!["changes", "show", "1"],
        vec!["audit"],
        vec!["audit", "verify"],
        vec!["route", "--sku", "SKU-1001"],
        vec!["check"],
        vec!["settings", "list"],
        vec!["settings", "get", "timezone"],
        vec![
            "unbind",
            "--sku",
            "SKU-1003",
            "--warehouse",
            "GZ01",
            "--dry-run",
        ],
        vec!["reconcile", erp],
        vec!["plan", "list"],
        vec!["plan", "show", "1"],
        vec!["blackout", "list"],
        vec!["metrics"],
        vec!["metrics", "--change", "2"],
    ];
    for args in commands {
        let out = env.run_zh(&args);
        assert!(
            out.stdout.contains('┌'),
            "{args:?} printed no table:\n{}",
            out.stdout
        );
        let left = english_headers(&out.stdout);
        assert!(
            left.is_empty(),
            "{args:?}: English headers {left:?}\n{}",
            out.stdout
        );
    }
}
