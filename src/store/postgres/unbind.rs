//! The unbind batch on a server (`store/sqlite/unbind/` in PostgreSQL's dialect): the pairs
//! are streamed in with COPY, checked with a handful of set-based statements whatever the
//! batch size, and applied with one statement per step. Decisions and notes the rules make
//! in Rust are gathered and sent back with COPY too, never a statement per pair.

use anyhow::Result;
use postgres::Transaction;
use postgres::fallible_iterator::FallibleIterator;

use super::change::ChangeState;
use super::copy_escape;
use crate::domain::checks::{Action, PairFacts, UnbindOptions};
use crate::domain::problem::Problems;
use crate::store::batch::{BatchTx, EachOutcome, Staged};
use crate::store::unbind::{BatchCounts, PairInput, PlannedPair};

mod apply;
mod rules;

pub(super) use apply::mark_plan_applied;

const STAGE: &str = r#"
DROP TABLE IF EXISTS pg_temp.unbind_input, pg_temp.unbind_issue, pg_temp.unbind_plan,
    pg_temp.unbind_action, pg_temp.unbind_dup, pg_temp.unbind_unmatched,
    pg_temp.unbind_target, pg_temp.unbind_new_target;
CREATE TEMP TABLE unbind_action(
    product_id TEXT COLLATE "C" NOT NULL, warehouse_code TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL);
CREATE TEMP TABLE unbind_input(
    seq BIGINT GENERATED ALWAYS AS IDENTITY, line BIGINT NOT NULL,
    product_id TEXT COLLATE "C" NOT NULL, warehouse_code TEXT COLLATE "C" NOT NULL,
    transfer_to TEXT COLLATE "C", reason TEXT COLLATE "C", priority BIGINT);
