//! What `run-due` needs of a store, on either backend: its lease, the drains and plans that
//! are due, the exits to close — the changes themselves go through the door
//! ([`ChangeDesk`]).

use anyhow::Result;
use chrono::{DateTime, Utc};

use crate::store::ChangeDesk;
use crate::store::MetricsSource;
use crate::store::drains::{DueDrain, WaitingDrain};
use crate::store::exits::PendingExit;
use crate::store::lease::Holder;
use crate::store::moves::MoveLine;
use crate::store::plans::NewPlan;
use crate::store::plans::{PlanDecision, PlanRow};
use crate::store::stages::{BatchDecision, StageRow, Staged};

pub trait DueDesk: ChangeDesk {
    /// Takes the store's run-due lease; `Some(holder)` when another run holds it.
    fn take_run_due_lease(&mut self, now: DateTime<Utc>) -> Result<Option<Holder>>;
    fn release_run_due_lease(&mut self) -> Result<()>;
    /// The newest change's id.
    fn latest_change(&mut self) -> Result<Option<i64>>;
    fn waiting_drains(&mut self, buffer_hours: i64) -> Result<Vec<WaitingDrain>>;
    /// Draining links whose buffer began at or before `buffer_start`, with no open orders.
    fn due_drains(&mut self, buffer_start: &str) -> Result<Vec<DueDrain>>;
    /// Scheduled plans whose time has come, oldest first.
    fn due_plans(&mut self, now: &str) -> Result<Vec<PlanRow>>;
    fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()>;
    /// The next stages of batches in stages, with the change of the stage before each.
    fn next_stages(&mut self) -> Result<Vec<(StageRow, i64)>>;
    fn pending_exits(&mut self) -> Result<Vec<PendingExit>>;
    /// An exit whose warehouse was already closed: only its record to settle.
    fn settle_exit(&mut self, warehouse: &str) -> Result<()>;
    /// The change that started the pending exit of `warehouse`, if any.
    fn exit_of(&mut self, warehouse: &str) -> Result<Option<i64>>;
    /// A warehouse's status and how many links it holds (`None`: no such warehouse).
    fn warehouse_links(&mut self, code: &str) -> Result<Option<(String, i64)>>;
    /// " (did you mean …?)" for a warehouse code the store does not have, or "".
    fn suggest_warehouse(&mut self, typed: &str) -> Result<String>;

    // Batches in stages (`store/sqlite/stages.rs`).
    fn plan(&mut self, id: i64) -> Result<Option<PlanRow>>;
    fn stage_of_plan(&mut self, id: i64) -> Result<Option<StageRow>>;
    fn batch_stages(&mut self, batch: i64) -> Result<Vec<StageRow>>;
    fn decide_batch(
        &mut self,
        batch: i64,
        decision: BatchDecision<'_>,
        by: (&str, &str),
    ) -> Result<Vec<i64>>;
    /// Splits the batch staged on this connection (or move lines) by cumulative `shares`.
    fn split_stages(&mut self, shares: &[u32], what: Staged<'_>) -> Result<Vec<u64>>;
    fn create_stages(
        &mut self,
        base: &NewPlan,
        later_status: &'static str,
        shares: &[u32],
        wait: bool,
    ) -> Result<Vec<i64>>;
    fn open_batch_of(&mut self, sha256: &str) -> Result<Option<i64>>;
    fn plan_moves(&mut self, plan_id: i64) -> Result<Vec<MoveLine>>;
    /// Runs `f` over the store as metrics read it (a stage's verdict).
    fn with_metrics(&mut self, f: &mut dyn FnMut(&dyn MetricsSource) -> Result<()>) -> Result<()>;
}

impl DueDesk for crate::store::Store {
    fn take_run_due_lease(&mut self, now: DateTime<Utc>) -> Result<Option<Holder>> {
        crate::store::Store::take_run_due_lease(self, now)
    }
    fn release_run_due_lease(&mut self) -> Result<()> {
        crate::store::Store::release_run_due_lease(self)
    }
    fn latest_change(&mut self) -> Result<Option<i64>> {
        Ok(self.changes(Some(1))?.first().map(|c| c.id))
    }
    fn waiting_drains(&mut self, buffer_hours: i64) -> Result<Vec<WaitingDrain>> {
        crate::store::Store::waiting_drains(self, buffer_hours)
    }
    fn due_drains(&mut self, buffer_start: &str) -> Result<Vec<DueDrain>> {
        crate::store::Store::due_drains(self, buffer_start)
    }
    fn due_plans(&mut self, now: &str) -> Result<Vec<PlanRow>> {
        crate::store::Store::due_plans(self, now)
    }
    fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()> {
        crate::store::Store::decide_plan(self, id, from, decision, audit)
    }
    fn next_stages(&mut self) -> Result<Vec<(StageRow, i64)>> {
        crate::store::Store::next_stages(self)
    }
    fn pending_exits(&mut self) -> Result<Vec<PendingExit>> {
        crate::store::Store::pending_exits(self)
    }
    fn settle_exit(&mut self, warehouse: &str) -> Result<()> {
        crate::store::Store::settle_exit(self, warehouse)
    }
    fn exit_of(&mut self, warehouse: &str) -> Result<Option<i64>> {
        crate::store::Store::exit_of(self, warehouse)
    }
    fn warehouse_links(&mut self, code: &str) -> Result<Option<(String, i64)>> {
        crate::store::Store::warehouse_links(self, code)
    }
    fn suggest_warehouse(&mut self, typed: &str) -> Result<String> {
        crate::store::Store::suggest_warehouse(self, typed)
    }
    fn plan(&mut self, id: i64) -> Result<Option<PlanRow>> {
        crate::store::Store::plan(self, id)
    }
    fn stage_of_plan(&mut self, id: i64) -> Result<Option<StageRow>> {
        crate::store::Store::stage_of_plan(self, id)
    }
    fn batch_stages(&mut self, batch: i64) -> Result<Vec<StageRow>> {
        crate::store::Store::batch_stages(self, batch)
    }
    fn decide_batch(
        &mut self,
        batch: i64,
        decision: BatchDecision<'_>,
        by: (&str, &str),
    ) -> Result<Vec<i64>> {
        crate::store::Store::decide_batch(self, batch, decision, by)
    }
    fn split_stages(&mut self, shares: &[u32], what: Staged<'_>) -> Result<Vec<u64>> {
        crate::store::Store::split_stages(self, shares, what)
    }
    fn create_stages(
        &mut self,
        base: &NewPlan,
        later_status: &'static str,
        shares: &[u32],
        wait: bool,
    ) -> Result<Vec<i64>> {
        crate::store::Store::create_stages(self, base, later_status, shares, wait)
    }
    fn open_batch_of(&mut self, sha256: &str) -> Result<Option<i64>> {
        crate::store::Store::open_batch_of(self, sha256)
    }
    fn plan_moves(&mut self, plan_id: i64) -> Result<Vec<MoveLine>> {
        crate::store::Store::plan_moves(self, plan_id)
    }
    fn with_metrics(&mut self, f: &mut dyn FnMut(&dyn MetricsSource) -> Result<()>) -> Result<()> {
        f(self)
    }
}
