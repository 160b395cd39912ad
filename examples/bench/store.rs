//! Builds the bench's stores and templates directly with rusqlite: one `INSERT … SELECT`
//! over recursive CTEs per table, in one transaction, into a store that `invmap init` (or
//! `Store::open`) has already brought to the current schema.
//!
//! The shape (deterministic, no randomness in the store):
//! - 60 warehouses `WH000`…`WH059` in 6 regions of 10 (`WH000`–`WH009` north, …);
//! - 5 links per SKU (`SKU-00000000`, …): `w0 = 7i mod 60`, `w1` = the next warehouse of
//!   `w0`'s region, and `w0 + 20`, `w0 + 30`, `w0 + 40` (other regions);
//! - the link at `w0` has zero stock; the others 1–100 units;
//! - one product row per SKU; an order for every other SKU (one in ten of them open, always
//!   at `w1`; the rest shipped or delivered, some at `w0`); a cycle count every 50 SKUs and a
//!   complaint every 500.
//!
//! So a pair `(SKU i, w0)` passes every check: no stock, no open orders, the SKU keeps four
//! links, and `w1` keeps the region covered — while the open-order check still has orders
//! (shipped ones at the pair, open ones next to it) to look through.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rusqlite::Connection;

/// Links per SKU.
pub const PER_SKU: u64 = 5;
/// Warehouses in the store.
pub const WAREHOUSES: u64 = 60;
/// The clock of every bench run (`INVMAP_NOW`); orders lie in the 90 days before it.
pub const NOW: &str = "2026-06-01T12:00:00Z";

const REGIONS: [&str; 6] = ["north", "south", "east", "west", "central", "overseas"];

/// `SKU-00001234`.
pub fn sku(i: u64) -> String {
    format!("SKU-{i:08}")
}

/// The warehouse of a SKU's `j`-th link (`j = 0` is the one the bench unbinds).
pub fn warehouse(i: u64, j: u64) -> u64 {
    let w0 = (i * 7) % WAREHOUSES;
    match j {
        0 => w0,
        1 => (w0 / 10) * 10 + (w0 % 10 + 1) % 10,
        _ => (w0 + 10 * j) % WAREHOUSES,
    }
}

/// `WH007`.
pub fn wh(w: u64) -> String {
    format!("WH{w:03}")
}

/// SQL for `warehouse(i, j)`, with `i` and `j` the CTE's columns.
const WAREHOUSE_SQL: &str = "CASE j WHEN 0 THEN (i * 7) % 60
     WHEN 1 THEN (((i * 7) % 60) / 10) * 10 + (((i * 7) % 60) % 10 + 1) % 10
     ELSE ((i * 7) % 60 + 10 * j) % 60 END";

fn warehouses_sql() -> String {
    let mut sql = String::from(
        "INSERT INTO warehouses(code, name, region, status, storage_cost_micros) VALUES ",
    );
    let rows: Vec<String> = (0..WAREHOUSES)
        .map(|w| {
            format!(
                "('{}', 'Warehouse {w}', '{}', 'active', {})",
                wh(w),
                REGIONS[(w / 10) as usize],
                1000 + w * 10
            )
        })
        .collect();
    sql.push_str(&rows.join(", "));
    sql
}

/// Connection settings for a bulk build: the build is redone from scratch if it fails, so
/// durability is not needed; integrity is checked by the commands under test.
fn bulk(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;
         PRAGMA temp_store=FILE; PRAGMA foreign_keys=OFF; PRAGMA ignore_check_constraints=ON;",
    )
}

/// Adds the warehouses only (the target of the import bench).
pub fn add_warehouses(path: &Path) -> rusqlite::Result<()> {
    let conn = Connection::open(path)?;
    bulk(&conn)?;
    conn.execute_batch(&warehouses_sql())?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
}

