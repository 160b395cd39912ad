//! The store's side of the guarded door (SPEC §9), on either backend: a change staged as an
//! effect — every touched link before and after, every warehouse status — judged, then
//! applied with its before-images and audit entries in one transaction. `ops/change.rs` is
//! the door; a file store stages in SQLite's dialect (`store/sqlite/effect.rs`), a server in
//! PostgreSQL's (`store/postgres/effect.rs`).

use anyhow::Result;

use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::effect::EffectFacts;
use crate::domain::settings::Settings;
use crate::domain::values::Qty;
use crate::domain::windows::Window;
use crate::error::Refused;
use crate::store::batch::BatchTx;
use crate::store::changes::{ChangeMeta, ChangeRow, ChangeTx};
use crate::store::effect::{Effect, EffectCounts, Overwrite};
use crate::store::plans::NewPlan;

/// A link of a backup, as a restore puts it back.
#[derive(Debug, Clone)]
pub struct RestoreLink {
    pub sku: String,
    pub warehouse: String,
    pub qty: Option<i64>,
    pub priority: i64,
    pub state: String,
    pub drain_started_at: Option<String>,
}

/// A warehouse of a backup (a restore adds the ones the store lacks).
#[derive(Debug, Clone)]
pub struct RestoreWarehouse {
    pub code: String,
    pub name: Option<String>,
    pub region: Option<String>,
    pub status: Option<String>,
    pub storage_cost_micros: Option<i64>,
}

/// A backup's links, handed one at a time to the sink a restore gives.
pub type Feed<'a> = dyn FnMut(&mut dyn FnMut(RestoreLink) -> Result<()>) -> Result<()> + 'a;

/// An effect staged on one transaction: read-only (a dry run) or a change.
pub trait EffectTx {
    /// Undo `target` (refused when its history no longer proves what it did).
    fn stage_rollback(&mut self, target: i64) -> Result<()>;
    /// A new link, or new stock or priority for one.
    fn stage_bind(
        &mut self,
        sku: &Sku,
        wh: &WarehouseCode,
        qty: Option<Qty>,
        priority: Option<i64>,
    ) -> Result<()>;
    /// A draining link back to active.
    fn stage_cancel_drain(&mut self, sku: &Sku, wh: &WarehouseCode) -> Result<()>;
    /// A warehouse closes or reopens (`after`), with its links.
    fn stage_status_change(&mut self, code: &WarehouseCode, after: &str) -> Result<()>;
    /// Stock moved between a SKU's warehouses (bad lines go to `problems`); the units moved.
    fn stage_moves(
        &mut self,
        lines: &[crate::store::moves::MoveLine],
        problems: &mut crate::domain::problem::Problems,
    ) -> Result<i64>;
    /// `adopt`: every drifted link as it is now, over the image its history recorded; the
    /// rows staged.
    fn stage_adopt(&mut self) -> Result<u64>;
    /// `restore`: the live links made equal to the links `feed` hands to the sink it is
    /// given (streamed, never held whole), the backup's `warehouses` the store lacks added.
    fn stage_restore_from(
        &mut self,
        feed: &mut Feed<'_>,
        warehouses: &[RestoreWarehouse],
    ) -> Result<()>;
    /// `reconcile --adopt`: the links made what the other system's staged rows say, at the
    /// warehouses its file names.
    fn stage_reconcile(&mut self) -> Result<()>;
    /// A new warehouse (refused when the code exists).
    fn stage_new_warehouse(
        &mut self,
        code: &WarehouseCode,
        name: &str,
        region: &str,
        storage_cost_micros: i64,
    ) -> Result<()>;
    /// A warehouse's status goes from `before` to `after` (`action` names it on its links).
    fn stage_status(&mut self, code: &str, before: &str, after: &str, action: &str) -> Result<()>;
    /// A warehouse's region goes from `before` to `after` (recorded, and undone by rollback).
    fn stage_region(&mut self, code: &str, before: &str, after: &str) -> Result<()>;
    /// The change wrote rows that need no change record of their own (a new warehouse):
    /// they commit even when nothing else happened.
    fn mark_plain_write(&mut self) -> Result<()>;
    /// The effect of a file store, for what is staged only there so far (a usage error on a
    /// server, naming the README's list of what runs there).
    fn file(&self) -> Result<Effect<'_>>;

