//! `invmap import KIND FILE`: load a spreadsheet, all or nothing.
//!
//! Every row is read, validated and staged inside one write transaction; if any row is bad
//! the transaction is rolled back and the error lists every bad row (up to 50), so the store
//! never holds part of a file. Links are recorded as a change (rollback point + audit).

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use super::Ctx;
use crate::csvio::cells::Cells;
use crate::csvio::read::{CsvInput, Encoding, Field, ReadOptions};
use crate::csvio::templates::*;
use crate::domain::code::WarehouseCode;
use crate::domain::effect::EffectRules;
use crate::domain::problem::{Problem, Problems};
use crate::domain::records::*;
use crate::domain::values::{OrderStatus, WarehouseStatus, stored};
use crate::error::Refused;
use crate::ops::change::Gate;
use crate::store::imports;
use crate::store::plans::PlanRow;
use crate::store::{OpenMode, Store, Tx};
use crate::{text, tr};

/// Load warehouses, products, links, orders, cycle counts or complaints from a CSV file.
///
/// The file may be UTF-8 (with or without BOM) or GBK, with English or Chinese headers
/// (see `examples/`). A key already in the store is updated; the summary says how many rows
/// were inserted, updated and unchanged. Any bad row means nothing is imported.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What the file holds
    #[arg(value_enum)]
    pub kind: Kind,
    /// The CSV file
    pub file: PathBuf,
    /// The file's encoding when detection is not wanted: utf-8 or gbk
    #[arg(long)]
    pub encoding: Option<Encoding>,
    /// Why (recorded with a links import)
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Warehouses,
    Products,
    Mappings,
    Orders,
    Counts,
    Complaints,
}

impl Kind {
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Warehouses => WAREHOUSE_FIELDS,
            Kind::Products => PRODUCT_FIELDS,
            Kind::Mappings => MAPPING_FIELDS,
            Kind::Orders => ORDER_FIELDS,
            Kind::Counts => COUNT_FIELDS,
            Kind::Complaints => COMPLAINT_FIELDS,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Warehouses => "warehouses",
            Kind::Products => "products",
            Kind::Mappings => "mappings",
            Kind::Orders => "orders",
            Kind::Counts => "counts",
            Kind::Complaints => "complaints",
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let opts = ReadOptions {
        encoding: args.encoding,
        ..ReadOptions::default()
    };
    // The file is checked before the store is opened: a bad header creates nothing.
    let mut input = CsvInput::open(&args.file, args.kind.fields(), &opts)?;
    if crate::store::postgres::is_server(&ctx.db.to_string_lossy()) {
        let (opened, operator) = ctx.open_either(OpenMode::Existing, true)?;
        let ctx = &ctx.as_role(operator);
        let super::Opened::Server(mut server) = opened else {
            unreachable!("a server location opens a server")
        };
        let reason = args.reason.as_deref();
        let loaded = on_server(ctx, &mut server, args.kind, &mut input, reason, None);
        return said(ctx, args.kind, &input, loaded?);
    }
    let new_store = !ctx.db.exists();
    let mut store = crate::store::open(&ctx.db, OpenMode::CreateIfMissing)?;
    let loaded = import_file(
        ctx,
        &mut store,
        args.kind,
        &mut input,
        args.reason.as_deref(),
        None,
    );
    say_notes(ctx, &input);
    let Imported { counts, landed } = match loaded {
        Ok(done) => done,
        Err(e) => {
            // A store this import created is taken away again when the import fails: a
            // mistyped --db must not leave an empty store behind.
            if new_store {
                drop(store);
                for suffix in ["", "-wal", "-shm"] {
                    let mut path = ctx.db.clone().into_os_string();
                    path.push(suffix);
                    let _ = std::fs::remove_file(path);
                }
            }
            return Err(e);
        }
    };
    if new_store {
        ctx.say(&tr!("store-created", path = &ctx.db.display()));
    }
    said(ctx, args.kind, &input, Imported { counts, landed })
}

/// What an import did, said: the change it recorded, or the counts of plain rows.
fn said(ctx: &Ctx, kind: Kind, input: &CsvInput, done: Imported) -> Result<u8> {
    let Imported { counts, landed } = done;
    let summary = text!(
        "cli-import-summary",
        kind = kind.name(),
        file = input.display_name(),
        inserted = counts.inserted,
        updated = counts.updated,
        unchanged = counts.unchanged,
    );
    match landed {
        Some(_) => ctx.report_change(landed, summary),
        None => ctx.say(&summary.to_string()),
    }
    Ok(0)
}