/// Fills an initialised, empty store with `links` links (rounded down to whole SKUs) and
/// the activity described in the module doc. Returns the number of SKUs.
pub fn build_store(path: &Path, links: u64) -> rusqlite::Result<u64> {
    let skus = (links / PER_SKU).max(1);
    let conn = Connection::open(path)?;
    bulk(&conn)?;
    // The reverse index is dropped and made again after the load: building an index from
    // sorted keys is several times cheaper than inserting 10M keys in random order.
    let index_sql: String = conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'inventory_mapping_by_warehouse'",
        [],
        |r| r.get(0),
    )?;
    conn.execute_batch("BEGIN; DROP INDEX inventory_mapping_by_warehouse;")?;
    conn.execute_batch(&warehouses_sql())?;
    let sku_cte = format!(
        "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {})",
        skus - 1
    );
    // `s CROSS JOIN k` keeps the SKU loop outside, so the rows arrive in key order.
    conn.execute_batch(&format!(
        "{sku_cte}, k(j) AS (VALUES (0), (1), (2), (3), (4))
         INSERT INTO inventory_mapping(product_id, warehouse_code, stock_quantity, priority)
         SELECT printf('SKU-%08d', i), printf('WH%03d', {WAREHOUSE_SQL}),
                CASE WHEN j = 0 THEN 0 ELSE (i * 13 + j) % 100 + 1 END, 100 + 10 * j
         FROM s CROSS JOIN k;
         {index_sql};

         {sku_cte}
         INSERT INTO products(product_id, name, category, unit_cost_cents, replenishment_days)
         SELECT printf('SKU-%08d', i), 'Product ' || i, 'cat-' || (i % 20), 100 + (i * 37) % 9900,
                3 + i % 12
         FROM s;

         {sku_cte}, o(i, j, st, days) AS (
             SELECT i, CASE WHEN i % 20 = 0 THEN 1 WHEN i % 4 = 0 THEN 0 ELSE 2 END,
                    CASE WHEN i % 20 = 0 THEN 'open' WHEN i % 4 = 0 THEN 'delivered' ELSE 'shipped' END,
                    i % 90
             FROM s WHERE i % 2 = 0)
         INSERT INTO orders(order_id, product_id, warehouse_code, quantity, status, created_at,
                            shipped_at, delivered_at)
         SELECT printf('O%09d', i), printf('SKU-%08d', i), printf('WH%03d', {WAREHOUSE_SQL}),
                1 + i % 5, st,
                strftime('%Y-%m-%dT%H:%M:%SZ', '{NOW}', '-' || days || ' days'),
                CASE WHEN st <> 'open' THEN
                    strftime('%Y-%m-%dT%H:%M:%SZ', '{NOW}', '-' || days || ' days', '+1 day') END,
                CASE WHEN st = 'delivered' THEN
                    strftime('%Y-%m-%dT%H:%M:%SZ', '{NOW}', '-' || days || ' days', '+3 days') END
         FROM o;

         {sku_cte}, c(i, j) AS (SELECT i, 1 FROM s WHERE i % 50 = 0)
         INSERT INTO stock_counts(product_id, warehouse_code, counted_at, system_quantity,
                                  counted_quantity)
         SELECT printf('SKU-%08d', i), printf('WH%03d', {WAREHOUSE_SQL}),
                strftime('%Y-%m-%dT%H:%M:%SZ', '{NOW}', '-' || (i % 30) || ' days'),
                (i * 13 + 1) % 100 + 1, (i * 13 + 1) % 100 + 1 - (i % 100 = 0)
         FROM c;

         {sku_cte}
         INSERT INTO complaints(complaint_id, order_id, product_id, created_at, category)
         SELECT printf('C%09d', i), printf('O%09d', i), printf('SKU-%08d', i),
                strftime('%Y-%m-%dT%H:%M:%SZ', '{NOW}', '-' || (i % 90) || ' days', '+5 days'),
                'late'
         FROM s WHERE i % 500 = 0;
         COMMIT;
         PRAGMA wal_checkpoint(TRUNCATE);"
    ))?;
    Ok(skus)
}

