//! The reader against the hostile-CSV corpus (`tests/fixtures/hostile-csv/README.txt`) and
//! against small files made on the spot for the cases the corpus does not cover.
//!
//! Store-level outcomes of the corpus (unknown SKU, pair not bound, duplicates) are decided by
//! the caller; here those files only have to read cleanly. Code-level ones (40, 43, 53, 54, 72)
//! are checked through `validate_code`, as the caller will.

use std::path::{Path, PathBuf};

use super::read::{CsvInput, Encoding, Field, ReadOptions, Row};
use crate::domain::code::{CodeKind, validate_code};
use crate::domain::problem::{Problem, Problems};
use crate::error::InputError;

static UNBIND: &[Field] = &[
    Field {
        name: "sku",
        aliases: &["product_id", "商品编码", "商家编码", "货品编码"],
        required: true,
    },
    Field {
        name: "warehouse",
        aliases: &["warehouse_code", "仓库编码", "仓库"],
        required: true,
    },
];

/// The corpus directory, kept in the repository (`tests/fixtures/hostile-csv`).
fn fixtures() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile-csv"
    ))
    .to_path_buf()
}

/// Everything reading one file produced.
#[derive(Debug, Default)]
struct Outcome {
    open_error: Option<Vec<Problem>>,
    rows: Vec<Row>,
    problems: Vec<Problem>,
    notes: Vec<String>,
}

impl Outcome {
    fn lines(&self) -> Vec<u64> {
        self.rows.iter().map(|r| r.line).collect()
    }

    fn problem_lines(&self) -> Vec<u64> {
        self.problems.iter().map(|p| p.line).collect()
    }

    /// The open error's problems as `(line, message)`; panics when open succeeded.
    fn rejected(&self) -> Vec<(u64, &str)> {
        let found = self.open_error.as_ref().expect("open should have failed");
        found.iter().map(|p| (p.line, p.message.as_str())).collect()
    }
}

fn read_path(path: &Path, opts: &ReadOptions) -> Outcome {
    let mut input = match CsvInput::open(path, UNBIND, opts) {
        Ok(input) => input,
        Err(e) => {
            let err = e
                .downcast::<InputError>()
                .unwrap_or_else(|e| panic!("not an InputError: {e:#}"));
            return Outcome {
                open_error: Some(err.problems),
                ..Outcome::default()
            };
        }
    };
    let mut problems = Problems::new(input.display_name());
    let mut rows = Vec::new();
    while let Some(row) = input.next_row(&mut problems).unwrap() {
        rows.push(row);
    }
    Outcome {
        open_error: None,
        rows,
        problems: problems.into_result().err().map_or(vec![], |e| e.problems),
        notes: input.notes(),
    }
}

/// Reads one corpus file.
fn read_fixture(name: &str, opts: &ReadOptions) -> Outcome {
    read_path(&fixtures().join(name), opts)
}

fn fixture(name: &str) -> Outcome {
    read_fixture(name, &ReadOptions::default())
}

/// A row as `(line, sku, warehouse)`.
type Expected = (u64, &'static str, &'static str);

fn values(o: &Outcome) -> Vec<(u64, &str, &str)> {
    o.rows
        .iter()
        .map(|r| (r.line, r.get(0), r.get(1)))
        .collect()
}

/// Lines whose SKU or warehouse `validate_code` refuses, with the first message.
fn code_rejects(o: &Outcome) -> Vec<(u64, String)> {
    o.rows
        .iter()
        .filter_map(|r| {
            let err = validate_code(CodeKind::Sku, r.get(0))
                .and_then(|()| validate_code(CodeKind::Warehouse, r.get(1)))
                .err()?;
            Some((r.line, err))
        })
        .collect()
}

#[test]
fn every_fixture_is_covered_here() {
    let dir = fixtures();
    let source = include_str!("tests.rs");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            assert!(
                source.contains(&format!("\"{name}\"")),
                "{name} has no test"
            );
        }
    }
}