/// Loads one file into the store in one transaction; used by `import` and `demo`.
/// `plan`: the approved plan an import of mappings applies (its threshold is met).
pub fn import_file(
    ctx: &Ctx,
    store: &mut Store,
    kind: Kind,
    input: &mut CsvInput,
    reason: Option<&str>,
    plan: Option<&PlanRow>,
) -> Result<Imported> {
    let settings = store.settings()?;
    let tz = settings.timezone;
    let warehouses = store.warehouse_code_set()?;
    let mut problems = Problems::new(input.display_name());
    if kind == Kind::Mappings {
        let meta = mappings_meta(ctx, plan, reason, input);
        let mut phases = crate::ops::phases::Phases::new(false);
        phases.start("load");
        let tx = store.begin_change(meta)?;
        let counts = {
            let mut loader = imports::MappingLoader::new(&tx)?;
            let counts = load_rows(
                input,
                &mut problems,
                |c| mapping(c, &warehouses),
                |_, r| loader.load(r),
                |r| format!("{} @ {}", r.product_id, r.warehouse_code),
            )?;
            loader.flush()?;
            counts
        };
        problems.into_result()?;
        needs_no_plan(&settings, &counts, plan, input)?;
        if let Some(plan) = plan {
            tx.mark_plan_applied(plan.id)?;
        }
        say_closed(ctx, tx.links_at_closed_warehouses()?);
        tx.audit(
            "import-mappings",
            None,
            None,
            &mappings_detail(&counts, input),
        )?;
        // One entry per link inserted or updated (SPEC §6): `audit --sku` tells each SKU's
        // whole story. At a million links this is most of what an import costs beyond the
        // bare load (see the README's speed table).
        phases.start("audit");
        tx.audit_items()?;
        phases.start("commit");
        let landed = tx.finish(&serde_json::to_value(counts)?)?;
        phases.finish();
        return Ok(Imported { counts, landed });
    }
    if kind == Kind::Warehouses {
        return import_warehouses(ctx, store, input, reason, problems);
    }
    let tx = store.begin_plain()?;
    let counts = load_plain(&tx, kind, input, &mut problems, &tz, &warehouses)?;
    problems.into_result()?;
    tx.commit()?;
    Ok(Imported {
        counts,
        landed: None,
    })
}

/// Notes (encoding, skipped lines, normalised values) are complete once the file is read.
fn say_notes(ctx: &Ctx, input: &CsvInput) {
    for note in input.notes() {
        ctx.say(&tr!("cli-note", note = &note));
    }
}

