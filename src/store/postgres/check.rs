//! `check` on a server (SPEC §6): the same findings, in the same order and words, as on a
//! file — the one-query checks shared with `store/sqlite/check.rs` — with PostgreSQL's own
//! guarantees standing for SQLite's file checks (a server keeps its pages and enforces its
//! foreign keys; both findings are there, and clean).

use anyhow::Result;
use postgres::types::Type;

use super::Server;
use super::evidence::count_and_examples_with;
use crate::i18n::Text;
use crate::store::check::{Cells, Finding, QUERIES, Trail, trail_findings};
use crate::text;

impl Cells for postgres::Row {
    fn text(&self, i: usize) -> Result<String> {
        Ok(self.try_get(i)?)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.try_get(i)?)
    }
    fn int(&self, i: usize) -> Result<i64> {
        Ok(self.opt_int(i)?.unwrap_or(0))
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        // The seed's stock_quantity is INT; invmap's own numbers are BIGINT.
        Ok(if *self.columns()[i].type_() == Type::INT4 {
            self.try_get::<_, Option<i32>>(i)?.map(i64::from)
        } else {
            self.try_get(i)?
        })
    }
}

impl Server {
    /// Runs every check; `buffer_start` is now minus the drain buffer (stored time format).
    pub fn check(&mut self, buffer_start: &str) -> Result<Vec<Finding>> {
        let mut findings = Vec::new();
        for q in QUERIES {
            let sql = q.server_sql.unwrap_or(q.sql);
            let time: &[&(dyn postgres::types::ToSql + Sync)] = if sql.contains("$1") {
                &[&buffer_start]
            } else {
                &[]
            };
            let (count, examples) =
                count_and_examples_with(&mut self.client, sql, time, |r| (q.example)(r))?;
            findings.push(Finding {
                check: (q.name)(),
                count,
                examples,
                hint: (q.hint)(),
            });
        }
        for (name, hint) in [
            (
                text!("store-check-integrity"),
                text!("store-hint-integrity"),
            ),
            (
                text!("store-check-foreign-keys"),
                text!("store-hint-foreign-keys"),
            ),
        ] {
            findings.push(clean(name, hint));
        }
        let (missing, missing_examples, orphans, orphan_examples) = self.reconciled()?;
        findings.extend(trail_findings(Trail {
            audit: self.audit_verify()?,
            missing: (missing, missing_examples),
            orphans: (orphans, orphan_examples),
            forged: self.forged_examples()?,
            drifted: self.drift_examples()?,
            guards: self.missing_guards()?,
        }));
        Ok(findings)
    }
}

fn clean(check: Text, hint: Text) -> Finding {
    Finding {
        check,
        count: 0,
        examples: Vec::new(),
        hint,
    }
}
