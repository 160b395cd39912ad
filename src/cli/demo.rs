//! `invmap demo`: build a realistic sample store and walk through the whole workflow —
//! export → backup → dry run → refusal → unbind → audit → rollback — running the real
//! commands and printing each one as an operator would type it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Parser;

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
}

fn step(title: &'static str, why: &'static str, argv: &[&str]) -> Step {
    Step {
        title,
        why,
        argv: argv.iter().map(|a| a.to_string()).collect(),
    }
}

fn walkthrough(ctx: &Ctx, w: &demo::Walkthrough, data_dir: &Path) -> Result<()> {
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
                &crate::domain::values::stored(ctx.now - chrono::Duration::minutes(5)),
                "--to",
                &crate::domain::values::stored(ctx.now + chrono::Duration::hours(2)),
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
            "Consistency report",
            "Finds the leftovers an operator should look at (exit 3 when it finds any).",
            &["check"],
        ),
        step(
            "Metrics after the changes",
            "Accuracy, fulfilment, stockouts, complaints, delivery, turnover, safety stock, ABC (the README, Metrics and the report).",
            &["metrics", "--top", "5"],
        ),
        step(
            "Judge the single unbind",
            "Before/after for the pair it touched; \"observing\" until the observation period has passed.",
            &["metrics", "--change", "last"],
        ),
        step(
            "The report for the manager",
            "One self-contained HTML page: figures, alerts, charts, the latest change.",
            &["report", "-o", &report],
        ),
    ];
    for (i, s) in steps.iter().enumerate() {
        println!("\n── Step {}: {} ──\n{}", i + 1, s.title, s.why);
        println!("$ invmap {}", super::shell_words(&s.argv));
        let code = run_step(ctx, &s.argv);
        if code != 0 {
            println!("(exit {code})");
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

/// Runs one command in this process, exactly as the binary would (errors printed the same).
fn run_step(ctx: &Ctx, argv: &[String]) -> u8 {
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