/// An import into a server store: links streamed in with COPY and settled set-based, and
/// warehouses, each as a change through the same door as on a file; products, orders,
/// counts and complaints as plain rows, COPY-staged too.
pub fn on_server(
    ctx: &Ctx,
    server: &mut crate::store::postgres::Server,
    kind: Kind,
    input: &mut CsvInput,
    reason: Option<&str>,
    plan: Option<&PlanRow>,
) -> Result<Imported> {
    let settings = server.settings()?;
    let mut problems = Problems::new(input.display_name());
    match kind {
        Kind::Mappings => {
            let warehouses: HashSet<String> = server.warehouse_codes()?.into_iter().collect();
            let mut imp = server.begin_import(mappings_meta(ctx, plan, reason, input))?;
            load_rows(
                input,
                &mut problems,
                |c| mapping(c, &warehouses),
                |line, r| imp.load_link(line, r),
                |r| format!("{} @ {}", r.product_id, r.warehouse_code),
            )?;
            say_notes(ctx, input);
            let (counts, twice) = imp.settle_links()?;
            for (line, pair) in twice {
                let column = input.column_name(0);
                let why = tr!("cli-import-duplicate-key");
                problems.push(Problem::new(line, column, &pair, why));
            }
            problems.into_result()?;
            needs_no_plan(&settings, &counts, plan, input)?;
            imp.door().mark_plan_if_any(plan.map(|p| p.id))?;
            say_closed(ctx, imp.links_at_closed_warehouses()?);
            let detail = mappings_detail(&counts, input);
            imp.door().audit("import-mappings", None, None, &detail)?;
            imp.door().audit_items()?;
            let landed = imp.into_door().finish(&serde_json::to_value(counts)?)?;
            Ok(Imported { counts, landed })
        }
        Kind::Warehouses => {
            let mut imp =
                server.begin_import(file_meta(ctx, "import-warehouses", reason, input))?;
            let counts = load_rows(
                input,
                &mut problems,
                warehouse,
                |_, r| imp.load_warehouse(r),
                |r| r.code.to_string(),
            )?;
            say_notes(ctx, input);
            problems.into_result()?;
            let (statuses, regions) = imp.loaded_changes();
            if counts.inserted + counts.updated > 0 {
                imp.door().mark_plain_write()?;
            }
            warehouse_door(
                ctx,
                imp.into_door(),
                &settings,
                counts,
                (&statuses, &regions),
            )
        }
        kind => {
            let (tz, known) = (settings.timezone, server.warehouse_codes()?);
            let known: HashSet<String> = known.into_iter().collect();
            let mut load = server.begin_load(spec_of(kind))?;
            let mut row =
                |line, cells: Vec<Option<String>>| load.row(line, &cells).map(|_| Loaded::Inserted);
            match kind {
                Kind::Products => load_rows(
                    input,
                    &mut problems,
                    product,
                    |l, r| row(l, product_cells(r)),
                    |r| r.product_id.to_string(),
                ),
                Kind::Orders => load_rows(
                    input,
                    &mut problems,
                    |c| order(c, &tz, &known),
                    |l, r| row(l, order_cells(r)),
                    |r| r.order_id.clone(),
                ),
                Kind::Counts => load_rows(
                    input,
                    &mut problems,
                    |c| count(c, &tz, &known),
                    |l, r| row(l, count_cells(r)),
                    |r| r.product_id.to_string(),
                ),
                _ => load_rows(
                    input,
                    &mut problems,
                    |c| complaint(c, &tz),
                    |l, r| row(l, complaint_cells(r)),
                    |r| r.complaint_id.clone(),
                ),
            }?;
            say_notes(ctx, input);
            let (counts, twice) = load.settle()?;
            for (line, key) in twice {
                let shown = shown_key(kind, &key);
                let why = tr!("cli-import-duplicate-key");
                problems.push(Problem::new(line, input.column_name(0), &shown, why));
            }
            problems.into_result()?;
            load.commit()?;
            Ok(Imported {
                counts,
                landed: None,
            })
        }
    }
}

/// How a kind of plain rows loads into a server.
fn spec_of(kind: Kind) -> &'static crate::store::postgres::loads::Spec {
    use crate::store::postgres::loads::*;
    match kind {
        Kind::Products => &PRODUCTS,
        Kind::Orders => &ORDERS,
        Kind::Counts => &COUNTS,
        _ => &COMPLAINTS,
    }
}

/// A row's key as a problem names it (as the file's loaders name it).
fn shown_key(kind: Kind, key: &[String]) -> String {
    match (kind, key) {
        (Kind::Counts, [sku, warehouse, at]) => {
            let at = chrono::DateTime::parse_from_rfc3339(at)
                .map(|t| t.with_timezone(&chrono::Utc).to_string())
                .unwrap_or_else(|_| at.clone());
            tr!(
                "cli-import-count-key",
                sku = sku,
                warehouse = warehouse,
                at = &at
            )
        }
        _ => key.first().cloned().unwrap_or_default(),
    }
}

fn product_cells(r: &ProductRec) -> Vec<Option<String>> {
    vec![
        Some(r.product_id.to_string()),
        r.name.clone(),
        r.category.clone(),
        r.unit_cost_cents.map(|c| c.get().to_string()),
        r.replenishment_days.map(|d| d.to_string()),
    ]
}

fn order_cells(r: &OrderRec) -> Vec<Option<String>> {
    vec![
        Some(r.order_id.clone()),
        Some(r.product_id.to_string()),
        r.warehouse_code.as_ref().map(|w| w.to_string()),
        Some(r.quantity.to_string()),
        Some(r.status.as_str().to_string()),
        Some(stored(r.created_at)),
        r.shipped_at.map(stored),
        r.delivered_at.map(stored),
    ]
}

fn count_cells(r: &CountRec) -> Vec<Option<String>> {
    vec![
        Some(r.product_id.to_string()),
        Some(r.warehouse_code.to_string()),
        Some(stored(r.counted_at)),
        Some(r.system_quantity.get().to_string()),
        Some(r.counted_quantity.get().to_string()),
    ]
}

fn complaint_cells(r: &ComplaintRec) -> Vec<Option<String>> {
    vec![
        Some(r.complaint_id.clone()),
        r.order_id.clone(),
        r.product_id.as_ref().map(|p| p.to_string()),
        Some(stored(r.created_at)),
        r.category.clone(),
    ]
}

