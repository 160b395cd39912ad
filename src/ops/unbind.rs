//! The unbind engine behind `unbind`, `plan create|apply` and `run-due`: stage the pairs,
//! check them, then dry-run, validate or apply — one code path, so a dry run, a plan and a
//! scheduled run all judge pairs exactly as the real unbind does. It prints nothing: a dry
//! run returns what it would do, and the command renders it.

use std::path::PathBuf;

use anyhow::Result;

use super::Driver;
use super::phases::Phases;
use crate::csvio::atomic::AtomicFile;
use crate::csvio::read::CsvInput;
use crate::csvio::write::{Cell, CsvOut};
use crate::domain::checks::{Refusal, UnbindOptions, judge};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::problem::{Problem, Problems};
use crate::domain::settings::Settings;
use crate::domain::windows::Window;
use crate::error::{InputError, MAX_LISTED, Refused};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::store::batch::{BatchTx, Staged};
use crate::store::changes::ChangeMeta;
use crate::store::door::ChangeDesk;
use crate::store::unbind::PlannedPair;
use crate::store::unbind::{BatchCounts, PairInput};
use crate::{text, tr};

/// Above this many pairs a dry run lists only the first ones (the report has them all).
pub const LIST_LIMIT: i64 = 1000;

/// Where the pairs come from.
pub enum Source {
    /// `--sku/--warehouse` flags, already validated.
    Pairs(Vec<PairInput>),
    /// A template, streamed.
    Csv(Box<CsvInput>),
    /// A stored plan.
    Plan(i64),
    /// Every link at a warehouse leaving it (`warehouse exit`).
    Exit {
        warehouse: WarehouseCode,
        to: Option<WarehouseCode>,
        by_route: bool,
    },
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::Pairs(_) => crate::domain::problem::COMMAND_LINE.to_string(),
            Source::Csv(input) => input.display_name().to_string(),
            Source::Plan(id) => tr!("ops-source-plan", id = id),
            Source::Exit { warehouse, .. } => tr!("ops-source-exit", warehouse = warehouse),
        }
    }

    /// How the source names its SKU, warehouse and transfer columns, for messages.
    fn columns(&self) -> [&str; 3] {
        match self {
            Source::Csv(input) => [
                input.column_name(0),
                input.column_name(1),
                input.column_name(2),
            ],
            Source::Pairs(_) => ["--sku", "--warehouse", "--transfer-to"],
            Source::Plan(_) | Source::Exit { .. } => {
                ["product_id", "warehouse_code", "transfer_to"]
            }
        }
    }

    /// Refusals name a line only when there is a file (or a plan) to look it up in.
    pub fn has_lines(&self) -> bool {
        !matches!(self, Source::Pairs(_) | Source::Exit { .. })
    }
}

/// The operator's choices for a batch, from the flags or from a stored plan's options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    pub drain: bool,
    pub transfer_to: Option<String>,
    pub write_off: bool,
    pub allow_orphan: bool,
    pub allow_region_gap: bool,
    pub strict: bool,
    /// The warehouse this batch is the exit of: it closes once its last link is gone.
    pub exit: Option<String>,
}

impl Rules {
    /// As a plan stores them (`plans.options`).
    pub fn to_json(&self) -> serde_json::Value {
        let mut json = serde_json::json!({
            "drain": self.drain,
            "write_off": self.write_off,
            "transfer_to": self.transfer_to,
            "allow_orphan": self.allow_orphan,
            "allow_region_gap": self.allow_region_gap,
            "strict": self.strict,
        });
        if let Some(w) = &self.exit {
            json["exit"] = serde_json::Value::from(w.as_str());
        }
        json
    }

    /// From a plan's stored options; a missing flag is off.
    pub fn from_json(options: &serde_json::Value) -> Rules {
        let flag = |k: &str| options.get(k).and_then(|v| v.as_bool()).unwrap_or(false);
        Rules {
            drain: flag("drain"),
            write_off: flag("write_off"),
            transfer_to: options
                .get("transfer_to")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            allow_orphan: flag("allow_orphan"),
            allow_region_gap: flag("allow_region_gap"),
            strict: flag("strict"),
            exit: options
                .get("exit")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        }
    }
}

