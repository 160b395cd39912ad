//! `invmap blackout add|list|remove`: promotions and peak hours when nothing may change.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::domain::values::{parse_time, stored};
use crate::domain::windows::parse_daily;
use crate::error::{InputError, UsageError};
use crate::report::print_list;
use crate::store::OpenMode;
use crate::tr;

/// Blackout windows: while one is open, every change is refused unless --override-window.
///
/// A one-off window (`--from T --to T`, e.g. a promotion) or a daily one (`--daily
/// 20:00-23:00`, peak hours in the `timezone` setting). Adding and removing windows is
/// written to the audit trail.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a window.
    Add {
        /// Start (RFC 3339, or YYYY-MM-DD [HH:MM] in the timezone setting)
        #[arg(long, requires = "to", conflicts_with = "daily")]
        from: Option<String>,
        /// End (exclusive)
        #[arg(long, requires = "from")]
        to: Option<String>,
        /// Every day between these clock times, e.g. 20:00-23:00 (may cross midnight)
        #[arg(long, value_name = "HH:MM-HH:MM")]
        daily: Option<String>,
        /// What the window is for (shown in every refusal)
        #[arg(long)]
        reason: String,
    },
    /// The windows in force.
    List,
    /// Remove a window (recorded in the audit trail).
    Remove {
        /// The window's id (see `invmap blackout list`)
        id: i64,
    },
}

#[derive(Serialize)]
struct Line {
    id: i64,
    from: Option<String>,
    to: Option<String>,
    daily: Option<String>,
    reason: String,
    open_now: bool,
}

pub fn run(ctx: &Ctx, cmd: Command) -> Result<u8> {
    match cmd {
        Command::Add {
            from,
            to,
            daily,
            reason,
        } => {
            let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
            let store = opened.blackouts();
            let tz = store.settings()?.timezone;
            let bad = |flag: &str, v: &str, m: &str| InputError::single("command line", flag, v, m);
            let (span, every_day) = match (from, to, daily) {
                (Some(f), Some(t), None) => {
                    let a = parse_time(f.trim(), &tz).map_err(|m| bad("--from", &f, &m))?;
                    let b = parse_time(t.trim(), &tz).map_err(|m| bad("--to", &t, &m))?;
                    if b <= a {
                        return Err(bad(
                            "--to",
                            &t,
                            &tr!("cli-blackout-ends-before-start", start = &stored(a)),
                        )
                        .into());
                    }
                    (Some((a, b)), None)
                }
                (None, None, Some(d)) => (
                    None,
                    Some(parse_daily(&d).map_err(|m| bad("--daily", &d, &m))?),
                ),
                _ => {
                    return Err(UsageError(tr!("cli-blackout-give-span")).into());
                }
            };
            if reason.trim().is_empty() {
                return Err(UsageError(tr!("cli-blackout-give-reason")).into());
            }
            let id = store.add_window(span, every_day, reason.trim(), ctx.now_text(), &operator)?;
            ctx.say(&tr!("cli-blackout-added", id = id));
            Ok(0)
        }
        Command::List => {
            let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
            let store = opened.blackouts();
            let tz = store.settings()?.timezone;
            let lines: Vec<Line> = store
                .windows()?
                .into_iter()
                .map(|w| Line {
                    id: w.id,
                    // People read the store's local time; scripts get UTC.
                    from: w.starts_at.map(|t| shown(ctx, &tz, t)),
                    to: w.ends_at.map(|t| shown(ctx, &tz, t)),
                    daily: w
                        .daily_from
                        .zip(w.daily_to)
                        .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M"))),
                    open_now: w.contains(ctx.now),
                    reason: w.reason,
                })
                .collect();
            print_list(&mut std::io::stdout().lock(), ctx.format, &lines)?;
            Ok(0)
        }
        Command::Remove { id } => {
            let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
            if !opened
                .blackouts()
                .remove_window(id, ctx.now_text(), &operator)?
            {
                return Err(InputError::single(
                    "command line",
                    "ID",
                    &id.to_string(),
                    &tr!("cli-blackout-no-such-window"),
                )
                .into());
            }
            ctx.say(&tr!("cli-blackout-removed", id = id));
            Ok(0)
        }
    }
}

/// A time in a list: in the store's time zone for people, UTC (RFC 3339) for json and csv.
fn shown(ctx: &Ctx, tz: &crate::domain::zone::Zone, t: chrono::DateTime<chrono::Utc>) -> String {
    if ctx.format == crate::report::Format::Table {
        tz.show(t)
    } else {
        stored(t)
    }
}
