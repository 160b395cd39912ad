//! An unbind batch on an open transaction, on either backend: the steps the engine
//! (`ops/unbind.rs`) takes — stage the pairs, plan them against the links, find input errors,
//! gather the facts the rules judge, record the decisions, apply — each a few set-based
//! statements whatever the batch size. A file store runs them in SQLite's dialect
//! (`store/sqlite/unbind/`), a server in PostgreSQL's (`store/postgres/unbind.rs`).

use anyhow::Result;

use crate::domain::checks::{Action, PairFacts, UnbindOptions};
use crate::domain::problem::Problems;
use crate::store::unbind::{BatchCounts, PairInput, PlannedPair};

/// Where the pairs come from, as the store stages them.
pub enum Staged<'a> {
    /// Pulled one at a time (a template is streamed, never held in memory).
    Pairs(&'a mut dyn FnMut() -> Result<Option<PairInput>>),
    /// A stored plan's pairs.
    Plan(i64),
    /// Every link at a warehouse (its exit): to `to`, or by route.
    Exit {
        warehouse: &'a str,
        to: Option<&'a str>,
        by_route: bool,
    },
}

/// One outcome row of `--report`: (line, sku, warehouse, outcome, reason).
pub type EachOutcome<'a> = dyn FnMut(u64, &str, &str, &str, &str) -> Result<()> + 'a;

/// A batch staged on one transaction: read-only (a dry run, a plan's validation) or a change.
pub trait BatchTx {
    fn stage(&mut self, from: Staged<'_>) -> Result<()>;
    /// Joins the pairs to their links; returns the duplicate lines (line, first line, pair).
    fn plan(&mut self, global_transfer: Option<&str>) -> Result<Vec<(u64, u64, String)>>;
    /// Unknown codes, pairs not linked, bad transfer targets, pushed to `problems`.
    fn input_problems(
        &mut self,
        global_transfer: Option<&str>,
        columns: [&str; 3],
        problems: &mut Problems,
    ) -> Result<()>;
    fn unjudged_counts(&mut self) -> Result<BatchCounts>;
    fn gather_facts(&mut self) -> Result<()>;
    fn pairs_to_judge(&mut self) -> Result<Vec<PairFacts>>;
    fn note_issue(&mut self, line: u64, outcome: &str, message: &str) -> Result<()>;
    fn set_action(&mut self, facts: &PairFacts, action: Action) -> Result<()>;
    fn apply_actions(&mut self) -> Result<()>;
    fn counts(&mut self) -> Result<BatchCounts>;
    fn planned(&mut self, limit: i64) -> Result<Vec<PlannedPair>>;
    fn drop_refused(&mut self) -> Result<BatchCounts>;
    fn each_outcome(&mut self, applied: bool, each: &mut EachOutcome<'_>) -> Result<()>;
    /// The change's id (`None` on a read-only batch).
    fn change_id(&self) -> Option<i64>;
    /// A change: before-images, transfers, audit entries, deletes and drains.
    fn apply_unbind(&mut self, counts: &BatchCounts, rules: &UnbindOptions) -> Result<()>;
    fn mark_plan_applied(&mut self, plan_id: i64) -> Result<()>;
    fn record_exit(&mut self, warehouse: &str) -> Result<()>;
    /// A change: commits (when it touched a row) and returns the change id and audit head.
    /// Read-only: ends the transaction, keeping the staged pairs for `plan create`.
    fn finish(self: Box<Self>, summary: &serde_json::Value) -> Result<Option<(i64, String)>>;
}
