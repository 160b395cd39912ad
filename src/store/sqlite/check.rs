//! The consistency report (SPEC §6): each finding with a count and a few examples.
//!
//! A finding's name, examples and hint are messages worded when shown: `--format json`
//! writes them in English in every language, a table in the operator's.

use anyhow::Result;
use serde::Serialize;

use super::words::Units;
use super::{EXAMPLES, Store};
use crate::i18n::Text;
use crate::text;

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: Text,
    pub count: i64,
    pub examples: Vec<Text>,
    /// What to do about it.
    pub hint: Text,
}

/// The cells of a result row, on either backend (a check reads its examples through this,
/// so both backends word a finding alike).
pub(crate) trait Cells {
    fn text(&self, i: usize) -> Result<String>;
    fn opt_text(&self, i: usize) -> Result<Option<String>>;
    fn int(&self, i: usize) -> Result<i64>;
    fn opt_int(&self, i: usize) -> Result<Option<i64>>;
}

impl Cells for rusqlite::Row<'_> {
    fn text(&self, i: usize) -> Result<String> {
        Ok(self.get(i)?)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>> {
        Ok(self.get(i)?)
    }
    fn int(&self, i: usize) -> Result<i64> {
        Ok(self.get(i)?)
    }
    fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        Ok(self.get(i)?)
    }
}

/// A check that is one SQL query: its name, the query (one row per offending thing; `$1`,
/// where there is one, is the start of the drain buffer), how a row reads as an example,
/// and what to do about it. `server_sql`: the query in PostgreSQL's words where they differ.
pub(crate) struct Query {
    pub name: fn() -> Text,
    pub sql: &'static str,
    pub server_sql: Option<&'static str>,
    pub example: fn(&dyn Cells) -> Result<Text>,
    pub hint: fn() -> Text,
}

/// The checks that are one SQL query each.
///
/// "Links to closed warehouses" starts from the (few) closed warehouses and reads their links
/// through the reverse index; `CROSS JOIN` fixes that order. Left to itself (no statistics)
/// the planner walked every link in index order to skip the sort, looking its warehouse up
/// each time: a lookup per link, 1 s at 1M links.
pub(crate) const QUERIES: &[Query] = &[
    Query {
        name: || text!("store-check-closed-links"),
        sql: "SELECT m.product_id, m.warehouse_code, ifnull(m.stock_quantity, 0)
         FROM warehouses w CROSS JOIN inventory_mapping m ON m.warehouse_code = w.code
         WHERE w.status = 'closed' ORDER BY w.code, m.product_id",
        server_sql: Some(
            "SELECT m.product_id::text, m.warehouse_code::text,
                    coalesce(m.stock_quantity, 0)::bigint
             FROM warehouses w JOIN inventory_mapping m ON m.warehouse_code = w.code
             WHERE w.status = 'closed' ORDER BY w.code, m.product_id",
        ),
        example: |r| {
            Ok(text!(
                "store-example-link-units",
                sku = &r.text(0)?,
                warehouse = &r.text(1)?,
                units = Units(r.opt_int(2)?)
            ))
        },
        hint: || text!("store-hint-closed-links"),
    },
    Query {
        name: || text!("store-check-stranded-stock"),
        server_sql: None,
        sql: "SELECT m.product_id, sum(coalesce(m.stock_quantity, 0))
         FROM inventory_mapping m
         GROUP BY m.product_id
         HAVING sum(coalesce(m.stock_quantity, 0)) > 0
            AND NOT EXISTS (SELECT 1 FROM inventory_mapping a JOIN warehouses w ON w.code = a.warehouse_code
                            WHERE a.product_id = m.product_id AND a.state = 'active' AND w.status = 'active')
         ORDER BY m.product_id",
        example: |r| {
            Ok(text!(
                "store-example-sku-units",
                sku = &r.text(0)?,
                units = Units(r.opt_int(1)?)
            ))
        },
        hint: || text!("store-hint-stranded-stock"),
    },
    Query {
        name: || text!("store-check-negative"),
        server_sql: None,
        sql: "SELECT product_id || ' @ ' || warehouse_code || ' (' || stock_quantity || ')'
         FROM inventory_mapping WHERE stock_quantity < 0 ORDER BY product_id, warehouse_code",
        example: plain,
        hint: || text!("store-hint-negative"),
    },
    Query {
        name: || text!("store-check-orders-unlinked"),
        server_sql: None,
        sql: "SELECT o.order_id || ' (' || o.product_id || ' @ ' || o.warehouse_code || ')'
         FROM orders o
         WHERE o.status = 'open' AND o.warehouse_code IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM inventory_mapping m
                           WHERE m.product_id = o.product_id AND m.warehouse_code = o.warehouse_code)
         ORDER BY o.created_at",
        example: plain,
        hint: || text!("store-hint-orders-unlinked"),
    },
    Query {
        name: || text!("store-check-overdue-drains"),
        server_sql: None,
        sql: "SELECT m.product_id, m.warehouse_code, m.drain_started_at,
                (SELECT count(*) FROM orders o WHERE o.status = 'open'
                    AND o.product_id = m.product_id AND o.warehouse_code = m.warehouse_code)
         FROM inventory_mapping m
         WHERE m.state = 'draining' AND m.drain_started_at <= $1
           AND NOT EXISTS (SELECT 1 FROM drains d WHERE d.product_id = m.product_id
                           AND d.warehouse_code = m.warehouse_code AND d.held <> 0)
         ORDER BY m.drain_started_at",
        example: |r| {
            Ok(text!(
                "store-example-drain-overdue",
                sku = &r.text(0)?,
                warehouse = &r.text(1)?,
                since = &r.opt_text(2)?.unwrap_or_default(),
                orders = r.int(3)?
            ))
        },
        hint: || text!("store-hint-overdue-drains"),
    },
    Query {
        name: || text!("store-check-held-drains"),
        server_sql: None,
        sql: "SELECT d.product_id, d.warehouse_code, d.change_id
         FROM drains d JOIN inventory_mapping m
           ON m.product_id = d.product_id AND m.warehouse_code = d.warehouse_code
         WHERE d.held <> 0 AND m.state = 'draining' ORDER BY d.product_id, d.warehouse_code",
        example: |r| {
            Ok(text!(
                "store-example-drain-held",
                sku = &r.text(0)?,
                warehouse = &r.text(1)?,
                change = r.int(2)?
            ))
        },
        hint: || text!("store-hint-held-drains"),
    },
];