/// The `count` pairs a batch unbinds: every `skus / count`-th SKU at its zero-stock link,
/// shuffled (an operator's template is in no particular order). `None` when the store has
/// fewer SKUs than pairs asked for (each SKU gives one pair, so that it keeps four links).
pub fn pairs(skus: u64, count: u64, seed: u64) -> Option<Vec<(u64, u64)>> {
    if count == 0 || count > skus {
        return None;
    }
    let step = skus / count;
    let mut pairs: Vec<(u64, u64)> = (0..count)
        .map(|k| (k * step, warehouse(k * step, 0)))
        .collect();
    let mut rng = SplitMix(seed);
    for n in (1..pairs.len()).rev() {
        let m = (rng.next() % (n as u64 + 1)) as usize;
        pairs.swap(n, m);
    }
    Some(pairs)
}

/// Writes an unbind template (`sku,warehouse`).
pub fn write_template(path: &Path, pairs: &[(u64, u64)]) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(out, "sku,warehouse")?;
    for (i, w) in pairs {
        writeln!(out, "{},{}", sku(*i), wh(*w))?;
    }
    out.flush()
}

/// Writes a move template for the same pairs: all of each pair's stock to the next
/// warehouse (the SKU's link there is created when it has none).
pub fn write_move_template(path: &Path, pairs: &[(u64, u64)]) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(out, "product_id,from,to,quantity")?;
    for (i, w) in pairs {
        writeln!(out, "{},{},{},", sku(*i), wh(*w), wh((*w + 1) % WAREHOUSES))?;
    }
    out.flush()
}

/// Writes the links of a store of `skus` SKUs as an import file (the seed's three columns).
pub fn write_mappings_csv(path: &Path, skus: u64) -> std::io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(out, "product_id,warehouse_code,stock_quantity")?;
    for i in 0..skus {
        for j in 0..PER_SKU {
            let qty = if j == 0 { 0 } else { (i * 13 + j) % 100 + 1 };
            writeln!(out, "{},{},{qty}", sku(i), wh(warehouse(i, j)))?;
        }
    }
    out.flush()
}

/// A small deterministic generator (SplitMix64) for shuffling templates.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use invmap::store::{OpenMode, Store};

    /// The bench's smoke run: a 1k-link store is built and every pair of a template passes.
    #[test]
    fn builds_a_small_store_whose_pairs_pass() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path, OpenMode::CreateIfMissing).unwrap());
        let skus = build_store(&path, 1000).unwrap();
        assert_eq!(skus, 200);
        let conn = Connection::open(&path).unwrap();
        let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(count("SELECT count(*) FROM inventory_mapping"), 1000);
        assert_eq!(count("SELECT count(DISTINCT region) FROM warehouses"), 6);
        assert_eq!(
            count("SELECT count(*) FROM orders WHERE status = 'open'"),
            10
        );
        assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
        let pairs = pairs(skus, 100, 7).unwrap();
        assert_eq!(pairs.len(), 100);
        for (i, w) in pairs {
            let (qty, open, same_region): (i64, i64, i64) = conn
                .query_row(
                    "SELECT m.stock_quantity,
                            (SELECT count(*) FROM orders o WHERE o.status = 'open'
                             AND o.product_id = m.product_id AND o.warehouse_code = m.warehouse_code),
                            (SELECT count(*) FROM inventory_mapping a JOIN warehouses x ON x.code = a.warehouse_code
                             JOIN warehouses y ON y.code = m.warehouse_code
                             WHERE a.product_id = m.product_id AND a.warehouse_code <> m.warehouse_code
                               AND x.region = y.region)
                     FROM inventory_mapping m WHERE product_id = ?1 AND warehouse_code = ?2",
                    [sku(i), wh(w)],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            assert_eq!((qty, open, same_region), (0, 0, 1), "{i} {w}");
        }
        assert!(super::pairs(skus, 201, 7).is_none());
    }
}
