//! Planning and the facts the rules judge, on a server (`store/sqlite/unbind/rules.rs` and
//! `input.rs` in PostgreSQL's dialect; the sentences are the same).

use anyhow::Result;
use postgres::Transaction;

use crate::domain::problem::{Problem, Problems};

/// How many unknown codes get a "did you mean …?" (as on a file).
const SUGGESTIONS: usize = 50;

/// One row per distinct linked pair (the earliest line wins), with the link as it is now;
/// returns the duplicate lines (line, first line, pair), recorded for the report.
pub fn plan(tx: &mut Transaction<'_>, transfer: Option<&str>) -> Result<Vec<(u64, u64, String)>> {
    let any_closed: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM warehouses WHERE status = 'closed')",
            &[],
        )?
        .get(0);
    let open = |link: &str| {
        if any_closed {
            format!(
                "AND {link}.warehouse_code NOT IN (SELECT code FROM warehouses WHERE status = 'closed')"
            )
        } else {
            String::new()
        }
    };
    tx.execute(
        &format!(
            "INSERT INTO pg_temp.unbind_plan(product_id, warehouse_code, line, transfer_to,
                 reason, target_priority, qty, routable, region, stock, priority, state,
                 drain_started_at, last_change, has_other)
             SELECT i.product_id, i.warehouse_code, i.line, coalesce(i.transfer_to, $1::text),
                    i.reason, i.priority, coalesce(m.stock_quantity, 0),
                    m.state = 'active' {m_open}, '',
                    m.stock_quantity, m.priority, m.state, m.drain_started_at, m.last_change,
                    EXISTS (SELECT 1 FROM inventory_mapping a
                            WHERE a.product_id = i.product_id
                              AND a.warehouse_code <> i.warehouse_code
                              AND a.state = 'active' {a_open})
             FROM pg_temp.unbind_input i
             JOIN inventory_mapping m
               ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code",
            m_open = open("m"),
            a_open = open("a"),
        ),
        &[&transfer],
    )?;
    tx.batch_execute(
        "CREATE INDEX ON pg_temp.unbind_plan(product_id, warehouse_code, line);
         ANALYZE pg_temp.unbind_plan;",
    )?;
    let repeated: i64 = tx
        .query_one(
            "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT product_id, warehouse_code
                                                    FROM pg_temp.unbind_plan) d)
             FROM pg_temp.unbind_plan",
            &[],
        )?
        .get(0);
    if repeated == 0 {
        return Ok(Vec::new());
    }
    tx.batch_execute(
        "CREATE TEMP TABLE unbind_dup AS
         SELECT line, product_id, warehouse_code, first
         FROM (SELECT line, product_id, warehouse_code,
                      min(line) OVER (PARTITION BY product_id, warehouse_code) AS first
               FROM pg_temp.unbind_plan) p
         WHERE line > first;
         INSERT INTO pg_temp.unbind_issue(line, outcome, col, value, message)
         SELECT line, 'duplicate', 'product_id', product_id,
                'same pair as line ' || first || ': unbound once'
         FROM pg_temp.unbind_dup ORDER BY line;
         DELETE FROM pg_temp.unbind_plan p USING pg_temp.unbind_dup d
         WHERE p.product_id = d.product_id AND p.warehouse_code = d.warehouse_code
           AND p.line = d.line;",
    )?;
    Ok(tx
        .query(
            "SELECT line, first, product_id || ' @ ' || warehouse_code FROM pg_temp.unbind_dup
             ORDER BY line",
            &[],
        )?
        .iter()
        .map(|r| {
            (
                r.get::<_, i64>(0) as u64,
                r.get::<_, i64>(1) as u64,
                r.get(2),
            )
        })
        .collect())
}

