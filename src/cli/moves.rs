//! `invmap move`: stock between warehouses of a SKU, links kept.

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, door, flag};
use crate::csvio::cells::Cells;
use crate::csvio::read::{CsvInput, ReadOptions};
use crate::csvio::templates::MOVE_FIELDS;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::problem::Problems;
use crate::domain::values::Qty;
use crate::error::UsageError;
use crate::ops::moves::{MoveRequest, Moved};
use crate::store::moves::MoveLine;
use crate::{text, tr};

/// Move stock from one warehouse of a SKU to another, keeping both links.
///
/// The target link is created when the SKU has none there (with --priority, else the source
/// link's priority). A change like any other: judged (no closed or draining target, no more
/// units than the source holds), approved above the threshold, audited per link, undone by
/// `invmap rollback ID`. With --from-csv FILE (`product_id, from, to, quantity, priority`; an
/// empty quantity moves all) every line is part of one change; a bad line refuses the file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SKU (product id)
    #[arg(
        long,
        required_unless_present = "from_csv",
        conflicts_with = "from_csv"
    )]
    pub sku: Option<String>,
    /// The warehouse the stock leaves
    #[arg(
        long,
        value_name = "WAREHOUSE",
        required_unless_present = "from_csv",
        conflicts_with = "from_csv"
    )]
    pub from: Option<String>,
    /// The warehouse the stock goes to
    #[arg(
        long,
        value_name = "WAREHOUSE",
        required_unless_present = "from_csv",
        conflicts_with = "from_csv"
    )]
    pub to: Option<String>,
    /// How many units
    #[arg(long, conflicts_with_all = ["all", "from_csv"])]
    pub qty: Option<i64>,
    /// Move all the units the source holds
    #[arg(long, conflicts_with = "from_csv")]
    pub all: bool,
    /// The target link's priority when it is created [default: the source's]
    #[arg(long, conflicts_with = "from_csv")]
    pub priority: Option<i64>,
    /// Move every line of this template as one change
    #[arg(long, value_name = "FILE")]
    pub from_csv: Option<PathBuf>,
    /// Why (recorded in the change and the audit trail)
    #[arg(long)]
    pub reason: Option<String>,
    /// Show what would move; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// With --from-csv: apply the template although the same file was applied before
    #[arg(long, requires = "from_csv")]
    pub again: bool,
    #[command(flatten)]
    pub stages: super::unbind::StageArgs,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let req = request(&args)?;
    let (mut opened, operator) = ctx.open_either(super::open_mode(args.dry_run), !args.dry_run)?;
    let ctx = &ctx.as_role(operator);
    if let Some(shares) = args.stages.shares()? {
        if req.source.is_none() {
            return Err(UsageError(tr!("door-move-stages-need-file")).into());
        }
        let plan = super::stages::MovePlan {
            reason: args.reason.as_deref(),
            status: "scheduled",
            no_wait: args.stages.no_wait,
        };
        return super::stages::moves_in_stages(ctx, opened.due(), &req, &plan, &shares);
    }
    let moved = crate::ops::moves::run(ctx, opened.batches(), &req)?;
    report(ctx, &req, &moved)
}

/// The lines from the flags or the file, validated.
pub fn request(args: &Args) -> Result<MoveRequest> {
    let (lines, source) = match &args.from_csv {
        Some(file) => {
            let (lines, sha) = read_file(file)?;
            (lines, Some((file.clone(), sha)))
        }
        None => (vec![flag_line(args)?], None),
    };
    Ok(MoveRequest {
        lines,
        source,
        reason: args.reason.clone(),
        plan: None,
        dry_run: args.dry_run,
        again: args.again,
    })
}

fn flag_line(args: &Args) -> Result<MoveLine> {
    let (Some(sku), Some(from), Some(to)) = (&args.sku, &args.from, &args.to) else {
        return Err(UsageError(tr!("door-move-give")).into());
    };
    if args.qty.is_none() && !args.all {
        return Err(UsageError(tr!("door-move-how-much")).into());
    }
    Ok(MoveLine {
        line: 0,
        sku: flag("--sku", sku.trim(), Sku::parse)?,
        from: flag("--from", from.trim(), WarehouseCode::parse)?,
        to: flag("--to", to.trim(), WarehouseCode::parse)?,
        qty: args
            .qty
            .map(|q| flag("--qty", &q.to_string(), |_| Qty::new(q)))
            .transpose()?,
        priority: args.priority,
    })
}

/// The template's lines (all read and checked before anything is written) and its SHA-256.
pub fn read_file(file: &std::path::Path) -> Result<(Vec<MoveLine>, String)> {
    let mut input = CsvInput::open(file, MOVE_FIELDS, &ReadOptions::default())?;
    let mut problems = Problems::new(input.display_name());
    let mut lines = Vec::new();
    while let Some(row) = input.next_row(&mut problems)? {
        let mut c = Cells::new(&row, &input, &mut problems);
        let sku = c.sku(0);
        let from = c.warehouse(1);
        let to = c.warehouse(2);
        let qty = c.opt_qty(3);
        let priority = c.opt_int(4, 0);
        if let (Some(sku), Some(from), Some(to), true) = (sku, from, to, c.ok()) {
            lines.push(MoveLine {
                line: row.line,
                sku,
                from,
                to,
                qty,
                priority,
            });
        }
    }
    problems.into_result()?;
    Ok((lines, input.sha256().to_string()))
}

/// What a move did, or (dry run) would do; also used by `plan apply`.
pub fn report(ctx: &Ctx, req: &MoveRequest, moved: &Moved) -> Result<u8> {
    let what = crate::ops::moves::summary(req, moved);
    door::conclude_text(
        ctx,
        &moved.gate,
        &moved.passed,
        &tr!("door-would-move", what = &what),
        text!("door-moved", what = what),
    )
}
