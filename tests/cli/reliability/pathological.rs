//! Pathological templates: a 10 MiB field, 100,000 fields on a row, a header of 100,000
//! columns, and a 1 GiB file of garbage (sparse: a random start, then holes). Each is refused
//! (or, for the wide header, read) quickly, in bounded memory (peak RSS under 64 MiB, measured
//! with `/usr/bin/time -f %M` around the binary), with a short, escaped message.
//! Big files are made on the spot, never committed.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{Rng, invmap};
use crate::env::{TestEnv, assert_no_raw_controls};

const MAX_RSS_KIB: u64 = 64 * 1024;

struct Measured {
    code: Option<i32>,
    stderr: String,
    /// Peak resident set in KiB, when /usr/bin/time is there.
    rss_kib: Option<u64>,
    took: Duration,
}

/// Runs `invmap unbind --from-csv FILE` under `/usr/bin/time -f %M`.
fn unbind_measured(env: &TestEnv, file: &Path) -> Measured {
    let time = Path::new("/usr/bin/time");
    let rss_file = env.path("rss.txt");
    let inner = invmap(env);
    let mut cmd = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file);
        c.arg(inner.get_program());
        c.args(inner.get_args());
        c.env_clear();
        for (k, v) in inner.get_envs() {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        c.current_dir(env.dir());
        c
    } else {
        eprintln!("note: no /usr/bin/time: memory not measured");
        inner
    };
    cmd.args(["unbind", "--from-csv"]).arg(file);
    let started = Instant::now();
    let out = cmd.output().unwrap();
    let took = started.elapsed();
    let rss_kib = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()));
    Measured {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        rss_kib,
        took,
    }
}

#[track_caller]
fn refused_quickly(m: &Measured, limit: Duration, needle: &str) {
    assert_eq!(m.code, Some(4), "{}", m.stderr);
    assert!(m.stderr.contains(needle), "{needle:?} not in {}", m.stderr);
    assert!(m.stderr.contains("nothing was changed"), "{}", m.stderr);
    bounded(m, limit);
}

#[track_caller]
fn bounded(m: &Measured, limit: Duration) {
    assert!(!m.stderr.contains("panicked"), "{}", m.stderr);
    assert!(
        m.stderr.len() < 64 * 1024,
        "{} bytes of messages",
        m.stderr.len()
    );
    assert_no_raw_controls(&m.stderr);
    assert!(m.took < limit, "took {:?}", m.took);
    if let Some(kib) = m.rss_kib {
        assert!(kib < MAX_RSS_KIB, "peak RSS {kib} KiB");
    }
    eprintln!(
        "pathological: exit {:?} in {:?}, peak RSS {:?} KiB",
        m.code, m.took, m.rss_kib
    );
}

#[test]
fn ten_mib_field_is_refused_in_bounded_memory() {
    let env = TestEnv::fixture_store();
    let before = env.snapshot();
    let path = env.path("field.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"sku,warehouse\nSKU001,WH-SH01\n").unwrap();
    f.write_all(&vec![b'A'; 10 << 20]).unwrap();
    f.write_all(b",WH-SH01\n").unwrap();
    drop(f);
    let m = unbind_measured(&env, &path);
    refused_quickly(&m, Duration::from_secs(30), "longer than 1 MiB");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn hundred_thousand_fields_on_a_row_are_refused() {
    let env = TestEnv::fixture_store();
    let before = env.snapshot();
    let mut csv = String::from("sku,warehouse\nSKU001,WH-SH01\n");
    csv.push_str(&"x,".repeat(99_999));
    csv.push_str("x\n");
    let path = env.write("wide.csv", csv);
    let m = unbind_measured(&env, &path);
    refused_quickly(&m, Duration::from_secs(30), "found 100000");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_header_of_hundred_thousand_columns_prints_a_few_notes() {
    let env = TestEnv::fixture_store();
    let mut csv = String::from("sku,warehouse");
    for i in 0..99_998 {
        csv.push_str(&format!(",c{i}"));
    }
    csv.push_str("\nSKU001,WH-SH01");
    csv.push_str(&",".repeat(99_998));
    csv.push('\n');
    let path = env.write("wide_header.csv", csv);
    let m = unbind_measured(&env, &path);
    assert_eq!(m.code, Some(0), "{}", m.stderr);
    assert!(
        m.stderr.contains("… and 99978 more ignored columns"),
        "{}",
        m.stderr
    );
    bounded(&m, Duration::from_secs(30));
}

/// A sparse file: 64 KiB of random bytes, then holes (NUL bytes) up to `len`.
fn garbage(env: &TestEnv, len: u64) -> std::path::PathBuf {
    let path = env.path("garbage.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    let mut rng = Rng::new(42);
    let start: Vec<u8> = (0..65_536).map(|_| rng.next() as u8).collect();
    f.write_all(&start).unwrap();
    f.set_len(len).unwrap();
    path
}

#[test]
fn garbage_is_refused_in_bounded_memory() {
    let env = TestEnv::fixture_store();
    let before = env.snapshot();
    let path = garbage(&env, 64 << 20);
    let m = unbind_measured(&env, &path);
    refused_quickly(&m, Duration::from_secs(30), "not valid UTF-8");
    assert_eq!(env.snapshot(), before);
}

/// The 1 GiB version: `cargo test --release --test cli -- --ignored garbage_1gib`.
#[test]
#[ignore = "long: reads 1 GiB; run with --release (docs/reliability.md)"]
fn garbage_1gib() {
    let env = TestEnv::fixture_store();
    let before = env.snapshot();
    let path = garbage(&env, 1 << 30);
    let m = unbind_measured(&env, &path);
    refused_quickly(&m, Duration::from_secs(60), "not valid UTF-8");
    assert_eq!(env.snapshot(), before);
    // A header, then 1 GiB of NUL bytes: valid UTF-8, one endless record.
    let path = env.path("nul.csv");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"sku,warehouse\n").unwrap();
    f.set_len(1 << 30).unwrap();
    drop(f);
    let m = unbind_measured(&env, &path);
    refused_quickly(&m, Duration::from_secs(60), "longer than 1 MiB");
    assert_eq!(env.snapshot(), before);
}
