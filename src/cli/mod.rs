//! The command line: clap types, the shared context, and one file per command.

pub mod adopt;
pub mod audit;
pub mod backup;
pub mod bind;
pub mod blackout;
pub mod changes;
pub mod check;
pub mod copy;
pub mod demo;
pub mod demo_scenes;
pub mod door;
pub mod drain;
pub mod exit;
pub mod export;
pub mod import;
pub mod init;
pub mod metrics;
pub mod moves;
pub mod optimize;
pub mod plan;
pub mod plan_kinds;
pub mod reconcile;
pub mod report;
pub mod reverse;
pub mod rollback;
pub mod route;
pub mod run_due;
pub mod settings;
pub mod shell;
pub mod stages;
pub mod unbind;
pub mod warehouse;

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use crate::report::Format;
use crate::store::changes::ChangeMeta;
use crate::store::{OpenMode, Store};

/// invmap — take products out of warehouses safely: checked, atomic, undoable, audited.
///
/// Start with `invmap demo` to build a sample store and see the whole workflow.
#[derive(Debug, Parser)]
#[command(name = "invmap", version, max_term_width = 100)]
pub struct Cli {
    /// The store file [default: ./invmap.db]
    #[arg(long, global = true, env = "INVMAP_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Who is making the change (recorded, not authenticated) [default: $USER]
    #[arg(long, global = true, env = "INVMAP_OPERATOR", value_name = "NAME")]
    pub operator: Option<String>,

    /// Output format of commands that print data
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// More detail on stderr (-v, -vv); RUST_LOG works too
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Only errors on stderr
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Language of messages, help and tables [default: INVMAP_LANG, else the locale (LANG…)]
    #[arg(long, global = true, value_name = "LANG", value_parser = clap::builder::PossibleValuesParser::new(["zh-CN", "en"]))]
    pub lang: Option<String>,

    /// Let a change land inside a blackout window (give the command's --reason to say why)
    #[arg(long, global = true)]
    pub override_window: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Demo(demo::Args),
    #[command(subcommand)]
    Warehouse(warehouse::Command),
    Bind(bind::Args),
    Import(import::Args),
    Export(export::Args),
    Unbind(unbind::Args),
    Changes(changes::Args),
    Rollback(rollback::Args),
    Move(moves::Args),
    Reverse(reverse::Args),
    Adopt(adopt::Args),
    Reconcile(reconcile::Args),
    Backup(backup::BackupArgs),
    Restore(backup::RestoreArgs),
    Audit(audit::Args),
    Route(route::RouteArgs),
    Check(check::CheckArgs),
    #[command(subcommand)]
    Settings(settings::Command),
    #[command(subcommand)]
    Plan(plan::Command),
    #[command(subcommand)]
    Blackout(blackout::Command),
    RunDue(run_due::Args),
    #[command(subcommand)]
    Drain(drain::Command),
    Metrics(metrics::Args),
    Report(report::Args),
    Optimize(optimize::Args),
    Completions(shell::CompletionArgs),
    Man(shell::ManArgs),
    Copy(copy::Args),
}

/// What every command gets: where the store is, who asks, how to print, and the clock.
#[derive(Clone)]
pub struct Ctx {
    pub db: PathBuf,
    pub operator: String,
    /// Whether the operator was named (`--operator`, `INVMAP_OPERATOR`) rather than taken
    /// from the login: on a server store a named operator must be the connected role.
    pub operator_given: bool,
    pub format: Format,
    pub quiet: bool,
    /// The injected clock: `INVMAP_NOW` (RFC 3339) or the system clock, read once.
    pub now: DateTime<Utc>,
    /// `now` as the store writes times.
    now_text: String,
    /// `--override-window`: changes may land inside a blackout window (with a reason).
    pub override_window: bool,
    pub command_line: String,
}

impl crate::ops::Driver for Ctx {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn operator(&self) -> &str {
        &self.operator
    }

    fn override_window(&self) -> bool {
        self.override_window
    }

    fn say(&self, message: &str) {
        Ctx::say(self, message)
    }

    fn show_progress(&self) -> bool {
        !self.quiet
    }

    fn change_meta(&self, kind: &str, reason: Option<&str>) -> ChangeMeta {
        Ctx::change_meta(self, kind, reason)
    }

