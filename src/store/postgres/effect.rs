//! A change's effect on a server (`store/sqlite/effect.rs` in PostgreSQL's dialect): every
//! link it touches before and after, every warehouse status, staged in temporary tables,
//! judged against the live store, then written with its before-images and audit entries.

use anyhow::Result;
use postgres::Transaction;

use super::change::ChangeState;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::effect::EffectFacts;
use crate::domain::values::Qty;
use crate::error::{InputError, Refused};
use crate::store::changes::ChangeTx;
use crate::store::door::{EffectTx, not_on_server};
use crate::store::effect::{Effect, EffectCounts, Overwrite};

mod facts;
pub(super) use facts::refuse_too_large;
mod moves;
mod restore;
mod write;

const SCHEMA: &str = r#"
DROP TABLE IF EXISTS pg_temp.effect, pg_temp.effect_wh, pg_temp.effect_new_wh,
    pg_temp.effect_status, pg_temp.effect_loss, pg_temp.effect_after, pg_temp.effect_facts;
CREATE TEMP TABLE effect(
    product_id TEXT COLLATE "C" NOT NULL, warehouse_code TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    before_present BOOLEAN NOT NULL, before_qty BIGINT, before_priority BIGINT,
    before_state TEXT COLLATE "C", before_drain_started_at TEXT COLLATE "C",
    before_last_change BIGINT,
    after_present BOOLEAN NOT NULL, after_qty BIGINT, after_priority BIGINT,
    after_state TEXT COLLATE "C", after_drain_started_at TEXT COLLATE "C",
    after_last_change BIGINT,
    conflict BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (product_id, warehouse_code));
CREATE TEMP TABLE effect_wh(code TEXT COLLATE "C" PRIMARY KEY, before_status TEXT NOT NULL,
    after_status TEXT NOT NULL, before_region TEXT COLLATE "C", after_region TEXT COLLATE "C");
CREATE TEMP TABLE effect_new_wh(code TEXT COLLATE "C" PRIMARY KEY, name TEXT, region TEXT,
    status TEXT, storage_cost_micros BIGINT);
"#;

/// An effect on a server transaction: read-only (a dry run) or a change.
pub struct ServerEffect<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) change: Option<ChangeState>,
}

