//! Chinese output: the domain area — bad values and files (with their `file:line:` positions
//! kept), the safety rules' refusals (with their rule ids and way out), warnings, settings.
#![allow(unused_imports)]
use crate::env::*;

/// The lines of `text` that start with `prefix`, each free of English.
#[track_caller]
fn chinese_lines(text: &str, prefix: &str) -> usize {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with(prefix))
        .collect();
    let runs = english_runs(&lines.join("\n"), &[]);
    assert!(runs.is_empty(), "English left:\n{}", runs.join("\n"));
    lines.len()
}

/// A rejected template: exit 4, every bad line named as `FILE:LINE:` with a Chinese reason,
/// nothing in English, nothing changed.
#[track_caller]
fn rejected_in_chinese(name: &str, lines: &[u64], needles: &[&str]) -> Out {
    rejected_in_chinese_with(name, lines, needles, &[])
}

/// The same, with words of the file's own (`data`) that are not English sentences.
#[track_caller]
fn rejected_in_chinese_with(name: &str, lines: &[u64], needles: &[&str], data: &[&str]) -> Out {
    let env = TestEnv::fixture_store();
    let before = env.snapshot();
    let path = fixture(name).display().to_string();
    let out = env
        .run_zh(&["unbind", "--from-csv", &path, "--reason", "t"])
        .code(4)
        .err_has(needles);
    for line in lines {
        let at = format!("{path}:{line}: ");
        assert!(out.stderr.contains(&at), "no {at} in\n{}", out.stderr);
    }
    assert!(out.stderr.contains("未做任何更改"), "{}", out.stderr);
    assert_no_english(&out, data);
    assert_no_raw_controls(&out.stderr);
    assert_eq!(env.snapshot(), before, "{name} changed the store");
    out
}

#[test]
fn excel_mangled_codes_are_refused_in_chinese_with_their_positions() {
    let out = rejected_in_chinese(
        "40_scientific_notation_skus.csv",
        &[2, 3, 4],
        &[
            "有 3 个问题，未做任何更改：",
            ": 商家编码: \"1.23457E+11\": SKU 看起来是 Excel 的科学计数法，原来的数字已经丢失",
            "请修正这些行后重新运行命令。",
        ],
    );
    assert!(out.stderr.starts_with("错误："), "{}", out.stderr);
    rejected_in_chinese(
        "43_numeric_float_suffix.csv",
        &[2, 3],
        &["sku: \"123456789012.0\": SKU 以 \".0\" 结尾：该单元格在 Excel 中是数值格式"],
    );
    rejected_in_chinese(
        "53_formula_injection_cells.csv",
        &[2, 3, 4, 5, 6, 7],
        &[
            "SKU 以 '=' 开头：表格软件会把它当作公式执行",
            "warehouse: \"=cmd|' /C calc'!A0\": 仓库编码以 '=' 开头",
        ],
    );
    let long = "S".repeat(65);
    rejected_in_chinese_with(
        "72_overlong_sku_65_chars.csv",
        &[2],
        &["SKU 最多 20 个字符，这里有 65 个：请缩短"],
        &["sku", &long],
    );
    rejected_in_chinese(
        "18_nul_bytes.csv",
        &[3],
        &["sku: \"SKU\\x00002\": 有 NUL 字节：请删除"],
    );
}

#[test]
fn broken_files_are_refused_in_chinese_with_their_positions() {
    rejected_in_chinese(
        "15_invalid_utf8.csv",
        &[3, 4],
        &[
            "第 32 字节处不是有效的 UTF-8（ff）：该文件既不是 UTF-8 也不是 GBK 编码",
            "（e4 b8）",
        ],
    );
    rejected_in_chinese(
        "14_utf16le_bom_tab_excel_unicode_text.csv",
        &[1],
        &["该文件是 UTF-16 编码、制表符分隔", "请另存为 CSV UTF-8"],
    );
    rejected_in_chinese(
        "22_unterminated_quote.csv",
        &[3],
        &["从第 3 行开始的引号没有闭合"],
    );
    rejected_in_chinese(
        "23_wrong_column_count.csv",
        &[3, 4],
        &[
            "应有 2 个字段（与表头一致），实际有 3 个；含有 ',' 的值必须加引号",
            "实际有 1 个；请补全缺少的单元格",
        ],
    );
    rejected_in_chinese(
        "24_empty_file.csv",
        &[],
        &["有 1 个问题", "空文件：没有表头行；第一行必须写出列名"],
    );
}

