//! Validation of SKU and warehouse codes: the one place that decides what a code may look like.
//!
//! The CSV reader has already trimmed the value and folded full-width ASCII; what is left here
//! is refusing what would silently mis-target a row: Excel's scientific notation and `.0`
//! suffixes (the real digits are gone, so we never guess them back), formula characters at the
//! start (a code is exported again later and must not run in a spreadsheet), control characters
//! and anything outside a small, literal character set (codes are matched exactly, never with
//! `LIKE`, so `%`, `_` and quotes would only ever be typos).

use crate::domain::problem::{escape, is_unprintable};

/// Which kind of code a value is; decides the length limit and the words of the messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    Sku,
    Warehouse,
}

impl CodeKind {
    /// Longest valid code in characters (not bytes), the same limit as the schema's `length()`.
    pub fn max_len(self) -> usize {
        match self {
            CodeKind::Sku => 20,
            CodeKind::Warehouse => 10,
        }
    }

    /// How messages name this kind of code (English; the messages themselves use
    /// [`CodeKind::noun_shown`]).
    pub fn noun(self) -> &'static str {
        match self {
            CodeKind::Sku => "SKU",
            CodeKind::Warehouse => "warehouse code",
        }
    }

    /// The noun in the operator's language (Chinese: `SKU ` with a space before the words
    /// that follow it, `仓库编码` without).
    pub fn noun_shown(self) -> String {
        match self {
            CodeKind::Sku => crate::tr!("domain-noun-sku"),
            CodeKind::Warehouse => crate::tr!("domain-noun-warehouse-code"),
        }
    }
}

