//! Reads of a server store that people and scripts list: the audit trail and the
//! warehouses (as `store/sqlite/audit.rs` and `warehouses.rs` read them on a file).

use anyhow::Result;
use postgres::GenericClient;
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

impl Server {
    /// Warehouse codes in order (the columns of `export skus`).
    pub fn warehouse_codes(&mut self) -> Result<Vec<String>> {
        warehouse_codes(&mut self.client)
    }

    /// Every SKU (linked or in `products`) with its stock per warehouse, in SKU order, as
    /// `Store::each_sku_stock` gives them; one streamed query.
    pub fn each_sku_stock(&mut self, each: &mut crate::store::EachSku<'_>) -> Result<()> {
        let mut tx = self.client.build_transaction().read_only(true).start()?;
        let mut rows = tx.query_raw(
            "SELECT s.product_id::text, m.warehouse_code::text,
                    coalesce(m.stock_quantity, 0)::bigint
             FROM (SELECT product_id FROM products
                   UNION SELECT product_id FROM inventory_mapping) s
             LEFT JOIN inventory_mapping m ON m.product_id = s.product_id
             ORDER BY s.product_id COLLATE \"C\", m.warehouse_code",
            std::iter::empty::<i64>(),
        )?;
        let mut current: Option<String> = None;
        let mut cells: Vec<(String, i64)> = Vec::new();
        while let Some(r) = rows.next()? {
            let sku: String = r.get(0);
            if current.as_deref() != Some(sku.as_str()) {
                if let Some(done) = current.take() {
                    each(&done, &cells)?;
                    cells.clear();
                }
                current = Some(sku);
            }
            if let Some(warehouse) = r.get::<_, Option<String>>(1) {
                cells.push((warehouse, r.get(2)));
            }
        }
        if let Some(done) = current {
            each(&done, &cells)?;
        }
        drop(rows);
        tx.commit()?;
        Ok(())
    }
}

impl Server {
    /// Whether the store knows `sku` (linked, or in `products`).
    pub fn sku_known(&mut self, sku: &str) -> Result<bool> {
        sku_known(&mut self.client, sku)
    }

    /// " (did you mean …?)" for a SKU the store does not have, or "".
    pub fn suggest_sku(&mut self, typed: &str) -> Result<String> {
        Ok(likely_sku(&mut self.client, typed)?
            .map(|v| crate::domain::near::did_you_mean(typed, &v))
            .unwrap_or_default())
    }

    /// The SKU's draining links, oldest drain first.
    pub fn draining_warehouses(&mut self, sku: &str) -> Result<Vec<String>> {
        Ok(self
            .client
            .query(
                "SELECT warehouse_code::text FROM inventory_mapping
                 WHERE product_id = $1 AND state = 'draining'
                 ORDER BY drain_started_at, warehouse_code",
                &[&sku],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// The warehouses that would take the next order for `sku`, in order (as
    /// `Store::route`), and its links at closed warehouses apart.
    pub fn route(
        &mut self,
        sku: &str,
    ) -> Result<(Vec<crate::store::links::RouteRow>, Vec<String>)> {
        let rows = self.client.query(
            "SELECT m.warehouse_code::text, w.region::text, m.state::text, m.priority,
                    m.stock_quantity::bigint
             FROM inventory_mapping m JOIN warehouses w ON w.code = m.warehouse_code
             WHERE m.product_id = $1 AND w.status = 'active'
             ORDER BY m.state = 'draining', m.priority, coalesce(m.stock_quantity, 0) DESC,
                      m.warehouse_code",
            &[&sku],
        )?;
        let mut route: Vec<crate::store::links::RouteRow> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| crate::store::links::RouteRow {
                rank: i as i64 + 1,
                warehouse_code: r.get(0),
                region: r.get(1),
                state: r.get(2),
                priority: r.get(3),
                stock_quantity: r.get(4),
            })
            .collect();
        // A draining link takes no new orders while another link can.
        if route.iter().any(|r| r.state == "active") {
            route.retain(|r| r.state == "active");
        }
        let closed = self
            .client
            .query(
                "SELECT m.warehouse_code::text FROM inventory_mapping m
                 JOIN warehouses w ON w.code = m.warehouse_code
                 WHERE m.product_id = $1 AND w.status = 'closed' ORDER BY 1",
                &[&sku],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok((route, closed))
    }
}

/// Warehouse codes in order, as `c` sees them.
pub(super) fn warehouse_codes(c: &mut impl GenericClient) -> Result<Vec<String>> {
    Ok(
        c.query("SELECT code::text FROM warehouses ORDER BY code", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect(),
    )
}

/// " (did you mean …?)" for a warehouse code the store does not have, or "".
pub(super) fn warehouse_hint(c: &mut impl GenericClient, typed: &str) -> Result<String> {
    Ok(crate::domain::near::hint_among(
        typed,
        warehouse_codes(c)?.iter(),
    ))
}

/// Whether the store knows `sku` (linked, or in `products`).
fn sku_known(c: &mut impl GenericClient, sku: &str) -> Result<bool> {
    Ok(c.query_one(
        "SELECT EXISTS (SELECT 1 FROM products WHERE product_id = $1)
             OR EXISTS (SELECT 1 FROM inventory_mapping WHERE product_id = $1)",
        &[&sku],
    )?
    .get(0))
}

/// The SKU of the store the operator probably meant by `typed` (the likely spellings of
/// `domain::near`, each looked up by key, as on a file).
pub(super) fn likely_sku(c: &mut impl GenericClient, typed: &str) -> Result<Option<String>> {
    for v in crate::domain::near::variants(typed) {
        if sku_known(c, &v)? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}
