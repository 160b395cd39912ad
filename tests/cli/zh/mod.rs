//! The same workflows in Chinese (`LANG=zh_CN.UTF-8`, SPEC §11): what the operator reads is
//! Chinese; JSON, exit codes and rule ids are the same as in English. One file per area.

mod cli;
mod demo;
mod domain;
mod door;
mod help;
mod metrics;
mod ops;
mod store;
mod workflows;