/// Who, why and from what file an import is made.
fn file_meta(
    ctx: &Ctx,
    kind: &str,
    reason: Option<&str>,
    input: &CsvInput,
) -> crate::store::changes::ChangeMeta {
    let mut meta = ctx.change_meta(kind, reason);
    meta.source_file = Some(input.display_name().to_string());
    meta.source_sha256 = Some(input.sha256().to_string());
    meta
}

/// Who, why and from what file an import of links is made (a plan's, when it applies one).
fn mappings_meta(
    ctx: &Ctx,
    plan: Option<&PlanRow>,
    reason: Option<&str>,
    input: &CsvInput,
) -> crate::store::changes::ChangeMeta {
    let mut meta = match plan {
        Some(plan) => crate::ops::plans::plan_meta(ctx, plan, "import-mappings"),
        None => return file_meta(ctx, "import-mappings", reason, input),
    };
    meta.source_file = Some(input.display_name().to_string());
    meta.source_sha256 = Some(input.sha256().to_string());
    meta
}

/// The approval threshold counts the links the import touches, inside its transaction.
fn needs_no_plan(
    settings: &crate::domain::settings::Settings,
    counts: &LoadCounts,
    plan: Option<&PlanRow>,
    input: &CsvInput,
) -> Result<()> {
    let touched = counts.inserted + counts.updated;
    if let Some(limit) = settings
        .approval_threshold
        .filter(|l| touched > *l && plan.is_none())
    {
        return Err(Refused(tr!(
            "cli-import-needs-plan",
            count = touched,
            limit = limit,
            file = input.display_name(),
        ))
        .into());
    }
    Ok(())
}

/// Links put at closed warehouses take no orders: said, per warehouse.
fn say_closed(ctx: &Ctx, closed: Vec<(String, i64)>) {
    for (code, links) in closed {
        ctx.say(&tr!(
            "cli-import-links-at-closed",
            count = links,
            code = &code,
        ));
    }
}

/// The audit entry of an import of links (hashed: the same text on every backend).
fn mappings_detail(counts: &LoadCounts, input: &CsvInput) -> String {
    format!(
        "{} inserted, {} updated, {} unchanged from {} (sha256 {})",
        counts.inserted,
        counts.updated,
        counts.unchanged,
        input.display_name(),
        input.sha256()
    )
}

/// Warehouses: new ones and names or costs are plain rows; a status that changes (a close,
/// a reopen) goes through the guarded door like `warehouse close` — judged, approved above
/// the threshold, refused in a blackout — and a region that changes is recorded; either
/// makes the import a change with its audit entries.
fn import_warehouses(
    ctx: &Ctx,
    store: &mut Store,
    input: &mut CsvInput,
    reason: Option<&str>,
    mut problems: Problems,
) -> Result<Imported> {
    let settings = store.settings()?;
    let tx = store.begin_change(file_meta(ctx, "import-warehouses", reason, input))?;
    let mut loader = imports::WarehouseLoader::new(&tx)?;
    let counts = load_rows(
        input,
        &mut problems,
        warehouse,
        |_, r| loader.load(r),
        |r| r.code.to_string(),
    )?;
    problems.into_result()?;
    let statuses = loader.status_changes().to_vec();
    let regions = loader.region_changes().to_vec();
    drop(loader);
    if counts.inserted + counts.updated > 0 {
        tx.mark_plain_write();
    }
    let door = crate::store::FileDoor::open(tx)?;
    warehouse_door(ctx, door, &settings, counts, (&statuses, &regions))
}

/// (code, before, after) of each warehouse status, and of each region, an import changes.
type Moves<'a> = (
    &'a [(String, String, String)],
    &'a [(String, String, String)],
);

/// The rest of an import of warehouses, on either backend: the statuses and regions it
/// changes go through the guarded door — judged, approved above the threshold, refused in a
/// blackout, recorded.
fn warehouse_door(
    ctx: &Ctx,
    door: Box<dyn crate::store::door::EffectTx + '_>,
    settings: &crate::domain::settings::Settings,
    counts: LoadCounts,
    (statuses, regions): Moves<'_>,
) -> Result<Imported> {
    let gate = Gate {
        rules: EffectRules {
            what: crate::text!("cli-import-this-import"),
            require_region_cover: settings.require_region_cover,
            orphan_override: crate::text!("cli-import-orphan-override"),
            ..EffectRules::default()
        },
        threshold: settings.approval_threshold,
        plan_hint: tr!("cli-import-plan-hint"),
        ..Gate::default()
    };
    let passed = crate::ops::change::through(
        ctx,
        door,
        &gate,
        |effect| {
            for (code, before, after) in statuses {
                let action = if after == "closed" { "close" } else { "reopen" };
                effect.stage_status(code, before, after, action)?;
            }
            for (code, before, after) in regions {
                effect.stage_region(code, before, after)?;
            }
            Ok(())
        },
        |_| Ok(()),
    )?;
    crate::ops::warnings::say(ctx, &passed.warnings);
    Ok(Imported {
        counts,
        landed: passed.landed,
    })
}

