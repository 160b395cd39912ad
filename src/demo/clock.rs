//! The demo's time: the history window and the UTC timestamps its files are written with.

use std::fmt;

use chrono::{DateTime, Datelike, Timelike};

use super::DemoSpec;

pub(super) const DAY: i64 = 86_400;
pub(super) const HOUR: i64 = 3_600;

/// The history window: `days` whole UTC days ending with `today`.
pub(super) struct Clock {
    /// 00:00 of the first day, seconds since the epoch.
    pub(super) start: i64,
    /// 00:00 after `today`: the instant the data is "as of".
    pub(super) end: i64,
    pub(super) days: u32,
    /// Weekday of the first day, 0 = Monday.
    pub(super) first_weekday: u32,
}

impl Clock {
    pub(super) fn new(spec: &DemoSpec) -> Self {
        let first = spec.today - chrono::Days::new(u64::from(spec.days - 1));
        let start = first
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_utc()
            .timestamp();
        Clock {
            start,
            end: start + i64::from(spec.days) * DAY,
            days: spec.days,
            first_weekday: first.weekday().num_days_from_monday(),
        }
    }

    pub(super) fn day_start(&self, day: u32) -> i64 {
        self.start + i64::from(day) * DAY
    }
}

/// A UTC instant written as `YYYY-MM-DDTHH:MM:SSZ` (text order is time order).
pub(super) struct Ts(pub(super) i64);

impl fmt::Display for Ts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = DateTime::from_timestamp(self.0, 0).ok_or(fmt::Error)?;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

/// An optional instant: empty cell when absent.
pub(super) struct OptTs(pub(super) Option<i64>);

impl fmt::Display for OptTs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(t) => Ts(t).fmt(f),
            None => Ok(()),
        }
    }
}
