//! Bind as a change through the guarded door: a new link, or new stock or priority for an
//! existing one; a closed warehouse takes no new link; above the threshold it needs a plan.

use anyhow::Result;

use super::Driver;
use super::change::{self, Gate, Passed};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::effect::EffectRules;
use crate::domain::values::Qty;
use crate::store::ChangeDesk;
use crate::store::plans::PlanRow;

/// One link to create or set.
#[derive(Debug, Clone)]
pub struct BindRequest {
    pub sku: Sku,
    pub warehouse: WarehouseCode,
    pub qty: Option<Qty>,
    pub priority: Option<i64>,
    pub reason: Option<String>,
    pub plan: Option<PlanRow>,
    pub dry_run: bool,
}

pub fn bind(
    d: &dyn Driver,
    store: &mut dyn ChangeDesk,
    req: &BindRequest,
) -> Result<(Gate, Passed)> {
    let settings = store.settings()?;
    let meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, "bind"),
        None => d.change_meta("bind", req.reason.as_deref()),
    };
    let gate = bind_gate(
        &settings,
        req.plan.is_some(),
        req.dry_run,
        format!(
            "invmap plan create --bind --sku {} --warehouse {}",
            req.sku, req.warehouse
        ),
    );
    let plan_id = req.plan.as_ref().map(|p| p.id);
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| effect.stage_bind(&req.sku, &req.warehouse, req.qty, req.priority),
        |tx| tx.mark_plan_if_any(plan_id),
    )?;
    Ok((gate, passed))
}

/// Many links at once, from a file (`bind --from-csv`): one change, judged and approved like
/// any other, one audit entry per link it creates or sets. Rows that change nothing are left
/// out of the change.
#[derive(Debug, Clone)]
pub struct BindFile {
    pub rows: Vec<crate::domain::records::MappingRec>,
    /// The file, for the change's source and the plan that carries it.
    pub file: std::path::PathBuf,
    pub sha256: String,
    pub reason: Option<String>,
    pub plan: Option<PlanRow>,
    pub dry_run: bool,
    /// Apply the file although the same file was applied before.
    pub again: bool,
}

pub fn bind_file(
    d: &dyn Driver,
    store: &mut dyn ChangeDesk,
    req: &BindFile,
) -> Result<(Gate, Passed)> {
    let settings = store.settings()?;
    let mut meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, "bind"),
        None => d.change_meta("bind", req.reason.as_deref()),
    };
    meta.source_file = Some(req.file.display().to_string());
    meta.source_sha256 = Some(req.sha256.clone());
    meta.reapply_guard = !req.again;
    let gate = Gate {
        from_file: true,
        ..bind_gate(
            &settings,
            req.plan.is_some(),
            req.dry_run,
            format!(
                "invmap plan create --bind --from-csv {}",
                req.file.display()
            ),
        )
    };
    let plan_id = req.plan.as_ref().map(|p| p.id);
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| {
            for r in &req.rows {
                effect.stage_bind(
                    &r.product_id,
                    &r.warehouse_code,
                    r.stock_quantity,
                    r.priority,
                )?;
            }
            Ok(())
        },
        |tx| tx.mark_plan_if_any(plan_id),
    )?;
    Ok((gate, passed))
}

/// The door a bind passes: a closed warehouse takes no new link; above the threshold it needs
/// a plan (`planned`: it is one already).
fn bind_gate(
    settings: &crate::domain::settings::Settings,
    planned: bool,
    dry_run: bool,
    plan_hint: String,
) -> Gate {
    Gate {
        rules: EffectRules {
            what: crate::text!("ops-what-bind"),
            refuse_closed_target: true,
            require_region_cover: settings.require_region_cover,
            ..EffectRules::default()
        },
        threshold: settings.approval_threshold.filter(|_| !planned),
        dry_run,
        plan_hint,
        ..Gate::default()
    }
}
