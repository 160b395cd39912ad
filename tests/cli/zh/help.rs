//! Chinese output: `--help`, `-h`, `help CMD` and clap's own errors.
use crate::env::*;

/// Columns a line takes in a terminal (Chinese characters and full-width marks take two).
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Every line fits clap's width (100 columns when the output is not a terminal).
#[track_caller]
fn assert_fits(text: &str) {
    for line in text.lines() {
        assert!(columns(line) <= 100, "wider than 100 columns:\n{line}");
    }
}

/// The command paths of the whole tree, read off the `命令：` lists of the Chinese help.
fn commands(env: &TestEnv, path: &[String], out: &mut Vec<Vec<String>>) {
    let mut args: Vec<String> = path.to_vec();
    args.push("--help".into());
    let help = env.run_zh(&args).code(0).stdout;
    let mut in_list = false;
    for line in help.lines() {
        if line == "命令：" {
            in_list = true;
        } else if line.is_empty() {
            in_list = false;
        } else if in_list && line.starts_with("  ") && !line.starts_with("   ") {
            let name = line.split_whitespace().next().unwrap().to_string();
            if name != "help" {
                let mut sub = path.to_vec();
                sub.push(name);
                out.push(sub.clone());
                commands(env, &sub, out);
            }
        }
    }
}

