//! A drain put on hold (its finish was rolled back) waits for the operator: resumed, run-due
//! finishes it again; cancelled, the link takes orders again — a change through the guarded
//! door, so it is recorded with its before-image and can itself be rolled back.

use anyhow::Result;

use super::Driver;
use super::change::{self, Gate, Passed};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::stored;
use crate::store::Store;

/// Lets run-due finish the held drain again (an audit entry, no change of links).
pub fn resume(d: &dyn Driver, store: &mut Store, sku: &Sku, wh: &WarehouseCode) -> Result<()> {
    store.resume_drain(sku, wh, &stored(d.now()), d.operator())
}

/// Ends the drain of `sku @ wh`: the link is active again.
pub fn cancel(
    d: &dyn Driver,
    store: &mut dyn crate::store::ChangeDesk,
    sku: &Sku,
    wh: &WarehouseCode,
    reason: Option<&str>,
) -> Result<(Gate, Passed)> {
    let meta = d.change_meta("drain-cancel", reason);
    let gate = Gate {
        threshold: store.settings()?.approval_threshold,
        plan_hint: crate::tr!("ops-drain-cancel-plan-hint"),
        ..Gate::default()
    };
    let passed = change::run(
        d,
        store,
        meta,
        &gate,
        |effect| effect.stage_cancel_drain(sku, wh),
        |_| Ok(()),
    )?;
    Ok((gate, passed))
}