/// How the pairs are to be treated.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub rules: UnbindOptions,
    /// `--transfer-to` for every pair that has no `transfer_to` of its own.
    pub transfer_to: Option<String>,
    pub strict: bool,
    /// Refuse batches larger than this (the `approval_threshold` setting); `None` for plans.
    pub threshold: Option<u64>,
    pub report: Option<PathBuf>,
    /// Apply the pairs that pass and leave the refused ones (run-due finishing drains).
    pub skip_refused: bool,
    /// The plan being applied (marked applied in the same transaction).
    pub plan_id: Option<i64>,
    /// The warehouse this batch is the exit of (recorded with the change).
    pub exit: Option<String>,
    /// The `plan create` command for this batch, when it is not "the same arguments".
    pub plan_hint: Option<String>,
}

impl Options {
    /// The rules as options of the engine, with the settings that shape them. A bad
    /// `--transfer-to` is an input error naming the flag.
    pub fn new(rules: &Rules, settings: &Settings) -> Result<Options> {
        let transfer_to = rules.transfer_to.as_deref().map(str::trim);
        if let Some(t) = transfer_to {
            WarehouseCode::parse(t).map_err(|msg| {
                InputError::single(
                    crate::domain::problem::COMMAND_LINE,
                    "--transfer-to",
                    t,
                    &msg,
                )
            })?;
        }
        Ok(Options {
            rules: UnbindOptions {
                drain: rules.drain,
                write_off: rules.write_off,
                allow_orphan: rules.allow_orphan,
                allow_region_gap: rules.allow_region_gap,
                require_region_cover: settings.require_region_cover,
                drain_buffer_hours: settings.drain_buffer_hours,
            },
            transfer_to: transfer_to.map(str::to_string),
            strict: rules.strict,
            exit: rules.exit.clone(),
            ..Options::default()
        })
    }
}

/// What to do once the pairs are checked.
pub enum Mode {
    /// Print what would change; change nothing.
    DryRun,
    /// Check only, keeping the staged pairs on the connection for a plan to copy.
    Validate,
    /// Apply as a change.
    Apply(Box<ChangeMeta>),
}

/// What happened.
#[derive(Debug, Default)]
pub struct Outcome {
    pub counts: BatchCounts,
    /// Pairs refused (only returned, not raised, in `Validate` and `skip_refused` runs).
    pub refusals: Vec<Refusal>,
    /// The change and audit chain head, when something landed.
    pub landed: Option<(i64, String)>,
    /// A dry run: the first [`LIST_LIMIT`] pairs as they would be changed.
    pub planned: Vec<PlannedPair>,
    /// A dry run inside a blackout window: the window the real run would be refused by.
    pub blackout: Option<Window>,
    /// A dry run over the approval threshold: (pairs, threshold).
    pub needs_plan: Option<(u64, u64)>,
}

