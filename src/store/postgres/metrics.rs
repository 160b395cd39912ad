//! What `metrics` and `report` read on a server (as `store/sqlite/metrics.rs` on a file):
//! orders streamed once, counts and complaints aggregated by the server, products and links
//! streamed in key order. The engine reads through shared references while it folds, so the
//! connection sits in a cell here.

use std::cell::RefCell;
use std::ops::DerefMut;

use anyhow::Result;
use postgres::fallible_iterator::FallibleIterator;

use super::Server;
use crate::metrics::rows::{Bounds, CountTotals, OrderRow, Scope, WarehouseCostRow};
use crate::store::changes::ChangeRow;

/// A server store as [`crate::store::MetricsSource`]: owned (`metrics`, `report`) or
/// borrowed (a stage's verdict inside run-due).
pub struct ServerMetrics<S = Box<Server>>(RefCell<S>);

impl<S: DerefMut<Target = Server>> ServerMetrics<S> {
    pub fn new(server: S) -> ServerMetrics<S> {
        ServerMetrics(RefCell::new(server))
    }
}

fn streamed<'a>(
    c: &'a mut postgres::Client,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<postgres::RowIter<'a>> {
    Ok(c.query_raw(sql, params.iter().copied())?)
}

impl<S: DerefMut<Target = Server>> crate::store::MetricsSource for ServerMetrics<S> {
    fn settings(&self) -> Result<crate::domain::settings::Settings> {
        self.0.borrow_mut().settings()
    }

    fn change(&self, id: i64) -> Result<Option<ChangeRow>> {
        self.0.borrow_mut().change(id)
    }

    fn changes(&self, limit: Option<u64>) -> Result<Vec<ChangeRow>> {
        self.0.borrow_mut().changes(limit)
    }

    fn cache_for_streaming(&self) -> Result<()> {
        Ok(())
    }

    fn scope_to_change(&self, id: i64) -> Result<i64> {
        let mut s = self.0.borrow_mut();
        s.client.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS metric_pairs(
                 product_id TEXT COLLATE \"C\" NOT NULL, warehouse_code TEXT COLLATE \"C\" NOT NULL,
                 PRIMARY KEY (product_id, warehouse_code));
             TRUNCATE metric_pairs;
             CREATE TEMP TABLE IF NOT EXISTS metric_skus(product_id TEXT COLLATE \"C\" PRIMARY KEY);
             TRUNCATE metric_skus;",
        )?;
        let n = s.client.execute(
            "INSERT INTO metric_pairs(product_id, warehouse_code)
             SELECT product_id, warehouse_code FROM change_items WHERE change_id = $1
             ON CONFLICT DO NOTHING",
            &[&id],
        )?;
        s.client.batch_execute(
            "INSERT INTO metric_skus SELECT DISTINCT product_id FROM metric_pairs",
        )?;
        Ok(n as i64)
    }

    fn scope_stock(&self) -> Result<i64> {
        Ok(self
            .0
            .borrow_mut()
            .client
            .query_one(
                "SELECT coalesce(sum(stock_quantity), 0)::bigint FROM inventory_mapping
                 WHERE product_id IN (SELECT product_id FROM metric_pairs)",
                &[],
            )?
            .get(0))
    }

    fn for_each_reduced_product(&self, id: i64, f: &mut dyn FnMut(&str)) -> Result<()> {
        let mut s = self.0.borrow_mut();
        let mut rows = streamed(
            &mut s.client,
            "SELECT product_id::text FROM change_items WHERE change_id = $1 GROUP BY product_id
             HAVING sum(coalesce(after_qty, 0) - coalesce(before_qty, 0)) < 0
             ORDER BY product_id",
            &[&id],
        )?;
        while let Some(r) = rows.next()? {
            f(r.get::<_, &str>(0));
        }
        Ok(())
    }

