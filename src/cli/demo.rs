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
use crate::tr;

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
    if crate::store::postgres::is_server(&ctx.db.to_string_lossy()) {
        return on_server(ctx, args);
    }
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
    let secs = format!("{:.1}", started.elapsed().as_secs_f64());
    println!(
        "{}",
        tr!(
            "demo-built",
            path = &ctx.db.display(),
            secs = &secs,
            dir = &data_dir.display(),
            seed = &args.seed
        )
    );
    // Fluent drops a value's leading spaces: the indent is the code's.
    println!(
        "  {}",
        tr!(
            "demo-built-data",
            warehouses = s.warehouses,
            regions = s.regions,
            skus = s.skus,
            links = s.links,
            orders = s.orders,
            days = spec.days,
            open = s.open_orders
        )
    );
    println!(
        "  {}",
        tr!(
            "demo-built-records",
            counts = s.counts,
            complaints = s.complaints
        )
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
        bail!("{}", tr!("demo-store-exists", path = &db.display()));
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
    title: String,
    why: String,
    argv: Vec<String>,
    /// Hours after the walkthrough began: the clock moves on for observation periods.
    at_hours: i64,
    /// A file to write from the store as it is just before the step.
    prep: Option<Prep>,
    /// Remember the newest change (`{NAME}` in later steps' arguments), or with a `plan:`
    /// prefix the newest plan.
    remember: Vec<&'static str>,
}

