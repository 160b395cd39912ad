//! `invmap bind`: create a link (the reverse of unbind), as a change that can be rolled back.

use anyhow::Result;

use super::Ctx;
use super::flag;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::Qty;
use crate::error::{InputError, Refused};
use crate::store::OpenMode;
use crate::store::links::BindOutcome;

/// Bind a SKU to a warehouse (or set an existing link's quantity / priority).
///
/// Recorded as a change with its before-image: `invmap rollback ID` undoes it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SKU (product id)
    #[arg(long)]
    pub sku: String,
    /// The warehouse code
    #[arg(long)]
    pub warehouse: String,
    /// Stock quantity at this warehouse [new link: 0; existing: unchanged]
    #[arg(long, allow_negative_numbers = true)]
    pub qty: Option<i64>,
    /// Routing priority, lower first [new link: 100; existing: unchanged]
    #[arg(long)]
    pub priority: Option<i64>,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let sku = flag("--sku", args.sku.trim(), Sku::parse)?;
    let warehouse = flag("--warehouse", args.warehouse.trim(), WarehouseCode::parse)?;
    let qty = args
        .qty
        .map(|q| flag("--qty", &q.to_string(), |_| Qty::new(q)))
        .transpose()?;
    let mut store = ctx.open(OpenMode::CreateIfMissing)?;
    let status = store
        .warehouses()?
        .into_iter()
        .find(|w| w.code == warehouse.as_str());
    match status {
        None => {
            return Err(InputError::single(
                "command line",
                "--warehouse",
                warehouse.as_str(),
                "unknown warehouse: add it first with `invmap warehouse add`",
            )
            .into());
        }
        Some(w) if w.status == "closed" => {
            return Err(Refused(format!(
                "refused: warehouse {warehouse} is closed and takes no new links; reopen it with `invmap import warehouses` (status active) or bind elsewhere"
            ))
            .into());
        }
        Some(_) => {}
    }
    let tx = store.begin_change(ctx.change_meta("bind", args.reason.as_deref()))?;
    let outcome = tx.bind(&sku, &warehouse, qty, args.priority)?;
    tx.audit_items()?;
    let landed = tx.finish(&serde_json::json!({ "sku": sku, "warehouse": warehouse }))?;
    let what = match outcome {
        BindOutcome::Created => format!("Bound {sku} to {warehouse}."),
        BindOutcome::Updated => format!("Updated the link {sku} @ {warehouse}."),
        BindOutcome::Unchanged => String::new(),
    };
    ctx.report_change(landed, &what);
    Ok(0)
}