    fn for_each_order_marked(
        &self,
        from: &str,
        to: &str,
        marked: bool,
        f: &mut dyn FnMut(OrderRow<'_>),
    ) -> Result<()> {
        let in_scope = if marked {
            "o.product_id IN (SELECT product_id FROM metric_skus)"
        } else {
            "true"
        };
        let sql = format!(
            "SELECT extract(epoch FROM o.created_at::timestamptz)::bigint, o.status::text,
                    o.quantity,
                    CASE WHEN o.status = 'delivered'
                         THEN (extract(epoch FROM o.delivered_at::timestamptz)
                               - extract(epoch FROM o.created_at::timestamptz))::bigint END,
                    o.product_id::text, {in_scope}
             FROM orders o WHERE o.created_at >= $1 AND o.created_at < $2"
        );
        let mut s = self.0.borrow_mut();
        let mut rows = streamed(&mut s.client, &sql, &[&from, &to])?;
        while let Some(r) = rows.next()? {
            f(OrderRow {
                day: 0,
                at: r.get(0),
                status: r.get::<_, &str>(1),
                quantity: r.get(2),
                delivery_secs: r.get(3),
                product_id: r.get::<_, &str>(4),
                in_scope: r.get(5),
            });
        }
        Ok(())
    }

    fn metric_counts(&self, scope: Scope, b: &Bounds) -> Result<CountTotals> {
        let filter = match scope {
            Scope::All => "",
            Scope::ChangeSkus => "AND c.product_id IN (SELECT product_id FROM metric_pairs)",
        };
        let r = self.0.borrow_mut().client.query_one(
            &format!(
                "SELECT count(*), coalesce(sum(abs(counted_quantity - system_quantity)), 0)::bigint,
                        coalesce(sum(system_quantity), 0)::bigint
                 FROM stock_counts c
                 WHERE c.counted_at >= $1 AND c.counted_at < $2 {filter}"
            ),
            &[&b.start, &b.end],
        )?;
        Ok(CountTotals {
            counts: r.get(0),
            abs_diff: r.get(1),
            system: r.get(2),
        })
    }

    fn metric_complaints(&self, scope: Scope, b: &Bounds) -> Result<i64> {
        let filter = match scope {
            Scope::All => "",
            Scope::ChangeSkus => {
                "AND coalesce(o.product_id, c.product_id) IN (SELECT product_id FROM metric_pairs)"
            }
        };
        Ok(self
            .0
            .borrow_mut()
            .client
            .query_one(
                &format!(
                    "SELECT count(*) FROM complaints c LEFT JOIN orders o ON o.order_id = c.order_id
                     WHERE c.created_at >= $1 AND c.created_at < $2 {filter}"
                ),
                &[&b.start, &b.end],
            )?
            .get(0))
    }

    fn for_each_product(&self, f: &mut dyn FnMut(&str, i64, i64)) -> Result<()> {
        let mut s = self.0.borrow_mut();
        let mut rows = streamed(
            &mut s.client,
            "SELECT product_id::text, unit_cost_cents, replenishment_days FROM products
             ORDER BY product_id",
            &[],
        )?;
        while let Some(r) = rows.next()? {
            f(r.get::<_, &str>(0), r.get(1), r.get(2));
        }
        Ok(())
    }

    fn metric_warehouses(&self) -> Result<Vec<WarehouseCostRow>> {
        Ok(self
            .0
            .borrow_mut()
            .client
            .query(
                "SELECT code::text, storage_cost_micros, status = 'closed' FROM warehouses
                 ORDER BY code",
                &[],
            )?
            .iter()
            .map(|r| WarehouseCostRow {
                code: r.get(0),
                storage_cost_micros: r.get(1),
                closed: r.get(2),
            })
            .collect())
    }

    fn for_each_link_stock(&self, f: &mut dyn FnMut(&str, &str, i64)) -> Result<()> {
        let mut s = self.0.borrow_mut();
        let mut rows = streamed(
            &mut s.client,
            "SELECT product_id::text, warehouse_code::text, coalesce(stock_quantity, 0)::bigint
             FROM inventory_mapping ORDER BY product_id, warehouse_code",
            &[],
        )?;
        while let Some(r) = rows.next()? {
            f(r.get::<_, &str>(0), r.get::<_, &str>(1), r.get(2));
        }
        Ok(())
    }
}