#[test]
fn unbind_help_is_chinese_and_the_flags_are_as_typed() {
    let env = TestEnv::new();
    let out = env
        .run(&["--lang", "zh-CN", "unbind", "--help"])
        .code(0)
        .out_has(&[
            "解除 SKU 与仓库的绑定关系：先检查，可撤销。\n\n用 `--sku S --warehouse W` 指定要解绑的对",
            "用法：invmap unbind [选项]\n\n选项：\n",
            "      --dry-run\n          预演：准确显示将做的更改和每一条拒绝，不做任何更改\n",
            "      --transfer-to <CODE>\n          把现有库存转移到此仓库",
            "          存储库文件［默认：./invmap.db］\n          \n          ［环境变量：INVMAP_DB］\n",
            "          ［默认：table］\n          ［可选：table、json、csv］\n",
            "  -h, --help\n          显示帮助",
        ]);
    assert_no_english(&out, &[]);
    assert_fits(&out.stdout);
    // A long text wraps under its own indentation.
    assert!(
        out.stdout.contains(
            "      --stages <SHARES>\n          分阶段执行这一批，如 30%,100%：第一部分立即执行（分散到各仓库），之后每一阶段在上一阶段判\n          定为通过（ok）后执行（`invmap run-due`）\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn the_short_help_is_the_summary_with_each_flag_on_its_line() {
    let env = TestEnv::new();
    let out = env.run_zh(&["unbind", "-h"]).code(0).out_has(&[
        "解除 SKU 与仓库的绑定关系：先检查，可撤销\n\n用法：invmap unbind [选项]\n",
        "      --dry-run              预演：准确显示将做的更改和每一条拒绝，不做任何更改\n",
        "      --db <PATH>            存储库文件［默认：./invmap.db］［环境变量：INVMAP_DB］\n",
        // Wrapped under the help column, a command in backticks kept whole.
        "      --no-wait              配合 --stages：不等判定，由你自己执行后续每一阶段\n                             （`invmap plan apply ID`）\n",
    ]);
    assert!(
        !out.stdout.contains("examples/unbind.csv"),
        "{}",
        out.stdout
    );
    assert_no_english(&out, &[]);
    assert_fits(&out.stdout);
}

#[test]
fn the_list_of_commands_and_the_arguments_are_chinese() {
    let env = TestEnv::new();
    let out = env.run_zh(&["--help"]).code(0).out_has(&[
        "invmap —— 安全地解除商品与仓库的绑定：先检查，原子执行，可撤销，全程审计。\n",
        "用法：invmap [选项] <命令>\n\n命令：\n  init         创建存储库（或把旧存储库升级到本版本的表结构）\n",
        "  help         显示本帮助，或所给子命令的帮助\n",
        "  -V, --version\n          显示版本\n",
    ]);
    assert_no_english(&out, &[]);
    // Positional arguments keep their order under their Chinese heading.
    env.run_zh(&["import", "-h"]).code(0).out_has(&[
        "参数：\n  <KIND>  文件里是什么数据［可选：warehouses、products、mappings、orders、counts、complaints］\n  <FILE>  CSV 文件\n",
    ]);
}

#[test]
fn every_commands_help_is_chinese_in_both_forms() {
    let env = TestEnv::new();
    let mut paths = Vec::new();
    commands(&env, &[], &mut paths);
    assert!(paths.len() > 40, "{paths:?}");
    for path in paths {
        for form in ["--help", "-h"] {
            let mut args = path.clone();
            args.push(form.into());
            let out = env.run_zh(&args).code(0);
            // The usage line names the command as typed (`invmap plan create`), and the
            // README's section keeps its English title.
            let usage = format!("invmap {}", path.join(" "));
            let text = out
                .stdout
                .replace(&usage, "")
                .replace("“Metrics and the report”", "");
            let runs = english_runs(&text, &[]);
            assert!(
                runs.is_empty(),
                "{args:?}: English left:\n{}",
                runs.join("\n")
            );
            assert_fits(&out.stdout);
            assert!(out.stdout.contains("用法：invmap"), "{args:?}");
        }
    }
}

#[test]
fn help_names_a_command_in_chinese_too() {
    let env = TestEnv::new();
    let out = env.run_zh(&["help", "plan", "approve"]).code(0).out_has(&[
        "批准计划（须由创建人以外的操作员批准）\n",
        "用法：invmap plan approve [选项] <ID>\n",
        "参数：\n  <ID>\n          计划编号（见 `invmap plan list`）\n",
    ]);
    assert_no_english(&out, &["approve"]);
}

#[test]
fn the_english_help_is_unchanged() {
    let env = TestEnv::new();
    env.run(&["unbind", "--help"]).code(0).out_has(&[
        "Remove SKU–warehouse links, checked and undoable.\n",
        "Usage: invmap unbind [OPTIONS]\n\nOptions:\n",
        "      --dry-run\n          Show exactly what would change and every refusal; change nothing\n",
        "  -h, --help\n          Print help (see a summary with '-h')\n",
    ]);
}

#[test]
fn an_unknown_flag_is_told_in_chinese_with_exit_2() {
    let env = TestEnv::new();
    let out = env.run_zh(&["unbind", "--bogus"]).code(2);
    assert!(
        out.stderr.starts_with("错误：不认识的参数 '--bogus'\n"),
        "{}",
        out.stderr
    );
    let out = out.err_has(&[
        "用法：invmap unbind [选项]\n",
        "更多信息：加 '--help' 查看帮助。\n",
    ]);
    assert_no_english(&out, &[]);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn clap_errors_in_chinese_suggest_and_list_the_valid_values() {
    let env = TestEnv::new();
    let out = env
        .run_zh(&["unbind", "--dry-rn"])
        .code(2)
        .err_has(&["提示：是否想用 '--dry-run'？"]);
    assert_no_english(&out, &[]);
    let out = env
        .run_zh(&["--format", "xml", "check"])
        .code(2)
        .err_has(&["错误：'xml' 不是 --format <FORMAT> 的有效值（可选：table、json、csv）"]);
    assert_no_english(&out, &[]);
    let out = env
        .run_zh(&["import"])
        .code(2)
        .err_has(&["错误：缺少必需的参数：<KIND>、<FILE>"]);
    assert_no_english(&out, &[]);
    // A flag without its value (not an "invalid value ''").
    let out = env
        .run_zh(&["unbind", "--sku"])
        .code(2)
        .err_has(&["错误：--sku <SKU> 需要一个值"]);
    assert_no_english(&out, &[]);
}

/// `invmap ARGS…` with nothing but a Chinese locale: no store, no operator in the environment.
fn bare_zh(args: &[&str]) -> Out {
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("invmap"))
        .env_clear()
        .env("LANG", "zh_CN.UTF-8")
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
fn a_missing_command_is_told_in_chinese_with_exit_2() {
    // Nothing given at all: clap shows the summary help.
    let out = bare_zh(&[]).code(2).err_has(&[
        "用法：invmap [选项] <命令>\n\n命令：\n",
        "  unbind       解除 SKU 与仓库的绑定关系",
    ]);
    assert_no_english(&out, &[]);
    let out = bare_zh(&["plan"]).code(2).err_has(&[
        "计划：须由第二位操作员批准后才执行的批次（双人复核）\n",
        "  approve  批准计划",
    ]);
    assert_no_english(&out, &[]);
    // Something given (`--db`, INVMAP_OPERATOR): an error naming the commands there are.
    let env = TestEnv::new();
    let out = env.run_zh::<&str>(&[]).code(2);
    assert!(
        out.stderr
            .starts_with("错误：缺少子命令\n  ［可选：init、demo、warehouse、"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
    let out = env.run_zh(&["plan"]).code(2).err_has(&[
        "错误：缺少子命令\n  ［可选：create、list、show、approve、reject、apply、help］\n",
        "用法：invmap plan [选项] <命令>\n",
    ]);
    assert_no_english(&out, &[]);
}
