//! The guarded door (SPEC §9) for every change staged as an effect — rollback, restore,
//! bind, a warehouse that closes or reopens. Inside one write transaction: the blackout
//! window, the §4 rules judged on the state the change would leave, the approval threshold,
//! then the change row, a before-image and an audit entry per touched pair. A dry run stages
//! and judges the same way inside a read transaction: no write lock, and every refusal listed
//! (above the threshold too).

use anyhow::Result;

use super::Driver;
use crate::domain::checks::Refusal;
use crate::domain::effect::{EffectRules, judge};
use crate::domain::windows::Window;
use crate::error::{MAX_LISTED, Refused, UsageError};
use crate::report::words::plural;
use crate::store::changes::ChangeMeta;
use crate::store::door::{ChangeDesk, EffectTx};
use crate::store::effect::{EffectCounts, Overwrite};
use crate::store::rollback::Conflict;
use crate::tr;

/// What governs one change at the door.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    pub rules: EffectRules,
    /// The `approval_threshold` setting; `None` when no approval is needed (or the change
    /// applies an approved plan).
    pub threshold: Option<u64>,
    /// `--force`: the refusals are overridden (each named, and recorded with the reason).
    pub force: bool,
    pub dry_run: bool,
    /// How the command is given as a plan, for the "needs a plan" message.
    pub plan_hint: String,
    /// A rollback: the change it undoes (rows changed since refuse, unless forced).
    pub undoing: Option<i64>,
    /// The rows come from a file: held to the schema's CHECK constraints when written.
    pub from_file: bool,
}

/// What the door decided, and (not a dry run) what landed.
#[derive(Debug, Clone, Default)]
pub struct Passed {
    pub counts: EffectCounts,
    pub warnings: Vec<crate::domain::checks::Warning>,
    /// A dry run: every refusal; a forced change: the refusals it overrode.
    pub refusals: Vec<Refusal>,
    /// A rollback: rows changed since the change it undoes, and the later change of each.
    pub conflicts: Vec<Conflict>,
    /// Those rows' stock now and what a forced rollback writes there.
    pub overwrites: Vec<Overwrite>,
    /// More pairs than `approval_threshold`: the real run needs an approved plan.
    pub needs_plan: Option<u64>,
    /// A dry run inside a blackout window: the window the real run would meet.
    pub blackout: Option<Window>,
    pub landed: Option<(i64, String)>,
}

impl Passed {
    /// A dry run: whether the real run would be refused (exit 3).
    pub fn would_refuse(&self, gate: &Gate) -> bool {
        ((!self.refusals.is_empty() || self.counts.conflicts > 0) && !gate.force)
            || self.needs_plan.is_some()
            || self.blackout.is_some()
    }
}

/// Runs one change through the door. `stage` fills the effect; `after` adds what only this
/// kind of change does once the effect is written (it runs inside the same transaction).
pub fn run(
    d: &dyn Driver,
    store: &mut dyn ChangeDesk,
    meta: ChangeMeta,
    gate: &Gate,
    stage: impl FnOnce(&mut dyn EffectTx) -> Result<()>,
    after: impl FnOnce(&mut dyn EffectTx) -> Result<()>,
) -> Result<Passed> {
    if gate.force && meta.reason.trim().is_empty() {
        return Err(UsageError(tr!("ops-force-needs-reason")).into());
    }
    if gate.dry_run {
        let blackout = if d.override_window() {
            None
        } else {
            store.window_at(d.now())?
        };
        let mut effect = store.begin_effect(None)?;
        stage(&mut *effect)?;
        let mut passed = judged(&mut *effect, gate)?;
        passed.blackout = blackout;
        // Ending a read transaction writes nothing to the store; it keeps the staged effect
        // on the connection for `plan create` to copy.
        effect.finish(&serde_json::Value::Null)?;
        return Ok(passed);
    }
    let tx = store.begin_effect(Some(meta))?;
    through(d, tx, gate, stage, after)
}

/// The rest of the door for a change whose transaction is open already (an import of
/// warehouses writes its plain rows first): stage, judge, refuse or apply, record, commit.
pub fn through(
    d: &dyn Driver,
    mut tx: Box<dyn EffectTx + '_>,
    gate: &Gate,
    stage: impl FnOnce(&mut dyn EffectTx) -> Result<()>,
    after: impl FnOnce(&mut dyn EffectTx) -> Result<()>,
) -> Result<Passed> {
    stage(&mut *tx)?;
    let passed = judged(&mut *tx, gate)?;
    let reasons = refusals(&passed, gate);
    if !reasons.is_empty() {
        // The command renders nothing when refused: the warnings are said here.
        crate::ops::warnings::say(d, &passed.warnings);
        return Err(Refused(reasons.join("\n")).into());
    }
    if gate.force && (!passed.refusals.is_empty() || passed.counts.conflicts > 0) {
        record_force(&mut *tx, &passed)?;
    }
    tx.apply_effect(gate.from_file)?;
    after(&mut *tx)?;
    tx.audit_items()?;
    let landed = tx.finish(&serde_json::to_value(passed.counts)?)?;
    Ok(Passed { landed, ..passed })
}

