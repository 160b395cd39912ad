//! `invmap report -o FILE.html`: the metrics of a window and the before/after of a change on
//! one self-contained page (see `report::html`), written atomically.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};

use super::Ctx;
use super::metrics::{
    Settings, calendar_window, judge, measure_windows, plan_comparison, window_days,
};
use crate::csvio::atomic::AtomicFile;
use crate::metrics::rows::Scope;
use crate::metrics::window::Window;
use crate::report::html::{Mark, Page, render};
use crate::store::{OpenMode, Store};

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
    let store = ctx.open(OpenMode::Existing)?;
    store.cache_for_streaming()?;
    let settings = Settings::read(&store)?;
    let w = calendar_window(ctx.now, &settings, args.since, args.until)?;
    let latest = store.changes(Some(1))?.first().map(|c| c.id);
    let plan = match args.change.or(latest) {
        Some(id) => {
            let days = window_days(&args.window)?;
            Some(plan_comparison(
                &store, ctx.now, &settings, id, days, false,
            )?)
        }
        None => None,
    };
    // The window and the change's two sides in one measurement: one copy of the products
    // and one pass over the links for the three.
    let mut sides = vec![(w, Scope::All)];
    sides.extend(plan.iter().flat_map(|p| p.sides()));
    let mut measured = measure_windows(&store, &sides, &settings.thresholds)?.into_iter();
    let metrics = measured.next().expect("the window is measured");
    let comparison = match (plan, measured.next(), measured.next()) {
        (Some(plan), Some(before), Some(after)) => {
            Some(judge(&store, ctx.now, &settings, plan, before, after)?)
        }
        _ => None,
    };
    let page = Page {
        store: ctx.db.display().to_string(),
        generated_at: ctx.now_text().to_string(),
        metrics: &metrics,
        marks: marks(&store, &w)?,
        comparison: comparison.as_ref(),
        top: args.top,
    };
    let mut file = AtomicFile::create(&args.output)?;
    file.write_all(render(&page).as_bytes())
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    file.commit()?;
    ctx.say(&format!(
        "Wrote {} — open it in a browser (it works offline).",
        args.output.display()
    ));
    Ok(0)
}

/// The changes that fall inside the window, placed on its day slots.
fn marks(store: &Store, w: &Window) -> Result<Vec<Mark>> {
    let mut out = Vec::new();
    for c in store.changes(None)? {
        let Ok(at) = DateTime::parse_from_rfc3339(&c.at) else {
            continue;
        };
        let at = at.with_timezone(&Utc);
        if w.contains(at) {
            let day = (at - w.start).num_seconds() as f64 / 86_400.0;
            out.push(Mark { id: c.id, at, day });
        }
    }
    Ok(out)
}