/// Defines a code type whose only constructor validates with [`validate_code`].
macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `value` (already trimmed and folded by the reader); the error says
            /// what is wrong and what to do.
            pub fn parse(value: &str) -> Result<$name, String> {
                validate_code($kind, value)?;
                Ok($name(value.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

code_type!(
    /// A product id (SKU) that passed [`validate_code`]: 1–20 characters, no surrounding
    /// space, nothing a spreadsheet would run or mangle.
    Sku,
    CodeKind::Sku
);

code_type!(
    /// A warehouse code that passed [`validate_code`]: 1–10 characters.
    WarehouseCode,
    CodeKind::Warehouse
);

/// Punctuation allowed inside a code, besides Unicode letters and digits.
const ALLOWED_PUNCTUATION: &[char] = &['-', '_', '.', '/', ':', '#'];

/// Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
const FORMULA_START: &[char] = &['=', '+', '-', '@'];

/// `Ok` when `value` is a valid code of `kind`; otherwise a message that says what is wrong
/// and what to do about it. The value is expected to be trimmed and folded already.
pub fn validate_code(kind: CodeKind, value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(crate::tr!("domain-code-empty", noun = &kind.noun_shown()));
    }
    check_characters_are_printable(kind, value)?;
    if value.trim() != value {
        return Err(crate::tr!(
            "domain-code-outer-space",
            noun = &kind.noun_shown()
        ));
    }
    check_not_excel_number(kind, value)?;
    if let Some(first) = value.chars().next().filter(|c| FORMULA_START.contains(c)) {
        return Err(crate::tr!(
            "domain-code-formula",
            noun = &kind.noun_shown(),
            first = &first
        ));
    }
    check_allowed_characters(kind, value)?;
    let len = value.chars().count();
    if len > kind.max_len() {
        return Err(crate::tr!(
            "domain-code-too-long",
            len = len,
            max = kind.max_len(),
            noun = &kind.noun_shown()
        ));
    }
    Ok(())
}

/// NUL gets its own message: it is the byte that truncates C strings on the way to SQLite.
fn check_characters_are_printable(kind: CodeKind, value: &str) -> Result<(), String> {
    if value.contains('\0') {
        return Err(crate::tr!("domain-code-nul", noun = &kind.noun_shown()));
    }
    match value.chars().find(|&c| is_unprintable(c)) {
        Some(c) => Err(crate::tr!(
            "domain-code-control",
            char = &escape(&c.to_string()),
            noun = &kind.noun_shown()
        )),
        None => Ok(()),
    }
}

/// Refuses the two shapes Excel gives a long code it took for a number. Both have lost the
/// original digits (`1.23457E+11` may have been 123456789012 or 123457000000), so converting
/// back would aim the row at the wrong product.
fn check_not_excel_number(kind: CodeKind, value: &str) -> Result<(), String> {
    if looks_like_scientific_notation(value) {
        return Err(crate::tr!(
            "domain-code-scientific",
            noun = &kind.noun_shown()
        ));
    }
    if looks_like_numeric_float(value) {
        return Err(crate::tr!(
            "domain-code-numeric-float",
            noun = &kind.noun_shown()
        ));
    }
    Ok(())
}

/// `1.23457E+11`, `6.90123e+12`, `1.5E-05`. A `-` exponent needs a decimal point, so a real
/// code such as `3E-12` (which `-` being allowed makes possible) is not refused.
fn looks_like_scientific_notation(value: &str) -> bool {
    let Some(e) = value.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, rest) = (&value[..e], &value[e + 1..]);
    let (int_part, frac_part) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let mantissa_ok = all_digits(int_part) && frac_part.is_none_or(all_digits);
    let exponent_ok = match rest.as_bytes().first() {
        Some(b'+') => all_digits(&rest[1..]),
        Some(b'-') => frac_part.is_some() && all_digits(&rest[1..]),
        _ => false,
    };
    mantissa_ok && exponent_ok
}

/// `123456789012.0`, `6901234567890.00`: digits, a point, then only zeros.
fn looks_like_numeric_float(value: &str) -> bool {
    match value.split_once('.') {
        Some((int_part, zeros)) => {
            all_digits(int_part) && !zeros.is_empty() && zeros.bytes().all(|b| b == b'0')
        }
        None => false,
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn check_allowed_characters(kind: CodeKind, value: &str) -> Result<(), String> {
    let bad = value
        .chars()
        .find(|&c| !(c.is_alphanumeric() || ALLOWED_PUNCTUATION.contains(&c)));
    match bad {
        None => Ok(()),
        Some(' ') => Err(crate::tr!(
            "domain-code-inner-space",
            noun = &kind.noun_shown()
        )),
        Some(c) => Err(crate::tr!(
            "domain-code-bad-char",
            char = &c,
            noun = &kind.noun_shown()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use CodeKind::{Sku, Warehouse};

    #[test]
    fn valid_codes() {
        let cases: &[(CodeKind, &str)] = &[
            (Sku, "SKU001"),
            (Sku, "00123"),
            (Sku, "123"),
            (Sku, "SKU_01"),
            (Sku, "连衣裙-红-XL"),
            (Sku, "A/B:C#1.2"),
            (Sku, "3E-12"),
            (Sku, "12E3"),
            (Sku, "SSSSSSSSSSSSSSSSSSSS"),
            (Warehouse, "WH-SH01"),
            (Warehouse, "WH-XX99"),
            (Warehouse, "仓库一"),
            (Warehouse, "ABCDEFGHIJ"),
        ];
        for (kind, value) in cases {
            assert_eq!(validate_code(*kind, value), Ok(()), "{value}");
        }
    }

    /// Each invalid value and a piece of text its message must contain.
    #[test]
    fn invalid_codes() {
        let s65 = "S".repeat(65);
        let cases: &[(CodeKind, &str, &str)] = &[
            (Sku, "", "empty SKU: fill it in or delete the row"),
            (Warehouse, "", "empty warehouse code"),
            (Sku, "SKU\u{0}002", "NUL byte"),
            (Sku, "SKU\u{1b}[31m", "\\x1b"),
            (Sku, "SKU\u{202e}1", "\\u{202e}"),
            (Sku, " SKU001", "starts or ends with a space"),
            (Sku, "1.23457E+11", "looks like Excel scientific notation"),
            (Sku, "6.90123E+12", "the original digits are lost"),
            (Sku, "1.23457e+11", "format the column as Text"),
            (Sku, "1.5E-05", "scientific notation"),
            (Sku, "123456789012.0", "the cell was numeric in Excel"),
            (Sku, "6901234567890.00", "numeric in Excel"),
            (Sku, "=HYPERLINK(\"http://x/\")", "starts with '='"),
            (Sku, "+1+1", "formula"),
            (Sku, "-2+3", "starts with '-'"),
            (Sku, "@SUM(1;1)", "starts with '@'"),
            (Sku, "=1+1", "formula"),
            (Warehouse, "=cmd|' /C calc'!A0", "formula"),
            (Sku, &s65, "65 characters, the limit is 20"),
            (Warehouse, "WAREHOUSE-01", "12 characters, the limit is 10"),
            (Sku, "SKU 001", "space inside the SKU"),
            (Sku, "SKU001'; DROP TABLE binding;--", "character '''"),
            (Sku, "SKU%", "character '%'"),
            (Sku, "A;B", "character ';'"),
            (Sku, "A\"B", "character '\"'"),
        ];
        for (kind, value, want) in cases {
            let err = validate_code(*kind, value).expect_err(value);
            assert!(err.contains(want), "{value:?}: {err:?} lacks {want:?}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let twenty = "连".repeat(20);
        assert_eq!(validate_code(Sku, &twenty), Ok(()));
        let err = validate_code(Sku, &"连".repeat(21)).unwrap_err();
        assert!(err.contains("21 characters"), "{err}");
    }

    #[test]
    fn nouns_and_limits() {
        assert_eq!(Sku.noun(), "SKU");
        assert_eq!(Warehouse.noun(), "warehouse code");
        assert_eq!((Sku.max_len(), Warehouse.max_len()), (20, 10));
    }
}
