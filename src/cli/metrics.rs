//! `invmap metrics`: the figures of SPEC §7 over a window, or before/after a change.
//!
//! Parses the window and the change, has the engine measure them (`ops::compare`), and prints
//! through `report::metrics`: a table for people, json for machines, csv for the per-product
//! lists.

use std::io::IsTerminal;

use anyhow::Result;
use chrono::NaiveDate;

use super::Ctx;
use crate::error::{InputError, UsageError};
use crate::metrics::rows::Scope;
use crate::metrics::window;
use crate::ops::compare::{self, Settings};
use crate::report::metrics as view;
use crate::store::OpenMode;

/// Show inventory accuracy, fulfilment, stockouts, complaints, delivery time, turnover,
/// safety stock, ABC classes and storage cost — or judge one change by them.
///
/// The window is [--since 00:00, --until + 1 day 00:00) in the `timezone` setting (default:
/// the 30 days ending today). `--change N` compares the complete days before change N's day
/// with as many complete days after it (at most --window), for the SKUs it touched at every
/// warehouse (`--all`: the whole store), and gives the verdict once the observation period
/// (setting `observation_hours`, 72) has passed: a rate needs `min_sample` orders on each
/// side and a difference significant at 95 % past its threshold before it alerts.
/// `invmap report -o FILE.html` puts the same figures on one page; see the README, Metrics and the report.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day of the window (YYYY-MM-DD, included)
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Last day of the window (YYYY-MM-DD, included) [default: today]
    #[arg(long, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Compare before and after this change (an id, or `last` for the newest)
    #[arg(long, value_name = "ID")]
    pub change: Option<String>,
    /// The most complete days on each side of --change
    #[arg(long, default_value = "7d", requires = "change")]
    pub window: String,
    /// With --change: rates over the whole store, not only the SKUs the change touched
    #[arg(long, requires = "change")]
    pub all: bool,
    /// How many products the table lists per section (json and csv list them all)
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
    let store = opened.into_metrics();
    let store = store.as_ref();
    store.cache_for_streaming()?;
    let settings = Settings::read(store)?;
    let mut out = std::io::stdout().lock();
    // Red alerts on a terminal only, and not when NO_COLOR is set.
    let colour = out.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if let Some(id) = &args.change {
        let newest = || Ok(store.changes(Some(1))?.first().map(|c| c.id));
        let id = super::change_id_with(newest, "--change", id)?;
        if args.since.is_some() || args.until.is_some() {
            return Err(UsageError(crate::tr!("cli-metrics-change-and-window")).into());
        }
        let days = window_days(&args.window)?;
        let plan = compare::plan_comparison(store, ctx.now, &settings, id, days, args.all)?;
        let c = compare::compare(store, ctx.now, &settings, plan)?;
        view::print_comparison(&mut out, ctx.format, &c, colour)?;
        return Ok(0);
    }
    let w = compare::calendar_window(ctx.now, &settings, args.since, args.until)?;
    let metrics = compare::measure(store, &w, Scope::All, &settings.thresholds)?;
    view::print_metrics(&mut out, ctx.format, &metrics, args.top, colour)?;
    Ok(0)
}

/// `--window 7d`: the days on each side of a change.
pub fn window_days(text: &str) -> Result<i64> {
    Ok(window::parse_days(text)
        .map_err(|e| InputError::single("command line", "--window", text, &e))?)
}
