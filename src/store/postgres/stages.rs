//! Plans on a server: one stored from what the last read-only batch or effect staged on this
//! connection, and a batch split into stages, each stage a plan of its own tied together in
//! `plan_stages` (`store/sqlite/plans.rs` and `stages.rs` in PostgreSQL's dialect).

use anyhow::Result;
use postgres::Transaction;

use super::unbind::copy_line;
use super::{CHANGE_LOCK, Server};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::Qty;
use crate::store::moves::MoveLine;
use crate::store::plans::{NewPlan, PlanPairs};
use crate::store::stages::Staged;

impl Server {
    /// Stores a plan (its pairs from this connection's staged batch or effect), with its
    /// audit entry, under the change lock; returns its id.
    pub fn create_plan(&mut self, p: &NewPlan) -> Result<i64> {
        crate::domain::operator::check(&p.creator).map_err(crate::error::UsageError)?;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        refuse_without_reason(&mut tx, p)?;
        let id = insert_plan(&mut tx, p)?;
        tx.commit()?;
        Ok(id)
    }

    /// Splits the batch staged on this connection (or the move lines) by `shares`
    /// (cumulative percentages, the last 100), spread over the warehouses; returns how many
    /// pairs each stage takes.
    pub fn split_stages(&mut self, shares: &[u32], what: Staged<'_>) -> Result<Vec<u64>> {
        let c = &mut self.client;
        c.batch_execute(
            r#"DROP TABLE IF EXISTS pg_temp.stage_of, pg_temp.stage_pairs;
               CREATE TEMP TABLE stage_of(product_id TEXT COLLATE "C" NOT NULL,
                   warehouse_code TEXT COLLATE "C" NOT NULL, stage BIGINT NOT NULL,
                   PRIMARY KEY (product_id, warehouse_code));
               CREATE TEMP TABLE stage_pairs(line BIGINT NOT NULL, product_id TEXT COLLATE "C" NOT NULL,
                   warehouse_code TEXT COLLATE "C" NOT NULL, transfer_to TEXT COLLATE "C",
                   reason TEXT COLLATE "C", priority BIGINT, quantity BIGINT);"#,
        )?;
        match what {
            Staged::Unbinds => {
                c.batch_execute(
                    "INSERT INTO pg_temp.stage_pairs(line, product_id, warehouse_code, transfer_to,
                         reason, priority)
                     SELECT line, product_id, warehouse_code, transfer_to, reason, priority
                     FROM pg_temp.unbind_input",
                )?;
            }
            Staged::Moves(lines) => {
                let mut buf = Vec::new();
                for l in lines {
                    let line = l.line.to_string();
                    let priority = l.priority.map(|p| p.to_string());
                    let qty = l.qty.map(|q| Qty::get(q).to_string());
                    copy_line(
                        &mut buf,
                        &[
                            Some(&line),
                            Some(l.sku.as_str()),
                            Some(l.from.as_str()),
                            Some(l.to.as_str()),
                            None,
                            priority.as_deref(),
                            qty.as_deref(),
                        ],
                    );
                }
                super::send_copy(c, "COPY pg_temp.stage_pairs FROM STDIN", &buf)?;
            }
        }
        // As a file splits: each warehouse's pairs ranked by SKU, the batch ordered by where
        // a pair stands in its own warehouse (the same float arithmetic as SQLite's REAL).
        let shares: Vec<i64> = shares.iter().map(|s| i64::from(*s)).collect();
        c.execute(
            "INSERT INTO pg_temp.stage_of
             WITH pairs AS (
                 SELECT product_id, warehouse_code FROM pg_temp.stage_pairs
                 GROUP BY product_id, warehouse_code),
             placed AS (
                 SELECT product_id, warehouse_code,
                        (row_number() OVER (PARTITION BY warehouse_code ORDER BY product_id) - 1)::float8
                          / count(*) OVER (PARTITION BY warehouse_code) AS place
                 FROM pairs),
             ranked AS (
                 SELECT product_id, warehouse_code,
                        row_number() OVER (ORDER BY place, warehouse_code, product_id) AS r,
                        count(*) OVER () AS n
                 FROM placed)
             SELECT product_id, warehouse_code,
                    (SELECT min(s.ord - 1) FROM unnest($1::bigint[]) WITH ORDINALITY s(value, ord)
                     WHERE r * 100 <= s.value * n)
             FROM ranked",
            &[&shares],
        )?;
        let mut counts = vec![0u64; shares.len()];
        for r in c.query(
            "SELECT stage, count(*) FROM pg_temp.stage_of GROUP BY stage",
            &[],
        )? {
            let (stage, n): (i64, i64) = (r.get(0), r.get(1));
            counts[stage as usize] = n as u64;
        }
        Ok(counts)
    }

    /// Stores each stage of the split batch as a plan (`base` with the stage's pairs; the
    /// later stages with `later_status`), tied together; returns the plans' ids in order.
    pub fn create_stages(
        &mut self,
        base: &NewPlan,
        later_status: &'static str,
        shares: &[u32],
        wait: bool,
    ) -> Result<Vec<i64>> {
        crate::domain::operator::check(&base.creator).map_err(crate::error::UsageError)?;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])?;
        refuse_without_reason(&mut tx, base)?;
        // Read again under the lock: two operators starting the same file's batch at once
        // cannot both win.
        let again = base.options.get("again").and_then(|v| v.as_bool()) == Some(true);
        if let (Some(sha), false) = (&base.source_sha256, again)
            && let Some(batch) = open_batch_of(&mut tx, sha)?
        {
            return Err(
                crate::error::Refused(crate::tr!("store-stages-under-way", plan = batch)).into(),
            );
        }
        let mut ids: Vec<i64> = Vec::new();
        for (i, share) in shares.iter().enumerate() {
            let plan = NewPlan {
                status: if i == 0 { base.status } else { later_status },
                pairs: PlanPairs::Stage(i as i64),
                ..base.clone()
            };
            let id = insert_plan(&mut tx, &plan)?;
            let batch = *ids.first().unwrap_or(&id);
            tx.execute(
                "INSERT INTO plan_stages(plan_id, batch, stage, stages, share, wait)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &id,
                    &batch,
                    &(i as i64 + 1),
                    &(shares.len() as i64),
                    &format!("{share}%"),
                    &i64::from(wait),
                ],
            )?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// A batch in stages of this file that is not finished (a stage still to apply).
    pub fn open_batch_of(&mut self, sha256: &str) -> Result<Option<i64>> {
        open_batch_of(&mut self.client, sha256)
    }

    /// The lines of a stage of moves, as the move engine takes them.
    pub fn plan_moves(&mut self, plan_id: i64) -> Result<Vec<MoveLine>> {
        let rows = self.client.query(
            "SELECT line, product_id::text, warehouse_code::text, transfer_to::text, quantity,
                    priority
             FROM plan_pairs WHERE plan_id = $1 ORDER BY line",
            &[&plan_id],
        )?;
        let bad = |what: &str| {
            anyhow::anyhow!(crate::tr!(
                "store-plan-bad-line",
                plan = plan_id,
                what = what
            ))
        };
        rows.iter()
            .map(|r| {
                let to: Option<String> = r.get(3);
                Ok(MoveLine {
                    line: r.get::<_, i64>(0) as u64,
                    sku: Sku::parse(&r.get::<_, String>(1)).map_err(|_| bad("SKU"))?,
                    from: WarehouseCode::parse(&r.get::<_, String>(2))
                        .map_err(|_| bad("warehouse"))?,
                    to: WarehouseCode::parse(to.as_deref().unwrap_or(""))
                        .map_err(|_| bad("warehouse"))?,
                    qty: r
                        .get::<_, Option<i64>>(4)
                        .map(Qty::new)
                        .transpose()
                        .map_err(|_| bad("quantity"))?,
                    priority: r.get(5),
                })
            })
            .collect()
    }
}

