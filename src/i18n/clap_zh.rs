//! The command line in Chinese: `--help` texts from `locales/zh-CN/help.ftl`, clap's own
//! headings and flags reworded, and clap's parse errors retold.
//!
//! English help is the doc comments on the clap types; the Chinese catalogue follows them one
//! to one, by key: `cmd-PATH` for a command's about (`cmd-invmap`, `cmd-invmap-plan-create`)
//! and `arg-PATH-ID` for a flag or argument (`arg-invmap-db`, `arg-invmap-unbind-sku`).
//!
//! clap wraps help at spaces only, and a line of Chinese has none: the Chinese help is
//! rendered unwrapped and [`words_zh`] wraps it, between any two characters where Chinese
//! allows a break, at the width clap would have used.

use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Rendered help or usage in Chinese: clap's placeholders and headings (value names such as
/// `<FILE>` stay: they are what the flags are called in every language), and, for help that
/// [`localize`] prepared, the lines wrapped to the terminal.
pub fn words_zh(text: &str) -> String {
    let commands = z("clap-commands");
    let text = text
        .replace("[OPTIONS]", &format!("[{}]", z("clap-options")))
        .replace("<COMMAND>", &format!("<{commands}>"))
        .replace("[COMMAND]", &format!("[{commands}]"));
    let headings = [z("clap-options"), z("clap-arguments"), commands];
    let width = WIDTH.load(Ordering::Relaxed);
    text.split('\n')
        .map(|line| match line.strip_suffix(':') {
            // clap writes `HEADING:`; Chinese takes a full-width colon.
            Some(h) if headings.iter().any(|x| x == h) => format!("{h}："),
            _ => wrap_line(line, width),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The width the Chinese help is wrapped to (0: not at all), measured by [`localize`].
static WIDTH: AtomicUsize = AtomicUsize::new(0);

/// The built command tree (or one built subcommand of it) with its texts in Chinese, for
/// rendering its help and passing the result through [`words_zh`].
pub fn localize(cmd: Command) -> Command {
    WIDTH.store(clap_width(&cmd), Ordering::Relaxed);
    // A subcommand's keys start with the commands above it (`cmd-invmap-plan-create`): a
    // built command knows them as its bin name, `invmap plan create`.
    let mut path: Vec<String> = cmd
        .get_bin_name()
        .unwrap_or(cmd.get_name())
        .split(' ')
        .map(str::to_string)
        .collect();
    path.pop();
    localize_at(cmd, &mut path)
}

/// The width clap wraps this command's help to (the terminal's, else `COLUMNS`, else 100; at
/// most the command's `max_term_width`), read off a probe it wraps (lines of odd and of even
/// lengths: one of them fills the width exactly).
fn clap_width(cmd: &Command) -> usize {
    let words = "x ".repeat(400);
    let probe = cmd
        .clone()
        .about(format!("{words}\nx{words}"))
        .help_template("{about}")
        .render_help()
        .to_string();
    probe.lines().map(str::len).max().unwrap_or(0)
}

fn localize_at(mut cmd: Command, path: &mut Vec<String>) -> Command {
    let name = cmd.get_name().to_string();
    if name == "help" && !path.is_empty() {
        return cmd
            .about(z("clap-help-command"))
            .help_template(template())
            .term_width(0)
            .subcommand_help_heading(z("clap-commands"))
            .mut_args(|a| {
                a.help_heading(z("clap-arguments"))
                    .help(z("clap-help-subcommand"))
                    .value_name(z("clap-commands"))
            });
    }
    path.push(name);
    let key = path.join("-");
    if let Some(text) = catalogue().name_zh(&format!("cmd-{key}"), &[]) {
        // As clap does with a doc comment: the first paragraph is the summary (`-h`, the
        // list of commands), without its full stop; `--help` shows them all.
        let (summary, long) = split_help(&text);
        cmd = match long {
            Some(long) => cmd.about(summary).long_about(long),
            None => cmd.about(summary).long_about(None::<&str>),
        };
    }
    cmd = cmd
        .help_template(template())
        .term_width(0)
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

/// A help text's summary (its first paragraph without the closing full stop) and, when it
/// has more than one paragraph, the whole text.
fn split_help(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    match text.split_once("\n\n") {
        Some((first, _)) => (
            first.trim_end_matches('。').to_string(),
            Some(text.to_string()),
        ),
        None => (text.trim_end_matches('。').to_string(), None),
    }
}

/// One flag in Chinese: its help, and clap's bracketed notes (`[default: …]`,
/// `[possible values: …]`, `[env: …]`) retold in Chinese — after the text in the summary
/// (`-h`), on lines of their own in `--help`, as clap places them.
fn zh_arg(a: clap::Arg, help: Option<String>) -> clap::Arg {
    let id = a.get_id().as_str();
    if id == "help" || id == "version" {
        let text = z(if id == "help" {
            "clap-help-flag"
        } else {
            "clap-version-flag"
        });
        return a
            .help(text.clone())
            .long_help(text)
            .help_heading(z("clap-options"));
    }
    let text = help.unwrap_or_else(|| a.get_help().map(|h| h.to_string()).unwrap_or_default());
    let (summary, long) = split_help(&text);
    let long = long.unwrap_or_else(|| text.trim().to_string());
    let notes = notes(&a);
    let (summary, long) = if notes.is_empty() {
        (summary, long)
    } else {
        (
            format!("{summary}{}", notes.concat()),
            format!("{long}\n\n{}", notes.join("\n")),
        )
    };
    // Under a heading of its own clap orders arguments by display order, then by name: the
    // positional ones keep their order (`import <KIND> <FILE>`) by their index.
    let (heading, a) = match a.get_index() {
        Some(index) if a.is_positional() => (z("clap-arguments"), a.display_order(index)),
        _ => (z("clap-options"), a),
    };
    a.help(summary)
        .long_help(long)
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
        .help_heading(heading)
}

/// clap's notes on a flag, in Chinese: its default, its possible values, its variable.
fn notes(a: &clap::Arg) -> Vec<String> {
    let mut notes = Vec::new();
    let takes_values = a.get_action().takes_values();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() && takes_values {
        notes.push(za(
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
    if !values.is_empty() && !a.is_hide_possible_values_set() && takes_values {
        notes.push(za(
            "clap-possible",
            &[("values", values.join("、").into_arg())],
        ));
    }
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        notes.push(za(
            "clap-env",
            &[("name", env.to_string_lossy().into_owned().into_arg())],
        ));
    }
    notes
}

/// One line of help, wrapped to `width` columns (0: as it is). The lines after the first
/// start where its text did: under the help column of a flag or command (`  --db <PATH>  text`)
/// or at the line's own indentation.
fn wrap_line(line: &str, width: usize) -> String {
    if width == 0 || text_width(line) <= width {
        return line.to_string();
    }
    let start = hanging_start(line);
    let (head, body) = line.split_at(start);
    let indent = text_width(head);
    if indent + 10 > width {
        return line.to_string(); // no room to wrap into; the terminal will
    }
    let mut out = head.to_string();
    let mut column = indent;
    let mut empty = true; // nothing of the body on this line yet
    let mut spaces = 0; // owed before the next piece on this line
    for (piece, trailing) in pieces(body, true) {
        // A command in backticks or a note is kept whole, unless no line could hold it.
        let parts = if text_width(piece) > width - indent {
            pieces(piece, false)
        } else {
            vec![(piece, 0)]
        };
        let last = parts.len() - 1;
        for (i, (part, gap)) in parts.into_iter().enumerate() {
            let w = text_width(part);
            if !empty && column + spaces + w > width {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                column = indent;
                spaces = 0;
            }
            out.push_str(&" ".repeat(spaces));
            out.push_str(part);
            column += spaces + w;
            spaces = if i == last { trailing } else { gap };
            empty = false;
        }
    }
    out
}

/// Where the text of a help line starts: after the gap that follows a flag or command name
/// (ASCII, then two spaces or more), else after the indentation.
fn hanging_start(line: &str) -> usize {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[lead..];
    if let Some(gap) = rest.find("  ")
        && rest[..gap].is_ascii()
    {
        let after = &rest[gap..];
        return lead + gap + (after.len() - after.trim_start_matches(' ').len());
    }
    lead
}

/// A line's text as pieces that are not broken, each with the spaces after it: a break is
/// allowed at spaces and between two characters where one is Chinese, except before a
/// closing mark (，。）…) or after an opening one (（“); with `whole`, not inside a command
/// in backticks or a note in brackets (［默认：table］).
fn pieces(text: &str, whole: bool) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut spaces = 0;
    let (mut in_code, mut in_note) = (false, false);
    for (i, c) in text.char_indices() {
        let kept = whole && (in_code || in_note);
        if c == ' ' && !kept {
            if spaces == 0 {
                out.push((&text[start..i], 0));
            }
            spaces += 1;
            continue;
        }
        if spaces > 0 {
            if let Some(last) = out.last_mut() {
                last.1 = spaces;
            }
            spaces = 0;
            start = i;
        } else if let Some(p) = prev
            && !kept
            && breaks_between(p, c)
        {
            out.push((&text[start..i], 0));
            start = i;
        }
        match c {
            '`' => in_code = !in_code,
            '［' => in_note = true,
            '］' => in_note = false,
            _ => {}
        }
        prev = Some(c);
    }
    if spaces == 0 && start < text.len() {
        out.push((&text[start..], 0));
    }
    out.retain(|(p, _)| !p.is_empty());
    out
}

fn breaks_between(before: char, after: char) -> bool {
    const NO_BREAK_BEFORE: &str = "，。、；：！？）］」』》】〉〕”’…—％,.;:!?)]%";
    const NO_BREAK_AFTER: &str = "（［「『《【〈〔“‘([";
    !NO_BREAK_BEFORE.contains(after)
        && !NO_BREAK_AFTER.contains(before)
        && (is_wide(before) || is_wide(after))
}

/// Columns a text takes in a terminal: Chinese characters and full-width marks take two.
fn text_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A clap parse error, told in Chinese: what was wrong, the usage line, where to read more.
pub fn error_text(err: &clap::Error) -> String {
    // A list (valid values, missing arguments) joined the Chinese way.
    let get = |kind| match err.get(kind) {
        Some(ContextValue::Strings(list)) => list.join("、"),
        Some(value) => value.to_string(),
        None => String::new(),
    };
    let key = match err.kind() {
        // `invmap`, `invmap plan`: clap shows the command's help (its summary) instead.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let mut args: Vec<String> = std::env::args().collect();
            args.push("-h".to_string());
            return crate::cli::help(&args);
        }
        ErrorKind::UnknownArgument => "clap-error-unknown-argument",
        ErrorKind::InvalidSubcommand => "clap-error-unknown-command",
        // (A flag given without its value comes as an empty invalid value.)
        ErrorKind::InvalidValue if !get(ContextKind::InvalidValue).is_empty() => {
            if get(ContextKind::ValidValue).is_empty() {
                "clap-error-invalid-value"
            } else {
                "clap-error-invalid-choice"
            }
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
    if err.kind() == ErrorKind::MissingSubcommand {
        let valid = get(ContextKind::ValidSubcommand);
        if !valid.is_empty() {
            text.push_str(&format!(
                "  {}\n",
                za("clap-possible", &[("values", valid.into_arg())])
            ));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.split('\n').collect()
    }

    #[test]
    fn a_chinese_paragraph_wraps_between_characters_and_loses_nothing() {
        let text = "每一对都先检查——未发货订单、现有库存、是否最后一个仓库、地区覆盖——然后整批在一个事务中执行，生成回滚点并写入审计日志；要么全部生效，要么全不生效。";
        let wrapped = wrap_line(text, 40);
        for line in lines(&wrapped) {
            assert!(text_width(line) <= 40, "{line}");
            let first = line.chars().next().unwrap();
            assert!(!"，。、；）—".contains(first), "a line starts with {first}");
        }
        assert_eq!(wrapped.replace('\n', ""), text);
    }

    #[test]
    fn a_flags_help_continues_under_its_help_column() {
        let line = "      --stages <SHARES>  分阶段执行这一批，如 30%,100%：第一部分立即执行（分散到各仓库），之后每一阶段在上一阶段判定为通过后执行";
        let wrapped = wrap_line(line, 60);
        let lines = lines(&wrapped);
        assert!(lines.len() > 1, "{wrapped}");
        let column = "      --stages <SHARES>  ".len();
        for l in &lines[1..] {
            assert_eq!(l.len() - l.trim_start().len(), column, "{wrapped}");
        }
        assert!(lines.iter().all(|l| text_width(l) <= 60), "{wrapped}");
    }

    #[test]
    fn commands_in_backticks_and_notes_in_brackets_stay_whole() {
        let line = "由你自己执行后续每一阶段（`invmap plan apply ID`）［默认：table］";
        let wrapped = wrap_line(line, 30);
        assert!(
            lines(&wrapped)
                .iter()
                .any(|l| l.contains("`invmap plan apply ID`")),
            "{wrapped}"
        );
        assert!(
            lines(&wrapped)
                .iter()
                .any(|l| l.contains("［默认：table］")),
            "{wrapped}"
        );
        // Unless no line can hold them: then they break at their spaces.
        let wrapped = wrap_line("见 `invmap completions powershell >> $PROFILE`。", 20);
        assert!(
            lines(&wrapped).iter().all(|l| text_width(l) <= 20),
            "{wrapped}"
        );
        assert_eq!(
            wrapped.replace('\n', " "),
            "见 `invmap completions powershell >> $PROFILE`。"
        );
    }

    #[test]
    fn english_words_break_only_at_spaces() {
        let wrapped = wrap_line("require_region_cover 开启时 approval_threshold", 24);
        assert_eq!(
            lines(&wrapped),
            ["require_region_cover 开", "启时 approval_threshold"]
        );
    }

    #[test]
    fn a_subcommand_is_localized_by_its_whole_path() {
        let tree = crate::cli::command();
        let create = tree
            .find_subcommand("plan")
            .and_then(|p| p.find_subcommand("create"))
            .expect("plan create")
            .clone();
        let create = localize(create);
        let about = create.get_about().expect("a summary").to_string();
        assert!(about.starts_with("保存一次待批准的变更"), "{about}");
        assert!(!about.ends_with('。') && !about.contains('\n'), "{about}");
        let long = create.get_long_about().expect("the whole text").to_string();
        assert!(long.contains("\n\n现在就像预演那样检查"), "{long}");
        let skus = create
            .get_arguments()
            .find(|a| a.get_id() == "skus")
            .expect("--sku");
        assert_eq!(
            skus.get_help().map(|h| h.to_string()).as_deref(),
            Some("要解绑的 SKU（每个都要配一个 --warehouse）")
        );
    }

    #[test]
    fn clap_notes_follow_the_text_in_the_summary_and_stand_apart_in_the_long_help() {
        let tree = localize(crate::cli::command());
        let format = tree
            .get_arguments()
            .find(|a| a.get_id() == "format")
            .expect("--format");
        assert_eq!(
            format.get_help().unwrap().to_string(),
            "输出数据的命令所用的输出格式［默认：table］［可选：table、json、csv］"
        );
        assert_eq!(
            format.get_long_help().unwrap().to_string(),
            "输出数据的命令所用的输出格式\n\n［默认：table］\n［可选：table、json、csv］"
        );
    }
}
