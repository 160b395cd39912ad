//! Plain rows into a server (products, orders, counts, complaints — data that is not a
//! link): streamed in with COPY, then told new, changed or unchanged and written with a few
//! set-based statements, as each kind's loader on a file would decide row by row.

use anyhow::Result;
use postgres::Transaction;

use super::Server;
use super::unbind::copy_line;
use crate::domain::records::LoadCounts;

/// How one kind of row loads.
pub struct Spec {
    pub table: &'static str,
    /// The columns a file gives, as staged (name, type).
    pub columns: &'static [(&'static str, &'static str)],
    pub key: &'static [&'static str],
    /// What each column becomes: an expression over the new row `n` and the stored one `o`
    /// (a value the file leaves empty keeps the stored one, or the default, where a file's
    /// loader does so).
    pub values: &'static [(&'static str, &'static str)],
    /// Columns written only when the row is new.
    pub insert_only: &'static [&'static str],
}

pub const PRODUCTS: Spec = Spec {
    table: "products",
    columns: &[
        ("product_id", "text"),
        ("name", "text"),
        ("category", "text"),
        ("unit_cost_cents", "bigint"),
        ("replenishment_days", "bigint"),
    ],
    key: &["product_id"],
    values: &[
        ("name", "coalesce(n.name, o.name, '')"),
        ("category", "coalesce(n.category, o.category, '')"),
        (
            "unit_cost_cents",
            "coalesce(n.unit_cost_cents, o.unit_cost_cents, 0)",
        ),
        (
            "replenishment_days",
            "coalesce(n.replenishment_days, o.replenishment_days, 7)",
        ),
    ],
    insert_only: &[],
};

/// A known order takes the new status and times (a later export from the shop).
pub const ORDERS: Spec = Spec {
    table: "orders",
    columns: &[
        ("order_id", "text"),
        ("product_id", "text"),
        ("warehouse_code", "text"),
        ("quantity", "bigint"),
        ("status", "text"),
        ("created_at", "text"),
        ("shipped_at", "text"),
        ("delivered_at", "text"),
    ],
    key: &["order_id"],
    values: &[
        ("status", "n.status"),
        ("created_at", "n.created_at"),
        ("shipped_at", "n.shipped_at"),
        ("delivered_at", "n.delivered_at"),
    ],
    insert_only: &["product_id", "warehouse_code", "quantity"],
};

pub const COUNTS: Spec = Spec {
    table: "stock_counts",
    columns: &[
        ("product_id", "text"),
        ("warehouse_code", "text"),
        ("counted_at", "text"),
        ("system_quantity", "bigint"),
        ("counted_quantity", "bigint"),
    ],
    key: &["product_id", "warehouse_code", "counted_at"],
    values: &[
        ("system_quantity", "n.system_quantity"),
        ("counted_quantity", "n.counted_quantity"),
    ],
    insert_only: &[],
};

pub const COMPLAINTS: Spec = Spec {
    table: "complaints",
    columns: &[
        ("complaint_id", "text"),
        ("order_id", "text"),
        ("product_id", "text"),
        ("created_at", "text"),
        ("category", "text"),
    ],
    key: &["complaint_id"],
    values: &[
        ("order_id", "n.order_id"),
        ("product_id", "n.product_id"),
        ("created_at", "n.created_at"),
        ("category", "coalesce(n.category, '')"),
    ],
    insert_only: &[],
};

/// How much COPY text is gathered before it is sent.
const CHUNK: usize = 1 << 20;

/// A load of plain rows in one transaction.
pub struct ServerLoad<'a> {
    tx: Transaction<'a>,
    spec: &'static Spec,
    buf: Vec<u8>,
}

impl Server {
    pub fn begin_load(&mut self, spec: &'static Spec) -> Result<ServerLoad<'_>> {
        let mut tx = self.client.transaction()?;
        // Serialised with the changes: an order landing between a change's look at open
        // orders and its write would slip past the rules (a file's writes queue the same way).
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&super::CHANGE_LOCK])?;
        let columns: Vec<String> = spec
            .columns
            .iter()
            .map(|(name, ty)| {
                let collate = if *ty == "text" { " COLLATE \"C\"" } else { "" };
                format!("{name} {ty}{collate}")
            })
            .collect();
        tx.batch_execute(&format!(
            "DROP TABLE IF EXISTS pg_temp.import_rows, pg_temp.import_next;
             CREATE TEMP TABLE import_rows(line BIGINT NOT NULL, {});",
            columns.join(", ")
        ))?;
        Ok(ServerLoad {
            tx,
            spec,
            buf: Vec::with_capacity(CHUNK),
        })
    }
}

