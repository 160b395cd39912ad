//! The PostgreSQL backend of the store seam (SPEC §10): a team's store on a server, with real
//! identities (the operator is the authenticated role).
//!
//! Connecting (the URL and libpq's variables, a password never shown or kept, TLS asked for
//! refused rather than skipped); the schema (`migrations/postgres/`: the same tables and
//! columns as SQLite's, ids compared bytewise) and its guards (`guards.sql`: history
//! append-only, in id order and in the connected role's name, a change finished once by its
//! own transaction, the two-person rule); `init` and `init --roles`; the reads of every
//! capability in `store/mod.rs`; the decisions that are events (settings, blackouts, plan
//! decisions); and the change pipeline behind the door's traits (`store/door.rs`,
//! `store/batch.rs`, `store/due.rs`, `store/reconciling.rs`) in PostgreSQL's dialect — each
//! change under the advisory lock that serialises changes, its audit entries hashed from the
//! same bytes as a file's.

pub mod blackout;
pub mod change;
pub mod check;
pub mod door;
pub mod due;
pub mod effect;
pub mod evidence;
pub mod history;
pub mod imports;
pub mod loads;
pub mod metrics;
pub mod plans;
pub mod reads;
pub mod reconcile;
pub mod stages;
pub mod unbind;
pub mod url;

use anyhow::{Context, Result, bail};
use postgres::{Client, NoTls, Transaction};

pub use url::{ServerUrl, is_server, redact};

/// The schema steps, by the version each brings the store to.
const SCHEMA: &[(i64, &str)] = &[(
    12,
    concat!(
        include_str!("../../../migrations/postgres/0012_schema.sql"),
        include_str!("../../../migrations/postgres/guards.sql")
    ),
)];

/// The newest schema this invmap writes on a server (the same number as SQLite's).
pub fn latest_version() -> i64 {
    SCHEMA.last().map_or(0, |(v, _)| *v)
}

/// A text value in COPY's text format (its escapes; `\N` is NULL, written by the caller).
pub(crate) fn copy_escape(out: &mut Vec<u8>, text: &[u8]) {
    for &b in text {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// A field of COPY's text format back to its text (`None`: NULL).
pub(crate) fn copy_unescape(field: &str) -> Option<String> {
    if field == "\\N" {
        return None;
    }
    if !field.contains('\\') {
        return Some(field.to_string());
    }
    let mut text = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => text.push('\t'),
            Some('n') => text.push('\n'),
            Some('r') => text.push('\r'),
            Some('b') => text.push('\u{8}'),
            Some('f') => text.push('\u{c}'),
            Some('v') => text.push('\u{b}'),
            Some(other) => text.push(other),
            None => {}
        }
    }
    Some(text)
}

/// Sends `text` (COPY's text format, whole lines) with `copy`, a `COPY … FROM STDIN`.
pub(crate) fn send_copy(
    c: &mut impl postgres::GenericClient,
    copy: &str,
    text: &[u8],
) -> Result<()> {
    let mut w = c.copy_in(copy)?;
    std::io::Write::write_all(&mut w, text)?;
    w.finish()?;
    Ok(())
}

/// A `bytea` value in COPY's text format (`\x` and hex, its backslash escaped).
pub(crate) fn copy_bytea(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(b"\\\\x");
    out.extend_from_slice(crate::store::audit::hex(bytes).as_bytes());
}

/// The key of the advisory lock that serialises changes (and schema upgrades) on a server.
pub const CHANGE_LOCK: i64 = 0x696e_766d_6170; // "invmap"

/// An open server store.
pub struct Server {
    pub(crate) client: Client,
    url: ServerUrl,
    created: bool,
}

impl Server {
    /// Connects to the store at `url`. `create`: apply the schema when the database has none
    /// yet (`init`); otherwise a database without one is refused, as a missing file is.
    pub fn open(url: &ServerUrl, create: bool) -> Result<Server> {
        let client = url.config.connect(NoTls).map_err(|e| {
            anyhow::anyhow!(crate::tr!(
                "store-pg-cannot-connect",
                url = url,
                error = &reason(&e)
            ))
        })?;
        let mut server = Server {
            client,
            url: url.clone(),
            created: false,
        };
        let version = server.version()?;
        if version > latest_version() {
            bail!(crate::error::Refused(crate::tr!(
                "store-pg-newer",
                url = url,
                version = version,
                latest = latest_version()
            )));
        }
        if version == 0 && !create {
            bail!(crate::tr!("store-pg-missing", url = url));
        }
        if version < latest_version() {
            server.created = server.migrate(version)? && version == 0;
        }
        Ok(server)
    }

    /// Whether this open created the schema.
    pub fn was_created(&self) -> bool {
        self.created
    }

