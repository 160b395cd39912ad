//! Reading CSV templates and writing CSV exports, with the care a spreadsheet export needs.
//!
//! - [`read`]: the one reader every import uses — encoding detection (UTF-8, BOM, GBK),
//!   header aliases, physical line numbers, every bad row reported, bounded memory.
//! - [`write`]: the writer every export uses — RFC 4180, optional BOM, formula-inert text.
//! - [`atomic`]: temp file + rename, so a failed export or backup never replaces a good file.

pub mod atomic;
pub mod cells;
mod detect;
pub mod read;
pub mod templates;
mod text;
pub mod write;

pub use atomic::AtomicFile;
pub use read::{CsvInput, Encoding, Field, ReadOptions, Row};
pub use write::{Cell, CsvOut, inert};

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
