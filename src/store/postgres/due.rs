//! What `run-due` needs of a server (`store/due.rs`): the lease, the due drains and plans,
//! the exits to close — read as on a file.

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::Server;
use super::plans::{COLUMNS, plan_row};
use crate::store::drains::{DueDrain, WaitingDrain};
use crate::store::due::DueDesk;
use crate::store::exits::PendingExit;
use crate::store::lease::{Holder, stale, this_host};
use crate::store::plans::{PlanDecision, PlanRow};
use crate::store::stages::StageRow;
use crate::store::unbind::PairInput;

impl DueDesk for Server {
    fn take_run_due_lease(&mut self, now: DateTime<Utc>) -> Result<Option<Holder>> {
        let (host, pid) = (this_host(), std::process::id() as i64);
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&super::CHANGE_LOCK])?;
        let held = tx
            .query_opt(
                "SELECT host::text, pid, taken_at::text FROM run_due_lease WHERE id = 1",
                &[],
            )?
            .map(|r| Holder {
                host: r.get(0),
                pid: r.get(1),
                since: r.get(2),
            });
        if let Some(h) = held.filter(|h| !stale(h, &host, now)) {
            return Ok(Some(h));
        }
        tx.execute(
            "INSERT INTO run_due_lease(id, host, pid, taken_at) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                 taken_at = excluded.taken_at",
            &[&host, &pid, &crate::domain::values::stored(now)],
        )?;
        tx.commit()?;
        Ok(None)
    }

    fn release_run_due_lease(&mut self) -> Result<()> {
        crate::signals::cleaning_up();
        self.client.execute(
            "DELETE FROM run_due_lease WHERE host = $1 AND pid = $2",
            &[&this_host(), &(std::process::id() as i64)],
        )?;
        Ok(())
    }

    fn latest_change(&mut self) -> Result<Option<i64>> {
        Ok(self
            .client
            .query_one("SELECT max(id) FROM changes", &[])?
            .get(0))
    }

    fn waiting_drains(&mut self, buffer_hours: i64) -> Result<Vec<WaitingDrain>> {
        Server::waiting_drains(self, buffer_hours)
    }

    fn due_drains(&mut self, buffer_start: &str) -> Result<Vec<DueDrain>> {
        let rows = self.client.query(
            "SELECT m.product_id::text, m.warehouse_code::text, d.transfer_to::text,
                    coalesce(d.write_off, 0), coalesce(d.allow_orphan, 0),
                    coalesce(d.allow_region_gap, 0)
             FROM inventory_mapping m
             LEFT JOIN drains d ON d.product_id = m.product_id AND d.warehouse_code = m.warehouse_code
             WHERE m.state = 'draining' AND m.drain_started_at <= $1 AND coalesce(d.held, 0) = 0
               AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.status = 'open'
                               AND o.product_id = m.product_id AND o.warehouse_code = m.warehouse_code)
             ORDER BY m.product_id, m.warehouse_code",
            &[&buffer_start],
        )?;
        rows.iter()
            .enumerate()
            .map(|(i, r)| {
                let code = |v: String| anyhow::Ok(v);
                let transfer: Option<String> = r.get(2);
                Ok(DueDrain {
                    pair: PairInput {
                        line: i as u64 + 1,
                        sku: crate::domain::code::Sku::parse(&code(r.get(0))?)
                            .map_err(anyhow::Error::msg)?,
                        warehouse: crate::domain::code::WarehouseCode::parse(&code(r.get(1))?)
                            .map_err(anyhow::Error::msg)?,
                        transfer_to: transfer
                            .map(|t| crate::domain::code::WarehouseCode::parse(&t))
                            .transpose()
                            .map_err(anyhow::Error::msg)?,
                        // stored: the reason of the change that finishes it
                        reason: Some("drain finished by run-due".to_string()),
                        priority: None,
                    },
                    write_off: r.get::<_, i64>(3) != 0,
                    allow_orphan: r.get::<_, i64>(4) != 0,
                    allow_region_gap: r.get::<_, i64>(5) != 0,
                })
            })
            .collect()
    }

    fn due_plans(&mut self, now: &str) -> Result<Vec<PlanRow>> {
        Ok(self
            .client
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM plans WHERE status = 'scheduled' AND effective_at <= $1
                     ORDER BY effective_at, id"
                ),
                &[&now],
            )?
            .iter()
            .map(plan_row)
            .collect())
    }

    fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()> {
        Server::decide_plan(self, id, from, decision, audit)
    }

    fn next_stages(&mut self) -> Result<Vec<(StageRow, i64)>> {
        Server::next_stages(self)
    }

    fn pending_exits(&mut self) -> Result<Vec<PendingExit>> {
        let rows = self.client.query(
            "SELECT e.warehouse_code::text, e.change_id, w.status = 'closed',
                    (SELECT count(*) FROM inventory_mapping m WHERE m.warehouse_code = e.warehouse_code),
                    (SELECT count(*) FROM inventory_mapping m
                     WHERE m.warehouse_code = e.warehouse_code AND m.state = 'draining')
             FROM warehouse_exits e JOIN warehouses w ON w.code = e.warehouse_code
             WHERE e.status = 'pending'
               AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.rolls_back = e.change_id)
             ORDER BY e.warehouse_code",
            &[],
        )?;
        let mut exits: Vec<PendingExit> = rows
            .iter()
            .map(|r| PendingExit {
                warehouse_code: r.get(0),
                change_id: r.get(1),
                closed: r.get(2),
                links: r.get(3),
                draining: r.get(4),
                staying: Vec::new(),
            })
            .collect();
        for e in exits.iter_mut().filter(|e| e.links > e.draining) {
            e.staying = self
                .client
                .query(
                    "SELECT product_id::text FROM inventory_mapping
                     WHERE warehouse_code = $1 AND state <> 'draining' ORDER BY product_id LIMIT 5",
                    &[&e.warehouse_code],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
        }
        Ok(exits)
    }

    fn settle_exit(&mut self, warehouse: &str) -> Result<()> {
        self.client.execute(
            "UPDATE warehouse_exits SET status = 'closed' WHERE warehouse_code = $1
             AND status = 'pending'",
            &[&warehouse],
        )?;
        Ok(())
    }

    fn exit_of(&mut self, warehouse: &str) -> Result<Option<i64>> {
        Ok(self
            .client
            .query_opt(
                "SELECT change_id FROM warehouse_exits WHERE warehouse_code = $1
                 AND status = 'pending'",
                &[&warehouse],
            )?
            .map(|r| r.get(0)))
    }

    fn warehouse_links(&mut self, code: &str) -> Result<Option<(String, i64)>> {
        Ok(self
            .client
            .query_opt(
                "SELECT status::text,
                        (SELECT count(*) FROM inventory_mapping WHERE warehouse_code = $1)
                 FROM warehouses WHERE code = $1",
                &[&code],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn suggest_warehouse(&mut self, typed: &str) -> Result<String> {
        super::reads::warehouse_hint(&mut self.client, typed)
    }

    fn plan(&mut self, id: i64) -> Result<Option<PlanRow>> {
        Server::plan(self, id)
    }

    fn stage_of_plan(&mut self, id: i64) -> Result<Option<StageRow>> {
        Server::stage_of_plan(self, id)
    }

    fn batch_stages(&mut self, batch: i64) -> Result<Vec<StageRow>> {
        Server::batch_stages(self, batch)
    }

    fn decide_batch(
        &mut self,
        batch: i64,
        decision: crate::store::stages::BatchDecision<'_>,
        by: (&str, &str),
    ) -> Result<Vec<i64>> {
        Server::decide_batch(self, batch, decision, by)
    }

    fn split_stages(
        &mut self,
        shares: &[u32],
        what: crate::store::stages::Staged<'_>,
    ) -> Result<Vec<u64>> {
        Server::split_stages(self, shares, what)
    }

    fn create_stages(
        &mut self,
        base: &crate::store::plans::NewPlan,
        later_status: &'static str,
        shares: &[u32],
        wait: bool,
    ) -> Result<Vec<i64>> {
        Server::create_stages(self, base, later_status, shares, wait)
    }

    fn open_batch_of(&mut self, sha256: &str) -> Result<Option<i64>> {
        Server::open_batch_of(self, sha256)
    }

    fn plan_moves(&mut self, plan_id: i64) -> Result<Vec<crate::store::moves::MoveLine>> {
        Server::plan_moves(self, plan_id)
    }

    fn with_metrics(
        &mut self,
        f: &mut dyn FnMut(&dyn crate::store::MetricsSource) -> Result<()>,
    ) -> Result<()> {
        f(&super::metrics::ServerMetrics::new(self))
    }
}
