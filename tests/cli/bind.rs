//! `invmap bind`: create a link or set an existing one's quantity and priority, as a change
//! that `rollback` undoes.

use crate::env::TestEnv;

fn bind(env: &TestEnv, args: &[&str]) -> crate::env::Out {
    let mut all = vec!["bind"];
    all.extend_from_slice(args);
    env.run(&all)
}

#[test]
fn bind_creates_a_link_as_a_change_that_rollback_undoes() {
    let env = TestEnv::example_store();
    let out = bind(
        &env,
        &["--sku", "SKU-1003", "--warehouse", "SH01", "--qty", "7"],
    )
    .code(0);
    assert!(
        out.stderr.contains("Bound SKU-1003 to SH01."),
        "{}",
        out.stderr
    );
    assert_eq!(env.link("SKU-1003", "SH01"), Some((7, "active".into())));
    let id = env.last_change();
    assert_eq!(env.change_col::<String>(id, "kind"), "bind");
    // The undo would take the 7 units off the books: refused, unless forced with a reason.
    env.run(&["rollback", &id.to_string()])
        .code(3)
        .err_has(&["holds 7 units", "[stock-on-hand]"]);
    env.ok(&["rollback", &id.to_string(), "--force", "--reason", "typo"]);
    assert_eq!(env.link("SKU-1003", "SH01"), None);
}

#[test]
fn bind_updates_an_existing_link_and_an_unchanged_one_records_nothing() {
    let env = TestEnv::example_store();
    bind(
        &env,
        &["--sku", "SKU-1001", "--warehouse", "SH01", "--qty", "5"],
    )
    .code(0)
    .err_has(&["Updated the link SKU-1001 @ SH01."]);
    assert_eq!(env.link("SKU-1001", "SH01"), Some((5, "active".into())));
    let changes = env.count("changes");
    bind(
        &env,
        &["--sku", "SKU-1001", "--warehouse", "SH01", "--qty", "5"],
    )
    .code(0)
    .err_has(&["Nothing changed."]);
    assert_eq!(env.count("changes"), changes);
}

#[test]
fn bind_refuses_bad_input_and_closed_warehouses_and_changes_nothing() {
    let env = TestEnv::example_store();
    env.ok(&["warehouse", "close", "GZ01", "--allow-orphan"]);
    let before = env.snapshot();
    for (args, code, needle) in [
        (
            ["--sku", "SKU-9", "--warehouse", "XX99", "--qty", "1"],
            4,
            "unknown warehouse",
        ),
        (
            ["--sku", "=SKU", "--warehouse", "SH01", "--qty", "1"],
            4,
            "formula",
        ),
        (
            ["--sku", "SKU-9", "--warehouse", "SH01", "--qty", "-3"],
            4,
            "cannot be negative",
        ),
        (
            [
                "--sku",
                "SKU-9",
                "--warehouse",
                "SH01",
                "--qty",
                "1000000000001",
            ],
            4,
            "more than 1000000000000 units",
        ),
        (
            ["--sku", "SKU-9", "--warehouse", "GZ01", "--qty", "1"],
            3,
            "closed warehouse GZ01, which takes no new links",
        ),
    ] {
        bind(&env, &args).code(code).err_has(&[needle]);
    }
    assert_eq!(env.snapshot(), before);
}
