//! Plans of the changes other than unbinds (SPEC §9.3): `plan create --rollback N |
//! --restore FILE | --close CODE | --bind | --import-mappings FILE | --adopt`, and how
//! `plan apply` applies them. A plan of one
//! of these is judged now exactly as the command's dry run would be (refused pairs refuse
//! the plan unless --with-refusals), and applied later through the same door, its checks run
//! again, the plan marked applied in the change's own transaction.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::json;

use super::{Ctx, door, flag};
use crate::csvio::read::{CsvInput, ReadOptions};
use crate::csvio::templates::MAPPING_FIELDS;
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::Qty;
use crate::error::{InputError, Refused, UsageError};
use crate::ops::backup::{self as backup_ops, RestoreRequest, sha256_file};
use crate::ops::bind::BindRequest;
use crate::ops::change::{Gate, Passed, refusals};
use crate::ops::rollback::{self, Target};
use crate::ops::warehouse::{self, StatusRequest};
use crate::ops::{self};
use crate::store::DueDesk;
use crate::store::plans::{NewPlan, PlanPairs, PlanRow};
use crate::{text, tr};

/// A change other than an unbind, as `plan create` takes it.
#[derive(Debug, Clone)]
pub enum Kind {
    Rollback(i64),
    Restore(PathBuf),
    Close {
        code: WarehouseCode,
        allow_orphan: bool,
        allow_region_gap: bool,
    },
    Bind {
        sku: Sku,
        warehouse: WarehouseCode,
        qty: Option<Qty>,
        priority: Option<i64>,
    },
    /// An import of mappings (applied by `plan apply` as `invmap import mappings FILE`).
    ImportMappings(PathBuf),
    /// Recording the links edited behind invmap's back, as `invmap adopt`.
    Adopt,
    /// Every row of a file, as `invmap bind --from-csv FILE` (applied from the same file,
    /// proven unchanged by its checksum).
    BindFile(PathBuf),
    /// The moves of a template, as `invmap move --from-csv FILE` (the same file at apply).
    MoveFile(PathBuf),
    /// Another system's export adopted, as `invmap reconcile FILE --adopt`.
    ReconcileFile(PathBuf),
}

/// What `plan create` was given besides the change itself.
pub struct Create<'a> {
    pub reason: Option<&'a str>,
    pub ticket: Option<&'a str>,
    /// Applying it overrides the refusals (needs a reason; recorded).
    pub force: bool,
    pub with_refusals: bool,
}

impl Kind {
    /// The bind of `plan create --bind --sku S --warehouse W [--qty N] [--priority P]`.
    pub fn bind(
        skus: &[String],
        whs: &[String],
        qty: Option<i64>,
        priority: Option<i64>,
    ) -> Result<Kind> {
        let (Some(sku), Some(wh), 1, 1) = (skus.first(), whs.first(), skus.len(), whs.len()) else {
            return Err(UsageError(tr!("door-bind-one-pair")).into());
        };
        Ok(Kind::Bind {
            sku: flag("--sku", sku.trim(), Sku::parse)?,
            warehouse: flag("--warehouse", wh.trim(), WarehouseCode::parse)?,
            qty: qty
                .map(|q| flag("--qty", &q.to_string(), |_| Qty::new(q)))
                .transpose()?,
            priority,
        })
    }

    fn options(&self, force: bool) -> serde_json::Value {
        match self {
            Kind::Rollback(target) => json!({"kind": "rollback", "target": target, "force": force}),
            Kind::Restore(_) => json!({"kind": "restore", "force": force}),
            Kind::ImportMappings(_) => json!({"kind": "import-mappings"}),
            Kind::Adopt => json!({"kind": "adopt", "force": force}),
            Kind::BindFile(_) => json!({"kind": "bind-file"}),
            Kind::MoveFile(_) => json!({"kind": "move-file"}),
            Kind::ReconcileFile(_) => json!({"kind": "reconcile-file", "force": force}),
            Kind::Close {
                code,
                allow_orphan,
                allow_region_gap,
            } => json!({
                "kind": "close", "warehouse": code, "allow_orphan": allow_orphan,
                "allow_region_gap": allow_region_gap, "force": force,
            }),
            Kind::Bind {
                sku,
                warehouse,
                qty,
                priority,
            } => json!({
                "kind": "bind", "sku": sku, "warehouse": warehouse, "qty": qty,
                "priority": priority, "force": force,
            }),
        }
    }

