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

use crate::csvio::write::{Cell, CsvOut};
use crate::domain::problem::escape;

/// `--format`
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

impl Format {
    /// The language sentences in the output are worded in: the operator's in a table, English
    /// in JSON and CSV (byte-identical in every language: scripts parse them).
    pub fn words(self) -> crate::i18n::Lang {
        match self {
            Format::Table => crate::i18n::lang(),
            Format::Json | Format::Csv => crate::i18n::Lang::En,
        }
    }
}

/// Writes `rows` to `out` in `format`. JSON is one array of objects (stable keys).
pub fn print_list<T: Serialize>(out: &mut dyn Write, format: Format, rows: &[T]) -> Result<()> {
    let values: Vec<Value> = crate::i18n::in_lang(format.words(), || {
        rows.iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()
    })?;
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &values)?;
            writeln!(out)?;
        }
        Format::Csv => write_csv(out, &values)?,
        Format::Table => {
            if values.is_empty() {
                writeln!(out, "{}", crate::tr!("table-none"))?;
            } else {
                writeln!(out, "{}", table(&values))?;
            }
        }
    }
    Ok(())
}

/// Writes one object to `out`: JSON as is; table and CSV as a two-column key/value list.
pub fn print_object<T: Serialize>(out: &mut dyn Write, format: Format, value: &T) -> Result<()> {
    let v = crate::i18n::in_lang(format.words(), || serde_json::to_value(value))?;
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    let rows: Vec<Value> = match &v {
        Value::Object(map) => map
            .iter()
            .map(|(k, x)| {
                // A table's field names are the keys in English, their names in Chinese.
                let k = match (format, crate::i18n::lang()) {
                    (Format::Table, crate::i18n::Lang::Zh) => crate::i18n::column_name(k),
                    _ => k.clone(),
                };
                serde_json::json!({"field": k, "value": cell_text(x)})
            })
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
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(cell_text).collect();
            crate::domain::problem::list(&items)
        }
        // A yes/no in the operator's words (JSON keeps true/false).
        Value::Bool(b) => crate::i18n::value_name("bool", &b.to_string()),
        other => escape(&other.to_string()),
    }
}

fn table(values: &[Value]) -> Table {
    let headers = headers(values);
    let mut t = Table::new();
    t.load_preset(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().map(|h| crate::i18n::column_name(h)));
    for v in values {
        let row = cells(v, &headers);
        t.add_row(
            row.iter()
                .zip(&headers)
                .map(|(cell, column)| crate::i18n::value_name(column, &cell_text(cell))),
        );
    }
    t
}

fn write_csv(out: &mut dyn Write, values: &[Value]) -> Result<()> {
    let headers = headers(values);
    let mut out = CsvOut::to_writer(out, false)?;
    let names: Vec<&str> = headers.iter().map(String::as_str).collect();
    out.header(&names)?;
    for v in values {
        let row = cells(v, &headers);
        let texts: Vec<Option<String>> = row
            .iter()
            .map(|c| match c {
                Value::Null | Value::Number(_) | Value::Bool(_) => None,
                Value::String(s) => Some(s.clone()),
                // A list in one cell, as a spreadsheet reader expects it (not JSON).
                Value::Array(items) => Some(
                    items
                        .iter()
                        .map(|i| match i {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
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
