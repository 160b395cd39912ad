//! The `invmap` binary: parse the arguments, start tracing, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = invmap::cli::Cli::parse();
    init_tracing(cli.verbose, cli.quiet);
    if let Err(err) = invmap::signals::install() {
        tracing::warn!("cannot watch for Ctrl-C ({err}): an interrupted run stops abruptly");
    }
    let result = invmap::cli::run(cli);
    // A signal during a write: the transaction was rolled back; exit 128 + N saying so.
    if let (Err(_), Some(signal)) = (&result, invmap::signals::pending()) {
        invmap::signals::exit_interrupted(signal);
    }
    // From here on this thread ends the process; a late signal waits for it.
    std::mem::forget(invmap::signals::exit_lock());
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) if invmap::error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(invmap::error::exit_code(&err))
        }
    }
}

/// Tracing goes to stderr; `-v` shows the phases, `-vv` everything; `RUST_LOG` overrides.
fn init_tracing(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "invmap=info",
        (false, _) => "invmap=debug",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .with_target(false)
        .init();
}
