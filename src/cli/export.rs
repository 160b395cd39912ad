//! `invmap export skus|mappings|changes|audit`: CSV out, for spreadsheets and other tools.

use std::path::PathBuf;

use anyhow::Result;
use clap::ValueEnum;

use super::Ctx;
use crate::csvio::write::CsvOut;
use crate::ops::export;
use crate::store::OpenMode;

/// Export data as CSV (RFC 4180, UTF-8) to a file or stdout.
///
/// `skus`: one row per SKU with its stock in each warehouse and a total (the sheet to keep
/// before a change); `mappings`: every link, in the import template's columns; `changes`: the
/// rollback points; `audit`: the audit trail. Cells that a spreadsheet would run as a formula
/// (starting with = + - @) are made inert with a leading '. Files are written atomically.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to export: skus, mappings, changes or audit (see above)
    #[arg(value_enum)]
    pub what: What,
    /// Write to this file instead of stdout
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Start the file with a UTF-8 BOM so Excel reads Chinese text correctly
    #[arg(long)]
    pub bom: bool,
    /// Column names: en (the templates' names, the same in every language) or zh (Chinese
    /// names that `import` reads back, e.g. 商品编码, 仓库编码, 库存)
    #[arg(long, value_enum, default_value_t = Headers::En)]
    pub headers: Headers,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Headers {
    En,
    Zh,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    Skus,
    Mappings,
    Changes,
    Audit,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<u8> {
    let location = ctx.db.to_string_lossy();
    if crate::store::postgres::is_server(&location) {
        let (mut opened, _) = ctx.open_either(OpenMode::ReadOnly, false)?;
        let crate::cli::Opened::Server(server) = &mut opened else {
            unreachable!("a server location opens a server")
        };
        let server = server.as_mut();
        return write(ctx, &args, |out| match args.what {
            What::Mappings => export::mappings(server, out),
            What::Changes => export::changes(server, out),
            What::Audit => export::audit(server, out),
            What::Skus => export::skus(server, out),
        });
    }
    let mut store = ctx.open(OpenMode::ReadOnly)?;
    write(ctx, &args, |out| match args.what {
        What::Mappings => export::mappings(&mut &store, out),
        What::Skus => export::skus(&mut store, out),
        What::Changes => export::changes(&mut store, out),
        What::Audit => export::audit(&mut store, out),
    })
}

/// Writes one export to `-o FILE` (atomically) or stdout, and says how many rows.
fn write(ctx: &Ctx, args: &Args, rows_of: impl FnOnce(&mut CsvOut) -> Result<u64>) -> Result<u8> {
    let mut stdout = std::io::stdout().lock();
    let mut out = match &args.output {
        Some(path) => CsvOut::to_file(path, args.bom)?,
        None => CsvOut::to_writer(&mut stdout, args.bom)?,
    };
    if args.headers == Headers::Zh {
        out = out.with_zh_headers();
    }
    let rows = rows_of(&mut out)?;
    out.finish()?;
    if let Some(path) = &args.output {
        ctx.say(&crate::tr!(
            "cli-export-wrote",
            count = rows,
            path = &path.display()
        ));
    }
    Ok(0)
}
