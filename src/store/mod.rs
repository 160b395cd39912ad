//! The store seam: the only door to the data. Everything above it (`cli`, `ops`, `metrics`,
//! `report`) asks for typed operations — stage these pairs, judge them, apply them, append
//! an audit entry, stream these rows — and gets typed values back. No driver type and no SQL
//! string crosses this line; `store/sqlite/` is the one implementation today, and a server
//! backend (`store/postgres/`) sits beside it, chosen by the `--db` location's scheme.
//!
//! # What every backend guarantees (the contracts the layers above rely on)
//!
//! - **Changes are serialised.** At most one change transaction is open on a store at a time
//!   (SQLite: `BEGIN IMMEDIATE`; a server: an advisory transaction lock). Every decision that
//!   depends on the store is read inside that transaction, so two operators racing cannot both
//!   win. Readers never wait for a writer (a snapshot of the last commit).
//! - **All or nothing.** A change — its row, its before-images, its audit entries and the
//!   edit itself — commits in one transaction or not at all; a signal or a crash leaves the
//!   store as it was before.
//! - **Ids compare bytewise.** Product and warehouse codes sort and compare as bytes (SQLite's
//!   BINARY collation, `COLLATE "C"` on a server), so exports, metrics and the audit chain come
//!   out in the same order on every backend.
//! - **Times are UTC** text in RFC 3339 with a `Z` (`2026-11-27T09:00:00Z`): they sort as text,
//!   and the store's `timezone` setting is applied only when a time is shown or a calendar day
//!   is cut.
//! - **The audit trail is appended in id order** and each entry's hash covers the previous
//!   one's; the bytes hashed are defined once (`audit::entry_hash`), so a store copied from one
//!   backend to another keeps its head.
//! - **Codes and quantities arrive validated** ([`crate::domain::values`]): a backend never
//!   sees a code or a number that the domain's types refused.
//!
//! The typed values that cross the seam (rows, counts, change metadata) are defined beside
//! the operation that produces them and re-exported here.
//!
//! # How the second backend joins
//!
//! [`open`] reads the location's scheme ([`Location`]) and opens a file store; a server
//! store is [`postgres::Server`]. A command runs on both once every operation it needs is a
//! *capability* both implement — a small trait here ([`Links`], [`AuditProof`], [`PlanDesk`],
//! [`SettingsDesk`], [`BlackoutDesk`], [`History`], [`Listings`], [`SkuStock`], [`Routing`],
//! [`Consistency`], [`MetricsSource`]) with one implementation per backend — and it opens the
//! store with `Ctx::open_either`, which also makes the operator the connected role on a
//! server. Commands whose capabilities are not there yet refuse a server location with a
//! usage error naming the ones that run. What both backends must agree on byte for byte (the
//! audit entry's hashed text, a setting's or a window's audit detail, the drift examples) is
//! written once and called from both. `store::copy` moves a whole store between them.

pub mod batch;
pub mod copy;
pub mod door;
pub mod due;
pub mod postgres;
pub mod reconciling;
mod sqlite;

use std::path::Path;

use anyhow::Result;

use crate::error::UsageError;

pub use door::ChangeDesk;
pub use due::DueDesk;
pub use reconciling::Reconciling;
pub use sqlite::door::FileDoor;
pub use sqlite::tx::{PlainTx, Tx};
pub use sqlite::{OpenMode, PAGE_SIZE, Store, busy_timeout_ms};
pub use sqlite::{
    audit, backup, blackout, changes, check, drains, drift, effect, evidence, exits, imports,
    lease, links, metrics, moves, plans, reconcile, reverse, rollback, settings, stages, suggest,
    unbind, warehouses,
};

/// Reading every link in key order, on either backend: the first capability both backends
/// share (`export mappings`, `backup -o FILE.csv`). Commands move to the server backend as
/// the capabilities they need are implemented for [`postgres::Server`].
pub trait Links {
    fn each_link(&mut self, each: &mut dyn FnMut(&links::LinkRow) -> Result<()>) -> Result<()>;
}

/// (A file store reads through a shared reference: `&mut &store`.)
impl Links for &Store {
    fn each_link(&mut self, each: &mut dyn FnMut(&links::LinkRow) -> Result<()>) -> Result<()> {
        Store::each_link(self, each)
    }
}

