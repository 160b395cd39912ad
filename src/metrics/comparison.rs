//! What a comparison of two windows comes to, and where changes fall on a window: the plain
//! values `ops::compare` fills and `report` renders.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Metrics;
use super::verdict::Status;
use crate::i18n::Text;

/// Before and after one change (SPEC §7's `{"change", "before", "after", "verdict"}`).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub change: i64,
    pub applied_at: String,
    /// "change": the rates cover the SKUs it touched, at every warehouse; "all": the whole store
    pub scope: &'static str,
    pub pairs: i64,
    pub window_days: i64,
    /// Complete days on each side (the change's own day belongs to neither).
    pub complete_days: i64,
    pub before: Metrics,
    pub after: Metrics,
    /// `ok`, `observing until T` or `alert: …`, worded when shown (English in json).
    pub verdict: Text,
    pub status: Status,
    pub observing_until: String,
    /// what fired (so far, while observing)
    pub alerts: Vec<Text>,
    /// Each rate before and after: sample sizes, the difference with its 95 % interval, the
    /// finding and whether it alerted.
    pub tests: Vec<super::findings::Finding>,
    /// What kept a rate from being judged (not enough data, a cohort not yet delivered).
    pub notes: Vec<Text>,
}

/// A change placed on a window's day slots (drawn on the fulfilment curve).
pub struct Mark {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// where it falls, in day slots from the window start (fractional)
    pub day: f64,
}