pub fn execute(
    ctx: &dyn Driver,
    store: &mut dyn ChangeDesk,
    source: &mut Source,
    o: &Options,
    mode: Mode,
) -> Result<Outcome> {
    let mut phases = Phases::new(ctx.show_progress());
    let mut problems = Problems::new(source.name());
    match mode {
        Mode::DryRun | Mode::Validate => {
            let validate = matches!(mode, Mode::Validate);
            let blackout = if validate || ctx.override_window() {
                None
            } else {
                store.window_at(ctx.now())?
            };
            let mut batch = store.begin_batch(None)?;
            phases.start("parse");
            stage(&mut *batch, source, &mut problems)?;
            let checked = check(
                ctx,
                &mut *batch,
                source,
                o,
                problems,
                &mut phases,
                !validate,
            );
            write_report(o, &mut *batch, false, None)?;
            let checked = checked?;
            let planned = if validate {
                Vec::new()
            } else {
                batch.planned(LIST_LIMIT)?
            };
            // Ending a read transaction keeps the staged pairs for `plan create`.
            batch.finish(&serde_json::Value::Null)?;
            phases.finish();
            Ok(Outcome {
                counts: checked.counts,
                refusals: checked.refusals,
                landed: None,
                planned,
                blackout,
                needs_plan: checked.needs_plan,
            })
        }
        Mode::Apply(meta) => {
            let mut batch = store.begin_batch(Some(*meta))?;
            phases.start("parse");
            stage(&mut *batch, source, &mut problems)?;
            let checked = check(ctx, &mut *batch, source, o, problems, &mut phases, false);
            let mut checked = match checked {
                Ok(c) if c.refusals.is_empty() || o.skip_refused => c,
                Ok(c) => {
                    write_report(o, &mut *batch, false, None)?;
                    return Err(Refused(refusal_text(&c.refusals, source.has_lines())).into());
                }
                Err(e) => {
                    write_report(o, &mut *batch, false, None)?;
                    return Err(e);
                }
            };
            if !checked.refusals.is_empty() {
                checked.counts = batch.drop_refused()?;
            }
            phases.start("apply");
            batch.apply_unbind(&checked.counts, &o.rules)?;
            if let Some(plan) = o.plan_id {
                batch.mark_plan_applied(plan)?;
            }
            if let Some(warehouse) = &o.exit {
                batch.record_exit(warehouse)?;
            }
            // Written now, from the batch's tables; it appears under its name only once the
            // change has committed (a failed commit leaves no report claiming it).
            let change = batch.change_id();
            let report = pending_report(o, &mut *batch, true, change)?;
            phases.start("commit");
            let landed = batch.finish(&serde_json::to_value(checked.counts)?)?;
            if let Some(file) = report {
                file.commit()?;
            }
            phases.finish();
            Ok(Outcome {
                counts: checked.counts,
                refusals: checked.refusals,
                landed,
                ..Outcome::default()
            })
        }
    }
}

/// Streams the pairs into the batch's temporary table; bad cells go to `problems`.
fn stage(batch: &mut dyn BatchTx, source: &mut Source, problems: &mut Problems) -> Result<()> {
    match source {
        Source::Pairs(pairs) => {
            let mut it = pairs.clone().into_iter();
            batch.stage(Staged::Pairs(&mut || Ok(it.next())))
        }
        Source::Csv(input) => batch.stage(Staged::Pairs(&mut || next_pair(input, problems))),
        Source::Plan(id) => batch.stage(Staged::Plan(*id)),
        Source::Exit {
            warehouse,
            to,
            by_route,
        } => batch.stage(Staged::Exit {
            warehouse: warehouse.as_str(),
            to: to.as_ref().map(|t| t.as_str()),
            by_route: *by_route,
        }),
    }
}

/// The next valid pair of a template; bad cells are recorded and their row skipped.
fn next_pair(input: &mut CsvInput, problems: &mut Problems) -> Result<Option<PairInput>> {
    while let Some(row) = input.next_row(problems)? {
        let cell = |i: usize| TemplateCell {
            value: row.get(i),
            line: row.line,
            column: input.column_name(i),
        };
        let sku = cell(0).required(problems, Sku::parse);
        let warehouse = cell(1).required(problems, WarehouseCode::parse);
        let transfer_to = cell(2).optional(problems, WarehouseCode::parse);
        let priority = cell(4).optional(problems, |v| {
            v.parse::<i64>()
                .ok()
                .filter(|p| *p >= 0)
                .ok_or_else(|| tr!("ops-bad-priority"))
        });
        if let (Some(sku), Some(warehouse), Ok(transfer_to), Ok(priority)) =
            (sku, warehouse, transfer_to, priority)
        {
            let reason = Some(row.get(3).to_string()).filter(|r| !r.is_empty());
            return Ok(Some(PairInput {
                line: row.line,
                sku,
                warehouse,
                transfer_to,
                reason,
                priority,
            }));
        }
    }
    Ok(None)
}

