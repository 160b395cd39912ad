//! Issue 15: the mistakes operators make daily, and what invmap says back — a code in the
//! wrong case or with one character wrong gets "did you mean …?".

use crate::env::TestEnv;

#[test]
fn unknown_codes_get_did_you_mean() {
    let env = TestEnv::example_store();
    env.run(&["unbind", "--sku", "sku-1001", "--warehouse", "sh01"])
        .code(4)
        .err_has(&[
            "\"sh01\": unknown warehouse",
            "(did you mean SH01? codes are case-sensitive)",
        ]);
    env.run(&["unbind", "--sku", "SKU-1O01", "--warehouse", "SH01"])
        .code(4)
        .err_has(&["\"SKU-1O01\": unknown SKU", "(did you mean SKU-1001?)"]);
    env.run(&["unbind", "--sku", "sku-1001", "--warehouse", "SH01"])
        .code(4)
        .err_has(&["(did you mean SKU-1001? codes are case-sensitive)"]);
    env.run(&["bind", "--sku", "SKU-1003", "--warehouse", "SH02"])
        .code(4)
        .err_has(&["unknown warehouse", "(did you mean SH01?)"]);
    env.run(&["route", "--sku", "sku-1003"])
        .code(4)
        .err_has(&["(did you mean SKU-1003? codes are case-sensitive)"]);
    env.run(&["warehouse", "close", "gz01", "--reason", "r"])
        .code(4)
        .err_has(&["(did you mean GZ01? codes are case-sensitive)"]);
    let file = env.write("m.csv", "product_id,warehouse_code\nSKU-1003,bj01\n");
    env.run(&["import", "mappings", file.to_str().unwrap()])
        .code(4)
        .err_has(&["m.csv:2", "(did you mean BJ01? codes are case-sensitive)"]);
    // Nothing near: no guess.
    let out = env
        .run(&["bind", "--sku", "SKU-1003", "--warehouse", "XX99"])
        .code(4);
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
}

/// `--encoding gbk` on a file that is UTF-8: one sentence, not a bad byte per line — and not
/// a silently garbled read where the bytes happen to be valid GB18030.
#[test]
fn gbk_forced_on_a_utf8_file_is_one_sentence() {
    let env = TestEnv::example_store();
    let mut text = String::from("product_id,warehouse_code,reason\n");
    for i in 0..300 {
        text.push_str(&format!("SKU-1002,SH01,清仓处理{i}\n"));
    }
    let file = env.write("u8.csv", text);
    let out = env
        .run(&[
            "unbind",
            "--from-csv",
            file.to_str().unwrap(),
            "--encoding",
            "gbk",
            "--dry-run",
        ])
        .code(4)
        .err_has(&["the file is UTF-8, not GBK", "without --encoding gbk"]);
    assert_eq!(out.stderr.lines().count(), 2, "{}", out.stderr);
}

/// A template that repeats a pair many times: the warning names the first lines, not all.
#[test]
fn many_duplicates_are_summarised() {
    let env = TestEnv::example_store();
    let mut text = String::from("product_id,warehouse_code\n");
    for _ in 0..300 {
        text.push_str("SKU-1002,SH01\n");
    }
    let file = env.write("dups.csv", text);
    env.ok(&["unbind", "--from-csv", file.to_str().unwrap(), "--dry-run"])
        .err_has(&["299 duplicates (lines 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, …)"]);
}

/// A backup without its checksum says what was proven and what was not; a backup of another
/// store is restored only with a warning that says so.
#[test]
fn a_restore_says_what_it_proved_and_whose_backup_it_is() {
    let env = TestEnv::example_store();
    env.ok(&["backup", "-o", "mine.db"]);
    env.ok(&["restore", "mine.db", "--dry-run"])
        .err_has(&["is intact", "its checksum and its history hold"]);
    std::fs::remove_file(env.path("mine.db.sha256")).unwrap();
    env.ok(&["restore", "mine.db", "--dry-run"]).err_has(&[
        "checking its structure only",
        "with no checksum nothing proves the file unchanged since it was made",
    ]);
    // Another store (its own trail), backed up, restored here.
    let other = TestEnv::example_store();
    other.ok(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "BJ01",
        "--qty",
        "1",
    ]);
    other.ok(&["backup", "-o", "theirs.db"]);
    std::fs::copy(other.path("theirs.db"), env.path("theirs.db")).unwrap();
    std::fs::copy(other.path("theirs.db.sha256"), env.path("theirs.db.sha256")).unwrap();
    let out = env.run(&["restore", "theirs.db", "--dry-run"]);
    assert!(
        out.stderr.contains("theirs.db was made from another store"),
        "{}",
        out.stderr
    );
    let mine = env.run(&["restore", "mine.db", "--dry-run"]);
    assert!(!mine.stderr.contains("another store"), "{}", mine.stderr);
}

