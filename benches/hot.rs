//! Criterion micro-benches of the hot pure functions: what every row of a million-row import
//! or template goes through (CSV decoding, code validation) and the per-pair decision of the
//! plan checks. `cargo bench --bench hot`; docs/bench.md has the latest numbers.

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use invmap::csvio::templates::MAPPING_FIELDS;
use invmap::csvio::{CsvInput, ReadOptions, Row};
use invmap::domain::checks::{PairFacts, UnbindOptions, judge};
use invmap::domain::code::{CodeKind, validate_code};
use invmap::domain::problem::Problems;
use invmap::store::audit::{EntryContent, GENESIS, entry_hash};

const ROWS: u64 = 100_000;

/// Decoding + header mapping + trimming/folding + line numbers over a 100k-row mappings file,
/// UTF-8 and GBK (with Chinese headers, as Excel on a Chinese Windows writes it).
fn csv_read(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let utf8 = dir.path().join("mappings.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&utf8).expect("create"));
    writeln!(f, "product_id,warehouse_code,stock_quantity").expect("write");
    for i in 0..ROWS {
        writeln!(f, "SKU-{i:08},WH{:03},{}", i % 60, i % 100).expect("write");
    }
    drop(f);
    let gbk = dir.path().join("mappings_gbk.csv");
    let mut text = String::from("商品编码,仓库编码,库存\n");
    for i in 0..ROWS {
        text.push_str(&format!("SKU-{i:08},WH{:03},{}\n", i % 60, i % 100));
    }
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(&gbk, &bytes).expect("write");

    let mut g = c.benchmark_group("csvio::read 100k rows");
    g.throughput(Throughput::Elements(ROWS));
    g.sample_size(10);
    for (name, path) in [("utf-8", &utf8), ("gbk", &gbk)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut input =
                    CsvInput::open(path, MAPPING_FIELDS, &ReadOptions::default()).expect("open");
                let mut problems = Problems::new("bench");
                let mut row = Row::default();
                let mut n = 0u64;
                while input.read_into(&mut row, &mut problems).expect("read") {
                    n += 1;
                }
                assert_eq!(n, ROWS);
                black_box(n)
            })
        });
    }
    g.finish();
}

/// The code check every SKU and warehouse cell goes through: good codes (the common case),
/// and a mix of the refusals (Excel numbers, formula starts, bad characters).
fn codes(c: &mut Criterion) {
    let good: Vec<String> = (0..ROWS).map(|i| format!("SKU-{i:08}")).collect();
    let bad: Vec<String> = (0..ROWS)
        .map(|i| match i % 4 {
            0 => format!("1.2345E+{}", i % 20),
            1 => format!("={i}"),
            2 => format!("SKU {i}%"),
            _ => format!("{i}.0"),
        })
        .collect();
    let mut g = c.benchmark_group("domain::code::validate_code 100k");
    g.throughput(Throughput::Elements(ROWS));
    g.bench_function("valid SKUs", |b| {
        b.iter(|| {
            good.iter()
                .filter(|s| validate_code(CodeKind::Sku, s).is_ok())
                .count()
        })
    });
    g.bench_function("refused SKUs", |b| {
        b.iter(|| {
            bad.iter()
                .filter(|s| validate_code(CodeKind::Sku, s).is_err())
                .count()
        })
    });
    g.finish();
}

/// The per-pair decision of the plan checks, over 100k pairs with stock, open orders,
/// transfers, orphans and region gaps mixed in (the store hands only such pairs to `judge`).
fn checks(c: &mut Criterion) {
    let facts: Vec<PairFacts> = (0..ROWS)
        .map(|i| PairFacts {
            line: i + 2,
            sku: format!("SKU-{i:08}"),
            warehouse: format!("WH{:03}", i % 60),
            qty: (i % 3) as i64 * 10,
            open_orders: (i % 5 == 0) as i64 * 2,
            oldest_open: (i % 5 == 0).then(|| "2026-05-20T08:00:00Z".to_string()),
            transfer_to: (i % 7 == 0).then(|| "WH001".to_string()),
            target_status: (i % 7 == 0).then(|| "active".to_string()),
            leaves_orphan: i % 11 == 0,
            region_gap: (i % 13 == 0).then(|| "north".to_string()),
        })
        .collect();
    let strict = UnbindOptions {
        drain_buffer_hours: 48,
        require_region_cover: true,
        ..UnbindOptions::default()
    };
    let lenient = UnbindOptions {
        drain: true,
        write_off: true,
        allow_orphan: true,
        allow_region_gap: true,
        drain_buffer_hours: 48,
        require_region_cover: true,
    };
    let mut g = c.benchmark_group("domain::checks::judge 100k pairs");
    g.throughput(Throughput::Elements(ROWS));
    for (name, o) in [("refusing", &strict), ("passing", &lenient)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                facts
                    .iter()
                    .map(|f| judge(f, o).refusals.len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();
}

/// The audit chain: one SHA-256 per entry, computed in order, for every pair of a batch.
fn audit_chain(c: &mut Criterion) {
    let skus: Vec<String> = (0..ROWS).map(|i| format!("SKU-{i:08}")).collect();
    let mut g = c.benchmark_group("audit chain");
    g.throughput(Throughput::Elements(ROWS));
    g.bench_function("unbind entries", |b| {
        b.iter(|| {
            let mut head = GENESIS;
            for (i, sku) in skus.iter().enumerate() {
                head = entry_hash(
                    &head,
                    &EntryContent {
                        id: i as i64 + 1,
                        change_id: Some(7),
                        at: "2026-11-27T03:07:46Z",
                        operator: "bench",
                        action: "unbind",
                        product_id: Some(sku),
                        warehouse_code: Some("WH014"),
                        detail: "qty 0 -> absent",
                    },
                );
            }
            black_box(head)
        })
    });
    g.finish();
}

criterion_group!(benches, csv_read, codes, checks, audit_chain);
criterion_main!(benches);