-- `n` keeps the order the issues were found in (the report joins a line's messages so)
CREATE TEMP TABLE unbind_issue(
    n BIGINT GENERATED ALWAYS AS IDENTITY, line BIGINT NOT NULL, outcome TEXT COLLATE "C" NOT NULL,
    col TEXT COLLATE "C" NOT NULL, value TEXT COLLATE "C" NOT NULL,
    message TEXT COLLATE "C" NOT NULL, kind TEXT COLLATE "C", arg TEXT COLLATE "C");
CREATE INDEX ON unbind_issue(line);
CREATE TEMP TABLE unbind_plan(
    product_id TEXT COLLATE "C" NOT NULL, warehouse_code TEXT COLLATE "C" NOT NULL,
    line BIGINT NOT NULL, transfer_to TEXT COLLATE "C", reason TEXT COLLATE "C",
    qty BIGINT NOT NULL, routable BOOLEAN NOT NULL, target_priority BIGINT,
    region TEXT COLLATE "C" NOT NULL,
    stock BIGINT, priority BIGINT NOT NULL, state TEXT COLLATE "C" NOT NULL,
    drain_started_at TEXT COLLATE "C", last_change BIGINT,
    has_other BOOLEAN NOT NULL, open_orders BIGINT NOT NULL DEFAULT 0,
    oldest_open TEXT COLLATE "C", target_status TEXT COLLATE "C",
    orphan BOOLEAN NOT NULL DEFAULT false, region_gap BOOLEAN NOT NULL DEFAULT false,
    action TEXT COLLATE "C" NOT NULL DEFAULT 'unbind');
"#;

/// A batch on a server transaction: read-only (REPEATABLE READ, a consistent view without
/// the change lock) or a change.
pub struct ServerBatch<'a> {
    pub(super) tx: Transaction<'a>,
    pub(super) change: Option<ChangeState>,
    /// Decisions and notes of the rules, sent with COPY before the plan is read again.
    actions: Vec<(String, String, &'static str)>,
    issues: Vec<(u64, String, String)>,
}

impl<'a> ServerBatch<'a> {
    pub(super) fn new(tx: Transaction<'a>, change: Option<ChangeState>) -> ServerBatch<'a> {
        ServerBatch {
            tx,
            change,
            actions: Vec::new(),
            issues: Vec::new(),
        }
    }
}

/// One COPY text line of fields (`None`: NULL).
pub(super) fn copy_line(out: &mut Vec<u8>, fields: &[Option<&str>]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        match f {
            Some(text) => copy_escape(out, text.as_bytes()),
            None => out.extend_from_slice(b"\\N"),
        }
    }
    out.push(b'\n');
}

impl ServerBatch<'_> {
    fn stage_pairs(&mut self, next: &mut dyn FnMut() -> Result<Option<PairInput>>) -> Result<()> {
        let mut w = self.tx.copy_in(
            "COPY pg_temp.unbind_input(line, product_id, warehouse_code, transfer_to, reason,
                                       priority) FROM STDIN",
        )?;
        let mut buf = Vec::with_capacity(1 << 16);
        while let Some(p) = next()? {
            let (line, priority) = (p.line.to_string(), p.priority.map(|v| v.to_string()));
            copy_line(
                &mut buf,
                &[
                    Some(&line),
                    Some(p.sku.as_str()),
                    Some(p.warehouse.as_str()),
                    p.transfer_to.as_ref().map(|t| t.as_str()),
                    p.reason.as_deref(),
                    priority.as_deref(),
                ],
            );
            if buf.len() > 1 << 16 {
                std::io::Write::write_all(&mut w, &buf)?;
                buf.clear();
            }
        }
        std::io::Write::write_all(&mut w, &buf)?;
        w.finish()?;
        Ok(())
    }

    /// Sends the rules' decisions and notes gathered since the last time.
    fn flush(&mut self) -> Result<()> {
        if !self.actions.is_empty() {
            let mut buf = Vec::new();
            for (sku, wh, action) in self.actions.drain(..) {
                copy_line(&mut buf, &[Some(&sku), Some(&wh), Some(action)]);
            }
            let copy = "COPY pg_temp.unbind_action(product_id, warehouse_code, action) FROM STDIN";
            super::send_copy(&mut self.tx, copy, &buf)?;
        }
        if !self.issues.is_empty() {
            let mut buf = Vec::new();
            for (line, outcome, message) in self.issues.drain(..) {
                let line = line.to_string();
                copy_line(
                    &mut buf,
                    &[
                        Some(&line),
                        Some(&outcome),
                        Some(""),
                        Some(""),
                        Some(&message),
                    ],
                );
            }
            let copy = "COPY pg_temp.unbind_issue(line, outcome, col, value, message) FROM STDIN";
            super::send_copy(&mut self.tx, copy, &buf)?;
        }
        Ok(())
    }

    fn change(&mut self) -> Result<&mut ChangeState> {
        self.change
            .as_mut()
            .map_or_else(crate::store::door::read_only, Ok)
    }
}