/// What the audit trail proves (`audit verify`, `audit anchor`), on either backend.
pub trait AuditProof {
    fn audit_verify(&mut self) -> Result<audit::Verification>;
    fn audit_reconcile(&mut self) -> Result<evidence::Reconciliation>;
    /// Rows whose before- or after-image no longer says what its audit entry says.
    fn forged_items(&mut self) -> Result<(i64, Vec<String>)>;
    /// Links edited, added or deleted behind invmap's back.
    fn drifted_links(&mut self) -> Result<(i64, Vec<String>)>;
    fn missing_guards(&mut self) -> Result<Vec<String>>;
    fn audit_end(&mut self) -> Result<evidence::Head>;
    fn audit_entry_with_hash(&mut self, head: &str) -> Result<Option<i64>>;
}

impl AuditProof for Store {
    fn audit_verify(&mut self) -> Result<audit::Verification> {
        Store::audit_verify(self)
    }
    fn audit_reconcile(&mut self) -> Result<evidence::Reconciliation> {
        Store::audit_reconcile(self)
    }
    fn forged_items(&mut self) -> Result<(i64, Vec<String>)> {
        Store::forged_items(self, None)
    }
    fn drifted_links(&mut self) -> Result<(i64, Vec<String>)> {
        Store::drifted_links(self)
    }
    fn missing_guards(&mut self) -> Result<Vec<String>> {
        Store::missing_guards(self)
    }
    fn audit_end(&mut self) -> Result<evidence::Head> {
        Store::audit_end(self)
    }
    fn audit_entry_with_hash(&mut self, head: &str) -> Result<Option<i64>> {
        Store::audit_entry_with_hash(self, head)
    }
}

impl AuditProof for postgres::Server {
    fn audit_verify(&mut self) -> Result<audit::Verification> {
        postgres::Server::audit_verify(self)
    }
    fn audit_reconcile(&mut self) -> Result<evidence::Reconciliation> {
        postgres::Server::audit_reconcile(self)
    }
    fn forged_items(&mut self) -> Result<(i64, Vec<String>)> {
        postgres::Server::forged_items(self)
    }
    fn drifted_links(&mut self) -> Result<(i64, Vec<String>)> {
        postgres::Server::drifted_links(self)
    }
    fn missing_guards(&mut self) -> Result<Vec<String>> {
        postgres::Server::missing_guards(self)
    }
    fn audit_end(&mut self) -> Result<evidence::Head> {
        postgres::Server::audit_end(self)
    }
    fn audit_entry_with_hash(&mut self, head: &str) -> Result<Option<i64>> {
        postgres::Server::audit_entry_with_hash(self, head)
    }
}

/// The two-person rule's desk (`plan approve`, `plan reject`), on either backend.
pub trait PlanDesk {
    fn plan(&mut self, id: i64) -> Result<Option<plans::PlanRow>>;
    fn stage_of_plan(&mut self, id: i64) -> Result<Option<stages::StageRow>>;
    fn settings(&mut self) -> Result<crate::domain::settings::Settings>;
    fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: plans::PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()>;
    /// The file store behind the desk, for what a server does not do yet (a batch in stages).
    fn as_file(&mut self) -> Option<&mut Store>;
    fn plans(&mut self, limit: i64) -> Result<Vec<plans::PlanRow>>;
    fn plan_pairs(&mut self, id: i64) -> Result<Vec<unbind::PairInput>>;
    fn batch_stages(&mut self, batch: i64) -> Result<Vec<stages::StageRow>>;
    fn decide_batch(
        &mut self,
        batch: i64,
        decision: stages::BatchDecision<'_>,
        who: (&str, &str),
    ) -> Result<Vec<i64>>;
}

impl PlanDesk for Store {
    fn as_file(&mut self) -> Option<&mut Store> {
        Some(self)
    }
    fn plans(&mut self, limit: i64) -> Result<Vec<plans::PlanRow>> {
        Store::plans(self, limit)
    }
    fn plan_pairs(&mut self, id: i64) -> Result<Vec<unbind::PairInput>> {
        Store::plan_pairs(self, id)
    }
    fn batch_stages(&mut self, batch: i64) -> Result<Vec<stages::StageRow>> {
        Store::batch_stages(self, batch)
    }
    fn decide_batch(
        &mut self,
        batch: i64,
        decision: stages::BatchDecision<'_>,
        who: (&str, &str),
    ) -> Result<Vec<i64>> {
        Store::decide_batch(self, batch, decision, who)
    }
    fn plan(&mut self, id: i64) -> Result<Option<plans::PlanRow>> {
        Store::plan(self, id)
    }
    fn stage_of_plan(&mut self, id: i64) -> Result<Option<stages::StageRow>> {
        Store::stage_of_plan(self, id)
    }
    fn settings(&mut self) -> Result<crate::domain::settings::Settings> {
        Store::settings(self)
    }
    fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: plans::PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()> {
        Store::decide_plan(self, id, from, decision, audit)
    }
}

