//! The history of a server store, read (`changes`, `changes show`): changes, their rows, the
//! stage each applied, the drains still waiting — as `store/sqlite/changes.rs`, `stages.rs`
//! and `drains.rs` read them on a file.

use anyhow::Result;

use super::Server;
use crate::store::changes::{ChangeRow, ItemRow};
use crate::store::drains::WaitingDrain;
use crate::store::stages::StageRow;

const CHANGE_COLUMNS: &str = "c.id, c.created_at::text, c.operator::text, c.kind::text, c.pairs,
     c.reason::text, c.ticket::text, c.source_file::text, c.source_sha256::text,
     c.command_line::text, c.rolls_back,
     (SELECT r.id FROM changes r WHERE r.rolls_back = c.id), c.summary::text, c.plan_id,
     c.approved_by::text, c.override_reason::text";

fn change_row(r: &postgres::Row) -> ChangeRow {
    let summary: String = r.get(12);
    ChangeRow {
        id: r.get(0),
        at: r.get(1),
        operator: r.get(2),
        kind: r.get(3),
        pairs: r.get(4),
        reason: r.get(5),
        ticket: r.get(6),
        source_file: r.get(7),
        source_sha256: r.get(8),
        command_line: r.get(9),
        rolls_back: r.get(10),
        rolled_back_by: r.get(11),
        plan_id: r.get(13),
        approved_by: r.get(14),
        override_reason: r.get(15),
        summary: serde_json::from_str(&summary).unwrap_or(serde_json::Value::Null),
    }
}

pub(super) const STAGE_COLUMNS: &str =
    "s.plan_id, s.batch, s.stage, s.stages, s.share::text, s.wait";

pub(super) fn stage_row(r: &postgres::Row) -> StageRow {
    StageRow {
        plan_id: r.get(0),
        batch: r.get(1),
        stage: r.get(2),
        stages: r.get(3),
        share: r.get(4),
        wait: r.get::<_, i64>(5) != 0,
    }
}

impl Server {
    /// Every change, newest first (at most `limit`).
    pub fn changes(&mut self, limit: Option<u64>) -> Result<Vec<ChangeRow>> {
        let limit = limit.map_or(i64::MAX, |l| l as i64);
        Ok(self
            .client
            .query(
                &format!("SELECT {CHANGE_COLUMNS} FROM changes c ORDER BY c.id DESC LIMIT $1"),
                &[&limit],
            )?
            .iter()
            .map(change_row)
            .collect())
    }

    pub fn change(&mut self, id: i64) -> Result<Option<ChangeRow>> {
        Ok(self
            .client
            .query_opt(
                &format!("SELECT {CHANGE_COLUMNS} FROM changes c WHERE c.id = $1"),
                &[&id],
            )?
            .map(|r| change_row(&r)))
    }

    /// The rows change `id` touched, in key order, at most `limit` (-1 for all).
    pub fn change_items(&mut self, id: i64, limit: i64) -> Result<Vec<ItemRow>> {
        let limit = if limit < 0 { i64::MAX } else { limit };
        Ok(self
            .client
            .query(
                "SELECT product_id::text, warehouse_code::text, action::text,
                        CASE WHEN before_present <> 0
                             THEN 'qty ' || coalesce(before_qty::text, 'null') || ' ' || before_state
                             ELSE 'absent' END,
                        CASE WHEN after_present <> 0
                             THEN 'qty ' || coalesce(after_qty::text, 'null') ELSE 'absent' END,
                        note::text
                 FROM change_items WHERE change_id = $1
                 ORDER BY product_id, warehouse_code LIMIT $2",
                &[&id, &limit],
            )?
            .iter()
            .map(|r| ItemRow {
                product_id: r.get(0),
                warehouse_code: r.get(1),
                action: r.get(2),
                before: r.get(3),
                after: r.get(4),
                note: r.get(5),
            })
            .collect())
    }

    /// The chain head after change `id` (its last entry's hash).
    pub fn head_after_change(&mut self, id: i64) -> Result<Option<String>> {
        Ok(self
            .client
            .query_opt(
                "SELECT hash FROM audit_log WHERE change_id = $1 ORDER BY id DESC LIMIT 1",
                &[&id],
            )?
            .map(|r| crate::store::audit::hex(&r.get::<_, Vec<u8>>(0))))
    }