    /// The URL, password hidden.
    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    /// The schema version (0: no invmap store in this database's search path).
    pub fn version(&mut self) -> Result<i64> {
        schema_version(&mut self.client)
    }

    /// Applies the steps after `from`, in one transaction, under the change lock (two `init`s
    /// at once: the second finds the schema done).
    /// Returns whether this call did the work (another `init` may have, meanwhile).
    fn migrate(&mut self, from: i64) -> Result<bool> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        if schema_version(&mut tx)? != from {
            return Ok(false); // another invmap upgraded it meanwhile
        }
        for (version, sql) in SCHEMA.iter().filter(|(v, _)| *v > from) {
            tx.batch_execute(sql)
                .with_context(|| crate::tr!("store-pg-schema-failed", version = *version))?;
        }
        tx.commit()?;
        Ok(true)
    }

    /// Puts back the append-only guards that are missing or disabled (as the schema made
    /// them), with an audit entry naming them; returns their names (`init`).
    pub fn restore_guards(&mut self, at: &str, operator: &str) -> Result<Vec<String>> {
        let missing = self.missing_guards()?;
        if missing.is_empty() {
            return Ok(missing);
        }
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        tx.batch_execute(GUARDS_SQL)?;
        plans::append_event(
            &mut tx,
            at,
            operator,
            "guards-restored",
            &crate::store::evidence::guards_restored_detail(&missing),
        )?;
        tx.commit()?;
        Ok(missing)
    }

    /// The role this connection authenticated as: the operator of every change on a server.
    pub fn session_user(&mut self) -> Result<String> {
        Ok(self
            .client
            .query_one("SELECT session_user::text", &[])?
            .get(0))
    }

    /// Creates the group roles `invmap_reader`, `invmap_operator` and `invmap_approver` (when
    /// missing) and grants them what SPEC §10 gives each: readers read; operators change links
    /// and the data, append history (`audit_log`, `change_items`: INSERT only, no UPDATE or
    /// DELETE, besides the triggers) and create plans; approvers decide plans. A team then
    /// grants a group to each person's login role.
    pub fn init_roles(&mut self) -> Result<()> {
        let mut tx = self.client.transaction()?;
        tx.batch_execute(ROLES_SQL)
            .context(crate::tr!("store-pg-roles-failed"))?;
        tx.commit()?;
        Ok(())
    }
}

/// What went wrong with a server, in the server's own words where it gave some (a missing
/// database or role, a wrong password), else the client's and its cause.
pub fn reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        if *db.code() == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE {
            return crate::tr!("store-pg-not-allowed", what = db.message());
        }
        return db.message().to_string();
    }
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

/// The schema version `client` sees (0: none).
fn schema_version(client: &mut impl postgres::GenericClient) -> Result<i64> {
    let exists: bool = client
        .query_one("SELECT to_regclass('invmap_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one("SELECT max(version) FROM invmap_schema", &[])?
        .get::<_, Option<i64>>(0)
        .unwrap_or(0))
}

/// The append-only guards as the schema makes them (`migrations/postgres/`), made again.
/// The guards (`migrations/postgres/guards.sql`): run after the schema, and again by `init`
/// when one is missing or disabled.
const GUARDS_SQL: &str = include_str!("../../../migrations/postgres/guards.sql");

/// The roles and their privileges (idempotent: `init --roles` may run again after an upgrade,
/// and must, for the tables a newer schema adds). Only invmap's own tables are granted, and
/// each role only what its commands write: operators append history and write links, data,
/// plans (never an approval: the plans trigger holds that) and changes (INSERT only);
/// approvers decide plans (the decision's columns only).
const ROLES_SQL: &str = r#"
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['invmap_reader', 'invmap_operator', 'invmap_approver'] LOOP
        -- Roles belong to the whole server: another store's `init --roles` may be making them
        -- at the same moment.
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END LOOP;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO invmap_reader, invmap_operator, invmap_approver',
                   current_database());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO invmap_reader, invmap_operator, invmap_approver',
                   current_schema());
END $$;

-- Everyone reads invmap's tables (the approver reviews what it approves); nothing else.
GRANT SELECT ON warehouses, products, inventory_mapping, settings, orders, stock_counts,
    complaints, changes, change_items, audit_log, plans, plan_pairs, blackout_windows, drains,
    run_due_lease, warehouse_exits, plan_stages, invmap_schema
    TO invmap_reader, invmap_operator, invmap_approver;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON warehouses, products, inventory_mapping, settings,
    orders, stock_counts, complaints, changes, change_items, audit_log, plans, plan_pairs,
    blackout_windows, drains, run_due_lease, warehouse_exits, plan_stages, invmap_schema
    FROM invmap_reader, invmap_operator, invmap_approver;

