//! The README's sessions, replayed (issue 15): every `console` block of README.md runs here,
//! command by command, in a scratch folder holding a copy of `examples/`, and what invmap
//! prints (stdout and stderr, interleaved as a terminal shows them) must be what the README
//! shows. A README that drifts from the binary fails `cargo test`.
//!
//! Each block is annotated on the line before it:
//! `<!-- replay: session=NAME [setup=fresh|init|examples|build] [now=TIME] [now@K=TIME] -->`, or
//! `<!-- replay: skip=WHY -->`. Blocks of one session share a folder, in document order;
//! `setup` says how a session's first block starts (`init`: an empty store; `examples`: the
//! examples imported; `build`: as the "Build a store" block leaves it); `now` is `INVMAP_NOW` from this block on, `now@K` from its K-th command on.
//!
//! The commands a session uses besides `invmap` are run here, not by a shell, so that a fresh
//! machine needs nothing else: `echo $?`, `cat FILE` (the README shows the file: that is what
//! is written), `cp A B`, `sqlite3 DB "SQL"` (through rusqlite), and
//! `printf X | dd of=F bs=1 seek=N conv=notrunc status=none` (one byte changed in a copy) and
//! `head -c N FILE | od -An -tx1` (a file's first bytes), `cut -d, -fA-B FILE`,
//! `sha256sum -c FILE`.
//! A line `…` in the README stands for any number of lines; times in `-v` output and
//! checksums of backups (which hold a random store id) are compared by shape.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The READMEs whose sessions replay, with the locale their sessions run in.
const READMES: &[Readme] = &[
    Readme {
        name: "README.md",
        text: include_str!("../../README.md"),
        lang: None,
    },
    Readme {
        name: "README.zh-CN.md",
        text: include_str!("../../README.zh-CN.md"),
        lang: Some("zh_CN.UTF-8"),
    },
];

struct Readme {
    name: &'static str,
    text: &'static str,
    /// `LANG` for the sessions (the Chinese README shows what a Chinese locale prints).
    lang: Option<&'static str>,
}
const DEFAULT_NOW: &str = "2026-11-27T09:00:00Z";

#[derive(Debug, Clone, Default)]
struct Options {
    session: String,
    setup: String,
    now: Option<String>,
    /// (command number from 1, time) pairs.
    now_from: Vec<(usize, String)>,
    skip: bool,
}

#[derive(Debug)]
struct Step {
    command: String,
    expected: Vec<String>,
    /// Where its expected lines start in README.md (0-based line index).
    at: usize,
}

#[derive(Debug)]
struct Block {
    line: usize,
    options: Options,
    steps: Vec<Step>,
}

fn parse_options(line: &str) -> Option<Options> {
    let body = line
        .trim()
        .strip_prefix("<!-- replay:")?
        .strip_suffix("-->")?;
    let mut o = Options::default();
    for word in body.split_whitespace() {
        let (k, v) = word.split_once('=').unwrap_or((word, ""));
        match k {
            "session" => o.session = v.to_string(),
            "setup" => o.setup = v.to_string(),
            "now" => o.now = Some(v.to_string()),
            "skip" => o.skip = true,
            _ if k.starts_with("now@") => o
                .now_from
                .push((k[4..].parse().expect("now@K"), v.to_string())),
            _ if o.skip => {}
            _ => panic!("unknown replay option {word:?} in {line:?}"),
        }
    }
    Some(o)
}

fn blocks(readme: &Readme) -> Vec<Block> {
    let lines: Vec<&str> = readme.text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].starts_with("```console") {
            let options = i
                .checked_sub(1)
                .and_then(|p| parse_options(lines[p]))
                .unwrap_or_else(|| {
                    panic!(
                        "{}:{}: a console block without a `<!-- replay: … -->` line before it",
                        readme.name,
                        i + 1
                    )
                });
            let start = i + 1;
            let mut end = start;
            while !lines[end].starts_with("```") {
                end += 1;
            }
            let mut steps: Vec<Step> = Vec::new();
            for (n, l) in lines[start..end].iter().enumerate() {
                if let Some(cmd) = l.strip_prefix("$ ") {
                    steps.push(Step {
                        command: cmd.to_string(),
                        expected: Vec::new(),
                        at: start + n + 1,
                    });
                } else if let Some(s) = steps.last_mut() {
                    s.expected.push(l.to_string());
                }
            }
            out.push(Block {
                line: i + 1,
                options,
                steps,
            });
            i = end;
        }
        i += 1;
    }
    out
}

/// Splits a command line as a POSIX shell would for the quoting the README uses.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => cur.extend(chars.next()),
                        c => cur.push(c),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

struct Session {
    dir: tempfile::TempDir,
    now: String,
    last_code: i32,
    lang: Option<&'static str>,
}

