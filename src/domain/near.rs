//! "Did you mean …?": the codes an operator most likely meant by one the store does not have —
//! another letter case, one character mistyped or swapped, or a letter read for a digit
//! (O/0, I/1, S/5, B/8, Z/2). Pure; the store looks the candidates up.

/// Characters a person or an OCR'd printout confuses, both ways.
const LOOKALIKES: &[(char, char)] = &[
    ('O', '0'),
    ('I', '1'),
    ('L', '1'),
    ('S', '5'),
    ('B', '8'),
    ('Z', '2'),
];

/// Whether `candidate` is a likely intended spelling of `typed`: the same ignoring letter case,
/// or (ignoring case) one character different, or two neighbours swapped.
pub fn likely(typed: &str, candidate: &str) -> bool {
    let a: Vec<char> = typed.to_uppercase().chars().collect();
    let b: Vec<char> = candidate.to_uppercase().chars().collect();
    if a == b {
        return typed != candidate;
    }
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diff[..] {
        [_] => true,
        [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
        _ => false,
    }
}

/// The spellings worth looking up for a code in a big table (where comparing against every
/// code is too slow): other letter cases, and each lookalike character swapped, one at a time.
pub fn variants(typed: &str) -> Vec<String> {
    let upper = typed.to_uppercase();
    let mut out = vec![upper.clone(), typed.to_lowercase()];
    let chars: Vec<char> = upper.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        for (x, y) in LOOKALIKES {
            let other = if c == x {
                *y
            } else if c == y {
                *x
            } else {
                continue;
            };
            let mut v = chars.clone();
            v[i] = other;
            out.push(v.into_iter().collect());
        }
    }
    out.retain(|v| v != typed);
    out.dedup();
    out
}

/// The words a message adds for a suggestion: the case rule matters most when case was all
/// that differed.
pub fn did_you_mean(typed: &str, found: &str) -> String {
    if typed.to_uppercase() == found.to_uppercase() {
        crate::tr!("domain-did-you-mean-case", code = found)
    } else {
        crate::tr!("domain-did-you-mean", code = found)
    }
}

/// The suggestion for `typed` among a few known codes (compared one by one; the smallest
/// likely one, so the answer does not depend on their order), or "".
pub fn hint_among<'a>(typed: &str, known: impl Iterator<Item = &'a String>) -> String {
    known
        .filter(|k| likely(typed, k))
        .min()
        .map(|k| did_you_mean(typed, k))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_one_typo_and_swaps_are_likely() {
        assert!(likely("sh01", "SH01"));
        assert!(likely("SH02", "SH01"));
        assert!(likely("HS01", "SH01"));
        assert!(!likely("SH01", "SH01"), "the same code is no suggestion");
        assert!(!likely("BJ02", "SH01"));
        assert!(!likely("SH011", "SH01"));
    }

    #[test]
    fn variants_cover_case_and_lookalikes() {
        let v = variants("SKU-A02O");
        assert!(v.contains(&"SKU-A020".to_string()), "{v:?}");
        assert!(v.contains(&"sku-a02o".to_string()));
        assert!(!v.contains(&"SKU-A02O".to_string()));
        let v = variants("sku-a020");
        assert!(v.contains(&"SKU-A020".to_string()));
    }

    #[test]
    fn the_message_names_case_when_only_case_differs() {
        assert_eq!(
            did_you_mean("sh01", "SH01"),
            " (did you mean SH01? codes are case-sensitive)"
        );
        assert_eq!(did_you_mean("SH02", "SH01"), " (did you mean SH01?)");
    }
}