/// Mappings imported at a closed warehouse land (they are data), with a warning that they
/// take no orders.
#[test]
fn an_import_at_a_closed_warehouse_warns() {
    let env = TestEnv::example_store();
    env.ok(&[
        "warehouse",
        "close",
        "BJ01",
        "--allow-orphan",
        "--reason",
        "r",
    ]);
    let file = env.write(
        "m.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1003,BJ01,5\nSKU-1002,BJ01,2\n",
    );
    env.ok(&["import", "mappings", file.to_str().unwrap()])
        .err_has(&[
            "warning: 2 links at closed warehouse BJ01: they take no orders until it reopens (`invmap warehouse reopen BJ01`)",
        ]);
}

/// Flag errors read as flags, not as rows of a file: pairs are numbered as given and the way
/// out is to fix the command; one bad value is one line, with no "nothing was changed" from
/// a command that changes nothing anyway.
#[test]
fn flag_errors_read_as_flags() {
    let env = TestEnv::example_store();
    let out = env
        .run(&[
            "unbind",
            "--sku",
            "SKU-1002",
            "--warehouse",
            "XX01",
            "--sku",
            "SKU-1001",
            "--warehouse",
            "ZZ9",
        ])
        .code(4)
        .err_has(&[
            "command line, pair 1: --warehouse: \"XX01\": unknown warehouse",
            "command line, pair 2: --warehouse: \"ZZ9\"",
            "Fix the command and run it again.",
        ]);
    assert!(!out.stderr.contains("Fix these rows"), "{}", out.stderr);
    let out = env.run(&["plan", "show", "9"]).code(4);
    assert_eq!(
        out.stderr.trim(),
        "error: command line: ID: \"9\": no such plan: see `invmap plan list`"
    );
}

/// A batch that leaves many SKUs without a warehouse in a region says the first few and
/// counts the rest per region, so the refusals stay in sight; the report has every one.
#[test]
fn many_region_warnings_are_summarised() {
    let env = TestEnv::new();
    let w = env.write(
        "w.csv",
        "code,name,region\nSH01,Shanghai,East\nBJ01,Beijing,North\n",
    );
    env.ok(&["import", "warehouses", w.to_str().unwrap()]);
    let mut m = String::from("product_id,warehouse_code,stock_quantity\n");
    let mut t = String::from("product_id,warehouse_code\n");
    for i in 0..12 {
        m.push_str(&format!("SKU-{i:03},SH01,0\nSKU-{i:03},BJ01,0\n"));
        t.push_str(&format!("SKU-{i:03},SH01\n"));
    }
    let m = env.write("m.csv", m);
    env.ok(&["import", "mappings", m.to_str().unwrap()]);
    let t = env.write("t.csv", t);
    let report = env.path("report.csv");
    let out = env.ok(&[
        "unbind",
        "--from-csv",
        t.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 6, "{}", out.stderr);
    assert_eq!(
        warnings[5],
        "warning: … 12 pairs in all leave a SKU with no active warehouse in a region [region-cover] (East 12); -v lists every one"
    );
    let report = std::fs::read_to_string(report).unwrap();
    assert_eq!(
        report.matches("no active warehouse in region East").count(),
        12
    );
    env.ok(&["rollback", "last", "--reason", "again, with -v"]);
    let out = env.ok(&[
        "-v",
        "unbind",
        "--from-csv",
        t.to_str().unwrap(),
        "--dry-run",
    ]);
    for i in 0..12 {
        let line =
            format!("SKU-{i:03} @ SH01: the SKU will have no active warehouse in region East");
        assert!(
            out.stderr.contains(&line),
            "-v lacks {line}\n{}",
            out.stderr
        );
    }
}

/// Closing a warehouse whose links still have open orders: each rule's warnings are counted
/// apart, the first few said as they are.
#[test]
fn a_close_with_many_open_orders_summarises_them_per_rule() {
    let env = TestEnv::new();
    let w = env.write(
        "w.csv",
        "code,name,region\nSH01,Shanghai,East\nBJ01,Beijing,North\n",
    );
    env.ok(&["import", "warehouses", w.to_str().unwrap()]);
    let mut m = String::from("product_id,warehouse_code,stock_quantity\n");
    let mut o = String::from("order_id,product_id,warehouse_code,quantity,status,created_at\n");
    for i in 0..9 {
        m.push_str(&format!("SKU-{i:03},SH01,1\nSKU-{i:03},BJ01,1\n"));
        o.push_str(&format!("O{i},SKU-{i:03},SH01,1,open,2026-11-26 10:00\n"));
    }
    env.ok(&[
        "import",
        "mappings",
        env.write("m.csv", m).to_str().unwrap(),
    ]);
    env.ok(&["import", "orders", env.write("o.csv", o).to_str().unwrap()]);
    let out = env.ok(&["warehouse", "close", "SH01", "--dry-run"]);
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 5 + 5 + 2, "{}", out.stderr);
    assert!(warnings.contains(
        &"warning: … 9 pairs in all keep open orders at a warehouse that closes [open-orders]; -v lists every one"
    ));
    assert!(warnings.contains(
        &"warning: … 9 pairs in all leave a SKU with no active warehouse in a region [region-cover] (East 9); -v lists every one"
    ));
}