impl Session {
    fn new(setup: &str, build: Option<&Block>, lang: Option<&'static str>) -> Session {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("examples"), &dir.path().join("examples"));
        let mut s = Session {
            dir,
            now: DEFAULT_NOW.to_string(),
            last_code: 0,
            lang,
        };
        match setup {
            "" | "fresh" => {}
            "init" => {
                s.run("invmap init", &[]);
            }
            "examples" => {
                for kind in [
                    "warehouses",
                    "products",
                    "mappings",
                    "orders",
                    "counts",
                    "complaints",
                ] {
                    s.run(&format!("invmap import {kind} examples/{kind}.csv"), &[]);
                }
            }
            "build" => {
                for step in &build.expect("a block with session=main").steps {
                    s.run(&step.command, &step.expected);
                }
            }
            other => panic!("unknown setup {other:?}"),
        }
        s
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs one `$ …` line; returns what it printed.
    fn run(&mut self, line: &str, expected: &[String]) -> Vec<String> {
        if line.starts_with("printf ") && line.contains("| dd ") {
            return self.poke(line);
        }
        if line.starts_with("head -c ") && line.ends_with("| od -An -tx1") {
            // The first bytes of a file, in hex (the BOM an export for Excel starts with).
            let w = words(line);
            let n: usize = w[2].parse().unwrap();
            let bytes = std::fs::read(self.path(&w[3])).unwrap();
            self.last_code = 0;
            return vec![bytes[..n].iter().map(|b| format!(" {b:02x}")).collect()];
        }
        let mut out = Vec::new();
        for part in line.split(" && ") {
            out.extend(self.run_one(part, expected));
            if self.last_code != 0 {
                break;
            }
        }
        out
    }

    fn run_one(&mut self, part: &str, expected: &[String]) -> Vec<String> {
        let argv = words(part);
        match argv[0].as_str() {
            "invmap" => self.invmap(&argv[1..], expected),
            "echo" if argv.get(1).map(String::as_str) == Some("$?") => {
                vec![self.last_code.to_string()]
            }
            "cat" => {
                // The README shows the file: that is what the session's file holds.
                let path = self.path(&argv[1]);
                if !path.exists() {
                    let mut text = expected.join("\n");
                    text.push('\n');
                    std::fs::write(&path, text).unwrap();
                }
                self.last_code = 0;
                std::fs::read_to_string(path)
                    .unwrap()
                    .lines()
                    .map(str::to_string)
                    .collect()
            }
            "cp" => {
                std::fs::copy(self.path(&argv[1]), self.path(&argv[2])).unwrap();
                self.last_code = 0;
                Vec::new()
            }
            "sqlite3" => self.sqlite(&argv[1], &argv[2]),
            "sha256sum" if argv[1] == "-c" => {
                // Check a `sha256sum` file: "NAME: OK".
                let sums = std::fs::read_to_string(self.path(&argv[2])).unwrap();
                let (want, name) = sums.trim().split_once("  ").unwrap();
                use sha2::Digest;
                let got: String = sha2::Sha256::digest(std::fs::read(self.path(name)).unwrap())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                self.last_code = i32::from(got != want);
                vec![format!(
                    "{name}: {}",
                    if got == want { "OK" } else { "FAILED" }
                )]
            }
            "cut" => {
                // `cut -d, -fA-B FILE`: some columns of a wide CSV, to fit the page.
                let sep = argv[1].strip_prefix("-d").unwrap();
                let (a, b) = argv[2].strip_prefix("-f").unwrap().split_once('-').unwrap();
                let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                self.last_code = 0;
                std::fs::read_to_string(self.path(&argv[3]))
                    .unwrap()
                    .lines()
                    .map(|l| {
                        let cols: Vec<&str> = l.split(sep).collect();
                        cols[a - 1..b.min(cols.len())].join(sep)
                    })
                    .collect()
            }
            other => panic!("the README replay cannot run {other:?}: {part}"),
        }
    }

    fn invmap(&mut self, args: &[String], expected: &[String]) -> Vec<String> {
        let log = self.path(".out");
        let file = std::fs::File::create(&log).unwrap();
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_invmap"));
        cmd.env_clear();
        if let Some(lang) = self.lang {
            cmd.env("LANG", lang);
        }
        let status = cmd
            .arg0("invmap")
            .args(args)
            .current_dir(self.dir.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("INVMAP_NOW", &self.now)
            .env("INVMAP_OPERATOR", "ana")
            .stdin(Stdio::null())
            .stdout(Stdio::from(file.try_clone().unwrap()))
            .stderr(Stdio::from(file))
            .status()
            .unwrap();
        self.last_code = status.code().unwrap_or(-1);
        let mut out: Vec<String> = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        if self.last_code != 0 && expected.iter().any(|l| l.starts_with("(exit ")) {
            out.push(format!("(exit {})", self.last_code));
        }
        out
    }

    fn sqlite(&mut self, db: &str, sql: &str) -> Vec<String> {
        let conn = rusqlite::Connection::open(self.path(db)).unwrap();
        match conn.execute_batch(sql) {
            Ok(()) => {
                self.last_code = 0;
                Vec::new()
            }
            Err(rusqlite::Error::SqliteFailure(e, msg)) => {
                self.last_code = 1;
                vec![format!(
                    "Error: stepping, {} ({})",
                    msg.unwrap_or_default(),
                    e.extended_code & 0xff
                )]
            }
            Err(e) => panic!("{e}"),
        }
    }

    /// `printf X | dd of=F bs=1 seek=N conv=notrunc status=none`: one byte changed in place.
    fn poke(&mut self, line: &str) -> Vec<String> {
        let w = words(line);
        let byte = w[1].as_bytes()[0];
        let of = w.iter().find_map(|a| a.strip_prefix("of=")).unwrap();
        let seek: u64 = w
            .iter()
            .find_map(|a| a.strip_prefix("seek="))
            .unwrap()
            .parse()
            .unwrap();
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(self.path(of))
            .unwrap();
        f.seek(SeekFrom::Start(seek)).unwrap();
        f.write_all(&[byte]).unwrap();
        self.last_code = 0;
        Vec::new()
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// What varies between runs by design, in the shape it has.
fn normalised(line: &str) -> String {
    let mut s = line.to_string();
    // `-v` timings.
    if let Some(i) = s.find(": ").filter(|_| s.contains(" INFO "))
        && s.ends_with(" ms")
    {
        s.truncate(i + 2);
        s.push_str("N ms");
    }
    // A backup's checksum (it holds a random store id).
    let words: Vec<&str> = s.split("  ").collect();
    if words.len() == 2 && words[0].len() == 64 && words[0].bytes().all(|b| b.is_ascii_hexdigit()) {
        s = format!("<sha256>  {}", words[1]);
    }
    if let Some(i) = s.find("(sha256 ")
        && s[i..].contains(" expected, ")
    {
        let end = s[i..].find(" found)").map(|j| i + j + 7).unwrap_or(s.len());
        s.replace_range(i..end, "(sha256 <x> expected, <y> found)");
    }
    s
}

/// `expected` (with `…` lines standing for any lines) matches `actual`.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "…" => (0..=actual.len()).any(|k| matches(rest, &actual[k..])),
        Some((e, rest)) => {
            !actual.is_empty()
                && normalised(e) == normalised(&actual[0])
                && matches(rest, &actual[1..])
        }
    }
}

#[test]
fn the_readme_sessions_replay() {
    replay(&READMES[0]);
}

/// The Chinese README (README.zh-CN.md) shows what invmap prints for a Chinese locale.
#[test]
fn the_chinese_readme_sessions_replay() {
    replay(&READMES[1]);
}

fn replay(readme: &Readme) {
    let all = blocks(readme);
    let build = all.iter().find(|b| b.options.session == "main");
    let mut sessions: std::collections::HashMap<String, Session> = Default::default();
    let mut failures = Vec::new();
    let mut blessed: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for block in all.iter().filter(|b| !b.options.skip) {
        let o = &block.options;
        assert!(
            !o.session.is_empty(),
            "{}:{}: no session",
            readme.name,
            block.line
        );
        let session = sessions.entry(o.session.clone()).or_insert_with(|| {
            Session::new(&o.setup, build.filter(|_| o.setup == "build"), readme.lang)
        });
        if let Some(now) = &o.now {
            session.now = now.clone();
        }
        for (k, step) in block.steps.iter().enumerate() {
            if let Some((_, t)) = o.now_from.iter().find(|(from, _)| *from == k + 1) {
                session.now = t.clone();
            }
            let actual = session.run(&step.command, &step.expected);
            if !matches(&step.expected, &actual) {
                let all = std::env::var("INVMAP_README_BLESS").is_ok_and(|v| v == "all");
                if all || !step.expected.iter().any(|l| l == "…") {
                    blessed.push((step.at, step.expected.len(), actual.clone()));
                }
                failures.push(format!(
                    "{}:{} (session {}): $ {}\n--- README\n{}\n--- invmap\n{}",
                    readme.name,
                    block.line,
                    o.session,
                    step.command,
                    step.expected.join("\n"),
                    actual.join("\n")
                ));
            }
        }
    }
    if std::env::var_os("INVMAP_README_BLESS").is_some() && !blessed.is_empty() {
        // For whoever changes an output on purpose: write what invmap prints into README.md
        // (steps whose README text elides lines with `…` are left for a person, unless the
        // variable says `all`).
        let mut lines: Vec<String> = readme.text.lines().map(str::to_string).collect();
        blessed.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
        for (at, len, actual) in blessed {
            lines.splice(at..at + len, actual);
        }
        std::fs::write(repo().join(readme.name), lines.join("\n") + "\n").unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} commands print something else than the README shows:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_replay_reads_the_readmes_shell() {
    assert_eq!(
        words(r#"invmap unbind --reason "a b" --x 'c d' e"#),
        ["invmap", "unbind", "--reason", "a b", "--x", "c d", "e"]
    );
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "…", "d"]), &e(&["a", "b", "c", "d"])));
    assert!(!matches(&e(&["a", "d"]), &e(&["a", "b", "d"])));
    assert_eq!(
        normalised(" INFO phase parse: 0.3 ms"),
        " INFO phase parse: N ms"
    );
}