impl PlanDesk for postgres::Server {
    fn as_file(&mut self) -> Option<&mut Store> {
        None
    }
    fn plans(&mut self, limit: i64) -> Result<Vec<plans::PlanRow>> {
        postgres::Server::plans(self, limit)
    }
    fn plan_pairs(&mut self, id: i64) -> Result<Vec<unbind::PairInput>> {
        postgres::Server::plan_pairs(self, id)
    }
    fn batch_stages(&mut self, batch: i64) -> Result<Vec<stages::StageRow>> {
        postgres::Server::batch_stages(self, batch)
    }
    fn decide_batch(
        &mut self,
        batch: i64,
        decision: stages::BatchDecision<'_>,
        who: (&str, &str),
    ) -> Result<Vec<i64>> {
        postgres::Server::decide_batch(self, batch, decision, who)
    }
    fn plan(&mut self, id: i64) -> Result<Option<plans::PlanRow>> {
        postgres::Server::plan(self, id)
    }
    fn stage_of_plan(&mut self, id: i64) -> Result<Option<stages::StageRow>> {
        postgres::Server::stage_of_plan(self, id)
    }
    fn settings(&mut self) -> Result<crate::domain::settings::Settings> {
        postgres::Server::settings(self)
    }
    fn decide_plan(
        &mut self,
        id: i64,
        from: &str,
        decision: plans::PlanDecision<'_>,
        audit: (&str, &str, &str, &str),
    ) -> Result<()> {
        postgres::Server::decide_plan(self, id, from, decision, audit)
    }
}

/// The store's settings (`settings list|get|set`), on either backend.
pub trait SettingsDesk {
    fn setting(&mut self, key: &str) -> Result<Option<String>>;
    fn change_setting(
        &mut self,
        key: &str,
        value: Option<&str>,
        at: &str,
        operator: &str,
    ) -> Result<()>;
}

impl SettingsDesk for Store {
    fn setting(&mut self, key: &str) -> Result<Option<String>> {
        Store::setting(self, key)
    }
    fn change_setting(
        &mut self,
        key: &str,
        value: Option<&str>,
        at: &str,
        operator: &str,
    ) -> Result<()> {
        Store::change_setting(self, key, value, at, operator)
    }
}

impl SettingsDesk for postgres::Server {
    fn setting(&mut self, key: &str) -> Result<Option<String>> {
        postgres::Server::setting(self, key)
    }
    fn change_setting(
        &mut self,
        key: &str,
        value: Option<&str>,
        at: &str,
        operator: &str,
    ) -> Result<()> {
        postgres::Server::change_setting(self, key, value, at, operator)
    }
}

/// Blackout windows (`blackout add|list|remove`), on either backend.
pub trait BlackoutDesk {
    fn settings(&mut self) -> Result<crate::domain::settings::Settings>;
    fn add_window(
        &mut self,
        span: Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
        daily: Option<(chrono::NaiveTime, chrono::NaiveTime)>,
        reason: &str,
        at: &str,
        operator: &str,
    ) -> Result<i64>;
    fn windows(&mut self) -> Result<Vec<crate::domain::windows::Window>>;
    fn remove_window(&mut self, id: i64, at: &str, operator: &str) -> Result<bool>;
}

/// One implementation per backend, each method the backend's own.
macro_rules! blackout_desk {
    ($t:ty) => {
        impl BlackoutDesk for $t {
            fn settings(&mut self) -> Result<crate::domain::settings::Settings> {
                <$t>::settings(self)
            }
            fn add_window(
                &mut self,
                span: Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
                daily: Option<(chrono::NaiveTime, chrono::NaiveTime)>,
                reason: &str,
                at: &str,
                operator: &str,
            ) -> Result<i64> {
                <$t>::add_window(self, span, daily, reason, at, operator)
            }
            fn windows(&mut self) -> Result<Vec<crate::domain::windows::Window>> {
                <$t>::windows(self)
            }
            fn remove_window(&mut self, id: i64, at: &str, operator: &str) -> Result<bool> {
                <$t>::remove_window(self, id, at, operator)
            }
        }
    };
}
blackout_desk!(Store);
blackout_desk!(postgres::Server);

