//! The unbind batch of a file store behind [`BatchTx`]: a read transaction (dry run, plan
//! validation) or a change, with the batch's temporary tables on its connection.

use anyhow::Result;
use rusqlite::Connection;

use super::{Batch, BatchCounts, PlannedPair};
use crate::domain::checks::{Action, PairFacts, UnbindOptions};
use crate::domain::problem::Problems;
use crate::store::batch::{BatchTx, EachOutcome, Staged};
use crate::store::changes::ChangeTx;
use crate::store::sqlite::tx::{PlainTx, TxConn};

pub(in crate::store::sqlite) enum FileBatch<'s> {
    Read(PlainTx<'s>),
    Change(Box<ChangeTx<'s>>),
}

impl FileBatch<'_> {
    fn conn(&self) -> &Connection {
        match self {
            FileBatch::Read(tx) => tx.conn(),
            FileBatch::Change(tx) => tx.conn(),
        }
    }

    fn batch(&self) -> Batch<'_> {
        Batch { conn: self.conn() }
    }

    fn change(&self) -> Result<&ChangeTx<'_>> {
        match self {
            FileBatch::Change(tx) => Ok(tx),
            FileBatch::Read(_) => crate::store::door::read_only(),
        }
    }
}

impl BatchTx for FileBatch<'_> {
    fn stage(&mut self, from: Staged<'_>) -> Result<()> {
        let conn = self.conn();
        match from {
            Staged::Pairs(next) => Batch::stage(conn, next),
            Staged::Plan(id) => Batch::stage_plan(conn, id),
            Staged::Exit {
                warehouse,
                to,
                by_route,
            } => Batch::stage_exit(conn, warehouse, to, by_route),
        }
        .map(|_| ())
    }

    fn plan(&mut self, global_transfer: Option<&str>) -> Result<Vec<(u64, u64, String)>> {
        self.batch().plan(global_transfer)
    }

    fn input_problems(
        &mut self,
        global_transfer: Option<&str>,
        columns: [&str; 3],
        problems: &mut Problems,
    ) -> Result<()> {
        self.batch()
            .input_problems(global_transfer, columns, problems)
    }

    fn unjudged_counts(&mut self) -> Result<BatchCounts> {
        self.batch().unjudged_counts()
    }

    fn gather_facts(&mut self) -> Result<()> {
        self.batch().gather_facts()
    }

    fn pairs_to_judge(&mut self) -> Result<Vec<PairFacts>> {
        self.batch().pairs_to_judge()
    }

    fn note_issue(&mut self, line: u64, outcome: &str, message: &str) -> Result<()> {
        self.batch().note_issue(line, outcome, message)
    }

    fn set_action(&mut self, facts: &PairFacts, action: Action) -> Result<()> {
        self.batch().set_action(facts, action)
    }

    fn apply_actions(&mut self) -> Result<()> {
        self.batch().apply_actions()
    }

    fn counts(&mut self) -> Result<BatchCounts> {
        self.batch().counts()
    }

    fn planned(&mut self, limit: i64) -> Result<Vec<PlannedPair>> {
        self.batch().planned(limit)
    }

    fn drop_refused(&mut self) -> Result<BatchCounts> {
        self.batch().drop_refused()
    }

    fn each_outcome(&mut self, applied: bool, each: &mut EachOutcome<'_>) -> Result<()> {
        self.batch().each_outcome(applied, each)
    }

    fn change_id(&self) -> Option<i64> {
        match self {
            FileBatch::Change(tx) => Some(tx.id),
            FileBatch::Read(_) => None,
        }
    }

    fn apply_unbind(&mut self, counts: &BatchCounts, rules: &UnbindOptions) -> Result<()> {
        self.change()?.apply_unbind(counts, rules)
    }

    fn mark_plan_applied(&mut self, plan_id: i64) -> Result<()> {
        self.change()?.mark_plan_applied(plan_id)
    }

    fn record_exit(&mut self, warehouse: &str) -> Result<()> {
        self.change()?.record_exit(warehouse)
    }

    fn finish(self: Box<Self>, summary: &serde_json::Value) -> Result<Option<(i64, String)>> {
        match *self {
            FileBatch::Change(tx) => (*tx).finish(summary),
            // Committing a read transaction writes nothing; the staged pairs stay on the
            // connection for `plan create` to copy.
            FileBatch::Read(tx) => tx.commit().map(|_| None),
        }
    }
}