    /// The stage of the batch change `id` applied, if it applied one.
    pub fn stage_of_change(&mut self, id: i64) -> Result<Option<StageRow>> {
        Ok(self
            .client
            .query_opt(
                &format!(
                    "SELECT {STAGE_COLUMNS} FROM plan_stages s
                     WHERE s.plan_id = (SELECT id FROM plans WHERE applied_change = $1)"
                ),
                &[&id],
            )?
            .map(|r| stage_row(&r)))
    }

    /// The stages that wait for their previous stage's verdict, with that stage's change.
    pub fn next_stages(&mut self) -> Result<Vec<(StageRow, i64)>> {
        Ok(self
            .client
            .query(
                &format!(
                    "SELECT {STAGE_COLUMNS}, p.applied_change
                     FROM plan_stages s
                     JOIN plans this ON this.id = s.plan_id
                     JOIN plan_stages prev ON prev.batch = s.batch AND prev.stage = s.stage - 1
                     JOIN plans p ON p.id = prev.plan_id
                     WHERE s.wait = 1 AND this.status IN ('approved', 'scheduled')
                       AND p.status = 'applied'
                     ORDER BY s.batch, s.stage"
                ),
                &[],
            )?
            .iter()
            .map(|r| (stage_row(r), r.get(6)))
            .collect())
    }

    /// Draining links and what they wait for: their open orders, the buffer's end, a hold.
    /// The end is computed here, not by the server: a start written behind invmap's back that
    /// is no time shows an empty end, as on a file, instead of failing the listing.
    pub fn waiting_drains(&mut self, buffer_hours: i64) -> Result<Vec<WaitingDrain>> {
        let rows = self.client.query(
            "SELECT m.product_id::text, m.warehouse_code::text,
                    coalesce(m.drain_started_at, '')::text,
                    (SELECT count(*) FROM orders o WHERE o.status = 'open'
                     AND o.product_id = m.product_id AND o.warehouse_code = m.warehouse_code),
                    coalesce((SELECT d.held FROM drains d WHERE d.product_id = m.product_id
                              AND d.warehouse_code = m.warehouse_code), 0)
             FROM inventory_mapping m WHERE m.state = 'draining'
             ORDER BY m.drain_started_at, m.product_id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                let started: String = r.get(2);
                let due_at = chrono::DateTime::parse_from_rfc3339(&started)
                    .ok()
                    .and_then(|t| {
                        t.with_timezone(&chrono::Utc)
                            .checked_add_signed(chrono::Duration::try_hours(buffer_hours)?)
                    })
                    .map(crate::domain::values::stored)
                    .unwrap_or_default();
                WaitingDrain {
                    product_id: r.get(0),
                    warehouse_code: r.get(1),
                    drain_started_at: started,
                    open_orders: r.get(3),
                    due_at,
                    held: r.get::<_, i64>(4) != 0,
                }
            })
            .collect())
    }

    /// Every link change `id` touched, with its stock delta, in key order (`reverse`).
    pub fn change_deltas(&mut self, id: i64) -> Result<Vec<crate::store::reverse::LinkDelta>> {
        Ok(self
            .client
            .query(
                "SELECT product_id::text, warehouse_code::text,
                        before_present <> 0 AND after_present = 0, before_priority,
                        CASE WHEN after_present <> 0 THEN coalesce(after_qty, 0) ELSE 0 END
                        - CASE WHEN before_present <> 0 THEN coalesce(before_qty, 0) ELSE 0 END,
                        action::text
                 FROM change_items WHERE change_id = $1 ORDER BY product_id, warehouse_code",
                &[&id],
            )?
            .iter()
            .map(|r| crate::store::reverse::LinkDelta {
                sku: r.get(0),
                warehouse: r.get(1),
                removed: r.get(2),
                before_priority: r.get(3),
                delta: r.get(4),
                action: r.get(5),
            })
            .collect())
    }

    /// Whether `sku` is linked to `warehouse` now.
    pub fn link_exists(&mut self, sku: &str, warehouse: &str) -> Result<bool> {
        Ok(self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM inventory_mapping
                                WHERE product_id = $1 AND warehouse_code = $2)",
                &[&sku, &warehouse],
            )?
            .get(0))
    }
}