/// What the audit trail says, as both backends read it: a count and examples per finding.
pub(crate) struct Trail {
    pub audit: super::audit::Verification,
    pub missing: (i64, Vec<Text>),
    pub orphans: (i64, Vec<Text>),
    pub forged: (i64, Vec<Text>),
    pub drifted: (i64, Vec<Text>),
    pub guards: Vec<String>,
}

/// The report's findings about the trail, in their order (the same on every backend).
pub(crate) fn trail_findings(t: Trail) -> Vec<Finding> {
    let finding = |check: Text, (count, examples): (i64, Vec<Text>), hint: Text| Finding {
        check,
        count,
        examples,
        hint,
    };
    let broken = t.audit.first_broken.or(t.audit.gap_after.map(|g| g + 1));
    let chain = broken
        .map(|b| text!("store-example-first-broken", id = b))
        .into_iter()
        .collect();
    let guards = (
        t.guards.len() as i64,
        t.guards.into_iter().map(Text::plain).collect(),
    );
    vec![
        finding(
            text!("store-check-audit-chain"),
            (i64::from(broken.is_some()), chain),
            text!("store-hint-audit-chain"),
        ),
        finding(
            text!("store-check-changes-without-entries"),
            t.missing,
            text!("store-hint-changes-without-entries"),
        ),
        finding(
            text!("store-check-entries-without-change"),
            t.orphans,
            text!("store-hint-entries-without-change"),
        ),
        finding(
            text!("store-check-forged-rows"),
            t.forged,
            text!("store-hint-forged-rows"),
        ),
        finding(
            text!("store-check-drifted-links"),
            t.drifted,
            text!("store-hint-drifted-links"),
        ),
        finding(
            text!("store-check-guards-missing"),
            guards,
            text!("store-hint-guards-missing"),
        ),
    ]
}

/// A row of one text column, data as it is.
fn plain(r: &dyn Cells) -> Result<Text> {
    Ok(Text::plain(r.text(0)?))
}

impl Store {
    /// Runs every check; `buffer_start` is now minus the drain buffer (stored time format).
    pub fn check(&self, buffer_start: &str) -> Result<Vec<Finding>> {
        // `PRAGMA integrity_check` reads every page: about as long as all the other checks
        // together, so it runs beside them (a read-only command: nothing changes meanwhile).
        let (integrity, findings) =
            super::side_by_side(&self.conn, integrity, || self.checks(buffer_start));
        let mut findings = findings?;
        findings.insert(QUERIES.len(), integrity?);
        Ok(findings)
    }

    fn checks(&self, buffer_start: &str) -> Result<Vec<Finding>> {
        let mut findings = Vec::new();
        for q in QUERIES {
            // Only the drains query takes a parameter (the start of the buffer).
            let time: &[&dyn rusqlite::ToSql] = if q.sql.contains("$1") {
                &[&buffer_start]
            } else {
                &[]
            };
            let (count, examples) = super::count_and_examples(&self.conn, q.sql, time, |r| {
                (q.example)(r)
                    .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into_boxed_dyn_error()))
            })?;
            findings.push(Finding {
                check: (q.name)(),
                count,
                examples,
                hint: (q.hint)(),
            });
        }
        findings.push(self.foreign_keys()?);
        let r = self.reconciled()?;
        findings.extend(trail_findings(Trail {
            audit: self.audit_verify()?,
            missing: (r.changes_missing_entries, r.missing_examples),
            orphans: (r.entries_without_change, r.orphan_examples),
            forged: self.forged_examples()?,
            drifted: self.drift_examples()?,
            guards: self.missing_guards()?,
        }));
        Ok(findings)
    }

    fn foreign_keys(&self) -> Result<Finding> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows: Vec<Text> = stmt
            .query_map([], |r| {
                Ok(text!(
                    "store-example-row-of",
                    table = &r.get::<_, String>(0)?,
                    row = r.get::<_, i64>(1)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Finding {
            check: text!("store-check-foreign-keys"),
            count: rows.len() as i64,
            examples: rows.into_iter().take(EXAMPLES as usize).collect(),
            hint: text!("store-hint-foreign-keys"),
        })
    }
}

fn integrity(conn: &rusqlite::Connection) -> Result<Finding> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(5)")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let bad: Vec<Text> = lines
        .into_iter()
        .filter(|l| l != "ok")
        .map(Text::plain)
        .collect();
    Ok(Finding {
        check: text!("store-check-integrity"),
        count: bad.len() as i64,
        examples: bad,
        hint: text!("store-hint-integrity"),
    })
}