impl<'a> ServerEffect<'a> {
    pub fn new(mut tx: Transaction<'a>, change: Option<ChangeState>) -> Result<ServerEffect<'a>> {
        tx.batch_execute(SCHEMA)?;
        Ok(ServerEffect { tx, change })
    }

    fn change(&mut self) -> Result<&mut ChangeState> {
        self.change
            .as_mut()
            .map_or_else(crate::store::door::read_only, Ok)
    }

    /// Runs `f` with the change's state and the transaction (the audit appends to both).
    fn with_change<T>(
        &mut self,
        f: impl FnOnce(&mut ChangeState, &mut Transaction<'a>) -> Result<T>,
    ) -> Result<T> {
        let state = self
            .change
            .as_mut()
            .map_or_else(crate::store::door::read_only, Ok)?;
        f(state, &mut self.tx)
    }

    fn stage_rollback_rows(&mut self, target: i64) -> Result<()> {
        self.tx.execute(
            "INSERT INTO pg_temp.effect
             SELECT i.product_id, i.warehouse_code, 'rollback',
                    m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                    m.drain_started_at, m.last_change,
                    i.before_present <> 0, i.before_qty, i.before_priority, i.before_state,
                    i.before_drain_started_at, i.before_last_change,
                    (i.after_present <> 0 AND (m.product_id IS NULL
                        OR m.last_change IS DISTINCT FROM coalesce(i.after_last_change, $1)))
                    OR (i.after_present = 0 AND m.product_id IS NOT NULL)
             FROM change_items i
             LEFT JOIN inventory_mapping m
               ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
             WHERE i.change_id = $1",
            &[&target],
        )?;
        let summary: String = self
            .tx
            .query_one(
                "SELECT summary::text FROM changes WHERE id = $1",
                &[&target],
            )?
            .get(0);
        let tx = &mut self.tx;
        let now_of = |code: &str| {
            let r = tx.query_one(
                "SELECT status::text, region::text FROM warehouses WHERE code = $1",
                &[&code],
            )?;
            Ok((r.get(0), r.get(1)))
        };
        let put_back = crate::store::effect::statuses_to_put_back(&summary, target, now_of)?;
        for p in put_back {
            self.stage_status(&p.code, &p.now, &p.before, "rollback")?;
            if let Some((now, old)) = &p.region {
                self.stage_region(&p.code, now, old)?;
            }
        }
        Ok(())
    }
}

impl EffectTx for ServerEffect<'_> {
    fn stage_rollback(&mut self, target: i64) -> Result<()> {
        // The lock this change holds keeps history and the untouched links still, so the
        // proofs read the same store the staging does.
        let forged = facts::forged_in(&mut self.tx, target)?;
        let edited = facts::edited_since(&mut self.tx, target)?;
        crate::store::effect::refuse_unprovable_rollback(target, forged, edited)?;
        self.stage_rollback_rows(target)
    }

    fn stage_bind(
        &mut self,
        sku: &Sku,
        wh: &WarehouseCode,
        qty: Option<Qty>,
        priority: Option<i64>,
    ) -> Result<()> {
        let qty = qty.map(Qty::get);
        self.tx.execute(
            "INSERT INTO pg_temp.effect
             SELECT $1::text, $2::text, 'bind',
                    m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                    m.drain_started_at, m.last_change,
                    true, coalesce($3::bigint, m.stock_quantity, 0),
                    coalesce($4::bigint, m.priority, 100),
                    coalesce(m.state, 'active'), m.drain_started_at, NULL, false
             FROM (SELECT 1) one LEFT JOIN inventory_mapping m
               ON m.product_id = $1::text AND m.warehouse_code = $2::text
             WHERE m.product_id IS NULL
                OR m.stock_quantity IS DISTINCT FROM coalesce($3::bigint, m.stock_quantity)
                OR m.priority <> coalesce($4::bigint, m.priority)",
            &[&sku.as_str(), &wh.as_str(), &qty, &priority],
        )?;
        Ok(())
    }

    fn stage_cancel_drain(&mut self, sku: &Sku, wh: &WarehouseCode) -> Result<()> {
        let n = self.tx.execute(
            "INSERT INTO pg_temp.effect
             SELECT product_id, warehouse_code, 'drain-cancel', true, stock_quantity, priority,
                    state, drain_started_at, last_change,
                    true, stock_quantity, priority, 'active', NULL, NULL, false
             FROM inventory_mapping
             WHERE product_id = $1 AND warehouse_code = $2 AND state = 'draining'",
            &[&sku.as_str(), &wh.as_str()],
        )?;
        if n == 0 {
            anyhow::bail!(Refused(crate::tr!(
                "store-not-draining",
                sku = sku,
                warehouse = wh
            )));
        }
        Ok(())
    }

    fn stage_status_change(&mut self, code: &WarehouseCode, after: &str) -> Result<()> {
        let now = self.tx.query_opt(
            "SELECT status::text FROM warehouses WHERE code = $1",
            &[&code.as_str()],
        )?;
        let Some(now) = now.map(|r| r.get::<_, String>(0)) else {
            let hint = super::reads::warehouse_hint(&mut self.tx, code.as_str())?;
            anyhow::bail!(InputError::single(
                crate::domain::problem::COMMAND_LINE,
                "CODE",
                code.as_str(),
                &format!("{}{hint}", crate::tr!("store-unknown-warehouse"))
            ));
        };
        if now == after {
            anyhow::bail!(Refused(crate::tr!(
                "store-status-already",
                code = code,
                status = after
            )));
        }
        let action = if after == "closed" { "close" } else { "reopen" };
        self.stage_status(code.as_str(), &now, after, action)
    }

    fn stage_status(&mut self, code: &str, before: &str, after: &str, action: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO pg_temp.effect_wh(code, before_status, after_status) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET after_status = excluded.after_status",
            &[&code, &before, &after],
        )?;
        self.tx.execute(
            "INSERT INTO pg_temp.effect
             SELECT product_id, warehouse_code, $2, true, stock_quantity, priority, state,
                    drain_started_at, last_change,
                    true, stock_quantity, priority, state, drain_started_at, NULL, false
             FROM inventory_mapping WHERE warehouse_code = $1
             ON CONFLICT DO NOTHING",
            &[&code, &action],
        )?;
        Ok(())
    }