#[test]
fn header_problems_are_refused_in_chinese() {
    rejected_in_chinese(
        "26_missing_required_column.csv",
        &[1],
        &[
            "缺少列 warehouse_code（可用的列名：warehouse_code、warehouse、仓库编码、仓库）；表头是 \"sku\"、\"qty\"",
        ],
    );
    rejected_in_chinese(
        "27_ambiguous_alias_headers.csv",
        &[1],
        &["第 1 列和第 2 列都对应 product_id：请删除其中一列"],
    );
    rejected_in_chinese(
        "30_semicolon_delimiter_eu_excel.csv",
        &[1],
        &[
            "缺少列 product_id、warehouse_code：表头 \"sku;warehouse\" 看起来是以 ';' 分隔的",
            "--delimiter ';'",
        ],
    );
}

/// What the reader did to a file it accepted is said in Chinese too.
#[test]
fn the_readers_notes_are_chinese() {
    let env = TestEnv::fixture_store();
    let run = |name: &str| {
        let path = fixture(name).display().to_string();
        env.run_zh(&["unbind", "--from-csv", &path, "--dry-run"])
            .code(0)
    };
    let gbk = run("10_gbk_chinese_headers.csv");
    assert!(gbk.stderr.contains("提示：已按 GBK 解码"), "{}", gbk.stderr);
    let sep = run("31_excel_sep_hint_line.csv");
    assert!(
        sep.stderr.contains("已跳过第 1 行的 Excel 'sep=,' 行"),
        "{}",
        sep.stderr
    );
    let wide = run("50_fullwidth_and_ideographic_space.csv");
    assert!(
        wide.stderr
            .contains("第 2 行：sku \"ＳＫＵ００１\" -> \"SKU001\""),
        "{}",
        wide.stderr
    );
    assert!(
        wide.stderr
            .contains("第 3 行：sku \"SKU002\\u{3000}\" -> \"SKU002\"")
    );
    assert_eq!(chinese_lines(&wide.stderr, "提示："), 4);
    let extra = run("28_extra_unknown_column.csv");
    assert!(
        extra.stderr.contains("已忽略第 3 列 \"备注\""),
        "{}",
        extra.stderr
    );
    // The region-cover warning of every valid unbind in the fixture store.
    assert!(
        extra
            .stderr
            .contains("SKU001 @ WH-SH01：该 SKU 在地区 East 将没有启用中的仓库"),
        "{}",
        extra.stderr
    );
    assert_eq!(chinese_lines(&extra.stderr, "警告："), 1);
}

/// SKU-1003 @ GZ01 has an open order, 300 units and no other warehouse: three rules fire,
/// each named by its id with its way out, in Chinese; the JSON of the dry run is English.
#[test]
fn an_unbind_refused_by_orders_stock_and_last_warehouse_says_why_in_chinese() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let args = ["unbind", "--sku", "SKU-1003", "--warehouse", "GZ01"];
    let out = env.run_zh(&args).code(3).err_has(&[
        "错误：拒绝：SKU-1003 @ GZ01 有 1 个未发货订单（最早 ",
        "）；请用 --drain 停止接收新订单，待这些订单完成且过了 48 小时后再移除绑定关系 [open-orders]",
        "拒绝：SKU-1003 @ GZ01 有 300 件库存；请用 --transfer-to WAREHOUSE 转移库存，或用 --write-off 报损 [stock-on-hand]",
        "拒绝：SKU-1003 @ GZ01 是该 SKU 最后一个启用中的仓库：订单将无仓可发；请先绑定另一个仓库，或使用 --allow-orphan [last-warehouse]",
    ]);
    assert_eq!(chinese_lines(&out.stderr, "拒绝："), 2);
    assert_eq!(chinese_lines(&out.stderr, "错误：拒绝："), 1);
    assert_eq!(env.snapshot(), before);

    // Scripts read the same JSON in every language: rule ids and English sentences.
    let json = [&["--format", "json"][..], &args[..], &["--dry-run"][..]].concat();
    let zh = env.run_zh(&json).code(3);
    let en = env.run(&json).code(3);
    assert_eq!(zh.stdout, en.stdout);
    let v = zh.json();
    assert_eq!(
        v[0]["refused_by"],
        serde_json::json!(["open-orders", "stock-on-hand", "last-warehouse"])
    );
    assert!(
        v[0]["refusals"][1]
            .as_str()
            .unwrap()
            .starts_with("refused: SKU-1003 @ GZ01 holds 300 units")
    );
}

