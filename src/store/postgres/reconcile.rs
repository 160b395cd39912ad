//! Reconciliation on a server (`store/sqlite/reconcile.rs` in PostgreSQL's dialect): the
//! other system's rows streamed in with COPY beside the links, compared set-based at the
//! warehouses the file names.

use anyhow::Result;
use postgres::fallible_iterator::FallibleIterator;

use super::Server;
use super::unbind::copy_line;
use crate::store::reconcile::{Difference, Totals};
use crate::store::reconciling::{Reconciling, TheirFeed};

/// Their rows against the links (`DIFFERENCES` of a file store).
pub(super) const DIFFERENCES: &str = "
SELECT product_id, warehouse_code, kind, here, there FROM (
  SELECT t.product_id, t.warehouse_code,
         CASE WHEN m.product_id IS NULL THEN 'only there' ELSE 'stock differs' END AS kind,
         m.stock_quantity::bigint AS here, t.qty AS there
  FROM pg_temp.theirs t LEFT JOIN inventory_mapping m
    ON m.product_id = t.product_id AND m.warehouse_code = t.warehouse_code
  WHERE m.product_id IS NULL OR m.stock_quantity::bigint IS DISTINCT FROM t.qty
  UNION ALL
  SELECT m.product_id::text, m.warehouse_code::text, 'only here', m.stock_quantity::bigint,
         NULL::bigint
  FROM (SELECT DISTINCT warehouse_code FROM pg_temp.theirs) w
  JOIN inventory_mapping m ON m.warehouse_code = w.warehouse_code
  WHERE NOT EXISTS (SELECT 1 FROM pg_temp.theirs t
                    WHERE t.product_id = m.product_id AND t.warehouse_code = m.warehouse_code)
) d ORDER BY product_id, warehouse_code";

impl Reconciling for Server {
    fn load_theirs(&mut self, feed: &mut TheirFeed<'_>) -> Result<Vec<(u64, u64, String)>> {
        self.client.batch_execute(
            r#"DROP TABLE IF EXISTS pg_temp.theirs_in, pg_temp.theirs;
               CREATE TEMP TABLE theirs_in(product_id TEXT COLLATE "C" NOT NULL,
                   warehouse_code TEXT COLLATE "C" NOT NULL, qty BIGINT NOT NULL,
                   line BIGINT NOT NULL);"#,
        )?;
        let mut buf = Vec::new();
        feed(&mut |r| {
            let (qty, line) = (r.qty.get().to_string(), r.line.to_string());
            copy_line(
                &mut buf,
                &[
                    Some(r.sku.as_str()),
                    Some(r.warehouse.as_str()),
                    Some(&qty),
                    Some(&line),
                ],
            );
            Ok(())
        })?;
        super::send_copy(&mut self.client, "COPY pg_temp.theirs_in FROM STDIN", &buf)?;
        // A pair twice: the later lines, each with the first (as a file's loader tells them).
        let twice = self
            .client
            .query(
                "SELECT line, first, product_id || ' @ ' || warehouse_code FROM (
                   SELECT line, product_id, warehouse_code,
                          min(line) OVER (PARTITION BY product_id, warehouse_code) AS first
                   FROM pg_temp.theirs_in) x
                 WHERE line > first ORDER BY line",
                &[],
            )?
            .iter()
            .map(|r| {
                (
                    r.get::<_, i64>(0) as u64,
                    r.get::<_, i64>(1) as u64,
                    r.get(2),
                )
            })
            .collect();
        self.client.batch_execute(
            "CREATE TEMP TABLE theirs AS
             SELECT DISTINCT ON (product_id, warehouse_code) product_id, warehouse_code, qty, line
             FROM pg_temp.theirs_in ORDER BY product_id, warehouse_code, line;
             ANALYZE pg_temp.theirs;",
        )?;
        Ok(twice)
    }

    fn reconcile_totals(&mut self) -> Result<Totals> {
        let r = self.client.query_one(
            &format!(
                "SELECT (SELECT count(*) FROM pg_temp.theirs),
                        count(*) FILTER (WHERE kind = 'only here'),
                        count(*) FILTER (WHERE kind = 'only there'),
                        count(*) FILTER (WHERE kind = 'stock differs'),
                        (SELECT coalesce(sum(m.stock_quantity), 0)::bigint
                         FROM (SELECT DISTINCT warehouse_code FROM pg_temp.theirs) w
                         JOIN inventory_mapping m ON m.warehouse_code = w.warehouse_code),
                        (SELECT coalesce(sum(qty), 0)::bigint FROM pg_temp.theirs)
                 FROM ({DIFFERENCES}) d"
            ),
            &[],
        )?;
        Ok(Totals {
            compared: r.get(0),
            only_here: r.get(1),
            only_there: r.get(2),
            stock_differs: r.get(3),
            units_here: r.get(4),
            units_there: r.get(5),
        })
    }

    fn reconcile_differences(
        &mut self,
        limit: i64,
        each: &mut dyn FnMut(Difference) -> Result<()>,
    ) -> Result<()> {
        let limit = if limit < 0 { i64::MAX } else { limit };
        let mut tx = self.client.transaction()?;
        let mut rows = tx.query_raw(
            &format!("{DIFFERENCES} LIMIT $1"),
            std::iter::once(&limit as &(dyn postgres::types::ToSql + Sync)),
        )?;
        while let Some(r) = rows.next()? {
            each(Difference {
                product_id: r.get(0),
                warehouse_code: r.get(1),
                kind: r.get(2),
                here: r.get(3),
                there: r.get(4),
            })?;
        }
        drop(rows);
        tx.commit()?;
        Ok(())
    }
}
