//! Property tests of the reader (issue 7): random Unicode values with quotes, delimiters,
//! spaces, control characters and line breaks, written with random quoting, delimiter (`sep=`
//! line), line ends and encoding (UTF-8, UTF-8 + BOM, GBK), must each come back as the
//! normalised value on the right physical line, or be rejected with that line — never a panic,
//! never a hang. Arbitrary bytes must never panic either, and every rejection names a line.
//!
//! Cases: `PROPTEST_CASES` (default 256 per property).

use std::path::Path;

use proptest::prelude::*;

use super::read::{CsvInput, Encoding, Field, ReadOptions};
use super::text::{is_space, normalize_into};
use crate::domain::problem::{Problems, is_unprintable};
use crate::error::InputError;

static FIELDS: &[Field] = &[
    Field {
        name: "sku",
        aliases: &[],
        required: true,
    },
    Field {
        name: "warehouse",
        aliases: &[],
        required: true,
    },
];

/// What reading a file produced: good rows (line, values), problem lines, or the open error.
#[derive(Debug)]
struct Read {
    rows: Vec<(u64, Vec<String>)>,
    problems: Vec<u64>,
}

fn read(path: &Path, opts: &ReadOptions) -> Result<Read, InputError> {
    let mut input = match CsvInput::open(path, FIELDS, opts) {
        Ok(i) => i,
        Err(e) => {
            return Err(e
                .downcast::<InputError>()
                .unwrap_or_else(|e| panic!("not an input error: {e:#}")));
        }
    };
    let mut problems = Problems::new("t.csv");
    let mut rows = Vec::new();
    while let Some(row) = input.next_row(&mut problems).expect("no I/O error") {
        rows.push((row.line, row.values));
    }
    let problems = match problems.into_result() {
        Ok(()) => Vec::new(),
        Err(e) => e.problems.iter().map(|p| p.line).collect(),
    };
    Ok(Read { rows, problems })
}

/// Characters worth throwing at a CSV reader.
fn cell_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => prop::char::range('a', 'z'),
        2 => prop::char::range('0', '9'),
        3 => prop::sample::select(vec![
            ',', ';', '\t', '|', '"', '\'', ' ', '\n', '\r', '-', '_', '=', '@', '\0', '\u{1b}',
            '\u{3000}', '\u{a0}', '\u{feff}', '\u{202e}', 'Ａ', '１', '－', '中', '仓', '库', '€',
            'é', 'ß', '😀', '①',
        ]),
        1 => any::<char>(),
    ]
}

fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec(cell_char(), 0..8).prop_map(|c| c.into_iter().collect())
}

/// A file: rows of two cells, quoting choices, delimiter, line end, encoding.
#[derive(Debug, Clone)]
struct Spec {
    rows: Vec<(String, String, bool, bool)>,
    delimiter: char,
    crlf: bool,
    last_newline: bool,
    /// 0: UTF-8, 1: UTF-8 + BOM, 2: GBK (forced with --encoding), 3: GBK (detected)
    encoding: u8,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec((cell(), cell(), any::<bool>(), any::<bool>()), 1..12),
        prop::sample::select(vec![',', ',', ';', '\t', '|']),
        any::<bool>(),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(|(rows, delimiter, crlf, last_newline, encoding)| Spec {
            rows,
            delimiter,
            crlf,
            last_newline,
            encoding,
        })
}