/// The history, read (`changes`, `changes show`, a change named by id or `last`).
pub trait History {
    fn settings(&mut self) -> Result<crate::domain::settings::Settings>;
    fn changes(&mut self, limit: Option<u64>) -> Result<Vec<changes::ChangeRow>>;
    fn change(&mut self, id: i64) -> Result<Option<changes::ChangeRow>>;
    fn change_items(&mut self, id: i64, limit: i64) -> Result<Vec<changes::ItemRow>>;
    fn head_after_change(&mut self, id: i64) -> Result<Option<String>>;
    fn stage_of_change(&mut self, id: i64) -> Result<Option<stages::StageRow>>;
    fn next_stages(&mut self) -> Result<Vec<(stages::StageRow, i64)>>;
    fn waiting_drains(&mut self, buffer_hours: i64) -> Result<Vec<drains::WaitingDrain>>;
    /// Every link change `id` touched, with its stock delta, in key order (`reverse`).
    fn change_deltas(&mut self, id: i64) -> Result<Vec<reverse::LinkDelta>>;
    fn link_exists(&mut self, sku: &str, warehouse: &str) -> Result<bool>;
}

macro_rules! history {
    ($t:ty, $inner:ty) => {
        impl History for $t {
            fn settings(&mut self) -> Result<crate::domain::settings::Settings> {
                <$inner>::settings(self)
            }
            fn changes(&mut self, limit: Option<u64>) -> Result<Vec<changes::ChangeRow>> {
                <$inner>::changes(self, limit)
            }
            fn change(&mut self, id: i64) -> Result<Option<changes::ChangeRow>> {
                <$inner>::change(self, id)
            }
            fn change_items(&mut self, id: i64, limit: i64) -> Result<Vec<changes::ItemRow>> {
                <$inner>::change_items(self, id, limit)
            }
            fn head_after_change(&mut self, id: i64) -> Result<Option<String>> {
                <$inner>::head_after_change(self, id)
            }
            fn stage_of_change(&mut self, id: i64) -> Result<Option<stages::StageRow>> {
                <$inner>::stage_of_change(self, id)
            }
            fn next_stages(&mut self) -> Result<Vec<(stages::StageRow, i64)>> {
                <$inner>::next_stages(self)
            }
            fn waiting_drains(&mut self, buffer_hours: i64) -> Result<Vec<drains::WaitingDrain>> {
                <$inner>::waiting_drains(self, buffer_hours)
            }
            fn change_deltas(&mut self, id: i64) -> Result<Vec<reverse::LinkDelta>> {
                <$inner>::change_deltas(self, id)
            }
            fn link_exists(&mut self, sku: &str, warehouse: &str) -> Result<bool> {
                <$inner>::link_exists(self, sku, warehouse)
            }
        }
    };
}
// (A file store reads through a shared reference: `&mut &store`.)
history!(&Store, Store);
history!(Store, Store);
history!(postgres::Server, postgres::Server);

/// What `audit`, `export audit|changes` and `warehouse list` read, on either backend.
pub trait Listings: History {
    fn audit_entries(
        &mut self,
        sku: Option<&str>,
        since: Option<&str>,
        each: &mut dyn FnMut(audit::AuditEntry) -> Result<()>,
    ) -> Result<()>;
    fn warehouses(&mut self) -> Result<Vec<warehouses::WarehouseRow>>;
}

impl Listings for Store {
    fn audit_entries(
        &mut self,
        sku: Option<&str>,
        since: Option<&str>,
        each: &mut dyn FnMut(audit::AuditEntry) -> Result<()>,
    ) -> Result<()> {
        Store::audit_entries(self, sku, since, each)
    }
    fn warehouses(&mut self) -> Result<Vec<warehouses::WarehouseRow>> {
        Store::warehouses(self)
    }
}

impl Listings for postgres::Server {
    fn audit_entries(
        &mut self,
        sku: Option<&str>,
        since: Option<&str>,
        each: &mut dyn FnMut(audit::AuditEntry) -> Result<()>,
    ) -> Result<()> {
        postgres::Server::audit_entries(self, sku, since, each)
    }
    fn warehouses(&mut self) -> Result<Vec<warehouses::WarehouseRow>> {
        postgres::Server::warehouses(self)
    }
}

