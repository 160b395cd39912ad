//! Chinese output: the cli area.
#![allow(unused_imports)]
use crate::env::*;

#[test]
fn the_detector_finds_english_and_lets_codes_and_commands_pass() {
    let runs = english_runs(
        "未做任何更改。\nNothing changed.\n可用 `invmap rollback 2` 撤销 [open-orders]",
        &[],
    );
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert!(runs[0].starts_with("Nothing changed"));
}

#[test]
fn a_store_that_is_missing_is_told_in_chinese() {
    let env = TestEnv::without_store();
    let out = env.run_zh(&["check"]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("错误："), "{}", out.stderr);
}

#[test]
fn nothing_changed_is_told_in_chinese() {
    let env = TestEnv::new();
    let out = env.run_zh(&["warehouse", "list"]);
    assert_eq!(out.code, 0);
    assert_no_english(&out, &[]);
}
