//! Loaders: one per import, each upserting validated records with prepared statements inside
//! the caller's single transaction, and telling inserted / updated / unchanged / duplicate.
//!
//! Duplicate keys within one file are found without holding the file in memory: the keys a
//! load has seen go to a temporary table (links use their `last_change` mark instead, which
//! costs nothing on the hot path of a million-row import).

use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, Statement, params};

use super::changes::ChangeTx;
use super::tx::{Tx, TxConn};
use crate::domain::records::*;
use crate::domain::values::{Cents, Qty, stored};

/// The keys seen so far by one load, in a temporary table.
struct SeenKeys<'c> {
    insert: Statement<'c>,
}

impl<'c> SeenKeys<'c> {
    fn new(conn: &'c Connection) -> Result<Self> {
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS import_seen(k TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.import_seen;",
        )?;
        Ok(SeenKeys {
            insert: conn.prepare("INSERT OR IGNORE INTO temp.import_seen(k) VALUES (?1)")?,
        })
    }

    /// True the first time a key is seen.
    fn first(&mut self, key: &str) -> Result<bool> {
        Ok(self.insert.execute([key])? == 1)
    }
}

pub struct WarehouseLoader<'c> {
    find: Statement<'c>,
    upsert: Statement<'c>,
    seen: SeenKeys<'c>,
    status_changes: Vec<(String, String, String)>,
    region_changes: Vec<(String, String, String)>,
}

impl<'c> WarehouseLoader<'c> {
    pub fn new(tx: &'c impl Tx) -> Result<Self> {
        let conn = tx.conn();
        Ok(WarehouseLoader {
            find: conn.prepare(
                "SELECT name, region, status, storage_cost_micros FROM warehouses WHERE code = ?1",
            )?,
            upsert: conn.prepare(
                "INSERT INTO warehouses(code, name, region, status, storage_cost_micros)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(code) DO UPDATE SET name = ?2, region = ?3, status = ?4,
                                                  storage_cost_micros = ?5",
            )?,
            seen: SeenKeys::new(conn)?,
            status_changes: Vec::new(),
            region_changes: Vec::new(),
        })
    }

    /// Loads one row. A status or a region that changes is not written here: it is kept (see
    /// [`WarehouseLoader::status_changes`], [`WarehouseLoader::region_changes`]) for the
    /// change to judge, apply, record and let rollback undo.
    pub fn load(&mut self, r: &WarehouseRec) -> Result<Loaded> {
        if !self.seen.first(r.code.as_str())? {
            return Ok(Loaded::Duplicate);
        }
        let old: Option<WarehouseValues> = self
            .find
            .query_row([&r.code], |x| {
                Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?))
            })
            .optional()?;
        let m = merge_warehouse(r, old.as_ref());
        self.status_changes.extend(m.status);
        self.region_changes.extend(m.region);
        let write = m.write;
        upsert_outcome(m.unchanged, old.is_some(), || {
            self.upsert
                .execute(params![r.code, write.0, write.1, write.2, write.3])
                .map(|_| ())
        })
    }

    /// The statuses the file changes: (code, before, after).
    pub fn status_changes(&self) -> &[(String, String, String)] {
        &self.status_changes
    }

    /// The regions the file changes: (code, before, after).
    pub fn region_changes(&self) -> &[(String, String, String)] {
        &self.region_changes
    }
}

/// A warehouse's stored values: name, region, status, storage cost (micros).
pub type WarehouseValues = (String, String, String, i64);

/// A warehouse row of a file over the stored one, on any backend.
pub struct WarehouseMerge {
    /// What is written now: a status or region that changes stays as it is, for the door.
    pub write: WarehouseValues,
    pub unchanged: bool,
    /// (code, before, after) of a status, and of a region, the row changes.
    pub status: Option<(String, String, String)>,
    pub region: Option<(String, String, String)>,
}

/// What a file's warehouse row does to the stored one (`old`): a cell left empty keeps the
/// stored value (or the default, for a new warehouse).
pub fn merge_warehouse(r: &WarehouseRec, old: Option<&WarehouseValues>) -> WarehouseMerge {
    let new = (
        r.name
            .clone()
            .or(old.map(|o| o.0.clone()))
            .unwrap_or_default(),
        r.region
            .clone()
            .or(old.map(|o| o.1.clone()))
            .unwrap_or_default(),
        r.status
            .map(|s| s.as_str().to_string())
            .or(old.map(|o| o.2.clone()))
            .unwrap_or_else(|| "active".into()),
        r.storage_cost_micros.or(old.map(|o| o.3)).unwrap_or(0),
    );
    let code = r.code.to_string();
    let mut m = WarehouseMerge {
        write: new.clone(),
        unchanged: old == Some(&new),
        status: None,
        region: None,
    };
    if let Some(old) = old {
        if old.2 != new.2 {
            m.status = Some((code.clone(), old.2.clone(), new.2.clone()));
            m.write.2 = old.2.clone();
        }
        if old.1 != new.1 {
            m.region = Some((code, old.1.clone(), new.1.clone()));
            m.write.1 = old.1.clone();
        }
    }
    m
}

