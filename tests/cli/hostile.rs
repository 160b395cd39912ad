//! The hostile-CSV corpus (`tests/fixtures/hostile-csv/README.txt`) through
//! `invmap unbind --from-csv FILE --reason t`, on the store that README assumes.
//!
//! One test per fixture. A REJECT must exit 4, name the file and every bad physical line,
//! say what is wrong, and leave the store exactly as it was (links, bookkeeping, export).
//! An OK removes exactly its pairs with one audit row each. Nothing read from a file may reach
//! the terminal raw.

use crate::env::{TestEnv, assert_no_raw_controls, fixture, without};

/// Runs a fixture that must be rejected with exit 4 naming `lines`, and asserts nothing changed.
#[track_caller]
fn reject(name: &str, extra: &[&str], lines: &[u64], needles: &[&str]) -> String {
    let env = TestEnv::fixture_store();
    reject_in(&env, &fixture(name), extra, lines, needles)
}

#[track_caller]
fn reject_in(
    env: &TestEnv,
    path: &std::path::Path,
    extra: &[&str],
    lines: &[u64],
    needles: &[&str],
) -> String {
    let before = env.snapshot();
    let path_text = path.display().to_string();
    let mut args = vec!["unbind", "--from-csv", &path_text, "--reason", "t"];
    args.extend(extra);
    let out = env.run(&args).code(4).err_has(needles);
    for line in lines {
        let at = format!("{path_text}:{line}:");
        assert!(
            out.stderr.contains(&at),
            "stderr does not name {at}\n{}",
            out.stderr
        );
    }
    assert!(out.stderr.contains("nothing was changed"), "{}", out.stderr);
    assert_no_raw_controls(&out.stderr);
    assert_no_raw_controls(&out.stdout);
    assert_eq!(env.snapshot(), before, "a rejected file changed the store");
    out.stderr
}

/// Runs a fixture that must unbind exactly `pairs`: one change, one audit row per pair.
#[track_caller]
fn accept(name: &str, extra: &[&str], pairs: &[(&str, &str)]) -> String {
    let env = TestEnv::fixture_store();
    let before = env.snapshot();
    let path = fixture(name).display().to_string();
    let mut args = vec!["unbind", "--from-csv", &path, "--reason", "t"];
    args.extend(extra);
    let out = env.run(&args).code(0);
    assert_no_raw_controls(&out.stderr);
    assert_eq!(
        env.links(),
        without(&before.links, pairs),
        "links after {name}"
    );
    assert_eq!(env.count("changes"), before.changes + 1, "one change");
    assert_eq!(
        env.count("audit_log"),
        before.audit_log + pairs.len() as i64,
        "one audit row per pair"
    );
    let change = env.last_change();
    for (sku, wh) in pairs {
        let n: i64 = env
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE change_id = ?1 AND product_id = ?2 AND warehouse_code = ?3",
                rusqlite::params![change, sku, wh],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "audit rows for {sku} @ {wh}");
    }
    // Every SKU of the fixture store sits in two regions: a valid unbind warns about the gap.
    assert!(
        out.stderr.contains("warning:") && out.stderr.contains("no active warehouse in region"),
        "region-cover warning expected\n{}",
        out.stderr
    );
    out.stderr
}

const DRESS: &str = "连衣裙-红-XL";

#[test]
fn f01_valid_basic() {
    let err = accept(
        "01_valid_basic.csv",
        &[],
        &[("SKU001", "WH-SH01"), ("SKU002", "WH-BJ02")],
    );
    assert!(err.contains("2 pairs: 2 unbound"), "{err}");
}

#[test]
fn f02_valid_alias_product_id() {
    accept(
        "02_valid_alias_product_id.csv",
        &[],
        &[("SKU001", "WH-SH01")],
    );
}

#[test]
fn f03_valid_chinese_headers_utf8() {
    accept(
        "03_valid_chinese_headers_utf8.csv",
        &[],
        &[("SKU001", "WH-SH01"), (DRESS, "WH-GZ03")],
    );
}

#[test]
fn f10_gbk_chinese_headers_detected() {
    let err = accept(
        "10_gbk_chinese_headers.csv",
        &[],
        &[("SKU001", "WH-SH01"), (DRESS, "WH-GZ03")],
    );
    assert!(err.contains("decoded as GBK"), "{err}");
}

#[test]
fn f10_gbk_with_forced_utf8_rejects_line_1_byte_0() {
    reject(
        "10_gbk_chinese_headers.csv",
        &["--encoding", "utf-8"],
        &[1],
        &["byte 0", "--encoding gbk"],
    );
}

#[test]
fn f12_utf8_bom() {
    accept("12_utf8_bom.csv", &[], &[("SKU001", "WH-SH01")]);
}

