//! `invmap reverse CHANGE`: the templates that take a move or a migration back.

use anyhow::Result;

use super::Ctx;
use super::door::list;
use crate::csvio::write::{Cell, CsvOut};
use crate::error::Refused;
use crate::i18n::{Lang, output_lang};
use crate::ops::reverse::{merged, way_back};
use crate::store::OpenMode;
use crate::tr;

/// Write the templates that take a move or a migration back, to review, plan and apply.
///
/// `rollback` undoes one change exactly, as it was — and refuses when the links have changed
/// since. Weeks later the way back is a new change: reverse writes it as templates from what
/// the change did — `NAME.binds.csv` (the links it removed, to bind again) and
/// `NAME.moves.csv` (the stock to move back) — for `invmap bind --from-csv` and `invmap move
/// --from-csv` (or their plans). Units written off left the books and are not moved back.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The move, unbind or exit change (see `invmap changes`), or `last`; several (the
    /// stages of one batch) make one way back
    #[arg(required = true, num_args = 1..)]
    pub changes: Vec<String>,
    /// The templates' name [default: reverse-ID]: NAME.binds.csv and NAME.moves.csv
    #[arg(short = 'o', long = "output", value_name = "NAME")]
    pub output: Option<String>,
}

/// The change kinds whose way back is binds and moves.
const REVERSIBLE: &[&str] = &[
    "move",
    "unbind",
    "scheduled-unbind",
    "drain-finish",
    "warehouse-exit",
];

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
    let mut ids = Vec::new();
    let mut kinds: Vec<String> = Vec::new();
    let mut deltas = Vec::new();
    let mut asked = Vec::new();
    for arg in &args.changes {
        let id = super::change_id(opened.history(), "CHANGE", arg)?;
        reversible_kind(opened.history(), id)?;
        for id in with_its_stages(ctx, &mut opened, id)? {
            if !asked.contains(&id) {
                asked.push(id);
            }
        }
    }
    for id in asked {
        let kind = reversible_kind(opened.history(), id)?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
        deltas.extend(opened.history().change_deltas(id)?);
        ids.push(id.to_string());
    }
    let mut back = way_back(&merged(deltas));
    // A link that is there again needs no bind (binding it would overwrite its stock).
    let before = back.binds.len();
    let mut kept = Vec::new();
    for b in back.binds {
        if !opened.history().link_exists(&b.sku, &b.warehouse)? {
            kept.push(b);
        }
    }
    back.binds = kept;
    if back.binds.len() < before {
        ctx.say(&tr!(
            "door-reverse-rebound",
            count = before - back.binds.len()
        ));
    }
    let name = args
        .output
        .unwrap_or_else(|| format!("reverse-{}", ids.join("-")));
    let (id, kind) = (list(&ids), list(&kinds));
    let mut wrote = Vec::new();
    if !back.binds.is_empty() {
        let path = format!("{name}.binds.csv");
        let mut out = CsvOut::to_file(std::path::Path::new(&path), false)?;
        out.header(&["product_id", "warehouse_code", "stock_quantity", "priority"])?;
        for b in &back.binds {
            let prio = b.priority.map_or(Cell::Empty, Cell::Int);
            out.row(&[
                Cell::Text(&b.sku),
                Cell::Text(&b.warehouse),
                Cell::Int(0),
                prio,
            ])?;
        }
        out.finish()?;
        wrote.push(tr!(
            "door-reverse-binds-file",
            path = &path,
            count = back.binds.len()
        ));
    }
    if !back.moves.is_empty() {
        let path = format!("{name}.moves.csv");
        let mut out = CsvOut::to_file(std::path::Path::new(&path), false)?;
        out.header(&["product_id", "from", "to", "quantity"])?;
        for m in &back.moves {
            out.row(&[
                Cell::Text(&m.sku),
                Cell::Text(&m.from),
                Cell::Text(&m.to),
                Cell::Int(m.qty),
            ])?;
        }
        out.finish()?;
        let units: i64 = back.moves.iter().map(|m| m.qty).sum();
        wrote.push(tr!(
            "door-reverse-moves-file",
            path = &path,
            moves = back.moves.len(),
            units = units
        ));
    }
    if wrote.is_empty() {
        ctx.say(&tr!("door-reverse-nothing", count = ids.len(), ids = &id));
        return Ok(0);
    }
    let files = wrote.join(match output_lang() {
        Lang::En => " and ",
        Lang::Zh => "，",
    });
    ctx.say(&tr!(
        "door-reverse-wrote",
        count = ids.len(),
        ids = &id,
        kinds = &kind,
        files = &files
    ));
    if kinds.iter().any(|k| k == "warehouse-exit") {
        ctx.say(&tr!("door-reverse-exit-note"));
    }
    if back.written_off > 0 {
        ctx.say(&tr!(
            "door-reverse-written-off",
            units = back.written_off,
            count = ids.len(),
            ids = &id
        ));
    }
    let which = match (back.binds.is_empty(), back.moves.is_empty()) {
        (false, false) => "both",
        (false, true) => "binds",
        _ => "moves",
    };
    ctx.say(&tr!("door-reverse-apply", which = which, name = &name));
    Ok(0)
}

/// The kind of change `id`, when reverse can take it back.
fn reversible_kind(store: &mut dyn crate::store::History, id: i64) -> Result<String> {
    let Some(change) = store.change(id)? else {
        return Err(crate::error::InputError::single(
            "command line",
            "CHANGE",
            &id.to_string(),
            &tr!("door-no-such-change"),
        )
        .into());
    };
    if let Some(undo) = change.rolled_back_by {
        return Err(Refused(tr!("door-reverse-rolled-back", id = id, undo = undo)).into());
    }
    if !REVERSIBLE.contains(&change.kind.as_str()) {
        return Err(Refused(tr!("door-reverse-kind", id = id, kind = &change.kind)).into());
    }
    Ok(change.kind)
}

/// A stage of a batch comes back with the batch's other applied stages: a migration in
/// stages is one migration.
fn with_its_stages(ctx: &Ctx, store: &mut super::Opened, id: i64) -> Result<Vec<i64>> {
    let Some(stage) = store.history().stage_of_change(id)? else {
        return Ok(vec![id]);
    };
    let mut ids = Vec::new();
    for s in store.plans().batch_stages(stage.batch)? {
        let Some(change) = store
            .plans()
            .plan(s.plan_id)?
            .and_then(|p| p.applied_change)
        else {
            continue;
        };
        if let Some(undo) = store
            .history()
            .change(change)?
            .and_then(|c| c.rolled_back_by)
        {
            ctx.say(&tr!(
                "door-reverse-stage-left-out",
                stage = s.stage,
                change = change,
                undo = undo
            ));
            continue;
        }
        ids.push(change);
    }
    if ids.len() > 1 {
        let changes: Vec<String> = ids.iter().map(i64::to_string).collect();
        ctx.say(&tr!(
            "door-reverse-batch",
            id = id,
            stage = stage.stage,
            stages = stage.stages,
            ids = &list(&changes)
        ));
    }
    Ok(ids)
}