    /// Back from a stored plan's options (`None`: an unbind plan).
    pub fn of(plan: &PlanRow) -> Result<Option<Kind>> {
        let o = &plan.options;
        let text = |k: &str| {
            o.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let flag_of = |k: &str| o.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
        let bad_kind = |what: &str, kind: &str| {
            anyhow::anyhow!(tr!("door-plan-bad", id = plan.id, what = what, kind = kind))
        };
        let bad = |what: &str| bad_kind(what, "");
        Ok(Some(match o.get("kind").and_then(|v| v.as_str()) {
            None | Some("unbind") => return Ok(None),
            Some("rollback") => Kind::Rollback(o["target"].as_i64().ok_or_else(|| bad("target"))?),
            Some("restore") => {
                Kind::Restore(PathBuf::from(plan.source_file.clone().unwrap_or_default()))
            }
            Some("import-mappings") => {
                Kind::ImportMappings(PathBuf::from(plan.source_file.clone().unwrap_or_default()))
            }
            Some("adopt") => Kind::Adopt,
            Some("reconcile-file") => {
                Kind::ReconcileFile(PathBuf::from(plan.source_file.clone().unwrap_or_default()))
            }
            Some("move-file") => {
                Kind::MoveFile(PathBuf::from(plan.source_file.clone().unwrap_or_default()))
            }
            Some("bind-file") => {
                Kind::BindFile(PathBuf::from(plan.source_file.clone().unwrap_or_default()))
            }
            Some("close") => Kind::Close {
                code: WarehouseCode::parse(&text("warehouse")).map_err(|_| bad("warehouse"))?,
                allow_orphan: flag_of("allow_orphan"),
                allow_region_gap: flag_of("allow_region_gap"),
            },
            Some("bind") => Kind::Bind {
                sku: Sku::parse(&text("sku")).map_err(|_| bad("sku"))?,
                warehouse: WarehouseCode::parse(&text("warehouse"))
                    .map_err(|_| bad("warehouse"))?,
                qty: o["qty"]
                    .as_i64()
                    .map(Qty::new)
                    .transpose()
                    .map_err(|_| bad("quantity"))?,
                priority: o["priority"].as_i64(),
            },
            Some(other) => return Err(bad_kind("kind", &format!("{other:?}"))),
        }))
    }
}

/// Judges the change as its dry run would, and stores it as a plan; returns its id.
pub fn create(ctx: &Ctx, store: &mut dyn DueDesk, kind: &Kind, c: &Create<'_>) -> Result<i64> {
    if let Kind::ImportMappings(file) = kind {
        return create_import(ctx, store, file, c);
    }
    let (gate, passed, file) = judge(ctx, store, kind, c.force, c.reason, None, true)?;
    crate::ops::warnings::say(ctx, &passed.warnings);
    let why = refusals(
        &Passed {
            needs_plan: None,
            ..passed.clone()
        },
        &gate,
    );
    if !why.is_empty() && !c.with_refusals {
        return Err(Refused(format!(
            "{}\n{}",
            why.join("\n"),
            tr!("door-plan-kind-not-created")
        ))
        .into());
    }
    let sha = file.as_deref().map(sha256_file).transpose()?;
    store.create_plan(&NewPlan {
        at: ctx.now_text().to_string(),
        creator: ctx.operator.clone(),
        reason: c.reason.unwrap_or_default().to_string(),
        ticket: c.ticket.map(str::to_string),
        source_file: file.map(|f| f.display().to_string()),
        source_sha256: sha,
        options: kind.options(c.force),
        status: "pending",
        effective_at: None,
        pairs: PlanPairs::Effect,
    })
}

/// An import is checked row by row now (nothing written) and applied from the same file,
/// proven unchanged by its checksum.
fn create_import(
    ctx: &Ctx,
    store: &mut dyn DueDesk,
    file: &std::path::Path,
    c: &Create<'_>,
) -> Result<i64> {
    let mut input = CsvInput::open(file, MAPPING_FIELDS, &ReadOptions::default())?;
    let known = store.warehouse_codes()?.into_iter().collect();
    let rows = super::import::check_mappings(&known, &mut input)?;
    store.create_plan(&NewPlan {
        at: ctx.now_text().to_string(),
        creator: ctx.operator.clone(),
        reason: c.reason.unwrap_or_default().to_string(),
        ticket: c.ticket.map(str::to_string),
        source_file: Some(file.display().to_string()),
        source_sha256: Some(input.sha256().to_string()),
        options: Kind::ImportMappings(file.to_path_buf()).options(false),
        status: "pending",
        effective_at: None,
        pairs: PlanPairs::Count(rows),
    })
}

/// The plan's file must be the one it was made from.
fn same_file(plan: &PlanRow, file: &std::path::Path) -> Result<()> {
    let sha = sha256_file(file).map_err(|_| {
        Refused(tr!(
            "door-plan-file-unreadable",
            id = plan.id,
            file = &file.display()
        ))
    })?;
    if Some(&sha) != plan.source_sha256.as_ref() {
        return Err(Refused(tr!(
            "door-plan-file-changed",
            file = &file.display(),
            id = plan.id,
            sha = &sha[..12]
        ))
        .into());
    }
    Ok(())
}

/// Applies (or, dry run, judges) an approved plan of a change other than an unbind; `None`
/// when the plan is an unbind plan.
pub fn apply(
    ctx: &Ctx,
    store: &mut dyn DueDesk,
    plan: &PlanRow,
    dry_run: bool,
) -> Result<Option<u8>> {
    let Some(kind) = Kind::of(plan)? else {
        return Ok(None);
    };
    let force = plan.options.get("force").and_then(|v| v.as_bool()) == Some(true);
    if let Kind::Restore(file)
    | Kind::ImportMappings(file)
    | Kind::BindFile(file)
    | Kind::MoveFile(file)
    | Kind::ReconcileFile(file) = &kind
    {
        same_file(plan, file)?;
    }
    if let Kind::ImportMappings(file) = &kind {
        if dry_run {
            ctx.say(&tr!("door-dry-run-file-unchanged"));
            return Ok(Some(0));
        }
        let mut input = CsvInput::open(file, MAPPING_FIELDS, &ReadOptions::default())?;
        let reason = Some(plan.reason.as_str());
        let kind = super::import::Kind::Mappings;
        let done = match store.as_server() {
            Some(server) => {
                super::import::on_server(ctx, server, kind, &mut input, reason, Some(plan))?
            }
            None => super::import::import_file(
                ctx,
                store.file_store()?,
                kind,
                &mut input,
                reason,
                Some(plan),
            )?,
        };
        ctx.report_change(done.landed, text!("door-plan-applied", id = plan.id));
        return Ok(Some(0));
    }
    let (gate, passed, _) = judge(
        ctx,
        store,
        &kind,
        force,
        Some(&plan.reason),
        Some(plan),
        dry_run,
    )?;
    door::render(ctx, &gate, &passed)?;
    if dry_run {
        ctx.say(&tr!("door-dry-run-nothing-changed"));
    } else {
        ctx.report_change(
            passed.landed.clone(),
            text!("door-plan-applied", id = plan.id),
        );
    }
    Ok(Some(0))
}

/// Runs the change through the door: a dry run, or (with the plan) the real thing.
fn judge(
    ctx: &Ctx,
    store: &mut dyn DueDesk,
    kind: &Kind,
    force: bool,
    reason: Option<&str>,
    plan: Option<&PlanRow>,
    dry_run: bool,
) -> Result<(Gate, Passed, Option<PathBuf>)> {
    let reason = reason.map(str::to_string);
    let plan = plan.cloned();
    Ok(match kind {
        Kind::Rollback(target) => {
            let done = rollback::run(
                ctx,
                store,
                &rollback::Request {
                    target: Target::Change(*target),
                    dry_run,
                    force,
                    reason,
                    plan,
                },
            )?;
            (done.gate, done.passed, None)
        }
        Kind::Restore(file) => {
            let k = backup_ops::verify_file(ctx, file)?;
            let req = RestoreRequest {
                dry_run,
                force,
                reason,
                plan,
            };
            let done = backup_ops::restore(ctx, store, file, k, &req)?;
            (done.gate, done.passed, Some(file.clone()))
        }
        Kind::Close {
            code,
            allow_orphan,
            allow_region_gap,
        } => {
            let req = StatusRequest {
                code: Some(code.clone()),
                after: "closed",
                dry_run,
                force,
                allow_orphan: *allow_orphan,
                allow_region_gap: *allow_region_gap,
                reason,
                plan,
                exit_of: None,
            };
            let done = warehouse::set_status(ctx, store, &req)?;
            (done.gate, done.passed, None)
        }
        Kind::ImportMappings(_) => unreachable!("an import is planned and applied apart"),
        Kind::ReconcileFile(file) => {
            let mut input = CsvInput::open(
                file,
                crate::csvio::templates::RECONCILE_FIELDS,
                &ReadOptions::default(),
            )?;
            let adopt = |store: &mut dyn crate::store::Reconciling| {
                super::reconcile::load_rows(store, &mut input)?;
                let req = crate::ops::reconcile::Adopt {
                    file,
                    sha256: input.sha256(),
                    reason,
                    force,
                    plan,
                    dry_run,
                };
                crate::ops::reconcile::adopt(ctx, store, &req)
            };
            let (gate, passed) = if store.as_server().is_some() {
                adopt(store.as_server().expect("a server"))?
            } else {
                adopt(store.file_store()?)?
            };
            (gate, passed, Some(file.clone()))
        }
        Kind::MoveFile(file) => {
            let (lines, sha) = super::moves::read_file(file)?;
            let req = crate::ops::moves::MoveRequest {
                lines,
                source: Some((file.clone(), sha)),
                reason,
                plan,
                dry_run,
                again: false,
            };
            let moved = crate::ops::moves::run(ctx, store, &req)?;
            (moved.gate, moved.passed, Some(file.clone()))
        }
        Kind::BindFile(file) => {
            let req = super::bind::bind_file_request(store, file, reason, plan, dry_run)?;
            let (gate, passed) = crate::ops::bind::bind_file(ctx, store, &req)?;
            (gate, passed, Some(file.clone()))
        }
        Kind::Adopt => {
            let req = crate::ops::adopt::Request {
                dry_run,
                force,
                reason,
                plan,
            };
            let (gate, passed) = crate::ops::adopt::run(ctx, store, &req)?;
            (gate, passed, None)
        }
        Kind::Bind {
            sku,
            warehouse,
            qty,
            priority,
        } => {
            if store.warehouse_links(warehouse.as_str())?.is_none() {
                return Err(InputError::single(
                    "command line",
                    "--warehouse",
                    warehouse.as_str(),
                    &tr!("door-unknown-warehouse"),
                )
                .into());
            }
            let req = BindRequest {
                sku: sku.clone(),
                warehouse: warehouse.clone(),
                qty: *qty,
                priority: *priority,
                reason,
                plan,
                dry_run,
            };
            let (gate, passed) = ops::bind::bind(ctx, store, &req)?;
            (gate, passed, None)
        }
    })
}
