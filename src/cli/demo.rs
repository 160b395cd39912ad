//! `invmap demo`: build a realistic sample store and walk through the whole workflow —
//! export → backup → dry run → refusal → unbind → audit → rollback — running the real
//! commands and printing each one as an operator would type it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;

use super::demo_scenes::{Prep, prepare};
use super::import::{Kind, import_file};
use super::{Cli, Ctx};
use crate::csvio::read::{CsvInput, ReadOptions};
use crate::demo::{self, DemoSpec};
use crate::store::OpenMode;

/// Build a sample store (warehouses in several regions, thousands of SKUs, 90 days of
/// orders, cycle counts, complaints) and walk through the workflow on it.
///
/// Deterministic for a given --seed. The CSV files it loads are left in a folder beside the
/// store (`<store>-data/`) to look at or re-use. Refuses to overwrite an existing store.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Seed of the sample data (same seed, same store)
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// How many SKUs (50 to 10,000,000)
    #[arg(long, default_value_t = demo::DEFAULT_SKUS as u64,
          value_parser = clap::value_parser!(u64).range(demo::MIN_SKUS as u64..=10_000_000))]
    pub skus: u64,
    /// Build the store only; skip the walkthrough
    #[arg(long)]
    pub no_walkthrough: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    refuse_existing(&ctx.db)?;
    let data_dir = data_dir(&ctx.db);
    // The data ends yesterday, so nothing in it lies after "now".
    let today = (ctx.now - chrono::Duration::days(1)).date_naive();
    let spec = DemoSpec {
        skus: args.skus as usize,
        ..DemoSpec::new(args.seed, today)
    };
    let started = std::time::Instant::now();
    let files = demo::generate(&spec, &data_dir)?;
    let mut store = ctx.open(OpenMode::CreateIfMissing)?;
    let loads = [
        (Kind::Warehouses, &files.warehouses),
        (Kind::Products, &files.products),
        (Kind::Mappings, &files.mappings),
        (Kind::Orders, &files.orders),
        (Kind::Counts, &files.counts),
        (Kind::Complaints, &files.complaints),
    ];
    let quiet = Ctx {
        quiet: true,
        ..ctx.clone()
    };
    for (kind, path) in loads {
        let mut input = CsvInput::open(path, kind.fields(), &ReadOptions::default())?;
        import_file(
            &quiet,
            &mut store,
            kind,
            &mut input,
            Some("demo data"),
            None,
        )?;
    }
    drop(store);
    let s = files.stats;
    println!(
        "Built {} in {:.1} s from the CSV files in {}/ (seed {}):",
        ctx.db.display(),
        started.elapsed().as_secs_f64(),
        data_dir.display(),
        args.seed
    );
    println!(
        "  {} warehouses in {} regions, {} SKUs, {} links, {} orders over {} days ({} open),\n  {} cycle counts, {} complaints.",
        s.warehouses,
        s.regions,
        s.skus,
        s.links,
        s.orders,
        spec.days,
        s.open_orders,
        s.counts,
        s.complaints
    );
    if args.no_walkthrough {
        return Ok(0);
    }
    walkthrough(ctx, &files.walkthrough, &data_dir)?;
    Ok(0)
}

/// A store is never overwritten: the demo only builds new ones.
fn refuse_existing(db: &Path) -> Result<()> {
    if db.metadata().map(|m| m.len() > 0).unwrap_or(false) {
        bail!(
            "{} already exists and is not empty: the demo builds a new store — give another path with --db, or remove that file first",
            db.display()
        );
    }
    Ok(())
}

/// `shop.db` → `shop-data/`, beside the store.
fn data_dir(db: &Path) -> PathBuf {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("invmap");
    db.with_file_name(format!("{stem}-data"))
}

/// One step of the walkthrough: what it shows, and the command as an operator types it.
struct Step {
    title: &'static str,
    why: &'static str,
    argv: Vec<String>,
    /// Hours after the walkthrough began: the clock moves on for observation periods.
    at_hours: i64,
    /// A file to write from the store as it is just before the step.
    prep: Option<Prep>,
    /// Remember the newest change (`{NAME}` in later steps' arguments), or with a `plan:`
    /// prefix the newest plan.
    remember: Vec<&'static str>,
}

fn step(title: &'static str, why: &'static str, argv: &[&str]) -> Step {
    Step {
        title,
        why,
        argv: argv.iter().map(|a| a.to_string()).collect(),
        at_hours: 0,
        prep: None,
        remember: Vec::new(),
    }
}

