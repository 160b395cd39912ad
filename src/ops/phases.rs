//! Where the time goes: `-v` logs each phase of a command with its duration, and a spinner
//! shows the current phase on a terminal for big batches.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::tr;

pub struct Phases {
    started: Instant,
    current: Option<(&'static str, Instant)>,
    spinner: Option<ProgressBar>,
}

impl Phases {
    /// `visible`: the driver allows a spinner (not `-q`); it is drawn only when stderr is a
    /// terminal, where indicatif puts it (progress is talk, like tracing, never data).
    pub fn new(visible: bool) -> Phases {
        let spinner = (visible && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Phases {
            started: Instant::now(),
            current: None,
            spinner,
        }
    }

    /// Ends the current phase (logging its time) and starts `name`.
    pub fn start(&mut self, name: &'static str) {
        self.end_current();
        if let Some(bar) = &self.spinner {
            bar.set_message(label(name));
        }
        self.current = Some((name, Instant::now()));
    }

    fn end_current(&mut self) {
        if let Some((name, t)) = self.current.take() {
            let ms = format!("{:.1}", t.elapsed().as_secs_f64() * 1e3);
            tracing::info!("{}", tr!("ops-phase-took", name = &label(name), ms = &ms));
        }
    }

    pub fn finish(mut self) {
        self.end_current();
        if let Some(bar) = self.spinner.take() {
            bar.finish_and_clear();
        }
        let ms = format!("{:.1}", self.started.elapsed().as_secs_f64() * 1e3);
        tracing::info!("{}", tr!("ops-phase-total", ms = &ms));
    }
}

/// A phase's name as the operator reads it.
fn label(name: &'static str) -> String {
    match name {
        "parse" => tr!("ops-phase-parse"),
        "plan" => tr!("ops-phase-plan"),
        "validate" => tr!("ops-phase-validate"),
        "check" => tr!("ops-phase-check"),
        "apply" => tr!("ops-phase-apply"),
        "commit" => tr!("ops-phase-commit"),
        "open" => tr!("ops-phase-open"),
        "copy" => tr!("ops-phase-copy"),
        "checksum+sync" => tr!("ops-phase-checksum-sync"),
        "load" => tr!("ops-phase-load"),
        "audit" => tr!("ops-phase-audit"),
        other => other.to_string(),
    }
}

impl Drop for Phases {
    fn drop(&mut self) {
        if let Some(bar) = self.spinner.take() {
            bar.finish_and_clear();
        }
    }
}