/// One cell of a template row, parsed into its type; a bad one becomes a problem.
struct TemplateCell<'a> {
    value: &'a str,
    line: u64,
    column: &'a str,
}

impl TemplateCell<'_> {
    fn required<T>(
        &self,
        problems: &mut Problems,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let result = if self.value.is_empty() {
            Err(tr!("ops-empty-cell"))
        } else {
            parse(self.value)
        };
        result
            .map_err(|msg| problems.push(Problem::new(self.line, self.column, self.value, msg)))
            .ok()
    }

    /// `Ok(None)` for an empty cell, `Err` for a bad one (recorded).
    fn optional<T>(
        &self,
        problems: &mut Problems,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ()> {
        if self.value.is_empty() {
            return Ok(None);
        }
        self.required(problems, parse).map(Some).ok_or(())
    }
}

/// The checks' result: what would happen, and what was refused.
struct Checked {
    counts: BatchCounts,
    refusals: Vec<Refusal>,
    /// A dry run over the approval threshold: the pairs, and the threshold.
    needs_plan: Option<(u64, u64)>,
}

/// Input errors (exit 4), duplicates, the approval threshold, the safety rules. Nothing is
/// written to the store here; decisions go to the batch's temporary tables.
fn check(
    ctx: &dyn Driver,
    batch: &mut dyn BatchTx,
    source: &Source,
    o: &Options,
    mut problems: Problems,
    phases: &mut Phases,
    dry: bool,
) -> Result<Checked> {
    if let Source::Csv(input) = source {
        // Complete once the file has been read: encoding, skipped lines, normalised values.
        for note in input.notes() {
            ctx.say(&tr!("ops-note-line", text = &note));
        }
    }
    let transfer = o.transfer_to.as_deref();
    phases.start("plan");
    let dups = batch.plan(transfer)?;
    phases.start("validate");
    batch.input_problems(transfer, source.columns(), &mut problems)?;
    if !problems.is_empty() {
        return Err(problems.into_result().unwrap_err().into());
    }
    duplicates(ctx, &dups, o.strict, problems)?;
    let counts = batch.unjudged_counts()?;
    let needs_plan = o
        .threshold
        .filter(|l| counts.pairs > *l)
        .map(|l| (counts.pairs, l));
    // A real run stops here; a dry run goes on, so that it lists every refusal too.
    if let (Some((pairs, limit)), false) = (needs_plan, dry) {
        return Err(Refused(needs_plan_text(pairs, limit, o.plan_hint.as_deref())).into());
    }
    batch.gather_facts()?;
    phases.start("check");
    let mut refusals: Vec<Refusal> = Vec::new();
    let judged = batch.pairs_to_judge()?;
    let decided = !judged.is_empty();
    let mut warnings = Vec::new();
    for facts in judged {
        let verdict = judge(&facts, &o.rules);
        for w in verdict.warnings {
            // The `--report` file is CSV: its reasons are English in every language.
            batch.note_issue(facts.line, "warning", &w.text.render(Lang::En))?;
            warnings.push(w);
        }
        for r in &verdict.refusals {
            batch.note_issue(r.line, "refused", &r.message.render(Lang::En))?;
        }
        if verdict.refusals.is_empty() {
            batch.set_action(&facts, verdict.action)?;
        }
        refusals.extend(verdict.refusals);
    }
    super::warnings::say(ctx, &warnings);
    batch.apply_actions()?;
    // Only judged pairs can have changed their action since the counts above.
    let counts = if decided { batch.counts()? } else { counts };
    Ok(Checked {
        counts,
        refusals,
        needs_plan,
    })
}

/// A batch bigger than `approval_threshold` allows without a second person.
pub fn needs_plan_text(pairs: u64, limit: u64, plan_hint: Option<&str>) -> String {
    let create = match plan_hint {
        Some(command) => format!("`{command}`"),
        None => tr!("ops-plan-create-same"),
    };
    tr!(
        "ops-batch-needs-plan",
        pairs = pairs,
        threshold = limit,
        create = &create
    )
}