impl Step {
    fn at(self, hours: i64) -> Step {
        Step {
            at_hours: hours,
            ..self
        }
    }
    fn after(self, prep: Prep) -> Step {
        Step {
            prep: Some(prep),
            ..self
        }
    }
    fn remember(mut self, name: &'static str) -> Step {
        self.remember.push(name);
        self
    }
}

/// When the walkthrough's spring comes (hours after it began), and its last steps: after the
/// way back's observation period, inside the data's last 30 days.
const SPRING: i64 = 24 * 4;
const LAST: i64 = SPRING + 73;
/// How many days before the clock the walk begins (its last steps, LAST hours in, stay
/// before the end of the data).
const WALK_DAYS: i64 = 8;

fn walkthrough(ctx: &Ctx, w: &demo::Walkthrough, data_dir: &Path) -> Result<()> {
    // The walk begins a week and a day before the data ends, so that the changes it makes
    // have real orders after them and the verdicts at its end judge real figures.
    let begin = ctx.now - chrono::Duration::days(WALK_DAYS);
    let dir = data_dir.display().to_string();
    let template = data_dir.join("unbind.csv");
    write_template(&template, w)?;
    let template = template.display().to_string();
    let (open_sku, open_wh) = (&w.open_order_pair.0, &w.open_order_pair.1);
    let (safe_sku, safe_wh) = (&w.safe_pairs[0].0, &w.safe_pairs[0].1);
    let single = [
        "unbind",
        "--sku",
        safe_sku,
        "--warehouse",
        safe_wh,
        "--reason",
        "demo: single",
    ];
    let report = format!("{dir}/report.html");
    let steps = vec![
        step(
            "Look at the warehouses",
            "Links and stock per warehouse; one is closed.",
            &["warehouse", "list"],
        ),
        step(
            "Export before the change",
            "The sheet to keep: every SKU with its stock per warehouse.",
            &["export", "skus", "-o", &format!("{dir}/before.csv")],
        ),
        step(
            "Back up before the change",
            "A verified snapshot of the links (restore with `invmap restore`).",
            &["backup", "-o", &format!("{dir}/before.db")],
        ),
        step(
            "Where do orders for a SKU go?",
            "The routing order: active links first, then priority, then stock.",
            &["route", "--sku", open_sku],
        ),
        step(
            "A pair with open orders is refused",
            "Nothing changes; the message names the rule and the way out.",
            &[
                "unbind",
                "--sku",
                open_sku,
                "--warehouse",
                open_wh,
                "--reason",
                "demo",
            ],
        ),
        step(
            "Dry run of a batch",
            "Exactly what would change, and every refusal — without changing anything.",
            &["unbind", "--from-csv", &template, "--dry-run"],
        ),
        step(
            "Apply the batch",
            "One transaction: rollback point, audit entries, then the deletes and the transfer.",
            &[
                "unbind",
                "--from-csv",
                &template,
                "--reason",
                "demo: consolidate stock",
                "--ticket",
                "OPS-1042",
                "--report",
                &format!("{dir}/unbind-report.csv"),
            ],
        ),
        step(
            "The rollback points",
            "Every change, who made it, and why.",
            &["changes"],
        ),
        step(
            "Is the audit trail intact?",
            "Recompute the hash chain.",
            &["audit", "verify"],
        ),
        step(
            "Undo the batch",
            "Restores the before-images, as a new change (which can be undone too).",
            &["rollback", "last", "--reason", "demo: undo"],
        ),
        step(
            "Two-person control: big batches need a plan",
            "With approval_threshold set, a batch larger than it is refused…",
            &["settings", "set", "approval_threshold", "2"],
        ),
        step(
            "The batch is refused now",
            "It has more pairs than the threshold: exit 3, nothing changed, and the way out.",
            &[
                "unbind",
                "--from-csv",
                &template,
                "--reason",
                "demo: consolidate stock",
            ],
        ),
        step(
            "…so the batch becomes a plan",
            "The pairs and options are stored and checked; nothing changes yet.",
            &[
                "plan",
                "create",
                "--from-csv",
                &template,
                "--reason",
                "demo: consolidate stock",
            ],
        ),
        step(
            "The creator cannot approve their own plan",
            "Refused (exit 3): a second person must look at it.",
            &["plan", "approve", "1"],
        ),
        step(
            "A supervisor approves it",
            "--operator records who (it is a record, not authentication).",
            &["--operator", "supervisor", "plan", "approve", "1"],
        ),
        step(
            "Apply the approved plan",
            "Every check runs again; the change records creator and approver.",
            &["plan", "apply", "1"],
        ),
        step(
            "A blackout window for a promotion",
            "While it is open, every change is refused unless --override-window --reason.",
            &[
                "blackout",
                "add",
                "--from",
                &crate::domain::values::stored(begin - chrono::Duration::minutes(5)),
                "--to",
                &crate::domain::values::stored(begin + chrono::Duration::hours(2)),
                "--reason",
                "demo: flash sale",
            ],
        ),
        step(
            "A change inside the window is refused",
            "Nothing changes; the message names the window.",
            &single,
        ),
        step(
            "The promotion is over",
            "Removing the window is recorded in the audit trail too.",
            &["blackout", "remove", "1"],
        ),
        step("A single unbind", "The everyday case.", &single),
        step(
            "A bar for a shop this size",
            "From here on, changes above 200 pairs need a second person.",
            &["settings", "set", "approval_threshold", "200"],
        ),
        step(
            "Reconcile with the warehouse system",
            "The WMS export (旺店通 columns) against the store: links only here, only there, stock that differs (exit 3 when they differ).",
            &["reconcile", &format!("{dir}/wms.csv")],
        )
        .after(Prep::Wms),
        step(
            "Adopt the WMS's count",
            "Recorded as one audited change, judged like any other (and undone by rollback).",
            &[
                "reconcile",
                &format!("{dir}/wms.csv"),
                "--adopt",
                "--reason",
                "the WMS cycle count is right",
            ],
        )
        .remember("wms"),
        step(
            "Seasonal migration: winter stock south, in two stages",
            "Half the moves now; the rest once this change's verdict is ok (run-due, after the observation period).",
            &[
                "move",
                "--from-csv",
                &format!("{dir}/winter.csv"),
                "--stages",
                "50%,100%",
                "--reason",
                "winter: stock south",
            ],
        )
        .after(Prep::Winter)
        .remember("winter"),
        step(
            "Region exit: Chengdu closes, Chongqing takes over the West",
            "One plan: every link's stock to CQ01, links with open orders drained, CD01 closed when the last drain ends.",
            &[
                "plan",
                "create",
                "--exit",
                "CD01",
                "--to",
                "CQ01",
                "--reason",
                "leaving Chengdu",
            ],
        )
        .remember("plan:exit"),
        step(
            "A supervisor approves the exit",
            "Above the bar, so a second person looks at it.",
            &["--operator", "supervisor", "plan", "approve", "{exit}"],
        ),
        step(
            "Apply the exit",
            "Stock moves to CQ01 now; CD01 takes no new orders; its open orders still ship from it.",
            &["plan", "apply", "{exit}"],
        )
        .remember("chengdu"),
        step(
            "Empty the closed overflow warehouse",
            "TJ01 was closed with links left: an exit by route moves them out (it is closed already).",
            &["warehouse", "exit", "TJ01", "--by-route", "--reason", "empty the overflow"],
        ),
        step(
            "A day later: CD01's open orders have shipped",
            "The shop's next order export, imported (a known order id updates its status).",
            &["import", "orders", &format!("{dir}/cd01-shipped.csv")],
        )
        .at(24)
        .after(Prep::Shipped),
        step(
            "Three days later: run-due",
            "Finishes the drains (CD01 closes) and applies the migration's second stage, its first stage's verdict being ok.",
            &["run-due"],
        )
        .at(73),
        step(
            "The changes, with their stages",
            "Every rollback point; the migration's stages say which they were.",
            &["changes", "--limit", "8"],
        )
        .at(73),
        step(
            "The verdict on the migration's first stage",
            "Before/after for its SKUs, once the observation period has passed.",
            &["metrics", "--change", "{winter}"],
        )
        .at(73),
        step(
            "The verdict on Chengdu's exit",
            "The same for every pair the exit touched.",
            &["metrics", "--change", "{chengdu}"],
        )
        .at(73),
        step(
            "The verdict on the adopted WMS count",
            "And for the three links the reconciliation changed.",
            &["metrics", "--change", "{wms}"],
        )
        .at(73),
        step(
            "Spring: the way back",
            "(The demo's spring comes early.) Reverse writes the templates that take the whole migration back, both stages, to review.",
            &["reverse", "{winter}", "-o", &format!("{dir}/spring")],
        )
        .at(SPRING),
        step(
            "Apply the way back",
            "A new change: the winter stock goes north again.",
            &[
                "move",
                "--from-csv",
                &format!("{dir}/spring.moves.csv"),
                "--reason",
                "spring: stock back north",
            ],
        )
        .at(SPRING),
        step(
            "Consistency report",
            "Finds the leftovers an operator should look at (exit 3 when it finds any).",
            &["check"],
        )
        .at(LAST),
        step(
            "Metrics after the changes",
            "Accuracy, fulfilment, stockouts, complaints, delivery, turnover, safety stock, ABC (the README, Metrics and the report).",
            &["metrics", "--top", "5"],
        )
        .at(LAST),
        step(
            "Judge the way back",
            "Before/after for the SKUs it touched, its observation period over.",
            &["metrics", "--change", "last"],
        )
        .at(LAST),
        step(
            "A week on: the verdict on Chengdu's exit",
            "Complete days on each side, with the orders of every SKU it touched.",
            &["metrics", "--change", "{chengdu}"],
        )
        .at(LAST),
        step(
            "The report for the manager",
            "One self-contained HTML page: figures, alerts, charts, and the exit's before/after.",
            &["report", "-o", &report, "--change", "{chengdu}"],
        )
        .at(LAST),
    ];
    let mut names: Vec<(String, String)> = Vec::new();
    let mut clock = 0;
    for (i, s) in steps.iter().enumerate() {
        let at = ctx.at(begin + chrono::Duration::hours(s.at_hours));
        let moved = if i == 0 {
            format!(" (the walk's clock: {})", at.now_text())
        } else if s.at_hours != clock {
            clock = s.at_hours;
            format!(" (the clock moves on: {})", at.now_text())
        } else {
            String::new()
        };
        println!("\n── Step {}: {} ──{moved}\n{}", i + 1, s.title, s.why);
        if let Some(prep) = s.prep {
            prepare(&at, prep, data_dir)?;
        }
        let argv: Vec<String> = s.argv.iter().map(|a| filled(a, &names)).collect();
        println!("$ invmap {}", super::shell_words(&argv));
        let code = run_step(&at, &argv);
        if code != 0 {
            println!("(exit {code})");
        }
        for name in &s.remember {
            names.push(remembered(ctx, name)?);
        }
    }
    println!("\nOpen the report in a browser: {report}");
    println!("\nTry next:");
    println!("  invmap --db {} changes show 3", ctx.db.display());
    println!("  invmap --db {} plan show 1", ctx.db.display());
    println!("  invmap --db {} audit --sku {safe_sku}", ctx.db.display());
    println!(
        "  invmap --db {} restore {dir}/before.db --dry-run",
        ctx.db.display()
    );
    println!(
        "  invmap --db {} export mappings -o {dir}/mappings-now.csv",
        ctx.db.display()
    );
    Ok(())
}

