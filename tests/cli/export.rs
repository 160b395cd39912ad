//! `invmap export skus|mappings|changes|audit`: content, files, BOM, inert formula cells,
//! and a closed pipe.

use crate::env::{TestEnv, piped_to_head};

#[test]
fn export_mappings_is_the_import_template() {
    let env = TestEnv::example_store();
    let out = env.ok(&["export", "mappings"]);
    assert_eq!(
        out.stdout,
        "product_id,warehouse_code,stock_quantity,priority\n\
         SKU-1001,BJ01,40,2\n\
         SKU-1001,SH01,120,1\n\
         SKU-1002,GZ01,75,2\n\
         SKU-1002,SH01,0,1\n\
         SKU-1003,GZ01,300,1\n"
    );
    // It loads back as is: nothing changes.
    let file = env.write("again.csv", &out.stdout);
    env.import("mappings", &file)
        .err_has(&["0 inserted, 0 updated, 5 unchanged"]);
}

#[test]
fn export_skus_has_a_column_per_warehouse_and_a_total() {
    let env = TestEnv::example_store();
    let out = env.ok(&["export", "skus"]);
    assert_eq!(
        out.stdout,
        "product_id,BJ01,GZ01,SH01,total\n\
         SKU-1001,40,,120,160\n\
         SKU-1002,,75,0,75\n\
         SKU-1003,,300,,300\n"
    );
}

#[test]
fn output_file_and_bom() {
    let env = TestEnv::example_store();
    let stdout = env.export_mappings();
    env.ok(&["export", "mappings", "-o", "m.csv"])
        .err_has(&["Wrote 5 rows"]);
    assert_eq!(std::fs::read_to_string(env.path("m.csv")).unwrap(), stdout);
    env.ok(&["export", "skus", "-o", "s.csv", "--bom"]);
    let bytes = std::fs::read(env.path("s.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    assert!(bytes[3..].starts_with(b"product_id,"));
    // No temp file is left beside it.
    let names: Vec<String> = std::fs::read_dir(env.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp") || n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn formula_cells_are_made_inert() {
    let env = TestEnv::example_store();
    env.ok(&[
        "unbind",
        "--sku",
        "SKU-1002",
        "--warehouse",
        "SH01",
        "--reason",
        "=HYPERLINK(\"http://x.invalid\")",
        "--ticket",
        "@SUM(1)",
    ]);
    let changes = env.ok(&["export", "changes"]).stdout;
    assert!(
        changes.contains("'=HYPERLINK(\"\"http://x.invalid\"\")"),
        "{changes}"
    );
    assert!(changes.contains(",'@SUM(1),"), "{changes}");
    for line in changes.lines() {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '-', '@'])
                    && !cell.starts_with("\"=")
                    && !cell.starts_with("\"@"),
                "live formula cell {cell:?} in {line}"
            );
        }
    }
    let reason = "-2+3 cmd";
    let flag = format!("--reason={reason}");
    env.ok(&[
        "bind",
        "--sku",
        "SKU-1003",
        "--warehouse",
        "SH01",
        flag.as_str(),
    ]);
    let changes = env.ok(&["export", "changes"]).stdout;
    assert!(changes.contains(",'-2+3 cmd,"), "{changes}");
}

#[test]
fn broken_pipe_exits_quietly() {
    let env = TestEnv::example_store();
    let mut csv = String::from("product_id,warehouse_code,stock_quantity\n");
    for i in 0..4000 {
        csv.push_str(&format!("SKU-{i:05},SH01,{i}\n"));
    }
    let file = env.write("many.csv", csv);
    env.import("mappings", &file);
    let (stdout, stderr) = piped_to_head(&env, "export mappings");
    assert_eq!(
        stdout,
        "product_id,warehouse_code,stock_quantity,priority\n"
    );
    assert_eq!(stderr, "status=0\n", "invmap's side of the pipe");
}
