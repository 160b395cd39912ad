//! Parsers for the values of input files. Each returns what is wrong *and what to do* as its
//! error, so every import reports bad cells the same way.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::zone::Zone;
use serde::Serialize;

/// The format every time is stored in: UTC, so text order is time order.
pub const STORED_TIME: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Renders a time the way the store keeps it.
pub fn stored(t: DateTime<Utc>) -> String {
    t.format(STORED_TIME).to_string()
}

/// A whole number of units, `min` or more. `12.0`, `1e3`, `1,000` are refused: quantities in
/// spreadsheets that look like that were mangled, and guessing would move real stock.
pub fn parse_int(value: &str, min: i64) -> Result<i64, String> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(crate::tr!("domain-not-whole-number", min = &min));
    }
    let n: i64 = value
        .parse()
        .map_err(|_| crate::tr!("domain-number-too-large"))?;
    if n < min {
        return Err(crate::tr!("domain-number-below-min", min = &min));
    }
    Ok(n)
}

/// The most stock one link may hold (SPEC §9): a million million units. Sums over millions of
/// links stay far inside `i64`.
pub const MAX_QTY: i64 = 1_000_000_000_000;

/// The largest amount of money (SPEC §9): 10^15 cents, ten thousand billion in a currency unit.
pub const MAX_CENTS: i64 = 1_000_000_000_000_000;

/// A stock quantity in units: 0 … [`MAX_QTY`]. The only constructors validate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Qty(i64);

impl Qty {
    pub fn new(units: i64) -> Result<Qty, String> {
        if !(0..=MAX_QTY).contains(&units) {
            return Err(if units < 0 {
                crate::tr!("domain-qty-negative")
            } else {
                crate::tr!("domain-qty-too-large", max = &MAX_QTY)
            });
        }
        Ok(Qty(units))
    }

    /// A whole number of units in a cell or a flag (see [`parse_int`]).
    pub fn parse(value: &str) -> Result<Qty, String> {
        Qty::new(parse_int(value, 0)?)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// An amount of money in cents: 0 … [`MAX_CENTS`]. The only constructors validate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Cents(i64);

impl Cents {
    pub fn new(cents: i64) -> Result<Cents, String> {
        if !(0..=MAX_CENTS).contains(&cents) {
            return Err(crate::tr!("domain-cents-range", max = &(MAX_CENTS / 100)));
        }
        Ok(Cents(cents))
    }

    /// A decimal amount with at most 2 places (`12.5` → 1250 cents; see [`parse_decimal`]).
    pub fn parse(value: &str) -> Result<Cents, String> {
        Cents::new(parse_decimal(value, 2)?)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

/// A decimal amount with at most `decimals` places, as an integer of 10^-decimals units
/// (`"12.5"` with 2 decimals → 1250). Exact: money is never a float here.
pub fn parse_decimal(value: &str, decimals: u32) -> Result<i64, String> {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let ok = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= decimals as usize
        && !(value.contains('.') && frac.is_empty());
    if !ok {
        return Err(crate::tr!("domain-not-an-amount", decimals = decimals));
    }
    let scale = 10i64.pow(decimals);
    let whole: i64 = int
        .parse()
        .map_err(|_| crate::tr!("domain-amount-too-large"))?;
    let mut part: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().unwrap_or(0)
    };
    part *= 10i64.pow(decimals - frac.len() as u32);
    whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(part))
        .ok_or_else(|| crate::tr!("domain-amount-too-large"))
}

/// Renders an amount of 10^-decimals units as a decimal, trimming trailing zeros past `min_decimals`.
pub fn format_decimal(units: i64, decimals: u32, min_decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let sign = if units < 0 { "-" } else { "" };
    let (whole, frac) = (units.abs() / scale, units.abs() % scale);
    let mut frac = format!("{frac:0width$}", width = decimals as usize);
    while frac.len() > min_decimals as usize && frac.ends_with('0') {
        frac.pop();
    }
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// The `timezone` setting: UTC or a fixed offset such as `+08:00`.
pub fn parse_timezone(value: &str) -> Result<Zone, String> {
    Zone::parse(value)
}

/// A time in an input file: RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DD` in `tz`
/// (a date alone is midnight). Returns the stored UTC form.
pub fn parse_time(value: &str, tz: &Zone) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
    .or_else(|| {
        ["%Y-%m-%d", "%Y/%m/%d"].iter().find_map(|f| {
            NaiveDate::parse_from_str(value, f)
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
    });
    // A clock time the zone skips or repeats (daylight saving) is read as `Zone` says.
    match local.map(|t| tz.local_instant(t)) {
        Some(t) => Ok(t),
        None => Err(crate::tr!("domain-not-a-time")),
    }
}

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    Open,
    Shipped,
    Delivered,
    Cancelled,
    Unfulfilled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Open => "open",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Unfulfilled => "unfulfilled",
        }
    }

    /// The English statuses, and the words Chinese shop exports use (SPEC §8).
    pub fn parse(value: &str) -> Result<OrderStatus, String> {
        Ok(match value.to_ascii_lowercase().as_str() {
            // 未发货 is the glossary's word (and what invmap's own tables say).
            "open" | "待发货" | "未发货" | "待付款" => OrderStatus::Open,
            "shipped" | "已发货" => OrderStatus::Shipped,
            "delivered" | "已签收" | "已完成" => OrderStatus::Delivered,
            "cancelled" | "canceled" | "已取消" | "已关闭" => OrderStatus::Cancelled,
            "unfulfilled" | "缺货" | "未履约" => OrderStatus::Unfulfilled,
            _ => {
                return Err(crate::tr!("domain-unknown-order-status"));
            }
        })
    }
}

/// Whether a warehouse takes new orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WarehouseStatus {
    Active,
    Closed,
}