/// Unknown SKUs and warehouses, pairs not linked, bad transfer targets: to `problems`, in
/// line order, worded as on a file; recorded for the report.
pub fn input_problems(
    tx: &mut Transaction<'_>,
    transfer: Option<&str>,
    columns: [&str; 3],
    problems: &mut Problems,
) -> Result<()> {
    // Most batches match a link on every line and name no transfer: then the look at unknown
    // codes and at transfer targets is left out (a tenth of a big batch's time).
    let r = tx.query_one(
        "SELECT (SELECT count(*) FROM pg_temp.unbind_input) - (SELECT count(*) FROM pg_temp.unbind_plan)
                - (SELECT count(*) FROM pg_temp.unbind_issue WHERE outcome = 'duplicate'),
                EXISTS (SELECT 1 FROM pg_temp.unbind_input WHERE transfer_to IS NOT NULL)",
        &[],
    )?;
    let (unmatched, transfers): (i64, bool) = (r.get(0), r.get(1));
    let unmatched_sql = if unmatched == 0 {
        r#"CREATE TEMP TABLE unbind_unmatched(line BIGINT, product_id TEXT COLLATE "C",
               warehouse_code TEXT COLLATE "C");"#
    } else {
        "CREATE TEMP TABLE unbind_unmatched AS
         SELECT line, product_id, warehouse_code FROM pg_temp.unbind_input i
         WHERE NOT EXISTS (SELECT 1 FROM pg_temp.unbind_plan p
                           WHERE p.product_id = i.product_id AND p.warehouse_code = i.warehouse_code);"
    };
    tx.batch_execute(unmatched_sql)?;
    tx.batch_execute(
        "INSERT INTO pg_temp.unbind_issue(line, outcome, col, value, message, kind, arg)
         SELECT line, 'invalid', 'warehouse_code', warehouse_code,
                'unknown warehouse: see `invmap warehouse list`', 'unknown-warehouse', NULL
         FROM pg_temp.unbind_unmatched i
         WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = i.warehouse_code);

         INSERT INTO pg_temp.unbind_issue(line, outcome, col, value, message, kind, arg)
         SELECT line, 'invalid', 'product_id', product_id,
                'unknown SKU: not in the store' || coalesce(' (did you mean ' || padded || '?)', '')
                || '; check the code (Excel drops leading zeros)', 'unknown-sku', padded
         FROM (SELECT line, product_id,
                      (SELECT m.product_id FROM inventory_mapping m
                       WHERE m.product_id IN ('0' || i.product_id, '00' || i.product_id,
                             '000' || i.product_id, '0000' || i.product_id) LIMIT 1) AS padded
               FROM pg_temp.unbind_unmatched i
               WHERE NOT EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = i.product_id)
                 AND NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = i.product_id)) u;

         INSERT INTO pg_temp.unbind_issue(line, outcome, col, value, message, kind, arg)
         SELECT line, 'invalid', 'warehouse_code', warehouse_code,
                'pair not bound: ' || product_id || ' is not linked to ' || warehouse_code
                || '; see `invmap route --sku ' || product_id || '`', 'not-bound', product_id
         FROM pg_temp.unbind_unmatched i
         WHERE EXISTS (SELECT 1 FROM warehouses w WHERE w.code = i.warehouse_code)
           AND (EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = i.product_id)
                OR EXISTS (SELECT 1 FROM products p WHERE p.product_id = i.product_id));",
    )?;
    if transfers || transfer.is_some() {
        transfer_problems(tx, transfer)?;
    }
    worded_problems(tx, columns, problems)
}

/// Transfer targets that are unknown, the pair's own warehouse, or unbound by the batch too.
fn transfer_problems(tx: &mut Transaction<'_>, transfer: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO pg_temp.unbind_issue(line, outcome, col, value, message, kind, arg)
         SELECT line, 'invalid', 'transfer_to', t,
                CASE WHEN t = warehouse_code
                     THEN 'the transfer target is the warehouse being unbound: name another warehouse'
                     ELSE 'unknown transfer target warehouse: see `invmap warehouse list`' END,
                CASE WHEN t = warehouse_code THEN 'transfer-self' ELSE 'transfer-unknown' END,
                NULL
         FROM (SELECT line, warehouse_code, coalesce(transfer_to, $1::text) AS t
               FROM pg_temp.unbind_input) i
         WHERE t IS NOT NULL
           AND (t = warehouse_code OR NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = t))",
        &[&transfer],
    )?;
    tx.batch_execute(
        "INSERT INTO pg_temp.unbind_issue(line, outcome, col, value, message, kind, arg)
         SELECT p.line, 'invalid', 'transfer_to', p.transfer_to,
                'the transfer target ' || p.transfer_to || ' is unbound by this batch too (line '
                || x.line || '): move the stock to a warehouse the SKU keeps',
                'transfer-unbound', x.line::text
         FROM pg_temp.unbind_plan p
         JOIN pg_temp.unbind_plan x
           ON x.product_id = p.product_id AND x.warehouse_code = p.transfer_to
         WHERE p.transfer_to IS NOT NULL",
    )?;
    Ok(())
}

