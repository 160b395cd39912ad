//! `invmap settings list|get|set`.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::domain::settings::{KEYS, key, normalise};
use crate::error::UsageError;
use crate::report::{print_list, print_object};
use crate::store::OpenMode;

/// Show or change the store's settings (approval threshold, drain buffer, timezone, …).
///
/// Every change of a setting is written to the audit trail. `settings list` shows each key
/// with its value, its default and what it does.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Every setting with its current value and default.
    List,
    /// One setting's value.
    Get {
        /// The setting's name (`invmap settings list` shows them all)
        key: String,
    },
    /// Set a setting (recorded in the audit trail).
    ///
    /// The keys: approval_threshold (pairs above which a change needs an approved plan; 0 =
    /// every change; `unset` = never), drain_buffer_hours (48), observation_hours (72),
    /// plan_max_age_hours (72), stockout_alert (0.03), accuracy_target (0.995), min_sample
    /// (30 orders a side before a rate may alert), require_region_cover (on/off),
    /// require_reason (on/off), timezone (UTC or +08:00).
    /// `invmap settings list` shows each with its value and meaning.
    Set {
        /// The setting's name (see above)
        key: String,
        /// Its new value: a number, on/off, a time zone, or `unset`
        value: String,
    },
}

#[derive(Serialize)]
struct Line {
    key: &'static str,
    value: Option<String>,
    default: Option<&'static str>,
    meaning: crate::i18n::Text,
}

pub fn run(ctx: &Ctx, cmd: Command) -> Result<u8> {
    match cmd {
        Command::List => {
            let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
            let store = opened.settings();
            let mut lines = Vec::new();
            for k in KEYS {
                lines.push(Line {
                    key: k.name,
                    value: store.setting(k.name)?,
                    default: k.default,
                    meaning: k.meaning(),
                });
            }
            print_list(&mut std::io::stdout().lock(), ctx.format, &lines)?;
        }
        Command::Get { key: name } => {
            let k = key(&name).map_err(UsageError)?;
            let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
            let value = opened
                .settings()
                .setting(k.name)?
                .or(k.default.map(str::to_string));
            print_object(
                &mut std::io::stdout().lock(),
                ctx.format,
                &serde_json::json!({ "key": k.name, "value": value }),
            )?;
        }
        Command::Set { key: name, value } => {
            let k = key(&name).map_err(UsageError)?;
            let canonical = normalise(k, &value).map_err(UsageError)?;
            let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
            opened.settings().change_setting(
                k.name,
                canonical.as_deref(),
                ctx.now_text(),
                &operator,
            )?;
            ctx.say(&crate::tr!(
                "cli-settings-set",
                key = k.name,
                value = canonical.as_deref().unwrap_or("unset"),
            ));
        }
    }
    Ok(0)
}