    fn report_change(&self, landed: Option<(i64, String)>, what: crate::i18n::Text) {
        Ctx::report_change(self, landed, what)
    }
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Result<Ctx> {
        let now = match std::env::var("INVMAP_NOW") {
            Ok(v) if !v.trim().is_empty() => DateTime::parse_from_rfc3339(v.trim())
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    crate::error::UsageError(crate::tr!("cli-bad-now", value = &format!("{v:?}")))
                })?,
            _ => Utc::now(),
        };
        // As given (trimmed): a name given blank is refused for a change. Not given at all, it
        // is the login's ($USER, $LOGNAME), else "unknown" — a name, so a second person still
        // has to give another one.
        let operator = match &cli.operator {
            Some(given) => given.trim().to_string(),
            None => ["USER", "LOGNAME"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .map(|v| v.trim().to_string())
                .find(|v| !v.is_empty())
                .unwrap_or_else(|| "unknown".to_string()),
        };
        Ok(Ctx {
            db: cli.db.clone().unwrap_or_else(|| PathBuf::from("invmap.db")),
            operator,
            operator_given: cli.operator.is_some(),
            format: cli.format,
            quiet: cli.quiet,
            now_text: crate::domain::values::stored(now),
            now,
            override_window: cli.override_window,
            command_line: shell_words(&without_passwords(std::env::args())),
        })
    }

    /// On a server store, who is asking is the role the server authenticated (SPEC §10):
    /// that role, after refusing an `--operator` (or `INVMAP_OPERATOR`) that names anyone
    /// else (exit 2).
    pub fn server_operator(&self, server: &mut crate::store::postgres::Server) -> Result<String> {
        let role = server.session_user()?;
        if self.operator_given && !crate::domain::operator::same(&self.operator, &role) {
            return Err(crate::error::UsageError(crate::tr!(
                "cli-operator-not-role",
                given = &self.operator,
                role = &role
            ))
            .into());
        }
        Ok(role)
    }

    /// The store for a command that changes it, or — a dry run — only reads it (no write
    /// lock; works in a folder the user cannot write).
    pub fn open_for(&self, dry_run: bool) -> Result<Store> {
        self.open(if dry_run {
            OpenMode::ReadOnly
        } else {
            OpenMode::Existing
        })
    }

    pub fn open(&self, mode: OpenMode) -> Result<Store> {
        let store = crate::store::open(&self.db, mode)?;
        if store.was_created() {
            self.say(&crate::tr!("store-created", path = &self.db.display()));
        }
        Ok(store)
    }

    /// A status line for people, on stderr (stdout is data).
    /// A closed stderr is ignored (`invmap … 2>&1 | head` must not panic).
    pub fn say(&self, message: &str) {
        if !self.quiet {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "{message}");
        }
    }

    /// The same context acting as `operator` (on a server: the role it authenticated).
    pub fn as_role(&self, operator: String) -> Ctx {
        Ctx {
            operator,
            ..self.clone()
        }
    }

    /// The same context with the clock at `now` (the demo's walk through the days).
    pub fn at(&self, now: DateTime<Utc>) -> Ctx {
        Ctx {
            now,
            now_text: crate::domain::values::stored(now),
            ..self.clone()
        }
    }

    /// The clock as the store writes times.
    pub fn now_text(&self) -> &str {
        &self.now_text
    }

    /// The record of who, why and from what, for a change.
    pub fn change_meta(&self, kind: &str, reason: Option<&str>) -> ChangeMeta {
        ChangeMeta {
            kind: kind.to_string(),
            operator: self.operator.clone(),
            reason: reason.unwrap_or_default().to_string(),
            command_line: self.command_line.clone(),
            at: self.now_text.clone(),
            override_window: self.override_window,
            ..ChangeMeta::default()
        }
    }

    /// Tells the operator a change landed, with its rollback point and the audit chain head.
    pub fn report_change(&self, landed: Option<(i64, String)>, what: crate::i18n::Text) {
        if self.format != Format::Table {
            // For scripts: the change id and head as data on stdout (the same words as the
            // sentence on stderr, without the sentence's wrapping).
            let result = ChangeResult {
                change_id: landed.as_ref().map(|(id, _)| *id),
                audit_head: landed.as_ref().map(|(_, head)| head.as_str()),
                message: crate::i18n::in_lang(self.format.words(), || {
                    if landed.is_some() {
                        what.words().trim().to_string()
                    } else {
                        crate::tr!("nothing-changed")
                    }
                }),
            };
            let _ =
                crate::report::print_object(&mut std::io::stdout().lock(), self.format, &result);
        }
        match landed {
            Some((id, head)) => {
                self.say(&crate::tr!("change-recorded", what = &what, id = id));
                self.say(&crate::tr!("audit-head", head = &head));
            }
            None => self.say(&crate::tr!("nothing-changed")),
        }
    }
}

