//! Issue 15: the mistakes operators make daily, and what invmap says back — a code in the
//! wrong case or with one character wrong gets "did you mean …?".

use crate::env::TestEnv;

#[test]
fn unknown_codes_get_did_you_mean() {
    let env = TestEnv::example_store();
    env.run(&["unbind", "--sku", "sku-1001", "--warehouse", "sh01"])
        .code(4)
        .err_has(&[
            "\"sh01\": unknown warehouse",
            "(did you mean SH01? codes are case-sensitive)",
        ]);
    env.run(&["unbind", "--sku", "SKU-1O01", "--warehouse", "SH01"])
        .code(4)
        .err_has(&["\"SKU-1O01\": unknown SKU", "(did you mean SKU-1001?)"]);
    env.run(&["unbind", "--sku", "sku-1001", "--warehouse", "SH01"])
        .code(4)
        .err_has(&["(did you mean SKU-1001? codes are case-sensitive)"]);
    env.run(&["bind", "--sku", "SKU-1003", "--warehouse", "SH02"])
        .code(4)
        .err_has(&["unknown warehouse", "(did you mean SH01?)"]);
    env.run(&["route", "--sku", "sku-1003"])
        .code(4)
        .err_has(&["(did you mean SKU-1003? codes are case-sensitive)"]);
    env.run(&["warehouse", "close", "gz01", "--reason", "r"])
        .code(4)
        .err_has(&["(did you mean GZ01? codes are case-sensitive)"]);
    let file = env.write("m.csv", "product_id,warehouse_code\nSKU-1003,bj01\n");
    env.run(&["import", "mappings", file.to_str().unwrap()])
        .code(4)
        .err_has(&["m.csv:2", "(did you mean BJ01? codes are case-sensitive)"]);
    // Nothing near: no guess.
    let out = env
        .run(&["bind", "--sku", "SKU-1003", "--warehouse", "XX99"])
        .code(4);
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
}
