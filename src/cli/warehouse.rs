//! `invmap warehouse add|list|close`.

use anyhow::Result;

use super::Ctx;
use super::flag;
use crate::domain::code::WarehouseCode;
use crate::domain::values::parse_decimal;
use crate::error::InputError;
use crate::report::print_list;
use crate::store::OpenMode;

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
    /// disappears from the books; `invmap check` lists links to closed warehouses.
    Close {
        code: String,
        /// Why (recorded in the change and the audit trail)
        #[arg(long)]
        reason: Option<String>,
    },
}

pub fn run(ctx: &Ctx, cmd: Command) -> Result<u8> {
    match cmd {
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
            let mut store = ctx.open(OpenMode::CreateIfMissing)?;
            store.add_warehouse(&code, name.trim(), region.trim(), cost)?;
            ctx.say(&format!("Added warehouse {code}."));
            Ok(0)
        }
        Command::List => {
            let store = ctx.open(OpenMode::Existing)?;
            print_list(
                &mut std::io::stdout().lock(),
                ctx.format,
                &store.warehouses()?,
            )?;
            Ok(0)
        }
        Command::Close { code, reason } => {
            let code = flag("CODE", code.trim(), WarehouseCode::parse)?;
            let mut store = ctx.open(OpenMode::Existing)?;
            let tx = store.begin_change(ctx.change_meta("warehouse-close", reason.as_deref()))?;
            let links = tx.close_warehouse(&code)?;
            tx.audit(
                "warehouse-close",
                None,
                Some(code.as_str()),
                &format!("status active -> closed; {links} links stop taking new orders"),
            )?;
            let landed = tx.finish(&serde_json::json!({ "warehouse": code, "links": links }))?;
            ctx.report_change(
                landed,
                &format!("Closed warehouse {code}; {links} links no longer take new orders."),
            );
            Ok(0)
        }
    }
}