/// `{NAME}` in a step's argument: what an earlier step remembered.
fn filled(arg: &str, names: &[(String, String)]) -> String {
    names.iter().fold(arg.to_string(), |a, (k, v)| {
        a.replace(&format!("{{{k}}}"), v)
    })
}

/// The newest change (or, for `plan:NAME`, the newest plan) under its name.
fn remembered(ctx: &Ctx, name: &str) -> Result<(String, String)> {
    let store = ctx.open(OpenMode::ReadOnly)?;
    Ok(match name.strip_prefix("plan:") {
        Some(plan) => (
            plan.to_string(),
            store
                .plans(1)?
                .first()
                .map(|p| p.id)
                .unwrap_or(0)
                .to_string(),
        ),
        None => (
            name.to_string(),
            store
                .changes(Some(1))?
                .first()
                .map(|c| c.id)
                .unwrap_or(0)
                .to_string(),
        ),
    })
}

/// Runs one command in this process, exactly as the binary would (errors printed the same).
pub fn run_step(ctx: &Ctx, argv: &[String]) -> u8 {
    use std::io::Write;
    let mut full = vec![
        "invmap".to_string(),
        "--db".into(),
        ctx.db.display().to_string(),
    ];
    full.extend(argv.iter().cloned());
    let outcome = Cli::try_parse_from(&full)
        .map_err(anyhow::Error::from)
        .and_then(|cli| {
            let step_ctx = Ctx {
                command_line: super::shell_words(&full),
                operator: cli.operator.clone().unwrap_or_else(|| ctx.operator.clone()),
                override_window: cli.override_window,
                ..ctx.clone()
            };
            super::dispatch(&step_ctx, cli.command)
        });
    let _ = std::io::stdout().flush();
    match outcome {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            crate::error::exit_code(&err)
        }
    }
}

/// The batch of the walkthrough: the safe pairs, and the stocked pair with its transfer.
fn write_template(path: &Path, w: &demo::Walkthrough) -> Result<()> {
    let mut text = String::from("product_id,warehouse_code,transfer_to,reason\n");
    for (sku, wh) in w.safe_pairs.iter().skip(1) {
        text.push_str(&format!("{sku},{wh},,no sales from this warehouse\n"));
    }
    let (sku, wh, to) = &w.stocked_pair;
    text.push_str(&format!("{sku},{wh},{to},consolidate stock in {to}\n"));
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