    fn stage_region(&mut self, code: &str, before: &str, after: &str) -> Result<()> {
        let status: String = self
            .tx
            .query_one(
                "SELECT status::text FROM warehouses WHERE code = $1",
                &[&code],
            )?
            .get(0);
        self.tx.execute(
            "INSERT INTO pg_temp.effect_wh(code, before_status, after_status, before_region,
                 after_region) VALUES ($1, $2, $2, $3, $4)
             ON CONFLICT (code) DO UPDATE SET before_region = excluded.before_region,
                 after_region = excluded.after_region",
            &[&code, &status, &before, &after],
        )?;
        Ok(())
    }

    fn stage_moves(
        &mut self,
        lines: &[crate::store::moves::MoveLine],
        problems: &mut crate::domain::problem::Problems,
    ) -> Result<i64> {
        moves::stage(&mut self.tx, lines, problems)
    }

    fn stage_adopt(&mut self) -> Result<u64> {
        use super::evidence::{EDITED, GONE};
        let edited = self.tx.execute(
            &format!(
                "INSERT INTO pg_temp.effect
                 SELECT d.product_id, d.warehouse_code, 'adopt',
                        d.recorded, CASE WHEN d.recorded THEN d.after_qty END,
                        m.priority, m.state, m.drain_started_at, m.last_change,
                        true, m.stock_quantity, m.priority, m.state, m.drain_started_at, NULL, false
                 FROM ({EDITED}) d
                 JOIN inventory_mapping m ON m.product_id = d.product_id
                                         AND m.warehouse_code = d.warehouse_code"
            ),
            &[],
        )?;
        let gone = self.tx.execute(
            &format!(
                "INSERT INTO pg_temp.effect
                 SELECT product_id, warehouse_code, 'adopt',
                        true, after_qty, coalesce(before_priority, 100),
                        coalesce(before_state, 'active'), before_drain_started_at,
                        coalesce(after_last_change, last),
                        false, NULL, NULL, NULL, NULL, NULL, false
                 FROM ({GONE}) g"
            ),
            &[],
        )?;
        Ok(edited + gone)
    }

    fn stage_restore_from(
        &mut self,
        feed: &mut crate::store::door::Feed<'_>,
        warehouses: &[crate::store::door::RestoreWarehouse],
    ) -> Result<()> {
        restore::stage(&mut self.tx, feed, warehouses)
    }

    fn stage_reconcile(&mut self) -> Result<()> {
        use super::reconcile::DIFFERENCES;
        self.tx.execute(
            &format!(
                "INSERT INTO pg_temp.effect
                 SELECT d.product_id, d.warehouse_code, 'reconcile',
                        m.product_id IS NOT NULL, m.stock_quantity, m.priority, m.state,
                        m.drain_started_at, m.last_change,
                        d.there IS NOT NULL, d.there,
                        CASE WHEN d.there IS NOT NULL THEN coalesce(m.priority, 100) END,
                        CASE WHEN d.there IS NOT NULL THEN coalesce(m.state, 'active') END,
                        CASE WHEN d.there IS NOT NULL THEN m.drain_started_at END, NULL, false
                 FROM ({DIFFERENCES}) d
                 LEFT JOIN inventory_mapping m
                   ON m.product_id = d.product_id AND m.warehouse_code = d.warehouse_code"
            ),
            &[],
        )?;
        Ok(())
    }

    fn stage_new_warehouse(
        &mut self,
        code: &WarehouseCode,
        name: &str,
        region: &str,
        storage_cost_micros: i64,
    ) -> Result<()> {
        let exists: bool = self
            .tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM warehouses WHERE code = $1)",
                &[&code.as_str()],
            )?
            .get(0);
        if exists {
            anyhow::bail!(InputError::single(
                crate::domain::problem::COMMAND_LINE,
                "CODE",
                code.as_str(),
                &crate::tr!("store-warehouse-exists"),
            ));
        }
        self.tx.execute(
            "INSERT INTO pg_temp.effect_new_wh VALUES ($1, $2, $3, 'active', $4)",
            &[&code.as_str(), &name, &region, &storage_cost_micros],
        )?;
        Ok(())
    }

    fn mark_plain_write(&mut self) -> Result<()> {
        self.change()?.mark_plain_write();
        Ok(())
    }

    fn file(&self) -> Result<Effect<'_>> {
        not_on_server()
    }

    fn counts(&mut self) -> Result<EffectCounts> {
        facts::counts(&mut self.tx)
    }

    fn facts(&mut self) -> Result<Vec<EffectFacts>> {
        facts::facts(&mut self.tx)
    }

    fn overwrites(&mut self, limit: i64) -> Result<Vec<Overwrite>> {
        facts::overwrites(&mut self.tx, limit)
    }

    fn reason(&self) -> String {
        self.change
            .as_ref()
            .map(|c| c.meta.reason.clone())
            .unwrap_or_default()
    }

    fn audit(
        &mut self,
        action: &str,
        sku: Option<&str>,
        wh: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        self.with_change(|state, tx| state.audit(tx, action, sku, wh, detail))
    }

    fn set_summary_extra(&mut self, fields: serde_json::Value) -> Result<()> {
        self.change()?.set_summary_extra(fields);
        Ok(())
    }

    fn apply_effect(&mut self, _checked: bool) -> Result<u64> {
        // A server holds every row to its CHECK constraints (there is no switch to ignore
        // them; rows a rollback puts back met them when they were written).
        self.with_change(write::apply)
    }

    fn audit_items(&mut self) -> Result<u64> {
        self.with_change(|state, tx| state.audit_items(tx))
    }

    fn mark_plan_if_any(&mut self, plan_id: Option<i64>) -> Result<()> {
        let Some(plan) = plan_id else {
            return Ok(());
        };
        let id = self.change()?.id;
        super::unbind::mark_plan_applied(&mut self.tx, id, plan)
    }

    fn hold_restored_drains(&mut self, target_kind: &str) -> Result<u64> {
        let id = self.change()?.id;
        Ok(self.tx.execute(
            "INSERT INTO drains(product_id, warehouse_code, change_id, held)
             SELECT m.product_id, m.warehouse_code, $1, 1
             FROM inventory_mapping m
             WHERE m.state = 'draining'
               AND EXISTS (SELECT 1 FROM change_items i WHERE i.change_id = $1
                             AND i.product_id = m.product_id AND i.warehouse_code = m.warehouse_code)
               AND ($2 OR NOT EXISTS (SELECT 1 FROM drains d WHERE d.product_id = m.product_id
                                        AND d.warehouse_code = m.warehouse_code))
             ON CONFLICT (product_id, warehouse_code) DO UPDATE SET held = 1",
            &[&id, &(target_kind == "drain-finish")],
        )?)
    }

    fn exit_still_closable(&mut self, warehouse: &str, change: i64) -> Result<()> {
        let r = self.tx.query_one(
            "SELECT EXISTS (SELECT 1 FROM warehouse_exits WHERE warehouse_code = $1
                              AND change_id = $2 AND status = 'pending')
                    AND NOT EXISTS (SELECT 1 FROM changes WHERE rolls_back = $2),
                    (SELECT count(*) FROM inventory_mapping WHERE warehouse_code = $1)",
            &[&warehouse, &change],
        )?;
        let (pending, links): (bool, i64) = (r.get(0), r.get(1));
        anyhow::ensure!(
            pending && links == 0,
            Refused(crate::tr!(
                "store-exit-unfinished",
                warehouse = warehouse,
                change = change,
                links = links
            ))
        );
        Ok(())
    }

    fn finish_exit(&mut self, warehouse: &str) -> Result<()> {
        let id = self.change()?.id;
        self.tx.execute(
            "UPDATE warehouse_exits SET status = 'closed', closed_change = $2
             WHERE warehouse_code = $1 AND status = 'pending'",
            &[&warehouse, &id],
        )?;
        Ok(())
    }

    fn file_change(&self) -> Result<&ChangeTx<'_>> {
        not_on_server()
    }

    fn finish(self: Box<Self>, summary: &serde_json::Value) -> Result<Option<(i64, String)>> {
        let ServerEffect { tx, change } = *self;
        match change {
            Some(state) => state.finish(tx, summary),
            None => tx.commit().map(|_| None).map_err(Into::into),
        }
    }
}
