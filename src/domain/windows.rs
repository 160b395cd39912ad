//! Blackout windows: when a change may not land (promotions, peak hours).
//!
//! Pure: given a window and a time, is the time inside? Daily windows are clock times in the
//! store's timezone and may cross midnight (22:00-02:00).

use chrono::{DateTime, NaiveTime, Timelike, Utc};

use super::zone::Zone;

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
    /// The store's time zone: daily hours are its clock times, and times are shown in it.
    pub zone: Zone,
}

impl Window {
    /// True when `now` falls inside the window.
    pub fn contains(&self, now: DateTime<Utc>) -> bool {
        let tz = &self.zone;
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

    /// How the window reads in what is stored (audit entries, a change's override note):
    /// `#3 "Double 11" (2026-11-11 00:00 +08:00 – 2026-11-13 00:00 +08:00)`, in English in
    /// every language (see [`Window::shown`] for people).
    pub fn describe(&self) -> String {
        self.words(false)
    }

    /// How the window reads in a message to the operator, in their language and the store's
    /// time zone (`daily 20:00-23:00 +08:00` / `每天 20:00-23:00 +08:00`).
    pub fn shown(&self) -> String {
        self.words(true)
    }

    fn words(&self, translated: bool) -> String {
        let span = match (self.starts_at, self.ends_at, self.daily_from, self.daily_to) {
            (Some(a), Some(b), _, _) => format!("{} – {}", self.zone.show(a), self.zone.show(b)),
            (_, _, Some(a), Some(b)) => {
                let (from, to) = (a.format("%H:%M"), b.format("%H:%M"));
                if translated {
                    crate::tr!(
                        "domain-window-daily",
                        from = &from,
                        to = &to,
                        zone = &self.zone.name()
                    )
                } else {
                    format!("daily {from}-{to} {}", self.zone.name())
                }
            }
            _ => String::new(),
        };
        if translated && crate::i18n::lang() == crate::i18n::Lang::Zh {
            // Chinese quotes and brackets around Chinese words (what is stored keeps ASCII).
            return crate::tr!(
                "domain-window-shown",
                id = self.id,
                reason = &self.reason,
                span = &span
            );
        }
        format!("#{} {:?} ({span})", self.id, self.reason)
    }
}

/// `HH:MM-HH:MM` (a daily window). Equal ends are refused: that window would be empty.
pub fn parse_daily(value: &str) -> Result<(NaiveTime, NaiveTime), String> {
    let shown = format!("{value:?}");
    let bad = || crate::tr!("domain-bad-daily-window", value = &shown);
    let (a, b) = value.trim().split_once('-').ok_or_else(bad)?;
    let parse = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let (from, to) = (parse(a)?, parse(b)?);
    if from == to {
        return Err(crate::tr!("domain-empty-daily-window", value = &shown));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn utc() -> Zone {
        Zone::utc()
    }

    fn in_zone(w: &Window, now: DateTime<Utc>, zone: &Zone) -> bool {
        Window {
            zone: *zone,
            ..w.clone()
        }
        .contains(now)
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
            zone: Zone::utc(),
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
            zone: Zone::utc(),
        };
        assert!(in_zone(&w, at("2026-11-10T16:00:00Z"), &utc()));
        assert!(in_zone(&w, at("2026-11-12T15:59:59Z"), &utc()));
        assert!(!in_zone(&w, at("2026-11-12T16:00:00Z"), &utc()));
        assert!(w.describe().contains("Double 11"));
    }

    #[test]
    fn daily_window_in_the_store_timezone_and_across_midnight() {
        let w = daily("20:00", "23:00");
        let cst = Zone::parse("+08:00").unwrap();
        // 12:30 UTC is 20:30 in +08:00
        assert!(in_zone(&w, at("2026-11-27T12:30:00Z"), &cst));
        assert!(!in_zone(&w, at("2026-11-27T12:30:00Z"), &utc()));
        let night = daily("22:00", "02:00");
        assert!(in_zone(&night, at("2026-11-27T23:30:00Z"), &utc()));
        assert!(in_zone(&night, at("2026-11-27T01:59:00Z"), &utc()));
        assert!(!in_zone(&night, at("2026-11-27T02:00:00Z"), &utc()));
    }

    /// Issue 13: peak hours 20:00–23:00 in Berlin are 19:00–22:00 UTC in winter and
    /// 18:00–21:00 UTC in summer — an hour off for half the year with a fixed offset.
    #[test]
    fn daily_windows_follow_daylight_saving() {
        let w = daily("20:00", "23:00");
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert!(in_zone(&w, at("2026-01-15T19:30:00Z"), &berlin));
        assert!(!in_zone(&w, at("2026-01-15T18:30:00Z"), &berlin));
        assert!(in_zone(&w, at("2026-07-15T18:30:00Z"), &berlin));
        assert!(!in_zone(&w, at("2026-07-15T21:30:00Z"), &berlin));
    }

    #[test]
    fn daily_windows_are_validated() {
        assert!(parse_daily("9-17").is_err());
        assert!(parse_daily("10:00-10:00").is_err());
        assert!(parse_daily("25:00-26:00").is_err());
    }
}