impl BatchTx for ServerBatch<'_> {
    fn stage(&mut self, from: Staged<'_>) -> Result<()> {
        self.tx.batch_execute(STAGE)?;
        match from {
            Staged::Pairs(next) => self.stage_pairs(next)?,
            Staged::Plan(id) => {
                self.tx.execute(
                    "INSERT INTO pg_temp.unbind_input(line, product_id, warehouse_code, transfer_to,
                         reason, priority)
                     SELECT line, product_id, warehouse_code, transfer_to, reason, priority
                     FROM plan_pairs WHERE plan_id = $1 ORDER BY line",
                    &[&id],
                )?;
            }
            Staged::Exit {
                warehouse,
                to,
                by_route,
            } => {
                self.tx.execute(
                    "INSERT INTO pg_temp.unbind_input(line, product_id, warehouse_code, transfer_to)
                     SELECT row_number() OVER (ORDER BY m.product_id), m.product_id, m.warehouse_code,
                            CASE WHEN $2::text IS NOT NULL THEN $2::text
                                 WHEN $3 THEN (
                                   SELECT o.warehouse_code FROM inventory_mapping o
                                   JOIN warehouses w ON w.code = o.warehouse_code
                                   WHERE o.product_id = m.product_id
                                     AND o.warehouse_code <> m.warehouse_code
                                     AND w.status = 'active' AND o.state = 'active'
                                   ORDER BY o.priority, coalesce(o.stock_quantity, 0) DESC,
                                            o.warehouse_code
                                   LIMIT 1) END
                     FROM inventory_mapping m WHERE m.warehouse_code = $1 ORDER BY m.product_id",
                    &[&warehouse, &to, &by_route],
                )?;
            }
        }
        // Temporary tables have no statistics until asked: without them the planner guesses
        // and may scan every link for a handful of pairs.
        self.tx.batch_execute("ANALYZE pg_temp.unbind_input")?;
        Ok(())
    }

    fn plan(&mut self, global_transfer: Option<&str>) -> Result<Vec<(u64, u64, String)>> {
        rules::plan(&mut self.tx, global_transfer)
    }

    fn input_problems(
        &mut self,
        global_transfer: Option<&str>,
        columns: [&str; 3],
        problems: &mut Problems,
    ) -> Result<()> {
        rules::input_problems(&mut self.tx, global_transfer, columns, problems)
    }

    fn unjudged_counts(&mut self) -> Result<BatchCounts> {
        let pairs: i64 = self
            .tx
            .query_one("SELECT count(*) FROM pg_temp.unbind_plan", &[])?
            .get(0);
        Ok(BatchCounts {
            pairs: pairs as u64,
            unbind: pairs as u64,
            ..BatchCounts::default()
        })
    }

    fn gather_facts(&mut self) -> Result<()> {
        rules::gather_facts(&mut self.tx)
    }

    fn pairs_to_judge(&mut self) -> Result<Vec<PairFacts>> {
        let rows = self.tx.query(
            "SELECT line, product_id, warehouse_code, qty, open_orders, oldest_open, transfer_to,
                    target_status, orphan, CASE WHEN region_gap THEN region END
             FROM pg_temp.unbind_plan
             WHERE qty > 0 OR open_orders > 0 OR orphan OR region_gap
             ORDER BY line",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| PairFacts {
                line: r.get::<_, i64>(0) as u64,
                sku: r.get(1),
                warehouse: r.get(2),
                qty: r.get(3),
                open_orders: r.get(4),
                oldest_open: r.get(5),
                transfer_to: r.get(6),
                target_status: r.get(7),
                leaves_orphan: r.get(8),
                region_gap: r.get(9),
            })
            .collect())
    }

    fn note_issue(&mut self, line: u64, outcome: &str, message: &str) -> Result<()> {
        self.issues
            .push((line, outcome.to_string(), message.to_string()));
        Ok(())
    }

    fn set_action(&mut self, f: &PairFacts, action: Action) -> Result<()> {
        if action != Action::Unbind {
            self.actions
                .push((f.sku.clone(), f.warehouse.clone(), action.as_str()));
        }
        Ok(())
    }

    fn apply_actions(&mut self) -> Result<()> {
        self.flush()?;
        self.tx.batch_execute(
            "UPDATE pg_temp.unbind_plan p SET action = a.action
             FROM pg_temp.unbind_action a
             WHERE a.product_id = p.product_id AND a.warehouse_code = p.warehouse_code;
             DELETE FROM pg_temp.unbind_action;",
        )?;
        Ok(())
    }

    fn counts(&mut self) -> Result<BatchCounts> {
        let r = self.tx.query_one(
            "SELECT count(*), count(*) FILTER (WHERE action = 'unbind'),
                    count(*) FILTER (WHERE action = 'transfer'),
                    count(*) FILTER (WHERE action = 'write-off'),
                    count(*) FILTER (WHERE action = 'drain'),
                    coalesce(sum(qty) FILTER (WHERE action = 'transfer'), 0)::bigint,
                    coalesce(sum(qty) FILTER (WHERE action = 'write-off'), 0)::bigint
             FROM pg_temp.unbind_plan",
            &[],
        )?;
        let n = |i: usize| r.get::<_, i64>(i) as u64;
        Ok(BatchCounts {
            pairs: n(0),
            unbind: n(1),
            transfer: n(2),
            write_off: n(3),
            drain: n(4),
            units_transferred: r.get(5),
            units_written_off: r.get(6),
        })
    }

    fn planned(&mut self, limit: i64) -> Result<Vec<PlannedPair>> {
        let rows = self.tx.query(
            "SELECT line, product_id, warehouse_code, action, qty,
                    CASE WHEN action <> 'write-off' THEN transfer_to END, open_orders
             FROM pg_temp.unbind_plan ORDER BY line LIMIT $1",
            &[&limit],
        )?;
        Ok(rows
            .iter()
            .map(|r| PlannedPair {
                line: r.get::<_, i64>(0) as u64,
                product_id: r.get(1),
                warehouse_code: r.get(2),
                action: r.get(3),
                stock_quantity: r.get(4),
                transfer_to: r.get(5),
                open_orders: r.get(6),
            })
            .collect())
    }

    fn drop_refused(&mut self) -> Result<BatchCounts> {
        self.flush()?;
        self.tx.execute(
            "DELETE FROM pg_temp.unbind_plan
             WHERE line IN (SELECT line FROM pg_temp.unbind_issue WHERE outcome = 'refused')",
            &[],
        )?;
        self.counts()
    }

    fn each_outcome(&mut self, applied: bool, each: &mut EachOutcome<'_>) -> Result<()> {
        self.flush()?;
        let mut rows = self.tx.query_raw(
            "SELECT i.line, i.product_id, i.warehouse_code,
                    (SELECT outcome FROM pg_temp.unbind_issue x
                     WHERE x.line = i.line AND x.outcome <> 'warning'
                     ORDER BY x.outcome = 'invalid' DESC, x.n LIMIT 1),
                    (SELECT string_agg(message, '; ' ORDER BY x.n) FROM pg_temp.unbind_issue x
                     WHERE x.line = i.line),
                    p.action, i.reason
             FROM pg_temp.unbind_input i
             LEFT JOIN pg_temp.unbind_plan p
               ON p.product_id = i.product_id AND p.warehouse_code = i.warehouse_code
              AND p.line = i.line
             ORDER BY i.seq",
            std::iter::empty::<&(dyn postgres::types::ToSql + Sync)>(),
        )?;
        while let Some(r) = rows.next()? {
            let line = r.get::<_, i64>(0) as u64;
            let outcome = crate::store::unbind::outcome_of(
                r.get::<_, Option<&str>>(3),
                r.get::<_, Option<&str>>(5),
                applied,
            );
            let why = crate::store::unbind::reason_of(r.get(4), r.get(6));
            each(line, r.get(1), r.get(2), &outcome, &why)?;
        }
        Ok(())
    }

    fn change_id(&self) -> Option<i64> {
        self.change.as_ref().map(|c| c.id)
    }

    fn apply_unbind(&mut self, counts: &BatchCounts, rules: &UnbindOptions) -> Result<()> {
        let id = self.change()?.id;
        apply::apply(&mut self.tx, id, counts, rules)?;
        let mut state = self.change.take().expect("a change");
        let written = state.audit_items(&mut self.tx);
        self.change = Some(state);
        written?;
        let at = self.change()?.meta.at.clone();
        apply::delete_and_drain(&mut self.tx, id, &at, counts, rules)
    }

    fn mark_plan_applied(&mut self, plan_id: i64) -> Result<()> {
        let id = self.change()?.id;
        apply::mark_plan_applied(&mut self.tx, id, plan_id)
    }

    fn record_exit(&mut self, warehouse: &str) -> Result<()> {
        let (id, at) = {
            let c = self.change()?;
            (c.id, c.meta.at.clone())
        };
        self.tx.execute(
            "INSERT INTO warehouse_exits(warehouse_code, change_id, started_at, status)
             VALUES ($1, $2, $3, 'pending')
             ON CONFLICT (warehouse_code) DO UPDATE SET change_id = excluded.change_id,
                 started_at = excluded.started_at, status = 'pending', closed_change = NULL",
            &[&warehouse, &id, &at],
        )?;
        Ok(())
    }

    fn finish(self: Box<Self>, summary: &serde_json::Value) -> Result<Option<(i64, String)>> {
        let ServerBatch { tx, change, .. } = *self;
        match change {
            Some(state) => state.finish(tx, summary),
            // Temporary tables outlive the transaction: `plan create` copies the pairs.
            None => tx.commit().map(|_| None).map_err(Into::into),
        }
    }
}
