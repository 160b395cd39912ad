//! Chinese output: the door area (change commands). The workflows an operator runs in
//! Chinese — unbind, its dry run, the rollback point, rollback, the two-person review of a
//! plan, stages, move and reverse — say so in Chinese; their JSON is the English run's, byte
//! for byte. (Sentences other areas word — the rules' refusals, the batch summary, warnings —
//! are asserted on their codes only: `[open-orders]`, `--drain`.)

use crate::env::*;

/// Runs `invmap ARGS…` in Chinese as `operator` (`INVMAP_OPERATOR`).
fn run_zh_as(env: &TestEnv, operator: &str, args: &[&str]) -> Out {
    let out = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .env("INVMAP_OPERATOR", operator)
        .args(args)
        .output()
        .expect("run invmap");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Two pairs that pass every rule: SKU-1002 @ SH01 (empty) and SKU-1001 @ BJ01 (40 units
/// written off).
const TWO_PAIRS: &[&str] = &[
    "--sku",
    "SKU-1002",
    "--warehouse",
    "SH01",
    "--sku",
    "SKU-1001",
    "--warehouse",
    "BJ01",
    "--write-off",
];

#[test]
fn a_single_unbind_refused_by_open_orders_names_the_rule_and_the_way_out() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    let out = env
        .run_zh(&["unbind", "--sku", "SKU-1003", "--warehouse", "GZ01"])
        .code(3);
    assert!(out.stderr.contains("错误："), "{}", out.stderr);
    // The rule id and the flag of the way out are the same in every language.
    out.err_has(&["[open-orders]", "--drain"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_dry_run_of_a_batch_says_what_would_change_and_changes_nothing() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    env.run_zh(&with(&["unbind"], &with(TWO_PAIRS, &["--dry-run"])))
        .code(0)
        .err_has(&["将会变更：", "预演：不会做任何更改。"]);
    assert_eq!(env.snapshot(), before);

    // A refused pair: how many pairs were planned, then every refusal with its rule id.
    let out = env
        .run_zh(&[
            "unbind",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "SH01",
            "--sku",
            "SKU-1003",
            "--warehouse",
            "GZ01",
            "--dry-run",
        ])
        .code(3)
        .err_has(&[
            "计划变更 2 对；因以下拒绝，整个批次都不会执行。",
            "[open-orders]",
        ]);
    assert!(!out.stderr.contains("pairs planned"), "{}", out.stderr);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_batch_is_recorded_with_its_rollback_point_and_rolled_back() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    env.run_zh(&with(&["unbind"], &with(TWO_PAIRS, &["--reason", "清理"])))
        .code(0)
        .err_has(&[
            "已记录变更 2（可用 `invmap rollback 2` 撤销）。",
            "审计链头：",
        ]);
    assert_eq!(env.count("changes"), before.changes + 1);

    let out = env
        .run_zh(&["rollback", "2", "--dry-run"])
        .code(0)
        .err_has(&[
            "预演：回滚变更 2（unbind，操作员 tester，",
            "将恢复 2 行。不会做任何更改。",
        ]);
    assert_no_english(&out, &[]);

    let out = env.run_zh(&["rollback", "last"]).code(0).err_has(&[
        "已回滚变更 2（unbind，操作员 tester）：恢复了 2 行。已记录变更 3（可用 `invmap rollback 3` 撤销）。",
    ]);
    assert_no_english(&out, &[]);
    assert_eq!(env.links(), before.links);

    let out = env.run_zh(&["rollback", "abc"]).code(4);
    assert!(out.stderr.contains("不是变更编号"), "{}", out.stderr);
}

#[test]
fn a_plan_needs_a_second_operator_and_says_so_in_chinese() {
    let env = TestEnv::example_store();
    let before = env.snapshot();
    env.run_zh(&with(
        &["plan", "create"],
        &with(TWO_PAIRS, &["--reason", "清理"]),
    ))
    .code(0)
    .err_has(&["已创建计划 1，共 2 对：等待另一位操作员运行 `invmap plan approve 1`。"]);

    // 双人复核: the creator cannot approve, and an unapproved plan cannot be applied.
    let out = env.run_zh(&["plan", "approve", "1"]).code(3).err_has(&[
        "拒绝：计划 1 由 tester 创建，创建人不能再批准它（双人复核）；须由另一位操作员运行 `invmap --operator NAME plan approve 1`",
    ]);
    assert_no_english(&out, &[]);
    let out = env
        .run_zh(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["拒绝：计划 1 尚未批准"]);
    assert_no_english(&out, &[]);
    // (Creating the plan is audited; no link or change yet.)
    assert_eq!(env.links(), before.links);
    assert_eq!(env.count("changes"), before.changes);

    let out = run_zh_as(&env, "ana", &["plan", "approve", "1"])
        .code(0)
        .err_has(&["计划 1 已由 ana 批准；用 `invmap plan apply 1` 执行。"]);
    assert_no_english(&out, &[]);
    env.run_zh(&["plan", "list"]).code(0).out_has(&["已批准"]);

    env.run_zh(&["plan", "apply", "1"])
        .code(0)
        .err_has(&["已记录变更 2（可用 `invmap rollback 2` 撤销）。"]);
    assert_eq!(env.plan_col::<String>(1, "status"), "applied");
    assert_eq!(env.plan_col::<i64>(1, "applied_change"), 2);

    let out = env
        .run_zh(&["plan", "apply", "1"])
        .code(3)
        .err_has(&["拒绝：计划 1 已由变更 2 执行"]);
    assert_no_english(&out, &[]);
    let out = env
        .run_zh(&["plan", "reject", "1", "--reason", "晚了"])
        .code(3)
        .err_has(&["拒绝：计划 1 的状态是已执行；只有尚未执行的计划才能驳回"]);
    assert_no_english(&out, &[]);
}

#[test]
fn plan_list_and_show_as_json_or_csv_are_the_same_in_every_language() {
    let env = TestEnv::example_store();
    env.ok(&with(
        &["plan", "create"],
        &with(TWO_PAIRS, &["--reason", "tidy up"]),
    ));
    for args in [&["plan", "list"][..], &["plan", "show", "1"]] {
        for format in ["json", "csv"] {
            let args = with(&["--format", format], args);
            let en = env.ok(&args);
            let zh = env.run_zh(&args).code(0);
            assert_eq!(zh.stdout, en.stdout, "{args:?}");
        }
    }
    // Tables are for people: the status in their words.
    env.run_zh(&["plan", "list"]).code(0).out_has(&["待批准"]);
    env.ok(&["plan", "list"]).out_has(&["pending"]);
}

#[test]
fn a_change_under_format_json_says_the_same_in_every_language() {
    let en = TestEnv::example_store();
    let copy = en.path("copy.db");
    std::fs::copy(&en.db, &copy).unwrap();
    let zh = TestEnv::at(&copy);
    let args = with(&["--format", "json", "unbind"], TWO_PAIRS);
    let (a, b) = (en.ok(&args), zh.run_zh(&args).code(0));
    assert_eq!(b.stdout, a.stdout);
    assert_eq!(a.json()["change_id"], 2);
    let args = ["--format", "json", "rollback", "last"];
    let (a, b) = (en.ok(&args), zh.run_zh(&args).code(0));
    assert_eq!(b.stdout, a.stdout);
    assert!(
        a.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("Rolled back change 2 (unbind by tester): 2 rows restored."),
        "{}",
        a.stdout
    );
    // What the operator reads on stderr is Chinese.
    b.err_has(&["已回滚变更 2（unbind，操作员 tester）：恢复了 2 行。"]);
}

/// 20 SKUs at SH01 (0 units) and BJ01 (5 units), 10 of them also at GZ01 (0 units); the
/// template unbinds them from SH01 and GZ01: 30 pairs.
fn staged_store() -> (TestEnv, String) {
    let env = TestEnv::new();
    let wh = env.write(
        "wh.csv",
        "code,name,region\nSH01,Shanghai,East\nBJ01,Beijing,North\nGZ01,Guangzhou,South\n",
    );
    env.import("warehouses", &wh);
    let mut links = String::from("product_id,warehouse_code,stock_quantity\n");
    let mut template = String::from("product_id,warehouse_code\n");
    for i in 0..20 {
        links.push_str(&format!("SKU-{i:02},SH01,0\nSKU-{i:02},BJ01,5\n"));
        template.push_str(&format!("SKU-{i:02},SH01\n"));
        if i % 2 == 0 {
            links.push_str(&format!("SKU-{i:02},GZ01,0\n"));
            template.push_str(&format!("SKU-{i:02},GZ01\n"));
        }
    }
    env.import("mappings", &env.write("links.csv", links));
    let file = env.write("batch.csv", template);
    (env, file.to_str().unwrap().to_string())
}

#[test]
fn a_batch_in_stages_is_told_in_chinese() {
    let (env, file) = staged_store();
    let stages = ["unbind", "--from-csv", &file, "--stages", "30%,100%"];
    env.run_zh(&with(&stages, &["--dry-run"]))
        .code(0)
        .err_has(&["分阶段：", "预演：不会做任何更改。"]);
    assert_eq!(env.count("plans"), 0);
    env.run_zh(&with(&stages, &["--reason", "试点"]))
        .code(0)
        .err_has(&[
            "第 1/2 阶段（计划 1，批次的 30%）：",
            "已记录变更 2（可用 `invmap rollback 2` 撤销）。",
            "第 2 阶段（计划 2，21 对）将在变更 2 经过 72 小时观察期、判定为“通过”后继续",
        ]);
    env.run_zh(&["plan", "show", "2"]).code(0).err_has(&[
        "本计划是一个批次（共 30 对）的第 2/2 阶段：计划 1 第 1 阶段（30%，9 对，已执行）；计划 2 第 2 阶段（100%，21 对，已定时）。",
    ]);
    let out = env
        .run_zh(&["plan", "reject", "2", "--reason", "停止"])
        .code(0)
        .err_has(&["已驳回 1 个计划（2）：第 2/2 阶段及其后各阶段。"]);
    assert_no_english(&out, &[]);
}

#[test]
fn a_move_and_its_way_back_are_told_in_chinese() {
    let env = TestEnv::example_store();
    let mv = [
        "move", "--sku", "SKU-1001", "--from", "SH01", "--to", "BJ01", "--qty", "10",
    ];
    env.run_zh(&with(&mv, &["--dry-run"]))
        .code(0)
        .err_has(&["将调拨：", "预演：不会做任何更改。"]);
    env.run_zh(&mv).code(0).err_has(&[
        "已调拨：",
        "已记录变更 2（可用 `invmap rollback 2` 撤销）。",
    ]);
    let out = env
        .run_zh(&[
            "move", "--sku", "SKU-1001", "--from", "SH01", "--to", "BJ01",
        ])
        .code(2);
    assert!(out.stderr.contains("请说明数量：--qty N"), "{}", out.stderr);

    let out = env
        .run_zh(&["reverse", "last", "-o", "back"])
        .code(0)
        .err_has(&[
            "已写出变更 2（move）的回退模板：back.moves.csv（1 笔调拨，10 件）。",
            "请检查后执行：`invmap move --from-csv back.moves.csv`（每个都是一次变更",
        ]);
    assert_no_english(&out, &[]);
    // The template is data: its columns are the same in every language.
    let written = std::fs::read_to_string(env.path("back.moves.csv")).unwrap();
    assert!(
        written.starts_with("product_id,from,to,quantity\n"),
        "{written}"
    );

    let out = env.run_zh(&["reverse", "1"]).code(3);
    assert!(
        out.stderr.contains(
            "拒绝：变更 1 的类型是 import-mappings：reverse 只为调拨或迁移（解绑）写出回退模板"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn bind_and_an_exit_without_a_target_are_told_in_chinese() {
    let env = TestEnv::example_store();
    let out = env
        .run_zh(&[
            "bind",
            "--sku",
            "SKU-1009",
            "--warehouse",
            "SH01",
            "--qty",
            "3",
        ])
        .code(0)
        .err_has(&["已将 SKU-1009 绑定到 SH01。已记录变更 2（可用 `invmap rollback 2` 撤销）。"]);
    assert_no_english(&out, &[]);
    let out = env
        .run_zh(&["warehouse", "exit", "BJ01"])
        .code(2)
        .err_has(&["请说明库存去向：--by-route（每个 SKU 的下一个仓库）或 --to CODE"]);
    assert_no_english(&out, &[]);
}
