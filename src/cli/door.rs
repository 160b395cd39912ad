//! What the guarded door said, as the operator reads it: the warnings, and for a dry run
//! every refusal, the approval a real run needs, the blackout window it would meet, and the
//! stock a forced run overwrites. Shared by every command whose change goes through
//! `ops::change`.

use anyhow::Result;

use super::Ctx;
use crate::error::Refused;
use crate::i18n::{Lang, Text, output_lang};
use crate::ops::change::{Gate, Passed, refusals};
use crate::report::print_list;
use crate::tr;

/// The end of a command whose change went through the door: for a dry run "Would …", what
/// the real run would meet, and "Dry run: nothing was changed."; for a real one what was
/// rendered and the change recorded ("… Change N recorded"). `did` is shown as it is, in
/// every format: [`conclude_text`] takes a [`Text`], worded in English under `--format json`.
pub fn conclude(ctx: &Ctx, gate: &Gate, passed: &Passed, would: &str, did: &str) -> Result<u8> {
    conclude_text(ctx, gate, passed, would, Text::from(did))
}

/// [`conclude`] with what was done as a [`Text`] (`text!("…")`): the operator reads it in
/// their language, `--format json` in English.
pub fn conclude_text(
    ctx: &Ctx,
    gate: &Gate,
    passed: &Passed,
    would: &str,
    did: Text,
) -> Result<u8> {
    if gate.dry_run {
        ctx.say(would);
        render(ctx, gate, passed)?;
        ctx.say(&tr!("door-dry-run-nothing-changed"));
        return Ok(0);
    }
    render(ctx, gate, passed)?;
    ctx.report_change(passed.landed.clone(), did);
    Ok(0)
}

/// Says the warnings; for a dry run, lists what the real run would meet and returns the
/// refusal (exit 3) when it would be refused. `undoing`: the change a rollback undoes.
pub fn render(ctx: &Ctx, gate: &Gate, passed: &Passed) -> Result<()> {
    crate::ops::warnings::say(ctx, &passed.warnings);
    if !gate.dry_run {
        if gate.force {
            for r in &passed.refusals {
                ctx.say(&tr!(
                    "door-forced",
                    message = &r.message,
                    rule = r.rule.as_str()
                ));
            }
        }
        return Ok(());
    }
    if gate.force && !passed.overwrites.is_empty() {
        ctx.say(&tr!("door-force-overwrites"));
        print_list(
            &mut std::io::stdout().lock(),
            ctx.format,
            &passed.overwrites,
        )?;
    }
    if gate.force {
        for r in &passed.refusals {
            ctx.say(&tr!(
                "door-would-force",
                message = &r.message,
                rule = r.rule.as_str()
            ));
        }
    }
    let mut reasons = refusals(passed, gate);
    if let Some(w) = &passed.blackout {
        reasons.push(blackout_refused(ctx, w));
    }
    if reasons.is_empty() {
        return Ok(());
    }
    Err(Refused(reasons.join("\n")).into())
}

/// The refusal of a change that would land inside a blackout window.
pub fn blackout_refused(ctx: &Ctx, w: &crate::domain::windows::Window) -> String {
    tr!(
        "door-blackout-refused",
        now = &w.zone.show(ctx.now),
        window = &w.shown()
    )
}

/// Items of a list as the operator's language joins them: `1, 2, 3` / `1、2、3`.
pub fn list(items: &[String]) -> String {
    items.join(match output_lang() {
        Lang::En => ", ",
        Lang::Zh => "、",
    })
}

/// Clauses joined by a semicolon: `a; b` / `a；b`.
pub fn clauses(items: &[String]) -> String {
    items.join(match output_lang() {
        Lang::En => "; ",
        Lang::Zh => "；",
    })
}

/// A plan's status as people read it (the stored word is data: JSON keeps it).
pub fn plan_status(status: &str) -> String {
    match status {
        "pending" => tr!("door-status-pending"),
        "approved" => tr!("door-status-approved"),
        "scheduled" => tr!("door-status-scheduled"),
        "applied" => tr!("door-status-applied"),
        "rejected" => tr!("door-status-rejected"),
        other => other.to_string(),
    }
}