#[test]
fn a_closed_transfer_target_and_region_cover_are_refused_in_chinese() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "close", "GZ01", "--allow-orphan"]);
    env.run_zh(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "GZ01",
    ])
    .code(3)
    .err_has(&[
        "拒绝：SKU-1001 @ BJ01 无法把它的 40 件库存转移到 GZ01：该仓库已关闭；请用 --transfer-to 选择一个启用中的仓库 [closed-target]",
    ]);
    let env = TestEnv::example_store();
    env.set_setting("require_region_cover", "on");
    env.run_zh(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"])
        .code(3)
        .err_has(&[
            "拒绝：SKU-1002 @ SH01 是该 SKU 在地区 East 最后一个启用中的仓库（require_region_cover 已开启）；请先在 East 绑定另一个仓库，或使用 --allow-region-gap [region-cover]",
        ]);
}

/// The same rule for a change that is not an unbind: the door names the SKU and the way out.
#[test]
fn closing_the_last_warehouse_of_a_sku_is_refused_in_chinese() {
    let env = TestEnv::example_store();
    env.run_zh(&["warehouse", "close", "GZ01"])
        .code(3)
        .err_has(&[
            "拒绝：SKU-1003 @ GZ01 是 SKU-1003 最后一个接单的仓库，",
            "之后它将无仓可发；请先把它绑定到别的仓库，或使用 --allow-orphan [last-warehouse]",
        ]);
}

/// Bad flags: one Chinese sentence per pair, with the flag and the value as typed.
#[test]
fn bad_codes_on_the_command_line_are_told_in_chinese() {
    let env = TestEnv::example_store();
    let out = env
        .run_zh(&[
            "unbind",
            "--sku",
            "SKU 1",
            "--warehouse",
            "SH01",
            "--sku",
            "=x",
            "--warehouse",
            "BJ01",
        ])
        .code(4)
        .err_has(&[
            "错误：命令行有 2 个问题，未做任何更改：",
            "  命令行第 1 对：--sku: \"SKU 1\": SKU 中间有空格：编码不能含空格；请删除空格，或改用 - 或 _",
            "  命令行第 2 对：--sku: \"=x\": SKU 以 '=' 开头：",
            "请修正命令后重新运行。",
        ]);
    assert_no_english(&out, &[]);
    let out = env
        .run_zh(&["blackout", "add", "--daily", "25:00-26:00", "--reason", "x"])
        .code(4)
        .err_has(&["\"25:00-26:00\" 不是每日时段：请写成 HH:MM-HH:MM，例如 20:00-23:00"]);
    assert_no_english(&out, &[]);
}

/// Settings: a bad value or key is told in Chinese; `settings list` shows what each does in
/// Chinese, and its JSON is the English one.
#[test]
fn settings_are_explained_in_chinese() {
    let env = TestEnv::new();
    let out = env
        .run_zh(&["settings", "set", "timezone", "Mars/Base"])
        .code(2)
        .err_has(&["timezone：未知的时区 \"Mars/Base\"：请用 UTC、+08:00 这样的偏移"]);
    assert_no_english(&out, &[]);
    env.run_zh(&["settings", "set", "min_sample", "0"])
        .code(2)
        .err_has(&["min_sample：\"0\" 无效，请填写不小于 1 的整数"]);
    env.run_zh(&["settings", "set", "approvl", "3"])
        .code(2)
        .err_has(&[
            "未知的设置 \"approvl\"；可用的设置有：approval_threshold、drain_buffer_hours、",
        ]);
    env.run_zh(&["settings", "list"]).code(0).out_has(&[
        "缺货率超过此值时，指标发出告警",
        "计算自然日、每日高峰时段和显示时间所用的时区",
    ]);
    let json = ["--format", "json", "settings", "list"];
    assert_eq!(
        env.run_zh(&json).code(0).stdout,
        env.run(&json).code(0).stdout
    );
}
