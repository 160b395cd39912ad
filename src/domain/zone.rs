//! The store's time zone (the `timezone` setting): UTC, a fixed offset (`+08:00`), or an IANA
//! name with its daylight-saving rules (`Asia/Shanghai`, `Europe/Berlin`, via chrono-tz). It
//! is a chrono `TimeZone`, so calendar days, midnights and daily blackout hours follow the
//! zone's real offset on each day — a day in Berlin in March can be 23 hours long.

use chrono::offset::LocalResult;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};

/// UTC, a fixed offset, or a named zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset"))
    }

    /// `UTC`, `+08:00` / `-05:30`, or an IANA name (`Asia/Shanghai`).
    pub fn parse(value: &str) -> Result<Zone, String> {
        let v = value.trim();
        if v.eq_ignore_ascii_case("utc") || v == "Z" {
            return Ok(Zone::utc());
        }
        if let Some(offset) = fixed(v) {
            return offset.map(Zone::Fixed);
        }
        v.parse::<chrono_tz::Tz>()
            .map(Zone::Named)
            .map_err(|_| crate::tr!("domain-unknown-zone", zone = &format!("{v:?}")))
    }

    /// How the zone is written back: `UTC`, `+08:00`, `Asia/Shanghai`.
    pub fn name(&self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(f) if f.local_minus_utc() == 0 => "UTC".into(),
            Zone::Fixed(f) => f.to_string(),
        }
    }

    /// The UTC instant of local midnight starting `date` (the first midnight when a
    /// daylight-saving change repeats it; the first valid instant when one skips it).
    pub fn midnight(&self, date: NaiveDate) -> DateTime<Utc> {
        let local = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        self.local_instant(local)
    }

    /// A local clock time as a UTC instant: the earlier one when the clock goes back, the
    /// time an hour later when it jumps forward (the gap has no instant of its own).
    pub fn local_instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => self.local_instant(local + chrono::Duration::hours(1)),
        }
    }

    /// A stored UTC time (RFC 3339) as people read it here; text that is not a time is left
    /// as it is.
    pub fn show_stored(&self, stored: &str) -> String {
        match DateTime::parse_from_rfc3339(stored) {
            Ok(t) => self.show(t.with_timezone(&Utc)),
            Err(_) => stored.to_string(),
        }
    }

    /// Every stored time in a sentence (an RFC 3339 word, perhaps followed by punctuation)
    /// shown here instead: `observing until 2026-11-30T09:00:00Z` → `… 17:00 +08:00`. In a
    /// Chinese sentence the time may touch the words around it (`观察至 …Z；然后`).
    pub fn show_in_text(&self, text: &str) -> String {
        text.split(' ')
            .map(|word| {
                // The ASCII run of the word: all of it in English.
                let start = word.find(|c: char| c.is_ascii()).unwrap_or(word.len());
                let run = &word[start..];
                let run = &run[..run.find(|c: char| !c.is_ascii()).unwrap_or(run.len())];
                let time = run.trim_end_matches([',', ';', ')', '.']);
                match DateTime::parse_from_rfc3339(time) {
                    Ok(_) => format!(
                        "{}{}{}",
                        &word[..start],
                        self.show_stored(time),
                        &word[start + time.len()..]
                    ),
                    Err(_) => word.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A UTC instant as people read it here: `2026-11-27 17:00 +08:00`.
    pub fn show(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(self)
            .format("%Y-%m-%d %H:%M %:z")
            .to_string()
    }
}

/// `+08:00`-style offsets: `Some(Err)` for a malformed or impossible one, `None` when the
/// text is not an offset at all.
fn fixed(v: &str) -> Option<Result<FixedOffset, String>> {
    let (sign, rest) = match v.as_bytes().first() {
        Some(b'+') => (1, &v[1..]),
        Some(b'-') => (-1, &v[1..]),
        _ => return None,
    };
    let bad = || crate::tr!("domain-bad-offset", zone = &format!("{v:?}"));
    let parsed = rest.split_once(':').and_then(|(h, m)| {
        let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
        ((0..=14).contains(&h) && (0..60).contains(&m)).then_some((h, m))
    });
    Some(match parsed {
        Some((h, m)) => FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad),
        None => Err(bad()),
    })
}

impl TimeZone for Zone {
    type Offset = FixedOffset;

    fn from_offset(offset: &FixedOffset) -> Zone {
        Zone::Fixed(*offset)
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<FixedOffset> {
        match self {
            Zone::Fixed(f) => LocalResult::Single(*f),
            Zone::Named(tz) => tz.offset_from_local_date(local).map(|o| o.fix()),
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<FixedOffset> {
        match self {
            Zone::Fixed(f) => LocalResult::Single(*f),
            Zone::Named(tz) => tz.offset_from_local_datetime(local).map(|o| o.fix()),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        match self {
            Zone::Fixed(f) => *f,
            Zone::Named(tz) => tz.offset_from_utc_date(utc).fix(),
        }
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Fixed(f) => *f,
            Zone::Named(tz) => tz.offset_from_utc_datetime(utc).fix(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn names_offsets_and_utc_parse() {
        assert_eq!(Zone::parse("utc").unwrap().name(), "UTC");
        assert_eq!(Zone::parse("+08:00").unwrap().name(), "+08:00");
        assert_eq!(
            Zone::parse("Asia/Shanghai").unwrap().name(),
            "Asia/Shanghai"
        );
        assert!(Zone::parse("+25:00").unwrap_err().contains("+08:00"));
        assert!(
            Zone::parse("Mars/Olympus")
                .unwrap_err()
                .contains("Asia/Shanghai")
        );
    }

    /// Berlin: midnights at +01:00 in winter and +02:00 in summer; the day the clocks go
    /// forward (29 March 2026) is 23 hours long.
    #[test]
    fn daylight_saving_moves_midnight() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(
            berlin.midnight(date("2026-01-15")).to_rfc3339(),
            "2026-01-14T23:00:00+00:00"
        );
        assert_eq!(
            berlin.midnight(date("2026-07-15")).to_rfc3339(),
            "2026-07-14T22:00:00+00:00"
        );
        let short = berlin.midnight(date("2026-03-30")) - berlin.midnight(date("2026-03-29"));
        assert_eq!(short.num_hours(), 23);
        assert_eq!(
            berlin.show("2026-07-15T12:00:00Z".parse().unwrap()),
            "2026-07-15 14:00 +02:00"
        );
    }

    #[test]
    fn times_in_a_sentence_are_shown_here() {
        let shanghai = Zone::parse("Asia/Shanghai").unwrap();
        assert_eq!(
            shanghai.show_in_text("observing until 2026-11-30T09:00:00Z; then ok"),
            "observing until 2026-11-30 17:00 +08:00; then ok"
        );
        assert_eq!(
            shanghai.show_in_text("观察至2026-11-30T09:00:00Z；然后通过"),
            "观察至2026-11-30 17:00 +08:00；然后通过"
        );
    }

    /// A clock time in the spring gap is read as the same time an hour later.
    #[test]
    fn a_time_in_the_gap_moves_forward() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let gap = date("2026-03-29").and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(
            berlin.local_instant(gap).to_rfc3339(),
            "2026-03-29T01:30:00+00:00"
        );
    }
}
