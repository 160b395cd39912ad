//! Warehouses as changes through the guarded door: adding one, closing one (its links stay,
//! so open orders still ship, but a SKU left with no warehouse that takes orders is refused
//! unless `--allow-orphan`), reopening one. Each is a change with an audit entry, approved
//! above the threshold and refused inside a blackout window like any other.

use anyhow::Result;

use super::Driver;
use super::change::{self, Gate, Passed};
use crate::domain::code::WarehouseCode;
use crate::domain::effect::EffectRules;
use crate::store::plans::PlanRow;

/// How a close or reopen is asked for.
#[derive(Debug, Clone, Default)]
pub struct StatusRequest {
    pub code: Option<WarehouseCode>,
    /// `closed` or `active`.
    pub after: &'static str,
    pub dry_run: bool,
    pub force: bool,
    pub allow_orphan: bool,
    pub allow_region_gap: bool,
    pub reason: Option<String>,
    pub plan: Option<PlanRow>,
    /// The close that finishes the exit made by this change (approved with the exit; closes
    /// only if, inside its transaction, the exit is still pending and no link is left).
    pub exit_of: Option<i64>,
}

/// What went through the door.
#[derive(Debug)]
pub struct Done {
    pub gate: Gate,
    pub passed: Passed,
}

/// Closes or reopens a warehouse.
pub fn set_status(
    d: &dyn Driver,
    store: &mut dyn crate::store::ChangeDesk,
    req: &StatusRequest,
) -> Result<Done> {
    let code = req.code.clone().expect("a warehouse code");
    let settings = store.settings()?;
    let closing = req.after == "closed";
    let kind = if closing {
        "warehouse-close"
    } else {
        "warehouse-reopen"
    };
    let meta = match &req.plan {
        Some(plan) => super::plans::plan_meta(d, plan, kind),
        None => d.change_meta(kind, req.reason.as_deref()),
    };
    let gate = Gate {
        rules: EffectRules {
            what: if closing {
                crate::text!("ops-what-close", code = &code)
            } else {
                crate::text!("ops-what-reopen", code = &code)
            },
            allow_orphan: req.allow_orphan,
            allow_region_gap: req.allow_region_gap,
            require_region_cover: settings.require_region_cover,
            orphan_override: "--allow-orphan".into(),
            ..EffectRules::default()
        },
        threshold: settings
            .approval_threshold
            .filter(|_| req.plan.is_none() && req.exit_of.is_none()),
        force: req.force,
        dry_run: req.dry_run,
        plan_hint: format!("invmap plan create --close {code}"),
        undoing: None,
        from_file: false,
    };
    let plan_id = req.plan.as_ref().map(|p| p.id);
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| effect.stage_status_change(&code, req.after),
        |tx| {
            tx.mark_plan_if_any(plan_id)?;
            if let Some(change) = req.exit_of {
                tx.exit_still_closable(code.as_str(), change)?;
            }
            // However it is closed, a warehouse on its way out has arrived.
            if closing {
                tx.finish_exit(code.as_str())?;
            }
            Ok(())
        },
    )?;
    Ok(Done { gate, passed })
}

/// Adds a warehouse, as a change.
pub fn add(
    d: &dyn Driver,
    store: &mut dyn crate::store::ChangeDesk,
    code: &WarehouseCode,
    name: &str,
    region: &str,
    storage_cost_micros: i64,
) -> Result<Done> {
    let meta = d.change_meta("warehouse-add", None);
    let gate = Gate {
        plan_hint: format!("invmap warehouse add {code}"),
        ..Gate::default()
    };
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| effect.stage_new_warehouse(code, name, region, storage_cost_micros),
        |_| Ok(()),
    )?;
    Ok(Done { gate, passed })
}
