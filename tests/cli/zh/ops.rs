//! Chinese output: the ops area — the engines every change passes through (unbind batches,
//! rollback, run-due, batches in stages). What the operator reads is Chinese; what the store
//! keeps (a refused plan's reason) and what `--format json` writes stay English.

use crate::env::*;

/// `invmap ARGS…` as an operator reading Chinese, with the clock at `now` (RFC 3339).
fn run_zh_at(env: &TestEnv, now: &str, args: &[&str]) -> Out {
    let output = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .env("INVMAP_NOW", now)
        .args(args)
        .output()
        .expect("run invmap");
    Out {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Only the lines of stderr that hold one of `needles` (the rest is other areas' words, or
/// data such as a rule's English sentence quoted by the summary).
fn lines_with(out: &Out, needles: &[&str]) -> Out {
    let stderr: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| needles.iter().any(|n| l.contains(n)))
        .collect();
    assert!(
        !stderr.is_empty(),
        "no line with {needles:?}:\n{}",
        out.stderr
    );
    Out {
        code: out.code,
        stdout: String::new(),
        stderr: stderr.join("\n"),
    }
}

/// SKU-1001 leaves BJ01 for SH01 with its 40 units; SKU-1002 leaves SH01 (no stock).
fn batch(env: &TestEnv) -> String {
    let file = env.write(
        "batch.csv",
        "product_id,warehouse_code,transfer_to\nSKU-1001,BJ01,SH01\nSKU-1002,SH01,\n",
    );
    file.to_str().unwrap().to_string()
}

#[test]
fn an_unbind_batch_is_summed_up_in_chinese_and_its_json_stays_english() {
    let env = TestEnv::example_store();
    let file = batch(&env);
    let before = env.snapshot();
    let dry = env
        .run_zh(&["unbind", "--from-csv", &file, "--dry-run"])
        .code(0)
        .err_has(&["2 对：1 个已解绑，1 个已转移（40 件）。"]);
    assert_no_english(&lines_with(&dry, &["2 对："]), &["Would", "change"]);
    assert_eq!(env.snapshot(), before, "a dry run changed the store");

    let real = env
        .run_zh(&["unbind", "--from-csv", &file, "--reason", "撤出北京"])
        .code(0)
        .err_has(&[
            "2 对：1 个已解绑，1 个已转移（40 件）。已记录变更 2（可用 `invmap rollback 2` 撤销）。",
            "审计链头：",
        ]);
    assert_no_english(&lines_with(&real, &["已记录变更", "审计链头"]), &[]);
    assert_eq!(env.link("SKU-1001", "SH01").map(|l| l.0), Some(160));

    // For scripts the message is English, whatever the operator reads.
    env.run_zh(&["rollback", "2", "--reason", "重来"]).code(0);
    let json = env
        .run_zh(&["--format", "json", "unbind", "--from-csv", &file, "--again"])
        .code(0)
        .json();
    assert_eq!(
        json["message"],
        "2 pairs: 1 unbound, 1 transferred (40 units moved)."
    );
}

#[test]
fn a_rollback_and_its_refusals_are_said_in_chinese() {
    let env = TestEnv::example_store();
    let file = batch(&env);
    env.ok(&["unbind", "--from-csv", &file]);

    // Three rows (the transfer touched SH01 too): over the threshold, a plan is needed.
    env.set_setting("approval_threshold", "1");
    let over = env.run_zh(&["rollback", "2"]).code(3).err_has(&[
        "拒绝：本次变更涉及 3 对，超过 approval_threshold（1）；请用 `invmap plan create --rollback 2` 创建计划，并由另一位操作员批准。未做任何更改。",
    ]);
    assert_no_english(&over, &[]);
    env.set_setting("approval_threshold", "10");

    env.run_zh(&["rollback", "2", "--reason", "撤销"])
        .code(0)
        .err_has(&["已记录变更 3（可用 `invmap rollback 3` 撤销）。"]);
    assert_eq!(env.link("SKU-1001", "BJ01").map(|l| l.0), Some(40));

    let again = env
        .run_zh(&["rollback", "2"])
        .code(3)
        .err_has(&["错误：拒绝：变更 2 已被变更 3 回滚；如要重做，请回滚变更 3"]);
    assert_no_english(&again, &[]);
    env.run_zh(&["rollback", "99"])
        .code(4)
        .err_has(&["没有这个变更：见 `invmap changes`"]);
}

#[test]
fn a_batch_over_the_threshold_is_refused_in_chinese() {
    let env = TestEnv::example_store();
    let file = batch(&env);
    env.set_setting("approval_threshold", "1");
    let before = env.snapshot();
    let out = env.run_zh(&["unbind", "--from-csv", &file]).code(3).err_has(&[
        "拒绝：本批次有 2 对，超过 approval_threshold（1）；请创建计划：参数相同的 `invmap plan create`，并由另一位操作员批准。未做任何更改。",
    ]);
    assert_no_english(&out, &[]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn run_due_applies_a_scheduled_unbind_in_chinese_and_keeps_its_refusal_in_english() {
    let env = TestEnv::example_store();
    let t = "2026-11-28T00:00:00Z";
    env.ok(&with(UNBIND_1002_SH01, &["--effective-at", t]));
    order(&env, "SO-9001", "SKU-1002", "SH01", "open");

    // Refused at its time: it stays scheduled, said in Chinese…
    let refused = run_zh_at(&env, t, &["run-due"]).code(3).err_has(&[
        "计划 1（到期 2026-11-28 00:00 +00:00）保持定时：第 1 行：",
        "[open-orders]",
        "1 对被拒绝；未做任何更改。",
        "还有 1 项待处理。",
    ]);
    assert_no_english(&lines_with(&refused, &["对被拒绝", "项待处理"]), &[]);
    // …and kept in English, like everything the store holds.
    let kept: String = env.plan_col(1, "last_refusal");
    assert!(
        kept.starts_with("line 1: ") && kept.ends_with("1 pair refused; nothing was changed."),
        "{kept}"
    );
    let detail: String = env
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'plan-refused'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        detail.starts_with("plan 1 not applied: line 1: ") && detail.is_ascii(),
        "{detail}"
    );

    order(&env, "SO-9001", "SKU-1002", "SH01", "shipped");
    let applied = run_zh_at(&env, &later(16), &["run-due"]).code(0).err_has(&[
        "已执行定时计划 1：1 对：1 个已解绑。已记录变更 2（可用 `invmap rollback 2` 撤销）。",
    ]);
    assert_no_english(&lines_with(&applied, &["已执行定时计划"]), &[]);
    assert_eq!(env.link("SKU-1002", "SH01"), None);

    let idle = run_zh_at(&env, &later(17), &["run-due"])
        .code(0)
        .err_has(&["没有到期任务。"]);
    assert_no_english(&idle, &[]);
}

/// 20 SKUs at SH01 and BJ01, 10 of them at GZ01; the template unbinds them from SH01 and
/// GZ01: 30 pairs (as in tests/cli/stages.rs).
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
fn a_batch_in_stages_advances_in_chinese() {
    let (env, file) = staged_store();
    env.run_zh(&["unbind", "--from-csv", &file, "--stages", "30%,60%"])
        .code(2)
        .err_has(&["最后一个阶段必须是 100%（整个批次），如 30%,100%"]);
    env.run_zh(&[
        "unbind",
        "--from-csv",
        &file,
        "--stages",
        "30%,100%",
        "--dry-run",
    ])
    .code(0)
    .err_has(&[
        "第 1/2 阶段：至多批次的 30%，9 对",
        "第 2/2 阶段：至多批次的 100%，21 对",
    ]);
    env.run_zh(&[
        "unbind",
        "--from-csv",
        &file,
        "--stages",
        "30%,100%",
        "--reason",
        "试点",
    ])
    .code(0)
    .err_has(&["已记录变更 2"]);

    run_zh_at(&env, &later(24), &["run-due"])
        .code(0)
        .err_has(&["第 2/2 阶段（计划 2）等待变更 2："]);
    let applied = run_zh_at(&env, &later(73), &["run-due"]).code(0).err_has(&[
        "已执行第 2/2 阶段（计划 2，变更 2 判定为“通过”之后）：21 对：21 个已解绑。已记录变更 3（可用 `invmap rollback 3` 撤销）。",
    ]);
    assert_no_english(&lines_with(&applied, &["已执行第"]), &["ok"]);
    assert_eq!(env.links().len(), 20, "only BJ01 is left");
}

#[test]
fn an_approved_batch_in_stages_keeps_its_order_in_chinese() {
    let (env, file) = staged_store();
    env.set_setting("approval_threshold", "10");
    let created = env
        .cmd()
        .env("INVMAP_OPERATOR", "ann")
        .args([
            "plan",
            "create",
            "--from-csv",
            &file,
            "--stages",
            "30%,100%",
            "--reason",
            "r",
        ])
        .output()
        .unwrap();
    assert!(created.status.success());
    env.ok(&["plan", "approve", "2"]);

    let early = env
        .run_zh(&["plan", "apply", "2"])
        .code(3)
        .err_has(&["拒绝：计划 2 是第 2/2 阶段；第 1 阶段（计划 1）尚未执行"]);
    assert_no_english(&early, &[]);
    env.run_zh(&["plan", "apply", "1"])
        .code(0)
        .err_has(&["已记录变更 2"]);
    env.run_zh(&["plan", "apply", "2"]).code(3).err_has(&[
        "拒绝：第 2 阶段（计划 2）要等第 1 阶段的变更 2 判定为“通过”才能执行；目前的判定是 ",
        "（届时由 `invmap run-due` 执行；用 --no-wait 创建的批次由操作员自行执行）",
    ]);
    env.ok(&["rollback", "2", "--reason", "no"]);
    let stopped = run_zh_at(&env, &later(80), &["plan", "apply", "2"])
        .code(3)
        .err_has(&[
            "拒绝：第 1 阶段（变更 2）已被变更 3 回滚：该批次到此为止；请用 `invmap plan reject 2 --reason TEXT` 驳回其余阶段",
        ]);
    assert_no_english(&stopped, &["TEXT"]);
}
