//! `invmap init` and opening a store: what is created, and every file that is refused
//! without being touched.

use crate::env::TestEnv;

#[test]
fn init_creates_a_store_at_the_latest_schema() {
    let env = TestEnv::without_store();
    env.ok(&["init"]).err_has(&["Created a new store"]);
    assert!(env.db.is_file());
    let version: i64 = env
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 1, "schema version {version}");
    assert_eq!(env.count("inventory_mapping"), 0);
    // A second init only reports the schema.
    env.ok(&["init"]).err_has(&["is at schema"]);
}

#[test]
fn commands_other_than_init_do_not_create_a_store() {
    let env = TestEnv::without_store();
    let file = env.write("w.csv", "code,name\nSH01,Shanghai\n");
    let file = file.to_str().unwrap();
    // Issue 15: a mistyped --db no longer becomes a new store (and then fails, leaving it).
    for args in [
        &["export", "mappings"][..],
        &["warehouse", "add", "SH01", "--name", "Shanghai"],
        &["bind", "--sku", "SKU-1", "--warehouse", "SH01"],
    ] {
        let out = env
            .run(args)
            .code(1)
            .err_has(&["no store at", "invmap init"]);
        assert!(!out.stderr.contains("Created"), "{args:?}: {}", out.stderr);
        assert!(!env.db.exists(), "{args:?} created the store");
    }
    // An import may start a store (scripts and the shared bench build one that way), but
    // only when it lands, and it says so.
    let bad = env.write("bad.csv", "code,name\nS H 0 1,x\n");
    env.run(&["import", "warehouses", bad.to_str().unwrap()])
        .code(4);
    assert!(!env.db.exists(), "a failed import left a store");
    env.ok(&["import", "warehouses", file])
        .err_has(&["Created a new store at"]);
}

#[test]
fn text_file_as_db_is_refused_byte_for_byte_unchanged() {
    let mut env = TestEnv::without_store();
    env.db = env.write("notes.txt", "my shopping list\nmilk\n");
    let before = std::fs::read(&env.db).unwrap();
    for args in [&["init"][..], &["export", "mappings"], &["changes"]] {
        env.run(args)
            .code(1)
            .err_has(&["not an invmap store", "left untouched"]);
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert!(!env.path("notes.txt-wal").exists());
}

#[test]
fn directory_as_db_is_refused() {
    let mut env = TestEnv::without_store();
    env.db = env.path("folder");
    std::fs::create_dir(&env.db).unwrap();
    env.run(&["init"]).code(1).err_has(&["is a directory"]);
    assert_eq!(std::fs::read_dir(&env.db).unwrap().count(), 0);
}

#[test]
fn sqlite_db_of_another_application_is_refused_unchanged() {
    let env = TestEnv::without_store();
    {
        let conn = env.conn();
        conn.execute_batch(
            "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO customers(name) VALUES ('Ada');",
        )
        .unwrap();
    }
    let before = std::fs::read(&env.db).unwrap();
    env.run(&["init"])
        .code(1)
        .err_has(&["not an invmap store", "another application"]);
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    let tables: Vec<String> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(tables, ["customers"]);
}

#[test]
fn store_from_a_newer_invmap_is_refused() {
    let env = TestEnv::without_store();
    env.ok(&["init"]);
    env.conn()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let before = std::fs::read(&env.db).unwrap();
    for args in [&["init"][..], &["export", "mappings"]] {
        env.run(args)
            .code(1)
            .err_has(&["newer invmap", "schema 99"]);
    }
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn seed_sql_with_only_the_three_columns_still_works() {
    let env = TestEnv::without_store();
    env.ok(&["init"]);
    env.conn()
        .execute_batch(
            "INSERT INTO warehouses(code) VALUES ('SH01');
             INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity)
             VALUES ('SKU-1', 'SH01', 5);",
        )
        .unwrap();
    assert_eq!(env.link("SKU-1", "SH01"), Some((5, "active".to_string())));
    let export = env.export_mappings();
    assert!(export.contains("SKU-1,SH01,5,"), "{export}");
    // The seed's limits hold for plain SQL too.
    let long = env.conn().execute(
        "INSERT INTO inventory_mapping(product_id, warehouse_code) VALUES ('123456789012345678901', 'SH01')",
        [],
    );
    assert!(long.is_err(), "21-character SKU accepted by the schema");
    let fk = env.conn().execute_batch(
        "PRAGMA foreign_keys = ON;
         INSERT INTO inventory_mapping(product_id, warehouse_code) VALUES ('SKU-2', 'NOPE');",
    );
    assert!(fk.is_err(), "unknown warehouse accepted by the schema");
}

/// A server location is recognised by its scheme (no file named after the URL is created);
/// with no server there the URL is shown without its password.
#[test]
fn a_postgres_location_is_never_a_file_and_never_echoes_a_password() {
    for command in [
        &["changes"][..],
        &["unbind", "--sku", "SKU-1", "--warehouse", "W1"],
    ] {
        let env = TestEnv::at(std::path::Path::new(
            "postgres://ana:s3cret@127.0.0.1:1/invmap",
        ));
        let out = env.run(command).code(1);
        assert!(
            out.stderr.contains("postgres://ana:***@127.0.0.1:1/invmap"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
        assert_eq!(std::fs::read_dir(env.dir()).unwrap().count(), 0);
    }
}

/// With no operator given at all (no flag, no INVMAP_OPERATOR, no USER or LOGNAME) a change
/// is recorded as "unknown" — `demo` works on a bare machine — while a name given blank is
/// refused.
#[test]
fn an_operator_not_given_is_unknown_and_a_blank_one_is_refused() {
    let env = TestEnv::example_store();
    let out = env
        .std_cmd()
        .env_remove("INVMAP_OPERATOR")
        .args(["bind", "--sku", "SKU-1003", "--warehouse", "SH01"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        env.change_col::<String>(env.last_change(), "operator"),
        "unknown"
    );
    let out = env
        .std_cmd()
        .env("INVMAP_OPERATOR", " ")
        .args(["bind", "--sku", "SKU-1003", "--warehouse", "BJ01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