impl WarehouseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            WarehouseStatus::Active => "active",
            WarehouseStatus::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Result<WarehouseStatus, String> {
        match value.to_ascii_lowercase().as_str() {
            "active" | "open" | "启用" | "正常" => Ok(WarehouseStatus::Active),
            "closed" | "停用" | "关闭" | "已关闭" => Ok(WarehouseStatus::Closed),
            _ => Err(crate::tr!("domain-unknown-warehouse-status")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_refuse_spreadsheet_mangling() {
        assert_eq!(parse_int("12", 0), Ok(12));
        assert_eq!(parse_int("-3", i64::MIN), Ok(-3));
        for bad in ["12.0", "1e3", "1,000", "", "-", "abc", "12 "] {
            assert!(parse_int(bad, 0).is_err(), "{bad}");
        }
        assert!(parse_int("-1", 0).unwrap_err().contains("0 or more"));
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("12.5", 2), Ok(1250));
        assert_eq!(parse_decimal("0.0350", 6), Ok(35_000));
        assert_eq!(parse_decimal("7", 2), Ok(700));
        for bad in ["1.234", "1.", ".5", "-1", "1,5", "$3", "1e2"] {
            assert!(parse_decimal(bad, 2).is_err(), "{bad}");
        }
        assert_eq!(format_decimal(1250, 2, 2), "12.50");
        assert_eq!(format_decimal(35_000, 6, 2), "0.035");
        assert_eq!(format_decimal(-5, 2, 2), "-0.05");
    }

    #[test]
    fn times_in_every_accepted_form() {
        let utc = parse_timezone("UTC").unwrap();
        let cst = parse_timezone("+08:00").unwrap();
        let s = |v: &str, tz| stored(parse_time(v, tz).unwrap());
        assert_eq!(s("2026-11-20T14:30:00+08:00", &utc), "2026-11-20T06:30:00Z");
        assert_eq!(s("2026-11-20 14:30", &cst), "2026-11-20T06:30:00Z");
        assert_eq!(s("2026-11-20 14:30:05", &utc), "2026-11-20T14:30:05Z");
        assert_eq!(s("2026-11-20", &utc), "2026-11-20T00:00:00Z");
        assert!(parse_time("20/11/2026", &utc).is_err());
        assert!(parse_time("2026-13-01", &utc).is_err());
        assert!(parse_timezone("Mars/Base").is_err());
    }

    #[test]
    fn statuses_in_english_and_chinese() {
        assert_eq!(OrderStatus::parse("待发货"), Ok(OrderStatus::Open));
        assert_eq!(OrderStatus::parse("Delivered"), Ok(OrderStatus::Delivered));
        assert_eq!(OrderStatus::parse("缺货"), Ok(OrderStatus::Unfulfilled));
        // The words invmap's own Chinese tables use read back too.
        assert_eq!(OrderStatus::parse("未发货"), Ok(OrderStatus::Open));
        assert_eq!(OrderStatus::parse("未履约"), Ok(OrderStatus::Unfulfilled));
        assert_eq!(
            WarehouseStatus::parse("已关闭"),
            Ok(WarehouseStatus::Closed)
        );
        assert!(OrderStatus::parse("lost").is_err());
    }
}
