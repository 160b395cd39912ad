//! The live links against their history (SPEC §6): every link names the change that left it
//! (`last_change`), and that change recorded the link's after-image (presence and stock). A
//! link that differs from it, a link no change recorded, and a link gone that history says is
//! there were edited behind invmap's back (`sqlite3`, another tool). `check` and
//! `audit verify --state` name them; `rollback` refuses to write over them; `adopt` records
//! them as a change.
//!
//! What the after-image holds is presence and stock: a priority or state edited behind the
//! tool's back is not seen here.

use anyhow::Result;

use super::Store;
use super::effect::Effect;
use super::evidence::worded;
use super::words::Units;
use crate::i18n::Text;

/// Links that differ from the after-image of their last change, or that no change recorded.
/// One pass over the links, each looked up among its change's rows by primary key.
const EDITED: &str = "
SELECT m.product_id, m.warehouse_code, m.stock_quantity, m.last_change,
       i.change_id IS NOT NULL AND i.after_present AS recorded, i.after_qty
FROM inventory_mapping m
LEFT JOIN change_items i ON i.change_id = m.last_change AND i.product_id = m.product_id
                        AND i.warehouse_code = m.warehouse_code
WHERE (i.change_id IS NULL OR NOT i.after_present OR i.after_qty IS NOT m.stock_quantity)";

/// Pairs whose newest change left them present, with no link now: deleted behind the tool's
/// back. Only the rows of pairs that have no link are grouped (those a later change removed,
/// and these).
const GONE: &str = "
SELECT g.product_id, g.warehouse_code, g.last, j.after_qty, j.before_priority, j.before_state,
       j.before_drain_started_at, j.after_last_change
FROM (SELECT i.product_id, i.warehouse_code, max(i.change_id) AS last
      FROM change_items i
      WHERE NOT EXISTS (SELECT 1 FROM inventory_mapping m
                        WHERE m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code)
      GROUP BY i.product_id, i.warehouse_code) g
JOIN change_items j ON j.change_id = g.last AND j.product_id = g.product_id
                   AND j.warehouse_code = g.warehouse_code
WHERE j.after_present";

/// Both, one row each: SKU, warehouse, how it differs (`unrecorded`, `absent`, `differs`,
/// `gone`), the change that left it, its stock now and the stock that change left.
/// `recorded_only`: leave out the links no change recorded at all (a store seeded by plain
/// SQL has them).
fn described(recorded_only: bool) -> String {
    let edited = if recorded_only {
        // data: SQL
        format!("{EDITED} AND m.last_change IS NOT NULL")
    } else {
        EDITED.to_string()
    };
    format!(
        "SELECT product_id, warehouse_code, CASE
             WHEN last_change IS NULL THEN 'unrecorded'
             WHEN NOT recorded THEN 'absent'
             ELSE 'differs' END,
             last_change, stock_quantity, after_qty
         FROM ({edited})
         UNION ALL
         SELECT product_id, warehouse_code, 'gone', last, NULL, after_qty
         FROM ({GONE})"
    )
}

/// One row of [`described`] as a line for a person.
fn drift_example(r: &rusqlite::Row<'_>) -> rusqlite::Result<Text> {
    Ok(drift_text(
        &r.get::<_, String>(0)?,
        &r.get::<_, String>(1)?,
        &r.get::<_, String>(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

/// A drifted link as a line for a person, from any backend's row: SKU, warehouse, how it
/// differs, the change that left it, its stock now and the stock that change left.
pub(crate) fn drift_text(
    sku: &str,
    warehouse: &str,
    kind: &str,
    change: Option<i64>,
    stock: Option<i64>,
    left: Option<i64>,
) -> Text {
    let (stock, left) = (Units(stock), Units(left));
    let change = change.unwrap_or(0);
    match kind {
        "unrecorded" => crate::text!(
            "store-drift-unrecorded",
            sku = sku,
            warehouse = warehouse,
            stock = stock
        ),
        "absent" => crate::text!(
            "store-drift-absent",
            sku = sku,
            warehouse = warehouse,
            change = change,
            stock = stock
        ),
        "gone" => crate::text!(
            "store-drift-gone",
            sku = sku,
            warehouse = warehouse,
            change = change,
            left = left
        ),
        _ => crate::text!(
            "store-drift-differs",
            sku = sku,
            warehouse = warehouse,
            stock = stock,
            change = change,
            left = left
        ),
    }
}

/// The rows of one change whose link is no longer as the change left it although no later
/// change touched it (its mark is still the change's): edited behind the tool's back.
/// (The same columns as [`described`].)
const EDITED_SINCE: &str = "
SELECT i.product_id, i.warehouse_code, 'differs', ?1, m.stock_quantity, i.after_qty
FROM change_items i
JOIN inventory_mapping m ON m.product_id = i.product_id AND m.warehouse_code = i.warehouse_code
WHERE i.change_id = ?1 AND i.after_present
  AND m.last_change IS coalesce(i.after_last_change, ?1)
  AND m.stock_quantity IS NOT i.after_qty";

impl Store {
    /// Links edited, inserted or deleted behind invmap's back: the count and a few lines.
    pub fn drifted_links(&self) -> Result<(i64, Vec<String>)> {
        let (count, examples) = self.drift_examples()?;
        Ok((count, worded(examples)))
    }

    /// [`Store::drifted_links`], its examples as messages not yet worded.
    pub(super) fn drift_examples(&self) -> Result<(i64, Vec<Text>)> {
        super::count_and_examples(&self.conn, &described(false), &[], drift_example)
    }
}

/// The links of a store (a backup file) that differ from what history recorded for them —
/// those no change recorded left aside.
pub(crate) fn drifted_recorded(conn: &rusqlite::Connection) -> Result<(i64, Vec<String>)> {
    let (count, examples) = super::count_and_examples(conn, &described(true), &[], drift_example)?;
    Ok((count, worded(examples)))
}

/// The rows of `change` edited behind the tool's back since it (see [`EDITED_SINCE`]).
pub(super) fn edited_since(conn: &rusqlite::Connection, change: i64) -> Result<(i64, Vec<Text>)> {
    super::count_and_examples(conn, EDITED_SINCE, &[&change], drift_example)
}

impl Effect<'_> {
    /// `adopt`: every drifted link as it is now, over the image its history recorded — so the
    /// change's before-images are what history said, and undoing it puts that back. A link
    /// deleted behind the back comes back (on undo) with the stock its last change left, the
    /// priority and state its last change found (or 100 and active).
    pub fn stage_adopt(&self) -> Result<u64> {
        let edited = self.conn.execute(
            &format!(
                "INSERT INTO temp.effect
                 SELECT d.product_id, d.warehouse_code, 'adopt',
                        d.recorded, CASE WHEN d.recorded THEN d.after_qty END,
                        m.priority, m.state, m.drain_started_at, m.last_change,
                        1, m.stock_quantity, m.priority, m.state, m.drain_started_at, NULL, 0
                 FROM ({EDITED}) d
                 JOIN inventory_mapping m ON m.product_id = d.product_id
                                         AND m.warehouse_code = d.warehouse_code"
            ),
            [],
        )?;
        let gone = self.conn.execute(
            &format!(
                "INSERT INTO temp.effect
                 SELECT product_id, warehouse_code, 'adopt',
                        1, after_qty, coalesce(before_priority, 100),
                        coalesce(before_state, 'active'), before_drain_started_at,
                        coalesce(after_last_change, last),
                        0, NULL, NULL, NULL, NULL, NULL, 0
                 FROM ({GONE})"
            ),
            [],
        )?;
        Ok((edited + gone) as u64)
    }
}