/// Runs `write` unless the row is unchanged, and says what happened.
fn upsert_outcome(
    unchanged: bool,
    existed: bool,
    write: impl FnOnce() -> rusqlite::Result<()>,
) -> Result<Loaded> {
    if unchanged {
        return Ok(Loaded::Unchanged);
    }
    write()?;
    Ok(if existed {
        Loaded::Updated
    } else {
        Loaded::Inserted
    })
}

pub struct ProductLoader<'c> {
    find: Statement<'c>,
    upsert: Statement<'c>,
    seen: SeenKeys<'c>,
}

impl<'c> ProductLoader<'c> {
    pub fn new(tx: &'c impl Tx) -> Result<Self> {
        let conn = tx.conn();
        Ok(ProductLoader {
            find: conn.prepare(
                "SELECT name, category, unit_cost_cents, replenishment_days FROM products
                 WHERE product_id = ?1",
            )?,
            upsert: conn.prepare(
                "INSERT INTO products(product_id, name, category, unit_cost_cents, replenishment_days)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(product_id) DO UPDATE SET name = ?2, category = ?3,
                     unit_cost_cents = ?4, replenishment_days = ?5",
            )?,
            seen: SeenKeys::new(conn)?,
        })
    }

    pub fn load(&mut self, r: &ProductRec) -> Result<Loaded> {
        if !self.seen.first(r.product_id.as_str())? {
            return Ok(Loaded::Duplicate);
        }
        let old: Option<(String, String, i64, i64)> = self
            .find
            .query_row([&r.product_id], |x| {
                Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?))
            })
            .optional()?;
        let new = (
            r.name
                .clone()
                .or(old.as_ref().map(|o| o.0.clone()))
                .unwrap_or_default(),
            r.category
                .clone()
                .or(old.as_ref().map(|o| o.1.clone()))
                .unwrap_or_default(),
            r.unit_cost_cents
                .map(Cents::get)
                .or(old.as_ref().map(|o| o.2))
                .unwrap_or(0),
            r.replenishment_days
                .or(old.as_ref().map(|o| o.3))
                .unwrap_or(7),
        );
        upsert_outcome(old.as_ref() == Some(&new), old.is_some(), || {
            self.upsert
                .execute(params![r.product_id, new.0, new.1, new.2, new.3])
                .map(|_| ())
        })
    }
}

/// Links: every inserted or updated row gets a before-image in the change and is marked
/// with the change id, which is also how a second occurrence in the same file is caught.
pub struct MappingLoader<'c> {
    change_id: i64,
    find: Statement<'c>,
    insert: Statement<'c>,
    update: Statement<'c>,
    item: Statement<'c>,
    /// New links whose before-image ("absent") is still to be written, written
    /// [`ITEM_BATCH`] at a time: one statement per few hundred links instead of one per link.
    new_links: Vec<(String, String, i64)>,
    conn: &'c Connection,
    seen: SeenKeys<'c>,
}

