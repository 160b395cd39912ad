//! `invmap bind`: create a link (the reverse of unbind), as a change that can be rolled back.

use anyhow::Result;

use super::Ctx;
use super::door;
use super::flag;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::Qty;
use crate::error::InputError;
use crate::ops;
use crate::ops::bind::BindRequest;
use crate::ops::change::Passed;
use crate::store::OpenMode;

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
    let mut store = ctx.open(OpenMode::Existing)?;
    if !store.warehouse_code_set()?.contains(warehouse.as_str()) {
        return Err(InputError::single(
            "command line",
            "--warehouse",
            warehouse.as_str(),
            &format!(
                "unknown warehouse: add it first with `invmap warehouse add`{}",
                store.suggest_warehouse(warehouse.as_str())?
            ),
        )
        .into());
    }
    let request = BindRequest {
        sku,
        warehouse,
        qty,
        priority: args.priority,
        reason: args.reason,
        plan: None,
        dry_run: false,
    };
    let (gate, passed) = ops::bind::bind(ctx, &mut store, &request)?;
    door::render(ctx, &gate, &passed)?;
    report(ctx, &request, &passed);
    Ok(0)
}

/// What a bind did; also used by `plan apply`.
pub fn report(ctx: &Ctx, req: &BindRequest, passed: &Passed) {
    let (sku, wh) = (&req.sku, &req.warehouse);
    let what = if passed.counts.added > 0 {
        format!("Bound {sku} to {wh}.")
    } else if passed.counts.updated > 0 {
        format!("Updated the link {sku} @ {wh}.")
    } else {
        String::new()
    };
    ctx.report_change(passed.landed.clone(), &what);
}