/// What `export skus` is handed per SKU: the SKU and its (warehouse, stock) cells.
pub type EachSku<'a> = dyn FnMut(&str, &[(String, i64)]) -> Result<()> + 'a;

/// Each SKU's stock per warehouse (`export skus`), on either backend.
pub trait SkuStock {
    fn warehouse_codes(&mut self) -> Result<Vec<String>>;
    fn each_sku_stock(&mut self, each: &mut EachSku<'_>) -> Result<()>;
}

impl SkuStock for Store {
    fn warehouse_codes(&mut self) -> Result<Vec<String>> {
        Store::warehouse_codes(self)
    }
    fn each_sku_stock(&mut self, each: &mut EachSku<'_>) -> Result<()> {
        Store::each_sku_stock(self, each)
    }
}

impl SkuStock for postgres::Server {
    fn warehouse_codes(&mut self) -> Result<Vec<String>> {
        postgres::Server::warehouse_codes(self)
    }
    fn each_sku_stock(&mut self, each: &mut EachSku<'_>) -> Result<()> {
        postgres::Server::each_sku_stock(self, each)
    }
}

/// Where a SKU's next order goes (`route`), on either backend.
pub trait Routing {
    fn sku_known(&mut self, sku: &str) -> Result<bool>;
    fn suggest_sku(&mut self, typed: &str) -> Result<String>;
    fn draining_warehouses(&mut self, sku: &str) -> Result<Vec<String>>;
    fn route(&mut self, sku: &str) -> Result<(Vec<links::RouteRow>, Vec<String>)>;
}

impl Routing for Store {
    fn sku_known(&mut self, sku: &str) -> Result<bool> {
        Store::sku_known(
            self,
            &crate::domain::code::Sku::parse(sku).map_err(anyhow::Error::msg)?,
        )
    }
    fn suggest_sku(&mut self, typed: &str) -> Result<String> {
        Store::suggest_sku(self, typed)
    }
    fn draining_warehouses(&mut self, sku: &str) -> Result<Vec<String>> {
        Store::draining_warehouses(
            self,
            &crate::domain::code::Sku::parse(sku).map_err(anyhow::Error::msg)?,
        )
    }
    fn route(&mut self, sku: &str) -> Result<(Vec<links::RouteRow>, Vec<String>)> {
        Store::route(
            self,
            &crate::domain::code::Sku::parse(sku).map_err(anyhow::Error::msg)?,
        )
    }
}

impl Routing for postgres::Server {
    fn sku_known(&mut self, sku: &str) -> Result<bool> {
        postgres::Server::sku_known(self, sku)
    }
    fn suggest_sku(&mut self, typed: &str) -> Result<String> {
        postgres::Server::suggest_sku(self, typed)
    }
    fn draining_warehouses(&mut self, sku: &str) -> Result<Vec<String>> {
        postgres::Server::draining_warehouses(self, sku)
    }
    fn route(&mut self, sku: &str) -> Result<(Vec<links::RouteRow>, Vec<String>)> {
        postgres::Server::route(self, sku)
    }
}

/// The consistency report (`check`), on either backend.
pub trait Consistency {
    fn drain_buffer_hours(&mut self) -> Result<i64>;
    fn check(&mut self, buffer_start: &str) -> Result<Vec<check::Finding>>;
}

impl Consistency for Store {
    fn drain_buffer_hours(&mut self) -> Result<i64> {
        Ok(Store::settings(self)?.drain_buffer_hours)
    }
    fn check(&mut self, buffer_start: &str) -> Result<Vec<check::Finding>> {
        Store::check(self, buffer_start)
    }
}

impl Consistency for postgres::Server {
    fn drain_buffer_hours(&mut self) -> Result<i64> {
        Ok(postgres::Server::settings(self)?.drain_buffer_hours)
    }
    fn check(&mut self, buffer_start: &str) -> Result<Vec<check::Finding>> {
        postgres::Server::check(self, buffer_start)
    }
}

/// What `metrics` and `report` read (aggregates and streams handed to `crate::metrics`), on
/// either backend. Shared references: the engine reads while it folds.
pub trait MetricsSource {
    fn settings(&self) -> Result<crate::domain::settings::Settings>;
    fn change(&self, id: i64) -> Result<Option<changes::ChangeRow>>;
    fn changes(&self, limit: Option<u64>) -> Result<Vec<changes::ChangeRow>>;
    fn cache_for_streaming(&self) -> Result<()>;
    fn scope_to_change(&self, id: i64) -> Result<i64>;
    fn scope_stock(&self) -> Result<i64>;
    fn for_each_reduced_product(&self, id: i64, f: &mut dyn FnMut(&str)) -> Result<()>;
    fn for_each_order_marked(
        &self,
        from: &str,
        to: &str,
        marked: bool,
        f: &mut dyn FnMut(crate::metrics::rows::OrderRow<'_>),
    ) -> Result<()>;
    fn metric_counts(
        &self,
        scope: crate::metrics::rows::Scope,
        b: &crate::metrics::rows::Bounds,
    ) -> Result<crate::metrics::rows::CountTotals>;
    fn metric_complaints(
        &self,
        scope: crate::metrics::rows::Scope,
        b: &crate::metrics::rows::Bounds,
    ) -> Result<i64>;
    fn for_each_product(&self, f: &mut dyn FnMut(&str, i64, i64)) -> Result<()>;
    fn metric_warehouses(&self) -> Result<Vec<crate::metrics::rows::WarehouseCostRow>>;
    fn for_each_link_stock(&self, f: &mut dyn FnMut(&str, &str, i64)) -> Result<()>;
}

impl MetricsSource for Store {
    fn settings(&self) -> Result<crate::domain::settings::Settings> {
        Store::settings(self)
    }
    fn change(&self, id: i64) -> Result<Option<changes::ChangeRow>> {
        Store::change(self, id)
    }
    fn changes(&self, limit: Option<u64>) -> Result<Vec<changes::ChangeRow>> {
        Store::changes(self, limit)
    }
    fn cache_for_streaming(&self) -> Result<()> {
        Store::cache_for_streaming(self)
    }
    fn scope_to_change(&self, id: i64) -> Result<i64> {
        Store::scope_to_change(self, id)
    }
    fn scope_stock(&self) -> Result<i64> {
        Store::scope_stock(self)
    }
    fn for_each_reduced_product(&self, id: i64, f: &mut dyn FnMut(&str)) -> Result<()> {
        Store::for_each_reduced_product(self, id, f)
    }
    fn for_each_order_marked(
        &self,
        from: &str,
        to: &str,
        marked: bool,
        f: &mut dyn FnMut(crate::metrics::rows::OrderRow<'_>),
    ) -> Result<()> {
        Store::for_each_order_marked(self, from, to, marked, f)
    }
    fn metric_counts(
        &self,
        scope: crate::metrics::rows::Scope,
        b: &crate::metrics::rows::Bounds,
    ) -> Result<crate::metrics::rows::CountTotals> {
        Store::metric_counts(self, scope, b)
    }
    fn metric_complaints(
        &self,
        scope: crate::metrics::rows::Scope,
        b: &crate::metrics::rows::Bounds,
    ) -> Result<i64> {
        Store::metric_complaints(self, scope, b)
    }
    fn for_each_product(&self, f: &mut dyn FnMut(&str, i64, i64)) -> Result<()> {
        Store::for_each_product(self, f)
    }
    fn metric_warehouses(&self) -> Result<Vec<crate::metrics::rows::WarehouseCostRow>> {
        Store::metric_warehouses(self)
    }
    fn for_each_link_stock(&self, f: &mut dyn FnMut(&str, &str, i64)) -> Result<()> {
        Store::for_each_link(self, f)
    }
}

/// Where a store lives, from `--db` / `INVMAP_DB`: the scheme picks the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location<'a> {
    /// A file path: the embedded SQLite store.
    File(&'a Path),
    /// `postgres://…` or `postgresql://…`: a team store on a server (SPEC §10).
    Server,
}

impl<'a> Location<'a> {
    pub fn of(db: &'a Path) -> Location<'a> {
        let text = db.to_string_lossy();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Server
        } else {
            Location::File(db)
        }
    }
}

/// Opens the store `db` names. A server location is refused here until the commands that
/// call this join the server backend (`init` and `copy` open a server themselves, through
/// [`postgres::Server`]); the URL is not repeated, since it may hold a password.
pub fn open(db: &Path, mode: OpenMode) -> Result<Store> {
    match Location::of(db) {
        Location::File(path) => Store::open(path, mode),
        Location::Server => Err(UsageError(crate::tr!("store-pg-not-yet")).into()),
    }
}

#[cfg(test)]
mod tests;
