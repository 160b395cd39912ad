//! `invmap check`: the store's consistency report (SPEC §6).

use anyhow::Result;

use super::Ctx;
use crate::error::Refused;
use crate::report::print_list;
use crate::store::OpenMode;

/// Consistency report: links to closed warehouses, SKUs with stock but no active link,
/// negative stock, open orders at unlinked warehouses, overdue drains, SQLite's integrity and
/// foreign-key checks, the audit chain. Exit 3 when anything is found.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

pub fn run(ctx: &Ctx, _args: CheckArgs) -> Result<u8> {
    let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
    let store = opened.consistency();
    let buffer = store.drain_buffer_hours()?;
    let buffer_start = crate::domain::values::stored(ctx.now - chrono::Duration::hours(buffer));
    let findings = store.check(&buffer_start)?;
    print_list(&mut std::io::stdout().lock(), ctx.format, &findings)?;
    let problems: i64 = findings.iter().filter(|f| f.count > 0).count() as i64;
    if problems > 0 {
        return Err(Refused(crate::tr!("cli-check-found", count = problems)).into());
    }
    ctx.say(&crate::tr!("cli-check-passed"));
    Ok(0)
}
