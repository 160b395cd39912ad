-- The floor for `move --from-csv` (issue 16): the sqlite3 shell doing a bulk move with the
-- same bookkeeping as bench.py's unbind floor (a before-image and an audit row per link
-- touched), on a plain copy of the bench store. Run from the bench folder:
--   sqlite3 -bail plain.db < floor_move.sql     (moves-100k.csv beside it)
PRAGMA foreign_keys=ON;
BEGIN;
CREATE TEMP TABLE mv(product_id TEXT, from_wh TEXT, to_wh TEXT, qty TEXT);
.import --csv --skip 1 --schema temp moves-100k.csv mv
CREATE TABLE IF NOT EXISTS change_items(change_id INT, product_id TEXT, warehouse_code TEXT, stock_quantity INT);
CREATE TABLE IF NOT EXISTS audit_log(ts TEXT, product_id TEXT, warehouse_code TEXT, old_qty INT, change_id INT);
CREATE TEMP TABLE delta AS
  SELECT product_id, warehouse_code, sum(d) AS d FROM (
    SELECT m.product_id, m.from_wh AS warehouse_code,
           -coalesce(nullif(m.qty, ''), s.stock_quantity) AS d
    FROM temp.mv m JOIN inventory_mapping s
      ON s.product_id = m.product_id AND s.warehouse_code = m.from_wh
    UNION ALL
    SELECT m.product_id, m.to_wh, coalesce(nullif(m.qty, ''), s.stock_quantity)
    FROM temp.mv m JOIN inventory_mapping s
      ON s.product_id = m.product_id AND s.warehouse_code = m.from_wh)
  GROUP BY 1, 2;
INSERT INTO change_items SELECT 1, d.product_id, d.warehouse_code, i.stock_quantity
  FROM temp.delta d LEFT JOIN inventory_mapping i USING (product_id, warehouse_code);
INSERT INTO audit_log SELECT strftime('%Y-%m-%dT%H:%M:%fZ','now'), product_id, warehouse_code, stock_quantity, change_id
  FROM change_items WHERE change_id = 1;
INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity)
  SELECT product_id, warehouse_code, d FROM temp.delta WHERE true
  ON CONFLICT(product_id, warehouse_code) DO UPDATE SET stock_quantity = stock_quantity + excluded.stock_quantity;
COMMIT;
