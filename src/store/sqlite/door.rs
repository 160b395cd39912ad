//! A file store behind the door's traits (`store/door.rs`): its batches and effects on a
//! read transaction (a dry run) or a change.

use anyhow::Result;

use super::Store;
use super::effect::{Effect, EffectCounts, Overwrite};
use super::tx::{PlainTx, Tx};
use super::unbind::desk::FileBatch;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::effect::EffectFacts;
use crate::domain::values::Qty;
use crate::domain::windows::Window;
use crate::store::batch::BatchTx;
use crate::store::changes::{ChangeMeta, ChangeTx};
use crate::store::door::{ChangeDesk, EffectTx};

impl ChangeDesk for Store {
    fn window_at(&mut self, now: chrono::DateTime<chrono::Utc>) -> Result<Option<Window>> {
        Store::window_at(self, now)
    }

    fn begin_batch(&mut self, change: Option<ChangeMeta>) -> Result<Box<dyn BatchTx + '_>> {
        Ok(Box::new(match change {
            Some(meta) => FileBatch::Change(Box::new(self.begin_change(meta)?)),
            None => FileBatch::Read(self.begin_read()?),
        }))
    }

    fn begin_effect(&mut self, change: Option<ChangeMeta>) -> Result<Box<dyn EffectTx + '_>> {
        let door = match change {
            Some(meta) => FileDoor::Change(Box::new(self.begin_change(meta)?)),
            None => FileDoor::Read(self.begin_read()?),
        };
        Effect::new(door.tx())?;
        Ok(Box::new(door))
    }

    fn reapplied(&mut self, sha256: &str) -> Result<Option<crate::error::Refused>> {
        Store::reapplied(self, sha256)
    }

    fn create_plan(&mut self, plan: &crate::store::plans::NewPlan) -> Result<i64> {
        Store::create_plan(self, plan)
    }

    fn settings(&mut self) -> Result<crate::domain::settings::Settings> {
        Store::settings(self)
    }

    fn last_undoable_change(&mut self) -> Result<Option<i64>> {
        Store::last_undoable_change(self)
    }

    fn change(&mut self, id: i64) -> Result<Option<crate::store::changes::ChangeRow>> {
        Store::change(self, id)
    }

    fn warehouse_codes(&mut self) -> Result<Vec<String>> {
        Store::warehouse_codes(self)
    }

    fn as_server(&mut self) -> Option<&mut crate::store::postgres::Server> {
        None
    }

    fn file_store(&mut self) -> Result<&mut Store> {
        Ok(self)
    }
}

/// An effect on a file store's transaction.
pub enum FileDoor<'s> {
    Read(PlainTx<'s>),
    Change(Box<ChangeTx<'s>>),
}

impl<'s> FileDoor<'s> {
    /// The door through a change already open (an import of warehouses writes its plain
    /// rows first).
    pub fn open(tx: ChangeTx<'s>) -> Result<Box<dyn EffectTx + 's>> {
        let door = FileDoor::Change(Box::new(tx));
        Effect::new(door.tx())?;
        Ok(Box::new(door))
    }
}

impl FileDoor<'_> {
    fn tx(&self) -> &dyn Tx {
        match self {
            FileDoor::Read(tx) => tx,
            FileDoor::Change(tx) => tx.as_ref(),
        }
    }

    fn effect(&self) -> Effect<'_> {
        Effect::on(self.tx())
    }

    fn change(&self) -> Result<&ChangeTx<'_>> {
        match self {
            FileDoor::Change(tx) => Ok(tx),
            FileDoor::Read(_) => crate::store::door::read_only(),
        }
    }
}

