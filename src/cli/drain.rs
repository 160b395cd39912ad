//! `invmap drain resume|cancel`: what to do with a drain on hold (`invmap check` lists them).

use anyhow::Result;

use super::{Ctx, door, flag};
use crate::domain::code::{Sku, WarehouseCode};
use crate::ops::drain;
use crate::store::OpenMode;
use crate::{text, tr};

/// Drains on hold: a rollback of a drain's finish made the link draining again, and run-due
/// leaves it alone until you decide.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Let `invmap run-due` finish the drain again.
    Resume {
        #[command(flatten)]
        pair: Pair,
    },
    /// End the drain: the link takes orders again (a change, undone by `invmap rollback`).
    Cancel {
        #[command(flatten)]
        pair: Pair,
        /// Why (recorded in the change and the audit trail)
        #[arg(long)]
        reason: Option<String>,
    },
}

/// The draining link.
#[derive(Debug, clap::Args)]
pub struct Pair {
    /// The SKU (product id)
    #[arg(long)]
    sku: String,
    /// The warehouse code of the draining link
    #[arg(long)]
    warehouse: String,
}

impl Pair {
    fn parse(&self) -> Result<(Sku, WarehouseCode)> {
        Ok((
            flag("--sku", self.sku.trim(), Sku::parse)?,
            flag("--warehouse", self.warehouse.trim(), WarehouseCode::parse)?,
        ))
    }
}

pub fn run(ctx: &Ctx, cmd: Command) -> Result<u8> {
    if let Command::Resume { pair } = &cmd
        && crate::store::postgres::is_server(&ctx.db.to_string_lossy())
    {
        // An event on a server store, under the change lock (as on a file).
        let (sku, wh) = pair.parse()?;
        let (opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
        let crate::cli::Opened::Server(mut server) = opened else {
            unreachable!("a server location opens a server")
        };
        server.resume_drain(sku.as_str(), wh.as_str(), ctx.now_text(), &operator)?;
        ctx.say(&tr!("door-drain-resumed", sku = &sku, warehouse = &wh));
        return Ok(0);
    }
    let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
    let ctx = &ctx.as_role(operator);
    match cmd {
        Command::Resume { pair } => {
            let (sku, wh) = pair.parse()?;
            drain::resume(ctx, opened.file()?, &sku, &wh)?;
            ctx.say(&tr!("door-drain-resumed", sku = &sku, warehouse = &wh));
        }
        Command::Cancel { pair, reason } => {
            let (sku, wh) = pair.parse()?;
            let (gate, passed) =
                drain::cancel(ctx, opened.batches(), &sku, &wh, reason.as_deref())?;
            door::render(ctx, &gate, &passed)?;
            ctx.report_change(
                passed.landed,
                text!("door-drain-cancelled", sku = &sku, warehouse = &wh),
            );
        }
    }
    Ok(0)
}
