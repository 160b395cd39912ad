//! `invmap copy --to URL|PATH`: the whole store to another backend (SPEC §10).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::Ctx;
use crate::error::UsageError;
use crate::report::print_object;
use crate::store::postgres::{Server, ServerUrl, is_server};
use crate::store::{OpenMode, copy};

/// Copy the whole store to another backend: a store file to a PostgreSQL database, or back.
///
/// Everything comes across — links, warehouses, products, orders, counts, complaints, changes
/// and their before-images, plans, settings, blackout windows and the audit trail — in one
/// transaction on the target, which must be empty (a new file, or a database with no store
/// or an empty one; `invmap --db URL init` makes one). The audit chain is recomputed on both
/// sides: the copy is kept only when both give the same head, which it prints.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to copy to: postgres://ROLE@HOST/DB (also postgresql://), or a new store file
    #[arg(long, value_name = "URL|PATH")]
    pub to: PathBuf,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let from = ctx.db.to_string_lossy().into_owned();
    let to = args.to.to_string_lossy().into_owned();
    let copied = match (is_server(&from), is_server(&to)) {
        (false, true) => {
            let source = ctx.open(OpenMode::ReadOnly)?;
            let mut target = Server::open(&ServerUrl::parse(&to)?, true)?;
            copy::file_to_server(&source, &mut target)?
        }
        (true, false) => {
            let mut source = Server::open(&ServerUrl::parse(&from)?, false)?;
            let path = Path::new(&to);
            copy::server_to_file(&mut source, path).inspect_err(|_| {
                // A half-made file is no store: nothing is left behind.
                if path.exists() {
                    let _ = std::fs::remove_file(path);
                }
            })?
        }
        _ => return Err(UsageError(crate::tr!("cli-copy-same-kind")).into()),
    };
    print_object(&mut std::io::stdout().lock(), ctx.format, &copied)?;
    ctx.say(&crate::tr!(
        "cli-copy-done",
        rows = copied.rows,
        links = copied.links,
        changes = copied.changes,
        entries = copied.audit_entries,
        to = &crate::store::postgres::redact(&to),
        head = &copied.audit_head,
    ));
    Ok(0)
}
