//! Operator names as the two-person rule compares them (SPEC §5): `Op`, ` op` and `ｏｐ` are
//! one operator, so a second person cannot be faked by case, spaces or full-width letters,
//! and an empty name is no one.

use unicode_normalization::UnicodeNormalization;

/// The form names are compared in: trimmed, Unicode NFKC (full-width letters and spaces
/// become their ASCII forms), lower case, trimmed again (NFKC can turn U+3000 into a space).
pub fn normal(name: &str) -> String {
    let folded: String = name.trim().nfkc().collect::<String>().to_lowercase();
    folded.trim().to_string()
}

/// True when two names are the same operator.
pub fn same(a: &str, b: &str) -> bool {
    normal(a) == normal(b)
}

/// A name a change may record: refused when nothing is left after normalising.
pub fn check(name: &str) -> Result<(), String> {
    if normal(name).is_empty() {
        return Err(crate::tr!("domain-no-operator"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_name_are_one_operator() {
        for other in ["Op", " op", "op ", "ＯＰ", "ｏｐ", "\u{3000}op", "OP\t"] {
            assert!(same("op", other), "{other:?}");
        }
        assert!(!same("op", "op2"));
        assert!(!same("ana", "anna"));
    }

    #[test]
    fn empty_and_blank_names_are_refused() {
        for blank in ["", " ", "\u{3000}", "\t"] {
            assert!(check(blank).is_err(), "{blank:?}");
        }
        assert!(check("ana").is_ok());
    }
}
