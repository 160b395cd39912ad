//! `invmap report -o FILE.html`: the metrics of a window and the before/after of a change on
//! one self-contained page (see `report::html`), measured by `ops::compare`, written
//! atomically.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::Ctx;
use super::metrics::window_days;
use crate::csvio::atomic::AtomicFile;
use crate::ops::compare::{self, Settings};
use crate::report::html::{Page, render};
use crate::store::OpenMode;

/// Write an HTML report: headline figures with alerts, the 7-day fulfilment curve with
/// changes marked, stock by warehouse, the ABC split with storage cost, and the before/after
/// table of the latest change (or --change N).
///
/// The page has no script and loads nothing from the network: open it offline, mail it,
/// print it. The figures are those of `invmap metrics` (see the README, Metrics and the report).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The HTML file to write (replaced atomically)
    #[arg(short = 'o', long = "output", value_name = "FILE.html")]
    pub output: PathBuf,
    /// The change whose before/after table to show [default: the latest]
    #[arg(long, value_name = "ID")]
    pub change: Option<i64>,
    /// First day of the window (YYYY-MM-DD, included)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last day of the window (YYYY-MM-DD, included) [default: today]
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Days on each side of the change
    #[arg(long, default_value = "7d")]
    pub window: String,
    /// How many products the lists show
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
    let store = opened.into_metrics();
    let store = store.as_ref();
    store.cache_for_streaming()?;
    let settings = Settings::read(store)?;
    let w = compare::calendar_window(ctx.now, &settings, args.since, args.until)?;
    let latest = store.changes(Some(1))?.first().map(|c| c.id);
    let change = match args.change.or(latest) {
        Some(id) => Some((id, window_days(&args.window)?)),
        None => None,
    };
    let o = compare::overview(store, ctx.now, &settings, w, change)?;
    let page = Page {
        // A server's URL without its password.
        store: crate::store::postgres::redact(&ctx.db.display().to_string()),
        generated_at: ctx.now_text().to_string(),
        metrics: &o.metrics,
        marks: o.marks,
        comparison: o.comparison.as_ref(),
        top: args.top,
    };
    let mut file = AtomicFile::create(&args.output)?;
    file.write_all(render(&page).as_bytes())
        .with_context(|| crate::tr!("cli-cannot-write", path = &args.output.display()))?;
    file.commit()?;
    ctx.say(&crate::tr!(
        "cli-report-wrote",
        path = &args.output.display()
    ));
    Ok(0)
}
