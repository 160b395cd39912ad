//! `check` on a server (SPEC §6): the same findings, in the same order and words, as on a
//! file — the one-query checks shared with `store/sqlite/check.rs` — with PostgreSQL's own
//! guarantees standing for SQLite's file checks (a server keeps its pages and enforces its
//! foreign keys; both findings are there, and clean).

use anyhow::Result;
use postgres::types::Type;

use super::Server;
use super::evidence::count_and_examples_with;
use crate::i18n::Text;
use crate::store::check::{Cells, Finding, QUERIES};
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
        let audit = self.audit_verify()?;
        let broken = audit.first_broken.or(audit.gap_after.map(|g| g + 1));
        findings.push(Finding {
            check: text!("store-check-audit-chain"),
            count: i64::from(broken.is_some()),
            examples: broken
                .map(|b| text!("store-example-first-broken", id = b))
                .into_iter()
                .collect(),
            hint: text!("store-hint-audit-chain"),
        });
        let (missing, missing_examples, orphans, orphan_examples) = self.reconciled()?;
        findings.push(Finding {
            check: text!("store-check-changes-without-entries"),
            count: missing,
            examples: missing_examples,
            hint: text!("store-hint-changes-without-entries"),
        });
        findings.push(Finding {
            check: text!("store-check-entries-without-change"),
            count: orphans,
            examples: orphan_examples,
            hint: text!("store-hint-entries-without-change"),
        });
        let (forged, examples) = self.forged_examples()?;
        findings.push(Finding {
            check: text!("store-check-forged-rows"),
            count: forged,
            examples,
            hint: text!("store-hint-forged-rows"),
        });
        let (drifted, examples) = self.drift_examples()?;
        findings.push(Finding {
            check: text!("store-check-drifted-links"),
            count: drifted,
            examples,
            hint: text!("store-hint-drifted-links"),
        });
        let guards = self.missing_guards()?;
        findings.push(Finding {
            check: text!("store-check-guards-missing"),
            count: guards.len() as i64,
            examples: guards.into_iter().map(Text::plain).collect(),
            hint: text!("store-hint-guards-missing"),
        });
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
