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
    if args.what == What::Mappings && crate::store::postgres::is_server(&location) {
        // The links of a server store (the other exports join as the server backend grows).
        let url = crate::store::postgres::ServerUrl::parse(&location)?;
        let mut server = crate::store::postgres::Server::open(&url, false)?;
        return write(ctx, &args, |out| export::mappings(&mut server, out));
    }
    let store = ctx.open(OpenMode::ReadOnly)?;
    write(ctx, &args, |out| match args.what {
        What::Mappings => export::mappings(&mut &store, out),
        What::Skus => export::skus(&store, out),
        What::Changes => export::changes(&store, out),
        What::Audit => export::audit(&store, out),
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