fn refuse_without_reason(tx: &mut Transaction<'_>, p: &NewPlan) -> Result<()> {
    if p.reason.trim().is_empty() && super::plans::settings(tx)?.require_reason {
        anyhow::bail!(crate::error::UsageError(crate::tr!(
            "store-plan-reason-required"
        )));
    }
    Ok(())
}

fn open_batch_of(c: &mut impl postgres::GenericClient, sha256: &str) -> Result<Option<i64>> {
    Ok(c.query_opt(
        "SELECT s.batch FROM plan_stages s JOIN plans p ON p.id = s.plan_id
         WHERE p.source_sha256 = $1 AND p.status IN ('pending', 'approved', 'scheduled')
         ORDER BY s.batch DESC LIMIT 1",
        &[&sha256],
    )?
    .map(|r| r.get(0)))
}

/// Inserts a plan with its pairs and its audit entry, inside the caller's transaction.
fn insert_plan(tx: &mut Transaction<'_>, p: &NewPlan) -> Result<i64> {
    let pairs: i64 = match p.pairs {
        PlanPairs::Count(n) => n,
        PlanPairs::Effect => tx
            .query_one("SELECT count(*) FROM pg_temp.effect", &[])?
            .get(0),
        PlanPairs::Batch => tx
            .query_one("SELECT count(*) FROM pg_temp.unbind_input", &[])?
            .get(0),
        PlanPairs::Stage(stage) => tx
            .query_one(
                "SELECT count(*) FROM pg_temp.stage_pairs i
                 JOIN pg_temp.stage_of s
                   ON s.product_id = i.product_id AND s.warehouse_code = i.warehouse_code
                 WHERE s.stage = $1",
                &[&stage],
            )?
            .get(0),
    };
    let id: i64 = tx
        .query_one(
            // Numbered after the last, as on a file (see `change::begin`).
            "INSERT INTO plans(id, created_at, creator, reason, ticket, source_file,
                               source_sha256, options, pairs, status, effective_at)
             VALUES ((SELECT coalesce(max(id), 0) + 1 FROM plans),
                     $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            &[
                &p.at,
                &p.creator,
                &p.reason,
                &p.ticket,
                &p.source_file,
                &p.source_sha256,
                &p.options.to_string(),
                &pairs,
                &p.status,
                &p.effective_at,
            ],
        )?
        .get(0);
    // The pairs a second person reviews: the batch's lines, the effect's links, or a stage's
    // lines (as a file keeps them); an import keeps only its count (applied from its file).
    match p.pairs {
        PlanPairs::Batch => tx.execute(
            "INSERT INTO plan_pairs(plan_id, line, product_id, warehouse_code, transfer_to,
                 reason, priority)
             SELECT $1, line, product_id, warehouse_code, transfer_to, reason, priority
             FROM pg_temp.unbind_input ORDER BY line",
            &[&id],
        )?,
        PlanPairs::Effect => tx.execute(
            "INSERT INTO plan_pairs(plan_id, line, product_id, warehouse_code, transfer_to,
                 reason)
             SELECT $1, row_number() OVER (ORDER BY product_id, warehouse_code),
                    product_id, warehouse_code, NULL, action
             FROM pg_temp.effect",
            &[&id],
        )?,
        PlanPairs::Stage(stage) => tx.execute(
            "INSERT INTO plan_pairs(plan_id, line, product_id, warehouse_code, transfer_to,
                 reason, priority, quantity)
             SELECT $1, i.line, i.product_id, i.warehouse_code, i.transfer_to, i.reason,
                    i.priority, i.quantity
             FROM pg_temp.stage_pairs i
             JOIN pg_temp.stage_of s
               ON s.product_id = i.product_id AND s.warehouse_code = i.warehouse_code
             WHERE s.stage = $2 ORDER BY i.line",
            &[&id, &stage],
        )?,
        PlanPairs::Count(_) => 0,
    };
    let detail = crate::store::plans::create_detail(id, pairs as u64, p);
    super::plans::append_event(tx, &p.at, &p.creator, "plan-create", &detail)?;
    Ok(id)
}
