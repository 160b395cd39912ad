//! The `invmap` binary: parse the arguments, start tracing, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let lang = invmap::i18n::choose(invmap::i18n::flag_in(&args));
    let cli = match invmap::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Help is rendered from the command line as shown to people (see `cli::help`).
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => {
            print!("{}", invmap::cli::help(&args));
            return ExitCode::SUCCESS;
        }
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => e.exit(),
        Err(e) => {
            // clap's usage line lists the flags the environment supplied (INVMAP_DB,
            // INVMAP_OPERATOR) as if the operator had to type them: they are optional.
            let text = match lang {
                invmap::i18n::Lang::Zh => invmap::i18n::clap_zh::error_text(&e),
                invmap::i18n::Lang::En => e.render().to_string(),
            };
            let text = invmap::cli::usage_without_env_flags(&text);
            eprint!("{text}");
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    init_tracing(cli.verbose, cli.quiet);
    if let Err(err) = invmap::signals::install(exit_now) {
        tracing::warn!("{}", invmap::tr!("common-no-signal-watch", error = &err));
    }
    let result = invmap::cli::run(cli);
    // A signal: the command stopped (an open transaction rolled back); exit 128 + N saying so.
    if let Some(signal) = invmap::signals::pending() {
        exit_now(signal, &invmap::signals::interrupted_message(signal));
    }
    // From here on this thread ends the process; a late signal waits for it.
    std::mem::forget(invmap::signals::exit_lock());
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) if invmap::error::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            use std::io::Write;
            let error = invmap::i18n::error_chain(&err);
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                invmap::tr!("error-line", error = &error)
            );
            ExitCode::from(invmap::error::exit_code(&err))
        }
    }
}

/// One exit for the whole process, from `main` or the signal thread: the first caller prints
/// and exits with 128 + `signal`; a second caller waits for it.
fn exit_now(signal: i32, message: &str) -> ! {
    std::mem::forget(invmap::signals::exit_lock());
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
    std::process::exit(128 + signal)
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
