//! Drains: links marked `draining` by `unbind --drain`, which `run-due` removes once their
//! open orders are done and the buffer has passed.
//!
//! The `drains` table keeps each drain's instructions (transfer target, write-off, …) for as
//! long as the pair exists: a rollback can make a link draining again, and its instructions
//! must still be there then. A new drain of the same pair replaces them.

use anyhow::Result;
use serde::Serialize;

use super::Store;
use super::unbind::PairInput;

/// A drain whose time has come, with what to do with its stock.
#[derive(Debug, Clone)]
pub struct DueDrain {
    pub pair: PairInput,
    pub write_off: bool,
    pub allow_orphan: bool,
    pub allow_region_gap: bool,
}

/// A drain still waiting, and why.
#[derive(Debug, Clone, Serialize)]
pub struct WaitingDrain {
    pub product_id: String,
    pub warehouse_code: String,
    pub drain_started_at: String,
    pub open_orders: i64,
    /// A rollback of its finish put it on hold: run-due leaves it alone.
    pub held: bool,
    /// When the buffer has passed (it is also waiting for its open orders when any).
    pub due_at: String,
}

impl Store {
    /// Draining links whose drain began at or before `buffer_start` and that have no open
    /// orders, in key order.
    pub fn due_drains(&self, buffer_start: &str) -> Result<Vec<DueDrain>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.product_id, m.warehouse_code, d.transfer_to, ifnull(d.write_off, 0),
                    ifnull(d.allow_orphan, 0), ifnull(d.allow_region_gap, 0)
             FROM inventory_mapping m
             LEFT JOIN drains d ON d.product_id = m.product_id AND d.warehouse_code = m.warehouse_code
             WHERE m.state = 'draining' AND m.drain_started_at <= ?1 AND NOT ifnull(d.held, 0)
               AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.status = 'open'
                               AND o.product_id = m.product_id AND o.warehouse_code = m.warehouse_code)
             ORDER BY m.product_id, m.warehouse_code",
        )?;
        let mut line = 0;
        let rows = stmt.query_map([buffer_start], |r| {
            line += 1;
            Ok(DueDrain {
                pair: PairInput {
                    line,
                    sku: r.get(0)?,
                    warehouse: r.get(1)?,
                    transfer_to: r.get(2)?,
                    reason: Some("drain finished by run-due".to_string()),
                    priority: None,
                },
                write_off: r.get(3)?,
                allow_orphan: r.get(4)?,
                allow_region_gap: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Draining links, with their open orders and when their buffer passes.
    pub fn waiting_drains(&self, buffer_hours: i64) -> Result<Vec<WaitingDrain>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.product_id, m.warehouse_code, ifnull(m.drain_started_at, ''),
                    (SELECT count(*) FROM orders o WHERE o.status = 'open'
                     AND o.product_id = m.product_id AND o.warehouse_code = m.warehouse_code),
                    strftime('%Y-%m-%dT%H:%M:%SZ', m.drain_started_at, ?1 || ' hours'),
                    ifnull((SELECT d.held FROM drains d WHERE d.product_id = m.product_id
                            AND d.warehouse_code = m.warehouse_code), 0)
             FROM inventory_mapping m WHERE m.state = 'draining'
             ORDER BY m.drain_started_at, m.product_id",
        )?;
        let rows = stmt.query_map([buffer_hours.to_string()], |r| {
            Ok(WaitingDrain {
                product_id: r.get(0)?,
                warehouse_code: r.get(1)?,
                drain_started_at: r.get(2)?,
                open_orders: r.get(3)?,
                due_at: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                held: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The audit entry of a drain resumed (the same text on every backend: it is hashed).
pub(crate) fn resume_detail(sku: &str, wh: &str) -> String {
    // stored: the audit entry
    format!("{sku} @ {wh}: run-due may finish the drain again")
}

impl Store {
    /// Lets run-due finish a held drain again, with an audit entry. Refused when the link is
    /// not a drain on hold.
    pub fn resume_drain(
        &mut self,
        sku: &crate::domain::code::Sku,
        wh: &crate::domain::code::WarehouseCode,
        at: &str,
        operator: &str,
    ) -> Result<()> {
        crate::domain::operator::check(operator).map_err(crate::error::UsageError)?;
        let chain = std::sync::Arc::clone(&self.chain);
        let tx = self.begin_plain()?;
        let n = tx.0.execute(
            "UPDATE drains SET held = 0 WHERE product_id = ?1 AND warehouse_code = ?2 AND held
               AND EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = ?1
                           AND m.warehouse_code = ?2 AND m.state = 'draining')",
            rusqlite::params![sku, wh],
        )?;
        if n == 0 {
            anyhow::bail!(crate::error::Refused(crate::tr!(
                "store-not-held",
                sku = sku,
                warehouse = wh
            )));
        }
        super::audit::append_event(
            &tx.0,
            &chain,
            at,
            operator,
            "drain-resume",
            &resume_detail(sku.as_str(), wh.as_str()),
        )?;
        tx.commit()
    }
}
