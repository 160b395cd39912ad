//! `invmap changes [show ID]`: the rollback points.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::error::InputError;
use crate::report::{Format, print_list, print_object};
use crate::store::OpenMode;
use crate::store::changes::{ChangeRow, ItemRow};

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
    /// One change: who, when, why, from what, and the rows it touched.
    Show {
        id: i64,
        /// How many touched rows to list in a table (json/csv list them all)
        #[arg(long, default_value_t = 50)]
        rows: i64,
    },
}

/// A line of `invmap changes`.
#[derive(Serialize)]
struct Line<'a> {
    id: i64,
    at: &'a str,
    operator: &'a str,
    kind: &'a str,
    pairs: i64,
    reason: &'a str,
    ticket: Option<&'a str>,
    rolled_back_by: Option<i64>,
}

#[derive(Serialize)]
struct Detail {
    #[serde(flatten)]
    change: ChangeRow,
    items: Vec<ItemRow>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let store = ctx.open(OpenMode::Existing)?;
    match args.show {
        None => {
            let changes = store.changes(Some(args.limit))?;
            if ctx.format == Format::Json {
                print_list(ctx.format, &changes)?;
            } else {
                let lines: Vec<Line<'_>> = changes.iter().map(line).collect();
                print_list(ctx.format, &lines)?;
            }
        }
        Some(Show::Show { id, rows }) => {
            let Some(change) = store.change(id)? else {
                return Err(InputError::single(
                    "command line",
                    "ID",
                    &id.to_string(),
                    "no such change: see `invmap changes`",
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
                print_object(ctx.format, &line(&change))?;
                if let Some(src) = &change.source_file {
                    ctx.say(&format!(
                        "source: {src} (sha256 {})",
                        change.source_sha256.as_deref().unwrap_or("")
                    ));
                }
                ctx.say(&format!("command: {}", change.command_line));
                print_list(ctx.format, &items)?;
                if change.pairs > rows {
                    ctx.say(&format!(
                        "(first {rows} of {} rows; --rows N or --format csv for more)",
                        change.pairs
                    ));
                }
            } else {
                print_object(ctx.format, &Detail { change, items })?;
            }
        }
    }
    Ok(0)
}

fn line(c: &ChangeRow) -> Line<'_> {
    Line {
        id: c.id,
        at: &c.at,
        operator: &c.operator,
        kind: &c.kind,
        pairs: c.pairs,
        reason: &c.reason,
        ticket: c.ticket.as_deref(),
        rolled_back_by: c.rolled_back_by,
    }
}
