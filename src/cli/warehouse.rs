//! `invmap warehouse add|list|close`.

use anyhow::Result;

use super::Ctx;
use super::door;
use super::flag;
use crate::domain::code::WarehouseCode;
use crate::domain::values::parse_decimal;
use crate::error::InputError;
use crate::ops::warehouse::{self, Done, StatusRequest};
use crate::report::print_list;
use crate::store::OpenMode;
use crate::{text, tr};

/// Manage warehouses.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a warehouse.
    ///
    /// To load many, use `invmap import warehouses FILE`.
    Add {
        /// Warehouse code (1–10 characters)
        code: String,
        /// Display name
        #[arg(long, default_value = "")]
        name: String,
        /// Region, for the region-cover rule and the reports
        #[arg(long, default_value = "")]
        region: String,
        /// Storage cost per unit per day (e.g. 0.035)
        #[arg(long, default_value = "0")]
        storage_cost: String,
    },
    /// List warehouses with their links and stock.
    List,
    /// Close a warehouse: no new orders are routed to it (recorded as a change).
    ///
    /// Its links stay until you unbind them (`invmap unbind … --transfer-to`), so no stock
    /// disappears from the books and its open orders can still ship from it (they are
    /// listed). A SKU that would be left with no warehouse that takes orders is refused
    /// unless --allow-orphan; above `approval_threshold` links, closing needs a plan
    /// (`invmap plan create --close CODE`). `invmap check` lists links to closed warehouses.
    Close {
        /// The warehouse code
        code: String,
        #[command(flatten)]
        status: StatusArgs,
        /// Allow leaving a SKU with no warehouse that takes orders
        #[arg(long)]
        allow_orphan: bool,
        /// Allow leaving a region without a warehouse for a SKU (when require_region_cover is on)
        #[arg(long)]
        allow_region_gap: bool,
    },
    /// Reopen a closed warehouse: it takes orders again (recorded as a change).
    Reopen {
        /// The warehouse code
        code: String,
        #[command(flatten)]
        status: StatusArgs,
    },
    Exit(super::exit::Args),
}

/// What closing and reopening share.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    reason: Option<String>,
    /// Show what would change, and every refusal; change nothing
    #[arg(long)]
    dry_run: bool,
    /// Override what the rules refuse; needs --reason, and is recorded
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Ctx, cmd: Command) -> Result<u8> {
    match cmd {
        Command::Exit(args) => super::exit::run(ctx, args),
        Command::Add {
            code,
            name,
            region,
            storage_cost,
        } => {
            let code = flag("CODE", code.trim(), WarehouseCode::parse)?;
            let cost = parse_decimal(storage_cost.trim(), 6).map_err(|msg| {
                InputError::single("command line", "--storage-cost", &storage_cost, &msg)
            })?;
            let (mut opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
            let ctx = &ctx.as_role(operator);
            let store = opened.batches();
            let done = warehouse::add(ctx, store, &code, name.trim(), region.trim(), cost)?;
            door::render(ctx, &done.gate, &done.passed)?;
            // A new warehouse is no change of its own (nothing routes to it yet).
            ctx.say(&tr!("cli-warehouse-added", code = &code));
            Ok(0)
        }
        Command::List => {
            let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
            let rows = opened.listings().warehouses()?;
            print_list(&mut std::io::stdout().lock(), ctx.format, &rows)?;
            Ok(0)
        }
        Command::Close {
            code,
            status,
            allow_orphan,
            allow_region_gap,
        } => set_status(
            ctx,
            StatusRequest {
                code: Some(flag("CODE", code.trim(), WarehouseCode::parse)?),
                after: "closed",
                dry_run: status.dry_run,
                force: status.force,
                allow_orphan,
                allow_region_gap,
                reason: status.reason,
                plan: None,
                exit_of: None,
            },
        ),
        Command::Reopen { code, status } => set_status(
            ctx,
            StatusRequest {
                code: Some(flag("CODE", code.trim(), WarehouseCode::parse)?),
                after: "active",
                dry_run: status.dry_run,
                force: status.force,
                reason: status.reason,
                ..StatusRequest::default()
            },
        ),
    }
}

fn set_status(ctx: &Ctx, req: StatusRequest) -> Result<u8> {
    let (mut opened, operator) = ctx.open_either(super::open_mode(req.dry_run), !req.dry_run)?;
    let ctx = &ctx.as_role(operator);
    let done = warehouse::set_status(ctx, opened.batches(), &req)?;
    report_status(ctx, &req, &done)
}

/// What a close or reopen did (or would do); also used by `plan apply`.
pub fn report_status(ctx: &Ctx, req: &StatusRequest, done: &Done) -> Result<u8> {
    let code = req.code.as_ref().map(|c| c.as_str()).unwrap_or("");
    let links = done.passed.counts.pairs;
    let closing = req.after == "closed";
    if req.dry_run {
        ctx.say(&if closing {
            tr!("cli-warehouse-close-dry-run", code = code, count = links)
        } else {
            tr!("cli-warehouse-reopen-dry-run", code = code, count = links)
        });
    }
    door::render(ctx, &done.gate, &done.passed)?;
    if !req.dry_run {
        let what = if closing {
            text!("cli-warehouse-closed", code = code, count = links)
        } else {
            text!("cli-warehouse-reopened", code = code, count = links)
        };
        ctx.report_change(done.passed.landed.clone(), what);
    }
    Ok(0)
}
