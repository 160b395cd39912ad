//! Chinese output: the store area — opening the store, busy and refused changes, backups,
//! the consistency check and the audit trail's proofs. JSON stays English.
#![allow(unused_imports)]
use crate::env::*;

/// Only what the command printed on stdout (the table), for `assert_no_english`.
fn stdout_only(out: &Out) -> Out {
    Out {
        code: out.code,
        stdout: out.stdout.clone(),
        stderr: String::new(),
    }
}

/// The table headers are the JSON keys until `locales/zh-CN/columns.ftl` names them.
const CHECK_HEADERS: &[&str] = &["check", "count", "examples", "hint"];

/// The example store with SKU-1001 @ SH01 edited behind invmap's back (120 → 9999) and a
/// link no change recorded (SKU-1003 @ SH01, 7 units).
fn tampered_store() -> TestEnv {
    let env = TestEnv::example_store();
    let conn = env.conn();
    conn.execute_batch(
        "UPDATE inventory_mapping SET stock_quantity = 9999
         WHERE product_id = 'SKU-1001' AND warehouse_code = 'SH01';
         INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity)
         VALUES ('SKU-1003', 'SH01', 7);",
    )
    .unwrap();
    env
}

#[test]
fn a_missing_store_is_told_in_chinese() {
    let env = TestEnv::without_store();
    let out = env.run_zh(&["check"]).code(1);
    assert!(
        out.stderr
            .contains("处没有存储库：用 `invmap init`（或 `invmap demo`）新建一个"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
    assert!(!env.db.exists(), "nothing was created");
}

#[test]
fn files_that_are_not_stores_are_refused_in_chinese() {
    let env = TestEnv::without_store();
    let junk = env.write("junk.db", "not a database at all");
    let out = TestEnv::at(&junk).run_zh(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("不是 invmap 存储库（它不是 SQLite 数据库）")
    );
    assert_no_english(&out, &[]);

    let other = env.path("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    let out = TestEnv::at(&other).run_zh(&["check"]);
    assert!(out.stderr.contains("含其他应用的 1 张表"), "{}", out.stderr);
    assert_no_english(&out, &[]);
    // English says "1 table" (it said "1 tables").
    let out = TestEnv::at(&other).run(&["check"]);
    assert!(
        out.stderr
            .contains("but not an invmap store (1 table of another application)"),
        "{}",
        out.stderr
    );

    let newer = env.path("newer.db");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let out = TestEnv::at(&newer).run_zh(&["check"]);
    assert!(
        out.stderr.contains("由更新版本的 invmap 写入（结构版本 99"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);

    let out = TestEnv::at(env.dir()).run_zh(&["check"]);
    assert!(
        out.stderr.contains("是一个目录，不是存储库"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
}

#[test]
fn a_clean_check_reads_in_chinese_and_its_json_stays_english() {
    let env = TestEnv::example_store();
    let out = env.run_zh(&["check"]).code(0);
    for name in [
        "已关闭仓库上的绑定关系",
        "审计链",
        "与最近一次变更不符的绑定关系",
    ] {
        assert!(out.stdout.contains(name), "{name} not in\n{}", out.stdout);
    }
    assert_no_english(&stdout_only(&out), CHECK_HEADERS);
    let zh = env.run_zh(&["--format", "json", "check"]).code(0);
    let en = env.run(&["--format", "json", "check"]).code(0);
    assert_eq!(zh.stdout, en.stdout);
    assert_eq!(zh.json()[0]["check"], "links to closed warehouses");
}

#[test]
fn a_tampered_store_is_named_in_chinese_by_check_and_audit_verify() {
    let env = tampered_store();
    let out = env.run_zh(&["check"]).code(3);
    assert!(
        out.stdout
            .contains("SKU-1001 @ SH01：现有 9999 件，而变更 1 留下的是 120 件"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("SKU-1003 @ SH01：没有任何变更记录过它（7 件）")
    );
    assert!(out.stdout.contains("用 `invmap adopt --reason TEXT` 认领"));
    assert_no_english(&stdout_only(&out), CHECK_HEADERS);

    // JSON is the same in both languages, and English.
    let zh = env.run_zh(&["--format", "json", "check"]).code(3);
    let en = env.run(&["--format", "json", "check"]).code(3);
    assert_eq!(zh.stdout, en.stdout);
    let drift = zh
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "links that differ from their last change")
        .cloned()
        .unwrap();
    assert_eq!(drift["count"], 2);
    assert_eq!(
        drift["examples"][0],
        "SKU-1001 @ SH01: 9999 units where change 1 left 120"
    );

    // `audit verify --state` names the same links in the operator's language.
    let out = env.run_zh(&["audit", "verify", "--state"]).code(3);
    assert!(
        out.stderr
            .contains("SKU-1001 @ SH01：现有 9999 件，而变更 1 留下的是 120 件"),
        "{}",
        out.stderr
    );
}

#[test]
fn one_unit_is_one_unit_in_english() {
    let env = TestEnv::example_store();
    env.conn()
        .execute_batch(
            "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity)
             VALUES ('SKU-1003', 'SH01', 1)",
        )
        .unwrap();
    let out = env.run(&["--format", "json", "check"]).code(3);
    assert!(
        out.stdout
            .contains("SKU-1003 @ SH01: no change recorded it (1 unit)"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_backup_that_does_not_hold_is_refused_in_chinese() {
    let env = tampered_store();
    env.ok(&["backup", "-o", "b.db"]);
    let out = env.run_zh(&["restore", "b.db", "--dry-run"]).code(3);
    assert!(
        out.stderr
            .contains("拒绝：b.db 不能作为可信证据：与其历史记录不符的绑定关系：1 个"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("请换一个备份"));
    assert_no_english(&out, &[]);

    let junk = env.write("junk.db", "not a database at all");
    let out = env.run_zh(&["restore".as_ref(), junk.as_os_str(), "--dry-run".as_ref()]);
    assert_eq!(out.code, 4);
    assert!(
        out.stderr
            .contains("不是可用的 invmap 备份：它已损坏或不是 SQLite 数据库"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_busy_store_is_told_in_chinese() {
    let env = TestEnv::example_store();
    let holder = env.conn();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let output = env
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .env("INVMAP_BUSY_TIMEOUT_MS", "100")
        .args([
            "bind",
            "--sku",
            "SKU-1001",
            "--warehouse",
            "SH01",
            "--qty",
            "5",
        ])
        .output()
        .unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    let out = Out {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("正忙：另一个进程已持续写入 0.1 秒；未做任何更改——请稍后重试"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
}

#[test]
fn refused_changes_say_why_in_chinese() {
    let env = TestEnv::example_store();
    // A rollback over an edit made behind invmap's back.
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "SH01",
        "--qty",
        "130",
    ]);
    env.conn()
        .execute_batch(
            "UPDATE inventory_mapping SET stock_quantity = 1
             WHERE product_id = 'SKU-1001' AND warehouse_code = 'SH01'",
        )
        .unwrap();
    let before = env.snapshot();
    let out = env.run_zh(&["rollback", "2"]).code(3);
    assert!(
        out.stderr.contains(
            "拒绝：变更 2 的 1 个绑定关系此后有绕过 invmap 的改动（SKU-1001 @ SH01：现有 1 件，而变更 2 留下的是 130 件）"
        ),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);
    assert_eq!(env.snapshot(), before);

    // More units moved than a link holds.
    let out = env.run_zh(&[
        "move", "--sku", "SKU-1002", "--from", "GZ01", "--to", "SH01", "--qty", "500",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("调拨数量超过现有库存：SKU-1002 @ GZ01 只有 75 件，调拨要转出 500 件"),
        "{}",
        out.stderr
    );
    assert_no_english(&out, &[]);

    // Inside a blackout window.
    env.ok(&[
        "blackout",
        "add",
        "--daily",
        "00:00-23:59",
        "--reason",
        "双十二",
    ]);
    let out = env.run_zh(&[
        "bind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "SH01",
        "--qty",
        "5",
    ]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(
        out.stderr.contains("处于促销/高峰时段 #1“双十二”（每天"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("请等它结束，或使用 --override-window --reason TEXT。未做任何更改。")
    );
}

#[test]
fn the_pairs_an_unbind_cannot_find_are_named_in_chinese() {
    let env = TestEnv::example_store();
    let out = env.run_zh(&[
        "unbind",
        "--sku",
        "SKU-9999",
        "--warehouse",
        "SH01",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "XX01",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
    ]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    for needle in [
        "未知 SKU：存储库中没有；请核对编码（Excel 会去掉开头的 0）",
        "未知仓库：见 `invmap warehouse list`",
        "这一对没有绑定：SKU-1003 没有绑定到 SH01；见 `invmap route --sku SKU-1003`",
    ] {
        assert!(
            out.stderr.contains(needle),
            "{needle} not in\n{}",
            out.stderr
        );
    }
    // A move from a warehouse the SKU is not at.
    let out = env.run_zh(&[
        "move", "--sku", "SKU-1001", "--from", "GZ01", "--to", "SH01", "--qty", "1",
    ]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "SKU-1001 在 GZ01 没有绑定关系：无法从那里调拨（见 `invmap route --sku SKU-1001`）"
        ),
        "{}",
        out.stderr
    );
}