impl EffectTx for FileDoor<'_> {
    fn stage_rollback(&mut self, target: i64) -> Result<()> {
        self.effect().stage_rollback(target)
    }

    fn stage_bind(
        &mut self,
        sku: &Sku,
        wh: &WarehouseCode,
        qty: Option<Qty>,
        priority: Option<i64>,
    ) -> Result<()> {
        self.effect().stage_bind(sku, wh, qty, priority)
    }

    fn stage_cancel_drain(&mut self, sku: &Sku, wh: &WarehouseCode) -> Result<()> {
        self.effect().stage_cancel_drain(sku, wh)
    }

    fn stage_status_change(&mut self, code: &WarehouseCode, after: &str) -> Result<()> {
        self.effect().stage_status_change(code, after)
    }

    fn stage_moves(
        &mut self,
        lines: &[crate::store::moves::MoveLine],
        problems: &mut crate::domain::problem::Problems,
    ) -> Result<i64> {
        self.effect().stage_moves(lines, problems)
    }

    fn stage_adopt(&mut self) -> Result<u64> {
        self.effect().stage_adopt()
    }

    fn stage_restore_from(
        &mut self,
        feed: &mut crate::store::door::Feed<'_>,
        warehouses: &[crate::store::door::RestoreWarehouse],
    ) -> Result<()> {
        let effect = self.effect();
        super::backup::stage_links_and_warehouses(effect.tx(), feed, warehouses)?;
        effect.stage_restore()
    }

    fn stage_reconcile(&mut self) -> Result<()> {
        self.effect().stage_reconcile()
    }

    fn stage_new_warehouse(
        &mut self,
        code: &WarehouseCode,
        name: &str,
        region: &str,
        storage_cost_micros: i64,
    ) -> Result<()> {
        self.effect()
            .stage_new_warehouse(code, name, region, storage_cost_micros)
    }

    fn stage_status(&mut self, code: &str, before: &str, after: &str, action: &str) -> Result<()> {
        self.effect().stage_status(code, before, after, action)
    }

    fn stage_region(&mut self, code: &str, before: &str, after: &str) -> Result<()> {
        self.effect().stage_region(code, before, after)
    }

    fn mark_plain_write(&mut self) -> Result<()> {
        self.change()?.mark_plain_write();
        Ok(())
    }

    fn file(&self) -> Result<Effect<'_>> {
        Ok(self.effect())
    }

    fn counts(&mut self) -> Result<EffectCounts> {
        self.effect().counts()
    }

    fn facts(&mut self) -> Result<Vec<EffectFacts>> {
        self.effect().facts()
    }

    fn overwrites(&mut self, limit: i64) -> Result<Vec<Overwrite>> {
        self.effect().overwrites(limit)
    }

    fn reason(&self) -> String {
        match self {
            FileDoor::Change(tx) => tx.reason().to_string(),
            FileDoor::Read(_) => String::new(),
        }
    }

    fn audit(
        &mut self,
        action: &str,
        sku: Option<&str>,
        wh: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        self.change()?.audit(action, sku, wh, detail)
    }

    fn set_summary_extra(&mut self, fields: serde_json::Value) -> Result<()> {
        self.change()?.set_summary_extra(fields);
        Ok(())
    }

    fn apply_effect(&mut self, checked: bool) -> Result<u64> {
        self.change()?.apply_effect(checked)
    }

    fn audit_items(&mut self) -> Result<u64> {
        self.change()?.audit_items()
    }

    fn mark_plan_if_any(&mut self, plan_id: Option<i64>) -> Result<()> {
        self.change()?.mark_plan_if_any(plan_id)
    }

    fn hold_restored_drains(&mut self, target_kind: &str) -> Result<u64> {
        self.change()?.hold_restored_drains(target_kind)
    }

    fn exit_still_closable(&mut self, warehouse: &str, change: i64) -> Result<()> {
        self.change()?.exit_still_closable(warehouse, change)
    }

    fn finish_exit(&mut self, warehouse: &str) -> Result<()> {
        self.change()?.finish_exit(warehouse)
    }

    fn file_change(&self) -> Result<&ChangeTx<'_>> {
        self.change()
    }

    fn finish(self: Box<Self>, summary: &serde_json::Value) -> Result<Option<(i64, String)>> {
        match *self {
            FileDoor::Change(tx) => (*tx).finish(summary),
            // A read transaction writes nothing; the staged effect stays on the connection
            // for `plan create` to copy.
            FileDoor::Read(tx) => tx.commit().map(|_| None),
        }
    }
}
