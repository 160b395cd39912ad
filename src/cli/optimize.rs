//! `invmap optimize`: convert a store made by an older invmap to the current page size.

use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use crate::ops::backup::{self, Kind};
use crate::store::{OpenMode, PAGE_SIZE};
use crate::tr;

/// Convert a store made by an older invmap to 32 KiB pages, after taking a backup.
///
/// Batches touch thousands of pages: bigger ones cost less (a 100k-pair unbind on 1M links,
/// 1.02 → 0.89 s). A store keeps the page size it was made with until it is rewritten whole;
/// this does that (`VACUUM`, atomic), with nothing else using the store, and records it in the
/// audit trail. A store already at 32 KiB is left alone.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the backup taken first goes [default: the store's name + -before-optimize.db]
    #[arg(long, value_name = "FILE")]
    pub backup: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    if crate::store::postgres::is_server(&ctx.db.to_string_lossy()) {
        // Nothing to convert: the server keeps its own pages (and autovacuum its tables).
        let (_, _) = ctx.open_either(OpenMode::Existing, false)?;
        ctx.say(&tr!("cli-optimize-server"));
        return Ok(0);
    }
    let mut store = ctx.open(OpenMode::Existing)?;
    let page = store.page_size()?;
    if page == PAGE_SIZE {
        ctx.say(&tr!(
            "cli-optimize-already",
            path = &ctx.db.display(),
            kib = PAGE_SIZE / 1024,
        ));
        return Ok(0);
    }
    let backup_path = args.backup.unwrap_or_else(|| {
        let mut name = ctx.db.clone().into_os_string();
        name.push("-before-optimize.db");
        PathBuf::from(name)
    });
    let links = backup::backup(ctx, &store, &backup_path, Kind::Db)?;
    ctx.say(&tr!(
        "cli-optimize-backed-up",
        count = links,
        path = &backup_path.display(),
    ));
    let done = store.convert_pages(ctx.now_text(), &ctx.operator)?;
    let chain = store.audit_verify()?;
    anyhow::ensure!(
        chain.first_broken.is_none() && chain.gap_after.is_none(),
        "{}",
        tr!("cli-optimize-broken", path = &backup_path.display())
    );
    ctx.say(&tr!(
        "cli-optimize-done",
        path = &ctx.db.display(),
        page_before = done.page_before,
        page_after = done.page_after,
        size_before = &format!("{:.1}", done.bytes_before as f64 / 1048576.0),
        size_after = &format!("{:.1}", done.bytes_after as f64 / 1048576.0),
        entries = chain.entries,
        backup = &backup_path.display(),
    ));
    Ok(0)
}
