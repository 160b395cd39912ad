//! Outcomes: the counts of what a batch would do, the dry run's list, and the per-line
//! outcome of the report (unbound, drained, transferred, written off, refused, duplicate).

use anyhow::Result;
use rusqlite::params;

use super::{Batch, BatchCounts, PlannedPair};

impl Batch<'_> {
    /// Records a refusal or warning for the report.
    pub fn note_issue(&self, line: u64, outcome: &str, message: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO temp.unbind_issue(line, outcome, col, value, message)
             VALUES (?1, ?2, '', '', ?3)",
            params![line, outcome, message],
        )?;
        Ok(())
    }

    /// The counts before any pair is judged: every pair is a plain unbind until a check
    /// decides otherwise (one count instead of a pass over the plan per action).
    pub fn unjudged_counts(&self) -> Result<BatchCounts> {
        let pairs: u64 = self
            .conn
            .query_row("SELECT count(*) FROM temp.unbind_plan", [], |r| r.get(0))?;
        Ok(BatchCounts {
            pairs,
            unbind: pairs,
            ..BatchCounts::default()
        })
    }

    pub fn counts(&self) -> Result<BatchCounts> {
        Ok(self.conn.query_row(
            "SELECT count(*), ifnull(sum(action = 'unbind'), 0), ifnull(sum(action = 'transfer'), 0),
                    ifnull(sum(action = 'write-off'), 0), ifnull(sum(action = 'drain'), 0),
                    ifnull(sum(CASE WHEN action = 'transfer' THEN qty END), 0),
                    ifnull(sum(CASE WHEN action = 'write-off' THEN qty END), 0)
             FROM temp.unbind_plan",
            [],
            |r| {
                Ok(BatchCounts {
                    pairs: r.get(0)?,
                    unbind: r.get(1)?,
                    transfer: r.get(2)?,
                    write_off: r.get(3)?,
                    drain: r.get(4)?,
                    units_transferred: r.get(5)?,
                    units_written_off: r.get(6)?,
                })
            },
        )?)
    }

    /// The plan in line order, at most `limit` pairs (for the dry run's listing).
    pub fn planned(&self, limit: i64) -> Result<Vec<PlannedPair>> {
        let mut stmt = self.conn.prepare(
            "SELECT line, product_id, warehouse_code, action, qty,
                    CASE WHEN action <> 'write-off' THEN transfer_to END, open_orders
             FROM temp.unbind_plan ORDER BY line LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(PlannedPair {
                line: r.get(0)?,
                product_id: r.get(1)?,
                warehouse_code: r.get(2)?,
                action: r.get(3)?,
                stock_quantity: r.get(4)?,
                transfer_to: r.get(5)?,
                open_orders: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One outcome per input line, in line order, for `--report`:
    /// (line, sku, warehouse, outcome, reason).
    pub fn each_outcome(
        &self,
        applied: bool,
        mut each: impl FnMut(u64, &str, &str, &str, &str) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT i.line, i.product_id, i.warehouse_code,
                    (SELECT outcome FROM temp.unbind_issue x
                     WHERE x.line = i.line AND x.outcome <> 'warning'
                     ORDER BY x.outcome = 'invalid' DESC LIMIT 1),
                    (SELECT group_concat(message, '; ') FROM temp.unbind_issue x WHERE x.line = i.line),
                    p.action, i.reason
             FROM temp.unbind_input i
             LEFT JOIN temp.unbind_plan p
               ON p.product_id = i.product_id AND p.warehouse_code = i.warehouse_code
              AND p.line = i.line
             ORDER BY i.seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let line: u64 = r.get(0)?;
            let (sku, wh): (String, String) = (r.get(1)?, r.get(2)?);
            let issue: Option<String> = r.get(3)?;
            let messages: Option<String> = r.get(4)?;
            let action: Option<String> = r.get(5)?;
            let reason: Option<String> = r.get(6)?;
            let outcome = outcome_of(issue.as_deref(), action.as_deref(), applied);
            let why = reason_of(messages, reason);
            each(line, &sku, &wh, &outcome, &why)?;
        }
        Ok(())
    }
}

/// A report line's outcome: its worst issue, else what happened (or would) to its pair.
pub fn outcome_of(issue: Option<&str>, action: Option<&str>, applied: bool) -> String {
    match (issue, action, applied) {
        (Some("invalid"), _, _) => "invalid".to_string(),
        (Some("refused"), _, _) => "refused".to_string(),
        (Some("duplicate"), _, _) => "duplicate".to_string(),
        (_, Some(a), true) => outcome_word(a).to_string(),
        // data: an outcome of the --report file (CSV)
        (_, Some(a), false) => format!("would be {}", outcome_word(a)),
        _ => "not applied".to_string(),
    }
}

/// A report line's reason: the operator's, then the line's messages.
pub fn reason_of(messages: Option<String>, reason: Option<String>) -> String {
    match (messages, reason) {
        (Some(m), Some(r)) => format!("{r}; {m}"),
        (Some(m), None) => m,
        (None, Some(r)) => r,
        (None, None) => String::new(),
    }
}

fn outcome_word(action: &str) -> &'static str {
    match action {
        "transfer" => "transferred",
        "write-off" => "written off",
        "drain" => "drained",
        _ => "unbound",
    }
}
