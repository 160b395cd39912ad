//! The command line in Chinese: `--help` texts from `locales/zh-CN/help.ftl`, clap's own
//! headings and flags reworded, and clap's parse errors retold.
//!
//! English help is the doc comments on the clap types; the Chinese catalogue follows them one
//! to one, by key: `cmd-PATH` for a command's about (`cmd-invmap`, `cmd-invmap-plan-create`)
//! and `arg-PATH-ID` for a flag or argument (`arg-invmap-db`, `arg-invmap-unbind-sku`).

use clap::Command;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use fluent_bundle::FluentValue;

use super::{IntoArg, catalogue};

/// A Chinese name without arguments; its absence is a catalogue bug the tests catch.
fn z(key: &str) -> String {
    za(key, &[])
}

fn za(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    catalogue()
        .name_zh(key, args)
        .unwrap_or_else(|| key.to_string())
}

fn template() -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        z("clap-usage")
    )
}

/// Every help key the command tree needs, with the English text it translates (the test
/// checks the Chinese catalogue has exactly these).
pub fn keys(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk_keys(cmd, &mut Vec::new(), &mut out);
    out
}

fn walk_keys(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    if cmd.get_name() == "help" && !path.is_empty() {
        return; // clap's generated `help` subcommand: reworded below, not from the catalogue
    }
    path.push(cmd.get_name().to_string());
    let about = cmd.get_long_about().or(cmd.get_about());
    out.push((
        format!("cmd-{}", path.join("-")),
        about.map(|a| a.to_string()).unwrap_or_default(),
    ));
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if is_own(id) || arg.is_global_set() && path.len() > 1 {
            continue;
        }
        let help = arg.get_long_help().or(arg.get_help());
        out.push((
            format!("arg-{}-{id}", path.join("-")),
            help.map(|h| h.to_string()).unwrap_or_default(),
        ));
    }
    for sub in cmd.get_subcommands() {
        walk_keys(sub, path, out);
    }
    path.pop();
}

/// clap's own `--help` / `--version` flags.
fn is_own(id: &str) -> bool {
    id == "help" || id == "version"
}

/// clap's placeholders in a usage line, in Chinese (value names such as `<FILE>` stay: they
/// are what the flags are called in every language).
pub fn words_zh(text: &str) -> String {
    text.replace("[OPTIONS]", &format!("[{}]", z("clap-options")))
        .replace("<COMMAND>", &format!("<{}>", z("clap-commands")))
}

/// The built command tree with its texts in Chinese.
pub fn localize(cmd: Command) -> Command {
    localize_at(cmd, &mut Vec::new())
}

fn localize_at(mut cmd: Command, path: &mut Vec<String>) -> Command {
    let name = cmd.get_name().to_string();
    if name == "help" && !path.is_empty() {
        return cmd
            .about(z("clap-help-command"))
            .help_template(template())
            .subcommand_help_heading(z("clap-commands"))
            .mut_args(|a| {
                a.help_heading(z("clap-arguments"))
                    .help(z("clap-help-subcommand"))
            });
    }
    path.push(name);
    let key = path.join("-");
    if let Some(about) = catalogue().name_zh(&format!("cmd-{key}"), &[]) {
        cmd = cmd.about(about.clone()).long_about(about);
    }
    cmd = cmd
        .help_template(template())
        .subcommand_help_heading(z("clap-commands"))
        .subcommand_value_name(z("clap-commands"));
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = catalogue()
            .name_zh(&format!("arg-{key}-{id}"), &[])
            .or_else(|| {
                // A global flag is described once, at the top.
                catalogue().name_zh(&format!("arg-invmap-{id}"), &[])
            });
        cmd = cmd.mut_arg(&id, |a| zh_arg(a, help));
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub, |s| localize_at(s, path));
    }
    path.pop();
    cmd
}

/// One flag in Chinese: its help, and clap's bracketed notes (`[default: …]`,
/// `[possible values: …]`, `[env: …]`) retold in Chinese.
fn zh_arg(a: clap::Arg, help: Option<String>) -> clap::Arg {
    let id = a.get_id().as_str();
    if id == "help" {
        return a.help(z("clap-help-flag")).help_heading(z("clap-options"));
    }
    if id == "version" {
        return a
            .help(z("clap-version-flag"))
            .help_heading(z("clap-options"));
    }
    let mut text = help.unwrap_or_else(|| a.get_help().map(|h| h.to_string()).unwrap_or_default());
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() && a.get_action().takes_values() {
        text.push_str(&za(
            "clap-default",
            &[("values", defaults.join(", ").into_arg())],
        ));
    }
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !a.is_hide_possible_values_set() && a.get_action().takes_values() {
        text.push_str(&za(
            "clap-possible",
            &[("values", values.join("、").into_arg())],
        ));
    }
    if let Some(env) = a.get_env() {
        text.push_str(&za(
            "clap-env",
            &[("name", env.to_string_lossy().into_owned().into_arg())],
        ));
    }
    let heading = if a.is_positional() {
        z("clap-arguments")
    } else {
        z("clap-options")
    };
    a.help(text.clone())
        .long_help(text)
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
        .help_heading(heading)
}

/// A clap parse error, told in Chinese: what was wrong, the usage line, where to read more.
pub fn error_text(err: &clap::Error) -> String {
    let get = |kind| {
        err.get(kind)
            .map(|v: &ContextValue| v.to_string())
            .unwrap_or_default()
    };
    let key = match err.kind() {
        ErrorKind::UnknownArgument => "clap-error-unknown-argument",
        ErrorKind::InvalidSubcommand => "clap-error-unknown-command",
        ErrorKind::InvalidValue if err.get(ContextKind::ValidValue).is_some() => {
            "clap-error-invalid-choice"
        }
        ErrorKind::InvalidValue => "clap-error-missing-value",
        ErrorKind::ValueValidation => "clap-error-invalid-value",
        ErrorKind::MissingRequiredArgument => "clap-error-missing-argument",
        ErrorKind::MissingSubcommand => "clap-error-missing-command",
        ErrorKind::ArgumentConflict => "clap-error-conflict",
        ErrorKind::TooManyValues => "clap-error-too-many",
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => "clap-error-value-count",
        ErrorKind::NoEquals => "clap-error-no-equals",
        ErrorKind::InvalidUtf8 => "clap-error-utf8",
        _ => return err.render().to_string(),
    };
    let args = [
        ("arg", get(ContextKind::InvalidArg).into_arg()),
        ("value", get(ContextKind::InvalidValue).into_arg()),
        ("valid", get(ContextKind::ValidValue).into_arg()),
        ("command", get(ContextKind::InvalidSubcommand).into_arg()),
        ("prior", get(ContextKind::PriorArg).into_arg()),
    ];
    let mut text = format!("{}\n", za(key, &args));
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(get)
    .find(|s| !s.is_empty());
    if let Some(suggested) = suggested {
        text.push_str(&format!(
            "\n  {}\n",
            za("clap-tip", &[("suggested", suggested.into_arg())])
        ));
    }
    let usage = get(ContextKind::Usage);
    if !usage.is_empty() {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        text.push_str(&format!("\n{}{}\n", z("clap-usage"), words_zh(usage)));
    }
    text.push_str(&format!("\n{}\n", z("clap-more")));
    text
}
