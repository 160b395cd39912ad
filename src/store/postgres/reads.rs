//! Reads of a server store that people and scripts list: the audit trail and the
//! warehouses (as `store/sqlite/audit.rs` and `warehouses.rs` read them on a file).

use anyhow::Result;
use postgres::fallible_iterator::FallibleIterator;

use super::Server;
use crate::store::audit::{AuditEntry, hex};
use crate::store::warehouses::WarehouseRow;

impl Server {
    /// Entries, oldest first, optionally for one SKU and/or since a time (inclusive);
    /// streamed, so a trail of millions never sits in memory.
    pub fn audit_entries(
        &mut self,
        sku: Option<&str>,
        since: Option<&str>,
        each: &mut dyn FnMut(AuditEntry) -> Result<()>,
    ) -> Result<()> {
        let mut tx = self.client.build_transaction().read_only(true).start()?;
        let params: [&(dyn postgres::types::ToSql + Sync); 2] = [&sku, &since];
        let mut rows = tx.query_raw(
            "SELECT id, change_id, at::text, operator::text, action::text, product_id::text,
                    warehouse_code::text, detail::text, hash
             FROM audit_log
             WHERE ($1::text IS NULL OR product_id = $1) AND ($2::text IS NULL OR at >= $2)
             ORDER BY id",
            params,
        )?;
        while let Some(r) = rows.next()? {
            each(AuditEntry {
                id: r.get(0),
                change_id: r.get(1),
                at: r.get(2),
                operator: r.get(3),
                action: r.get(4),
                product_id: r.get(5),
                warehouse_code: r.get(6),
                detail: r.get(7),
                hash: hex(&r.get::<_, Vec<u8>>(8)),
            })?;
        }
        drop(rows);
        tx.commit()?;
        Ok(())
    }

    /// Every warehouse with its links and stock, in code order.
    pub fn warehouses(&mut self) -> Result<Vec<WarehouseRow>> {
        Ok(self
            .client
            .query(
                "SELECT w.code::text, w.name::text, w.region::text, w.status::text,
                        w.storage_cost_micros, coalesce(t.links, 0), coalesce(t.stock, 0)
                 FROM warehouses w
                 LEFT JOIN (SELECT warehouse_code, count(*) AS links,
                                   sum(stock_quantity)::bigint AS stock
                            FROM inventory_mapping GROUP BY warehouse_code) t
                   ON t.warehouse_code = w.code
                 ORDER BY w.code",
                &[],
            )?
            .iter()
            .map(|r| WarehouseRow {
                code: r.get(0),
                name: r.get(1),
                region: r.get(2),
                status: r.get(3),
                storage_cost: crate::domain::values::format_decimal(r.get(4), 6, 2),
                links: r.get(5),
                stock: r.get(6),
            })
            .collect())
    }
}