    fn counts(&mut self) -> Result<EffectCounts>;
    fn facts(&mut self) -> Result<Vec<EffectFacts>>;
    fn overwrites(&mut self, limit: i64) -> Result<Vec<Overwrite>>;

    /// The change's reason (empty on a read-only effect).
    fn reason(&self) -> String;
    fn audit(
        &mut self,
        action: &str,
        sku: Option<&str>,
        wh: Option<&str>,
        detail: &str,
    ) -> Result<()>;
    fn set_summary_extra(&mut self, fields: serde_json::Value) -> Result<()>;
    /// Writes the effect: before-images, links, warehouse statuses. `checked`: rows from a
    /// file are held to the schema's CHECK constraints.
    fn apply_effect(&mut self, checked: bool) -> Result<u64>;
    fn audit_items(&mut self) -> Result<u64>;
    fn mark_plan_if_any(&mut self, plan_id: Option<i64>) -> Result<()>;
    /// Drains a rollback brings back are held (run-due does not finish them by itself).
    fn hold_restored_drains(&mut self, target_kind: &str) -> Result<u64>;
    fn exit_still_closable(&mut self, warehouse: &str, change: i64) -> Result<()>;
    fn finish_exit(&mut self, warehouse: &str) -> Result<()>;
    /// The change of a file store, for what only it does so far.
    fn file_change(&self) -> Result<&ChangeTx<'_>>;
    /// Commits a change that touched something (its id and the audit head); a read-only
    /// effect ends, its staged rows kept for `plan create`.
    fn finish(self: Box<Self>, summary: &serde_json::Value) -> Result<Option<(i64, String)>>;
}

/// A store that changes go through: unbind batches and effects.
pub trait ChangeDesk {
    /// The blackout window `now` falls in (a dry run names the one the real run would meet).
    fn window_at(&mut self, now: chrono::DateTime<chrono::Utc>) -> Result<Option<Window>>;
    /// A read-only batch (`None`) or a change with this record.
    fn begin_batch(&mut self, change: Option<ChangeMeta>) -> Result<Box<dyn BatchTx + '_>>;
    /// A read-only effect (`None`) or a change with this record.
    fn begin_effect(&mut self, change: Option<ChangeMeta>) -> Result<Box<dyn EffectTx + '_>>;
    /// The refusal for a file a change (not rolled back) applied already.
    fn reapplied(&mut self, sha256: &str) -> Result<Option<Refused>>;
    /// Stores a plan of the pairs the last read-only batch or effect staged.
    fn create_plan(&mut self, plan: &NewPlan) -> Result<i64>;
    fn settings(&mut self) -> Result<Settings>;
    /// The newest change that is neither undone nor an undo (`rollback last`).
    fn last_undoable_change(&mut self) -> Result<Option<i64>>;
    fn change(&mut self, id: i64) -> Result<Option<ChangeRow>>;
    /// Every warehouse code, in order (a file's references are checked in memory).
    fn warehouse_codes(&mut self) -> Result<Vec<String>>;
    /// The server store, for what a server does in its own way (an import of links).
    fn as_server(&mut self) -> Option<&mut crate::store::postgres::Server>;
    /// The file store, for what runs only there so far.
    fn file_store(&mut self) -> Result<&mut crate::store::Store>;
}

/// A dry run's transaction asked to change the store: a bug in the caller, said plainly.
pub fn read_only<T>() -> Result<T> {
    Err(anyhow::anyhow!(crate::tr!("store-tx-read-only")))
}

/// What only a file store does so far, asked of a server.
pub fn not_on_server<T>() -> Result<T> {
    Err(crate::error::UsageError(crate::tr!("store-pg-not-yet")).into())
}
