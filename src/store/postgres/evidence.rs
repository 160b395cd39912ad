//! What the audit trail proves, on a server (SPEC §6, as `store/sqlite/evidence.rs` and
//! `drift.rs` prove it on a file): changes and entries reconcile, no before-image was forged,
//! the live links are what history left, the append-only guards are in place, and where the
//! trail ends. The queries say the same as SQLite's in PostgreSQL's words (`IS DISTINCT FROM`
//! for SQLite's `IS NOT`, flags compared with 0, text concatenated with `::text`).

use anyhow::Result;
use postgres::GenericClient;

use super::Server;
use crate::i18n::Text;
use crate::store::audit::{GENESIS, hex};
use crate::store::evidence::{Head, Reconciliation};

/// How many examples a finding names (as on SQLite).
const EXAMPLES: i64 = 5;

/// The append-only triggers a server store has (its schema's).
const GUARDS: &[&str] = &[
    "audit_log_no_update",
    "audit_log_no_delete",
    "change_items_no_update",
    "change_items_no_delete",
    "audit_log_in_order",
    "change_items_of_a_change",
    "audit_log_of_a_change",
    "changes_guard",
    "changes_finished",
    "plans_guard",
    "plan_pairs_with_plan",
    "plan_stages_with_plan",
];

const MISSING: &str = "
SELECT c.id FROM changes c
LEFT JOIN (SELECT change_id, count(*) AS n FROM change_items
           WHERE action NOT IN ('close', 'reopen') GROUP BY change_id) i ON i.change_id = c.id
LEFT JOIN (SELECT change_id, count(*) AS n, count(product_id) AS pairs FROM audit_log
           WHERE change_id IS NOT NULL GROUP BY change_id) a ON a.change_id = c.id
WHERE a.n IS NULL OR coalesce(a.pairs, 0) < coalesce(i.n, 0)
ORDER BY c.id";

const ORPHANS: &str = "
SELECT a.id FROM audit_log a
WHERE a.change_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.id = a.change_id)
ORDER BY a.id";

/// The older, shorter detail (`ITEM_DETAIL_V1`), still accepted.
pub(super) const ITEM_DETAIL_V1: &str = "
    CASE WHEN i.before_present <> 0 THEN 'qty ' || coalesce(i.before_qty::text, 'null')
         ELSE 'absent' END
    || ' -> ' ||
    CASE WHEN i.after_present <> 0 THEN 'qty ' || coalesce(i.after_qty::text, 'null')
         ELSE 'absent' END
    || coalesce('; ' || i.note, '')";

/// Links that differ from their last change's after-image, or that no change recorded.
pub(super) const EDITED: &str = "
SELECT m.product_id::text AS product_id, m.warehouse_code::text AS warehouse_code,
       m.stock_quantity::bigint AS stock_quantity, m.last_change,
       (i.change_id IS NOT NULL AND i.after_present <> 0) AS recorded, i.after_qty
FROM inventory_mapping m
LEFT JOIN change_items i ON i.change_id = m.last_change AND i.product_id = m.product_id
                        AND i.warehouse_code = m.warehouse_code
WHERE (i.change_id IS NULL OR i.after_present = 0
       OR i.after_qty IS DISTINCT FROM m.stock_quantity::bigint)";

/// Pairs whose newest change left them present, with no link now.
pub(super) const GONE: &str = "
SELECT g.product_id, g.warehouse_code, g.last, j.after_qty, j.before_priority, j.before_state,
       j.before_drain_started_at, j.after_last_change
FROM (SELECT i.product_id, i.warehouse_code, max(i.change_id) AS last
      FROM change_items i
      WHERE NOT EXISTS (SELECT 1 FROM inventory_mapping m
                        WHERE m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code)
      GROUP BY i.product_id, i.warehouse_code) g
JOIN change_items j ON j.change_id = g.last AND j.product_id = g.product_id
                   AND j.warehouse_code = g.warehouse_code
WHERE j.after_present <> 0";

/// The count and the first [`EXAMPLES`] rows of `sql`, each made an example.
fn count_and_examples<T>(
    c: &mut impl GenericClient,
    sql: &str,
    example: impl Fn(&postgres::Row) -> T,
) -> Result<(i64, Vec<T>)> {
    count_and_examples_with(c, sql, &[], |r| Ok(example(r)))
}

/// [`count_and_examples`] of a query with parameters, whose examples may fail.
pub(super) fn count_and_examples_with<T>(
    c: &mut impl GenericClient,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
    example: impl Fn(&postgres::Row) -> Result<T>,
) -> Result<(i64, Vec<T>)> {
    let examples: Vec<T> = c
        .query(&format!("{sql} LIMIT {EXAMPLES}"), params)?
        .iter()
        .map(example)
        .collect::<Result<_>>()?;
    if (examples.len() as i64) < EXAMPLES {
        return Ok((examples.len() as i64, examples));
    }
    let count: i64 = c
        .query_one(&format!("SELECT count(*) FROM ({sql}) x"), params)?
        .get(0);
    Ok((count, examples))
}

fn worded(examples: Vec<Text>) -> Vec<String> {
    examples.iter().map(Text::words).collect()
}

impl Server {
    /// Changes without their audit entries, and entries without their change.
    pub fn audit_reconcile(&mut self) -> Result<Reconciliation> {
        let r = self.reconciled()?;
        Ok(Reconciliation {
            changes_missing_entries: r.0,
            missing_examples: worded(r.1),
            entries_without_change: r.2,
            orphan_examples: worded(r.3),
        })
    }

