//! Chinese output: the cli area.
#![allow(unused_imports)]
use crate::env::*;

#[test]
fn the_detector_finds_english_and_lets_codes_and_commands_pass() {
    let runs = english_runs(
        "未做任何更改。\nNothing changed.\n可用 `invmap rollback 2` 撤销 [open-orders]",
        &[],
    );
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert!(runs[0].starts_with("Nothing changed"));
}

#[test]
fn a_store_that_is_missing_is_told_in_chinese() {
    let env = TestEnv::without_store();
    let out = env.run_zh(&["check"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("错误："), "{}", out.stderr);
}

#[test]
fn nothing_changed_is_told_in_chinese() {
    let env = TestEnv::new();
    let out = env.run_zh(&["warehouse", "list"]);
    assert_eq!(out.code, 0);
    assert_no_english(&out, &[]);
}

/// Only what the operator was told on stderr (tables on stdout keep English column names
/// until `locales/zh-CN/columns.ftl` names them).
fn told(out: &Out) -> Out {
    Out {
        code: out.code,
        stdout: String::new(),
        stderr: out.stderr.clone(),
    }
}

/// The store of these tests: two warehouses with Chinese names, one SKU at each.
fn small_store() -> TestEnv {
    let env = TestEnv::new();
    let warehouses = env.write(
        "warehouses.csv",
        "code,name,region\nSH01,上海仓,华东\nBJ01,北京仓,华北\n",
    );
    let out = env.run_zh(&[
        "import".as_ref(),
        "warehouses".as_ref(),
        warehouses.as_os_str(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mappings = env.write(
        "mappings.csv",
        "product_id,warehouse_code,stock_quantity,priority\nSKU-1,SH01,10,1\nSKU-1,BJ01,5,2\n",
    );
    let out = env.run_zh(&["import".as_ref(), "mappings".as_ref(), mappings.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    env
}

#[test]
fn an_import_sums_up_in_chinese() {
    let env = TestEnv::new();
    let file = env.write(
        "warehouses.csv",
        "code,name,region\nSH01,上海仓,华东\nBJ01,北京仓,华北\n",
    );
    let out = env.run_zh(&["import".as_ref(), "warehouses".as_ref(), file.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("导入仓库：新增 2 行，更新 0 行，未变 0 行。"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);

    let file = env.write(
        "mappings.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1,SH01,10\n",
    );
    let out = env.run_zh(&["import".as_ref(), "mappings".as_ref(), file.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("导入绑定关系：新增 1 行，更新 0 行，未变 0 行。已记录变更 1（可用 `invmap rollback 1` 撤销）。"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
    // The sentence in JSON is the English one.
    let file = env.write(
        "mappings2.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-2,SH01,1\n",
    );
    let out = env.run_zh(&[
        "--format".as_ref(),
        "json".as_ref(),
        "import".as_ref(),
        "mappings".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(
        out.json()["message"],
        format!(
            "Imported mappings from {}: 1 inserted, 0 updated, 0 unchanged.",
            file.display()
        )
    );
}

#[test]
fn a_bad_import_names_its_rows_in_chinese() {
    let env = small_store();
    let file = env.write(
        "bad.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-2,SH01,1\nSKU-2,SH01,2\nSKU-3,XX01,1\n",
    );
    let out = env.run_zh(&["import".as_ref(), "mappings".as_ref(), file.as_os_str()]);
    assert_eq!(out.code, 4);
    assert!(
        out.stderr
            .contains("文件前面已有相同的键：每个键只保留一行"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("未知仓库：请先添加"), "{}", out.stderr);
}

#[test]
fn settings_list_means_in_chinese_and_json_stays_english() {
    let env = TestEnv::new();
    let out = env.run_zh(&["settings", "list"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("一次变更在得出判定之前的观察小时数"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("缺货率超过此值时，指标发出告警"),
        "{}",
        out.stdout
    );
    assert_no_english(&out, &["key", "value", "default", "meaning"]);

    let zh = env.run_zh(&["--format", "json", "settings", "list"]);
    let en = env.run(&["--format", "json", "settings", "list"]);
    assert_eq!(zh.stdout, en.stdout);
    assert!(
        en.stdout
            .contains("hours a change is observed before its verdict")
    );
    let zh = env.run_zh(&["--format", "csv", "settings", "list"]);
    let en = env.run(&["--format", "csv", "settings", "list"]);
    assert_eq!(zh.stdout, en.stdout);

    let out = env.run_zh(&["settings", "set", "min_sample", "20"]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stderr, "min_sample = 20（已记入审计日志）\n");
}

#[test]
fn warehouses_are_added_listed_and_closed_in_chinese() {
    let env = small_store();
    let out = env.run_zh(&[
        "warehouse",
        "add",
        "GZ01",
        "--name",
        "广州仓",
        "--region",
        "华南",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "已添加仓库 GZ01。\n");

    let out = env.run_zh(&["warehouse", "list"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("广州仓"), "{}", out.stdout);

    let out = env.run_zh(&["warehouse", "close", "GZ01", "--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("预演：关闭 GZ01 会涉及 0 条绑定关系。未做任何更改。"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);

    let out = env.run_zh(&["warehouse", "close", "GZ01", "--reason", "撤仓"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("已关闭仓库 GZ01；0 条绑定关系不再接新订单。已记录变更 2"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);

    let out = env.run_zh(&["warehouse", "reopen", "GZ01", "--reason", "恢复"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("已重新开启仓库 GZ01；"),
        "{}",
        out.stderr
    );
}

/// The English plurals the issue asked to fix: one link is "1 link", not "1 links".
#[test]
fn english_counts_one_link_in_the_singular() {
    let env = small_store();
    let out = env.run(&[
        "warehouse",
        "close",
        "BJ01",
        "--reason",
        "exit",
        "--dry-run",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("Dry run: closing BJ01 would touch 1 link. Nothing was changed."),
        "{}",
        out.stderr
    );
    let out = env.run(&["warehouse", "close", "BJ01", "--reason", "exit"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("Closed warehouse BJ01; 1 link no longer takes new orders. Change"),
        "{}",
        out.stderr
    );
    let out = env.run(&["export", "skus", "-o", "skus.csv"]);
    assert_eq!(out.stderr, "Wrote 1 row to skus.csv.\n");
    let out = env.run(&["audit", "verify"]);
    assert!(
        out.stderr.contains("Audit chain intact: "),
        "{}",
        out.stderr
    );
}

#[test]
fn blackout_windows_in_chinese() {
    let env = TestEnv::new();
    let out = env.run_zh(&[
        "blackout",
        "add",
        "--daily",
        "20:00-23:00",
        "--reason",
        "晚高峰",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "已添加促销/高峰时段 1；时段内的变更会被拒绝，除非使用 --override-window。\n"
    );
    let out = env.run_zh(&[
        "blackout",
        "add",
        "--from",
        "2026-12-02",
        "--to",
        "2026-12-01",
        "--reason",
        "双十二",
    ]);
    assert_eq!(out.code, 4);
    assert!(out.stderr.contains("结束早于开始"), "{}", out.stderr);

    let out = env.run_zh(&["blackout", "list"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("晚高峰"), "{}", out.stdout);
    assert!(out.stdout.contains("20:00-23:00"), "{}", out.stdout);

    let out = env.run_zh(&["blackout", "remove", "1"]);
    assert_eq!(out.stderr, "已删除促销/高峰时段 1。\n");
    let out = env.run_zh(&["blackout", "remove", "7"]);
    assert_eq!(out.code, 4);
    assert!(
        out.stderr
            .contains("没有这个时段：见 `invmap blackout list`"),
        "{}",
        out.stderr
    );
}

#[test]
fn changes_say_their_state_in_chinese_and_json_stays_english() {
    let env = small_store();
    let out = env.run_zh(&["changes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("观察期至 2026-11-30 09:00"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("observing"), "{}", out.stdout);

    let out = env.run_zh(&["changes", "show", "1", "--rows", "1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("来源："), "{}", out.stderr);
    assert!(
        out.stderr.contains("此变更之后的审计链头："),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("（仅列出前 1 行，共 2 行；"),
        "{}",
        out.stderr
    );
    // (The command line it names is data.)
    assert_no_english(&told(&out), &["import", "mappings"]);

    for format in ["json", "csv"] {
        let zh = env.run_zh(&["--format", format, "changes"]);
        let en = env.run(&["--format", format, "changes"]);
        assert_eq!(zh.stdout, en.stdout, "{format}");
        assert!(
            en.stdout.contains("observing until 2026-11-30T09:00:00Z"),
            "{format}"
        );
    }
    let zh = env.run_zh(&["--format", "json", "changes", "show", "1"]);
    let en = env.run(&["--format", "json", "changes", "show", "1"]);
    assert_eq!(zh.stdout, en.stdout);

    let out = env.run_zh(&["changes", "show", "9"]);
    assert_eq!(out.code, 4);
    assert!(
        out.stderr.contains("没有这个变更：见 `invmap changes`"),
        "{}",
        out.stderr
    );
}

#[test]
fn drains_still_waiting_are_listed_in_chinese() {
    let env = small_store();
    order(&env, "SO-1", "SKU-1", "BJ01", "open");
    let out = env.run_zh(&[
        "unbind",
        "--sku",
        "SKU-1",
        "--warehouse",
        "BJ01",
        "--drain",
        "--reason",
        "撤仓",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = env.run_zh(&["changes"]);
    assert!(
        out.stderr.contains(
            "仍在等待的排空（1）：\n  SKU-1 @ BJ01 自 2026-11-27 09:00 +00:00 起：1 个未发货订单\n"
        ),
        "{}",
        out.stderr
    );
    assert_no_english(&told(&out), &[]);
    let out = env.run(&["changes"]);
    assert!(
        out.stderr
            .contains("  SKU-1 @ BJ01 since 2026-11-27 09:00 +00:00: 1 open order\n")
    );
}

#[test]
fn audit_verify_in_chinese() {
    let env = small_store();
    let out = env.run_zh(&["audit", "verify", "--state"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.starts_with("审计链完整："), "{}", out.stderr);
    assert!(
        out.stderr.contains("每条绑定关系都与其最后一次变更一致。"),
        "{}",
        out.stderr
    );
    assert_no_english(&told(&out), &[]);

    let out = env.run_zh(&["audit", "anchor", "-o", "anchor.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("已将审计链头写入 anchor.json："),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
    let out = env.run_zh(&["audit", "verify", "--anchor", "anchor.json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("此后写入 0 条：末尾没有条目被截掉。"),
        "{}",
        out.stderr
    );

    let out = env.run_zh(&["audit", "verify", "--head", "0123456789abcdef"]);
    assert_eq!(out.code, 3);
    assert!(
        out.stderr
            .contains("审计日志校验未通过：你保存的链头（0123456789ab…）不在审计日志中"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
}

#[test]
fn route_explains_itself_in_chinese_and_json_stays_english() {
    let env = small_store();
    order(&env, "SO-1", "SKU-1", "BJ01", "open");
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1",
        "--warehouse",
        "BJ01",
        "--drain",
        "--reason",
        "撤仓",
    ]);
    env.ok(&["warehouse", "add", "GZ01"]);
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1",
        "--warehouse",
        "GZ01",
        "--qty",
        "1",
    ]);
    env.ok(&["warehouse", "close", "GZ01", "--reason", "x"]);
    let out = env.run_zh(&["route", "--sku", "SKU-1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("已跳过（排空中）：BJ01"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("未列入（仓库已关闭）：GZ01"),
        "{}",
        out.stderr
    );
    assert_no_english(&told(&out), &[]);

    for format in ["json", "csv"] {
        let zh = env.run_zh(&["--format", format, "route", "--sku", "SKU-1"]);
        let en = env.run(&["--format", format, "route", "--sku", "SKU-1"]);
        assert_eq!(zh.stdout, en.stdout, "{format}");
    }

    let out = env.run_zh(&["route", "--sku", "SKU-404"]);
    assert_eq!(out.code, 4);
    assert!(
        out.stderr.contains("未知 SKU：存储库中没有"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_lonely_sku_has_no_route_in_chinese() {
    let env = small_store();
    env.ok(&[
        "warehouse",
        "close",
        "SH01",
        "--reason",
        "x",
        "--allow-orphan",
    ]);
    env.ok(&[
        "warehouse",
        "close",
        "BJ01",
        "--reason",
        "x",
        "--allow-orphan",
    ]);
    let out = env.run_zh(&["route", "--sku", "SKU-1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("警告：SKU-1 无仓可发（没有接单的仓库）"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("未列入（仓库已关闭）：BJ01、SH01"),
        "{}",
        out.stderr
    );
    assert_no_english(&told(&out), &[]);
}

#[test]
fn check_and_an_unusable_clock_in_chinese() {
    let env = small_store();
    let out = env.run_zh(&["check"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "所有检查均通过。\n");
    let out = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .env("INVMAP_NOW", "明天")
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("不是 RFC 3339 时间（例如 2026-11-27T09:00:00Z）"),
        "{stderr}"
    );
}

#[test]
fn reconcile_json_is_the_same_in_every_language() {
    let env = small_store();
    let file = env.write(
        "erp.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1,SH01,9\n",
    );
    let args = |format: &'static str| -> Vec<std::ffi::OsString> {
        vec![
            "--format".into(),
            format.into(),
            "reconcile".into(),
            file.clone().into_os_string(),
        ]
    };
    for format in ["json", "csv", "table"] {
        let zh = env.run_zh(&args(format));
        let en = env.run(&args(format));
        assert_eq!(zh.code, 3);
        if format != "table" {
            assert_eq!(zh.stdout, en.stdout, "{format}");
        }
        assert!(zh.stderr.contains("比对 1 行"), "{}", zh.stderr);
        assert!(
            zh.stderr.contains("本系统 10 件，对方 9 件。"),
            "{}",
            zh.stderr
        );
    }
}

/// `export … --headers zh` writes the Chinese column names the imports read back: a sheet
/// made for a Chinese team loads into another store as it is.
#[test]
fn chinese_headers_of_an_export_load_back() {
    let env = TestEnv::example_store();
    let out = env.ok(&["export", "mappings", "--headers", "zh", "-o", "zh.csv"]);
    assert!(out.stderr.contains("zh.csv"), "{}", out.stderr);
    let text = std::fs::read_to_string(env.path("zh.csv")).unwrap();
    assert_eq!(text.lines().next(), Some("商品编码,仓库编码,库存,优先级"));
    let skus = env.ok(&["export", "skus", "--headers", "zh"]).stdout;
    assert_eq!(skus.lines().next(), Some("商品编码,BJ01,GZ01,SH01,合计"));
    // The English names stay the default, whatever the operator's language.
    let en = env.run_zh(&["export", "mappings"]).code(0).stdout;
    assert!(en.starts_with("product_id,warehouse_code,stock_quantity,priority\n"));

    let other = TestEnv::new();
    other.import("warehouses", &example("warehouses.csv"));
    other.import("mappings", &env.path("zh.csv"));
    assert_eq!(other.links(), env.links());
}

/// The operating system's words for a file error are English in every locale: invmap says
/// them in Chinese too.
#[test]
fn a_missing_file_is_told_in_chinese_to_the_end() {
    let env = TestEnv::new();
    let out = env.run_zh(&["import", "mappings", "missing.csv"]).code(1);
    assert!(
        out.stderr.contains("没有这个文件或目录（系统错误 2）"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
    let en = env.run(&["import", "mappings", "missing.csv"]).code(1);
    assert!(
        en.stderr.contains("No such file or directory (os error 2)"),
        "{}",
        en.stderr
    );
}
