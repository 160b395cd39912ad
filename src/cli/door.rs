//! What the guarded door said, as the operator reads it: the warnings, and for a dry run
//! every refusal, the approval a real run needs, the blackout window it would meet, and the
//! stock a forced run overwrites. Shared by every command whose change goes through
//! `ops::change`.

use anyhow::Result;

use super::Ctx;
use crate::error::Refused;
use crate::ops::change::{Gate, Passed, refusals};
use crate::report::print_list;

/// The end of a command whose change went through the door: for a dry run "Would …", what
/// the real run would meet, and "Dry run: nothing was changed."; for a real one what was
/// rendered and the change recorded ("… Change N recorded").
pub fn conclude(ctx: &Ctx, gate: &Gate, passed: &Passed, would: &str, did: &str) -> Result<u8> {
    if gate.dry_run {
        ctx.say(would);
        render(ctx, gate, passed)?;
        ctx.say("Dry run: nothing was changed.");
        return Ok(0);
    }
    render(ctx, gate, passed)?;
    ctx.report_change(passed.landed.clone(), crate::i18n::Text::from(did));
    Ok(0)
}

/// Says the warnings; for a dry run, lists what the real run would meet and returns the
/// refusal (exit 3) when it would be refused. `undoing`: the change a rollback undoes.
pub fn render(ctx: &Ctx, gate: &Gate, passed: &Passed) -> Result<()> {
    crate::ops::warnings::say(ctx, &passed.warnings);
    if !gate.dry_run {
        if gate.force {
            for r in &passed.refusals {
                ctx.say(&format!("forced: {} [{}]", r.message, r.rule.as_str()));
            }
        }
        return Ok(());
    }
    if gate.force && !passed.overwrites.is_empty() {
        ctx.say("--force takes these rows back although they changed since (stock now -> after):");
        print_list(
            &mut std::io::stdout().lock(),
            ctx.format,
            &passed.overwrites,
        )?;
    }
    if gate.force {
        for r in &passed.refusals {
            ctx.say(&format!("would force: {} [{}]", r.message, r.rule.as_str()));
        }
    }
    let mut reasons = refusals(passed, gate);
    if let Some(w) = &passed.blackout {
        reasons.push(format!(
            "refused: {} is inside blackout window {}; wait until it ends, or use --override-window --reason TEXT. Nothing was changed.",
            w.zone.show(ctx.now),
            w.describe()
        ));
    }
    if reasons.is_empty() {
        return Ok(());
    }
    Err(Refused(reasons.join("\n")).into())
}