    /// [`Server::audit_reconcile`], its examples as messages not yet worded (for `check`).
    pub(super) fn reconciled(&mut self) -> Result<(i64, Vec<Text>, i64, Vec<Text>)> {
        let c = &mut self.client;
        let (missing, missing_examples) = count_and_examples(c, MISSING, |r| {
            crate::text!("store-example-change", id = r.get::<_, i64>(0))
        })?;
        let (orphans, orphan_examples) = count_and_examples(c, ORPHANS, |r| {
            crate::text!("store-example-entry", id = r.get::<_, i64>(0))
        })?;
        Ok((missing, missing_examples, orphans, orphan_examples))
    }

    /// Rows of a change whose before- or after-image no longer says what its entry says.
    pub fn forged_items(&mut self) -> Result<(i64, Vec<String>)> {
        let (count, examples) = self.forged_examples()?;
        Ok((count, worded(examples)))
    }

    pub(super) fn forged_examples(&mut self) -> Result<(i64, Vec<Text>)> {
        let sql = format!(
            "SELECT i.change_id, i.product_id::text, i.warehouse_code::text
             FROM change_items i
             JOIN audit_log a ON a.change_id = i.change_id AND a.product_id = i.product_id
                             AND a.warehouse_code = i.warehouse_code
             WHERE a.detail <> ({}) AND a.detail <> ({ITEM_DETAIL_V1})
             ORDER BY i.change_id, i.product_id, i.warehouse_code",
            super::change::ITEM_DETAIL
        );
        count_and_examples(&mut self.client, &sql, |r| {
            crate::text!(
                "store-example-forged",
                change = r.get::<_, i64>(0),
                sku = &r.get::<_, String>(1),
                warehouse = &r.get::<_, String>(2)
            )
        })
    }

    /// Links edited, inserted or deleted behind invmap's back: the count and a few lines.
    pub fn drifted_links(&mut self) -> Result<(i64, Vec<String>)> {
        let (count, examples) = self.drift_examples()?;
        Ok((count, worded(examples)))
    }

    pub(super) fn drift_examples(&mut self) -> Result<(i64, Vec<Text>)> {
        let sql = format!(
            // In the order a file store names them: the edited links in key order, then the
            // gone ones in key order.
            "SELECT product_id, warehouse_code, kind, last_change, stock_quantity, after_qty
             FROM (SELECT product_id, warehouse_code, CASE
                          WHEN last_change IS NULL THEN 'unrecorded'
                          WHEN NOT recorded THEN 'absent'
                          ELSE 'differs' END AS kind,
                          last_change, stock_quantity, after_qty, 0 AS part
                   FROM ({EDITED}) e
                   UNION ALL
                   SELECT product_id::text, warehouse_code::text, 'gone', last, NULL::bigint,
                          after_qty, 1
                   FROM ({GONE}) g) d
             ORDER BY part, product_id COLLATE \"C\", warehouse_code COLLATE \"C\""
        );
        count_and_examples(&mut self.client, &sql, |r| {
            crate::store::drift::drift_text(
                &r.get::<_, String>(0),
                &r.get::<_, String>(1),
                &r.get::<_, String>(2),
                r.get(3),
                r.get(4),
                r.get(5),
            )
        })
    }

    /// The append-only guards that are missing (dropped behind invmap's back).
    pub fn missing_guards(&mut self) -> Result<Vec<String>> {
        let mut missing = Vec::new();
        for name in GUARDS {
            let present: bool = self
                .client
                .query_one(
                    // Firing in every session ('O', or 'A' always) and still refusing: a trigger
                    // set to fire only for replicas, or whose function was made to let rows
                    // through, guards nothing.
                    "SELECT EXISTS (SELECT 1 FROM pg_trigger t
                                    JOIN pg_class c ON c.oid = t.tgrelid
                                    JOIN pg_proc p ON p.oid = t.tgfoid
                                    WHERE t.tgname = $1 AND t.tgenabled IN ('O', 'A')
                                      AND p.prosrc LIKE '%RAISE EXCEPTION%'
                                      AND c.relnamespace = current_schema()::regnamespace)",
                    &[name],
                )?
                .get(0);
            if !present {
                missing.push(name.to_string());
            }
        }
        Ok(missing)
    }

    /// Where the trail ends now.
    pub fn audit_end(&mut self) -> Result<Head> {
        let last = self
            .client
            .query_opt(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                &[],
            )?
            .map(|r| (r.get::<_, i64>(0), r.get::<_, Vec<u8>>(1)));
        let last_change: Option<i64> = self
            .client
            .query_one("SELECT max(id) FROM changes", &[])?
            .get(0);
        Ok(match last {
            Some((id, hash)) => Head {
                head: hex(&hash),
                entries: id,
                last_change,
            },
            None => Head {
                head: hex(&GENESIS),
                entries: 0,
                last_change,
            },
        })
    }

    /// The id of the entry whose hash is `head` (hex), if any.
    pub fn audit_entry_with_hash(&mut self, head: &str) -> Result<Option<i64>> {
        let Some(bytes) = crate::store::evidence::unhex(head) else {
            return Ok(None);
        };
        Ok(self
            .client
            .query_opt("SELECT id FROM audit_log WHERE hash = $1", &[&bytes])?
            .map(|r| r.get(0)))
    }
}
