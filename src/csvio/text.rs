//! Small, pure text rules shared by the reader: which characters count as space, the
//! full-width fold, and the header key used for alias matching.
//!
//! The fold is deliberately narrow: U+FF01–U+FF5E become their ASCII twins and U+3000 / U+00A0
//! become a space, because that is what a Chinese input method or a pasted web page puts in a
//! code. Full NFKC would also turn `①` into `1` or `㈠` into `(一)`, creating false matches.

/// Space as far as trimming is concerned: ASCII whitespace, the ideographic space and NBSP.
pub(crate) fn is_space(c: char) -> bool {
    c.is_ascii_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// Full-width ASCII to ASCII; the two wide spaces to a plain space; everything else as is.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' | '\u{a0}' => ' ',
        _ => c,
    }
}

/// Writes `raw` folded and trimmed into `out` (cleared first). Returns whether the result
/// differs from `raw`, so the caller can report the change.
pub(crate) fn normalize_into(raw: &str, out: &mut String) -> bool {
    out.clear();
    // Fast path for the usual cell (a plain ASCII code): nothing to fold or trim.
    if raw.bytes().all(|b| b.is_ascii_graphic()) {
        out.push_str(raw);
        return false;
    }
    out.extend(raw.chars().map(fold_char));
    let end = out
        .trim_end_matches(|c: char| c.is_ascii_whitespace())
        .len();
    out.truncate(end);
    let start = out.len()
        - out
            .trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    out.drain(..start);
    out != raw
}

/// The form a header cell is compared in: folded, trimmed, lower-cased.
pub(crate) fn header_key(raw: &str) -> String {
    let mut out = String::new();
    normalize_into(raw, &mut out);
    out.to_lowercase()
}

/// Counts `\n` bytes; the compiler vectorises this well enough for a record or a 1 MiB chunk.
pub(crate) fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_width_and_space_but_not_nfkc() {
        let cases = [
            ("SKU001", "SKU001", false),
            ("ＳＫＵ００１", "SKU001", true),
            ("ＷＨ－ＳＨ０１", "WH-SH01", true),
            ("SKU002\u{3000}", "SKU002", true),
            ("\u{a0}SKU003", "SKU003", true),
            (" SKU001 ", "SKU001", true),
            ("\t=1+1", "=1+1", true),
            ("连衣裙-红-XL", "连衣裙-红-XL", false),
            ("①", "①", false),
            ("㈠", "㈠", false),
            ("A\u{3000}B", "A B", true),
            ("", "", false),
            ("   ", "", true),
        ];
        let mut out = String::new();
        for (raw, want, changed) in cases {
            assert_eq!(normalize_into(raw, &mut out), changed, "{raw:?}");
            assert_eq!(out, want, "{raw:?}");
        }
    }

    #[test]
    fn header_keys_fold_case_and_width() {
        assert_eq!(header_key(" SKU "), "sku");
        assert_eq!(header_key("Warehouse_Code\u{3000}"), "warehouse_code");
        assert_eq!(header_key("ｓｋｕ"), "sku");
        assert_eq!(header_key("商品编码"), "商品编码");
    }

    #[test]
    fn spaces() {
        assert!(is_space('\u{3000}') && is_space('\u{a0}') && is_space('\r'));
        assert!(!is_space('x') && !is_space('\u{200b}'));
    }
}