/// A cell as a CSV writer would put it: quoted when it must be (or when asked).
fn write_cell(out: &mut String, value: &str, quote: bool, delimiter: char) {
    let must = value.contains([delimiter, '"', '\n', '\r']);
    if must || quote {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// The text of the file, and the physical line of each row.
fn render(spec: &Spec) -> (String, Vec<u64>) {
    let eol = if spec.crlf { "\r\n" } else { "\n" };
    let mut text = String::new();
    let mut line = 1;
    if spec.delimiter != ',' {
        text.push_str(&format!("sep={}{eol}", spec.delimiter));
        line += 1;
    }
    text.push_str(&format!("sku{}warehouse{eol}", spec.delimiter));
    line += 1;
    let mut lines = Vec::new();
    for (i, (a, b, qa, qb)) in spec.rows.iter().enumerate() {
        lines.push(line);
        write_cell(&mut text, a, *qa, spec.delimiter);
        text.push(spec.delimiter);
        write_cell(&mut text, b, *qb, spec.delimiter);
        line += (a.matches('\n').count() + b.matches('\n').count()) as u64;
        if i + 1 < spec.rows.len() || spec.last_newline {
            text.push_str(eol);
        }
        line += 1;
    }
    (text, lines)
}

/// What the reader must make of one cell: `Ok(normalised)` or `Err(())` for a problem.
/// The reader drops one CR from the end of a line's last cell (the CR of a CRLF line end,
/// see `field_bytes` in read.rs); `strip_cr` says whether that CR came from the value itself
/// (an LF line end or none) rather than from the line end.
fn expected_cell(raw: &str, strip_cr: bool) -> Result<String, ()> {
    let raw = if strip_cr {
        raw.strip_suffix('\r').unwrap_or(raw)
    } else {
        raw
    };
    if raw.contains(['\n', '\r']) {
        return Err(());
    }
    let mut out = String::new();
    normalize_into(raw, &mut out);
    if out.contains('\0') || out.chars().any(is_unprintable) {
        return Err(());
    }
    Ok(out)
}

fn gbk_only(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let (_, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
            if unmappable { 'x' } else { c }
        })
        .collect()
}

fn blank(raw: &str) -> bool {
    raw.chars().all(is_space)
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn values_round_trip_or_are_rejected_on_their_line(spec in spec()) {
        let mut spec = spec;
        if spec.encoding >= 2 {
            // GBK has no emoji (and much else): those become 'x' rather than a lost case.
            for (a, b, _, _) in &mut spec.rows {
                *a = gbk_only(a);
                *b = gbk_only(b);
            }
        }
        let (text, lines) = render(&spec);
        let bytes = match spec.encoding {
            0 => text.clone().into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            _ => {
                let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
                prop_assume!(!unmappable);
                // Detection needs bytes that are not UTF-8 already.
                if spec.encoding == 3 {
                    prop_assume!(std::str::from_utf8(&bytes).is_err());
                }
                bytes.into_owned()
            }
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &bytes).unwrap();
        let opts = ReadOptions {
            encoding: (spec.encoding == 2).then_some(Encoding::Gbk),
            ..ReadOptions::default()
        };
        let got = read(&path, &opts).map_err(|e| e.to_string());
        let got = match got {
            Ok(g) => g,
            Err(e) => return Err(TestCaseError::fail(format!("open refused a good header: {e}\n{text:?}"))),
        };
        let mut rows = got.rows.iter();
        let mut problems = got.problems.clone();
        problems.sort_unstable();
        let mut expected_problems = Vec::new();
        for (i, ((a, b, _, _), &line)) in spec.rows.iter().zip(&lines).enumerate() {
            if blank(a) && blank(b) {
                continue;
            }
            let crlf_end = spec.crlf && (i + 1 < spec.rows.len() || spec.last_newline);
            match (expected_cell(a, false), expected_cell(b, !crlf_end)) {
                (Ok(a), Ok(b)) => {
                    let row = rows.next();
                    prop_assert_eq!(row, Some(&(line, vec![a, b])), "file {:?}", text);
                }
                _ => expected_problems.push(line),
            }
        }
        prop_assert_eq!(rows.next(), None, "extra rows; file {:?}", text);
        expected_problems.dedup();
        problems.dedup();
        prop_assert_eq!(problems, expected_problems, "problem lines; file {:?}", text);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_rejections_name_a_line(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        header in any::<bool>(),
    ) {
        let data = if header { [b"sku,warehouse\n".as_slice(), &bytes].concat() } else { bytes };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &data).unwrap();
        match CsvInput::open(&path, FIELDS, &ReadOptions::default()) {
            Err(e) => {
                let e = e.downcast::<InputError>().map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
                for p in &e.problems {
                    prop_assert!(p.line >= 1 || p.message.contains("empty file"), "{:?}", p);
                }
            }
            Ok(mut input) => {
                let mut problems = Problems::new("t.csv");
                let mut last = 0;
                while let Some(row) = input.next_row(&mut problems).unwrap() {
                    prop_assert!(row.line > last, "lines go forward");
                    last = row.line;
                }
                if let Err(e) = problems.into_result() {
                    for p in &e.problems {
                        prop_assert!(p.line >= 1, "{:?}", p);
                        prop_assert!(!p.render("t.csv").chars().any(|c| c.is_control() && c != '\n'),
                            "raw control character in {:?}", p.render("t.csv"));
                    }
                }
            }
        }
    }
}