/// Why the real run is refused, if it is: the conflicts and the rules (unless forced), and
/// the approval a change of this size needs.
pub fn refusals(passed: &Passed, gate: &Gate) -> Vec<String> {
    let mut reasons = Vec::new();
    if passed.counts.conflicts > 0 && !gate.force {
        reasons.push(conflict_text(passed, gate.undoing.unwrap_or(0)));
    }
    if !passed.refusals.is_empty() && !gate.force {
        reasons.push(refusal_text(passed));
    }
    if let Some(pairs) = passed.needs_plan {
        reasons.push(needs_plan_text(pairs, gate));
    }
    reasons
}

/// Judges the staged effect: the rules per link, the conflicts of a rollback, the threshold.
fn judged(effect: &mut dyn EffectTx, gate: &Gate) -> Result<Passed> {
    let counts = effect.counts()?;
    let mut passed = Passed {
        counts,
        ..Passed::default()
    };
    for facts in effect.facts()? {
        if facts.conflict {
            passed.conflicts.push(Conflict {
                product_id: facts.sku.clone(),
                warehouse_code: facts.warehouse.clone(),
                changed_by: facts.changed_by,
            });
        }
        let verdict = judge(&facts, &gate.rules);
        passed.refusals.extend(verdict.refusals);
        passed.warnings.extend(verdict.warnings);
    }
    if counts.conflicts > 0 {
        passed.overwrites = effect.overwrites(MAX_LISTED as i64)?;
    }
    passed.needs_plan = gate
        .threshold
        .filter(|t| counts.pairs > *t)
        .map(|_| counts.pairs);
    Ok(passed)
}

/// A forced change names every rule it overrode, in the change and in the audit trail (in
/// English, like everything the store keeps).
fn record_force(tx: &mut dyn EffectTx, passed: &Passed) -> Result<()> {
    let mut rules: Vec<&str> = passed.refusals.iter().map(|r| r.rule.as_str()).collect();
    if passed.counts.conflicts > 0 {
        rules.push("changed-since");
    }
    rules.sort_unstable();
    rules.dedup();
    tx.audit(
        "force",
        None,
        None,
        &format!(
            "overrode {} ({}): {}",
            plural(
                passed.refusals.len() as u64 + passed.counts.conflicts,
                "refusal"
            ),
            rules.join(", "),
            tx.reason()
        ),
    )?;
    tx.set_summary_extra(serde_json::json!({ "forced": rules }))?;
    Ok(())
}

/// Every refusal (the first [`MAX_LISTED`]), then how many pairs were refused.
pub fn refusal_text(passed: &Passed) -> String {
    let mut text = String::new();
    for r in passed.refusals.iter().take(MAX_LISTED) {
        text.push_str(&tr!(
            "ops-refusal",
            message = &r.message,
            rule = r.rule.as_str()
        ));
        text.push('\n');
    }
    if passed.refusals.len() > MAX_LISTED {
        text.push_str(&tr!(
            "ops-and-more",
            count = passed.refusals.len() - MAX_LISTED
        ));
        text.push('\n');
    }
    text.push_str(&tr!("ops-door-refused-way-out"));
    text
}

/// Rows a later change touched again: name each (and the change), then say the way out.
pub fn conflict_text(passed: &Passed, target: i64) -> String {
    let mut text = String::new();
    for c in passed.conflicts.iter().take(MAX_LISTED) {
        let (sku, warehouse) = (&c.product_id, &c.warehouse_code);
        text.push_str(&match c.changed_by {
            Some(change) => tr!(
                "ops-conflict-by-change",
                sku = sku,
                warehouse = warehouse,
                change = change
            ),
            None => tr!("ops-conflict-outside", sku = sku, warehouse = warehouse),
        });
        text.push('\n');
    }
    let total = passed.counts.conflicts;
    if total > MAX_LISTED as u64 {
        text.push_str(&tr!("ops-and-more", count = total - MAX_LISTED as u64));
        text.push('\n');
    }
    text.push_str(&tr!(
        "ops-conflicts-refused",
        count = total,
        change = target
    ));
    text
}

/// The change is bigger than `approval_threshold` allows without a second person.
pub fn needs_plan_text(pairs: u64, gate: &Gate) -> String {
    tr!(
        "ops-door-needs-plan",
        pairs = pairs,
        threshold = gate.threshold.unwrap_or(0),
        hint = &gate.plan_hint
    )
}