#[test]
fn valid_files_read_cleanly() {
    let cases: &[(&str, &[Expected])] = &[
        (
            "01_valid_basic.csv",
            &[(2, "SKU001", "WH-SH01"), (3, "SKU002", "WH-BJ02")],
        ),
        ("02_valid_alias_product_id.csv", &[(2, "SKU001", "WH-SH01")]),
        (
            "03_valid_chinese_headers_utf8.csv",
            &[(2, "SKU001", "WH-SH01"), (3, "连衣裙-红-XL", "WH-GZ03")],
        ),
        ("12_utf8_bom.csv", &[(2, "SKU001", "WH-SH01")]),
        ("13_utf8_bom_crlf_excel.csv", &[(2, "SKU001", "WH-SH01")]),
        ("25_header_only.csv", &[]),
        (
            "32_header_whitespace_fullwidth_case.csv",
            &[(2, "SKU001", "WH-SH01")],
        ),
        (
            "41_leading_zeros_lost.csv",
            &[(2, "123", "WH-SH01"), (3, "00123", "WH-SH01")],
        ),
        (
            "61_unknown_warehouse.csv",
            &[(2, "SKU001", "WH-SH01"), (3, "SKU002", "WH-XX99")],
        ),
        (
            "62_unknown_sku.csv",
            &[(2, "SKU001", "WH-SH01"), (3, "SKU999", "WH-SH01")],
        ),
        (
            "63_pair_not_bound.csv",
            &[(2, "SKU001", "WH-SH01"), (3, "SKU001", "WH-GZ03")],
        ),
    ];
    for (name, want) in cases {
        let o = fixture(name);
        assert_eq!(values(&o), *want, "{name}");
        assert!(o.problems.is_empty(), "{name}: {:?}", o.problems);
        assert!(code_rejects(&o).is_empty(), "{name}");
        assert!(o.notes.is_empty(), "{name}: {:?}", o.notes);
    }
}

#[test]
fn gbk_is_detected_and_reported() {
    let o = fixture("10_gbk_chinese_headers.csv");
    assert_eq!(
        values(&o),
        [(2, "SKU001", "WH-SH01"), (3, "连衣裙-红-XL", "WH-GZ03")]
    );
    assert_eq!(o.notes, ["decoded as GBK"]);
    let forced = ReadOptions {
        encoding: Some(Encoding::Gbk),
        ..ReadOptions::default()
    };
    let o = read_fixture("10_gbk_chinese_headers.csv", &forced);
    assert_eq!(o.rows.len(), 2);
    assert!(
        o.notes.is_empty(),
        "a forced encoding is not news: {:?}",
        o.notes
    );
}

#[test]
fn gbk_forced_as_utf8_is_rejected_at_line_1_byte_0() {
    let opts = ReadOptions {
        encoding: Some(Encoding::Utf8),
        ..ReadOptions::default()
    };
    let o = read_fixture("10_gbk_chinese_headers.csv", &opts);
    let rejected = o.rejected();
    assert_eq!(rejected[0].0, 1);
    assert!(rejected[0].1.contains("at byte 0 (c9)"), "{rejected:?}");
    assert!(rejected[0].1.contains("--encoding gbk"), "{rejected:?}");
}

#[test]
fn utf16_is_refused_with_a_hint() {
    let o = fixture("14_utf16le_bom_tab_excel_unicode_text.csv");
    let rejected = o.rejected();
    assert_eq!(rejected.len(), 1);
    assert!(
        rejected[0].1.contains("UTF-16 / tab-separated")
            && rejected[0].1.contains("re-save as CSV UTF-8"),
        "{rejected:?}"
    );
}

#[test]
fn invalid_utf8_is_rejected_per_line_with_offsets() {
    let o = fixture("15_invalid_utf8.csv");
    let rejected = o.rejected();
    assert_eq!(rejected.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4]);
    assert!(rejected[0].1.contains("byte 32 (ff)"), "{rejected:?}");
    assert!(rejected[1].1.contains("byte 48 (e4 b8)"), "{rejected:?}");
    assert!(!rejected.iter().any(|r| r.1.contains('\u{fffd}')));
}

#[test]
fn empty_files_have_no_header() {
    for name in ["17_bom_only.csv", "24_empty_file.csv"] {
        let o = fixture(name);
        let rejected = o.rejected();
        assert_eq!(rejected.len(), 1, "{name}");
        assert!(
            rejected[0].1.starts_with("empty file: no header line"),
            "{name}"
        );
    }
}

#[test]
fn nul_byte_is_a_problem_shown_escaped() {
    let o = fixture("18_nul_bytes.csv");
    assert_eq!(o.lines(), [2]);
    assert_eq!(o.problem_lines(), [3]);
    let p = &o.problems[0];
    assert!(p.message.contains("NUL byte"), "{p:?}");
    assert_eq!(
        (p.column.as_str(), p.value.as_str()),
        ("sku", "SKU\\x00002")
    );
}

