//! Error kinds a caller must tell apart, and the exit code each maps to (SPEC §3).
//!
//! The core returns `anyhow::Error`; the kinds below are attached where the cause is known so
//! that `main` can map them to exit codes: usage 2, refused 3, invalid input 4, anything else 1.

use std::fmt;

/// Exit code 2: the command line itself is wrong (unknown key, bad flag combination).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Exit code 3: a safety rule refused the change; nothing was changed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Exit code 4: the input data is invalid; nothing was changed.
#[derive(Debug)]
pub struct InputError {
    /// Where the data came from: a file path, or "command line".
    pub source_name: String,
    pub problems: Vec<crate::domain::problem::Problem>,
    /// How many problems there were in all (only the first [`MAX_LISTED`] are kept).
    pub total: u64,
}

/// How many bad rows an error lists before it says "and N more".
pub const MAX_LISTED: usize = 50;

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = if self.total == 1 {
            "problem"
        } else {
            "problems"
        };
        writeln!(
            f,
            "{} has {} {rows}; nothing was changed:",
            self.source_name, self.total
        )?;
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
                "  … and {} more",
                self.total - self.problems.len() as u64
            )?;
        }
        if self.problems.iter().all(|p| p.line == 0) {
            // About a value on the command line or a whole file: the first line said it all.
            Ok(())
        } else {
            write!(f, "Fix these rows and run the command again.")
        }
    }
}

impl std::error::Error for InputError {}

/// The exit codes of SPEC §3.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const REFUSED: u8 = 3;
    pub const INVALID_INPUT: u8 = 4;
}

/// The exit code for an error returned by the core.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<InputError>().is_some() {
        exit::INVALID_INPUT
    } else if err.downcast_ref::<Refused>().is_some() {
        exit::REFUSED
    } else if err.downcast_ref::<UsageError>().is_some() {
        exit::USAGE
    } else {
        exit::FAILED
    }
}

/// True when the error is a closed stdout (`invmap export mappings | head -1`): exit quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe))
            // `--format json` writes through serde_json, which wraps the io::Error.
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

impl InputError {
    /// An error about one value that did not come from a file (a flag on the command line).
    pub fn single(source_name: &str, column: &str, value: &str, message: &str) -> InputError {
        InputError {
            source_name: source_name.to_string(),
            problems: vec![crate::domain::problem::Problem::new(
                0, column, value, message,
            )],
            total: 1,
        }
    }
}