-- Operators change the links and the store's data.
GRANT INSERT, UPDATE, DELETE ON inventory_mapping, warehouses, products, orders, stock_counts,
    complaints, settings, blackout_windows, drains, run_due_lease, warehouse_exits
    TO invmap_operator;
-- Plans: created by operators, applied or scheduled by them — approved only by approvers.
GRANT INSERT ON plans, plan_pairs, plan_stages TO invmap_operator;
GRANT UPDATE (status, effective_at, applied_change, last_refusal) ON plans
    TO invmap_operator;
GRANT UPDATE (status, approver, approved_at, rejected_by, rejected_at, reject_reason) ON plans
    TO invmap_approver;
-- History is appended, never rewritten: INSERT only, by privilege. A change's row is written
-- when it starts and finished once when it ends (a trigger refuses any other update, and the
-- deletion of anything but a change that never finished and wrote nothing).
GRANT INSERT ON changes TO invmap_operator;
GRANT UPDATE (pairs, summary), DELETE ON changes TO invmap_operator;
GRANT INSERT ON audit_log TO invmap_operator, invmap_approver;
GRANT INSERT ON change_items TO invmap_operator;
GRANT USAGE, SELECT ON SEQUENCE changes_id_seq, audit_log_id_seq, plans_id_seq,
    blackout_windows_id_seq TO invmap_operator, invmap_approver;
"#;

impl Server {
    /// The audit chain recomputed from the server's entries (as `audit verify` does on SQLite).
    pub fn audit_verify(&mut self) -> Result<crate::store::audit::Verification> {
        let mut tx = self.client.transaction()?;
        let v = audit_chain(&mut tx)?;
        tx.commit()?;
        Ok(v)
    }
}

/// The chain of the entries `client` sees (a transaction's own, before it commits, too).
pub fn audit_chain(
    client: &mut impl postgres::GenericClient,
) -> Result<crate::store::audit::Verification> {
    use crate::store::audit::{ChainCheck, EntryContent};
    use postgres::fallible_iterator::FallibleIterator;
    let mut check = ChainCheck::new();
    let mut rows = client.query_raw(
        "SELECT id, change_id, at, operator, action, product_id, warehouse_code, detail, hash
         FROM audit_log ORDER BY id",
        std::iter::empty::<i64>(),
    )?;
    while let Some(r) = rows.next()? {
        let detail: String = r.get(7);
        let (at, operator, action): (String, String, String) = (r.get(2), r.get(3), r.get(4));
        let (product, warehouse): (Option<String>, Option<String>) = (r.get(5), r.get(6));
        let stored: Vec<u8> = r.get(8);
        check.entry(
            &EntryContent {
                id: r.get(0),
                change_id: r.get(1),
                at: &at,
                operator: &operator,
                action: &action,
                product_id: product.as_deref(),
                warehouse_code: warehouse.as_deref(),
                detail: &detail,
            },
            &stored,
        );
    }
    Ok(check.finish())
}

/// Reading the links, on either backend (`export mappings`, a CSV backup).
impl crate::store::Links for Server {
    fn each_link(
        &mut self,
        each: &mut dyn FnMut(&crate::store::links::LinkRow) -> Result<()>,
    ) -> Result<()> {
        let mut tx = self.client.build_transaction().read_only(true).start()?;
        // Fetched a slice at a time through a portal (the synchronous client pays its cost
        // once per call, which row by row was most of an export's time), by a thread of its
        // own while this one writes: the server's work and the writing overlap.
        let portal = tx.bind(
            "SELECT product_id::text, warehouse_code::text, stock_quantity::bigint, priority,
                    state::text
             FROM inventory_mapping ORDER BY product_id, warehouse_code",
            &[],
        )?;
        let (slices, received) = std::sync::mpsc::sync_channel::<Vec<postgres::Row>>(2);
        let (fetched, tx) = std::thread::scope(|scope| {
            let fetcher = scope.spawn(move || -> (Result<()>, Transaction<'_>) {
                let mut tx = tx;
                loop {
                    let rows = match tx.query_portal(&portal, 20_000) {
                        Ok(rows) => rows,
                        Err(e) => return (Err(e.into()), tx),
                    };
                    // Done, or the writer stopped (its error is the one to tell).
                    if rows.is_empty() || slices.send(rows).is_err() {
                        return (Ok(()), tx);
                    }
                }
            });
            let written = (|| -> Result<()> {
                for rows in received {
                    for r in &rows {
                        each(&crate::store::links::LinkRow {
                            product_id: r.get(0),
                            warehouse_code: r.get(1),
                            stock_quantity: r.get(2),
                            priority: r.get(3),
                            state: r.get(4),
                        })?;
                    }
                }
                Ok(())
            })();
            let (fetched, tx) = fetcher.join().expect("the fetching thread");
            (written.and(fetched), tx)
        });
        fetched?;
        tx.commit()?;
        Ok(())
    }
}