#[test]
fn f13_utf8_bom_crlf_excel() {
    accept("13_utf8_bom_crlf_excel.csv", &[], &[("SKU001", "WH-SH01")]);
}

#[test]
fn f14_utf16le_tab_rejected_with_hint() {
    reject(
        "14_utf16le_bom_tab_excel_unicode_text.csv",
        &[],
        &[],
        &["UTF-16", "tab-separated", "re-save as CSV UTF-8"],
    );
}

#[test]
fn f15_invalid_utf8_lines_and_byte_offsets() {
    reject(
        "15_invalid_utf8.csv",
        &[],
        &[3, 4],
        &["not valid UTF-8 at byte 32", "at byte 48"],
    );
}

#[test]
fn f17_bom_only_is_empty() {
    reject("17_bom_only.csv", &[], &[], &["empty file", "no header"]);
}

#[test]
fn f18_nul_byte_line_3() {
    let err = reject("18_nul_bytes.csv", &[], &[3], &["NUL byte", "SKU\\x00002"]);
    assert!(!err.contains('\0'));
}

#[test]
fn f21_embedded_newline_record_starts_line_3() {
    let err = reject(
        "21_embedded_newline_quoted.csv",
        &[],
        &[3],
        &["newline inside a value"],
    );
    assert!(!err.contains(":4:") && !err.contains(":5:"), "{err}");
}

#[test]
fn f22_unterminated_quote() {
    reject(
        "22_unterminated_quote.csv",
        &[],
        &[3],
        &["unterminated quote starting line 3"],
    );
}

#[test]
fn f23_wrong_column_count() {
    reject(
        "23_wrong_column_count.csv",
        &[],
        &[3, 4],
        &["expected 2 fields", "found 3", "found 1"],
    );
}

#[test]
fn f24_empty_file() {
    reject("24_empty_file.csv", &[], &[], &["empty file"]);
}

#[test]
fn f25_header_only_changes_nothing() {
    let env = TestEnv::fixture_store();
    let before = env.snapshot();
    let path = fixture("25_header_only.csv");
    let out = env.run(&[
        "unbind".as_ref(),
        "--from-csv".as_ref(),
        path.as_os_str(),
        "--reason".as_ref(),
        "t".as_ref(),
    ]);
    assert!(out.code == 0 || out.code == 4, "{out:?}");
    assert_eq!(env.snapshot(), before, "no change row, no audit row");
}

#[test]
fn f26_missing_required_column_lists_accepted_names() {
    reject(
        "26_missing_required_column.csv",
        &[],
        &[1],
        &[
            "missing column warehouse",
            "warehouse_code, warehouse, 仓库编码",
        ],
    );
}

#[test]
fn f27_ambiguous_alias_headers() {
    reject(
        "27_ambiguous_alias_headers.csv",
        &[],
        &[1],
        &["columns 1 and 2 both map"],
    );
}

#[test]
fn f28_extra_unknown_column() {
    // 备注 ("remark") is not a column of the unbind template: read past, with a warning.
    let err = accept("28_extra_unknown_column.csv", &[], &[("SKU001", "WH-SH01")]);
    assert!(err.contains("ignored column 3 \"备注\""), "{err}");
}

#[test]
fn f29_blank_lines_and_empty_cells() {
    let err = reject(
        "29_blank_lines_and_empty_cells.csv",
        &[],
        &[4, 5, 6],
        &["empty"],
    );
    for blank in [":2:", ":7:"] {
        assert!(!err.contains(blank), "blank lines are skipped: {err}");
    }
}

#[test]
fn f30_semicolon_delimiter() {
    reject(
        "30_semicolon_delimiter_eu_excel.csv",
        &[],
        &[1],
        &["missing columns", "';'-delimited"],
    );
}

#[test]
fn f31_excel_sep_hint_line() {
    let err = accept("31_excel_sep_hint_line.csv", &[], &[("SKU001", "WH-SH01")]);
    assert!(err.contains("sep="), "the hint line is reported: {err}");
}

#[test]
fn f31_line_numbers_stay_physical_after_sep_line() {
    let env = TestEnv::fixture_store();
    let path = env.write(
        "sep_bad.csv",
        "sep=,\nsku,warehouse\nSKU001,WH-SH01\nSKU999,WH-SH01\n",
    );
    reject_in(&env, &path, &[], &[4], &["unknown SKU"]);
}

#[test]
fn f32_header_whitespace_fullwidth_case() {
    accept(
        "32_header_whitespace_fullwidth_case.csv",
        &[],
        &[("SKU001", "WH-SH01")],
    );
}

