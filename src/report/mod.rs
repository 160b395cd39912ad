//! Rendering: every listing is a list of serde structs, written as a table for people, JSON
//! for machines, or CSV for spreadsheets — one code path for all three (sqlite-utils style).
//! Nothing here picks the output: the command passes the writer (its stdout).

pub mod html;
pub mod metrics;
pub mod words;

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use serde_json::Value;

use crate::csvio::write::{Cell, inert};
use crate::domain::problem::escape;

/// `--format`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// Writes `rows` to `out` in `format`. JSON is one array of objects (stable keys).
pub fn print_list<T: Serialize>(out: &mut dyn Write, format: Format, rows: &[T]) -> Result<()> {
    let values: Vec<Value> = rows
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &values)?;
            writeln!(out)?;
        }
        Format::Csv => write_csv(out, &values)?,
        Format::Table => {
            if values.is_empty() {
                writeln!(out, "(none)")?;
            } else {
                writeln!(out, "{}", table(&values))?;
            }
        }
    }
    Ok(())
}

/// Writes one object to `out`: JSON as is; table and CSV as a two-column key/value list.
pub fn print_object<T: Serialize>(out: &mut dyn Write, format: Format, value: &T) -> Result<()> {
    let v = serde_json::to_value(value)?;
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    let rows: Vec<Value> = match &v {
        Value::Object(map) => map
            .iter()
            .map(|(k, x)| serde_json::json!({"field": k, "value": cell_text(x)}))
            .collect(),
        other => vec![serde_json::json!({"field": "value", "value": cell_text(other)})],
    };
    print_list(out, format, &rows)
}

fn headers(values: &[Value]) -> Vec<String> {
    match values.first() {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        _ => vec!["value".to_string()],
    }
}

fn cells(value: &Value, headers: &[String]) -> Vec<Value> {
    match value {
        Value::Object(map) => headers
            .iter()
            .map(|h| map.get(h).cloned().unwrap_or(Value::Null))
            .collect(),
        other => vec![other.clone()],
    }
}

/// A value as a table cell: strings escaped for the terminal, null as empty.
fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => escape(s),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(", "),
        other => escape(&other.to_string()),
    }
}

fn table(values: &[Value]) -> Table {
    let headers = headers(values);
    let mut t = Table::new();
    t.load_preset(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(|h| h.replace('_', " ")));
    for v in values {
        t.add_row(cells(v, &headers).iter().map(cell_text));
    }
    t
}

fn write_csv(out: &mut dyn Write, values: &[Value]) -> Result<()> {
    let headers = headers(values);
    let mut out = CsvRows::new(out);
    let names: Vec<&str> = headers.iter().map(String::as_str).collect();
    out.header(&names)?;
    for v in values {
        let row = cells(v, &headers);
        let texts: Vec<Option<String>> = row
            .iter()
            .map(|c| match c {
                Value::Null | Value::Number(_) | Value::Bool(_) => None,
                Value::String(s) => Some(s.clone()),
                other => Some(other.to_string()),
            })
            .collect();
        let cells: Vec<Cell<'_>> = row
            .iter()
            .zip(&texts)
            .map(|(c, t)| match (c, t) {
                (Value::Number(n), _) => match n.as_i64() {
                    Some(i) => Cell::Int(i),
                    None => Cell::Text(""),
                },
                (_, Some(t)) => Cell::Text(t),
                _ => Cell::Empty,
            })
            .collect();
        out.row(&cells)?;
    }
    out.finish()
}

/// csv's own buffer (as for exports): a terminal's stdout is line-buffered, so this is what
/// batches the syscalls.
const CSV_BUFFER_BYTES: usize = 256 * 1024;

/// CSV written to a caller's writer in the dialect of every export (`csvio::write::CsvOut`):
/// LF line ends, typed cells, text made inert for spreadsheets — the same bytes, and the same
/// errors (a closed pipe stays recognisable by its `io::Error`).
///
/// Why not `CsvOut` itself: it writes to stdout or to a file it opens, and rendering must not
/// pick its output. Should `CsvOut` learn to write to any `Write`, this goes.
pub(crate) struct CsvRows<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
    /// Scratch for formatting integers without allocating per cell.
    int_buf: String,
}

impl<'a> CsvRows<'a> {
    pub(crate) fn new(out: &'a mut dyn Write) -> CsvRows<'a> {
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(CSV_BUFFER_BYTES)
            .flexible(false)
            .from_writer(out);
        CsvRows {
            writer,
            int_buf: String::new(),
        }
    }

    /// The header row; names are written as given (they come from the program, not the data).
    pub(crate) fn header(&mut self, names: &[&str]) -> Result<()> {
        self.writer.write_record(names).map_err(csv_error)
    }

    /// One data row; must have as many cells as the header.
    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        for cell in cells {
            let result = match cell {
                Cell::Text(t) => self.writer.write_field(inert(t).as_bytes()),
                Cell::Int(n) | Cell::OptInt(Some(n)) => {
                    use std::fmt::Write as _;
                    self.int_buf.clear();
                    let _ = write!(self.int_buf, "{n}");
                    self.writer.write_field(self.int_buf.as_bytes())
                }
                Cell::OptInt(None) | Cell::Empty => self.writer.write_field(b""),
            };
            result.map_err(csv_error)?;
        }
        self.writer.write_record(None::<&[u8]>).map_err(csv_error)
    }

    /// Flushes csv's buffer and the writer under it.
    pub(crate) fn finish(self) -> Result<()> {
        let out = self
            .writer
            .into_inner()
            .map_err(|e| write_error(e.into_error()))?;
        out.flush().map_err(write_error)
    }
}

/// Keeps the `io::Error` in the chain so a closed pipe can be recognised by its kind.
fn csv_error(err: csv::Error) -> anyhow::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io_err) => write_error(io_err),
        // csv fails without I/O only on a row of the wrong length: a bug in the caller.
        other => anyhow::anyhow!("writing stdout: {other:?}"),
    }
}

/// The words of `CsvOut`'s errors on stdout, which is what every command passes here.
fn write_error(err: std::io::Error) -> anyhow::Error {
    let msg = match err.kind() {
        std::io::ErrorKind::BrokenPipe => "output closed",
        _ => "writing stdout",
    };
    anyhow::Error::new(err).context(msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csvio::write::CsvOut;

    /// `CsvRows` writes the bytes `CsvOut` writes for the same rows (inert text, typed cells).
    #[test]
    fn csv_rows_match_the_export_writer() {
        let rows: [&[Cell<'_>]; 3] = [
            &[Cell::Text("=1+1"), Cell::Int(-5), Cell::Empty],
            &[
                Cell::Text("a,\"b\"\nc"),
                Cell::OptInt(None),
                Cell::OptInt(Some(7)),
            ],
            &[Cell::Text("连衣裙"), Cell::Int(0), Cell::Text("")],
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut file = CsvOut::create(Some(&path), false).unwrap();
        file.header(&["a", "b", "c"]).unwrap();
        let mut buf = Vec::new();
        let mut mine = CsvRows::new(&mut buf);
        mine.header(&["a", "b", "c"]).unwrap();
        for row in rows {
            file.row(row).unwrap();
            mine.row(row).unwrap();
        }
        file.finish().unwrap();
        mine.finish().unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            std::fs::read_to_string(&path).unwrap()
        );
    }
}
