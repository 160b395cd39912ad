//! `invmap bind`: create a link (the reverse of unbind), as a change that can be rolled back.

use anyhow::Result;

use super::Ctx;
use super::door;
use super::flag;
use crate::csvio::read::{CsvInput, ReadOptions};
use crate::csvio::templates::MAPPING_FIELDS;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::Qty;
use crate::error::InputError;
use crate::i18n::Text;
use crate::ops;
use crate::ops::bind::{BindFile, BindRequest};
use crate::ops::change::Passed;
use crate::store::OpenMode;
use crate::{text, tr};

/// Bind a SKU to a warehouse (or set an existing link's quantity / priority), or many from a
/// file.
///
/// Recorded as a change with its before-image: `invmap rollback ID` undoes it. With
/// --from-csv FILE (`product_id, warehouse_code, stock_quantity, priority`; empty cells keep
/// what a link has) every row is one link of one change, judged and approved like any other;
/// a bad row refuses the whole file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SKU (product id)
    #[arg(
        long,
        required_unless_present = "from_csv",
        conflicts_with = "from_csv"
    )]
    pub sku: Option<String>,
    /// The warehouse code
    #[arg(
        long,
        required_unless_present = "from_csv",
        conflicts_with = "from_csv"
    )]
    pub warehouse: Option<String>,
    /// Bind every row of this file (the mappings template's columns) as one change
    #[arg(long, value_name = "FILE", conflicts_with_all = ["qty", "priority"])]
    pub from_csv: Option<std::path::PathBuf>,
    /// Show what would change; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --from-csv: apply the file although the same file was applied before
    #[arg(long, requires = "from_csv")]
    pub again: bool,
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
    if let Some(file) = &args.from_csv {
        return run_file(ctx, file, args.reason.clone(), args.dry_run, args.again);
    }
    let (Some(sku), Some(warehouse)) = (&args.sku, &args.warehouse) else {
        return Err(crate::error::UsageError(tr!("door-bind-give")).into());
    };
    let sku = flag("--sku", sku.trim(), Sku::parse)?;
    let warehouse = flag("--warehouse", warehouse.trim(), WarehouseCode::parse)?;
    let qty = args
        .qty
        .map(|q| flag("--qty", &q.to_string(), |_| Qty::new(q)))
        .transpose()?;
    let (mut opened, operator) = ctx.open_either(OpenMode::Existing, !args.dry_run)?;
    let ctx = &ctx.as_role(operator);
    let codes = opened.stock().warehouse_codes()?;
    if !codes.iter().any(|c| c == warehouse.as_str()) {
        let typed = warehouse.as_str();
        let hint = crate::domain::near::hint_among(typed, codes.iter());
        return Err(InputError::single(
            "command line",
            "--warehouse",
            typed,
            &format!("{}{hint}", tr!("door-unknown-warehouse")),
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
        dry_run: args.dry_run,
    };
    let (gate, passed) = ops::bind::bind(ctx, opened.batches(), &request)?;
    door::render(ctx, &gate, &passed)?;
    report(ctx, &request, &passed);
    Ok(0)
}

/// `bind --from-csv FILE`: the file read and checked whole, then one change.
fn run_file(
    ctx: &Ctx,
    file: &std::path::Path,
    reason: Option<String>,
    dry_run: bool,
    again: bool,
) -> Result<u8> {
    let (mut opened, operator) = ctx.open_either(super::open_mode(dry_run), !dry_run)?;
    let ctx = &ctx.as_role(operator);
    let store = opened.batches();
    let req = BindFile {
        again,
        ..bind_file_request(store, file, reason, None, dry_run)?
    };
    let (gate, passed) = ops::bind::bind_file(ctx, store, &req)?;
    report_file(ctx, &gate, &passed)
}

/// The request for binding every row of `file` (also built by `plan create|apply`).
pub fn bind_file_request(
    store: &mut dyn crate::store::ChangeDesk,
    file: &std::path::Path,
    reason: Option<String>,
    plan: Option<crate::store::plans::PlanRow>,
    dry_run: bool,
) -> Result<BindFile> {
    let mut input = CsvInput::open(file, MAPPING_FIELDS, &ReadOptions::default())?;
    let known = store.warehouse_codes()?.into_iter().collect();
    let rows = super::import::read_mapping_rows(&known, &mut input)?;
    Ok(BindFile {
        rows,
        file: file.to_path_buf(),
        sha256: input.sha256().to_string(),
        reason,
        plan,
        dry_run,
        again: false,
    })
}

/// What a bind of a file did, or (dry run) would do.
pub fn report_file(ctx: &Ctx, gate: &crate::ops::change::Gate, passed: &Passed) -> Result<u8> {
    let c = &passed.counts;
    door::conclude_text(
        ctx,
        gate,
        passed,
        &tr!(
            "door-would-bind-file",
            count = c.pairs,
            added = c.added,
            updated = c.updated
        ),
        text!(
            "door-bound-file",
            count = c.pairs,
            added = c.added,
            updated = c.updated
        ),
    )
}

/// What a bind did; also used by `plan apply`.
pub fn report(ctx: &Ctx, req: &BindRequest, passed: &Passed) {
    let (sku, wh) = (&req.sku, &req.warehouse);
    let what = if passed.counts.added > 0 {
        text!("door-bound", sku = sku, warehouse = wh)
    } else if passed.counts.updated > 0 {
        text!("door-link-updated", sku = sku, warehouse = wh)
    } else {
        Text::plain("")
    };
    if req.dry_run {
        ctx.say(&tr!("door-dry-run-nothing-changed"));
        return;
    }
    ctx.report_change(passed.landed.clone(), what);
}