#[test]
fn f40_scientific_notation_never_converted() {
    let err = reject(
        "40_scientific_notation_skus.csv",
        &[],
        &[2, 3, 4],
        &["scientific notation", "original digits are lost"],
    );
    assert!(!err.contains("123457000000"), "{err}");
}

#[test]
fn f41_leading_zeros_lost() {
    let err = reject(
        "41_leading_zeros_lost.csv",
        &[],
        &[2],
        &["did you mean 00123"],
    );
    assert!(!err.contains(":3:"), "line 3 (00123) is fine: {err}");
}

#[test]
fn f43_numeric_float_suffix() {
    reject(
        "43_numeric_float_suffix.csv",
        &[],
        &[2, 3],
        &["numeric in Excel"],
    );
}

#[test]
fn f50_fullwidth_and_ideographic_space_folded() {
    accept(
        "50_fullwidth_and_ideographic_space.csv",
        &[],
        &[
            ("SKU001", "WH-SH01"),
            ("SKU002", "WH-BJ02"),
            ("SKU003", "WH-SH01"),
        ],
    );
}

#[test]

fn f50_each_normalisation_is_reported() {
    let env = TestEnv::fixture_store();
    let path = fixture("50_fullwidth_and_ideographic_space.csv");
    let out = env.run(&[
        "unbind".as_ref(),
        "--from-csv".as_ref(),
        path.as_os_str(),
        "--dry-run".as_ref(),
    ]);
    let err = out.code(0).stderr;
    for needle in [
        "line 2: sku \"ＳＫＵ００１\" -> \"SKU001\"",
        "line 3: sku \"SKU002\\u{3000}\" -> \"SKU002\"",
        "line 4: sku \"\\u{a0}SKU003\" -> \"SKU003\"",
    ] {
        assert!(err.contains(needle), "{needle} not reported:\n{err}");
    }
}

#[test]
fn f53_formula_injection_cells() {
    reject(
        "53_formula_injection_cells.csv",
        &[],
        &[2, 3, 4, 5, 6, 7],
        &["a spreadsheet would run it as a formula"],
    );
}

#[test]
fn f54_sql_metachars_matched_literally() {
    let env = TestEnv::fixture_store();
    let tables = env.count("sqlite_master");
    reject_in(
        &env,
        &fixture("54_sql_metachars_in_sku.csv"),
        &[],
        &[2, 3, 4],
        &["SKU_01"],
    );
    assert_eq!(env.count("sqlite_master"), tables, "tables intact");
}

#[test]
fn f60_duplicate_pairs_unbound_once_with_warning() {
    let err = accept("60_duplicate_pairs.csv", &[], &[("SKU001", "WH-SH01")]);
    assert!(err.contains("3 duplicates (lines 3, 4, 5)"), "{err}");
}

#[test]
fn f60_duplicate_pairs_strict_rejects() {
    reject(
        "60_duplicate_pairs.csv",
        &["--strict"],
        &[3, 4, 5],
        &["same pair as line 2"],
    );
}

#[test]
fn f61_unknown_warehouse() {
    reject(
        "61_unknown_warehouse.csv",
        &[],
        &[3],
        &["unknown warehouse", "WH-XX99"],
    );
}

#[test]
fn f62_unknown_sku() {
    let err = reject("62_unknown_sku.csv", &[], &[3], &["SKU999"]);
    assert!(err.to_lowercase().contains("unknown sku"), "{err}");
}

#[test]
fn f63_pair_not_bound() {
    reject("63_pair_not_bound.csv", &[], &[3], &["pair not bound"]);
}

#[test]
fn f64_mostly_valid_one_bad_last_line() {
    let err = reject(
        "64_mostly_valid_one_bad_last_line.csv",
        &[],
        &[7],
        &["unknown warehouse"],
    );
    assert!(err.contains("1 problem;"), "{err}");
}

#[test]
fn f72_overlong_sku() {
    reject(
        "72_overlong_sku_65_chars.csv",
        &[],
        &[2],
        &["65 characters, the limit is 20"],
    );
}

#[test]
fn control_and_bidi_characters_are_escaped() {
    let env = TestEnv::fixture_store();
    let path = env.write(
        "controls.csv",
        "sku,warehouse\nSKU\u{1b}[31m001,WH-SH01\nSKU\u{202e}002,WH-BJ02\n",
    );
    let err = reject_in(&env, &path, &[], &[2, 3], &["\\x1b", "\\u{202e}"]);
    assert_no_raw_controls(&err);
}

/// Every file in the corpus has a test above: a new fixture must get one too.
#[test]
fn every_fixture_has_a_test() {
    let source = include_str!("hostile.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(crate::env::FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") && !source.contains(&format!("\"{name}\"")) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "fixtures without a test: {missing:?}");
}