/// Reads a mappings file through without writing anything: every bad row is an input error
/// (as the import would say); returns how many rows it holds (for `plan create`).
pub fn check_mappings(warehouses: &HashSet<String>, input: &mut CsvInput) -> Result<i64> {
    let mut problems = Problems::new(input.display_name());
    let counts = load_rows(
        input,
        &mut problems,
        |c| mapping(c, warehouses),
        |_, _| Ok(Loaded::Inserted),
        |r| format!("{} @ {}", r.product_id, r.warehouse_code),
    )?;
    problems.into_result()?;
    Ok(counts.inserted as i64)
}

/// The rows of a mappings-shaped file (`bind --from-csv`), validated like an import's —
/// unknown warehouses with "did you mean", a pair twice refused — all read before anything is
/// written.
pub fn read_mapping_rows(
    warehouses: &HashSet<String>,
    input: &mut CsvInput,
) -> Result<Vec<MappingRec>> {
    let mut problems = Problems::new(input.display_name());
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    load_rows(
        input,
        &mut problems,
        |c| mapping(c, warehouses),
        |_, r| {
            if !seen.insert((r.product_id.clone(), r.warehouse_code.clone())) {
                return Ok(Loaded::Duplicate);
            }
            rows.push(r.clone());
            Ok(Loaded::Inserted)
        },
        |r| format!("{} @ {}", r.product_id, r.warehouse_code),
    )?;
    problems.into_result()?;
    Ok(rows)
}

/// What an import did: the counts, and for links the change it recorded.
pub struct Imported {
    pub counts: LoadCounts,
    pub landed: Option<(i64, String)>,
}

fn load_plain(
    tx: &impl Tx,
    kind: Kind,
    input: &mut CsvInput,
    problems: &mut Problems,
    tz: &crate::domain::zone::Zone,
    warehouses: &std::collections::HashSet<String>,
) -> Result<LoadCounts> {
    match kind {
        Kind::Products => {
            let mut l = imports::ProductLoader::new(tx)?;
            load_rows(
                input,
                problems,
                product,
                |_, r| l.load(r),
                |r| r.product_id.to_string(),
            )
        }
        Kind::Orders => {
            let mut l = imports::OrderLoader::new(tx)?;
            load_rows(
                input,
                problems,
                |c| order(c, tz, warehouses),
                |_, r| l.load(r),
                |r| r.order_id.clone(),
            )
        }
        Kind::Counts => {
            let mut l = imports::CountLoader::new(tx)?;
            load_rows(
                input,
                problems,
                |c| count(c, tz, warehouses),
                |_, r| l.load(r),
                |r| {
                    tr!(
                        "cli-import-count-key",
                        sku = &r.product_id,
                        warehouse = &r.warehouse_code,
                        at = &r.counted_at,
                    )
                },
            )
        }
        Kind::Complaints => {
            let mut l = imports::ComplaintLoader::new(tx)?;
            load_rows(
                input,
                problems,
                |c| complaint(c, tz),
                |_, r| l.load(r),
                |r| r.complaint_id.clone(),
            )
        }
        Kind::Mappings | Kind::Warehouses => {
            unreachable!("links and warehouses are imported as changes")
        }
    }
}