/// `--help` as the binary prints it: a read-only command does not offer the flags of a
/// change (which it would ignore); a change command does; flags still parse after the name.
#[test]
fn help_offers_change_flags_only_to_changes() {
    let env = TestEnv::example_store();
    for args in [
        &["route", "--help"][..],
        &["help", "route"],
        &["audit", "verify", "-h"],
    ] {
        let out = env.ok(args);
        assert!(
            out.stdout.contains("Usage: invmap"),
            "{args:?}: {}",
            out.stdout
        );
        assert!(
            !out.stdout.contains("--operator"),
            "{args:?}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains("--override-window"), "{args:?}");
    }
    let out = env.ok(&["unbind", "--help"]);
    assert!(out.stdout.contains("--operator") && out.stdout.contains("--override-window"));
    env.ok(&["changes", "--format", "json", "--limit", "3"]);
    env.ok(&[
        "route",
        "--sku",
        "SKU-1001",
        "--format",
        "json",
        "--operator",
        "x",
    ]);
}

/// Shell completions and manual pages, from the same command tree as --help.
#[test]
fn completions_and_man_pages() {
    let env = TestEnv::without_store();
    for (shell, needle) in [
        ("bash", "_invmap()"),
        ("zsh", "#compdef invmap"),
        ("fish", "complete -c invmap"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = env.ok(&["completions", shell]);
        assert!(
            out.stdout.contains(needle),
            "{shell}: {}",
            &out.stdout[..200.min(out.stdout.len())]
        );
        assert!(out.stdout.contains("unbind"), "{shell}");
    }
    let page = env.ok(&["man"]);
    assert!(
        page.stdout.starts_with(".ie"),
        "roff: {}",
        &page.stdout[..80]
    );
    let dir = env.path("man1");
    env.ok(&["man", "-o", dir.to_str().unwrap()])
        .err_has(&["manual pages to"]);
    let unbind = std::fs::read_to_string(dir.join("invmap-unbind.1")).unwrap();
    assert!(unbind.contains("transfer"), "{unbind}");
    assert!(dir.join("invmap-plan-approve.1").exists());
    assert!(!env.db.exists(), "completions and man need no store");
}

/// `invmap optimize` converts a store with 4 KiB pages (an older invmap's) after a backup,
/// keeps every link and the audit trail, records itself, and leaves a current store alone;
/// with another program holding the store it changes nothing.
#[test]
fn optimize_converts_an_older_store_after_a_backup() {
    let env = TestEnv::example_store();
    env.conn()
        .execute_batch(
            "PRAGMA journal_mode=DELETE; PRAGMA page_size=4096; VACUUM; PRAGMA journal_mode=WAL;",
        )
        .unwrap();
    let page = |env: &TestEnv| -> i64 {
        env.conn()
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(page(&env), 4096);
    let links = env.links();
    {
        // Someone else has it open: refused, nothing changed.
        let other = env.conn();
        let _: i64 = other
            .query_row("SELECT count(*) FROM inventory_mapping", [], |r| r.get(0))
            .unwrap();
        env.run(&["optimize"])
            .code(1)
            .err_has(&["another program has the store", "nothing was changed"]);
        drop(other);
    }
    assert_eq!(page(&env), 4096);
    env.ok(&["optimize"]).err_has(&[
        "Backed up 5 links to",
        "-before-optimize.db first",
        "4096 → 32768 byte pages",
        "audit trail intact",
    ]);
    assert_eq!(page(&env), 32768);
    assert_eq!(env.links(), links);
    let last: String = env
        .conn()
        .query_row(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, "optimize");
    env.ok(&["audit", "verify"]);
    env.ok(&["optimize"])
        .err_has(&["already uses 32 KiB pages: nothing to do"]);
}

/// A usage error's `Usage:` line does not list the flags the environment fills in as if they
/// were required.
#[test]
fn usage_lines_do_not_demand_what_the_environment_gives() {
    let env = TestEnv::example_store();
    let out = env.run(&["plan", "approve"]).code(2);
    let usage = out
        .stderr
        .lines()
        .find(|l| l.starts_with("Usage:"))
        .unwrap_or_default();
    assert_eq!(usage, "Usage: invmap plan approve <ID>", "{}", out.stderr);
    assert!(env.ok(&["--version"]).stdout.starts_with("invmap "));
}

/// A file whose lines end in a bare CR (older Excel for Mac) is named for what it is, not
/// reported as rows with too many fields.
#[test]
fn bare_cr_line_ends_are_named() {
    let env = TestEnv::example_store();
    let file = env.write(
        "mac.csv",
        "product_id,warehouse_code\rSKU-1002,SH01\rSKU-1001,BJ01\r",
    );
    let out = env
        .run(&["unbind", "--from-csv", file.to_str().unwrap(), "--dry-run"])
        .code(4)
        .err_has(&[
            "lines end in CR only (old Mac format)",
            "re-save the file as CSV UTF-8",
        ]);
    assert!(!out.stderr.contains("fields"), "{}", out.stderr);
}
