//! Chinese output: the demo area (`invmap demo`'s summary and walkthrough). The commands the
//! walkthrough runs print other areas' messages: only the demo's own lines are asserted here.
//! The store it builds is data, the same whatever the language it was built in.
use std::path::PathBuf;

use crate::env::*;

/// The smallest demo the command allows (quick to build).
const SKUS: &str = "50";

/// A temp dir whose store is `store.db` given relative to it, so every path the demo records
/// (`store-data/mappings.csv` in the audit trail) is the same in two such dirs.
fn relative_env() -> TestEnv {
    let mut env = TestEnv::without_store();
    env.db = PathBuf::from("store.db");
    env
}

/// The lines the demo itself prints: its summary, each step's header and explanation, the
/// exit codes it notes and its closing lines — not the commands' own output, nor the
/// commands it shows.
fn demo_lines(stdout: &str) -> Vec<&str> {
    let lines: Vec<&str> = stdout.lines().collect();
    let mut own: Vec<&str> = lines[..3].to_vec();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("── ") {
            own.push(line);
            own.push(lines[i + 1]);
        } else if line.starts_with("（退出码") || line.starts_with("(exit") {
            own.push(line);
        }
    }
    let end = &lines[lines.len() - 8..];
    own.extend(
        end.iter()
            .filter(|l| !l.trim_start().starts_with("invmap ")),
    );
    own
}

/// The CSV files the demo wrote beside the store, by name.
fn data_files(env: &TestEnv) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(env.dir().join("store-data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_demo_walks_through_in_chinese() {
    let env = relative_env();
    let out = env.run_zh(&["demo", "--skus", SKUS]).code(0);
    let out = out.out_has(&[
        "已用 store-data/ 中的 CSV 文件构建 store.db，耗时 ",
        " 秒（种子 42）：\n  10 个仓库，分布在 5 个地区；50 个 SKU，",
        "个未发货）；\n  ",
        " 次盘点，",
        " 条客诉。\n",
        "\n── 第 1 步：查看仓库 ──（演练时钟：2026-11-19T09:00:00Z）\n\
         每个仓库的绑定关系和库存；其中一个仓库已关闭。\n$ invmap warehouse list\n",
        "\n── 第 5 步：解绑有未发货订单的绑定关系会被拒绝 ──\n不做任何更改；提示会写明规则和解决办法。\n",
        "\n── 第 6 步：批量预演 ──\n",
        "\n── 第 10 步：撤销这批操作 ──\n",
        "\n（退出码 3）\n",
        "\n── 第 29 步：一天后：CD01 的未发货订单已发货 ──（时钟前进到：2026-11-20T09:00:00Z）\n",
        "\n── 第 40 步：一周后：成都撤仓的判定 ──\n",
        "\n── 第 41 步：给经理的报告 ──\n",
        "\n用浏览器打开报告：store-data/report.html\n\n接下来可以试试：\n  invmap --db store.db changes show 3\n",
    ]);
    for english in [
        "Built ",
        "Step ",
        "the clock",
        "(exit",
        "Try next",
        "Open the report",
    ] {
        assert!(!out.stdout.contains(english), "{english}\n{}", out.stdout);
    }
    let ours = demo_lines(&out.stdout);
    assert_eq!(ours.iter().filter(|l| l.starts_with("── 第 ")).count(), 41);
    let runs = english_runs(&ours.join("\n"), &[]);
    assert!(runs.is_empty(), "English left:\n{}", runs.join("\n"));
    // The same lines read in English find English (the filter is not empty-handed).
    let en = relative_env();
    let english = en.ok(&["demo", "--skus", SKUS]);
    assert!(!english_runs(&demo_lines(&english.stdout).join("\n"), &[]).is_empty());
}

/// A store must not depend on the language it was created in: the demo's files, links,
/// changes, audit trail and plans are the same built in Chinese as in English.
#[test]
fn the_demo_builds_the_same_store_in_every_language() {
    let (en, zh) = (relative_env(), relative_env());
    en.ok(&["demo", "--skus", SKUS]);
    zh.run_zh(&["demo", "--skus", SKUS]).code(0);
    let (en_files, zh_files) = (data_files(&en), data_files(&zh));
    assert!(en_files.len() >= 10, "{en_files:?}");
    for ((name, a), (zh_name, b)) in en_files.iter().zip(&zh_files) {
        assert_eq!(name, zh_name);
        assert!(a == b, "store-data/{name} differs");
    }
    assert_eq!(en_files.len(), zh_files.len());
    assert_eq!(en.export_mappings(), zh.export_mappings());
    for what in [
        &["changes", "--limit", "100"][..],
        &["audit"],
        &["plan", "list"],
        &["warehouse", "list"],
        &["blackout", "list"],
        &["settings", "list"],
    ] {
        assert_eq!(en.json(what), zh.json(what), "{what:?}");
    }
}

#[test]
fn the_demo_refuses_an_existing_store_in_chinese() {
    let env = TestEnv::new();
    let before = env.snapshot();
    let out = env
        .run_zh(&["demo", "--skus", SKUS])
        .code(1)
        .err_has(&["已存在且不为空：演示只会新建存储库——请用 --db 指定另一个路径，或先删除该文件"]);
    assert_no_english(&out, &[]);
    assert_eq!(env.snapshot(), before);
}
