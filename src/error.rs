//! Error kinds a caller must tell apart, and the exit code each maps to (SPEC §3).
//!
//! The core returns `anyhow::Error`; the kinds below are attached where the cause is known so
//! that `main` can map them to exit codes: usage 2, refused 3, invalid input 4, anything else 1.

/// Exit code 2: the command line itself is wrong (unknown key, bad flag combination).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Exit code 3: a safety rule refused the change; nothing was changed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

pub use crate::domain::problem::{InputError, MAX_LISTED};

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
    } else if not_allowed(err) {
        // The server refused the role (no privilege): a refusal, like a rule's.
        exit::REFUSED
    } else {
        exit::FAILED
    }
}

/// The server refused what the connected role has no privilege for.
fn not_allowed(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<postgres::Error>()
            .and_then(|e| e.code())
            .is_some_and(|c| *c == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    })
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
