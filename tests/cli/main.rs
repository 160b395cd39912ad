//! invmap's integration tests: one binary, one module per command (STYLE.md item 11).
//!
//! Every test runs the real `invmap` binary in a temp dir (see `env.rs`) and asserts what an
//! operator sees — stdout, stderr, exit code — and what the store holds afterwards, read with
//! an independent SQLite connection.
//!
//! Tests marked `#[ignore = "bug: …"]` show a known defect in `src/`; run them with
//! `cargo test --test cli -- --ignored`.

mod env;

mod audit;
mod backup;
mod bind;
mod blackout;
mod changes;
mod check;
mod demo;
mod exit;
mod export;
mod hostile;
mod import;
mod init;
mod metrics;
mod mistakes;
mod moves;
mod pg;
mod plan;
mod readme;
mod reconcile;
mod reliability;
mod rollback;
mod route;
mod run_due;
mod scenarios;
mod scripts;
mod settings;
mod stages;
mod tamper;
mod unbind;
mod warehouse;
mod zh;