fn step(title: String, why: String, argv: &[&str]) -> Step {
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
            tr!("demo-step-warehouses"),
            tr!("demo-step-warehouses-why"),
            &["warehouse", "list"],
        ),
        step(
            tr!("demo-step-export"),
            tr!("demo-step-export-why"),
            &["export", "skus", "-o", &format!("{dir}/before.csv")],
        ),
        step(
            tr!("demo-step-backup"),
            tr!("demo-step-backup-why"),
            &["backup", "-o", &format!("{dir}/before.db")],
        ),
        step(
            tr!("demo-step-route"),
            tr!("demo-step-route-why"),
            &["route", "--sku", open_sku],
        ),
        step(
            tr!("demo-step-refused"),
            tr!("demo-step-refused-why"),
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
            tr!("demo-step-dry-run"),
            tr!("demo-step-dry-run-why"),
            &["unbind", "--from-csv", &template, "--dry-run"],
        ),
        step(
            tr!("demo-step-apply"),
            tr!("demo-step-apply-why"),
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
            tr!("demo-step-changes"),
            tr!("demo-step-changes-why"),
            &["changes"],
        ),
        step(
            tr!("demo-step-audit"),
            tr!("demo-step-audit-why"),
            &["audit", "verify"],
        ),
        step(
            tr!("demo-step-undo"),
            tr!("demo-step-undo-why"),
            &["rollback", "last", "--reason", "demo: undo"],
        ),
        step(
            tr!("demo-step-approval"),
            tr!("demo-step-approval-why"),
            &["settings", "set", "approval_threshold", "2"],
        ),
        step(
            tr!("demo-step-batch-refused"),
            tr!("demo-step-batch-refused-why"),
            &[
                "unbind",
                "--from-csv",
                &template,
                "--reason",
                "demo: consolidate stock",
            ],
        ),
        step(
            tr!("demo-step-plan"),
            tr!("demo-step-plan-why"),
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
            tr!("demo-step-own-plan"),
            tr!("demo-step-own-plan-why"),
            &["plan", "approve", "1"],
        ),
        step(
            tr!("demo-step-supervisor"),
            tr!("demo-step-supervisor-why"),
            &["--operator", "supervisor", "plan", "approve", "1"],
        ),
        step(
            tr!("demo-step-plan-apply"),
            tr!("demo-step-plan-apply-why"),
            &["plan", "apply", "1"],
        ),
        step(
            tr!("demo-step-blackout"),
            tr!("demo-step-blackout-why"),
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
            tr!("demo-step-in-window"),
            tr!("demo-step-in-window-why"),
            &single,
        ),
        step(
            tr!("demo-step-promotion-over"),
            tr!("demo-step-promotion-over-why"),
            &["blackout", "remove", "1"],
        ),
        step(
            tr!("demo-step-single"),
            tr!("demo-step-single-why"),
            &single,
        ),
        step(
            tr!("demo-step-bar"),
            tr!("demo-step-bar-why"),
            &["settings", "set", "approval_threshold", "200"],
        ),
        step(
            tr!("demo-step-reconcile"),
            tr!("demo-step-reconcile-why"),
            &["reconcile", &format!("{dir}/wms.csv")],
        )
        .after(Prep::Wms),
        step(
            tr!("demo-step-adopt"),
            tr!("demo-step-adopt-why"),
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
            tr!("demo-step-migration"),
            tr!("demo-step-migration-why"),
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
            tr!("demo-step-exit"),
            tr!("demo-step-exit-why"),
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
            tr!("demo-step-exit-approve"),
            tr!("demo-step-exit-approve-why"),
            &["--operator", "supervisor", "plan", "approve", "{exit}"],
        ),
        step(
            tr!("demo-step-exit-apply"),
            tr!("demo-step-exit-apply-why"),
            &["plan", "apply", "{exit}"],
        )
        .remember("chengdu"),
        step(
            tr!("demo-step-overflow"),
            tr!("demo-step-overflow-why"),
            &[
                "warehouse",
                "exit",
                "TJ01",
                "--by-route",
                "--reason",
                "empty the overflow",
            ],
        ),
        step(
            tr!("demo-step-shipped"),
            tr!("demo-step-shipped-why"),
            &["import", "orders", &format!("{dir}/cd01-shipped.csv")],
        )
        .at(24)
        .after(Prep::Shipped),
        step(
            tr!("demo-step-run-due"),
            tr!("demo-step-run-due-why"),
            &["run-due"],
        )
        .at(73),
        step(
            tr!("demo-step-stages"),
            tr!("demo-step-stages-why"),
            &["changes", "--limit", "8"],
        )
        .at(73),
        step(
            tr!("demo-step-verdict-migration"),
            tr!("demo-step-verdict-migration-why"),
            &["metrics", "--change", "{winter}"],
        )
        .at(73),
        step(
            tr!("demo-step-verdict-exit"),
            tr!("demo-step-verdict-exit-why"),
            &["metrics", "--change", "{chengdu}"],
        )
        .at(73),
        step(
            tr!("demo-step-verdict-wms"),
            tr!("demo-step-verdict-wms-why"),
            &["metrics", "--change", "{wms}"],
        )
        .at(73),
        step(
            tr!("demo-step-spring"),
            tr!("demo-step-spring-why"),
            &["reverse", "{winter}", "-o", &format!("{dir}/spring")],
        )
        .at(SPRING),
        step(
            tr!("demo-step-spring-apply"),
            tr!("demo-step-spring-apply-why"),
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
            tr!("demo-step-check"),
            tr!("demo-step-check-why"),
            &["check"],
        )
        .at(LAST),
        step(
            tr!("demo-step-metrics"),
            tr!("demo-step-metrics-why"),
            &["metrics", "--top", "5"],
        )
        .at(LAST),
        step(
            tr!("demo-step-verdict-spring"),
            tr!("demo-step-verdict-spring-why"),
            &["metrics", "--change", "last"],
        )
        .at(LAST),
        step(
            tr!("demo-step-verdict-exit-week"),
            tr!("demo-step-verdict-exit-week-why"),
            &["metrics", "--change", "{chengdu}"],
        )
        .at(LAST),
        step(
            tr!("demo-step-report"),
            tr!("demo-step-report-why"),
            &["report", "-o", &report, "--change", "{chengdu}"],
        )
        .at(LAST),
    ];
    let mut names: Vec<(String, String)> = Vec::new();
    let mut clock = 0;
    for (i, s) in steps.iter().enumerate() {
        let at = ctx.at(begin + chrono::Duration::hours(s.at_hours));
        let (n, title, now) = (i + 1, &s.title, at.now_text());
        let header = if i == 0 {
            tr!("demo-header-clock-starts", n = n, title = title, now = &now)
        } else if s.at_hours != clock {
            clock = s.at_hours;
            tr!("demo-header-clock-moves", n = n, title = title, now = &now)
        } else {
            tr!("demo-header", n = n, title = title)
        };
        println!("\n{header}\n{}", s.why);
        if let Some(prep) = s.prep {
            prepare(&at, prep, data_dir)?;
        }
        let argv: Vec<String> = s.argv.iter().map(|a| filled(a, &names)).collect();
        println!("$ invmap {}", super::shell_words(&argv));
        let code = run_step(&at, &argv);
        if code != 0 {
            println!("{}", tr!("demo-exit-code", code = i32::from(code)));
        }
        for name in &s.remember {
            names.push(remembered(ctx, name)?);
        }
    }
    println!("\n{}", tr!("demo-open-report", path = &report));
    println!("\n{}", tr!("demo-try-next"));
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
/// `demo --db postgres://…`: the same sample store, built in a scratch file and copied to the
/// server (history included, the audit head checked on both sides). The walkthrough plays
/// several operators (a second person approves a plan), which one role on a server cannot:
/// it runs on a file.
fn on_server(ctx: &Ctx, args: Args) -> Result<u8> {
    let url = crate::store::postgres::ServerUrl::parse(&ctx.db.to_string_lossy())?;
    let mut server = crate::store::postgres::Server::open(&url, true)?;
    let scratch = std::env::temp_dir().join(format!("invmap-demo-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let local = Ctx {
        db: scratch.join("demo.db"),
        ..ctx.clone()
    };
    let built = run(
        &local,
        Args {
            no_walkthrough: true,
            ..args
        },
    )
    .and_then(|_| {
        let store = local.open(OpenMode::ReadOnly)?;
        crate::store::copy::file_to_server(&store, &mut server)
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let copied = built?;
    println!(
        "{}",
        tr!(
            "demo-on-server",
            url = &url,
            links = copied.links,
            entries = copied.audit_entries,
            head = &copied.audit_head
        )
    );
    Ok(0)
}

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
                command_line: super::shell_words(&super::without_passwords(full.iter().cloned())),
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
            let error = format!("{err:#}");
            let _ = writeln!(std::io::stderr(), "{}", tr!("error-line", error = &error));
            crate::error::exit_code(&err)
        }
    }
}

/// The batch of the walkthrough: the safe pairs, and the stocked pair with its transfer.
fn write_template(path: &Path, w: &demo::Walkthrough) -> Result<()> {
    let mut text = String::from("product_id,warehouse_code,transfer_to,reason\n");
    for (sku, wh) in w.safe_pairs.iter().skip(1) {
        // data: the template the demo writes (its reasons are stored with the change)
        text.push_str(&format!("{sku},{wh},,no sales from this warehouse\n"));
    }
    let (sku, wh, to) = &w.stocked_pair;
    // data: the template the demo writes (its reasons are stored with the change)
    text.push_str(&format!("{sku},{wh},{to},consolidate stock in {to}\n"));
    std::fs::write(path, text).with_context(|| tr!("demo-cannot-write", path = &path.display()))
}
