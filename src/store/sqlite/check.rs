//! The consistency report (SPEC §6): each finding with a count and a few examples.

use anyhow::Result;
use serde::Serialize;

use super::{EXAMPLES, Store};

/// One line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: String,
    pub count: i64,
    pub examples: Vec<String>,
    /// What to do about it.
    pub hint: String,
}

/// The checks that are one SQL query each: (name, count+examples query, hint). Each query
/// returns one text column per offending row.
///
/// "Links to closed warehouses" starts from the (few) closed warehouses and reads their links
/// through the reverse index; `CROSS JOIN` fixes that order. Left to itself (no statistics)
/// the planner walked every link in index order to skip the sort, looking its warehouse up
/// each time: a lookup per link, 1 s at 1M links.
const QUERIES: &[(&str, &str, &str)] = &[
    (
        "links to closed warehouses",
        "SELECT m.product_id || ' @ ' || m.warehouse_code || ' (' || ifnull(m.stock_quantity, 0)
                || CASE WHEN ifnull(m.stock_quantity, 0) = 1 THEN ' unit)' ELSE ' units)' END
         FROM warehouses w CROSS JOIN inventory_mapping m ON m.warehouse_code = w.code
         WHERE w.status = 'closed' ORDER BY w.code, m.product_id",
        "move them out with `invmap warehouse exit CODE --by-route` (or unbind them with --transfer-to)",
    ),
    (
        "SKUs with stock but no active link",
        "SELECT m.product_id || ' (' || sum(ifnull(m.stock_quantity, 0))
                || CASE WHEN sum(ifnull(m.stock_quantity, 0)) = 1 THEN ' unit)' ELSE ' units)' END
         FROM inventory_mapping m
         GROUP BY m.product_id
         HAVING sum(ifnull(m.stock_quantity, 0)) > 0
            AND NOT EXISTS (SELECT 1 FROM inventory_mapping a JOIN warehouses w ON w.code = a.warehouse_code
                            WHERE a.product_id = m.product_id AND a.state = 'active' AND w.status = 'active')
         ORDER BY m.product_id",
        "bind the SKU to an active warehouse, or move the stock",
    ),
    (
        "negative stock",
        "SELECT product_id || ' @ ' || warehouse_code || ' (' || stock_quantity || ')'
         FROM inventory_mapping WHERE stock_quantity < 0 ORDER BY product_id, warehouse_code",
        "recount and correct with `invmap bind --qty`",
    ),
    (
        "open orders at a warehouse with no link",
        "SELECT o.order_id || ' (' || o.product_id || ' @ ' || o.warehouse_code || ')'
         FROM orders o
         WHERE o.status = 'open' AND o.warehouse_code IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM inventory_mapping m
                           WHERE m.product_id = o.product_id AND m.warehouse_code = o.warehouse_code)
         ORDER BY o.created_at",
        "re-route or cancel these orders in the shop; or bind the pair again",
    ),
    (
        "drains past their buffer",
        "SELECT m.product_id || ' @ ' || m.warehouse_code || ' (since ' || m.drain_started_at || ', '
                || (SELECT count(*) FROM orders o WHERE o.status = 'open'
                    AND o.product_id = m.product_id AND o.warehouse_code = m.warehouse_code)
                || ' open orders)'
         FROM inventory_mapping m
         WHERE m.state = 'draining' AND m.drain_started_at <= ?1
           AND NOT EXISTS (SELECT 1 FROM drains d WHERE d.product_id = m.product_id
                           AND d.warehouse_code = m.warehouse_code AND d.held)
         ORDER BY m.drain_started_at",
        "run `invmap run-due`: it removes drains whose open orders are done; the others wait for their orders to ship",
    ),
    (
        "drains on hold",
        "SELECT d.product_id || ' @ ' || d.warehouse_code || ' (held since change ' || d.change_id
                || ' undid its finish)'
         FROM drains d JOIN inventory_mapping m
           ON m.product_id = d.product_id AND m.warehouse_code = d.warehouse_code
         WHERE d.held AND m.state = 'draining' ORDER BY d.product_id, d.warehouse_code",
        "run-due leaves these alone: resume with `invmap drain resume --sku S --warehouse W`, or keep the link with `invmap drain cancel --sku S --warehouse W`",
    ),
];

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
        for (name, sql, hint) in QUERIES {
            // Only the drains query takes a parameter (the start of the buffer).
            let time: &[&dyn rusqlite::ToSql] = if sql.contains("?1") {
                &[&buffer_start]
            } else {
                &[]
            };
            let (count, examples) = super::count_and_examples(&self.conn, sql, time)?;
            findings.push(Finding {
                check: name.to_string(),
                count,
                examples,
                hint: hint.to_string(),
            });
        }
        findings.push(self.foreign_keys()?);
        let audit = self.audit_verify()?;
        let broken = audit.first_broken.or(audit.gap_after.map(|g| g + 1));
        findings.push(Finding {
            check: "audit chain".to_string(),
            count: i64::from(broken.is_some()),
            examples: broken
                .map(|b| format!("first broken entry {b}"))
                .into_iter()
                .collect(),
            hint: "run `invmap audit verify`; restore the store from a backup you trust"
                .to_string(),
        });
        let r = self.audit_reconcile()?;
        findings.push(Finding {
            check: "changes without their audit entries".to_string(),
            count: r.changes_missing_entries,
            examples: r.missing_examples,
            hint: "entries were deleted behind invmap's back: restore the store from a backup you trust".to_string(),
        });
        findings.push(Finding {
            check: "audit entries without their change".to_string(),
            count: r.entries_without_change,
            examples: r.orphan_examples,
            hint: "a change was deleted behind invmap's back: restore the store from a backup you trust".to_string(),
        });
        let (forged, examples) = self.forged_items(None)?;
        findings.push(Finding {
            check: "change rows that differ from their audit entries".to_string(),
            count: forged,
            examples,
            hint: "a before- or after-image was changed behind invmap's back: do not roll that change back; restore the store from a backup you trust".to_string(),
        });
        let (drifted, examples) = self.drifted_links()?;
        findings.push(Finding {
            check: "links that differ from their last change".to_string(),
            count: drifted,
            examples,
            hint: "edited, added or deleted behind invmap's back: if what is there is right, record it with `invmap adopt --reason TEXT`; if not, restore from a backup".to_string(),
        });
        let guards = self.missing_guards()?;
        findings.push(Finding {
            check: "append-only guards missing".to_string(),
            count: guards.len() as i64,
            examples: guards,
            hint: "someone dropped them: run `invmap init` to put them back, then `invmap audit verify`".to_string(),
        });
        Ok(findings)
    }

    fn foreign_keys(&self) -> Result<Finding> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} row {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Finding {
            check: "foreign_key_check".to_string(),
            count: rows.len() as i64,
            examples: rows.into_iter().take(EXAMPLES as usize).collect(),
            hint: "a row points at a missing warehouse: add the warehouse".to_string(),
        })
    }
}

fn integrity(conn: &rusqlite::Connection) -> Result<Finding> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(5)")?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let bad: Vec<String> = lines.into_iter().filter(|l| l != "ok").collect();
    Ok(Finding {
        check: "integrity_check".to_string(),
        count: bad.len() as i64,
        examples: bad,
        hint: "the file is damaged: restore from a backup".to_string(),
    })
}
