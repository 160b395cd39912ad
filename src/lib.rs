//! invmap: safe, fast and provable product–warehouse unbinding for e-commerce operators.
//!
//! Arrows point one way: `cli → domain → store`, `cli → csvio`, `cli → report`. Nothing
//! below `cli` prints; it returns values and errors.

pub mod cli;
pub mod csvio;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod metrics;
pub mod ops;
pub mod report;
pub mod signals;
pub mod store;
