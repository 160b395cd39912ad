//! The plain rows the store hands to the metrics: what a store backend produces for one
//! window (`store::metrics` reads them out of SQL), and all that `crate::metrics` needs to know
//! about the data. Defined here, beside the arithmetic that reads them, so the arrow points
//! one way: the store depends on the metrics' inputs, the metrics never on the store.

/// Which orders, counts and complaints the rate metrics read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole store.
    All,
    /// The SKUs of the pairs the store loaded as a change's scope (`scope_to_change`), at
    /// every warehouse: their orders (with or without a warehouse), their counts, and the
    /// complaints joined through those orders or, with no known order, through their product
    /// — what the customers of those SKUs experience (SPEC §7, "Verdicts must mean something").
    ChangeSkus,
}

/// One order as the stream hands it over (borrowed: no allocation per order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderRow<'a> {
    /// Day slot: 0 is the window's first day, negative ones are the look-back.
    pub day: i64,
    pub status: &'a str,
    pub quantity: i64,
    /// delivered_at − created_at in seconds, for delivered orders that have both times
    pub delivery_secs: Option<i64>,
    pub product_id: &'a str,
    /// Of one of the change's SKUs (always true for a stream of one scope).
    pub in_scope: bool,
    /// created_at in epoch seconds.
    pub at: i64,
}

/// The orders created in one day slot, counted by what the metrics need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayRow {
    /// Slot number: 0 is the window's first day, negative ones are the look-back.
    pub day: i64,
    /// shipped, delivered or unfulfilled
    pub settled: i64,
    /// shipped or delivered
    pub sold: i64,
    pub unfulfilled: i64,
    /// every order except cancelled ones (the complaint-rate denominator)
    pub placed: i64,
    /// Σ quantity of sold orders
    pub units_sold: i64,
    /// delivered orders with a delivery time
    pub delivered: i64,
    /// Σ (delivered_at − created_at) in seconds over those orders
    pub delivery_secs: i64,
    /// Σ of their squares (for the variance Welch's test needs; i128: a million orders of
    /// weeks each overflow i64)
    pub delivery_secs_sq: i128,
}

/// Cycle counts taken in a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CountTotals {
    pub counts: i64,
    /// Σ |counted − system|
    pub abs_diff: i64,
    /// Σ system
    pub system: i64,
}

/// A warehouse's storage price, for storage cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarehouseCostRow {
    pub code: String,
    /// per unit per day, in millionths
    pub storage_cost_micros: i64,
    pub closed: bool,
}

/// A window as the store reads it: stored-format UTC bounds.
#[derive(Debug, Clone)]
pub struct Bounds {
    /// Start of the look-back (window start − 6 days), inclusive.
    pub lookback: String,
    /// Window start, inclusive.
    pub start: String,
    /// Window end, exclusive.
    pub end: String,
    /// Epoch seconds of every local midnight from the look-back's first day to the window's
    /// end: day slot k starts at `midnights[k + 6]` (days are not all 24 h long in a zone
    /// with daylight saving).
    pub midnights: Vec<i64>,
}
