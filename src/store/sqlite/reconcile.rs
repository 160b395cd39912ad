//! Reconciliation with another system (issue 16): its export of SKU–warehouse stock against
//! the links, set-based — the file's rows in a temporary table, each side looked up in the
//! other by key. Compared at the warehouses the file names (an export covers its system's
//! warehouses, not ours).

use anyhow::Result;
use rusqlite::params;
use serde::Serialize;

use super::Store;
use super::effect::Effect;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::Qty;

/// One row of the other system's export.
#[derive(Debug, Clone)]
pub struct TheirRow {
    pub line: u64,
    pub sku: Sku,
    pub warehouse: WarehouseCode,
    pub qty: Qty,
}

/// One difference.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    pub product_id: String,
    pub warehouse_code: String,
    /// `only here`, `only there`, `stock differs`.
    pub kind: String,
    pub here: Option<i64>,
    pub there: Option<i64>,
}

/// The counts of a reconciliation.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Totals {
    pub compared: i64,
    pub only_here: i64,
    pub only_there: i64,
    pub stock_differs: i64,
    pub units_here: i64,
    pub units_there: i64,
}

const THEIRS: &str = "
DROP TABLE IF EXISTS temp.theirs;
CREATE TEMP TABLE theirs(product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL,
    qty INTEGER NOT NULL, line INTEGER NOT NULL,
    PRIMARY KEY (product_id, warehouse_code)) WITHOUT ROWID;";

/// Every difference, at the warehouses the file names; ordered by SKU and warehouse.
const DIFFERENCES: &str = "
SELECT product_id, warehouse_code, kind, here, there FROM (
  SELECT t.product_id, t.warehouse_code,
         CASE WHEN m.product_id IS NULL THEN 'only there' ELSE 'stock differs' END AS kind,
         m.stock_quantity AS here, t.qty AS there
  FROM temp.theirs t LEFT JOIN inventory_mapping m
    ON m.product_id = t.product_id AND m.warehouse_code = t.warehouse_code
  WHERE m.product_id IS NULL OR m.stock_quantity IS NOT t.qty
  UNION ALL
  SELECT m.product_id, m.warehouse_code, 'only here', m.stock_quantity, NULL
  FROM (SELECT DISTINCT warehouse_code FROM temp.theirs) w
  CROSS JOIN inventory_mapping m ON m.warehouse_code = w.warehouse_code
  WHERE NOT EXISTS (SELECT 1 FROM temp.theirs t
                    WHERE t.product_id = m.product_id AND t.warehouse_code = m.warehouse_code)
) ORDER BY product_id, warehouse_code";

/// The other system's rows, loaded one at a time into a temporary table on the store's
/// connection: a whole export is never held in memory. Its primary key finds a pair twice.
pub struct TheirsLoader<'c> {
    conn: &'c rusqlite::Connection,
    insert: rusqlite::Statement<'c>,
    first: rusqlite::Statement<'c>,
}

impl TheirsLoader<'_> {
    /// Loads `r`; `Some(line)` when the file had its pair already, on that line.
    pub fn load(&mut self, r: &TheirRow) -> Result<Option<u64>> {
        let n = self
            .insert
            .execute(params![r.sku, r.warehouse, r.qty.get(), r.line])?;
        if n == 1 {
            return Ok(None);
        }
        Ok(Some(
            self.first
                .query_row(params![r.sku, r.warehouse], |x| x.get(0))?,
        ))
    }

    /// Ends the loading (one transaction for all the rows, not one per row; it only read the
    /// store and wrote the temporary table).
    pub fn finish(self) -> Result<()> {
        self.conn.execute_batch("RELEASE theirs")?;
        Ok(())
    }
}

impl Store {
    /// An empty `temp.theirs` and its loader (temporary tables need no write lock: a read-only
    /// store loads them too).
    pub fn theirs_loader(&self) -> Result<TheirsLoader<'_>> {
        self.conn.execute_batch(THEIRS)?;
        self.conn.execute_batch("SAVEPOINT theirs")?;
        Ok(TheirsLoader {
            conn: &self.conn,
            insert: self.conn.prepare(
                "INSERT INTO temp.theirs VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            )?,
            first: self.conn.prepare(
                "SELECT line FROM temp.theirs WHERE product_id = ?1 AND warehouse_code = ?2",
            )?,
        })
    }

    /// The totals of the differences between the links and the loaded rows (one pass).
    pub fn reconcile_totals(&self) -> Result<Totals> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT (SELECT count(*) FROM temp.theirs),
                        ifnull(sum(kind = 'only here'), 0), ifnull(sum(kind = 'only there'), 0),
                        ifnull(sum(kind = 'stock differs'), 0),
                        (SELECT ifnull(sum(m.stock_quantity), 0)
                         FROM (SELECT DISTINCT warehouse_code FROM temp.theirs) w
                         CROSS JOIN inventory_mapping m ON m.warehouse_code = w.warehouse_code),
                        (SELECT ifnull(sum(qty), 0) FROM temp.theirs)
                 FROM ({DIFFERENCES})"
            ),
            [],
            |r| {
                Ok(Totals {
                    compared: r.get(0)?,
                    only_here: r.get(1)?,
                    only_there: r.get(2)?,
                    stock_differs: r.get(3)?,
                    units_here: r.get(4)?,
                    units_there: r.get(5)?,
                })
            },
        )?)
    }

    /// The differences, in SKU and warehouse order, the first `limit` (all: -1), streamed to
    /// `each` (an export against a million links may differ in a million).
    pub fn reconcile_differences(
        &self,
        limit: i64,
        mut each: impl FnMut(Difference) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(&format!("{DIFFERENCES} LIMIT ?1"))?;
        let mut rows = stmt.query([limit])?;
        while let Some(r) = rows.next()? {
            each(Difference {
                product_id: r.get(0)?,
                warehouse_code: r.get(1)?,
                kind: r.get(2)?,
                here: r.get(3)?,
                there: r.get(4)?,
            })?;
        }
        Ok(())
    }
}

impl Effect<'_> {
    /// `reconcile --adopt`: the links become what the other system says, at the warehouses
    /// its file names — its stock where they differ, its links added, ours it lacks removed
    /// (judged like any removal).
    /// The rows come from `temp.theirs` ([`Store::theirs_loader`]).
    pub fn stage_reconcile(&self) -> Result<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO temp.effect
                 SELECT d.product_id, d.warehouse_code, 'reconcile',
                        m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                        m.drain_started_at, m.last_change,
                        d.there IS NOT NULL, d.there,
                        CASE WHEN d.there IS NOT NULL THEN coalesce(m.priority, 100) END,
                        CASE WHEN d.there IS NOT NULL THEN coalesce(m.state, 'active') END,
                        CASE WHEN d.there IS NOT NULL THEN m.drain_started_at END, NULL, 0
                 FROM ({DIFFERENCES}) d
                 LEFT JOIN inventory_mapping m
                   ON m.product_id = d.product_id AND m.warehouse_code = d.warehouse_code"
            ),
            [],
        )?;
        Ok(())
    }
}
