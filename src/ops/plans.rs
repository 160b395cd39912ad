//! What applying a plan needs from the plan: its rules as the engine's options, and the
//! change record that names its creator, approver, reason and file.

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::Driver;
use super::unbind::{Options, Rules};
use crate::domain::settings::Settings;
use crate::store::changes::ChangeMeta;
use crate::store::plans::PlanRow;

/// The options stored with a plan, as the unbind engine takes them.
pub fn plan_options(plan: &PlanRow, settings: &Settings) -> Result<Options> {
    let mut o = Options::new(&Rules::from_json(&plan.options), settings)?;
    o.plan_id = Some(plan.id);
    Ok(o)
}

/// The change that applies a plan records its creator's reason, ticket and file, and who
/// approved it.
pub fn plan_meta(d: &dyn Driver, plan: &PlanRow, kind: &str) -> ChangeMeta {
    let mut meta = d.change_meta(kind, Some(&plan.reason));
    meta.ticket = plan.ticket.clone();
    meta.source_file = plan.source_file.clone();
    meta.source_sha256 = plan.source_sha256.clone();
    meta.plan_id = Some(plan.id);
    meta.approved_by = plan.approver.clone();
    meta.plan_creator = Some(plan.creator.clone());
    // A plan made from a template is refused, like the template itself, when another change
    // applied the same file (unless it was created with --again).
    let again = plan.options.get("again").and_then(|v| v.as_bool()) == Some(true);
    meta.reapply_guard = matches!(kind, "unbind" | "scheduled-unbind") && !again;
    meta
}

/// An approval older than `max_age_hours` must be given again: the data may have moved on.
pub fn approval_expired(plan: &PlanRow, now: DateTime<Utc>, max_age_hours: i64) -> bool {
    plan.approved_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| now - t.with_timezone(&Utc) > chrono::Duration::hours(max_age_hours))
}
