//! Unbinding, set-based: the pairs are staged in temporary tables, checked with a handful
//! of statements whatever the batch size, and applied with one statement per step — never a
//! query per pair. The same code serves the dry run (inside a read transaction) and the real
//! run (inside the change's `BEGIN IMMEDIATE`), so the dry run shows exactly what would happen.

mod apply;
pub(in crate::store::sqlite) mod desk;
mod input;
pub(crate) use input::worded;
pub use outcomes::{outcome_of, reason_of};
mod outcomes;
mod rules;
mod stage;

use rusqlite::Connection;
use serde::Serialize;

use crate::domain::code::{Sku, WarehouseCode};

/// One requested pair, as given (a CSV line or a `--sku/--warehouse` flag pair).
#[derive(Debug, Clone)]
pub struct PairInput {
    /// The CSV line, or the position of the flag pair (1, 2, …) on the command line.
    pub line: u64,
    pub sku: Sku,
    pub warehouse: WarehouseCode,
    pub transfer_to: Option<WarehouseCode>,
    pub reason: Option<String>,
    /// The transfer target's priority when the unbind creates its link (else the source's).
    pub priority: Option<i64>,
}

/// The staged batch on one connection (temporary tables live as long as it does).
///
/// Joins from a temporary table to the store are written `CROSS JOIN`, which in SQLite fixes
/// the join order: temporary tables have no statistics, and the planner would otherwise scan a
/// million links to find a handful of pairs.
pub struct Batch<'c> {
    conn: &'c Connection,
}

/// A pair of the plan, as the dry run lists it.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedPair {
    pub line: u64,
    pub product_id: String,
    pub warehouse_code: String,
    pub action: String,
    pub stock_quantity: i64,
    pub transfer_to: Option<String>,
    pub open_orders: i64,
}

/// What a batch would do, in numbers.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct BatchCounts {
    pub pairs: u64,
    pub unbind: u64,
    pub transfer: u64,
    pub write_off: u64,
    pub drain: u64,
    pub units_transferred: i64,
    pub units_written_off: i64,
}

const STAGE: &str = "
DROP TABLE IF EXISTS temp.unbind_input;
DROP TABLE IF EXISTS temp.unbind_issue;
DROP TABLE IF EXISTS temp.unbind_plan;
DROP TABLE IF EXISTS temp.unbind_target;
DROP TABLE IF EXISTS temp.unbind_dup;
DROP TABLE IF EXISTS temp.unbind_action;
CREATE TEMP TABLE unbind_action(
    product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL, action TEXT NOT NULL,
    PRIMARY KEY (product_id, warehouse_code)) WITHOUT ROWID;
CREATE TEMP TABLE unbind_input(
    seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, product_id TEXT NOT NULL,
    warehouse_code TEXT NOT NULL, transfer_to TEXT, reason TEXT, priority INTEGER);
-- outcome: invalid | duplicate | refused | warning. `message` is what the report says (in
-- English, as every CSV invmap writes); an input error also names its `kind` and `arg`, from
-- which the operator's problem list is worded in their language.
CREATE TEMP TABLE unbind_issue(
    line INTEGER NOT NULL, outcome TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL,
    message TEXT NOT NULL, kind TEXT, arg TEXT);
-- the report looks issues up by line, once per input line: without this index a batch with
-- many warnings took minutes (each lookup scanned every issue)
CREATE INDEX temp.unbind_issue_by_line ON unbind_issue(line);
CREATE TEMP TABLE unbind_plan(
    product_id TEXT NOT NULL, warehouse_code TEXT NOT NULL, line INTEGER NOT NULL,
    transfer_to TEXT, reason TEXT, qty INTEGER NOT NULL, routable INTEGER NOT NULL,
    -- the priority of the transfer target's link when this unbind creates it
    target_priority INTEGER,
    region TEXT NOT NULL,
    -- the link's row as it is now: the before-image the change will record
    stock INTEGER, priority INTEGER NOT NULL, state TEXT NOT NULL, drain_started_at TEXT,
    last_change INTEGER,
    -- the SKU has another link that takes orders now (active, in an active warehouse)
    has_other INTEGER NOT NULL, open_orders INTEGER NOT NULL DEFAULT 0, oldest_open TEXT,
    target_status TEXT, orphan INTEGER NOT NULL DEFAULT 0, region_gap INTEGER NOT NULL DEFAULT 0,
    action TEXT NOT NULL DEFAULT 'unbind');
";
