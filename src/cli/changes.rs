//! `invmap changes [show ID]`: the rollback points.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Ctx;
use crate::error::InputError;
use crate::i18n::Text;
use crate::report::{Format, print_list, print_object};
use crate::store::OpenMode;
use crate::store::changes::{ChangeRow, ItemRow};
use crate::{text, tr};

/// List the changes — every one is a rollback point — or show one in detail.
///
/// Undo one with `invmap rollback ID` (or `invmap rollback last`).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub show: Option<Show>,
    /// How many of the newest changes to list
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
}

#[derive(Debug, clap::Subcommand)]
pub enum Show {
    /// One change: who, when, why, from what, who approved it, and the rows it touched.
    Show {
        /// A change id (see `invmap changes`) or `last` (the newest change)
        id: String,
        /// How many touched rows to list in a table (json/csv list them all)
        #[arg(long, default_value_t = 50)]
        rows: i64,
    },
}

/// A change in `--format json`: every field, and its observation state.
#[derive(Serialize)]
struct Full<'a> {
    #[serde(flatten)]
    change: &'a ChangeRow,
    state: Text,
}

/// A line of `invmap changes`.
#[derive(Serialize)]
struct Line<'a> {
    id: i64,
    /// In the store's time zone for people, UTC in csv.
    at: String,
    operator: &'a str,
    kind: &'a str,
    /// Link rows the change touched (pairs, plus the links that received transfers).
    rows: i64,
    reason: &'a str,
    ticket: Option<&'a str>,
    rolled_back_by: Option<i64>,
    /// `observing until T` for `observation_hours` after it landed, then `done`.
    state: Text,
}

/// `changes show` as a table: the line, and what a supervisor asks next — what it undid, the
/// plan it applied and who approved it, and why it landed inside a blackout window.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    line: Line<'a>,
    rolls_back: Option<i64>,
    plan: Option<i64>,
    approved_by: Option<&'a str>,
    override_reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Detail {
    #[serde(flatten)]
    change: ChangeRow,
    items: Vec<ItemRow>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
    let store = opened.history();
    let settings = store.settings()?;
    let hours = settings.observation_hours;
    match args.show {
        None => {
            let changes = store.changes(Some(args.limit))?;
            if ctx.format == Format::Json {
                let full: Vec<Full<'_>> = changes
                    .iter()
                    .map(|c| {
                        Ok(Full {
                            change: c,
                            state: state(store, c, ctx.now, hours, None)?,
                        })
                    })
                    .collect::<Result<_>>()?;
                print_list(&mut std::io::stdout().lock(), ctx.format, &full)?;
            } else {
                let zone = (ctx.format == Format::Table).then_some(settings.timezone);
                let lines: Vec<Line<'_>> = changes
                    .iter()
                    .map(|c| line(store, c, ctx.now, hours, zone.as_ref()))
                    .collect::<Result<_>>()?;
                print_list(&mut std::io::stdout().lock(), ctx.format, &lines)?;
            }
            say_drains(ctx, store, settings.drain_buffer_hours)?;
            say_stages(ctx, store)?;
        }
        Some(Show::Show { id, rows }) => {
            let id = super::change_id(store, "ID", &id)?;
            let Some(change) = store.change(id)? else {
                return Err(InputError::single(
                    "command line",
                    "ID",
                    &id.to_string(),
                    &tr!("cli-changes-no-such-change"),
                )
                .into());
            };
            let limit = if ctx.format == Format::Table {
                rows
            } else {
                -1
            };
            let items = store.change_items(id, limit)?;
            if ctx.format == Format::Table {
                print_object(
                    &mut std::io::stdout().lock(),
                    ctx.format,
                    &Shown {
                        line: line(store, &change, ctx.now, hours, Some(&settings.timezone))?,
                        rolls_back: change.rolls_back,
                        plan: change.plan_id,
                        approved_by: change.approved_by.as_deref(),
                        override_reason: change.override_reason.as_deref(),
                    },
                )?;
                if let Some(src) = &change.source_file {
                    ctx.say(&tr!(
                        "cli-changes-source",
                        source = src,
                        sha256 = change.source_sha256.as_deref().unwrap_or(""),
                    ));
                }
                ctx.say(&tr!("cli-changes-command", command = &change.command_line));
                if let Some(head) = store.head_after_change(id)? {
                    ctx.say(&tr!("cli-changes-head-after", head = &head));
                }
                print_list(&mut std::io::stdout().lock(), ctx.format, &items)?;
                if change.pairs > rows {
                    ctx.say(&tr!(
                        "cli-changes-first-rows",
                        shown = rows,
                        total = change.pairs,
                    ));
                }
            } else {
                print_object(
                    &mut std::io::stdout().lock(),
                    ctx.format,
                    &Detail { change, items },
                )?;
            }
        }
    }
    Ok(0)
}