#[test]
fn embedded_newline_is_reported_on_the_start_line() {
    let o = fixture("21_embedded_newline_quoted.csv");
    assert_eq!(o.lines(), [2, 5]);
    assert_eq!(o.problem_lines(), [3]);
    assert!(o.problems[0].message.contains("newline inside a value"));
}

#[test]
fn unterminated_quote_names_its_line() {
    let o = fixture("22_unterminated_quote.csv");
    assert_eq!(o.lines(), [2]);
    assert_eq!(o.problem_lines(), [3]);
    assert!(
        o.problems[0]
            .message
            .contains("unterminated quote starting line 3")
    );
}

#[test]
fn wrong_field_counts_are_each_reported() {
    let o = fixture("23_wrong_column_count.csv");
    assert_eq!(o.lines(), [2]);
    assert_eq!(o.problem_lines(), [3, 4]);
    assert!(o.problems[0].message.contains("expected 2 fields"));
    assert!(o.problems[0].message.contains("found 3"));
    assert!(o.problems[1].message.contains("found 1"));
}

#[test]
fn header_problems() {
    let o = fixture("26_missing_required_column.csv");
    assert_eq!(o.rejected().len(), 1);
    let msg = o.rejected()[0].1;
    assert!(
        msg.starts_with("missing column warehouse (accepted: warehouse, warehouse_code, 仓库编码"),
        "{msg}"
    );

    let o = fixture("27_ambiguous_alias_headers.csv");
    assert_eq!(
        o.rejected(),
        [(1, "columns 1 and 2 both map to sku: delete one of them")]
    );

    let o = fixture("30_semicolon_delimiter_eu_excel.csv");
    let msg = o.rejected()[0].1;
    assert!(msg.starts_with("missing columns sku, warehouse"), "{msg}");
    assert!(msg.contains("looks ';'-delimited"), "{msg}");
}

#[test]
fn semicolons_read_with_the_delimiter_option() {
    let opts = ReadOptions {
        delimiter: Some(b';'),
        ..ReadOptions::default()
    };
    let o = read_fixture("30_semicolon_delimiter_eu_excel.csv", &opts);
    assert_eq!(values(&o), [(2, "SKU001", "WH-SH01")]);
}

#[test]
fn unknown_columns_are_ignored_with_a_note() {
    let o = fixture("28_extra_unknown_column.csv");
    assert_eq!(values(&o), [(2, "SKU001", "WH-SH01")]);
    assert_eq!(o.notes, ["ignored column 3 \"备注\""]);
}

#[test]
fn blank_lines_are_counted_and_empty_cells_left_to_the_caller() {
    let o = fixture("29_blank_lines_and_empty_cells.csv");
    assert_eq!(
        values(&o),
        [
            (3, "SKU001", "WH-SH01"),
            (5, "", "WH-BJ02"),
            (6, "SKU002", "")
        ]
    );
    assert_eq!(o.problem_lines(), [4]);
    assert!(o.problems[0].message.contains("found 3"));
    assert_eq!(o.notes, ["skipped 2 blank lines"]);
    let rejects = code_rejects(&o);
    assert_eq!(rejects.iter().map(|r| r.0).collect::<Vec<_>>(), [5, 6]);
    assert!(rejects[0].1.starts_with("empty SKU"));
    assert!(rejects[1].1.starts_with("empty warehouse code"));
}

#[test]
fn excel_sep_line_is_skipped_and_numbering_stays_physical() {
    let o = fixture("31_excel_sep_hint_line.csv");
    assert_eq!(values(&o), [(3, "SKU001", "WH-SH01")]);
    assert_eq!(o.notes, ["skipped the Excel 'sep=,' line 1"]);
}

#[test]
fn excel_numbers_are_refused_by_validation_never_converted() {
    let o = fixture("40_scientific_notation_skus.csv");
    assert_eq!(o.rows[0].get(0), "1.23457E+11", "read verbatim");
    let rejects = code_rejects(&o);
    assert_eq!(rejects.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 3, 4]);
    assert!(rejects.iter().all(|r| r.1.contains("scientific notation")));

    let o = fixture("43_numeric_float_suffix.csv");
    assert_eq!(o.rows[0].get(0), "123456789012.0", "read verbatim");
    let rejects = code_rejects(&o);
    assert_eq!(rejects.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 3]);
    assert!(rejects.iter().all(|r| r.1.contains("numeric in Excel")));
}

