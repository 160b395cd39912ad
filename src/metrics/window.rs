//! The window a metric covers, and the day slots its curve is drawn on.
//!
//! SPEC §7: `--since D1 --until D2` is [D1 00:00, D2 + 1 day 00:00) in the `timezone`
//! setting, so both dates are included and the window has D2 − D1 + 1 days. A change's
//! before/after windows ([t − w, t) and [t, t + w)) do not start at midnight; for them a "day"
//! is the 24-hour slot counted from the window start. Both are the same thing here: a start
//! instant and a whole number of 24-hour slots. Time zones are fixed offsets (no DST), so a
//! calendar day is always exactly one slot.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::values::stored;
use crate::metrics::rows::Bounds;

/// How far back the 7-day curve looks before the window start: six earlier days.
pub const LOOKBACK_DAYS: i64 = 6;

/// [start, start + days × 24 h), with the offset its dates are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub days: i64,
    pub tz: FixedOffset,
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
    pub fn calendar(since: NaiveDate, until: NaiveDate, tz: FixedOffset) -> Result<Window, String> {
        if until < since {
            return Err(format!(
                "--until {until} is before --since {since}: give the earlier date first"
            ));
        }
        let midnight = since.and_hms_opt(0, 0, 0).expect("midnight exists");
        let start = (midnight - Duration::seconds(i64::from(tz.local_minus_utc()))).and_utc();
        Ok(Window {
            start,
            days: (until - since).num_days() + 1,
            tz,
        })
    }

    /// The default: the 30 calendar days ending today (today included).
    pub fn last_days(now: DateTime<Utc>, days: i64, tz: FixedOffset) -> Window {
        let today = now.with_timezone(&tz).date_naive();
        let since = today - Duration::days(days - 1);
        Window::calendar(since, today, tz).expect("since <= today")
    }

    /// [t − days, t): the "before" side of a change.
    pub fn ending_at(t: DateTime<Utc>, days: i64, tz: FixedOffset) -> Window {
        Window {
            start: t - Duration::days(days),
            days,
            tz,
        }
    }

    /// [t, t + days): the "after" side of a change.
    pub fn starting_at(t: DateTime<Utc>, days: i64, tz: FixedOffset) -> Window {
        Window { start: t, days, tz }
    }

    pub fn end(&self) -> DateTime<Utc> {
        self.day_start(self.days)
    }

    /// Start of day slot `k` (0 = the first day of the window; negative = look-back).
    pub fn day_start(&self, k: i64) -> DateTime<Utc> {
        self.start + Duration::days(k)
    }

    /// Slot `k` as people read it: the local date, with the time when slots do not start at
    /// local midnight (a change's windows).
    pub fn day_label(&self, k: i64) -> String {
        let local = self.day_start(k).with_timezone(&self.tz);
        if local.time() == chrono::NaiveTime::MIN {
            local.format("%Y-%m-%d").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        }
    }

    /// True when `t` falls inside the window.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end()
    }

    /// The bounds the store queries with.
    pub fn bounds(&self) -> Bounds {
        let lookback = self.day_start(-LOOKBACK_DAYS);
        Bounds {
            lookback: stored(lookback),
            lookback_epoch: lookback.timestamp(),
            start: stored(self.start),
            end: stored(self.end()),
        }
    }

    pub fn info(&self) -> WindowInfo {
        let date = |t: DateTime<Utc>| t.with_timezone(&self.tz).format("%Y-%m-%d").to_string();
        WindowInfo {
            since: date(self.start),
            until: date(self.end() - Duration::seconds(1)),
            start: stored(self.start),
            end: stored(self.end()),
            days: self.days,
            timezone: timezone_name(&self.tz),
        }
    }
}

/// `UTC` for offset zero, else `+08:00` style.
pub fn timezone_name(tz: &FixedOffset) -> String {
    let secs = tz.local_minus_utc();
    if secs == 0 {
        return "UTC".to_string();
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let m = secs.abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// `--window 7d`: a whole number of days, 1 or more.
pub fn parse_days(value: &str) -> Result<i64, String> {
    let v = value.trim();
    let digits = v.strip_suffix('d').unwrap_or(v);
    match digits.parse::<i64>() {
        Ok(n) if (1..=3660).contains(&n) => Ok(n),
        _ => Err(format!(
            "{value:?} is not a window: write a whole number of days such as 7d"
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

    #[test]
    fn change_windows_use_24_hour_slots() {
        let t = "2026-11-20T10:30:00Z".parse().unwrap();
        let utc = parse_timezone("UTC").unwrap();
        let before = Window::ending_at(t, 7, utc);
        assert_eq!(before.bounds().start, "2026-11-13T10:30:00Z");
        assert_eq!(before.end(), t);
        assert_eq!(before.day_label(0), "2026-11-13 10:30");
        assert!(Window::starting_at(t, 7, utc).contains(t));
        assert!(!before.contains(t));
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
