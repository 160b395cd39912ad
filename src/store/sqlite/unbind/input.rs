//! Input errors: unknown SKUs and warehouses, pairs that are not linked, bad transfer
//! targets — exit 4, found with a few statements over the lines that matched no link.

use anyhow::Result;

use super::Batch;
use crate::domain::problem::{Problem, Problems};

/// The lines whose pair matched no link.
const UNMATCHED: &str = "
DROP TABLE IF EXISTS temp.unbind_unmatched;
CREATE TEMP TABLE unbind_unmatched AS
SELECT line, product_id, warehouse_code FROM temp.unbind_input i
WHERE NOT EXISTS (SELECT 1 FROM temp.unbind_plan p
                  WHERE p.product_id = i.product_id AND p.warehouse_code = i.warehouse_code);";

/// How many unknown codes get a "did you mean …?".
const SUGGESTIONS: usize = 50;

impl Batch<'_> {
    /// Finds the input errors (unknown SKU or warehouse, pair not linked, bad transfer target)
    /// and pushes them to `problems` in line order; records them for the report. Runs after
    /// [`Batch::plan`], so only the lines that matched no link are looked at closely.
    /// `columns`: how the source names the SKU, warehouse and transfer columns.
    pub fn input_problems(
        &self,
        global_transfer: Option<&str>,
        columns: [&str; 3],
        problems: &mut Problems,
    ) -> Result<()> {
        let unmatched: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM temp.unbind_input) - (SELECT count(*) FROM temp.unbind_plan)
                    - (SELECT count(*) FROM temp.unbind_issue WHERE outcome = 'duplicate')",
            [],
            |r| r.get(0),
        )?;
        let check_lines = if unmatched == 0 {
            // Every line matched a link of its own: only transfer targets can be wrong.
            "DROP TABLE IF EXISTS temp.unbind_unmatched;
             CREATE TEMP TABLE unbind_unmatched(line, product_id, warehouse_code);"
        } else {
            UNMATCHED
        };
        self.conn.execute_batch(check_lines)?;
        // The message is the report's (English, like every CSV); `kind` and `arg` word the
        // operator's problem list (see below).
        self.conn.execute_batch(
            "INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'warehouse_code', warehouse_code,
                    'unknown warehouse: see `invmap warehouse list`', 'unknown-warehouse', NULL
             FROM temp.unbind_unmatched i
             WHERE NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = i.warehouse_code);

             INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'product_id', product_id,
                    'unknown SKU: not in the store' || ifnull(' (did you mean ' || padded || '?)', '')
                    || '; check the code (Excel drops leading zeros)', 'unknown-sku', padded
             FROM (SELECT line, product_id,
                          (SELECT m.product_id FROM inventory_mapping m
                           WHERE m.product_id IN ('0' || i.product_id, '00' || i.product_id,
                                 '000' || i.product_id, '0000' || i.product_id) LIMIT 1) AS padded
                   FROM temp.unbind_unmatched i
                   WHERE NOT EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = i.product_id)
                     AND NOT EXISTS (SELECT 1 FROM products p WHERE p.product_id = i.product_id));

             INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'warehouse_code', warehouse_code,
                    'pair not bound: ' || product_id || ' is not linked to ' || warehouse_code
                    || '; see `invmap route --sku ' || product_id || '`', 'not-bound', product_id
             FROM temp.unbind_unmatched i
             WHERE EXISTS (SELECT 1 FROM warehouses w WHERE w.code = i.warehouse_code)
               AND (EXISTS (SELECT 1 FROM inventory_mapping m WHERE m.product_id = i.product_id)
                    OR EXISTS (SELECT 1 FROM products p WHERE p.product_id = i.product_id));",
        )?;
        self.conn.execute(
            "INSERT INTO temp.unbind_issue
             SELECT line, 'invalid', 'transfer_to', t,
                    CASE WHEN t = warehouse_code
                         THEN 'the transfer target is the warehouse being unbound: name another warehouse'
                         ELSE 'unknown transfer target warehouse: see `invmap warehouse list`' END,
                    CASE WHEN t = warehouse_code THEN 'transfer-self' ELSE 'transfer-unknown' END,
                    NULL
             FROM (SELECT line, warehouse_code, coalesce(transfer_to, ?1) AS t FROM temp.unbind_input) i
             WHERE t IS NOT NULL
               AND (t = warehouse_code OR NOT EXISTS (SELECT 1 FROM warehouses w WHERE w.code = t))",
            [global_transfer],
        )?;
        // Stock cannot move into a link the same batch takes away.
        self.conn.execute_batch(
            "INSERT INTO temp.unbind_issue
             SELECT p.line, 'invalid', 'transfer_to', p.transfer_to,
                    'the transfer target ' || p.transfer_to || ' is unbound by this batch too (line '
                    || x.line || '): move the stock to a warehouse the SKU keeps',
                    'transfer-unbound', x.line
             FROM temp.unbind_plan p
             JOIN temp.unbind_plan x
               ON x.product_id = p.product_id AND x.warehouse_code = p.transfer_to
             WHERE p.transfer_to IS NOT NULL",
        )?;
        let mut stmt = self.conn.prepare(
            "SELECT line, col, value, message, kind, arg FROM temp.unbind_issue
             WHERE outcome = 'invalid' ORDER BY line",
        )?;
        let mut rows = stmt.query([])?;
        // Suggestions for the first lines only: a file of a million unknown codes is a wrong
        // file, not a million typos.
        let mut suggested = 0;
        while let Some(r) = rows.next()? {
            let (line, col, value, message): (u64, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let (kind, arg): (Option<String>, Option<String>) = (r.get(4)?, r.get(5)?);
            let mut message = match kind.as_deref() {
                Some(kind) => worded(kind, &value, arg.as_deref()),
                None => message,
            };
            let unknown = matches!(
                kind.as_deref(),
                Some("unknown-warehouse" | "unknown-sku" | "transfer-unknown")
            );
            if suggested < SUGGESTIONS && unknown {
                suggested += 1;
                let found = match col.as_str() {
                    "product_id" if arg.is_none() => crate::store::suggest::sku(self.conn, &value)?,
                    "product_id" => None,
                    _ => crate::store::suggest::warehouse(self.conn, &value)?,
                };
                if let Some(found) = found {
                    message.push_str(&crate::domain::near::did_you_mean(&value, &found));
                }
            }
            let col = match col.as_str() {
                "product_id" => columns[0],
                "warehouse_code" => columns[1],
                _ => columns[2],
            };
            problems.push(Problem::new(line, col, &value, message));
        }
        Ok(())
    }
}

/// An input error of `kind` about `value`, in the operator's language (`arg`: the SKU of a
/// pair not bound, the zero-padded SKU an unknown one may be, the line that unbinds a
/// transfer target).
pub(crate) fn worded(kind: &str, value: &str, arg: Option<&str>) -> String {
    match kind {
        "unknown-warehouse" => crate::tr!("store-unknown-warehouse"),
        "unknown-sku" => crate::tr!(
            "store-unknown-sku",
            hint = arg
                .map(|padded| crate::domain::near::did_you_mean(value, padded))
                .unwrap_or_default()
        ),
        "not-bound" => crate::tr!(
            "store-pair-not-bound",
            sku = arg.unwrap_or(""),
            warehouse = value
        ),
        "transfer-self" => crate::tr!("store-transfer-to-itself"),
        "transfer-unknown" => crate::tr!("store-transfer-unknown"),
        _ => crate::tr!(
            "store-transfer-unbound-too",
            target = value,
            line = arg.unwrap_or("")
        ),
    }
}