#[test]
fn full_width_and_wide_spaces_are_folded_and_reported() {
    let o = fixture("50_fullwidth_and_ideographic_space.csv");
    assert_eq!(
        values(&o),
        [
            (2, "SKU001", "WH-SH01"),
            (3, "SKU002", "WH-BJ02"),
            (4, "SKU003", "WH-SH01")
        ]
    );
    assert_eq!(
        o.notes,
        [
            "line 2: sku \"ＳＫＵ００１\" -> \"SKU001\"",
            "line 2: warehouse \"ＷＨ－ＳＨ０１\" -> \"WH-SH01\"",
            "line 3: sku \"SKU002\\u{3000}\" -> \"SKU002\"",
            "line 4: sku \"\\u{a0}SKU003\" -> \"SKU003\"",
        ]
    );
}

#[test]
fn formula_cells_are_read_then_refused_by_validation() {
    let o = fixture("53_formula_injection_cells.csv");
    assert!(o.problems.is_empty());
    let rejects = code_rejects(&o);
    assert_eq!(
        rejects.iter().map(|r| r.0).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6, 7]
    );
    assert!(
        rejects.iter().all(|r| r.1.contains("formula")),
        "{rejects:?}"
    );
}

#[test]
fn sql_metacharacters_are_data() {
    let o = fixture("54_sql_metachars_in_sku.csv");
    assert_eq!(o.rows[0].get(0), "SKU001'; DROP TABLE binding;--");
    let rejects = code_rejects(&o);
    assert_eq!(rejects.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(
        o.rows[2].get(0),
        "SKU_01",
        "valid: the store will say it is unknown"
    );
}

#[test]
fn duplicates_read_as_the_same_pair() {
    let o = fixture("60_duplicate_pairs.csv");
    assert_eq!(o.lines(), [2, 3, 4, 5]);
    assert!(
        o.rows
            .iter()
            .all(|r| r.get(0) == "SKU001" && r.get(1) == "WH-SH01")
    );
    assert_eq!(o.notes.len(), 2, "{:?}", o.notes);
}

#[test]
fn mostly_valid_file_reads_every_row() {
    let o = fixture("64_mostly_valid_one_bad_last_line.csv");
    assert_eq!(o.lines(), [2, 3, 4, 5, 6, 7]);
    assert_eq!(o.rows[5].get(1), "WH-XX99");
}

#[test]
fn overlong_sku_is_refused_by_validation() {
    let o = fixture("72_overlong_sku_65_chars.csv");
    assert_eq!(
        code_rejects(&o),
        [(
            2,
            "65 characters, the limit is 20: shorten the SKU".to_string()
        )]
    );
}

// ---- cases the corpus does not cover, on files made here ----

fn read_bytes(bytes: &[u8]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, bytes).unwrap();
    read_path(&path, &ReadOptions::default())
}

#[test]
fn line_numbers_survive_crlf_blank_lines_and_a_missing_last_newline() {
    let o = read_bytes(b"sku,warehouse\r\n\r\nA,W1\r\n\"B\r\nX\",W2\r\n\r\n\r\nC,W3");
    assert_eq!(values(&o), [(3, "A", "W1"), (8, "C", "W3")]);
    assert_eq!(o.problem_lines(), [4]);
    assert_eq!(o.notes, ["skipped 3 blank lines"]);
}

#[test]
fn a_closed_multiline_value_at_the_end_is_not_an_unterminated_quote() {
    let o = read_bytes(b"sku,warehouse\n\"A\nB\",W1");
    assert_eq!(o.problem_lines(), [2]);
    assert!(o.problems[0].message.contains("newline inside a value"));
    let o = read_bytes(b"sku,warehouse\nA,\"W\n1\"\n");
    assert!(o.problems[0].message.contains("newline inside a value"));
}

#[test]
fn a_runaway_quote_stops_reading_in_bounded_memory() {
    let mut data = b"sku,warehouse\nA,W1\n\"B,W2\n".to_vec();
    for i in 0..200_000 {
        data.extend_from_slice(format!("SKU{i:06},WH-SH01\n").as_bytes());
    }
    let o = read_bytes(&data);
    assert_eq!(o.lines(), [2]);
    assert_eq!(o.problem_lines(), [3]);
    assert!(o.problems[0].message.contains("longer than 1 MiB"));
}