/// How a command that changes the store opens it: a dry run only reads (no write lock; it
/// works in a folder the user cannot write).
pub fn open_mode(dry_run: bool) -> OpenMode {
    if dry_run {
        OpenMode::ReadOnly
    } else {
        OpenMode::Existing
    }
}

/// The store `--db` names, on whichever backend: what a command that runs on both opens.
pub enum Opened {
    File(Store),
    /// (Boxed: a server's connection is much larger than a file store's handle.)
    Server(Box<crate::store::postgres::Server>),
}

/// A capability of the opened store, whichever backend it is on (`store/mod.rs`).
macro_rules! capabilities {
    ($($name:ident => $trait:ident),* $(,)?) => {
        impl Opened {
            $(
                pub fn $name(&mut self) -> &mut dyn crate::store::$trait {
                    match self {
                        Opened::File(s) => s,
                        Opened::Server(s) => s.as_mut(),
                    }
                }
            )*
        }
    };
}

capabilities! {
    settings => SettingsDesk,
    blackouts => BlackoutDesk,
    routing => Routing,
    consistency => Consistency,
    proof => AuditProof,
    listings => Listings,
    history => History,
    plans => PlanDesk,
    batches => ChangeDesk,
    stock => SkuStock,
    due => DueDesk,
    reconciling => Reconciling,
}

impl Opened {
    /// The store file, for what runs only on a file store so far (a usage error on a server,
    /// naming the README's list of what runs there).
    pub fn file(&mut self) -> Result<&mut Store> {
        match self {
            Opened::File(s) => Ok(s),
            Opened::Server(_) => {
                Err(crate::error::UsageError(crate::tr!("store-pg-not-yet")).into())
            }
        }
    }

    /// The store as `metrics` and `report` read it.
    pub fn into_metrics(self) -> Box<dyn crate::store::MetricsSource> {
        match self {
            Opened::File(s) => Box::new(s),
            Opened::Server(s) => Box::new(crate::store::postgres::metrics::ServerMetrics::new(s)),
        }
    }
}

impl Ctx {
    /// Opens the store on either backend, with who asks: the named operator on a file, the
    /// role the server authenticated on a server (checked against a named one when the
    /// command `changes` the store).
    pub fn open_either(&self, mode: OpenMode, changes: bool) -> Result<(Opened, String)> {
        let location = self.db.to_string_lossy();
        if crate::store::postgres::is_server(&location) {
            let url = crate::store::postgres::ServerUrl::parse(&location)?;
            let mut server = crate::store::postgres::Server::open(&url, false)?;
            let operator = if changes {
                self.server_operator(&mut server)?
            } else {
                server.session_user()?
            };
            return Ok((Opened::Server(Box::new(server)), operator));
        }
        Ok((Opened::File(self.open(mode)?), self.operator.clone()))
    }
}

/// What a change command did, under `--format json|csv`.
#[derive(serde::Serialize)]
struct ChangeResult<'a> {
    /// The change recorded (`rollback` takes it), or null when nothing changed.
    change_id: Option<i64>,
    audit_head: Option<&'a str>,
    message: String,
}

/// The arguments with every server URL's password hidden (`--db postgres://ana:***@…`): the
/// command line a change records never holds one (SPEC §10).
pub fn without_passwords(args: impl Iterator<Item = String>) -> Vec<String> {
    use crate::store::postgres::{is_server, redact};
    args.map(|a| match a.split_once('=') {
        Some((flag, url)) if flag.starts_with("--") && is_server(url) => {
            format!("{flag}={}", redact(url))
        }
        _ if is_server(&a) => redact(&a),
        _ => a,
    })
    .collect()
}

