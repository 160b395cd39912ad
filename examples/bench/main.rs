//! The whole-command benchmark: builds stores of 100k / 1M / 10M links, runs the release
//! `invmap` binary on each the way an operator would, and prints a markdown table of median
//! wall times, rows/s and peak memory (the child's `ru_maxrss`, from `wait4`), then the
//! scaling bounds of issue 6 (flat single unbind and route, linear batches, RSS < 256 MiB).
//!
//! ```text
//! cargo run --release --example bench -- [--sizes 100k,1m,10m] [--pairs 10k,100k,1m]
//!     [--only import,export,backup,single,unbind,rollback,move,route,check,metrics]
//!     [--runs 3] [--dir /tmp/invmap-bench-suite] [--bin PATH/TO/invmap]
//! ```
//!
//! Every run that changes the store starts from a pristine copy, made untimed; commands that
//! only read (export, backup, route, check, metrics) run against the pristine store itself.
//! Stores are kept in `--dir` and reused by later runs (the stamp names the schema version).
//! See docs/bench.md for what it costs in time and disk at 10M links.

mod store;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The operations, in the order they run.
const OPS: &[&str] = &[
    "import", "export", "backup", "single", "route", "check", "metrics", "exit", "unbind",
    "rollback", "move",
];
/// The RSS bound of issue 6, MiB.
const MAX_RSS_MIB: f64 = 256.0;

struct Opts {
    sizes: Vec<u64>,
    pairs: Vec<u64>,
    only: Vec<String>,
    runs: usize,
    dir: PathBuf,
    bin: Option<PathBuf>,
}

/// One measured operation.
struct Measure {
    links: u64,
    op: String,
    pairs: Option<u64>,
    /// Rows the operation handles, for rows/s.
    rows: Option<u64>,
    times: Vec<f64>,
    rss_mib: f64,
    error: Option<String>,
}

impl Measure {
    fn median(&self) -> Option<f64> {
        let mut t = self.times.clone();
        t.sort_by(f64::total_cmp);
        (!t.is_empty()).then(|| t[t.len() / 2])
    }
}

/// The hidden first argument that makes this binary build one size's files (see
/// [`Bench::prepare`]): `__build DIR LINKS PAIRS,PAIRS,…`.
const BUILD: &str = "__build";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let result = if args.get(1).map(String::as_str) == Some(BUILD) {
        build(&args[2..])
    } else {
        run()
    };
    if let Err(e) = result {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let opts = parse_args()?;
    fs::create_dir_all(&opts.dir)?;
    let bin = invmap_binary(&opts)?;
    let has_metrics = quiet_ok(Command::new(&bin).args(["metrics", "--help"]));
    eprintln!(
        "bench: {} ({} runs each), stores in {}",
        bin.display(),
        opts.runs,
        opts.dir.display()
    );
    if !has_metrics && opts.only.iter().any(|o| o == "metrics") {
        eprintln!("bench: `invmap metrics` is not in this binary; skipping it");
    }
    let mut results = Vec::new();
    for &links in &opts.sizes {
        let mut bench = Bench::prepare(&opts, &bin, links)?;
        for op in OPS {
            if !opts.only.iter().any(|o| o == op) || (*op == "metrics" && !has_metrics) {
                continue;
            }
            match *op {
                "unbind" | "rollback" | "move" => {
                    for &p in &opts.pairs {
                        if p > bench.skus {
                            eprintln!(
                                "bench: {} pairs need {} links or more (one pair per SKU); skipped at {}",
                                label(p),
                                p * store::PER_SKU,
                                label(links)
                            );
                            continue;
                        }
                        results.push(bench.measure(op, Some(p))?);
                    }
                }
                _ => results.push(bench.measure(op, None)?),
            }
        }
    }
    print_tables(&opts, &results);
    println!(
        "\nThe bench process's own peak RSS: {:.1} MiB (every child's figure includes it: \
         Linux starts a child's ru_maxrss from its parent's).",
        self_rss_mib()
    );
    Ok(())
}

