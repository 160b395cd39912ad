//! The key workflows end to end in Chinese (issue 14's proof): refusal, dry run, batch,
//! rollback, plan with two-person review, metrics, report. Everything the operator reads is
//! Chinese (no run of English words), while exit codes, rule ids and JSON are the same as in
//! English.

use crate::env::*;

/// A store whose own data is Chinese (names, regions), as an operator's would be: then any
/// English in the output is invmap's. SKU-1003 @ GZ01 has an open order; SKU-1002 @ SH01 has
/// no stock; SKU-1001 has stock at SH01 and BJ01.
fn chinese_store() -> TestEnv {
    let env = TestEnv::new();
    let files = [
        (
            "warehouses",
            "仓库编码,仓库名称,地区,状态,仓储成本\nSH01,上海浦东仓,华东,active,0.035\nBJ01,北京大兴仓,华北,active,0.03\nGZ01,广州白云仓,华南,active,0.028\n",
        ),
        (
            "products",
            "商品编码,商品名称,类目,成本,补货周期\nSKU-1001,亚麻衬衫,服装,42.5,14\nSKU-1002,陶瓷杯,家居,6.8,7\nSKU-1003,保温杯,家居,25,10\n",
        ),
        (
            "mappings",
            "商品编码,仓库编码,库存数量,优先级\nSKU-1001,SH01,120,1\nSKU-1001,BJ01,40,2\nSKU-1002,SH01,0,1\nSKU-1002,GZ01,75,2\nSKU-1003,GZ01,300,1\nSKU-1003,SH01,10,2\n",
        ),
        (
            "orders",
            "订单号,商品编码,仓库编码,数量,状态,下单时间,发货时间,签收时间\nSO-1,SKU-1001,SH01,1,已签收,2026-11-20 09:15,2026-11-20 16:00,2026-11-22 11:30\nSO-2,SKU-1002,GZ01,2,已发货,2026-11-25 14:02,2026-11-26 10:00,\nSO-3,SKU-1003,GZ01,1,待发货,2026-11-26 20:45,,\n",
        ),
    ];
    for (kind, text) in files {
        let path = env.write(&format!("{kind}.csv"), text);
        env.run_zh(&["import", kind, path.to_str().unwrap()])
            .code(0);
    }
    env
}

/// Runs in Chinese and asserts the exit code and that no English is left.
#[track_caller]
fn zh(env: &TestEnv, args: &[&str], code: i32) -> Out {
    let out = env.run_zh(args).code(code);
    assert_no_english(&out, &[]);
    out
}

