//! The PostgreSQL backend (SPEC §10), against a real server: `INVMAP_TEST_POSTGRES` holds its
//! URL (`.ci/run` sets it when a server answers on 127.0.0.1:5432). Each test makes its own
//! database and drops it. Without the variable the tests say once that they were skipped.

use std::sync::Once;

use crate::env::*;

/// A database of its own on the test server, dropped at the end.
struct PgDb {
    admin: String,
    name: String,
}

impl PgDb {
    /// `None` (and a note, once) when no server was given.
    fn new(tag: &str) -> Option<PgDb> {
        static SKIP: Once = Once::new();
        let Ok(admin) = std::env::var("INVMAP_TEST_POSTGRES") else {
            // Straight to the process's stderr (libtest hides a passing test's eprintln!).
            SKIP.call_once(|| {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "PostgreSQL tests skipped: set INVMAP_TEST_POSTGRES=postgresql://ROLE@HOST/DB to run them"
                );
            });
            return None;
        };
        let name = format!("invmap_t_{tag}_{}", std::process::id());
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("the test server");
        // (Each on its own: neither runs inside a transaction.)
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        Some(PgDb { admin, name })
    }

    /// The database's URL, with `password` in it when given (trust authentication ignores it).
    fn url_with(&self, password: Option<&str>) -> String {
        let (scheme, rest) = self.admin.split_once("://").unwrap();
        let (auth, hostpart) = rest.split_once('@').unwrap_or(("", rest));
        let host = hostpart.split('/').next().unwrap();
        let user = auth.split(':').next().unwrap();
        let user = match password {
            Some(p) => format!("{user}:{p}@"),
            None if user.is_empty() => String::new(),
            None => format!("{user}@"),
        };
        format!("{scheme}://{user}{host}/{}", self.name)
    }

    fn url(&self) -> String {
        self.url_with(None)
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url(), postgres::NoTls).unwrap()
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `invmap --db DB ARGS…` in `env`'s folder (`env.run` names its own store file). No
/// operator is named: on a server it is the role that connects.
fn at(env: &TestEnv, db: &str, args: &[&str]) -> Out {
    at_time(env, db, NOW, args)
}

/// [`at`] with the clock at `now`.
fn at_time(env: &TestEnv, db: &str, now: &str, args: &[&str]) -> Out {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("invmap"));
    cmd.env_clear()
        .env("INVMAP_NOW", now)
        .current_dir(env.dir())
        .arg("--db")
        .arg(db)
        .args(args);
    Out::of(cmd.output().expect("run invmap"))
}

/// Every row of a store file's tables, sorted: two stores with the same content compare equal
/// whatever order their rows were written in.
fn contents(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for table in [
        "warehouses",
        "products",
        "settings",
        "inventory_mapping",
        "orders",
        "stock_counts",
        "complaints",
        "plans",
        "changes",
        "change_items",
        "audit_log",
        "plan_pairs",
        "plan_stages",
        "blackout_windows",
        "drains",
        "warehouse_exits",
    ] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", cells.join("|")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out.sort();
    out
}

/// (name, type, length, default, collation) of a column.
type Column = (String, String, Option<i32>, Option<String>, Option<String>);

#[test]
fn init_makes_the_seed_table_exactly_and_refuses_a_newer_schema() {
    let Some(pg) = PgDb::new("init") else { return };
    let env = TestEnv::without_store();
    at(&env, &pg.url(), &["init"])
        .code(0)
        .err_has(&["Created an invmap store in"]);
    let mut c = pg.client();
    let cols: Vec<Column> = c
        .query(
            "SELECT column_name::text, data_type::text, character_maximum_length,
                    column_default::text, collation_name::text
             FROM information_schema.columns
             WHERE table_name = 'inventory_mapping' ORDER BY ordinal_position LIMIT 3",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    assert_eq!(
        cols[0],
        (
            "product_id".into(),
            "character varying".into(),
            Some(20),
            None,
            Some("C".into())
        )
    );
    assert_eq!(
        cols[1],
        (
            "warehouse_code".into(),
            "character varying".into(),
            Some(10),
            None,
            Some("C".into())
        )
    );
    assert_eq!(
        cols[2],
        (
            "stock_quantity".into(),
            "integer".into(),
            None,
            Some("0".into()),
            None
        )
    );
    // Plain SQL written for the seed table works; ids compare bytewise.
    c.batch_execute(
        "INSERT INTO warehouses(code) VALUES ('a'), ('B');
         INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity) VALUES ('p', 'a', 1), ('p', 'B', 2);",
    )
    .unwrap();
    let order: Vec<String> = c
        .query(
            "SELECT warehouse_code::text FROM inventory_mapping ORDER BY warehouse_code",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(order, ["B", "a"]);
    // History is append-only on the server too.
    c.batch_execute(
        "INSERT INTO audit_log(at, operator, action, hash) VALUES ('t', 'o', 'x', '\\x00')",
    )
    .unwrap();
    assert!(c.batch_execute("DELETE FROM audit_log").is_err());
    // Entries come only as the next ids: none at an id of one's choosing, none with a gap.
    for forged in [
        "(5, 't', 'o', 'x', '\\x00')",
        "(2, 't', 'o', 'x', '\\x00'), (4, 't', 'o', 'x', '\\x00')",
    ] {
        let err = c
            .batch_execute(&format!(
                "INSERT INTO audit_log(id, at, operator, action, hash) VALUES {forged}"
            ))
            .unwrap_err();
        assert!(format!("{err:?}").contains("come in id order"), "{err:?}");
    }
    c.batch_execute(
        "INSERT INTO audit_log(id, at, operator, action, hash) VALUES (2, 't', 'o', 'x', '\\x00')",
    )
    .unwrap();

    at(&env, &pg.url(), &["init"])
        .code(0)
        .err_has(&["schema 12"]);
    c.batch_execute("UPDATE invmap_schema SET version = 99")
        .unwrap();
    at(&env, &pg.url(), &["init"])
        .code(3)
        .err_has(&["schema 99, newer than this invmap"]);
}

#[test]
fn roles_get_the_privileges_of_spec_10() {
    let Some(pg) = PgDb::new("roles") else { return };
    let env = TestEnv::without_store();
    at(&env, &pg.url(), &["init", "--roles"])
        .code(0)
        .err_has(&["GRANT invmap_operator TO"]);
    // Again: nothing to redo, no error.
    at(&env, &pg.url(), &["init", "--roles"]).code(0);
    let mut c = pg.client();
    let may = |c: &mut postgres::Client, role: &str, table: &str, what: &str| -> bool {
        c.query_one(
            "SELECT has_table_privilege($1, $2, $3)",
            &[&role, &table, &what],
        )
        .unwrap()
        .get(0)
    };
    for table in ["audit_log", "change_items"] {
        for role in ["invmap_operator", "invmap_approver"] {
            // An approver's decisions are entries of no change: it writes no change items.
            let appends = table == "audit_log" || role == "invmap_operator";
            assert_eq!(
                may(&mut c, role, table, "INSERT"),
                appends,
                "{role} appends to {table}: {appends}"
            );
            assert!(
                !may(&mut c, role, table, "UPDATE"),
                "{role} may not rewrite {table}"
            );
            assert!(
                !may(&mut c, role, table, "DELETE"),
                "{role} may not delete from {table}"
            );
        }
    }
    assert!(may(&mut c, "invmap_reader", "inventory_mapping", "SELECT"));
    assert!(!may(&mut c, "invmap_reader", "inventory_mapping", "DELETE"));
    assert!(may(
        &mut c,
        "invmap_operator",
        "inventory_mapping",
        "DELETE"
    ));
    assert!(!may(
        &mut c,
        "invmap_approver",
        "inventory_mapping",
        "UPDATE"
    ));
    assert!(!may(&mut c, "invmap_operator", "changes", "UPDATE"));
    assert!(!may(&mut c, "invmap_operator", "plans", "DELETE"));
    // --roles is for a server only.
    TestEnv::new().run(&["init", "--roles"]).code(2);
}