/// Fills `DIR/base.db` and `DIR/empty.db` (both initialised) and writes the import file and
/// the templates.
fn build(args: &[String]) -> Res<()> {
    let [dir, links, pairs] = args else {
        return Err("usage: bench __build DIR LINKS PAIRS,…".into());
    };
    let dir = PathBuf::from(dir);
    let links: u64 = links.parse()?;
    let skus = store::build_store(&dir.join("base.db"), links)?;
    store::add_warehouses(&dir.join("empty.db"))?;
    store::write_mappings_csv(&dir.join("mappings.csv"), skus)?;
    for p in counts(pairs)? {
        if let Some(list) = store::pairs(skus, p, 7) {
            store::write_template(&dir.join(format!("pairs-{}.csv", label(p))), &list)?;
            store::write_move_template(&dir.join(format!("moves-{}.csv", label(p))), &list)?;
        }
    }
    Ok(())
}

fn usage() -> &'static str {
    "usage: cargo run --release --example bench -- [--sizes 100k,1m,10m] [--pairs 10k,100k,1m]
       [--only import,export,backup,single,route,check,metrics,exit,unbind,rollback,move]
       [--runs N] [--dir DIR] [--bin PATH/TO/invmap]
defaults: --sizes 100k,1m --pairs 10k,100k,1m --runs 3 --dir $TMPDIR/invmap-bench-suite
A batch of P pairs needs a store of 5P links or more; smaller stores skip it."
}

fn parse_args() -> Res<Opts> {
    let mut o = Opts {
        sizes: vec![100_000, 1_000_000],
        pairs: vec![10_000, 100_000, 1_000_000],
        only: OPS.iter().map(|s| s.to_string()).collect(),
        runs: 3,
        dir: std::env::temp_dir().join("invmap-bench-suite"),
        bin: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "-h" || a == "--help" {
            println!("{}", usage());
            std::process::exit(0);
        }
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{a} needs a value\n{}", usage()))
        };
        match a.as_str() {
            "--sizes" => o.sizes = counts(&value()?)?,
            "--pairs" => o.pairs = counts(&value()?)?,
            "--only" => {
                o.only = value()?.split(',').map(|s| s.trim().to_string()).collect();
                if let Some(bad) = o.only.iter().find(|s| !OPS.contains(&s.as_str())) {
                    return Err(
                        format!("unknown operation {bad:?}; one of {}", OPS.join(",")).into(),
                    );
                }
            }
            "--runs" => o.runs = value()?.parse::<usize>()?.max(1),
            "--dir" => o.dir = PathBuf::from(value()?),
            "--bin" => o.bin = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument {a:?}\n{}", usage()).into()),
        }
    }
    Ok(o)
}

/// `100k,1m,2500` → `[100000, 1000000, 2500]`.
fn counts(list: &str) -> Res<Vec<u64>> {
    list.split(',')
        .map(|s| {
            let s = s.trim().to_ascii_lowercase();
            let (num, mul) = match s.as_bytes().last() {
                Some(b'k') => (&s[..s.len() - 1], 1_000),
                Some(b'm') => (&s[..s.len() - 1], 1_000_000),
                _ => (&s[..], 1),
            };
            Ok(num
                .parse::<u64>()
                .map_err(|_| format!("not a count: {s:?}"))?
                * mul)
        })
        .collect()
}