/// The same pair twice: unbound once with a warning, or an input error with `--strict`.
fn duplicates(
    ctx: &dyn Driver,
    dups: &[(u64, u64, String)],
    strict: bool,
    mut problems: Problems,
) -> Result<()> {
    if dups.is_empty() {
        return Ok(());
    }
    if strict {
        for (line, first, pair) in dups {
            problems.push(Problem::new(
                *line,
                "",
                pair,
                tr!("ops-duplicate-strict", first = *first),
            ));
        }
        problems.into_result()?;
    }
    // The first few lines are enough to find the pattern; the report has them all.
    let mut lines: Vec<String> = dups.iter().take(10).map(|d| d.0.to_string()).collect();
    if dups.len() > lines.len() {
        lines.push("…".to_string());
    }
    ctx.say(&tr!(
        "ops-duplicates",
        count = dups.len(),
        lines = &super::list(&lines)
    ));
    Ok(())
}

/// Every refusal with its rule, then how many pairs were refused.
pub fn refusal_text(refusals: &[Refusal], with_lines: bool) -> String {
    let mut text = String::new();
    for r in refusals.iter().take(MAX_LISTED) {
        let (message, rule) = (&r.message, r.rule.as_str());
        text.push_str(&if with_lines {
            tr!(
                "ops-refusal-at-line",
                line = r.line,
                message = message,
                rule = rule
            )
        } else {
            tr!("ops-refusal", message = message, rule = rule)
        });
        text.push('\n');
    }
    if refusals.len() > MAX_LISTED {
        text.push_str(&tr!("ops-and-more", count = refusals.len() - MAX_LISTED));
        text.push('\n');
    }
    let mut pairs: Vec<(&str, &str)> = refusals
        .iter()
        .map(|r| (r.sku.as_str(), r.warehouse.as_str()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    text.push_str(&tr!("ops-pairs-refused", count = pairs.len()));
    text
}

/// `5 pairs: 4 unbound, 1 transferred (12 units moved).` — "5 对：4 个已解绑，1 个已转移（12
/// 件）。" A [`Text`]: it is the message of the change, which `--format json` writes in English.
pub fn summary(c: &BatchCounts) -> Text {
    let mut parts = vec![text!("ops-summary-unbound", count = c.unbind)];
    if c.transfer > 0 {
        parts.push(text!(
            "ops-summary-transferred",
            count = c.transfer,
            units = c.units_transferred
        ));
    }
    if c.write_off > 0 {
        parts.push(text!(
            "ops-summary-written-off",
            count = c.write_off,
            units = c.units_written_off
        ));
    }
    if c.drain > 0 {
        parts.push(text!("ops-summary-draining", count = c.drain));
    }
    let mut joined = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            joined.push(text!("ops-clause-sep"));
        }
        joined.push(part);
    }
    text!("ops-summary", pairs = c.pairs, parts = Text::Concat(joined))
}

/// `--report`: one row per input line, written atomically.
fn write_report(
    o: &Options,
    batch: &mut dyn BatchTx,
    applied: bool,
    change: Option<i64>,
) -> Result<()> {
    match pending_report(o, batch, applied, change)? {
        Some(file) => file.commit(),
        None => Ok(()),
    }
}

/// The report written to its temp file, for the caller to commit.
fn pending_report(
    o: &Options,
    batch: &mut dyn BatchTx,
    applied: bool,
    change: Option<i64>,
) -> Result<Option<AtomicFile>> {
    let Some(path) = &o.report else {
        return Ok(None);
    };
    let mut out = CsvOut::to_file(path, false)?;
    out.header(&[
        "line",
        "product_id",
        "warehouse_code",
        "outcome",
        "reason",
        "change_id",
    ])?;
    batch.each_outcome(applied, &mut |line, sku, wh, outcome, why| {
        out.row(&[
            Cell::Int(line as i64),
            Cell::Text(sku),
            Cell::Text(wh),
            Cell::Text(outcome),
            Cell::Text(why),
            Cell::OptInt(change.filter(|_| applied)),
        ])
    })?;
    out.finish_pending()
}