#[test]
fn a_store_goes_to_the_server_and_back_with_its_history_and_head() {
    let Some(pg) = PgDb::new("copy") else { return };
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "下架",
    ]);
    env.ok(&["rollback", "last"]);
    let head = env.json(&["audit", "verify", "--format", "json"])["head"].clone();

    let secret = pg.url_with(Some("s3cret"));
    let out = env
        .run(&["copy", "--to", &secret, "--format", "json"])
        .code(0);
    let copied = out.json();
    assert_eq!(copied["audit_head"], head);
    assert_eq!(copied["changes"], 3);
    assert!(
        !out.stderr.contains("s3cret") && !out.stdout.contains("s3cret"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(":***@"), "{}", out.stderr);

    // The server holds the same rows.
    let mut c = pg.client();
    let links: i64 = c
        .query_one("SELECT count(*) FROM inventory_mapping", &[])
        .unwrap()
        .get(0);
    assert_eq!(links as usize, env.links().len());
    // A second copy into the same database is refused, and changes nothing there.
    env.run(&["copy", "--to", &pg.url()])
        .code(3)
        .err_has(&["already holds"]);
    let entries: i64 = c
        .query_one("SELECT count(*) FROM audit_log", &[])
        .unwrap()
        .get(0);
    assert_eq!(entries, copied["audit_entries"].as_i64().unwrap());

    // And back into a new file: the same content, the same head.
    let back = TestEnv::without_store();
    let to = back.db.to_str().unwrap();
    let out = at(&back, &pg.url(), &["copy", "--to", to, "--format", "json"]).code(0);
    assert_eq!(out.json()["audit_head"], head);
    assert_eq!(
        back.json(&["audit", "verify", "--format", "json"])["head"],
        head
    );
    assert_eq!(contents(&back.db), contents(&env.db));
    // Never over an existing file.
    at(
        &back,
        &pg.url(),
        &["copy", "--to", back.db.to_str().unwrap()],
    )
    .code(3)
    .err_has(&["already exists"]);
}

#[test]
fn a_password_is_never_shown_and_an_empty_database_is_refused() {
    let Some(pg) = PgDb::new("secret") else {
        return;
    };
    let env = TestEnv::without_store();
    at(&env, &pg.url(), &["init"]).code(0);
    // A refusal on a server, reached with a password in the URL: not a trace of it.
    let out = at(
        &env,
        &pg.url_with(Some("s3cret")),
        &[
            "unbind",
            "--sku",
            "SKU-1",
            "--warehouse",
            "W1",
            "--stages",
            "50%,100%",
        ],
    )
    .code(4);
    assert!(out.stderr.contains("unknown SKU"), "{}", out.stderr);
    assert!(!out.stderr.contains("s3cret"));
    // A database without a store is refused, not created, by anything but init.
    let empty = PgDb::new("empty").unwrap();
    let out = at(
        &env,
        &empty.url_with(Some("s3cret")),
        &["copy", "--to", "x.db"],
    )
    .code(1);
    assert!(out.stderr.contains("no invmap store in"), "{}", out.stderr);
    assert!(!out.stderr.contains("s3cret"), "{}", out.stderr);
    // Between two files, copy points to backup.
    TestEnv::new()
        .run(&["copy", "--to", "other.db"])
        .code(2)
        .err_has(&["invmap backup -o FILE.db"]);
}

/// `backup` of a server store writes the same files as from a store file — `.db` with its
/// manifest, `.csv` in the mappings template, each with its checksum — and `restore` takes
/// them; `export mappings` reads the server's links.
#[test]
fn a_server_store_is_backed_up_as_a_file_store_is() {
    let Some(pg) = PgDb::new("backup") else {
        return;
    };
    let env = TestEnv::example_store();
    env.ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    at(&env, &pg.url(), &["init"]).code(0);
    env.ok(&["copy", "--to", &pg.url()]);

    let secret = pg.url_with(Some("s3cret"));
    let out = at(&env, &secret, &["export", "mappings"]).code(0);
    assert_eq!(out.stdout, env.export_mappings());

    at(&env, &secret, &["backup", "-o", "server.db"])
        .code(0)
        .err_has(&["server.db.sha256"]);
    at(&env, &secret, &["backup", "-o", "server.csv"]).code(0);
    // The manifest names the server without its password.
    let conn = rusqlite::Connection::open(env.path("server.db")).unwrap();
    let source: String = conn
        .query_row(
            "SELECT value FROM invmap_backup WHERE key = 'source'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        source.contains(":***@") && !source.contains("s3cret"),
        "{source}"
    );
    // Both restore onto the file store as a no-op: the same links.
    for file in ["server.db", "server.csv"] {
        env.ok(&["restore", file, "--dry-run"])
            .err_has(&["0 links removed, 0 added, 0 updated"]);
    }
    let bytes = std::fs::read(env.path("server.db")).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("s3cret"));
}

/// `audit verify` on a server store proves what it proves on a file: the same head after a
/// copy; a forged before-image, a link edited behind invmap's back, a dropped guard and a cut
/// trail are each found (exit 3); an anchor names the server without its password.
#[test]
fn the_trail_is_proved_on_the_server_as_on_a_file() {
    let Some(pg) = PgDb::new("verify") else {
        return;
    };
    let env = TestEnv::example_store();
    env.ok(&["unbind", "--sku", "SKU-1002", "--warehouse", "SH01"]);
    let head = env.json(&["audit", "verify", "--format", "json"])["head"].clone();
    env.ok(&["copy", "--to", &pg.url()]);

    let secret = pg.url_with(Some("s3cret"));
    let out = at(&env, &secret, &["audit", "verify", "--format", "json"]).code(0);
    assert_eq!(out.json()["head"], head);
    at(&env, &secret, &["audit", "verify", "--state"]).code(0);
    at(&env, &secret, &["audit", "anchor", "-o", "anchor.json"]).code(0);
    let anchor = std::fs::read_to_string(env.path("anchor.json")).unwrap();
    assert!(
        anchor.contains(":***@") && !anchor.contains("s3cret"),
        "{anchor}"
    );
    at(
        &env,
        &pg.url(),
        &["audit", "verify", "--anchor", "anchor.json"],
    )
    .code(0)
    .err_has(&["nothing was cut from the end"]);

    let mut c = pg.client();
    // A guard dropped, or set to fire only for replicas, is missing; `init` puts it back.
    c.batch_execute(
        "DROP TRIGGER change_items_no_delete ON change_items;
         ALTER TABLE audit_log ENABLE REPLICA TRIGGER audit_log_no_update;
         DROP TRIGGER plans_guard ON plans;
         ALTER TABLE audit_log DISABLE TRIGGER audit_log_in_order;",
    )
    .unwrap();
    at(&env, &pg.url(), &["audit", "verify"]).code(3).err_has(&[
        "change_items_no_delete",
        "audit_log_no_update",
        "plans_guard",
        "audit_log_in_order",
    ]);
    at(&env, &pg.url(), &["init"])
        .code(0)
        .err_has(&["change_items_no_delete", "plans_guard"]);
    at(&env, &pg.url(), &["audit", "verify"]).code(0);
    // A link edited behind invmap's back.
    c.batch_execute("UPDATE inventory_mapping SET stock_quantity = 999 WHERE product_id = 'SKU-1001' AND warehouse_code = 'SH01'")
        .unwrap();
    at(&env, &pg.url(), &["audit", "verify", "--state"])
        .code(3)
        .err_has(&["SKU-1001 @ SH01"]);
    // A forged before-image: the guard must be dropped first, and that is found too.
    c.batch_execute(
        "ALTER TABLE change_items DISABLE TRIGGER change_items_no_update;
         UPDATE change_items SET before_qty = 7 WHERE change_id = 2;",
    )
    .unwrap();
    at(&env, &pg.url(), &["audit", "verify"])
        .code(3)
        .err_has(&["change 2: SKU-1002 @ SH01", "change_items_no_update"]);
    // A trail cut at its end: the anchor knows.
    c.batch_execute(
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log);",
    )
    .unwrap();
    at(
        &env,
        &pg.url(),
        &["audit", "verify", "--anchor", "anchor.json"],
    )
    .code(3);
}