/// `1000000` → `1M`.
fn label(n: u64) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// The release binary next to this example (`target/release/invmap`), brought up to date
/// with `cargo build --release --bin invmap` (a no-op when it is), unless `--bin` names one.
fn invmap_binary(opts: &Opts) -> Res<PathBuf> {
    if let Some(b) = &opts.bin {
        return Ok(fs::canonicalize(b)?);
    }
    let exe = std::env::current_exe()?;
    // target/release/examples/bench → target/release/invmap
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot locate target/")?;
    let bin = dir.join(format!("invmap{}", std::env::consts::EXE_SUFFIX));
    let profile = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("release");
    if profile != "release" {
        eprintln!(
            "bench: warning: built as {profile}; run with `cargo run --release --example bench`"
        );
    }
    let mut build = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    build
        .args(["build", "--bin", "invmap"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if profile == "release" {
        build.arg("--release");
    }
    let built = build.status();
    if !bin.exists() {
        return Err(format!("no invmap binary at {} ({built:?})", bin.display()).into());
    }
    Ok(bin)
}

fn quiet_ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A size's stores and templates, and the binary to run on them.
struct Bench<'a> {
    opts: &'a Opts,
    bin: &'a Path,
    links: u64,
    skus: u64,
    dir: PathBuf,
}

impl<'a> Bench<'a> {
    /// Builds (or reuses) the pristine store of `links` links, the empty store the import
    /// goes into, the import file and the templates.
    fn prepare(opts: &'a Opts, bin: &'a Path, links: u64) -> Res<Bench<'a>> {
        let dir = opts.dir.join(label(links));
        let skus = links / store::PER_SKU;
        // Bump the v-number when the layout changes without a schema change (v2: 32 KiB pages).
        let stamp = dir.join(format!(
            "built-v2-schema{}",
            invmap::store::Store::latest_version()
        ));
        let b = Bench {
            opts,
            bin,
            links: skus * store::PER_SKU,
            skus,
            dir,
        };
        let templates_missing = opts
            .pairs
            .iter()
            .any(|&p| p <= skus && !b.template(p).exists());
        if stamp.exists() && !templates_missing {
            return Ok(b);
        }
        if b.dir.exists() {
            fs::remove_dir_all(&b.dir)?;
        }
        fs::create_dir_all(&b.dir)?;
        let t = Instant::now();
        eprintln!("bench: building the {} store …", label(links));
        b.init(&b.base())?;
        b.init(&b.empty())?;
        // In a child process: the build's page cache and templates would otherwise stay in
        // this process's peak RSS, which Linux carries into every child it starts (a child's
        // ru_maxrss starts from its parent's high-water mark at exec).
        let pairs: Vec<String> = opts.pairs.iter().map(u64::to_string).collect();
        let status = Command::new(std::env::current_exe()?)
            .arg(BUILD)
            .arg(&b.dir)
            .arg(links.to_string())
            .arg(pairs.join(","))
            .status()?;
        if !status.success() {
            return Err(format!("building the {} store failed: {status}", label(links)).into());
        }
        fs::write(&stamp, "")?;
        eprintln!(
            "bench: built in {:.1} s ({} MiB)",
            t.elapsed().as_secs_f64(),
            fs::metadata(b.base())?.len() >> 20
        );
        Ok(b)
    }

    fn base(&self) -> PathBuf {
        self.dir.join("base.db")
    }
    fn empty(&self) -> PathBuf {
        self.dir.join("empty.db")
    }
    fn work(&self) -> PathBuf {
        self.dir.join("work.db")
    }
    fn after(&self, pairs: u64) -> PathBuf {
        self.dir.join(format!("after-unbind-{}.db", label(pairs)))
    }
    fn template(&self, pairs: u64) -> PathBuf {
        self.dir.join(format!("pairs-{}.csv", label(pairs)))
    }

    fn init(&self, db: &Path) -> Res<()> {
        let status = self.cmd(db, &["init"]).stdout(Stdio::null()).status()?;
        if !status.success() {
            return Err(format!("invmap init failed: {status}").into());
        }
        Ok(())
    }

    fn cmd(&self, db: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(self.bin);
        c.arg("--db").arg(db).arg("-q").args(args);
        c.env_remove("INVMAP_DB")
            .env("INVMAP_OPERATOR", "bench")
            .env("INVMAP_NOW", store::NOW)
            .env("NO_COLOR", "1");
        c
    }

    /// Runs `op` `runs` times (each from a pristine store where it writes).
    fn measure(&mut self, op: &str, pairs: Option<u64>) -> Res<Measure> {
        let mut m = Measure {
            links: self.links,
            op: op.to_string(),
            pairs,
            rows: None,
            times: Vec::new(),
            rss_mib: 0.0,
            error: None,
        };
        let what = match pairs {
            Some(p) => format!("{op} {} pairs", label(p)),
            None => op.to_string(),
        };
        eprint!("bench: {} links: {what} …", label(self.links));
        for run in 0..self.opts.runs {
            let (cmd, rows) = self.setup(op, pairs)?;
            m.rows = rows;
            // Untimed: write back what earlier runs left dirty (gigabytes at 10M links), so
            // that neither the kernel's writeback nor an ext4 journal commit forced by the
            // run's own fsync charges it to this run.
            // SAFETY: sync(2) takes no arguments and cannot fail.
            unsafe { libc::sync() };
            match timed(cmd, &self.dir.join("stderr.txt")) {
                Ok((secs, rss)) => {
                    m.times.push(secs);
                    m.rss_mib = m.rss_mib.max(rss);
                    eprint!(" {secs:.3}s");
                }
                Err(e) => {
                    m.error = Some(e);
                    break;
                }
            }
            // The first batch's result is the store its rollback starts from.
            if op == "unbind" && run == 0 {
                move_store(&self.work(), &self.after(pairs.unwrap_or(0)))?;
            }
        }
        eprintln!();
        if let Some(e) = &m.error {
            eprintln!("bench: {what} failed: {e}");
        }
        Ok(m)
    }

    /// Prepares one run (untimed) and returns the command and the rows it handles.
    fn setup(&self, op: &str, pairs: Option<u64>) -> Res<(Command, Option<u64>)> {
        let base = self.base();
        let work = self.work();
        let sku = store::sku(0);
        let links = Some(self.links);
        Ok(match op {
            "import" => {
                copy_store(&self.empty(), &work)?;
                let csv = self.dir.join("mappings.csv");
                let csv = csv.to_str().ok_or("path")?;
                (
                    self.cmd(&work, &["import", "mappings", csv, "--reason", "bench"]),
                    links,
                )
            }
            "export" => {
                let out = self.dir.join("export.csv");
                let out = out.to_str().ok_or("path")?;
                (self.cmd(&base, &["export", "mappings", "-o", out]), links)
            }
            "backup" => {
                let out = self.dir.join("backup.db");
                remove_store(&out)?;
                let out = out.to_str().ok_or("path")?;
                (self.cmd(&base, &["backup", "-o", out]), links)
            }
            "single" => {
                copy_store(&base, &work)?;
                let wh = store::wh(store::warehouse(0, 0));
                let args = [
                    "unbind",
                    "--sku",
                    &sku,
                    "--warehouse",
                    &wh,
                    "--reason",
                    "bench",
                ];
                (self.cmd(&work, &args), None)
            }
            "route" => (self.cmd(&base, &["route", "--sku", &sku]), None),
            // The dry run of a region exit: every link of one warehouse judged (1/60th of
            // the links: 16,667 at 1M).
            "exit" => {
                let wh = store::wh(0);
                let args = ["warehouse", "exit", &wh, "--by-route", "--dry-run"];
                (self.cmd(&base, &args), Some(self.links / store::WAREHOUSES))
            }
            "check" => (self.cmd(&base, &["check"]), links),
            "metrics" => (self.cmd(&base, &["metrics"]), links),
            "unbind" => {
                let p = pairs.ok_or("pairs")?;
                copy_store(&base, &work)?;
                let t = self.template(p);
                let t = t.to_str().ok_or("path")?;
                (
                    self.cmd(&work, &["unbind", "--from-csv", t, "--reason", "bench"]),
                    pairs,
                )
            }
            "move" => {
                let p = pairs.ok_or("pairs")?;
                copy_store(&base, &work)?;
                let t = self.dir.join(format!("moves-{}.csv", label(p)));
                let t = t.to_str().ok_or("path")?;
                (
                    self.cmd(&work, &["move", "--from-csv", t, "--reason", "bench"]),
                    pairs,
                )
            }
            "rollback" => {
                let p = pairs.ok_or("pairs")?;
                let after = self.after(p);
                if !after.exists() {
                    // `--only rollback`: make the store the rollback starts from.
                    let (cmd, _) = self.setup("unbind", pairs)?;
                    timed(cmd, &self.dir.join("stderr.txt"))?;
                    move_store(&work, &after)?;
                }
                copy_store(&after, &work)?;
                (
                    self.cmd(&work, &["rollback", "last", "--reason", "bench"]),
                    pairs,
                )
            }
            _ => return Err(format!("unknown operation {op}").into()),
        })
    }
}

