//! The engines a command drives: each takes the store, the clock and plain arguments, does
//! the work, and returns values for `report` to render. Nothing here parses arguments or
//! prints (`cli` does both), and nothing here speaks SQL (`store` does).
//!
//! - [`compare`]: measures a window's metrics, and a change's before against its after.

pub mod compare;
