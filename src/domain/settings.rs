//! The settings of a store (SPEC §3): their names, types, defaults and validation.
//!
//! Stored as text in the `settings` table; read back as [`Settings`] with defaults filled in.

use super::values::{parse_decimal, parse_timezone};

/// What kind of value a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A whole number of pairs, or `unset` to turn the rule off.
    OptionalCount,
    Hours,
    /// A whole number, 1 or more.
    Count,
    /// A fraction between 0 and 1, e.g. 0.03.
    Ratio,
    /// on / off
    Switch,
    TimeZone,
}

/// One setting.
#[derive(Debug)]
pub struct Key {
    pub name: &'static str,
    kind: Kind,
    /// The value when not set (None: the rule is off).
    pub default: Option<&'static str>,
}

impl Key {
    /// What the setting does, in words (`settings list`).
    pub fn meaning(&self) -> crate::i18n::Text {
        match self.name {
            "approval_threshold" => crate::text!("domain-setting-approval-threshold"),
            "drain_buffer_hours" => crate::text!("domain-setting-drain-buffer-hours"),
            "observation_hours" => crate::text!("domain-setting-observation-hours"),
            "plan_max_age_hours" => crate::text!("domain-setting-plan-max-age-hours"),
            "stockout_alert" => crate::text!("domain-setting-stockout-alert"),
            "accuracy_target" => crate::text!("domain-setting-accuracy-target"),
            "min_sample" => crate::text!("domain-setting-min-sample"),
            "require_region_cover" => crate::text!("domain-setting-require-region-cover"),
            "require_reason" => crate::text!("domain-setting-require-reason"),
            "timezone" => crate::text!("domain-setting-timezone"),
            other => crate::i18n::Text::plain(other),
        }
    }
}

pub const KEYS: &[Key] = &[
    Key {
        name: "approval_threshold",
        kind: Kind::OptionalCount,
        default: None,
    },
    Key {
        name: "drain_buffer_hours",
        kind: Kind::Hours,
        default: Some("48"),
    },
    Key {
        name: "observation_hours",
        kind: Kind::Hours,
        default: Some("72"),
    },
    Key {
        name: "plan_max_age_hours",
        kind: Kind::Hours,
        default: Some("72"),
    },
    Key {
        name: "stockout_alert",
        kind: Kind::Ratio,
        default: Some("0.03"),
    },
    Key {
        name: "accuracy_target",
        kind: Kind::Ratio,
        default: Some("0.995"),
    },
    Key {
        name: "min_sample",
        kind: Kind::Count,
        default: Some("30"),
    },
    Key {
        name: "require_region_cover",
        kind: Kind::Switch,
        default: Some("off"),
    },
    Key {
        name: "require_reason",
        kind: Kind::Switch,
        default: Some("off"),
    },
    Key {
        name: "timezone",
        kind: Kind::TimeZone,
        default: Some("UTC"),
    },
];

/// The key named `name`, or a message listing the valid ones.
pub fn key(name: &str) -> Result<&'static Key, String> {
    KEYS.iter().find(|k| k.name == name).ok_or_else(|| {
        let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        crate::tr!(
            "domain-unknown-setting",
            name = &format!("{name:?}"),
            names = &super::problem::list(&names)
        )
    })
}

/// Validates `value` for `key` and returns its canonical text (`None` = clear the setting).
pub fn normalise(key: &Key, value: &str) -> Result<Option<String>, String> {
    let v = value.trim();
    let shown = format!("{v:?}");
    let bad = |kind: &str| {
        crate::tr!(
            "domain-setting-bad-value",
            key = key.name,
            value = &shown,
            kind = kind
        )
    };
    match key.kind {
        Kind::OptionalCount => match v {
            "unset" | "off" | "none" => Ok(None),
            _ => v
                .parse::<u64>()
                .map(|n| Some(n.to_string()))
                .map_err(|_| bad("pairs")),
        },
        Kind::Hours => v
            .parse::<u32>()
            .map(|n| Some(n.to_string()))
            .map_err(|_| bad("hours")),
        Kind::Count => match v.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(Some(n.to_string())),
            _ => Err(bad("count")),
        },
        Kind::Ratio => match parse_decimal(v, 6) {
            Ok(n) if n <= 1_000_000 => Ok(Some(v.to_string())),
            _ => Err(bad("ratio")),
        },
        Kind::Switch => match v.to_ascii_lowercase().as_str() {
            "on" | "true" | "yes" | "1" => Ok(Some("on".into())),
            "off" | "false" | "no" | "0" => Ok(Some("off".into())),
            _ => Err(bad("switch")),
        },
        Kind::TimeZone => parse_timezone(v)
            .map(|_| {
                Some(
                    parse_timezone(v)
                        .map(|z| z.name())
                        .unwrap_or_else(|_| v.to_string()),
                )
            })
            .map_err(|e| crate::tr!("domain-setting-bad-zone", key = key.name, error = &e)),
    }
}