impl ServerLoad<'_> {
    /// One row's cells, in the spec's column order (`None`: empty).
    pub fn row(&mut self, line: u64, cells: &[Option<String>]) -> Result<()> {
        let line = line.to_string();
        let mut fields: Vec<Option<&str>> = vec![Some(&line)];
        fields.extend(cells.iter().map(|c| c.as_deref()));
        copy_line(&mut self.buf, &fields);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = self.spec.columns.iter().map(|c| c.0).collect();
        let copy = format!(
            "COPY pg_temp.import_rows(line, {}) FROM STDIN",
            names.join(", ")
        );
        super::send_copy(&mut self.tx, &copy, &self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// The lines whose key came earlier in the file, with the key's values; none: the rows
    /// are written and counted.
    #[allow(clippy::type_complexity)]
    pub fn settle(&mut self) -> Result<(LoadCounts, Vec<(u64, Vec<String>)>)> {
        self.send()?;
        let s = self.spec;
        let key = s.key.join(", ");
        let dups: Vec<(u64, Vec<String>)> = self
            .tx
            .query(
                &format!(
                    "SELECT line, {key} FROM (
                       SELECT line, {key}, min(line) OVER (PARTITION BY {key}) AS first
                       FROM pg_temp.import_rows) x
                     WHERE line > first ORDER BY line"
                ),
                &[],
            )?
            .iter()
            .map(|r| {
                let values = (1..=s.key.len()).map(|i| r.get(i)).collect();
                (r.get::<_, i64>(0) as u64, values)
            })
            .collect();
        if !dups.is_empty() {
            return Ok((LoadCounts::default(), dups));
        }
        let on: Vec<String> = s.key.iter().map(|k| format!("o.{k} = n.{k}")).collect();
        let picked: Vec<String> = s
            .key
            .iter()
            .chain(s.insert_only)
            .map(|c| format!("n.{c}"))
            .chain(s.values.iter().map(|(c, e)| format!("{e} AS {c}")))
            .collect();
        let (stored, given): (Vec<String>, Vec<&str>) =
            s.values.iter().map(|(c, e)| (format!("o.{c}"), *e)).unzip();
        self.tx.batch_execute(&format!(
            "ANALYZE pg_temp.import_rows;
             CREATE TEMP TABLE import_next AS
             SELECT {picked}, o.{k0} IS NOT NULL AS existed,
                    o.{k0} IS NOT NULL AND ({stored}) IS NOT DISTINCT FROM ({given}) AS same
             FROM pg_temp.import_rows n LEFT JOIN {table} o ON {on};",
            picked = picked.join(", "),
            k0 = s.key[0],
            stored = stored.join(", "),
            given = given.join(", "),
            table = s.table,
            on = on.join(" AND "),
        ))?;
        let r = self.tx.query_one(
            "SELECT count(*) FILTER (WHERE NOT existed),
                    count(*) FILTER (WHERE existed AND NOT same), count(*) FILTER (WHERE same)
             FROM pg_temp.import_next",
            &[],
        )?;
        let columns: Vec<&str> = s
            .key
            .iter()
            .chain(s.insert_only)
            .copied()
            .chain(s.values.iter().map(|v| v.0))
            .collect();
        let set: Vec<String> = s
            .values
            .iter()
            .map(|(c, _)| format!("{c} = excluded.{c}"))
            .collect();
        self.tx.batch_execute(&format!(
            "INSERT INTO {table}({cols}) SELECT {cols} FROM pg_temp.import_next WHERE NOT same
             ON CONFLICT ({key}) DO UPDATE SET {set}",
            table = s.table,
            cols = columns.join(", "),
            set = set.join(", "),
        ))?;
        let n = |i: usize| r.get::<_, i64>(i) as u64;
        Ok((
            LoadCounts {
                inserted: n(0),
                updated: n(1),
                unchanged: n(2),
            },
            Vec::new(),
        ))
    }

    pub fn commit(self) -> Result<()> {
        crate::signals::check()?;
        self.tx.commit()?;
        crate::signals::note_committed();
        Ok(())
    }
}
