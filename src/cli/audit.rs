//! `invmap audit [--sku S] [--since T]` and `invmap audit verify`.

use anyhow::Result;

use super::Ctx;
use crate::domain::values::{parse_time, stored};
use crate::error::{InputError, Refused};
use crate::report::{print_list, print_object};
use crate::store::OpenMode;

/// Read the audit trail, or prove it is unbroken.
///
/// The trail is append-only (the store refuses UPDATE and DELETE on it) and hash-chained:
/// each entry's hash covers the previous one. `audit verify` recomputes the chain and names
/// the first entry that does not match. Keep the printed chain head somewhere else (a ticket,
/// a chat message): an attacker who rewrites the whole chain cannot make it match that.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub verify: Option<Verify>,
    /// Only entries about this SKU
    #[arg(long)]
    pub sku: Option<String>,
    /// Only entries at or after this time (RFC 3339 or YYYY-MM-DD [HH:MM])
    #[arg(long)]
    pub since: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Verify {
    /// Recompute the hash chain; exit 3 and name the first broken entry if it does not hold.
    Verify,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let store = ctx.open(OpenMode::ReadOnly)?;
    if args.verify.is_some() {
        let v = store.audit_verify()?;
        if let Some(id) = v.first_broken {
            return Err(Refused(format!(
                "audit chain broken at entry {id} ({} entries checked): it was changed after it was written; restore the store from a backup you trust",
                v.entries
            ))
            .into());
        }
        if let Some(after) = v.gap_after {
            return Err(Refused(format!(
                "audit chain broken: entries after {after} are missing (deleted behind invmap's back)"
            ))
            .into());
        }
        print_object(&mut std::io::stdout().lock(), ctx.format, &v)?;
        ctx.say(&format!(
            "Audit chain intact: {} entries, head {}.",
            v.entries, v.head
        ));
        return Ok(0);
    }
    let since = match &args.since {
        None => None,
        Some(t) => {
            let tz = store.settings()?.timezone;
            Some(stored(parse_time(t.trim(), &tz).map_err(|m| {
                InputError::single("command line", "--since", t, &m)
            })?))
        }
    };
    let mut entries = Vec::new();
    store.audit_entries(args.sku.as_deref().map(str::trim), since.as_deref(), |e| {
        entries.push(e);
        Ok(())
    })?;
    print_list(&mut std::io::stdout().lock(), ctx.format, &entries)?;
    Ok(0)
}