/// A login role of the test server, granted one of invmap's groups; dropped at the end.
struct Person {
    admin: String,
    name: String,
}

impl Person {
    fn new(pg: &PgDb, tag: &str, group: &str) -> Person {
        let name = format!("invmap_t_{tag}_{}", std::process::id());
        let mut c = postgres::Client::connect(&pg.admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!(
            "DROP ROLE IF EXISTS {name}; CREATE ROLE {name} LOGIN; GRANT {group} TO {name};"
        ))
        .unwrap();
        Person {
            admin: pg.admin.clone(),
            name,
        }
    }

    /// The store's URL, connecting as this person.
    fn url(&self, pg: &PgDb) -> String {
        let url = pg.url();
        let (scheme, rest) = url.split_once("://").unwrap();
        let host_and_db = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
        format!("{scheme}://{}@{host_and_db}", self.name)
    }
}

impl Drop for Person {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP OWNED BY {0}; DROP ROLE IF EXISTS {0}",
                self.name
            ));
        }
    }
}

/// On a server the operator is the role that connected: a plan is approved by a second
/// role, never by its creator's; `--operator` cannot name someone else; a reader's role may
/// not decide at all; and the entries written on the server chain as a file's do.
#[test]
fn identities_are_the_servers_roles() {
    let Some(pg) = PgDb::new("roles2") else {
        return;
    };
    let admin_role = pg
        .admin
        .split_once("://")
        .unwrap()
        .1
        .split(['@', ':'])
        .next()
        .unwrap()
        .to_string();
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "0"]);
    let plan_by = |who: &str| {
        let out = env
            .cmd()
            .env("INVMAP_OPERATOR", who)
            .args([
                "plan",
                "create",
                "--sku",
                "SKU-1002",
                "--warehouse",
                "SH01",
                "--reason",
                "r",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    plan_by("ann");
    plan_by(&admin_role);
    at(&env, &pg.url(), &["init", "--roles"]).code(0);
    env.ok(&["copy", "--to", &pg.url()]);
    let ana = Person::new(&pg, "ana", "invmap_approver");
    let cs = Person::new(&pg, "cs", "invmap_reader");

    // The second role approves: the approver recorded is the role.
    at(&env, &ana.url(&pg), &["plan", "approve", "1"])
        .code(0)
        .err_has(&[&format!("approved by {}", ana.name)]);
    let mut c = pg.client();
    let approver: String = c
        .query_one("SELECT approver::text FROM plans WHERE id = 1", &[])
        .unwrap()
        .get(0);
    assert_eq!(approver, ana.name);
    // The creator's own role is refused, whatever name it gives.
    at(&env, &pg.url(), &["plan", "approve", "2"])
        .code(3)
        .err_has(&["two-person"]);
    at(
        &env,
        &pg.url(),
        &["--operator", "bob", "plan", "approve", "2"],
    )
    .code(2)
    .err_has(&["the operator is the role you connect as"]);
    // A reader may not decide: the server refuses the write.
    let out = at(
        &env,
        &cs.url(&pg),
        &["plan", "reject", "2", "--reason", "no"],
    )
    .code(3);
    assert!(out.stderr.contains("permission denied"), "{}", out.stderr);
    at(
        &env,
        &ana.url(&pg),
        &["plan", "reject", "2", "--reason", "not now"],
    )
    .code(0);

    // The entries the server wrote chain as a file's: a copy back verifies with the same head.
    let head = at(&env, &pg.url(), &["audit", "verify", "--format", "json"])
        .code(0)
        .json()["head"]
        .clone();
    let back = TestEnv::without_store();
    at(
        &back,
        &pg.url(),
        &["copy", "--to", back.db.to_str().unwrap()],
    )
    .code(0);
    assert_eq!(
        back.json(&["audit", "verify", "--format", "json"])["head"],
        head
    );
}

/// Changes on a server are serialised (the advisory lock) and the audit chain stays whole:
/// 8 processes × 20 rounds of `settings set` at once lose no entry and break no link, and
/// every entry names the role that made it.
#[test]
fn concurrent_operators_keep_the_chain_whole() {
    let Some(pg) = PgDb::new("race") else {
        return;
    };
    let env = TestEnv::without_store();
    at(&env, &pg.url(), &["init"]).code(0);
    let url = pg.url();
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let url = url.clone();
            let dir = env.dir().to_path_buf();
            std::thread::spawn(move || {
                for round in 0..20 {
                    let value = (w * 100 + round + 1).to_string();
                    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("invmap"))
                        .env_clear()
                        .env("INVMAP_NOW", NOW)
                        .current_dir(&dir)
                        .args(["--db", &url, "settings", "set", "observation_hours", &value])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let v = at(&env, &url, &["audit", "verify", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(v["entries"], 160);
    let mut c = pg.client();
    let (n, ops): (i64, i64) = {
        let r = c
            .query_one(
                "SELECT count(*), count(DISTINCT operator) FROM audit_log WHERE action = 'setting'",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((n, ops), (160, 1));
    // The last one to commit is the value the store holds.
    let last: String = c
        .query_one(
            "SELECT detail::text FROM audit_log ORDER BY id DESC LIMIT 1",
            &[],
        )
        .unwrap()
        .get(0);
    let held = at(
        &env,
        &url,
        &["settings", "get", "observation_hours", "--format", "json"],
    )
    .code(0)
    .json();
    assert!(
        last.ends_with(&format!("-> {}", held["value"].as_str().unwrap())),
        "{last}"
    );
}

/// Blackout windows on a server: added and removed as the connected role, listed in the
/// store's time zone, JSON the same as a file store's, each change in the chain.
#[test]
fn blackout_windows_on_the_server() {
    let Some(pg) = PgDb::new("blackout") else {
        return;
    };
    let file = TestEnv::new();
    let env = TestEnv::without_store();
    at(&env, &pg.url(), &["init"]).code(0);
    for db in [pg.url(), file.db.display().to_string()] {
        at(&env, &db, &["settings", "set", "timezone", "+08:00"]).code(0);
        at(
            &env,
            &db,
            &[
                "blackout",
                "add",
                "--from",
                "2026-11-28 00:00",
                "--to",
                "2026-11-29 00:00",
                "--reason",
                "double 12",
            ],
        )
        .code(0)
        .err_has(&["Blackout window 1 added"]);
        at(
            &env,
            &db,
            &[
                "blackout",
                "add",
                "--daily",
                "20:00-22:00",
                "--reason",
                "peak",
            ],
        )
        .code(0);
        at(&env, &db, &["blackout", "remove", "2"]).code(0);
        at(&env, &db, &["blackout", "remove", "2"]).code(4);
    }
    let server = at(&env, &pg.url(), &["blackout", "list", "--format", "json"])
        .code(0)
        .stdout;
    let local = at(
        &env,
        &file.db.display().to_string(),
        &["blackout", "list", "--format", "json"],
    )
    .code(0)
    .stdout;
    assert_eq!(server, local);
    let table = at(&env, &pg.url(), &["blackout", "list"]).code(0).stdout;
    assert!(table.contains("2026-11-28 00:00 +08:00"), "{table}");
    let v = at(&env, &pg.url(), &["audit", "verify", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(v["entries"], 4);
    // The entries say what a file store's say (only who differs: the role, not the name).
    let mut c = pg.client();
    let details: Vec<String> = c
        .query("SELECT detail::text FROM audit_log ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let conn = file.conn();
    let local: Vec<String> = conn
        .prepare("SELECT detail FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(details, local);
    // A change inside the window is refused; overridden with a reason it lands and says so.
    at(&env, &pg.url(), &["warehouse", "add", "W1"]).code(0);
    let inside = "2026-11-28T01:00:00Z";
    let bind = [
        "bind",
        "--sku",
        "S1",
        "--warehouse",
        "W1",
        "--reason",
        "urgent",
    ];
    at_time(&env, &pg.url(), inside, &bind)
        .code(3)
        .err_has(&["blackout window"]);
    let mut overriding = vec!["--override-window"];
    overriding.extend(bind);
    at_time(&env, &pg.url(), inside, &overriding)
        .code(0)
        .err_has(&["Change 1 recorded"]);
    let why: String = c
        .query_one(
            "SELECT override_reason::text FROM changes WHERE id = 1",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(why.ends_with(": urgent"), "{why}");
}

/// What people and scripts list — `changes`, `audit`, the exports, warehouses, settings,
/// plans —
/// reads a server store as the file it came from: the same JSON and CSV.
#[test]
fn the_history_reads_the_same_on_the_server() {
    let Some(pg) = PgDb::new("history") else {
        return;
    };
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
        "--transfer-to",
        "SH01",
        "--reason",
        "consolidate",
    ]);
    env.ok(&["rollback", "last"]);
    env.ok(&[
        "plan",
        "create",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "r",
    ]);
    env.ok(&["copy", "--to", &pg.url()]);
    let file = env.db.display().to_string();
    for args in [
        &["changes", "--format", "json"][..],
        &["changes", "show", "2", "--format", "json"],
        &["changes", "show", "last", "--format", "json"],
        &["changes", "--format", "csv"],
        &["audit", "--format", "json"],
        &[
            "audit",
            "--sku",
            "SKU-1001",
            "--since",
            "2026-11-01",
            "--format",
            "csv",
        ],
        &["export", "changes"],
        &["export", "audit"],
        &["export", "mappings"],
        &["export", "skus"],
        &["warehouse", "list", "--format", "json"],
        &["settings", "list", "--format", "json"],
        &["plan", "list", "--format", "json"],
        &["plan", "show", "1", "--format", "json"],
        &["plan", "show", "1", "--format", "csv"],
        &["check", "--format", "json"],
        &["route", "--sku", "SKU-1001", "--format", "json"],
        &["metrics", "--format", "json"],
        &["metrics", "--change", "2", "--format", "json"],
        &[
            "metrics", "--change", "last", "--window", "3d", "--format", "json",
        ],
    ] {
        let here = at(&env, &file, args).code(0).stdout;
        let there = at(&env, &pg.url(), args).code(0).stdout;
        assert_eq!(here, there, "{args:?}");
    }
    // An unknown SKU is told alike, with the same guess.
    let here = at(&env, &file, &["route", "--sku", "sku-1001 "])
        .code(4)
        .stderr;
    let there = at(&env, &pg.url(), &["route", "--sku", "sku-1001 "])
        .code(4)
        .stderr;
    assert_eq!(here, there);
    assert!(there.contains("SKU-1001"), "{there}");
    // check finds on the server what it finds on a file: a negative stock and a closed
    // warehouse's link, edited behind invmap's back on both.
    let edits = "UPDATE inventory_mapping SET stock_quantity = -3
                     WHERE product_id = 'SKU-1003' AND warehouse_code = 'GZ01';
                 UPDATE warehouses SET status = 'closed' WHERE code = 'BJ01';";
    env.conn().execute_batch(edits).unwrap();
    pg.client().batch_execute(edits).unwrap();
    let here = at(&env, &file, &["check", "--format", "json"])
        .code(3)
        .stdout;
    let there = at(&env, &pg.url(), &["check", "--format", "json"])
        .code(3)
        .stdout;
    assert_eq!(here, there);
    assert!(there.contains("SKU-1003 @ GZ01 (-3)"), "{there}");
    // The report reads the same; it names the server without a password.
    at(&env, &file, &["report", "-o", "file.html"]).code(0);
    at(
        &env,
        &pg.url_with(Some("s3cret")),
        &["report", "-o", "server.html"],
    )
    .code(0);
    let (a, b) = (
        std::fs::read_to_string(env.path("file.html")).unwrap(),
        std::fs::read_to_string(env.path("server.html")).unwrap(),
    );
    assert!(!b.contains("s3cret") && b.contains(":***@"));
    let body = |h: &str| h[h.find("window").unwrap()..].to_string();
    assert_eq!(body(&a), body(&b));
    let table = at(&env, &pg.url(), &["changes", "show", "2"]).code(0);
    assert!(table.stdout.contains("SKU-1001"), "{}", table.stdout);
    assert!(
        table.stderr.contains("audit chain head after this change"),
        "{}",
        table.stderr
    );
}

/// `demo --db postgres://…` builds the sample store on the server (its walkthrough runs on a
/// file until changes run on a server): the server's trail verifies.
#[test]
fn the_demo_store_goes_to_a_server() {
    let Some(pg) = PgDb::new("demo") else {
        return;
    };
    let env = TestEnv::without_store();
    let out = at(
        &env,
        &pg.url_with(Some("s3cret")),
        &["demo", "--skus", "50"],
    )
    .code(0);
    assert!(
        out.stdout.contains("Copied the demo store to"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("s3cret") && !out.stderr.contains("s3cret"));
    at(&env, &pg.url(), &["audit", "verify", "--state"]).code(0);
    // Nothing the store keeps holds the password (the command line each change records).
    let kept: Vec<String> = pg
        .client()
        .query("SELECT command_line::text FROM changes", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        !kept.is_empty() && kept.iter().all(|c| !c.contains("s3cret")),
        "{kept:?}"
    );
    let links: i64 = pg
        .client()
        .query_one("SELECT count(*) FROM inventory_mapping", &[])
        .unwrap()
        .get(0);
    assert!(links > 50, "{links}");
}

/// A batch in stages is approved once, for all its stages, by a second role on the server,
/// and rejected from a stage on.
#[test]
fn a_staged_batch_is_decided_on_the_server() {
    let Some(pg) = PgDb::new("stages") else {
        return;
    };
    let (env, file) = crate::stages::store();
    let made = env
        .cmd()
        .env("INVMAP_OPERATOR", "ann")
        .args([
            "plan",
            "create",
            "--from-csv",
            file.to_str().unwrap(),
            "--stages",
            "30%,100%",
            "--reason",
            "r",
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    at(&env, &pg.url(), &["init", "--roles"]).code(0);
    env.ok(&["copy", "--to", &pg.url()]);
    let ana = Person::new(&pg, "ana2", "invmap_approver");
    at(&env, &ana.url(&pg), &["plan", "approve", "1"])
        .code(0)
        .err_has(&[&format!(
            "Plans 1, 2 (the 2 stages of the batch) approved by {}",
            ana.name
        )]);
    at(
        &env,
        &ana.url(&pg),
        &["plan", "reject", "2", "--reason", "enough"],
    )
    .code(0);
    let mut c = pg.client();
    let statuses: Vec<String> = c
        .query("SELECT status::text FROM plans ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(statuses, ["approved", "rejected"]);
    at(&env, &pg.url(), &["audit", "verify"]).code(0);
}

/// A drain on hold is resumed on a server as on a file (an event with its audit entry); what
/// is not on hold is refused.
#[test]
fn a_held_drain_is_resumed_on_the_server() {
    let Some(pg) = PgDb::new("drain") else {
        return;
    };
    let env = crate::run_due::held_drain();
    env.ok(&["copy", "--to", &pg.url()]);
    let args = [
        "drain",
        "resume",
        "--sku",
        "SKU-1001",
        "--warehouse",
        "BJ01",
    ];
    at(&env, &pg.url(), &args).code(0);
    at(&env, &pg.url(), &args).code(3);
    let held: i64 = pg
        .client()
        .query_one("SELECT held FROM drains WHERE product_id = 'SKU-1001'", &[])
        .unwrap()
        .get(0);
    assert_eq!(held, 0);
    at(&env, &pg.url(), &["audit", "verify"]).code(0);
}

/// What a server cannot take as it is is refused by name, and the server stays empty: stock
/// beyond the seed table's INT, and a file whose audit trail does not hold.
#[test]
fn copy_refuses_what_a_server_cannot_hold() {
    let Some(pg) = PgDb::new("refuse") else {
        return;
    };
    let env = TestEnv::example_store();
    let wide = env.path("wide.db");
    std::fs::copy(&env.db, &wide).unwrap();
    rusqlite::Connection::open(&wide)
        .unwrap()
        .execute_batch(
            "UPDATE inventory_mapping SET stock_quantity = 3000000000
             WHERE product_id = 'SKU-1001' AND warehouse_code = 'SH01'",
        )
        .unwrap();
    at(&env, wide.to_str().unwrap(), &["copy", "--to", &pg.url()])
        .code(3)
        .err_has(&[
            "SKU-1001 @ SH01 holds 3000000000 units",
            "correct it before the copy",
        ]);
    let broken = env.path("broken.db");
    std::fs::copy(&env.db, &broken).unwrap();
    rusqlite::Connection::open(&broken)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET detail = 'edited' WHERE id = 2;",
        )
        .unwrap();
    at(&env, broken.to_str().unwrap(), &["copy", "--to", &pg.url()])
        .code(3)
        .err_has(&["audit chain does not hold", "invmap audit verify"]);
    let rows: i64 = pg
        .client()
        .query_one("SELECT count(*) FROM audit_log", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 0, "nothing was kept on the server");
}

/// The role the admin URL connects as.
fn admin_role(pg: &PgDb) -> String {
    let auth = pg.admin.split_once("://").unwrap().1;
    let role = auth.split(['@', ':', '/']).next().unwrap();
    if role.is_empty() {
        std::env::var("USER").unwrap_or_default()
    } else {
        role.to_string()
    }
}

/// The same command on a store file and on a server holding a copy of it, as the same
/// operator: the exit code, stdout (JSON included) and stderr (the location aside) must be
/// the same.
fn alike(file: &TestEnv, srv: &TestEnv, url: &str, role: &str, args: &[&str]) -> Out {
    alike_at(file, srv, url, role, NOW, args)
}

/// [`alike`] with the clock at `now`.
fn alike_at(file: &TestEnv, srv: &TestEnv, url: &str, role: &str, now: &str, args: &[&str]) -> Out {
    let mut full = vec!["--operator", role];
    full.extend_from_slice(args);
    let db = file.db.to_str().unwrap();
    let a = at_time(file, db, now, &full);
    let b = at_time(srv, url, now, &full);
    assert_eq!(
        a.code, b.code,
        "{args:?}\nfile: {}\nserver: {}",
        a.stderr, b.stderr
    );
    assert_eq!(a.stdout, b.stdout, "{args:?}");
    assert_eq!(
        a.stderr.replace(db, "DB"),
        b.stderr.replace(url, "DB"),
        "{args:?}"
    );
    b
}

/// The door on a server: unbind (dry run, refused, transfer, unknown SKU, a template with a
/// report), rollback, bind, a drain and its cancel, a warehouse closed — each lands exactly as
/// on a file: the same outputs and exit codes, the same links, and the same audit head (the
/// entries hash the same bytes).
#[test]
fn changes_land_alike_on_a_file_and_on_a_server() {
    let Some(pg) = PgDb::new("door") else { return };
    let role = admin_role(&pg);
    let file = TestEnv::example_store();
    file.ok(&["copy", "--to", &pg.url()]);
    let srv = TestEnv::without_store();
    let url = pg.url();
    let template = example("unbind.csv");
    let template = template.to_str().unwrap();
    let steps: &[(&[&str], i32)] = &[
        (
            &[
                "unbind",
                "--sku",
                "SKU-1002",
                "--warehouse",
                "SH01",
                "--dry-run",
                "--format",
                "json",
            ],
            0,
        ),
        (
            &[
                "unbind",
                "--sku",
                "SKU-1001",
                "--warehouse",
                "SH01",
                "--reason",
                "r",
            ],
            3,
        ),
        (
            &[
                "unbind",
                "--sku",
                "SKU-1001",
                "--warehouse",
                "SH01",
                "--dry-run",
                "--format",
                "json",
            ],
            3,
        ),
        (
            &[
                "unbind",
                "--sku",
                "SKU-1O01",
                "--warehouse",
                "SH01",
                "--reason",
                "r",
            ],
            4,
        ),
        (
            &[
                "unbind",
                "--sku",
                "SKU-1001",
                "--warehouse",
                "SH01",
                "--transfer-to",
                "BJ01",
                "--reason",
                "consolidate",
                "--format",
                "json",
            ],
            0,
        ),
        (&["rollback", "last", "--dry-run"], 0),
        (
            &["rollback", "last", "--reason", "undo", "--format", "json"],
            0,
        ),
        (&["rollback", "2", "--reason", "again"], 3),
        (
            &[
                "unbind",
                "--from-csv",
                template,
                "--reason",
                "batch",
                "--report",
                "report.csv",
            ],
            0,
        ),
        (&["unbind", "--from-csv", template, "--reason", "batch"], 3),
        (
            &[
                "bind",
                "--sku",
                "SKU-1003",
                "--warehouse",
                "SH01",
                "--qty",
                "5",
                "--reason",
                "b",
                "--format",
                "json",
            ],
            0,
        ),
        (
            &[
                "unbind",
                "--sku",
                "SKU-1003",
                "--warehouse",
                "GZ01",
                "--drain",
                "--transfer-to",
                "SH01",
                "--reason",
                "drain",
            ],
            0,
        ),
        (
            &[
                "drain",
                "cancel",
                "--sku",
                "SKU-1003",
                "--warehouse",
                "GZ01",
                "--reason",
                "keep",
            ],
            0,
        ),
        (&["warehouse", "close", "GZ01", "--dry-run"], 3),
        (
            &[
                "warehouse",
                "close",
                "BJ01",
                "--force",
                "--reason",
                "lease ends",
            ],
            0,
        ),
        (&["rollback", "last", "--reason", "reopen"], 0),
    ];
    for (args, code) in steps {
        alike(&file, &srv, &url, &role, args).code(*code);
    }
    // run-due: a drain waits for its open order, then finishes once it shipped; a scheduled
    // unbind lands when its time has come.
    let shipped = file.write(
        "shipped.csv",
        "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at\n\
         SO-0003,SKU-1003,GZ01,1,shipped,2026-11-26 20:45,2026-11-27 08:00\n",
    );
    let later = "2026-11-28T10:00:00Z";
    let run_due: &[(&str, &[&str], i32)] = &[
        (NOW, &["settings", "set", "drain_buffer_hours", "0"], 0),
        (
            NOW,
            &[
                "unbind",
                "--sku",
                "SKU-1003",
                "--warehouse",
                "GZ01",
                "--drain",
                "--transfer-to",
                "SH01",
                "--reason",
                "drain",
            ],
            0,
        ),
        (NOW, &["run-due"], 0),
        (NOW, &["import", "orders", shipped.to_str().unwrap()], 0),
        (
            NOW,
            &[
                "unbind",
                "--sku",
                "SKU-1002",
                "--warehouse",
                "GZ01",
                "--transfer-to",
                "SH01",
                "--effective-at",
                "2026-11-28 09:00",
                "--reason",
                "later",
            ],
            0,
        ),
        (NOW, &["run-due"], 0),
        (later, &["run-due"], 0),
        (later, &["run-due"], 0),
        (later, &["plan", "list", "--format", "json"], 0),
        // A new warehouse, and a region's exit to it: moved, then closed.
        (
            later,
            &[
                "warehouse",
                "add",
                "CD01",
                "--name",
                "Chengdu",
                "--region",
                "West",
            ],
            0,
        ),
        (later, &["warehouse", "add", "CD01"], 4),
        (
            later,
            &["warehouse", "exit", "BJ01", "--to", "CD01", "--dry-run"],
            0,
        ),
        (
            later,
            &[
                "warehouse",
                "exit",
                "BJ01",
                "--to",
                "CD01",
                "--reason",
                "lease ends",
            ],
            0,
        ),
        (later, &["warehouse", "list", "--format", "json"], 0),
        (later, &["audit", "verify", "--format", "json"], 0),
    ];
    for (now, args, code) in run_due {
        alike_at(&file, &srv, &url, &role, now, args).code(*code);
    }
    // A link edited behind invmap's back, on each store by its own client: found, then
    // adopted with a reason.
    file.conn()
        .execute(
            "UPDATE inventory_mapping SET stock_quantity = 7 WHERE product_id = 'SKU-1001'
             AND warehouse_code = 'SH01'",
            [],
        )
        .unwrap();
    pg.client()
        .execute(
            "UPDATE inventory_mapping SET stock_quantity = 7 WHERE product_id = 'SKU-1001'
             AND warehouse_code = 'SH01'",
            &[],
        )
        .unwrap();
    for (args, code) in [
        (&["check", "--format", "json"][..], 3),
        (&["adopt", "--dry-run"], 0),
        (&["adopt", "--reason", "recount"], 0),
        (&["check", "--format", "json"], 0),
    ] {
        alike_at(&file, &srv, &url, &role, later, args).code(code);
    }
    // The way back, three weeks later: the same templates from both backends; and a server
    // has no pages to optimise.
    alike_at(
        &file,
        &srv,
        &url,
        &role,
        later,
        &["reverse", "4", "-o", "back"],
    )
    .code(0);
    assert!(file.path("back.binds.csv").exists() && file.path("back.moves.csv").exists());
    for name in ["back.binds.csv", "back.moves.csv"] {
        assert_eq!(
            std::fs::read_to_string(file.path(name)).ok(),
            std::fs::read_to_string(srv.path(name)).ok(),
            "{name}"
        );
    }
    let binds = file.write(
        "binds.csv",
        "product_id,warehouse_code,stock_quantity,priority\nSKU-2001,SH01,4,2\nSKU-2002,GZ01,,\n",
    );
    let binds = binds.to_str().unwrap().to_string();
    // A backup of each store, a change, then the store put back from the backup (a .db and a
    // .csv), through the door as on a file.
    for (args, code) in [
        (&["backup", "-o", "before.db"][..], 0),
        (&["backup", "-o", "before.csv"], 0),
        (
            &[
                "bind",
                "--sku",
                "SKU-2000",
                "--warehouse",
                "SH01",
                "--qty",
                "3",
                "--reason",
                "new",
            ],
            0,
        ),
        (
            &["bind", "--from-csv", &binds, "--reason", "from a file"],
            0,
        ),
        (&["bind", "--from-csv", &binds, "--reason", "again"], 3),
        (&["restore", "before.db", "--dry-run"], 3),
        (
            &["restore", "before.db", "--force", "--reason", "put back"],
            0,
        ),
        (&["restore", "before.csv", "--reason", "put back again"], 0),
        (&["export", "mappings"], 0),
        (&["audit", "verify", "--format", "json"], 0),
    ] {
        alike_at(&file, &srv, &url, &role, later, args).code(code);
    }
    // Another system's export compared with the links, then adopted.
    let wms = file.write(
        "wms.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1001,SH01,130\nSKU-3000,SH01,2\nSKU-3000,SH01,3\n",
    );
    let wms_ok = file.write(
        "wms_ok.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-1001,SH01,130\nSKU-3000,SH01,2\n",
    );
    let (wms, wms_ok) = (wms.to_str().unwrap(), wms_ok.to_str().unwrap());
    for (args, code) in [
        (&["reconcile", wms][..], 4),
        (&["reconcile", wms_ok], 3),
        (&["reconcile", wms_ok, "--format", "json"], 3),
        (
            &[
                "reconcile",
                wms_ok,
                "--adopt",
                "--force",
                "--reason",
                "the WMS counted",
            ],
            0,
        ),
        (&["reconcile", wms_ok], 0),
        (&["audit", "verify", "--format", "json"], 0),
    ] {
        alike_at(&file, &srv, &url, &role, later, args).code(code);
    }
    // A batch in stages: the first half now, the rest by run-due once the first half's
    // verdict is in (its observation over); then a batch planned in stages, approved once.
    let fresh = file.write(
        "fresh.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-5001,SH01,0\nSKU-5002,SH01,0\n\
         SKU-5003,GZ01,0\nSKU-5004,GZ01,0\n",
    );
    let staged = file.write(
        "staged.csv",
        "product_id,warehouse_code\nSKU-5001,SH01\nSKU-5002,SH01\nSKU-5003,GZ01\nSKU-5004,GZ01\n",
    );
    let (fresh, staged) = (fresh.to_str().unwrap(), staged.to_str().unwrap());
    let verdict_due = "2026-12-05T10:00:00Z";
    let in_halves: &[&str] = &[
        "unbind",
        "--from-csv",
        staged,
        "--stages",
        "50%,100%",
        "--allow-orphan",
        "--reason",
        "in halves",
    ];
    let steps: [(&str, &[&str], i32); 8] = [
        (
            later,
            &["bind", "--from-csv", fresh, "--reason", "new range"],
            0,
        ),
        (
            later,
            &[
                "unbind",
                "--from-csv",
                staged,
                "--stages",
                "50%,100%",
                "--dry-run",
                "--allow-orphan",
            ],
            0,
        ),
        (later, in_halves, 0),
        (later, &["run-due"], 0),
        (verdict_due, &["run-due"], 0),
        (verdict_due, &["plan", "list", "--format", "json"], 0),
        (verdict_due, &["export", "mappings"], 0),
        (verdict_due, &["audit", "verify", "--format", "json"], 0),
    ];
    for (now, args, code) in steps {
        alike_at(&file, &srv, &url, &role, now, args).code(code);
    }
    // Both halves landed on the server: none of the batch's links is left.
    let left: i64 = pg
        .client()
        .query_one(
            "SELECT count(*) FROM inventory_mapping WHERE product_id LIKE 'SKU-500%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
    at(&srv, &url, &["optimize"])
        .code(0)
        .err_has(&["no pages for invmap to convert"]);
    assert_eq!(
        std::fs::read_to_string(file.path("report.csv")).unwrap(),
        std::fs::read_to_string(srv.path("report.csv")).unwrap()
    );
    for args in [
        &["export", "mappings"][..],
        &["audit", "verify", "--format", "json"],
        &["check", "--format", "json"],
    ] {
        alike(&file, &srv, &url, &role, args).code(0);
    }
    // An independent client sees the drain finished, the scheduled unbind applied and the
    // warehouse open again.
    let mut c = pg.client();
    let r = c
        .query_one(
            "SELECT (SELECT count(*) FROM inventory_mapping WHERE warehouse_code = 'GZ01'),
                    (SELECT status::text FROM warehouses WHERE code = 'GZ01'),
                    (SELECT status::text FROM plans ORDER BY id DESC LIMIT 1)",
            &[],
        )
        .unwrap();
    let seen: (i64, String, String) = (r.get(0), r.get(1), r.get(2));
    assert_eq!(seen, (0, "active".into(), "applied".into()));
}

/// A plan created on the server by one role and approved by another is applied through the
/// door; the creator cannot approve it, and a reader cannot create one.
#[test]
fn a_plan_goes_through_two_people_on_the_server() {
    let Some(pg) = PgDb::new("plan2") else { return };
    let env = TestEnv::example_store();
    env.ok(&["settings", "set", "approval_threshold", "1"]);
    at(&env, &pg.url(), &["init", "--roles"]).code(0);
    env.ok(&["copy", "--to", &pg.url()]);
    let ops = Person::new(&pg, "lin", "invmap_operator");
    let ana = Person::new(&pg, "ana_p", "invmap_approver");
    let cs = Person::new(&pg, "cs_p", "invmap_reader");
    let template = example("unbind.csv");
    let template = template.to_str().unwrap();
    // Two pairs: over the threshold, so the batch itself is refused and a plan is the way.
    at(
        &env,
        &ops.url(&pg),
        &["unbind", "--from-csv", template, "--reason", "tidy"],
    )
    .code(3)
    .err_has(&["plan create"]);
    at(
        &env,
        &cs.url(&pg),
        &["plan", "create", "--from-csv", template, "--reason", "tidy"],
    )
    .code(3)
    .err_has(&["permission denied"]);
    at(
        &env,
        &ops.url(&pg),
        &["plan", "create", "--from-csv", template, "--reason", "tidy"],
    )
    .code(0);
    let plan = at(&env, &pg.url(), &["plan", "show", "1", "--format", "json"]).json();
    assert_eq!(plan["plan"]["creator"], ops.name.as_str());
    at(&env, &ops.url(&pg), &["plan", "approve", "1"])
        .code(3)
        .err_has(&["two-person"]);
    at(&env, &ana.url(&pg), &["plan", "approve", "1"]).code(0);
    at(&env, &ops.url(&pg), &["plan", "apply", "1"])
        .code(0)
        .err_has(&["Change 2 recorded"]);
    let mut c = pg.client();
    let (operator, approver): (String, String) = {
        let r = c
            .query_one(
                "SELECT operator::text, approved_by::text FROM changes WHERE id = 2",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(
        (operator.as_str(), approver.as_str()),
        (ops.name.as_str(), ana.name.as_str())
    );
    let links: i64 = c
        .query_one(
            "SELECT count(*) FROM inventory_mapping
             WHERE (product_id, warehouse_code) IN (('SKU-1002', 'SH01'), ('SKU-1001', 'BJ01'))",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(links, 0);
    // A plan of another kind — undoing that change — goes through two people as well.
    at(
        &env,
        &ops.url(&pg),
        &["plan", "create", "--rollback", "2", "--reason", "not yet"],
    )
    .code(0)
    .err_has(&["Plan 2 created with 3 pairs"]);
    at(&env, &ops.url(&pg), &["plan", "approve", "2"]).code(3);
    at(&env, &ana.url(&pg), &["plan", "approve", "2"]).code(0);
    at(&env, &ops.url(&pg), &["plan", "apply", "2"])
        .code(0)
        .err_has(&["Change 3 recorded"]);
    // A reader's dry runs read a snapshot and write nothing (temporary tables only).
    at(&env, &cs.url(&pg), &["rollback", "last", "--dry-run"])
        .code(3)
        .err_has(&["would restore 5 rows", "[stock-on-hand]"]);
    at(
        &env,
        &cs.url(&pg),
        &["unbind", "--from-csv", template, "--dry-run"],
    )
    .code(3)
    .err_has(&["plan create"]);
    // An import over the threshold goes through two people too, applied from its file.
    let links = env.write(
        "more.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-4001,SH01,1\nSKU-4002,SH01,2\n",
    );
    let links = links.to_str().unwrap();
    at(&env, &ops.url(&pg), &["import", "mappings", links])
        .code(3)
        .err_has(&["plan"]);
    at(
        &env,
        &ops.url(&pg),
        &[
            "plan",
            "create",
            "--import-mappings",
            links,
            "--reason",
            "new range",
        ],
    )
    .code(0)
    .err_has(&["Plan 3 created with 2 pairs"]);
    at(&env, &ana.url(&pg), &["plan", "approve", "3"]).code(0);
    at(&env, &ops.url(&pg), &["plan", "apply", "3"])
        .code(0)
        .err_has(&["Change 4 recorded"]);
    // So does adopting another system's counts (a reconcile plan).
    let wms = env.write(
        "wms.csv",
        "product_id,warehouse_code,stock_quantity\nSKU-4001,SH01,5\nSKU-4002,SH01,2\n",
    );
    let wms = wms.to_str().unwrap();
    at(
        &env,
        &ops.url(&pg),
        &[
            "plan",
            "create",
            "--reconcile",
            wms,
            "--force",
            "--reason",
            "WMS recount",
        ],
    )
    .code(0);
    at(&env, &ana.url(&pg), &["plan", "approve", "4"]).code(0);
    at(&env, &ops.url(&pg), &["plan", "apply", "4"])
        .code(0)
        .err_has(&["Change 5 recorded"]);
    // More stock than the seed's INT holds is refused before anything is written, dry run
    // or not (a file store holds more).
    for dry in [true, false] {
        let mut args = vec![
            "bind",
            "--sku",
            "SKU-9",
            "--warehouse",
            "SH01",
            "--qty",
            "3000000000",
            "--reason",
            "big",
        ];
        if dry {
            args.push("--dry-run");
        }
        at(&env, &ops.url(&pg), &args)
            .code(3)
            .err_has(&["more than a link holds on a PostgreSQL store"]);
    }
    // The operator's own SQL cannot rewrite the change it made, delete it, or file entries
    // under a change that does not exist.
    let mut as_ops = postgres::Client::connect(&ops.url(&pg), postgres::NoTls).unwrap();
    for (sql, says) in [
        (
            "UPDATE changes SET summary = '{}' WHERE id = 2",
            "is history",
        ),
        (
            "UPDATE changes SET reason = 'x' WHERE id = 2",
            "permission denied",
        ),
        ("DELETE FROM changes WHERE id = 2", "is history"),
        (
            "INSERT INTO audit_log(id, change_id, at, operator, action, hash)
             SELECT max(id) + 1, 999, 't', session_user, 'x', '\\x00' FROM audit_log",
            "change 999 is not it",
        ),
        // History is not added to afterwards, nor written in another's name.
        (
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                 before_present, after_present) VALUES (2, 'X', 'SH01', 'unbind', 1, 0)",
            "change 2 is not it",
        ),
        (
            "INSERT INTO audit_log(id, at, operator, action, hash)
             SELECT max(id) + 1, 't', 'someone_else', 'x', '\\x00' FROM audit_log",
            "in the name of the role that connects",
        ),
        // A temporary table named like history does not stand in for it.
        (
            "CREATE TEMP TABLE audit_log(id bigint); INSERT INTO pg_temp.audit_log VALUES (41);
             INSERT INTO public.audit_log(id, at, operator, action, hash)
             VALUES (42, 't', current_user, 'x', '\\x00')",
            "come in id order",
        ),
        // A change row left unfinished (it would count as an undo of change 1) never commits.
        (
            "INSERT INTO changes(id, kind, operator, created_at, rolls_back)
             SELECT max(id) + 1, 'rollback', session_user, 't', 1 FROM changes",
            "never finished",
        ),
        // The two-person rule: no plan born approved, no pairs added to a plan later, no
        // pending plan scheduled without its approval.
        (
            "INSERT INTO plans(id, created_at, creator, status, approver)
             SELECT max(id) + 1, 't', session_user, 'approved', 'x' FROM plans",
            "starts pending",
        ),
        (
            "INSERT INTO plan_pairs(plan_id, line, product_id, warehouse_code)
             VALUES (1, 99, 'SKU-1003', 'GZ01')",
            "never added to a plan afterwards",
        ),
        (
            "INSERT INTO plans(id, created_at, creator, status)
             SELECT max(id) + 1, 't', session_user, 'pending' FROM plans;
             UPDATE plans SET status = 'scheduled', effective_at = 't'
             WHERE id = (SELECT max(id) FROM plans)",
            "only an approved plan is scheduled or applied",
        ),
    ] {
        let err = as_ops.batch_execute(sql).unwrap_err();
        assert!(format!("{err:?}").contains(says), "{sql}: {err:?}");
    }
    at(&env, &pg.url(), &["audit", "verify"]).code(0);
}

/// 8 processes × 20 rounds of overlapping batches, undos and run-due at once: every one lands whole
/// or is refused whole; the history replays serially to the links the server holds (each
/// before-image is the after-image the change before it left), and the chain is whole.
#[test]
fn overlapping_batches_at_once_replay_serially() {
    let Some(pg) = PgDb::new("batches") else {
        return;
    };
    let env = TestEnv::without_store();
    let mut rows = String::from("code,name\n");
    for w in 1..=4 {
        rows.push_str(&format!("W{w},Warehouse {w}\n"));
    }
    let file = TestEnv::new();
    file.import("warehouses", &file.write("w.csv", rows));
    let mut links = String::from("product_id,warehouse_code,stock_quantity\n");
    for s in 0..40 {
        for w in 1..=4 {
            links.push_str(&format!("S{s:02},W{w},{}\n", (s + w) % 3));
        }
    }
    file.import("mappings", &file.write("m.csv", links));
    file.ok(&["copy", "--to", &pg.url()]);
    let url = pg.url();
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let url = url.clone();
            let dir = env.dir().to_path_buf();
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                for round in 0..20 {
                    // Batches of 5 SKUs that overlap the neighbours', moving stock on.
                    let first = (w * 3 + round) % 36;
                    let from = format!("W{}", 1 + (w + round) % 4);
                    let to = format!("W{}", 1 + (w + round + 1) % 4);
                    let csv = dir.join(format!("b{w}_{round}.csv"));
                    let mut text = String::from("product_id,warehouse_code,transfer_to\n");
                    for s in first..first + 5 {
                        text.push_str(&format!("S{s:02},{from},{to}\n"));
                    }
                    std::fs::write(&csv, text).unwrap();
                    let args: Vec<String> = if round % 4 == 3 {
                        ["rollback", "last", "--reason", "undo"]
                            .map(String::from)
                            .to_vec()
                    } else if round % 5 == 2 {
                        // run-due among the batches: one at a time holds the lease
                        vec!["run-due".to_string()]
                    } else {
                        vec![
                            "unbind".into(),
                            "--from-csv".into(),
                            csv.to_str().unwrap().into(),
                            "--reason".into(),
                            "race".into(),
                            "--allow-orphan".into(),
                        ]
                    };
                    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("invmap"))
                        .env_clear()
                        .env("INVMAP_NOW", NOW)
                        .current_dir(&dir)
                        .arg("--db")
                        .arg(&url)
                        .args(&args)
                        .output()
                        .unwrap();
                    let code = out.status.code().unwrap();
                    // Landed (0), refused as a whole (3: e.g. changed since), or a pair
                    // another worker took away first (4) — never a failure.
                    assert!(
                        [0, 3, 4].contains(&code),
                        "{args:?}: {code}\n{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    codes.push(code);
                }
                codes
            })
        })
        .collect();
    let codes: Vec<i32> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(codes.iter().filter(|c| **c == 0).count() >= 20, "{codes:?}");
    at(&env, &url, &["audit", "verify"]).code(0);
    at(&env, &url, &["check"]).code(0);
    let mut c = pg.client();
    // Serial replay: every item's before-image is what the item before it (by change id)
    // left, or the imported link; and the links now are what the last item of each left.
    let broken: i64 = c
        .query_one(
            "SELECT count(*) FROM (
               SELECT i.before_present, i.before_qty,
                      lag(i.after_present) OVER w AS prev_present, lag(i.after_qty) OVER w AS prev_qty,
                      lag(i.change_id) OVER w AS prev
               FROM change_items i
               WINDOW w AS (PARTITION BY product_id, warehouse_code ORDER BY change_id)) x
             WHERE prev IS NOT NULL
               AND (before_present <> prev_present
                    OR (before_present = 1 AND before_qty IS DISTINCT FROM prev_qty))",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(broken, 0);
    let differ: i64 = c
        .query_one(
            "SELECT count(*) FROM (
               SELECT DISTINCT ON (product_id, warehouse_code) product_id, warehouse_code,
                      after_present, after_qty
               FROM change_items ORDER BY product_id, warehouse_code, change_id DESC) l
             FULL JOIN inventory_mapping m USING (product_id, warehouse_code)
             WHERE (l.after_present = 1) IS DISTINCT FROM (m.product_id IS NOT NULL)
                OR (m.product_id IS NOT NULL AND l.after_qty IS DISTINCT FROM m.stock_quantity::bigint)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(differ, 0);
}

/// Imports into a server land as into a file: warehouses (a new one, a rename, a close through
/// the door), links (new, updated, unchanged), a file with a pair twice refused whole, then
/// products, orders (a later export updating them), counts and complaints — the same outputs,
/// codes, rows, metrics and audit head.
#[test]
fn imports_land_alike_on_a_file_and_on_a_server() {
    let Some(pg) = PgDb::new("imports") else {
        return;
    };
    let role = admin_role(&pg);
    let file = TestEnv::new();
    let srv = TestEnv::without_store();
    let url = pg.url();
    at(&srv, &url, &["init"]).code(0);
    let w = file.write(
        "w.csv",
        "code,name,region\nSH01,Shanghai,East\nBJ01,Beijing,North\n",
    );
    let w2 = file.write(
        "w2.csv",
        "code,name,region,status\nSH01,Shanghai DC,East,\nBJ01,Beijing,North,closed\nGZ01,Guangzhou,South,\n",
    );
    let m = file.write(
        "m.csv",
        "product_id,warehouse_code,stock_quantity,priority\nA1,SH01,5,1\nA1,BJ01,0,2\nB2,SH01,7,\n",
    );
    let m2 = file.write(
        "m2.csv",
        "product_id,warehouse_code,stock_quantity\nA1,SH01,6\nB2,SH01,7\nC3,GZ01,1\n",
    );
    let twice = file.write(
        "twice.csv",
        "product_id,warehouse_code,stock_quantity\nD4,SH01,1\nE5,SH01,x\nD4,SH01,2\n",
    );
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let (w, w2, m, m2, twice) = (path(&w), path(&w2), path(&m), path(&m2), path(&twice));
    let products = path(&file.write(
        "p.csv",
        "product_id,name,category,unit_cost\nA1,Shirt,apparel,12.50\nB2,,,\n",
    ));
    let orders = path(&file.write(
        "o.csv",
        "order_id,product_id,warehouse_code,quantity,status,created_at\n\
         O1,A1,SH01,1,open,2026-11-25 10:00\nO2,B2,SH01,2,delivered,2026-11-20 09:00\n",
    ));
    let orders_later = path(&file.write(
        "o2.csv",
        "order_id,product_id,warehouse_code,quantity,status,created_at,shipped_at\n\
         O1,A1,SH01,1,shipped,2026-11-25 10:00,2026-11-26 08:00\nO2,B2,SH01,2,delivered,2026-11-20 09:00,\n\
         O3,C3,GZ01,1,open,2026-11-26 12:00,\n",
    ));
    let orders_twice = path(&file.write(
        "o3.csv",
        "order_id,product_id,warehouse_code,quantity,status,created_at\n\
         O4,A1,SH01,1,open,2026-11-25 10:00\nO4,A1,SH01,1,open,2026-11-25 10:00\n",
    ));
    let counts = path(&file.write(
        "c.csv",
        "product_id,warehouse_code,counted_at,system_quantity,counted_quantity\n\
         A1,SH01,2026-11-20 09:00,6,5\n",
    ));
    let counts_twice = path(&file.write(
        "c2.csv",
        "product_id,warehouse_code,counted_at,system_quantity,counted_quantity\n\
         A1,SH01,2026-11-21 09:00,6,5\nA1,SH01,2026-11-21 09:00,6,6\n",
    ));
    let complaints = path(&file.write(
        "k.csv",
        "complaint_id,order_id,product_id,created_at,category\nK1,O2,B2,2026-11-22 10:00,late\n",
    ));
    let steps: &[(&[&str], i32)] = &[
        (&["import", "warehouses", &w], 0),
        (&["import", "mappings", &m], 0),
        (&["import", "mappings", &twice], 4),
        (&["settings", "set", "approval_threshold", "0"], 0),
        (&["import", "warehouses", &w2, "--reason", "lease"], 3),
        (&["settings", "set", "approval_threshold", "100"], 0),
        (
            &[
                "import",
                "warehouses",
                &w2,
                "--reason",
                "lease",
                "--format",
                "json",
            ],
            0,
        ),
        (&["import", "mappings", &m2, "--format", "json"], 0),
        (&["rollback", "last", "--reason", "undo"], 3),
        (&["rollback", "last", "--force", "--reason", "undo"], 0),
        (&["export", "mappings"], 0),
        (&["warehouse", "list", "--format", "csv"], 0),
        (&["import", "products", &products], 0),
        (&["import", "orders", &orders], 0),
        (&["import", "orders", &orders_later, "--format", "json"], 0),
        (&["import", "orders", &orders_twice], 4),
        (&["import", "counts", &counts], 0),
        (&["import", "counts", &counts_twice], 4),
        (&["import", "complaints", &complaints], 0),
        (&["import", "complaints", &complaints], 0),
        (&["export", "skus"], 0),
        (&["metrics", "--format", "json"], 0),
        (&["audit", "verify", "--format", "json"], 0),
    ];
    for (args, code) in steps {
        alike(&file, &srv, &url, &role, args).code(*code);
    }
}