/// A command line as a shell would take it back: arguments with spaces or quotes are quoted.
pub fn shell_words(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if a.is_empty()
                || a.contains(|c: char| c.is_whitespace() || "'\"$`\\;&|<>*?".contains(c))
            {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs the parsed command; returns the exit code for success paths that are not 0.
pub fn run(cli: Cli) -> Result<u8> {
    let ctx = Ctx::from_cli(&cli).with_context(|| crate::tr!("cli-cannot-start"))?;
    dispatch(&ctx, cli.command)
}

/// Runs one command with a context (also used by the demo's walkthrough).
pub fn dispatch(ctx: &Ctx, command: Command) -> Result<u8> {
    let ctx = ctx.clone();
    match command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::Warehouse(cmd) => warehouse::run(&ctx, cmd),
        Command::Bind(args) => bind::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Unbind(args) => unbind::run(&ctx, args),
        Command::Changes(args) => changes::run(&ctx, args),
        Command::Rollback(args) => rollback::run(&ctx, args),
        Command::Move(args) => moves::run(&ctx, args),
        Command::Reverse(args) => reverse::run(&ctx, args),
        Command::Adopt(args) => adopt::run(&ctx, args),
        Command::Reconcile(args) => reconcile::run(&ctx, args),
        Command::Backup(args) => backup::backup(&ctx, args),
        Command::Restore(args) => backup::restore(&ctx, args),
        Command::Audit(args) => audit::run(&ctx, args),
        Command::Route(args) => route::route(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Settings(cmd) => settings::run(&ctx, cmd),
        Command::Plan(cmd) => plan::run(&ctx, cmd),
        Command::Blackout(cmd) => blackout::run(&ctx, cmd),
        Command::RunDue(args) => run_due::run(&ctx, args),
        Command::Drain(cmd) => drain::run(&ctx, cmd),
        Command::Metrics(args) => metrics::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Optimize(args) => optimize::run(&ctx, args),
        Command::Completions(args) => shell::completions(&ctx, args),
        Command::Man(args) => shell::man(&ctx, args),
        Command::Copy(args) => copy::run(&ctx, args),
    }
}

/// A value given as a flag on the command line, parsed into its type; a bad one is an input
/// error naming the flag, as the same value in a file would be.
pub fn flag<T>(
    flag: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> anyhow::Result<T> {
    parse(value)
        .map_err(|msg| crate::error::InputError::single("command line", flag, value, &msg).into())
}

/// A change named on the command line: its id, or `last` (the newest change). `what` names
/// the flag or argument in the error.
pub fn change_id(
    store: &mut dyn crate::store::History,
    what: &str,
    value: &str,
) -> anyhow::Result<i64> {
    change_id_with(
        || Ok(store.changes(Some(1))?.first().map(|c| c.id)),
        what,
        value,
    )
}

/// [`change_id`], with the newest change found by `newest` (asked only for `last`).
pub fn change_id_with(
    newest: impl FnOnce() -> anyhow::Result<Option<i64>>,
    what: &str,
    value: &str,
) -> anyhow::Result<i64> {
    let bad = |why: &str| crate::error::InputError::single("command line", what, value, why);
    if value.trim().eq_ignore_ascii_case("last") {
        let newest = newest()?;
        return newest.ok_or_else(|| bad(&crate::tr!("cli-no-change-yet")).into());
    }
    value
        .trim()
        .parse()
        .map_err(|_| bad(&crate::tr!("cli-not-a-change-id")).into())
}

/// Items named one after another in a sentence: `a, b, c` in English, `a、b、c` in Chinese.
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    let sep = match crate::i18n::output_lang() {
        crate::i18n::Lang::En => ", ",
        crate::i18n::Lang::Zh => "、",
    };
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// The commands (and subcommands) that only read the store: `--help` does not offer them the
/// flags of a change.
const READ_ONLY: &[&[&str]] = &[
    &["export"],
    &["reverse"],
    &["changes"],
    &["audit"],
    &["route"],
    &["check"],
    &["metrics"],
    &["report"],
    &["backup"],
    &["plan", "list"],
    &["plan", "show"],
    &["settings", "list"],
    &["settings", "get"],
    &["warehouse", "list"],
    &["blackout", "list"],
];

/// The flags only a change takes.
const CHANGE_FLAGS: &[&str] = &["operator", "override_window"];

/// A clap error's text with the `Usage:` line freed of the flags an environment variable
/// fills in (`--db <PATH>`, `--operator <NAME>`): clap lists them there when the variable is
/// set, as if they were required.
pub fn usage_without_env_flags(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l_ = l.trim_start();
            if l_.starts_with("Usage:") || l_.starts_with("用法：") {
                l.replace(" --db <PATH>", "")
                    .replace(" --operator <NAME>", "")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// The help text for a command line that asked for it (`--help`, `-h`, `help CMD`): the
/// help of the command it names, from [`command`].
pub fn help(args: &[String]) -> String {
    let mut cmd = command();
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        if let Some(long) = word.strip_prefix("--").filter(|w| !w.contains('=')) {
            // A flag's value is not a command name (`--db route.db`).
            let takes_value = cmd
                .get_arguments()
                .find(|a| a.get_long() == Some(long))
                .is_some_and(|a| a.get_action().takes_values());
            if takes_value {
                words.next();
            }
            continue;
        }
        if word.starts_with('-') || word == "help" {
            continue;
        }
        match cmd.find_subcommand(word) {
            Some(sub) => cmd = sub.clone(),
            None => break,
        }
    }
    if crate::i18n::lang() == crate::i18n::Lang::Zh {
        cmd = crate::i18n::clap_zh::localize(cmd);
    }
    let text = if args.iter().any(|a| a == "-h") {
        cmd.render_help().to_string()
    } else {
        cmd.render_long_help().to_string()
    };
    match crate::i18n::lang() {
        crate::i18n::Lang::Zh => crate::i18n::clap_zh::words_zh(&text),
        crate::i18n::Lang::En => text,
    }
}

/// The command line as `--help` shows it: like [`Cli`], with the flags of a change hidden from
/// the commands that only read. (They are global, so that a change command takes them before
/// or after its name, and a reader just ignores them. Used for help only: a command changed
/// after it is built no longer parses every flag right.)
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    for path in READ_ONLY {
        cmd = hide_in(cmd, path);
    }
    cmd
}

fn hide_in(cmd: clap::Command, path: &[&str]) -> clap::Command {
    let Some((first, rest)) = path.split_first() else {
        // (The generated `help` subcommand has no flags to hide.)
        return CHANGE_FLAGS.iter().fold(cmd, |c, flag| {
            if c.get_arguments().any(|a| a.get_id() == flag) {
                c.mut_arg(*flag, |a| a.hide(true))
            } else {
                c
            }
        });
    };
    let first = first.to_string();
    cmd.mut_subcommand(first, |sub| {
        let sub = hide_in(sub, rest);
        // A read-only group hides them in every subcommand too.
        if rest.is_empty() {
            let names: Vec<String> = sub
                .get_subcommands()
                .map(|s| s.get_name().to_string())
                .collect();
            names
                .into_iter()
                .fold(sub, |c, n| c.mut_subcommand(n, |s| hide_in(s, &[])))
        } else {
            sub
        }
    })
}

#[cfg(test)]
mod help_tests {
    /// Every command says what it does, and every flag and argument it shows says what it
    /// takes: `--help` is where an operator looks first (issue 15).
    #[test]
    fn every_command_and_flag_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for sub in cmd.get_subcommands() {
                let name = format!("{path} {}", sub.get_name());
                if sub.get_name() != "help" && sub.get_about().is_none() {
                    missing.push(format!("{name}: no description"));
                }
                for arg in sub.get_arguments() {
                    let shown =
                        !arg.is_hide_set() && arg.get_id() != "help" && arg.get_id() != "version";
                    if shown && arg.get_help().is_none() && arg.get_long_help().is_none() {
                        missing.push(format!("{name}: {} has no help", arg.get_id()));
                    }
                }
                walk(sub, &name, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::command(), "invmap", &mut missing);
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// `settings set --help` names every key there is.
    #[test]
    fn settings_set_help_lists_every_key() {
        let cmd = super::command();
        let mut set = cmd
            .find_subcommand("settings")
            .and_then(|s| s.find_subcommand("set"))
            .expect("settings set")
            .clone();
        let help = set.render_long_help().to_string();
        for key in crate::domain::settings::KEYS {
            assert!(
                help.contains(key.name),
                "{} missing from:\n{help}",
                key.name
            );
        }
    }

    /// Commands that only read do not offer the flags of a change.
    #[test]
    fn read_only_commands_do_not_offer_change_flags() {
        let mut cmd = super::command();
        let help = |cmd: &mut clap::Command, path: &[&str]| -> String {
            let mut c = cmd.clone();
            for p in path {
                c = c.find_subcommand(p).expect("subcommand").clone();
            }
            c.render_long_help().to_string()
        };
        for path in [
            &["route"][..],
            &["audit", "verify"],
            &["plan", "show"],
            &["changes"],
        ] {
            let text = help(&mut cmd, path);
            assert!(!text.contains("--operator"), "{path:?}:\n{text}");
            assert!(!text.contains("--override-window"), "{path:?}");
        }
        for path in [&["unbind"][..], &["plan", "approve"], &["rollback"]] {
            assert!(help(&mut cmd, path).contains("--operator"), "{path:?}");
        }
    }
}
