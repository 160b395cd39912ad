//! The engines the commands drive: the unbind batch (shared by `unbind`, `plan` and
//! `run-due`), rollback, backup and restore, run-due, the exports, the metrics comparison,
//! and where their time goes. A command file parses its arguments, calls one engine
//! and renders the result; an engine never prints — it reports through its [`Driver`].

pub mod adopt;
pub mod backup;
pub mod bind;
pub mod change;
pub mod compare;
pub mod drain;
pub mod exit;
pub mod export;
pub mod moves;
pub mod phases;
pub mod plans;
pub mod reconcile;
pub mod reverse;
pub mod rollback;
pub mod run_due;
pub mod stages;
pub mod unbind;
pub mod warehouse;
pub mod warnings;

use chrono::{DateTime, Utc};

use crate::store::changes::ChangeMeta;
use crate::tr;

/// Items as a list in the operator's language: `A, B` in English, `A、B` in Chinese.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let sep = tr!("ops-list-sep");
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<&str>>()
        .join(&sep)
}

/// What an engine needs from the command that drives it: the injected clock, the operator's
/// override of a blackout window, and a way to tell the operator something while it works.
pub trait Driver {
    /// The clock, read once per command (`INVMAP_NOW` or the system clock).
    fn now(&self) -> DateTime<Utc>;
    /// Who is acting (the name changes and audit entries record).
    fn operator(&self) -> &str;
    /// `--override-window`: a change may land inside a blackout window.
    fn override_window(&self) -> bool;
    /// A note or warning for the operator (the CLI writes it to stderr unless `-q`).
    fn say(&self, message: &str);
    /// Whether a long batch may show a spinner (the CLI: a terminal, not `-q`).
    fn show_progress(&self) -> bool;
    /// The record of who, when, why and from what command line, for a change of `kind`.
    fn change_meta(&self, kind: &str, reason: Option<&str>) -> ChangeMeta;
    /// Tells the operator that a change landed (its id and the audit head), or that nothing
    /// changed (`None`).
    fn report_change(&self, landed: Option<(i64, String)>, what: crate::i18n::Text);
}

/// A driver that keeps its notes to itself: for judging a whole batch whose warnings are said
/// again, closer to the operator, when each part of it lands (a batch in stages).
pub struct Hushed<'a>(pub &'a dyn Driver);

impl Driver for Hushed<'_> {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
    fn operator(&self) -> &str {
        self.0.operator()
    }
    fn override_window(&self) -> bool {
        self.0.override_window()
    }
    fn say(&self, _message: &str) {}
    fn show_progress(&self) -> bool {
        self.0.show_progress()
    }
    fn change_meta(&self, kind: &str, reason: Option<&str>) -> ChangeMeta {
        self.0.change_meta(kind, reason)
    }
    fn report_change(&self, landed: Option<(i64, String)>, what: crate::i18n::Text) {
        self.0.report_change(landed, what)
    }
}