impl<'c> MappingLoader<'c> {
    pub fn new(tx: &'c ChangeTx<'_>) -> Result<Self> {
        let conn = tx.conn();
        // Its values are validated types: the code CHECKs' GLOB would triple a big import's
        // time (see `set_pragmas`). Back on when the loader is dropped.
        conn.execute_batch("PRAGMA ignore_check_constraints=ON")?;
        Ok(MappingLoader {
            change_id: tx.id,
            find: conn.prepare(
                "SELECT stock_quantity, priority, state, drain_started_at, last_change
                 FROM inventory_mapping WHERE product_id = ?1 AND warehouse_code = ?2",
            )?,
            insert: conn.prepare(
                "INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority, last_change)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )?,
            update: conn.prepare(
                "UPDATE inventory_mapping SET stock_quantity = ?3, priority = ?4, last_change = ?5
                 WHERE product_id = ?1 AND warehouse_code = ?2",
            )?,
            item: conn.prepare(
                "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                     before_present, before_qty, before_priority, before_state,
                     before_drain_started_at, before_last_change, after_present, after_qty)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, ?11)",
            )?,
            new_links: Vec::with_capacity(ITEM_BATCH),
            conn,            seen: SeenKeys::new(conn)?,
        })
    }

    pub fn load(&mut self, r: &MappingRec) -> Result<Loaded> {
        let key = (&r.product_id, &r.warehouse_code);
        // New links are the common case of a big import: try the insert first, and only look
        // at the existing row when there is one.
        let qty = r.stock_quantity.map_or(0, Qty::get);
        let prio = r.priority.unwrap_or(100);
        if self
            .insert
            .execute(params![key.0, key.1, qty, prio, self.change_id])?
            == 1
        {
            self.new_links
                .push((key.0.as_str().to_owned(), key.1.as_str().to_owned(), qty));
            if self.new_links.len() == ITEM_BATCH {
                self.flush()?;
            }
            return Ok(Loaded::Inserted);
        }
        type Old = (Option<i64>, i64, String, Option<String>, Option<i64>);
        let old: Old = self.find.query_row(params![key.0, key.1], |x| {
            Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?, x.get(4)?))
        })?;
        if old.4 == Some(self.change_id) {
            return Ok(Loaded::Duplicate);
        }
        let qty = r.stock_quantity.map(Qty::get).or(old.0);
        let prio = r.priority.unwrap_or(old.1);
        if qty == old.0 && prio == old.1 {
            // Unchanged rows are not rewritten, so they are remembered apart for duplicates.
            let seen_key = format!("{}\u{1f}{}", key.0, key.1);
            return Ok(if self.seen.first(&seen_key)? {
                Loaded::Unchanged
            } else {
                Loaded::Duplicate
            });
        }
        self.item.execute(params![
            self.change_id,
            key.0,
            key.1,
            "update",
            1,
            old.0,
            old.1,
            old.2,
            old.3,
            old.4,
            qty
        ])?;
        self.update
            .execute(params![key.0, key.1, qty, prio, self.change_id])?;
        Ok(Loaded::Updated)
    }
}

impl Drop for MappingLoader<'_> {
    fn drop(&mut self) {
        let _ = self
            .conn
            .execute_batch("PRAGMA ignore_check_constraints=OFF");
    }
}

impl ChangeTx<'_> {
    /// The closed warehouses this change put links at, with how many: those links take no
    /// orders. Reads only the links of closed warehouses (few), through the reverse index.
    pub fn links_at_closed_warehouses(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn().prepare(
            "SELECT w.code, count(*) FROM warehouses w
             CROSS JOIN inventory_mapping m ON m.warehouse_code = w.code
             WHERE w.status = 'closed' AND m.last_change = ?1
             GROUP BY w.code ORDER BY w.code",
        )?;
        let rows = stmt.query_map([self.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// How many new links' before-images go into one statement.
const ITEM_BATCH: usize = 500;

impl MappingLoader<'_> {
    /// Writes the before-images of the new links loaded so far. Call it once the file is read.
    pub fn flush(&mut self) -> Result<()> {
        if self.new_links.is_empty() {
            return Ok(());
        }
        let rows = vec!["(?, ?, ?, 'insert', 0, 1, ?)"; self.new_links.len()].join(", ");
        let sql = format!(
            "INSERT INTO change_items(change_id, product_id, warehouse_code, action,
                 before_present, after_present, after_qty) VALUES {rows}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(self.new_links.len() * 4);
        for (sku, wh, qty) in &self.new_links {
            values.extend([&self.change_id as &dyn rusqlite::ToSql, sku, wh, qty]);
        }
        stmt.execute(values.as_slice())?;
        self.new_links.clear();
        Ok(())
    }
}

/// Orders: a known order id takes the new status and times (a later export from the shop).
pub struct OrderLoader<'c> {
    find: Statement<'c>,
    insert: Statement<'c>,
    update: Statement<'c>,
    seen: SeenKeys<'c>,
}

impl<'c> OrderLoader<'c> {
    pub fn new(tx: &'c impl Tx) -> Result<Self> {
        let conn = tx.conn();
        Ok(OrderLoader {
            find: conn.prepare(
                "SELECT status, created_at, shipped_at, delivered_at FROM orders WHERE order_id = ?1",
            )?,
            insert: conn.prepare(
                "INSERT INTO orders(order_id, product_id, warehouse_code, quantity, status,
                                    created_at, shipped_at, delivered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            update: conn.prepare(
                "UPDATE orders SET status = ?2, created_at = ?3, shipped_at = ?4, delivered_at = ?5
                 WHERE order_id = ?1",
            )?,
            seen: SeenKeys::new(conn)?,
        })
    }

    pub fn load(&mut self, r: &OrderRec) -> Result<Loaded> {
        if !self.seen.first(&r.order_id)? {
            return Ok(Loaded::Duplicate);
        }
        type Old = (String, String, Option<String>, Option<String>);
        let old: Option<Old> = self
            .find
            .query_row([&r.order_id], |x| {
                Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?))
            })
            .optional()?;
        let new = (
            r.status.as_str().to_string(),
            stored(r.created_at),
            r.shipped_at.map(stored),
            r.delivered_at.map(stored),
        );
        match old {
            None => {
                self.insert.execute(params![
                    r.order_id,
                    r.product_id,
                    r.warehouse_code,
                    r.quantity,
                    new.0,
                    new.1,
                    new.2,
                    new.3
                ])?;
                Ok(Loaded::Inserted)
            }
            Some(old) => upsert_outcome(old == new, true, || {
                self.update
                    .execute(params![r.order_id, new.0, new.1, new.2, new.3])
                    .map(|_| ())
            }),
        }
    }
}

