//! `invmap init`: create a store, or upgrade one to this invmap's schema.

use anyhow::Result;

use super::Ctx;
use crate::store::{OpenMode, Store};

/// Create the store (or upgrade an older one to this version's schema).
///
/// Safe to run on an existing store: it only applies migrations that are missing. Every other
/// command refuses a store written by a newer invmap.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: Args) -> Result<u8> {
    let mut store = ctx.open(OpenMode::CreateIfMissing)?;
    let restored = store.restore_guards(ctx.now_text(), &ctx.operator)?;
    if !restored.is_empty() {
        ctx.say(&crate::tr!(
            "cli-init-guards-restored",
            guards = super::join_list(&restored)
        ));
    }
    if !store.was_created() {
        ctx.say(&crate::tr!(
            "cli-init-schema",
            path = &ctx.db.display(),
            version = store.version()?,
            latest = Store::latest_version(),
        ));
    }
    Ok(0)
}