/// Runs `cmd` (stdout discarded, stderr to `err_file`) and returns its wall time in seconds
/// and its peak RSS in MiB; the stderr tail on a non-zero exit.
fn timed(mut cmd: Command, err_file: &Path) -> Result<(f64, f64), String> {
    let err = fs::File::create(err_file).map_err(|e| e.to_string())?;
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(err);
    let t = Instant::now();
    let child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let (status, rss_kib) = wait4(child.id())?;
    let secs = t.elapsed().as_secs_f64();
    if status != 0 {
        let text = fs::read_to_string(err_file).unwrap_or_default();
        let tail: String = text
            .chars()
            .rev()
            .take(400)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(format!("exit {status}: {}", tail.trim()));
    }
    Ok((secs, rss_kib as f64 / 1024.0))
}

/// Waits for `pid` and returns its exit code and peak RSS (KiB, Linux's `ru_maxrss`).
fn wait4(pid: u32) -> Result<(i32, i64), String> {
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, zeroed is a valid value; `wait4` writes both
    // out-parameters and we reap our own child (std's `Child` is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if r < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Ok((code, usage.ru_maxrss))
}

/// This process's peak RSS, MiB.
fn self_rss_mib() -> f64 {
    // SAFETY: as in `wait4`; getrusage only writes the struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn remove_store(path: &Path) -> Res<()> {
    for sfx in ["", "-wal", "-shm", "-journal"] {
        let p = with_suffix(path, sfx);
        if p.exists() {
            fs::remove_file(p)?;
        }
    }
    Ok(())
}

