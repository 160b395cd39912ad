//! The PostgreSQL backend of the store seam (SPEC §10): a team's store on a server, with real
//! identities (the operator is the authenticated role).
//!
//! What is here so far: connecting (the URL and libpq's variables, a password never shown),
//! the schema (`migrations/postgres/`, the same tables and columns as SQLite's, ids compared
//! bytewise), `init` (a newer schema refused), `init --roles` (the three group roles and their
//! privileges), `copy` in both directions with the audit chain recomputed on the server, and
//! the [`crate::store::Links`] capability (`export mappings`, `backup`). The other commands
//! still take SQLite stores only; they join through the same seam, capability by capability.

pub mod blackout;
pub mod check;
pub mod evidence;
pub mod history;
pub mod plans;
pub mod reads;
pub mod url;

use anyhow::{Context, Result, bail};
use postgres::{Client, NoTls};

pub use url::{ServerUrl, is_server, redact};

/// The schema steps, by the version each brings the store to.
const SCHEMA: &[(i64, &str)] = &[(
    12,
    include_str!("../../../migrations/postgres/0012_schema.sql"),
)];

/// The newest schema this invmap writes on a server (the same number as SQLite's).
pub fn latest_version() -> i64 {
    SCHEMA.last().map_or(0, |(v, _)| *v)
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
            anyhow::anyhow!(crate::tr!("store-pg-cannot-connect", url = url, error = &e))
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
            server.migrate(version)?;
            server.created = version == 0;
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
    fn migrate(&mut self, from: i64) -> Result<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        if schema_version(&mut tx)? != from {
            return Ok(()); // another invmap upgraded it meanwhile
        }
        for (version, sql) in SCHEMA.iter().filter(|(v, _)| *v > from) {
            tx.batch_execute(sql)
                .with_context(|| crate::tr!("store-pg-schema-failed", version = *version))?;
        }
        tx.commit()?;
        Ok(())
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

/// The roles and their privileges (idempotent: `init --roles` may run again after an upgrade).
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
    -- Everyone reads everything (the approver reviews what it approves).
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I
                    TO invmap_reader, invmap_operator, invmap_approver', current_schema());
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA %I
                    FROM invmap_reader', current_schema());
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I
                    TO invmap_operator, invmap_approver', current_schema());
END $$;

-- Operators change the links and the store's data, and write plans and changes.
GRANT INSERT, UPDATE, DELETE ON inventory_mapping, warehouses, products, orders, stock_counts,
    complaints, settings, plans, plan_pairs, plan_stages, blackout_windows, drains,
    run_due_lease, warehouse_exits TO invmap_operator;
GRANT INSERT, UPDATE ON changes TO invmap_operator;
-- History is appended, never rewritten: INSERT only, by privilege.
GRANT INSERT ON audit_log, change_items TO invmap_operator, invmap_approver;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, change_items
    FROM invmap_reader, invmap_operator, invmap_approver;
-- Approvers decide plans (and a staged batch's stages).
GRANT UPDATE ON plans TO invmap_approver;
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
        use postgres::fallible_iterator::FallibleIterator;
        let mut tx = self.client.build_transaction().read_only(true).start()?;
        let mut rows = tx.query_raw(
            "SELECT product_id::text, warehouse_code::text, stock_quantity::bigint, priority,
                    state::text
             FROM inventory_mapping ORDER BY product_id, warehouse_code",
            std::iter::empty::<i64>(),
        )?;
        while let Some(r) = rows.next()? {
            each(&crate::store::links::LinkRow {
                product_id: r.get(0),
                warehouse_code: r.get(1),
                stock_quantity: r.get(2),
                priority: r.get(3),
                state: r.get(4),
            })?;
        }
        drop(rows);
        tx.commit()?;
        Ok(())
    }
}
