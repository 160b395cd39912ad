//! The window a metric covers, and the day slots its curve is drawn on.
//!
//! SPEC §7: `--since D1 --until D2` is [D1 00:00, D2 + 1 day 00:00) in the `timezone`
//! setting, so both dates are included and the window has D2 − D1 + 1 days. A change's
//! before/after sides are calendar days too (`ops::compare::sides_of`). A day is local
//! midnight to local midnight: 24 hours in a fixed offset, 23 or 25 on the day a named zone
//! changes its clocks.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::values::stored;
use crate::domain::zone::Zone;
use crate::metrics::rows::Bounds;

/// How far back the 7-day curve looks before the window start: six earlier days.
pub const LOOKBACK_DAYS: i64 = 6;

/// `days` calendar days from `since`, in `tz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub since: NaiveDate,
    pub days: i64,
    pub tz: Zone,
}

/// The window as `--format json` shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WindowInfo {
    /// local date of the first day slot
    pub since: String,
    /// local date of the last day slot
    pub until: String,
    /// start, inclusive (UTC)
    pub start: String,
    /// end, exclusive (UTC)
    pub end: String,
    pub days: i64,
    pub timezone: String,
}

impl Window {
    /// `--since D1 --until D2`: both dates included, midnights in `tz`.
    pub fn calendar(since: NaiveDate, until: NaiveDate, tz: Zone) -> Result<Window, String> {
        if until < since {
            return Err(crate::tr!(
                "metrics-error-until-before-since",
                until = &until,
                since = &since
            ));
        }
        Ok(Window {
            since,
            days: (until - since).num_days() + 1,
            tz,
        })
    }

    /// The default: the 30 calendar days ending today (today included).
    pub fn last_days(now: DateTime<Utc>, days: i64, tz: Zone) -> Window {
        let today = now.with_timezone(&tz).date_naive();
        let since = today - Duration::days(days - 1);
        Window::calendar(since, today, tz).expect("since <= today")
    }

    pub fn start(&self) -> DateTime<Utc> {
        self.day_start(0)
    }

    pub fn end(&self) -> DateTime<Utc> {
        self.day_start(self.days)
    }

    /// Start of day slot `k` (0 = the first day of the window; negative = look-back): the
    /// local midnight of that date.
    pub fn day_start(&self, k: i64) -> DateTime<Utc> {
        self.tz.midnight(self.since + Duration::days(k))
    }

    /// Slot `k` as people read it: its local date.
    pub fn day_label(&self, k: i64) -> String {
        (self.since + Duration::days(k))
            .format("%Y-%m-%d")
            .to_string()
    }

    /// True when `t` falls inside the window.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start() <= t && t < self.end()
    }

    /// The bounds the store queries with, and every midnight from the look-back's first to
    /// the window's end, for placing an order in its day slot.
    pub fn bounds(&self) -> Bounds {
        let lookback = self.day_start(-LOOKBACK_DAYS);
        Bounds {
            lookback: stored(lookback),
            start: stored(self.start()),
            end: stored(self.end()),
            midnights: (-LOOKBACK_DAYS..=self.days)
                .map(|k| self.day_start(k).timestamp())
                .collect(),
        }
    }

    pub fn info(&self) -> WindowInfo {
        WindowInfo {
            since: self.day_label(0),
            until: self.day_label(self.days - 1),
            start: stored(self.start()),
            end: stored(self.end()),
            days: self.days,
            timezone: self.tz.name(),
        }
    }
}

/// `--window 7d`: a whole number of days, 1 or more.
pub fn parse_days(value: &str) -> Result<i64, String> {
    let v = value.trim();
    let digits = v.strip_suffix('d').unwrap_or(v);
    match digits.parse::<i64>() {
        Ok(n) if (1..=3660).contains(&n) => Ok(n),
        _ => Err(crate::tr!(
            "metrics-error-window",
            value = &format!("{value:?}")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::values::parse_timezone;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_window_includes_both_dates() {
        let w = Window::calendar(
            date("2026-11-01"),
            date("2026-11-03"),
            parse_timezone("UTC").unwrap(),
        )
        .unwrap();
        assert_eq!(w.days, 3);
        let b = w.bounds();
        assert_eq!(b.start, "2026-11-01T00:00:00Z");
        assert_eq!(b.end, "2026-11-04T00:00:00Z");
        assert_eq!(b.lookback, "2026-10-26T00:00:00Z");
        assert_eq!(w.info().until, "2026-11-03");
        assert!(Window::calendar(date("2026-11-03"), date("2026-11-01"), w.tz).is_err());
    }

    #[test]
    fn midnights_are_in_the_timezone_setting() {
        let cst = parse_timezone("+08:00").unwrap();
        let w = Window::calendar(date("2026-11-01"), date("2026-11-01"), cst).unwrap();
        assert_eq!(w.bounds().start, "2026-10-31T16:00:00Z");
        assert_eq!(w.bounds().end, "2026-11-01T16:00:00Z");
        assert_eq!(w.day_label(0), "2026-11-01");
        assert_eq!(w.info().timezone, "+08:00");
        // 20:00 UTC on the 27th is already the 28th in +08:00: "today" is the 28th.
        let now = "2026-11-27T20:00:00Z".parse().unwrap();
        let last = Window::last_days(now, 30, cst).info();
        assert_eq!(
            (last.since.as_str(), last.until.as_str()),
            ("2026-10-30", "2026-11-28")
        );
    }

    /// Issue 13: Berlin's days follow its clocks — the window over the change to summer
    /// time has a 23-hour day, and its midnights move from +01:00 to +02:00.
    #[test]
    fn days_follow_daylight_saving() {
        let berlin = parse_timezone("Europe/Berlin").unwrap();
        let w = Window::calendar(date("2026-03-28"), date("2026-03-30"), berlin).unwrap();
        let b = w.bounds();
        assert_eq!(b.start, "2026-03-27T23:00:00Z");
        assert_eq!(b.end, "2026-03-30T22:00:00Z");
        let hours: Vec<i64> = (0..3)
            .map(|k| (w.day_start(k + 1) - w.day_start(k)).num_hours())
            .collect();
        assert_eq!(hours, [24, 23, 24]);
        assert_eq!(w.info().timezone, "Europe/Berlin");
        assert_eq!(b.midnights.len(), 3 + 7);
    }

    #[test]
    fn window_lengths() {
        assert_eq!(parse_days("7d"), Ok(7));
        assert_eq!(parse_days("14"), Ok(14));
        for bad in ["0d", "7h", "-1d", "1.5d", ""] {
            assert!(parse_days(bad).is_err(), "{bad}");
        }
    }
}
