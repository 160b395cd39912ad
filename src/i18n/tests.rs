//! The catalogues are complete and consistent: both languages have the same messages with
//! the same arguments, every message the code names exists, and none is left unused.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::catalogue::{AREAS, NAMES_ZH};
use super::*;

/// Each message id of a Fluent source with the variables it uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source).expect("the catalogue parses");
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for attr in &m.attributes {
                pattern_vars(&attr.value, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_arguments() {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (area, en, zh) in AREAS {
        let (en, zh) = (messages(en), messages(zh));
        for (key, vars) in &en {
            if !seen.insert(key.clone()) {
                problems.push(format!("{area}: {key} is defined in two areas"));
            }
            match zh.get(key) {
                None => problems.push(format!("{area}: {key} has no Chinese")),
                Some(z) if z != vars => problems.push(format!(
                    "{area}: {key} takes {vars:?} in English but {z:?} in Chinese"
                )),
                _ => {}
            }
        }
        for key in zh.keys().filter(|k| !en.contains_key(*k)) {
            problems.push(format!("{area}: {key} has no English"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_catalogues_parse_and_load() {
    let c = catalogue();
    assert_eq!(
        c.format(Lang::En, "nothing-changed", &[]),
        "Nothing changed."
    );
    assert_eq!(c.format(Lang::Zh, "nothing-changed", &[]), "未做任何更改。");
    assert!(c.name_zh("clap-usage", &[]).is_some());
}

/// Every `tr!("key"…)` in the code names a message, and every message is named somewhere.
#[test]
fn the_code_and_the_catalogues_name_the_same_messages() {
    let mut used = BTreeSet::new();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    collect_keys(&src, &mut used);
    let defined: BTreeSet<String> = AREAS
        .iter()
        .flat_map(|(_, en, _)| messages(en).into_keys())
        .collect();
    let missing: Vec<_> = used.difference(&defined).collect();
    let unused: Vec<_> = defined.difference(&used).collect();
    assert!(
        missing.is_empty(),
        "named in the code, not in locales/en: {missing:?}"
    );
    assert!(
        unused.is_empty(),
        "in locales/en, named nowhere in the code: {unused:?}"
    );
}

fn collect_keys(dir: &std::path::Path, keys: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_keys(&path, keys);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/tests.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Code, not comments (the docs show `tr!` with made-up keys).
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let calls = code
                .match_indices("tr!(")
                .chain(code.match_indices("text!("));
            for (i, m) in calls {
                let before = code[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // include_str!( and the like
                }
                let rest = code[i + m.len()..].trim_start();
                if let Some(rest) = rest.strip_prefix('"')
                    && let Some(end) = rest.find('"')
                {
                    keys.insert(rest[..end].to_string());
                }
            }
        }
    }
}

#[test]
fn the_language_comes_from_the_flag_then_invmap_lang_then_the_locale() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(from_env(None, env(&[])), Lang::En);
    assert_eq!(from_env(None, env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
    assert_eq!(
        from_env(None, env(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")])),
        Lang::En
    );
    assert_eq!(
        from_env(
            None,
            env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_TW")])
        ),
        Lang::Zh
    );
    assert_eq!(
        from_env(None, env(&[("LANG", "zh_CN"), ("INVMAP_LANG", "en")])),
        Lang::En
    );
    assert_eq!(
        from_env(Some("zh-CN"), env(&[("INVMAP_LANG", "en")])),
        Lang::Zh
    );
    assert_eq!(
        from_env(Some("en"), env(&[("LANG", "zh_CN.UTF-8")])),
        Lang::En
    );
    // An unknown locale is English; an empty variable does not count.
    assert_eq!(from_env(None, env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
    assert_eq!(
        from_env(None, env(&[("LC_ALL", ""), ("LANG", "zh_CN.UTF-8")])),
        Lang::Zh
    );
}

#[test]
fn the_flag_is_read_before_clap_parses() {
    let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        flag_in(&args(&["invmap", "--lang", "zh-CN", "check"])),
        Some("zh-CN")
    );
    assert_eq!(
        flag_in(&args(&["invmap", "check", "--lang=en"])),
        Some("en")
    );
    assert_eq!(flag_in(&args(&["invmap", "check", "--", "--lang"])), None);
}

/// The Chinese help follows the command tree one to one: no flag without Chinese help, no
/// Chinese help for a flag that is gone.
#[test]
fn help_keys_match_the_command_tree() {
    let tree = crate::cli::command();
    let needed: BTreeMap<String, String> = clap_zh::keys(&tree).into_iter().collect();
    let have: BTreeSet<String> = messages(NAMES_ZH[0].1)
        .into_keys()
        .filter(|k| k.starts_with("cmd-") || k.starts_with("arg-"))
        .collect();
    let missing: Vec<String> = needed
        .iter()
        .filter(|(k, _)| !have.contains(*k))
        .map(|(k, en)| format!("{k} = {}", en.replace('\n', " ")))
        .collect();
    let stale: Vec<&String> = have.iter().filter(|k| !needed.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "Chinese help missing:\n{}",
        missing.join("\n")
    );
    assert!(stale.is_empty(), "Chinese help for nothing: {stale:?}");
}

/// No sentence for a person is written in the code: a string literal with English words in a
/// message-making call (`format!`, `bail!`, `say`, `warn!`, `Refused(`…) must be a command to
/// type, SQL, markup, or text the store keeps (it must not change with the language, and is
/// marked `// stored` or handed to the audit trail) — everything else goes through `tr!` or
/// `text!`.
#[test]
fn no_sentence_is_left_outside_the_catalogues() {
    let calls = [
        "format!(",
        "bail!(",
        "anyhow!(",
        "println!(",
        "eprintln!(",
        "writeln!(",
        "write!(",
        ".say(",
        "UsageError(",
        "Refused(",
        ".context(",
        "with_context(",
        "warn!(",
        "info!(",
    ];
    // Where a literal may hold English: what the store keeps, commands, SQL, markup.
    let kept = [
        "stored",
        "audit",
        "append_event",
        "kept:",
        "reason:",
        "stop_rest",
        "detail",
        "// data",
    ];
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    each_source(&src, &mut |path, text| {
        if path.ends_with("tests.rs") || path.ends_with("proptests.rs") {
            return;
        }
        // Production code only: tests speak English to their readers.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(call) = calls.iter().find(|c| line.contains(*c)) else {
                continue;
            };
            // The call's first literal: on this line or the next few (rustfmt's layout).
            let window: String = lines[i..(i + 4).min(lines.len())].join("\n");
            let after = &window[window.find(call).unwrap()..];
            let Some(start) = after.find('"') else {
                continue;
            };
            let literal: String = after[start + 1..]
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            // Placeholders (`{sku}`) are not words.
            let mut words = String::new();
            let mut depth = 0;
            for c in literal.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ if depth == 0 => words.push(c),
                    _ => {}
                }
            }
            let english = words
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2)
                .count()
                >= 2
                && words.trim().contains(' ');
            let exempt = literal.trim_start().starts_with("invmap ")
                || [
                    "SELECT",
                    "INSERT",
                    "PRAGMA",
                    "DELETE",
                    "UPDATE",
                    "LIMIT",
                    "COPY",
                    "FETCH",
                    "DROP TABLE",
                    "<",
                ]
                .iter()
                .any(|k| literal.contains(k))
                || lines[i.saturating_sub(4)..(i + 4).min(lines.len())]
                    .iter()
                    .any(|l| kept.iter().any(|k| l.contains(k)));
            if english && !exempt {
                found.push(format!("{}:{}: {literal}", path.display(), i + 1));
            }
        }
    });
    assert!(
        found.is_empty(),
        "sentences outside the catalogues (use tr!/text!, or mark text the store keeps with // stored):\n{}",
        found.join("\n")
    );
}

fn each_source(dir: &std::path::Path, f: &mut dyn FnMut(&std::path::Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            each_source(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}
