//! One thing wrong with one value of the input, and the collector that gathers them.
//!
//! Every import validates the whole file before it writes anything; the collector keeps the
//! first [`MAX_LISTED`](MAX_LISTED) problems and counts the rest.

use std::fmt;

/// A bad value: where it is, what it was, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Physical line in the file (1-based, header = 1); 0 when not from a file.
    pub line: u64,
    /// The column as the file named it (or the field name).
    pub column: String,
    /// The offending value, already escaped for the terminal.
    pub value: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl Problem {
    pub fn new(line: u64, column: &str, value: &str, message: impl Into<String>) -> Self {
        Problem {
            line,
            column: column.to_string(),
            value: escape(value),
            message: message.into(),
        }
    }

    /// `file:line: column: value: message`
    pub fn render(&self, source: &str) -> String {
        let mut out = if self.line > 0 && source == COMMAND_LINE {
            // Flags come in pairs (`--sku S --warehouse W`), numbered as given.
            crate::tr!("domain-at-command-line-pair", pair = self.line)
        } else if self.line > 0 {
            format!("{source}:{}: ", self.line)
        } else if source == COMMAND_LINE {
            crate::tr!("domain-at-command-line")
        } else {
            format!("{source}: ")
        };
        if !self.column.is_empty() {
            out.push_str(&self.column);
            out.push_str(": ");
        }
        if !self.value.is_empty() {
            out.push_str(&format!("\"{}\": ", self.value));
        }
        out.push_str(&self.message);
        out
    }
}

/// Gathers the problems of one input; turns into an [`InputError`] when any were found.
#[derive(Debug)]
pub struct Problems {
    source_name: String,
    items: Vec<Problem>,
    total: u64,
}

impl Problems {
    pub fn new(source_name: impl Into<String>) -> Self {
        Problems {
            source_name: source_name.into(),
            items: Vec::new(),
            total: 0,
        }
    }

    pub fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.items.len() < MAX_LISTED {
            self.items.push(problem);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// `Ok(())` when nothing was wrong, else the error listing every problem kept, in line
    /// order (the reader and the store find problems in separate passes).
    pub fn into_result(mut self) -> Result<(), InputError> {
        if self.total == 0 {
            return Ok(());
        }
        self.items.sort_by_key(|p| p.line);
        Err(InputError {
            source_name: self.source_name,
            problems: self.items,
            total: self.total,
        })
    }
}

/// Items of a list in a sentence: `a, b, c` (Chinese: `a、b、c`).
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let sep = match crate::i18n::output_lang() {
        crate::i18n::Lang::En => ", ",
        crate::i18n::Lang::Zh => "、",
    };
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// Makes a value safe to print on a terminal: control and format characters (ESC, NUL,
/// U+202E RIGHT-TO-LEFT OVERRIDE, …) are shown as `\x1b`, `\u{202e}`, never raw.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if is_unprintable(c) {
            if (c as u32) < 0x80 {
                out.push_str(&format!("\\x{:02x}", c as u32));
            } else {
                out.push_str(&format!("\\u{{{:04x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters (C0, DEL, C1) and the format characters that reorder or hide text.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{00ad}' | '\u{061c}' | '\u{fff9}'..='\u{fffb}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_and_bidi_characters() {
        assert_eq!(escape("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(escape("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape("SKU\0"), "SKU\\x00");
        assert_eq!(escape("连衣裙-红"), "连衣裙-红");
    }

    #[test]
    fn keeps_fifty_and_counts_the_rest() {
        let mut p = Problems::new("f.csv");
        for i in 0..60 {
            p.push(Problem::new(i + 2, "sku", "x", "bad"));
        }
        let err = p.into_result().unwrap_err();
        assert_eq!(err.total, 60);
        assert_eq!(err.problems.len(), 50);
        assert!(err.to_string().contains("… and 10 more"));
        assert!(err.to_string().contains("f.csv:2: sku: \"x\": bad"));
    }

    #[test]
    fn one_problem_is_one_problem() {
        let mut p = Problems::new("f.csv");
        p.push(Problem::new(3, "sku", "x", "bad"));
        let err = p.into_result().unwrap_err().to_string();
        assert_eq!(
            err,
            "f.csv has 1 problem; nothing was changed:\n  f.csv:3: sku: \"x\": bad\nFix these rows and run the command again."
        );
        let flags = InputError {
            source_name: COMMAND_LINE.into(),
            problems: vec![Problem::new(2, "--sku", "a b", "bad")],
            total: 1,
        };
        assert!(
            flags
                .to_string()
                .contains("  command line, pair 2: --sku: \"a b\": bad\nFix the command")
        );
    }
}

/// The source name of values given as flags.
pub const COMMAND_LINE: &str = "command line";

/// Exit code 4: the input data is invalid; nothing was changed.
#[derive(Debug)]
pub struct InputError {
    /// Where the data came from: a file path, or "command line".
    pub source_name: String,
    pub problems: Vec<Problem>,
    /// How many problems there were in all (only the first [`MAX_LISTED`] are kept).
    pub total: u64,
}

/// How many bad rows an error lists before it says "and N more".
pub const MAX_LISTED: usize = 50;

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One bad flag: one line (read-only commands too, where "nothing was changed" would
        // be news to no one).
        if let ([p], true) = (&self.problems[..], self.source_name == COMMAND_LINE)
            && self.total == 1
            && p.line == 0
        {
            return write!(f, "{}", p.render(&self.source_name));
        }
        let head = if self.source_name == COMMAND_LINE {
            crate::tr!("domain-input-problems-command-line", count = self.total)
        } else {
            crate::tr!(
                "domain-input-problems",
                source = &self.source_name,
                count = self.total
            )
        };
        writeln!(f, "{head}")?;
        for (i, p) in self.problems.iter().enumerate() {
            let last = i + 1 == self.problems.len() && self.total == self.problems.len() as u64;
            let rows = self.problems.iter().any(|p| p.line > 0);
            if last && !rows {
                write!(f, "  {}", p.render(&self.source_name))?;
            } else {
                writeln!(f, "  {}", p.render(&self.source_name))?;
            }
        }
        if self.total > self.problems.len() as u64 {
            writeln!(
                f,
                "  {}",
                crate::tr!(
                    "domain-input-more",
                    count = self.total - self.problems.len() as u64
                )
            )?;
        }
        if self.problems.iter().all(|p| p.line == 0) {
            // About a value on the command line or a whole file: the first line said it all.
            Ok(())
        } else if self.source_name == COMMAND_LINE {
            write!(f, "{}", crate::tr!("domain-input-fix-command"))
        } else {
            write!(f, "{}", crate::tr!("domain-input-fix-rows"))
        }
    }
}

impl std::error::Error for InputError {}

impl InputError {
    /// An error about one value that did not come from a file (a flag on the command line).
    pub fn single(source_name: &str, column: &str, value: &str, message: &str) -> InputError {
        InputError {
            source_name: source_name.to_string(),
            problems: vec![Problem::new(0, column, value, message)],
            total: 1,
        }
    }
}
