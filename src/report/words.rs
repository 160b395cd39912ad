//! Small words of the messages: counts with their noun.

/// `3 pairs`, `1 pair`, `0 entries`.
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else if let Some(stem) = word.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn nouns_take_their_plural() {
        assert_eq!(plural(1, "entry"), "1 entry");
        assert_eq!(plural(0, "entry"), "0 entries");
        assert_eq!(plural(2, "audit entry"), "2 audit entries");
        assert_eq!(plural(3, "pair"), "3 pairs");
    }
}
