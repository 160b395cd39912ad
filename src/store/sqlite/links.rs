//! Links (the seed's `inventory_mapping`): binding and reading.

use anyhow::Result;
use serde::Serialize;

use super::Store;
use crate::domain::code::Sku;

/// One link as exports and listings show it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRow {
    pub product_id: String,
    pub warehouse_code: String,
    pub stock_quantity: Option<i64>,
    pub priority: i64,
    pub state: String,
}

impl Store {
    /// Whether SKU `sku` is linked to `warehouse` now.
    pub fn link_exists(&self, sku: &str, warehouse: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 1 FROM inventory_mapping WHERE product_id = ?1 AND warehouse_code = ?2",
        )?;
        Ok(stmt.exists([sku, warehouse])?)
    }

    /// True when the SKU is known: in `products`, or linked somewhere.
    pub fn sku_known(&self, sku: &Sku) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM products WHERE product_id = ?1)
                     OR EXISTS (SELECT 1 FROM inventory_mapping WHERE product_id = ?1)",
            [sku],
            |r| r.get(0),
        )?)
    }

    /// The SKU's draining links (oldest drain first): its own keys only, whatever the number
    /// of drains in the store.
    pub fn draining_warehouses(&self, sku: &Sku) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT warehouse_code FROM inventory_mapping
             WHERE product_id = ?1 AND state = 'draining'
             ORDER BY drain_started_at, warehouse_code",
        )?;
        let rows = stmt.query_map([sku], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every link in key order, streamed to `each`.
    pub fn each_link(&self, mut each: impl FnMut(&LinkRow) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT product_id, warehouse_code, stock_quantity, priority, state
             FROM inventory_mapping ORDER BY product_id, warehouse_code",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            each(&link_row(r)?)?;
        }
        Ok(())
    }

    /// Warehouse codes in order (the columns of `export skus`).
    pub fn warehouse_codes(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code FROM warehouses ORDER BY code")?;
        let codes = stmt.query_map([], |r| r.get(0))?;
        Ok(codes.collect::<rusqlite::Result<_>>()?)
    }

    /// Every SKU (linked or in `products`) with its stock per warehouse, in SKU order:
    /// `each(sku, [(warehouse, qty)])`. Streams both tables in key order and merges them, so a
    /// million SKUs never sit in memory.
    pub fn each_sku_stock(
        &self,
        mut each: impl FnMut(&str, &[(String, i64)]) -> Result<()>,
    ) -> Result<()> {
        let mut links = self.conn.prepare(
            "SELECT product_id, warehouse_code, ifnull(stock_quantity, 0)
             FROM inventory_mapping ORDER BY product_id, warehouse_code",
        )?;
        let mut products = self
            .conn
            .prepare("SELECT product_id FROM products ORDER BY product_id")?;
        let mut links = links.query([])?;
        let mut products = products.query([])?;
        let mut next_product: Option<String> = products.next()?.map(|r| r.get(0)).transpose()?;
        let mut current: Option<String> = None;
        let mut cells: Vec<(String, i64)> = Vec::new();
        while let Some(r) = links.next()? {
            let sku: String = r.get(0)?;
            if current.as_deref() != Some(sku.as_str()) {
                if let Some(done) = current.take() {
                    each(&done, &cells)?;
                    cells.clear();
                }
                // products without links that sort before this SKU
                while let Some(p) = next_product.as_deref().filter(|p| *p <= sku.as_str()) {
                    if p != sku {
                        each(p, &[])?;
                    }
                    next_product = products.next()?.map(|r| r.get(0)).transpose()?;
                }
                current = Some(sku);
            }
            cells.push((r.get(1)?, r.get(2)?));
        }
        if let Some(done) = current {
            each(&done, &cells)?;
        }
        while let Some(p) = next_product {
            each(&p, &[])?;
            next_product = products.next()?.map(|r| r.get(0)).transpose()?;
        }
        Ok(())
    }
}

fn link_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LinkRow> {
    Ok(LinkRow {
        product_id: r.get(0)?,
        warehouse_code: r.get(1)?,
        stock_quantity: r.get(2)?,
        priority: r.get(3)?,
        state: r.get(4)?,
    })
}

/// One warehouse of a SKU's route.
#[derive(Debug, Clone, Serialize)]
pub struct RouteRow {
    pub rank: i64,
    pub warehouse_code: String,
    pub region: String,
    pub state: String,
    pub priority: i64,
    pub stock_quantity: Option<i64>,
}

impl Store {
    /// The warehouses that would take the next order for `sku`, in order: active links by
    /// priority, then the most stock; draining links only when no active one is left (a drain
    /// takes orders only when nothing else can). Closed warehouses take no orders and are left out; their links are
    /// returned apart.
    pub fn route(&self, sku: &Sku) -> Result<(Vec<RouteRow>, Vec<String>)> {
        let mut stmt = self.conn.prepare(
            "SELECT m.warehouse_code, w.region, m.state, m.priority, m.stock_quantity
             FROM inventory_mapping m JOIN warehouses w ON w.code = m.warehouse_code
             WHERE m.product_id = ?1 AND w.status = 'active'
             ORDER BY m.state = 'draining', m.priority, ifnull(m.stock_quantity, 0) DESC, m.warehouse_code",
        )?;
        let mut rank = 0;
        let rows = stmt.query_map([sku], |r| {
            rank += 1;
            Ok(RouteRow {
                rank,
                warehouse_code: r.get(0)?,
                region: r.get(1)?,
                state: r.get(2)?,
                priority: r.get(3)?,
                stock_quantity: r.get(4)?,
            })
        })?;
        let mut route: Vec<RouteRow> = rows.collect::<rusqlite::Result<_>>()?;
        // A draining link takes no new orders while another link can: it only stays in the
        // route as the last resort.
        if route.iter().any(|r| r.state == "active") {
            route.retain(|r| r.state == "active");
        }
        let mut closed = self.conn.prepare(
            "SELECT m.warehouse_code FROM inventory_mapping m JOIN warehouses w ON w.code = m.warehouse_code
             WHERE m.product_id = ?1 AND w.status = 'closed' ORDER BY 1",
        )?;
        let closed = closed
            .query_map([sku], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((route, closed))
    }
}