/// The loop every import shares: read, validate, load, count; problems are collected.
fn load_rows<R>(
    input: &mut CsvInput,
    problems: &mut Problems,
    mut parse: impl FnMut(&mut Cells<'_>) -> Option<R>,
    mut load: impl FnMut(u64, &R) -> Result<Loaded>,
    key: impl Fn(&R) -> String,
) -> Result<LoadCounts> {
    let mut counts = LoadCounts::default();
    while let Some(row) = input.next_row(problems)? {
        let rec = {
            let mut cells = Cells::new(&row, input, problems);
            let rec = parse(&mut cells);
            rec.filter(|_| cells.ok())
        };
        let Some(rec) = rec else { continue };
        match load(row.line, &rec)? {
            Loaded::Duplicate => problems.push(Problem::new(
                row.line,
                input.column_name(0),
                &key(&rec),
                tr!("cli-import-duplicate-key"),
            )),
            loaded => counts.add(loaded),
        }
    }
    if counts == LoadCounts::default() && problems.is_empty() {
        tracing::info!("{}", tr!("cli-import-no-rows", file = input.display_name()));
    }
    Ok(counts)
}

fn known_warehouse(
    c: &mut Cells<'_>,
    i: usize,
    code: Option<WarehouseCode>,
    known: &std::collections::HashSet<String>,
) -> Option<WarehouseCode> {
    let code = code?;
    if known.contains(code.as_str()) {
        return Some(code);
    }
    let hint = crate::domain::near::hint_among(code.as_str(), known.iter());
    c.fail(i, tr!("cli-import-unknown-warehouse", hint = &hint));
    None
}

fn warehouse(c: &mut Cells<'_>) -> Option<WarehouseRec> {
    Some(WarehouseRec {
        code: c.warehouse(0)?,
        name: c.text(1),
        region: c.text(2),
        status: c.with(3, false, WarehouseStatus::parse),
        storage_cost_micros: c.opt_decimal(4, 6),
    })
}

fn product(c: &mut Cells<'_>) -> Option<ProductRec> {
    let product_id = c.sku(0);
    let name = c.text(1);
    let category = c.text(2);
    let unit_cost_cents = c.opt_cents(3);
    let replenishment_days = c.opt_int(4, 1);
    Some(ProductRec {
        product_id: product_id?,
        name,
        category,
        unit_cost_cents,
        replenishment_days,
    })
}

fn mapping(
    c: &mut Cells<'_>,
    warehouses: &std::collections::HashSet<String>,
) -> Option<MappingRec> {
    let product_id = c.sku(0);
    let wh = c.warehouse(1);
    let warehouse_code = known_warehouse(c, 1, wh, warehouses);
    let stock_quantity = c.opt_qty(2);
    let priority = c.opt_int(3, 0);
    Some(MappingRec {
        product_id: product_id?,
        warehouse_code: warehouse_code?,
        stock_quantity,
        priority,
    })
}

fn order(
    c: &mut Cells<'_>,
    tz: &crate::domain::zone::Zone,
    warehouses: &std::collections::HashSet<String>,
) -> Option<OrderRec> {
    let order_id = c.with(0, true, |v| Ok(v.to_string()));
    let product_id = c.sku(1);
    let wh = c.opt_warehouse(2);
    let warehouse_code = match wh {
        Some(w) => Some(known_warehouse(c, 2, Some(w), warehouses)?),
        None => None,
    };
    let quantity = c.int(3, 1);
    let status = c.with(4, true, OrderStatus::parse);
    let created_at = c.time(5, tz);
    let shipped_at = c.opt_time(6, tz);
    let delivered_at = c.opt_time(7, tz);
    Some(OrderRec {
        order_id: order_id?,
        product_id: product_id?,
        warehouse_code,
        quantity: quantity?,
        status: status?,
        created_at: created_at?,
        shipped_at,
        delivered_at,
    })
}

fn count(
    c: &mut Cells<'_>,
    tz: &crate::domain::zone::Zone,
    warehouses: &std::collections::HashSet<String>,
) -> Option<CountRec> {
    let product_id = c.sku(0);
    let wh = c.warehouse(1);
    let warehouse_code = known_warehouse(c, 1, wh, warehouses);
    let counted_at = c.time(2, tz);
    let system_quantity = c.qty(3);
    let counted_quantity = c.qty(4);
    Some(CountRec {
        product_id: product_id?,
        warehouse_code: warehouse_code?,
        counted_at: counted_at?,
        system_quantity: system_quantity?,
        counted_quantity: counted_quantity?,
    })
}

fn complaint(c: &mut Cells<'_>, tz: &crate::domain::zone::Zone) -> Option<ComplaintRec> {
    let complaint_id = c.with(0, true, |v| Ok(v.to_string()));
    let order_id = c.text(1);
    let product_id = c.opt_sku(2);
    let created_at = c.time(3, tz);
    let category = c.text(4);
    Some(ComplaintRec {
        complaint_id: complaint_id?,
        order_id,
        product_id,
        created_at: created_at?,
        category,
    })
}