fn copy_store(from: &Path, to: &Path) -> Res<()> {
    remove_store(to)?;
    for sfx in ["", "-wal"] {
        let src = with_suffix(from, sfx);
        if src.exists() {
            let dst = with_suffix(to, sfx);
            fs::copy(&src, &dst)?;
            // Flushed here, untimed: otherwise the first fsync of the timed run (its commit's
            // checkpoint) would write the whole fresh copy to disk, a cost that grows with the
            // store and that a store sitting on disk never pays.
            fs::File::open(&dst)?.sync_all()?;
        }
    }
    Ok(())
}

fn move_store(from: &Path, to: &Path) -> Res<()> {
    remove_store(to)?;
    for sfx in ["", "-wal"] {
        let src = with_suffix(from, sfx);
        if src.exists() {
            fs::rename(&src, with_suffix(to, sfx))?;
        }
    }
    remove_store(from)
}

fn with_suffix(path: &Path, sfx: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(sfx);
    PathBuf::from(s)
}

fn print_tables(opts: &Opts, results: &[Measure]) {
    println!(
        "### invmap whole-command bench ({} runs each, median wall time)\n",
        opts.runs
    );
    println!("| links | operation | pairs | median s | min–max s | rows/s | peak RSS MiB |");
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for m in results {
        let pairs = m.pairs.map(label).unwrap_or_default();
        let Some(med) = m.median() else {
            let e = m.error.as_deref().unwrap_or("no run");
            println!(
                "| {} | {} | {pairs} | failed: {} | | | |",
                label(m.links),
                m.op,
                e.replace('|', "/").replace('\n', " ")
            );
            continue;
        };
        let min = m.times.iter().copied().fold(f64::INFINITY, f64::min);
        let max = m.times.iter().copied().fold(0.0, f64::max);
        let rate = m
            .rows
            .map(|r| thousands(r as f64 / med))
            .unwrap_or_default();
        println!(
            "| {} | {} | {pairs} | {med:.3} | {min:.3}–{max:.3} | {rate} | {:.1} |",
            label(m.links),
            m.op,
            m.rss_mib
        );
    }
    curves(results);
    bounds(results);
    for m in results.iter().filter(|m| m.error.is_some()) {
        println!(
            "\nFAILED {} at {} links: {}",
            m.op,
            label(m.links),
            m.error.as_deref().unwrap_or_default()
        );
    }
}

