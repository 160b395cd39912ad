//! Blackout windows: when a change may not land (promotions, peak hours).
//!
//! Pure: given a window and a time, is the time inside? Daily windows are clock times in the
//! store's timezone and may cross midnight (22:00-02:00).

use chrono::{DateTime, FixedOffset, NaiveTime, Timelike, Utc};

/// A window as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub id: i64,
    /// One-off: [from, to) in UTC.
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// Daily: [from, to) as clock times in the store's timezone.
    pub daily_from: Option<NaiveTime>,
    pub daily_to: Option<NaiveTime>,
    pub reason: String,
}

impl Window {
    /// True when `now` falls inside the window.
    pub fn contains(&self, now: DateTime<Utc>, tz: &FixedOffset) -> bool {
        if let (Some(from), Some(to)) = (self.starts_at, self.ends_at) {
            return from <= now && now < to;
        }
        if let (Some(from), Some(to)) = (self.daily_from, self.daily_to) {
            let local = now.with_timezone(tz).time();
            let t = NaiveTime::from_hms_opt(local.hour(), local.minute(), local.second())
                .unwrap_or(local);
            return if from <= to {
                from <= t && t < to
            } else {
                t >= from || t < to
            };
        }
        false
    }

    /// How the window reads in messages: `#3 "Double 11" (2026-11-10T16:00:00Z – …)`.
    pub fn describe(&self) -> String {
        let span = match (self.starts_at, self.ends_at, self.daily_from, self.daily_to) {
            (Some(a), Some(b), _, _) => format!(
                "{} – {}",
                super::values::stored(a),
                super::values::stored(b)
            ),
            (_, _, Some(a), Some(b)) => {
                format!("daily {}-{}", a.format("%H:%M"), b.format("%H:%M"))
            }
            _ => String::new(),
        };
        format!("#{} {:?} ({span})", self.id, self.reason)
    }
}

/// `HH:MM-HH:MM` (a daily window). Equal ends are refused: that window would be empty.
pub fn parse_daily(value: &str) -> Result<(NaiveTime, NaiveTime), String> {
    let bad = || format!("{value:?} is not a daily window: write HH:MM-HH:MM, e.g. 20:00-23:00");
    let (a, b) = value.trim().split_once('-').ok_or_else(bad)?;
    let parse = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let (from, to) = (parse(a)?, parse(b)?);
    if from == to {
        return Err(format!(
            "{value:?} starts and ends at the same time: the window would be empty"
        ));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    fn daily(from: &str, to: &str) -> Window {
        let (f, t) = parse_daily(&format!("{from}-{to}")).unwrap();
        Window {
            id: 1,
            starts_at: None,
            ends_at: None,
            daily_from: Some(f),
            daily_to: Some(t),
            reason: "peak".into(),
        }
    }

    #[test]
    fn one_off_window_is_half_open() {
        let w = Window {
            id: 1,
            starts_at: Some(at("2026-11-10T16:00:00Z")),
            ends_at: Some(at("2026-11-12T16:00:00Z")),
            daily_from: None,
            daily_to: None,
            reason: "Double 11".into(),
        };
        assert!(w.contains(at("2026-11-10T16:00:00Z"), &utc()));
        assert!(w.contains(at("2026-11-12T15:59:59Z"), &utc()));
        assert!(!w.contains(at("2026-11-12T16:00:00Z"), &utc()));
        assert!(w.describe().contains("Double 11"));
    }

    #[test]
    fn daily_window_in_the_store_timezone_and_across_midnight() {
        let w = daily("20:00", "23:00");
        let cst = FixedOffset::east_opt(8 * 3600).unwrap();
        // 12:30 UTC is 20:30 in +08:00
        assert!(w.contains(at("2026-11-27T12:30:00Z"), &cst));
        assert!(!w.contains(at("2026-11-27T12:30:00Z"), &utc()));
        let night = daily("22:00", "02:00");
        assert!(night.contains(at("2026-11-27T23:30:00Z"), &utc()));
        assert!(night.contains(at("2026-11-27T01:59:00Z"), &utc()));
        assert!(!night.contains(at("2026-11-27T02:00:00Z"), &utc()));
    }

    #[test]
    fn daily_windows_are_validated() {
        assert!(parse_daily("9-17").is_err());
        assert!(parse_daily("10:00-10:00").is_err());
        assert!(parse_daily("25:00-26:00").is_err());
    }
}