fn line<'a>(
    store: &mut dyn crate::store::History,
    c: &'a ChangeRow,
    now: DateTime<Utc>,
    observation_hours: i64,
    zone: Option<&crate::domain::zone::Zone>,
) -> Result<Line<'a>> {
    let shown = |t: &str| zone.map_or_else(|| t.to_string(), |z| z.show_stored(t));
    let state = state(store, c, now, observation_hours, zone)?;
    Ok(Line {
        id: c.id,
        at: shown(&c.at),
        operator: &c.operator,
        kind: &c.kind,
        rows: c.pairs,
        reason: &c.reason,
        ticket: c.ticket.as_deref(),
        rolled_back_by: c.rolled_back_by,
        state,
    })
}

/// The observation, after the stage of a batch the change applied (`stage 1 of 2, …`);
/// its end in `zone` (people) or UTC as stored (none: scripts).
fn state(
    store: &mut dyn crate::store::History,
    c: &ChangeRow,
    now: DateTime<Utc>,
    hours: i64,
    zone: Option<&crate::domain::zone::Zone>,
) -> Result<Text> {
    let observed = observation(&c.at, now, hours, zone);
    Ok(match store.stage_of_change(c.id)? {
        Some(s) => text!(
            "cli-changes-state-stage",
            stage = s.stage,
            stages = s.stages,
            observed = observed,
        ),
        None => observed,
    })
}

/// The stages of batches that wait for a verdict — the next step `run-due` takes.
fn say_stages(ctx: &Ctx, store: &mut dyn crate::store::History) -> Result<()> {
    for (stage, change) in store.next_stages()? {
        ctx.say(&tr!(
            "cli-changes-stage-waits",
            stage = stage.stage,
            stages = stage.stages,
            plan = stage.plan_id,
            change = change,
        ));
    }
    Ok(())
}

/// A change is observed for `hours` after it lands: metrics judge it once that has passed.
/// The end is shown in `zone`, or as stored (UTC) without one.
pub fn observation(
    at: &str,
    now: DateTime<Utc>,
    hours: i64,
    zone: Option<&crate::domain::zone::Zone>,
) -> Text {
    let Ok(t) = DateTime::parse_from_rfc3339(at) else {
        return Text::plain("");
    };
    let until = t.with_timezone(&Utc) + chrono::Duration::hours(hours);
    if now < until {
        let until = crate::domain::values::stored(until);
        let until = zone.map_or_else(|| until.clone(), |z| z.show_stored(&until));
        text!("cli-changes-state-observing", until = until)
    } else {
        text!("cli-changes-state-done")
    }
}

/// Drains still waiting, and why — the other half of what `changes` has to say.
fn say_drains(ctx: &Ctx, store: &mut dyn crate::store::History, buffer_hours: i64) -> Result<()> {
    let waiting = store.waiting_drains(buffer_hours)?;
    if waiting.is_empty() {
        return Ok(());
    }
    ctx.say(&tr!("cli-changes-drains-waiting", count = waiting.len()));
    let zone = store.settings()?.timezone;
    for d in waiting.iter().take(20) {
        let why = if d.held {
            tr!("cli-changes-drain-held")
        } else if d.open_orders > 0 {
            tr!("cli-changes-drain-open-orders", count = d.open_orders)
        } else {
            tr!(
                "cli-changes-drain-buffer",
                until = &zone.show_stored(&d.due_at)
            )
        };
        ctx.say(&format!(
            "  {}",
            tr!(
                "cli-changes-drain-line",
                sku = &d.product_id,
                warehouse = &d.warehouse_code,
                since = &zone.show_stored(&d.drain_started_at),
                why = why,
            )
        ));
    }
    if waiting.len() > 20 {
        ctx.say(&format!(
            "  {}",
            tr!("cli-and-more", count = waiting.len() - 20)
        ));
    }
    Ok(())
}