/// Median seconds by operation (rows) and store size (columns).
fn curves(results: &[Measure]) {
    let mut sizes: Vec<u64> = results.iter().map(|m| m.links).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let mut rows: BTreeMap<(usize, u64), BTreeMap<u64, f64>> = BTreeMap::new();
    for m in results {
        if let Some(t) = m.median() {
            let order = OPS.iter().position(|o| *o == m.op).unwrap_or(OPS.len());
            rows.entry((order, m.pairs.unwrap_or(0)))
                .or_default()
                .insert(m.links, t);
        }
    }
    println!("\n### Curves: median seconds by store size\n");
    let head: Vec<String> = sizes
        .iter()
        .map(|s| format!("{} links", label(*s)))
        .collect();
    println!("| operation | {} |", head.join(" | "));
    println!("|---|{}", "---:|".repeat(sizes.len()));
    for ((order, pairs), by_size) in rows {
        let name = match pairs {
            0 => OPS.get(order).copied().unwrap_or("?").to_string(),
            p => format!("{} {} pairs", OPS[order], label(p)),
        };
        let cells: Vec<String> = sizes
            .iter()
            .map(|s| {
                by_size
                    .get(s)
                    .map(|t| format!("{t:.3}"))
                    .unwrap_or_else(|| "–".into())
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
}

/// The bounds of issue 6, from whatever sizes and batches were measured.
fn bounds(results: &[Measure]) {
    let med = |op: &str, links: u64, pairs: Option<u64>| {
        results
            .iter()
            .find(|m| m.op == op && m.links == links && m.pairs == pairs)
            .and_then(Measure::median)
    };
    let mut sizes: Vec<u64> = results.iter().map(|m| m.links).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let mut lines = Vec::new();
    if let (Some(&small), Some(&big)) = (sizes.first(), sizes.last())
        && big > small
    {
        for op in ["single", "route"] {
            if let (Some(a), Some(b)) = (med(op, small, None), med(op, big, None)) {
                lines.push((
                    format!("{op}: {} links ÷ {} links", label(big), label(small)),
                    b / a,
                    2.0,
                ));
            }
        }
    }
    for op in ["unbind", "rollback"] {
        // at the largest store that ran both batches
        let at = sizes.iter().rev().find(|&&s| {
            med(op, s, Some(1_000_000)).is_some() && med(op, s, Some(100_000)).is_some()
        });
        if let Some(&s) = at {
            let (a, b) = (
                med(op, s, Some(100_000)).unwrap_or(1.0),
                med(op, s, Some(1_000_000)).unwrap_or(0.0),
            );
            lines.push((
                format!("{op}: 1M pairs ÷ 100k pairs ({} links)", label(s)),
                b / a,
                12.0,
            ));
        }
    }
    if let Some(&big) = sizes.last() {
        let peak = results
            .iter()
            .filter(|m| m.links == big)
            .map(|m| (m.rss_mib, m.op.clone(), m.pairs))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((rss, op, pairs)) = peak {
            let pairs = pairs
                .map(|p| format!(" {} pairs", label(p)))
                .unwrap_or_default();
            lines.push((
                format!("peak RSS at {} links, MiB (max: {op}{pairs})", label(big)),
                rss,
                MAX_RSS_MIB,
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    println!("\n### Bounds (issue 6)\n");
    println!("| bound | measured | limit | holds |");
    println!("|---|---:|---:|---|");
    for (name, value, limit) in lines {
        let holds = if value <= limit { "yes" } else { "**no**" };
        println!("| {name} | {value:.2} | {limit} | {holds} |");
    }
}

/// `1234567.8` → `1,234,568`.
fn thousands(v: f64) -> String {
    let s = format!("{:.0}", v);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