/// The settings with their defaults filled in, typed.
#[derive(Debug, Clone)]
pub struct Settings {
    pub approval_threshold: Option<u64>,
    pub drain_buffer_hours: i64,
    pub observation_hours: i64,
    pub plan_max_age_hours: i64,
    /// In millionths.
    pub stockout_alert_micros: i64,
    /// In millionths.
    pub accuracy_target_micros: i64,
    /// Orders a rate needs on each side of a change before it may alert.
    pub min_sample: i64,
    pub require_region_cover: bool,
    pub require_reason: bool,
    pub timezone: super::zone::Zone,
}

impl Settings {
    /// From the stored (key, value) pairs; a stored value that no longer validates (written by
    /// hand) falls back to the default rather than stopping every command.
    pub fn from_stored(stored: &[(String, String)]) -> Settings {
        let get = |name: &str| -> Option<String> {
            let k = key(name).ok()?;
            let raw = stored
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .or(k.default)?;
            normalise(k, raw).ok().flatten()
        };
        let hours = |name| get(name).and_then(|v| v.parse().ok()).unwrap_or(0);
        let micros = |name| {
            get(name)
                .and_then(|v| parse_decimal(&v, 6).ok())
                .unwrap_or(0)
        };
        Settings {
            approval_threshold: get("approval_threshold").and_then(|v| v.parse().ok()),
            drain_buffer_hours: hours("drain_buffer_hours"),
            observation_hours: hours("observation_hours"),
            plan_max_age_hours: hours("plan_max_age_hours"),
            stockout_alert_micros: micros("stockout_alert"),
            accuracy_target_micros: micros("accuracy_target"),
            min_sample: get("min_sample").and_then(|v| v.parse().ok()).unwrap_or(30),
            require_region_cover: get("require_region_cover").as_deref() == Some("on"),
            require_reason: get("require_reason").as_deref() == Some("on"),
            timezone: get("timezone")
                .and_then(|v| parse_timezone(&v).ok())
                .unwrap_or_else(super::zone::Zone::utc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_nothing_is_stored() {
        let s = Settings::from_stored(&[]);
        assert_eq!(s.approval_threshold, None);
        assert_eq!(s.drain_buffer_hours, 48);
        assert_eq!(s.observation_hours, 72);
        assert_eq!(s.plan_max_age_hours, 72);
        assert_eq!(s.stockout_alert_micros, 30_000);
        assert_eq!(s.accuracy_target_micros, 995_000);
        assert_eq!(s.min_sample, 30);
        assert!(!s.require_region_cover);
        assert_eq!(s.timezone.name(), "UTC");
    }

    #[test]
    fn stored_values_are_typed() {
        let stored = vec![
            ("approval_threshold".to_string(), "0".to_string()),
            ("timezone".to_string(), "+08:00".to_string()),
            ("require_region_cover".to_string(), "on".to_string()),
        ];
        let s = Settings::from_stored(&stored);
        assert_eq!(s.approval_threshold, Some(0));
        assert_eq!(s.timezone.name(), "+08:00");
        assert!(s.require_region_cover);
    }

    #[test]
    fn values_are_validated() {
        let k = |n| key(n).unwrap();
        assert_eq!(
            normalise(k("approval_threshold"), "500"),
            Ok(Some("500".into()))
        );
        assert_eq!(normalise(k("approval_threshold"), "unset"), Ok(None));
        assert!(normalise(k("approval_threshold"), "-1").is_err());
        assert!(normalise(k("drain_buffer_hours"), "two").is_err());
        assert!(normalise(k("stockout_alert"), "3").is_err());
        assert_eq!(
            normalise(k("stockout_alert"), "0.05"),
            Ok(Some("0.05".into()))
        );
        assert_eq!(
            normalise(k("require_region_cover"), "YES"),
            Ok(Some("on".into()))
        );
        assert!(normalise(k("timezone"), "Mars/Olympus").is_err());
        assert!(key("approval").unwrap_err().contains("approval_threshold"));
    }
}
