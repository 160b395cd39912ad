//! Warehouse exits: the links of a warehouse leave as one change (transferred, drained), and
//! the warehouse closes once the last of them is gone. What is still to close is kept here,
//! written in the exit's own transaction so a crash never loses it.

use anyhow::Result;
use rusqlite::{OptionalExtension, params};

use super::Store;
use super::changes::ChangeTx;
use super::tx::TxConn;

/// An exit whose warehouse is not closed yet.
#[derive(Debug, Clone)]
pub struct PendingExit {
    pub warehouse_code: String,
    /// The change that transferred and drained the links.
    pub change_id: i64,
    /// The warehouse is closed already (closed by hand, or before the exit).
    pub closed: bool,
    /// Links still at the warehouse, and how many of them are draining.
    pub links: i64,
    pub draining: i64,
    /// A few of the links that are not draining (they keep the warehouse open).
    pub staying: Vec<String>,
}

impl ChangeTx<'_> {
    /// Remembers that this change is the exit of `warehouse`: `run-due` closes it once its
    /// last link is gone. A later exit of the same warehouse takes the place of an earlier one.
    pub fn record_exit(&self, warehouse: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO warehouse_exits(warehouse_code, change_id, started_at, status)
             VALUES (?1, ?2, (SELECT created_at FROM changes WHERE id = ?2), 'pending')
             ON CONFLICT(warehouse_code) DO UPDATE SET change_id = excluded.change_id,
                 started_at = excluded.started_at, status = 'pending', closed_change = NULL",
            params![warehouse, self.id],
        )?;
        Ok(())
    }

    /// Refuses the close that finishes exit `change` of `warehouse` unless, read inside this
    /// transaction, the exit is still pending, not rolled back, and no link is left there.
    pub fn exit_still_closable(&self, warehouse: &str, change: i64) -> Result<()> {
        let (pending, links): (bool, i64) = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM warehouse_exits WHERE warehouse_code = ?1
                              AND change_id = ?2 AND status = 'pending')
                    AND NOT EXISTS (SELECT 1 FROM changes WHERE rolls_back = ?2),
                    (SELECT count(*) FROM inventory_mapping WHERE warehouse_code = ?1)",
            params![warehouse, change],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        anyhow::ensure!(
            pending && links == 0,
            crate::error::Refused(crate::tr!(
                "store-exit-unfinished",
                warehouse = warehouse,
                change = change,
                links = links
            ))
        );
        Ok(())
    }

    /// Closing a warehouse (by its exit or by hand) finishes a pending exit of it.
    pub fn finish_exit(&self, warehouse: &str) -> Result<()> {
        self.conn().execute(
            "UPDATE warehouse_exits SET status = 'closed', closed_change = ?2
             WHERE warehouse_code = ?1 AND status = 'pending'",
            params![warehouse, self.id],
        )?;
        Ok(())
    }
}

impl Store {
    /// The exits still to close, with what keeps each open. An exit whose change was rolled
    /// back is no exit any more and is left out.
    pub fn pending_exits(&self) -> Result<Vec<PendingExit>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.warehouse_code, e.change_id, w.status = 'closed',
                    (SELECT count(*) FROM inventory_mapping m WHERE m.warehouse_code = e.warehouse_code),
                    (SELECT count(*) FROM inventory_mapping m
                     WHERE m.warehouse_code = e.warehouse_code AND m.state = 'draining')
             FROM warehouse_exits e JOIN warehouses w ON w.code = e.warehouse_code
             WHERE e.status = 'pending'
               AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.rolls_back = e.change_id)
             ORDER BY e.warehouse_code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PendingExit {
                warehouse_code: r.get(0)?,
                change_id: r.get(1)?,
                closed: r.get(2)?,
                links: r.get(3)?,
                draining: r.get(4)?,
                staying: Vec::new(),
            })
        })?;
        let mut exits: Vec<PendingExit> = rows.collect::<rusqlite::Result<_>>()?;
        let mut staying = self.conn.prepare(
            "SELECT product_id FROM inventory_mapping
             WHERE warehouse_code = ?1 AND state <> 'draining' ORDER BY product_id LIMIT 5",
        )?;
        for e in exits.iter_mut().filter(|e| e.links > e.draining) {
            e.staying = staying
                .query_map([&e.warehouse_code], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(exits)
    }

    /// The exit of a warehouse that was already closed when its last link went: nothing to
    /// close, only the record to settle.
    pub fn settle_exit(&mut self, warehouse: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE warehouse_exits SET status = 'closed' WHERE warehouse_code = ?1
             AND status = 'pending'",
            [warehouse],
        )?;
        Ok(())
    }

    /// The change that started the pending exit of `warehouse`, if any.
    pub fn exit_of(&self, warehouse: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT change_id FROM warehouse_exits WHERE warehouse_code = ?1
                 AND status = 'pending'",
                [warehouse],
                |r| r.get(0),
            )
            .optional()?)
    }
}