#[test]
fn an_empty_row_of_the_header_width_is_blank() {
    let o = read_bytes("sku,warehouse\n,\n \t,\u{3000}\nA,W\n".as_bytes());
    assert_eq!(values(&o), [(4, "A", "W")]);
    assert_eq!(o.notes, ["skipped 2 blank lines"]);
}

#[test]
fn control_characters_are_problems_shown_escaped() {
    let o = read_bytes("sku,warehouse\nA\u{1b}[31m,W\nB\u{202e},W\n".as_bytes());
    assert_eq!(o.problem_lines(), [2, 3]);
    assert_eq!(o.problems[0].value, "A\\x1b[31m");
    assert!(o.problems[0].message.contains("\\x1b"));
    assert!(o.problems[1].message.contains("\\u{202e}"));
    assert!(!o.problems.iter().any(|p| p.message.contains('\u{1b}')));
}

#[test]
fn cr_only_line_ends_are_refused() {
    let o = read_bytes(b"sku,warehouse\rA,W\r");
    assert!(o.rejected()[0].1.contains("CR only"));
}

#[test]
fn sep_line_names_the_delimiter() {
    let o = read_bytes(b"sep=;\r\nsku;warehouse\r\nA;W\r\n");
    assert_eq!(values(&o), [(3, "A", "W")]);
    assert_eq!(o.notes, ["skipped the Excel 'sep=;' line 1"]);
}

#[test]
fn utf16_without_bom_gets_a_hint() {
    let text: Vec<u8> = "sku,warehouse\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let o = read_bytes(&text);
    let rejected = o.rejected();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert!(rejected[0].1.contains("looks UTF-16"), "{rejected:?}");
}

#[test]
fn open_reports_hash_columns_and_io_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, "product_id,WAREHOUSE,,notes\nA,W,x,y\n").unwrap();
    let input = CsvInput::open(&path, UNBIND, &ReadOptions::default()).unwrap();
    assert_eq!(input.sha256().len(), 64);
    assert_eq!(input.column_name(0), "product_id");
    assert_eq!(input.column_name(1), "WAREHOUSE");
    assert!(input.has_column(1));
    assert_eq!(
        input.notes(),
        ["ignored column 3 (no name)", "ignored column 4 \"notes\""]
    );
    assert_eq!(input.encoding(), Encoding::Utf8);

    let missing = CsvInput::open(
        &dir.path().join("nope.csv"),
        UNBIND,
        &ReadOptions::default(),
    );
    let err = missing.err().unwrap();
    assert!(err.downcast_ref::<InputError>().is_none());
    assert!(format!("{err}").contains("nope.csv: no such file"), "{err}");
    let err = CsvInput::open(dir.path(), UNBIND, &ReadOptions::default())
        .err()
        .unwrap();
    assert!(format!("{err}").contains("is a directory"), "{err}");
}

#[test]
fn sha256_is_of_the_raw_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, "sku,warehouse\n").unwrap();
    let input = CsvInput::open(&path, UNBIND, &ReadOptions::default()).unwrap();
    // printf 'sku,warehouse\n' | sha256sum
    assert_eq!(input.sha256(), SHA_OF_HEADER);
}

const SHA_OF_HEADER: &str = "cffd6f0626a133ce0238197446c82bc88ed9ebb663a64cf32d434da6731a8fb3";

#[test]
fn encoding_names_parse() {
    for (s, want) in [
        ("utf-8", Encoding::Utf8),
        ("UTF8", Encoding::Utf8),
        ("gbk", Encoding::Gbk),
        ("GB18030", Encoding::Gbk),
        ("gb2312", Encoding::Gbk),
    ] {
        assert_eq!(s.parse::<Encoding>(), Ok(want));
    }
    assert!("latin1".parse::<Encoding>().is_err());
}

#[test]
fn read_into_refills_one_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, "warehouse,sku\nW1,A\nW2,BB\n").unwrap();
    let mut input = CsvInput::open(&path, UNBIND, &ReadOptions::default()).unwrap();
    let mut problems = Problems::new(input.display_name());
    let mut row = Row::default();
    assert!(input.read_into(&mut row, &mut problems).unwrap());
    assert_eq!(
        row,
        Row {
            line: 2,
            values: vec!["A".into(), "W1".into()]
        }
    );
    assert!(input.read_into(&mut row, &mut problems).unwrap());
    assert_eq!(
        row,
        Row {
            line: 3,
            values: vec!["BB".into(), "W2".into()]
        }
    );
    assert!(!input.read_into(&mut row, &mut problems).unwrap());
    assert!(problems.is_empty());
}
