//! Staging: the requested pairs go into the batch's temporary table, streamed from a file,
//! taken from the flags, or copied from a stored plan.

use anyhow::Result;
use rusqlite::params;

use super::{Batch, PairInput, STAGE};
use crate::store::sqlite::tx::Tx;

impl<'c> Batch<'c> {
    /// Stages the pairs in a temporary table, pulling them one at a time from `next` (a CSV
    /// file is streamed, never held in memory).
    pub fn stage(
        tx: &'c impl Tx,
        mut next: impl FnMut() -> Result<Option<PairInput>>,
    ) -> Result<Batch<'c>> {
        let conn = tx.conn();
        conn.execute_batch(STAGE)?;
        let mut insert = conn.prepare(
            "INSERT INTO temp.unbind_input(line, product_id, warehouse_code, transfer_to, reason,
                 priority)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        while let Some(p) = next()? {
            insert.execute(params![
                p.line,
                p.sku,
                p.warehouse,
                p.transfer_to,
                p.reason,
                p.priority
            ])?;
        }
        Ok(Batch { conn })
    }

    /// Stages the pairs of a stored plan.
    pub fn stage_plan(tx: &'c impl Tx, plan_id: i64) -> Result<Batch<'c>> {
        let conn = tx.conn();
        conn.execute_batch(STAGE)?;
        conn.execute(
            "INSERT INTO temp.unbind_input(line, product_id, warehouse_code, transfer_to, reason,
                 priority)
             SELECT line, product_id, warehouse_code, transfer_to, reason, priority FROM plan_pairs
             WHERE plan_id = ?1 ORDER BY line",
            [plan_id],
        )?;
        Ok(Batch { conn })
    }
}
