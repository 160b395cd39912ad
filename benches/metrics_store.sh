#!/usr/bin/env bash
# Benchmark of `invmap metrics` at scale (issue 5): a store with 1,000,000 links (100,000
# products × 10 warehouses of 20) and 1,000,000 orders inside the default 30-day window, plus
# 100,000 cycle counts and 20,000 complaints; then the wall time and peak RSS of `metrics`.
# Target: under 2 s and under 256 MiB.
#
# Usage: benches/metrics_store.sh [STORE]   (default /tmp/invmap-bench-metrics.db)
# Needs the sqlite3 shell (3.38+) and GNU time (/usr/bin/time). The store is generated with SQL
# after `invmap init`, so it has invmap's exact schema; it is deterministic (no random()).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-/tmp/invmap-bench-metrics.db}
export INVMAP_NOW=2026-11-27T09:00:00Z
cargo build --release -j1 --quiet
BIN=target/release/invmap
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN" --db "$DB" -q init
start=$(date +%s)
sqlite3 "$DB" <<'SQL'
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
INSERT INTO warehouses(code, name, region, status, storage_cost_micros)
SELECT printf('W%02d', i), 'Warehouse ' || i, 'R' || (i % 5),
       CASE WHEN i = 19 THEN 'closed' ELSE 'active' END, 20000 + i * 1000 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
INSERT INTO products(product_id, name, unit_cost_cents, replenishment_days)
SELECT printf('SKU-%06d', i), '', 100 + (i * 7919) % 50000, 3 + i % 20 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999),
     k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority)
SELECT printf('SKU-%06d', i), printf('W%02d', (i + j * 2) % 20), (i * 31 + j * 17) % 120, j + 1
FROM n, k ORDER BY 1, 2;
-- 1,000,000 orders between 2026-10-29 00:00 and 2026-11-27 09:00 (the window ends today).
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999),
     o AS (SELECT i, (i * 7) % 100000 AS p, 1793232000 + (i * 2539) % 2537800 AS t, i % 100 AS s FROM n)
INSERT INTO orders(order_id, product_id, warehouse_code, quantity, status, created_at, shipped_at, delivered_at)
SELECT printf('O%07d', i), printf('SKU-%06d', p),
       CASE WHEN i % 50 = 0 THEN NULL ELSE printf('W%02d', (p + (i % 10) * 2) % 20) END,
       1 + i % 3,
       CASE WHEN s < 2 THEN 'unfulfilled' WHEN s < 5 THEN 'open' WHEN s < 8 THEN 'cancelled'
            WHEN s < 50 THEN 'shipped' ELSE 'delivered' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch'),
       CASE WHEN s >= 8 THEN strftime('%Y-%m-%dT%H:%M:%SZ', t + 36000, 'unixepoch') END,
       CASE WHEN s >= 50 THEN strftime('%Y-%m-%dT%H:%M:%SZ', t + 86400 * (2 + i % 4), 'unixepoch') END
FROM o;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
INSERT INTO stock_counts(product_id, warehouse_code, counted_at, system_quantity, counted_quantity)
SELECT printf('SKU-%06d', i), printf('W%02d', i % 20),
       strftime('%Y-%m-%dT%H:%M:%SZ', 1793232000 + (i * 97) % 2537800, 'unixepoch'),
       50 + i % 50, 50 + i % 50 - (CASE WHEN i % 40 = 0 THEN 1 ELSE 0 END) FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19999)
INSERT INTO complaints(complaint_id, order_id, product_id, created_at, category)
SELECT printf('C%06d', i), printf('O%07d', i * 50 + 9), NULL,
       strftime('%Y-%m-%dT%H:%M:%SZ', 1793232000 + (i * 127) % 2537800, 'unixepoch'), 'late' FROM n;
COMMIT;
SQL
echo "generated in $(( $(date +%s) - start )) s"
sqlite3 "$DB" "SELECT count(*) || ' links' FROM inventory_mapping"
sqlite3 "$DB" "SELECT count(*) || ' orders in the window' FROM orders WHERE created_at >= '2026-10-29T00:00:00Z' AND created_at < '2026-11-28T00:00:00Z'"
for format in table json; do
  for run in 1 2 3; do
    /usr/bin/time -f "metrics --format $format, run $run: %e s, peak RSS %M KB" \
      "$BIN" --db "$DB" --format "$format" metrics > /dev/null
  done
done
# `metrics --change` over a change of 100,000 links (an import of new stock for them, a week
# before the clock): both sides read in one pass over the orders of their span.
CHANGE_CSV="${DB%.db}-change.csv"
sqlite3 -csv -header "$DB" \
  "SELECT product_id, warehouse_code, stock_quantity + 1 AS stock_quantity FROM inventory_mapping LIMIT 100000" \
  > "$CHANGE_CSV"
INVMAP_NOW=2026-11-20T09:00:00Z "$BIN" --db "$DB" -q import mappings "$CHANGE_CSV" --reason bench
for run in 1 2 3; do
  /usr/bin/time -f "metrics --change (100k links), run $run: %e s, peak RSS %M KB" \
    "$BIN" --db "$DB" metrics --change last > /dev/null
done