pub struct CountLoader<'c> {
    find: Statement<'c>,
    upsert: Statement<'c>,
    seen: SeenKeys<'c>,
}

impl<'c> CountLoader<'c> {
    pub fn new(tx: &'c impl Tx) -> Result<Self> {
        let conn = tx.conn();
        Ok(CountLoader {
            find: conn.prepare(
                "SELECT system_quantity, counted_quantity FROM stock_counts
                 WHERE product_id = ?1 AND warehouse_code = ?2 AND counted_at = ?3",
            )?,
            upsert: conn.prepare(
                "INSERT INTO stock_counts(product_id, warehouse_code, counted_at, system_quantity, counted_quantity)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(product_id, warehouse_code, counted_at)
                 DO UPDATE SET system_quantity = ?4, counted_quantity = ?5",
            )?,
            seen: SeenKeys::new(conn)?,
        })
    }

    pub fn load(&mut self, r: &CountRec) -> Result<Loaded> {
        let at = stored(r.counted_at);
        if !self.seen.first(&format!(
            "{}\u{1f}{}\u{1f}{at}",
            r.product_id, r.warehouse_code
        ))? {
            return Ok(Loaded::Duplicate);
        }
        let old: Option<(i64, i64)> = self
            .find
            .query_row(params![r.product_id, r.warehouse_code, at], |x| {
                Ok((x.get(0)?, x.get(1)?))
            })
            .optional()?;
        let new = (r.system_quantity.get(), r.counted_quantity.get());
        upsert_outcome(old == Some(new), old.is_some(), || {
            self.upsert
                .execute(params![r.product_id, r.warehouse_code, at, new.0, new.1])
                .map(|_| ())
        })
    }
}

pub struct ComplaintLoader<'c> {
    find: Statement<'c>,
    upsert: Statement<'c>,
    seen: SeenKeys<'c>,
}

impl<'c> ComplaintLoader<'c> {
    pub fn new(tx: &'c impl Tx) -> Result<Self> {
        let conn = tx.conn();
        Ok(ComplaintLoader {
            find: conn.prepare(
                "SELECT order_id, product_id, created_at, category FROM complaints WHERE complaint_id = ?1",
            )?,
            upsert: conn.prepare(
                "INSERT INTO complaints(complaint_id, order_id, product_id, created_at, category)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(complaint_id) DO UPDATE SET order_id = ?2, product_id = ?3,
                     created_at = ?4, category = ?5",
            )?,
            seen: SeenKeys::new(conn)?,
        })
    }

    pub fn load(&mut self, r: &ComplaintRec) -> Result<Loaded> {
        if !self.seen.first(&r.complaint_id)? {
            return Ok(Loaded::Duplicate);
        }
        type Row = (Option<String>, Option<String>, String, String);
        let old: Option<Row> = self
            .find
            .query_row([&r.complaint_id], |x| {
                Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?))
            })
            .optional()?;
        let new: Row = (
            r.order_id.clone(),
            r.product_id.as_ref().map(|p| p.as_str().to_owned()),
            stored(r.created_at),
            r.category.clone().unwrap_or_default(),
        );
        upsert_outcome(old.as_ref() == Some(&new), old.is_some(), || {
            self.upsert
                .execute(params![r.complaint_id, new.0, new.1, new.2, new.3])
                .map(|_| ())
        })
    }
}