#[test]
fn a_refusal_names_the_rule_and_the_way_out_in_chinese() {
    let env = chinese_store();
    let before = env.snapshot();
    let out = zh(
        &env,
        &["unbind", "--sku", "SKU-1003", "--warehouse", "GZ01"],
        3,
    );
    assert!(out.stderr.contains("[open-orders]"), "{}", out.stderr);
    assert!(out.stderr.contains("未发货订单"), "{}", out.stderr);
    assert!(
        out.stderr.contains("--drain"),
        "the way out: {}",
        out.stderr
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_dry_run_a_batch_and_its_rollback_in_chinese() {
    let env = chinese_store();
    let dry = zh(
        &env,
        &[
            "unbind",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "SH01",
            "--dry-run",
        ],
        0,
    );
    assert!(dry.stderr.contains("预演"), "{}", dry.stderr);
    let batch = env.write(
        "unbind.csv",
        "商品编码,仓库编码,transfer_to,reason\nSKU-1002,SH01,,上海仓不再备货\nSKU-1001,BJ01,SH01,服装集中到上海\n",
    );
    let out = zh(
        &env,
        &[
            "unbind",
            "--from-csv",
            batch.to_str().unwrap(),
            "--reason",
            "整合",
        ],
        0,
    );
    assert!(out.stderr.contains("已解绑"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("已记录变更 2（可用 `invmap rollback 2` 撤销）"),
        "{}",
        out.stderr
    );
    let out = zh(&env, &["rollback", "last"], 0);
    assert!(out.stderr.contains("回滚"), "{}", out.stderr);
    zh(&env, &["changes"], 0);
    zh(&env, &["audit", "verify"], 0);
    zh(&env, &["check"], 0);
}

#[test]
fn a_plan_needs_a_second_person_in_chinese() {
    let env = chinese_store();
    zh(&env, &["settings", "set", "approval_threshold", "0"], 0);
    let out = zh(
        &env,
        &["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"],
        3,
    );
    assert!(out.stderr.contains("plan create"), "{}", out.stderr);
    zh(
        &env,
        &[
            "plan",
            "create",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "SH01",
            "--reason",
            "下架",
        ],
        0,
    );
    let own = zh(&env, &["plan", "approve", "1"], 3);
    assert!(
        own.stderr.contains("双人复核") || own.stderr.contains("另一位"),
        "{}",
        own.stderr
    );
    let other = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .env("INVMAP_OPERATOR", "ann")
        .args(["plan", "approve", "1"])
        .output()
        .unwrap();
    let other = Out::of(other).code(0);
    assert_no_english(&other, &[]);
    zh(&env, &["plan", "list"], 0);
    zh(&env, &["plan", "show", "1"], 0);
    zh(&env, &["plan", "apply", "1"], 0);
}

#[test]
fn metrics_and_the_report_in_chinese() {
    let env = chinese_store();
    zh(
        &env,
        &["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"],
        0,
    );
    zh(&env, &["metrics"], 0);
    zh(&env, &["metrics", "--change", "2"], 0);
    zh(&env, &["report", "-o", "r.html"], 0);
    let html = std::fs::read_to_string(env.path("r.html")).unwrap();
    assert!(
        html.contains("<html lang=\"zh-CN\">"),
        "{}",
        &html[..200.min(html.len())]
    );
    assert!(html.contains("订单履约率"));
}

/// JSON is data: byte-identical whatever language the operator reads.
#[test]
fn json_is_the_same_in_every_language() {
    let env = chinese_store();
    env.ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    for args in [
        &["changes", "--format", "json"][..],
        &["changes", "show", "2", "--format", "json"],
        &["audit", "--format", "json"],
        &["audit", "verify", "--format", "json"],
        &["check", "--format", "json"],
        &["metrics", "--format", "json"],
        &["metrics", "--change", "2", "--format", "json"],
        &["route", "--sku", "SKU-1001", "--format", "json"],
        &["settings", "list", "--format", "json"],
        &["warehouse", "list", "--format", "json"],
        &["rollback", "2", "--dry-run", "--format", "json"],
        &[
            "unbind",
            "--sku",
            "SKU-1003",
            "--warehouse",
            "GZ01",
            "--dry-run",
            "--format",
            "json",
        ],
        &["export", "mappings"],
        &["export", "skus"],
    ] {
        let en = env.run(args);
        let zh = env.run_zh(args);
        assert_eq!(en.code, zh.code, "{args:?}");
        assert_eq!(en.stdout, zh.stdout, "{args:?} differs by language");
    }
    // A change's own JSON report too, on two stores alike (each store has its own id, which
    // the audit chain covers: the heads differ, the rest is the same).
    let (a, b) = (chinese_store(), chinese_store());
    let args = [
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--format",
        "json",
    ];
    let (mut en, mut zh) = (a.run(&args).code(0).json(), b.run_zh(&args).code(0).json());
    en["audit_head"] = serde_json::Value::Null;
    zh["audit_head"] = serde_json::Value::Null;
    assert_eq!(en, zh);
}

/// What the store keeps is the same in every language: a staged batch refused in Chinese
/// stores its reason in English (plans and the hashed audit trail), and a daily blackout is
/// told in Chinese.
#[test]
fn a_refused_stage_keeps_its_reason_in_english() {
    let env = chinese_store();
    zh(
        &env,
        &[
            "blackout",
            "add",
            "--from",
            "2026-11-27T08:00:00Z",
            "--to",
            "2026-11-27T12:00:00Z",
            "--reason",
            "大促",
        ],
        0,
    );
    let batch = env.write(
        "u.csv",
        "商品编码,仓库编码,transfer_to\nSKU-1002,SH01,\nSKU-1001,BJ01,SH01\n",
    );
    let file = batch.to_str().unwrap();
    let out = env
        .run_zh(&[
            "unbind",
            "--from-csv",
            file,
            "--stages",
            "50%,100%",
            "--reason",
            "st",
        ])
        .code(3);
    assert_no_english(&out, &[]);
    let conn = env.conn();
    let reasons: Vec<String> = conn
        .prepare("SELECT reject_reason FROM plans WHERE reject_reason IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!reasons.is_empty());
    let details: Vec<String> = conn
        .prepare("SELECT detail FROM audit_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for text in reasons.iter().chain(&details) {
        let chinese = text
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !"大促".contains(c));
        assert!(!chinese, "the store keeps Chinese words: {text}");
    }
    assert!(
        reasons[0].starts_with("stage 1 was refused: refused:"),
        "{}",
        reasons[0]
    );

    zh(&env, &["blackout", "remove", "1"], 0);
    zh(
        &env,
        &[
            "blackout",
            "add",
            "--daily",
            "08:00-12:00",
            "--reason",
            "高峰",
        ],
        0,
    );
    let out = zh(
        &env,
        &["unbind", "--sku", "SKU-1003", "--warehouse", "SH01"],
        3,
    );
    assert!(out.stderr.contains("“高峰”（每天"), "{}", out.stderr);
}

/// A library's own words at the end of an error (SQLite's, JSON's) are told in Chinese too.
#[test]
fn a_librarys_words_are_told_in_chinese_too() {
    let env = chinese_store();
    env.write("junk.db", "hello");
    env.write("junk.txt", "hello");
    let out = env.run_zh(&["restore", "junk.db", "--dry-run"]).code(4);
    assert!(out.stderr.contains("文件不是数据库"), "{}", out.stderr);
    assert_no_english(&out, &[]);
    let out = env
        .run_zh(&["audit", "verify", "--anchor", "junk.txt"])
        .code(4);
    assert!(
        out.stderr.contains("不是有效的 JSON（第 1 行第 1 列）"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
}
