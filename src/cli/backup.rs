//! `invmap backup -o FILE.db|FILE.csv` and `invmap restore FILE`.

use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use super::door;
use crate::ops::backup::{self, RestoreRequest, Restored, checksum_path};
use crate::store::OpenMode;
use crate::{text, tr};

/// Back up the store: a verified snapshot to restore from.
///
/// `FILE.db`: the whole store as one consistent snapshot (others can keep working), with a
/// manifest inside. `FILE.csv`: every link, in the mappings template. Either
/// way a `FILE.sha256` is written beside it so `invmap restore` can prove the file is intact.
/// Files are written to a temp name and renamed, so a crash never leaves half a backup.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where to write: a path ending in .db or .csv
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
}

/// Make the live links equal to a backup's, as one change (which can be rolled back).
///
/// The file is verified first — its .sha256, integrity, manifest and schema — and a damaged or
/// foreign file is refused without touching the live store.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A .db or .csv file written by `invmap backup`
    pub file: PathBuf,
    /// Show what would change and every refusal; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Override what the rules refuse (open orders, stock leaving the books, a SKU's last
    /// warehouse); needs --reason, and each overridden rule is recorded
    #[arg(long)]
    pub force: bool,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn backup(ctx: &Ctx, args: BackupArgs) -> Result<u8> {
    let kind = backup::Kind::of(&args.output)?;
    let location = ctx.db.to_string_lossy();
    let links = if crate::store::postgres::is_server(&location) {
        let url = crate::store::postgres::ServerUrl::parse(&location)?;
        let mut server = crate::store::postgres::Server::open(&url, false)?;
        backup::backup_server(ctx, &mut server, &args.output, kind)?
    } else {
        let store = ctx.open(OpenMode::ReadOnly)?;
        backup::backup(ctx, &store, &args.output, kind)?
    };
    ctx.say(&tr!(
        "cli-backup-done",
        count = links,
        path = &args.output.display(),
        checksum = &checksum_path(&args.output).display(),
    ));
    Ok(0)
}

pub fn restore(ctx: &Ctx, args: RestoreArgs) -> Result<u8> {
    let kind = backup::verify_file(ctx, &args.file)?;
    let (mut opened, operator) = ctx.open_either(super::open_mode(args.dry_run), !args.dry_run)?;
    let ctx = &ctx.as_role(operator);
    let request = RestoreRequest {
        dry_run: args.dry_run,
        force: args.force,
        reason: args.reason,
        plan: None,
    };
    let done = backup::restore(ctx, opened.batches(), &args.file, kind, &request)?;
    report(ctx, &done)
}

/// What a restore did, or (dry run) would do; also used by `plan apply`.
pub fn report(ctx: &Ctx, done: &Restored) -> Result<u8> {
    let Restored { gate, passed } = done;
    let c = passed.counts;
    let what = text!(
        "cli-restore-counts",
        removed = c.removed,
        added = c.added,
        updated = c.updated,
        warehouses = c.new_warehouses,
    );
    if gate.dry_run {
        ctx.say(&tr!("cli-restore-dry-run", what = &what));
        door::render(ctx, gate, passed)?;
    } else {
        door::render(ctx, gate, passed)?;
        ctx.report_change(passed.landed.clone(), text!("cli-restored", what = what));
    }
    Ok(0)
}
