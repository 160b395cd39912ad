//! Small words of the messages: counts with their noun.

/// `3 pairs`, `1 pair`.
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