/// The input errors found, worded in the operator's language, with "did you mean" for the
/// first unknown codes.
fn worded_problems(
    tx: &mut Transaction<'_>,
    columns: [&str; 3],
    problems: &mut Problems,
) -> Result<()> {
    let rows = tx.query(
        "SELECT line, col, value, message, kind, arg FROM pg_temp.unbind_issue
         WHERE outcome = 'invalid' ORDER BY line, n",
        &[],
    )?;
    let mut suggested = 0;
    for r in rows {
        let (line, col, value, message): (i64, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        let (kind, arg): (Option<String>, Option<String>) = (r.get(4), r.get(5));
        let mut message = match kind.as_deref() {
            Some(kind) => crate::store::unbind::worded(kind, &value, arg.as_deref()),
            None => message,
        };
        let unknown = matches!(
            kind.as_deref(),
            Some("unknown-warehouse" | "unknown-sku" | "transfer-unknown")
        );
        if suggested < SUGGESTIONS && unknown {
            suggested += 1;
            let hint = match col.as_str() {
                "product_id" if arg.is_none() => super::super::reads::likely_sku(tx, &value)?
                    .map(|found| crate::domain::near::did_you_mean(&value, &found))
                    .unwrap_or_default(),
                "product_id" => String::new(),
                _ => super::super::reads::warehouse_hint(tx, &value)?,
            };
            message.push_str(&hint);
        }
        let col = match col.as_str() {
            "product_id" => columns[0],
            "warehouse_code" => columns[1],
            _ => columns[2],
        };
        problems.push(Problem::new(line as u64, col, &value, message));
    }
    Ok(())
}

/// No active link in an active warehouse would remain, and no transfer creates one.
const ORPHANS: &str = "
UPDATE pg_temp.unbind_plan SET orphan = true
WHERE routable AND product_id IN (
    SELECT p.product_id FROM pg_temp.unbind_plan p
    GROUP BY p.product_id
    HAVING CASE WHEN count(*) = 1 THEN NOT bool_or(p.has_other)
           ELSE count(*) FILTER (WHERE p.routable) >= (
               SELECT count(*) FROM inventory_mapping a
               WHERE a.product_id = p.product_id AND a.state = 'active'
                 AND a.warehouse_code NOT IN (SELECT code FROM warehouses
                                              WHERE status = 'closed')) END
    AND NOT EXISTS (
        SELECT 1 FROM pg_temp.unbind_plan q JOIN warehouses w ON w.code = q.transfer_to
        WHERE q.product_id = p.product_id AND w.status = 'active'))";

/// Open orders, transfer targets, last warehouse and region cover, for all pairs at once.
pub fn gather_facts(tx: &mut Transaction<'_>) -> Result<()> {
    let possible: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_temp.unbind_plan WHERE routable AND NOT has_other)
                 OR (SELECT count(*) - count(DISTINCT product_id) FROM pg_temp.unbind_plan) > 0",
            &[],
        )?
        .get(0);
    if possible {
        tx.batch_execute(ORPHANS)?;
    }
    tx.batch_execute(
        "UPDATE pg_temp.unbind_plan p SET open_orders = o.n, oldest_open = o.oldest
         FROM (SELECT o.product_id, o.warehouse_code, count(*) AS n, min(o.created_at) AS oldest
               FROM orders o JOIN pg_temp.unbind_plan q
                 ON q.product_id = o.product_id AND q.warehouse_code = o.warehouse_code
               WHERE o.status = 'open' GROUP BY 1, 2) o
         WHERE p.product_id = o.product_id AND p.warehouse_code = o.warehouse_code;

         UPDATE pg_temp.unbind_plan p SET target_status = w.status
         FROM warehouses w WHERE w.code = p.transfer_to;

         UPDATE pg_temp.unbind_plan p SET region = w.region
         FROM warehouses w
         WHERE w.code = p.warehouse_code AND p.routable
           AND EXISTS (SELECT 1 FROM warehouses WHERE region <> '');
         UPDATE pg_temp.unbind_plan p SET region_gap = true
         WHERE routable AND region <> ''
           AND NOT EXISTS (
               SELECT 1 FROM inventory_mapping m JOIN warehouses w ON w.code = m.warehouse_code
               WHERE m.product_id = p.product_id AND m.state = 'active'
                 AND w.status = 'active' AND w.region = p.region
                 AND NOT EXISTS (SELECT 1 FROM pg_temp.unbind_plan x
                     WHERE x.product_id = m.product_id AND x.warehouse_code = m.warehouse_code))
           AND NOT EXISTS (
               SELECT 1 FROM pg_temp.unbind_plan q JOIN warehouses w ON w.code = q.transfer_to
               WHERE q.product_id = p.product_id
                 AND w.status = 'active' AND w.region = p.region);",
    )?;
    Ok(())
}
