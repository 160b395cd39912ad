//! Reading the typed values of one CSV row, pushing a `file:line: column: value: problem`
//! for every bad cell, so each import validates its rows the same way.

use chrono::{DateTime, Utc};

use super::read::{CsvInput, Row};
use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::problem::{Problem, Problems};
use crate::domain::values;
use crate::domain::values::{Cents, Qty};

pub struct Cells<'a> {
    pub row: &'a Row,
    input: &'a CsvInput,
    problems: &'a mut Problems,
    ok: bool,
}

impl<'a> Cells<'a> {
    pub fn new(row: &'a Row, input: &'a CsvInput, problems: &'a mut Problems) -> Self {
        Cells {
            row,
            input,
            problems,
            ok: true,
        }
    }

    /// True when every cell read so far was valid.
    pub fn ok(&self) -> bool {
        self.ok
    }

    pub fn raw(&self, i: usize) -> &'a str {
        self.row.values.get(i).map(String::as_str).unwrap_or("")
    }

    /// Records a problem with cell `i`.
    pub fn fail(&mut self, i: usize, message: impl Into<String>) {
        self.ok = false;
        let value = self.raw(i);
        self.problems.push(Problem::new(
            self.row.line,
            self.input.column_name(i),
            value,
            message,
        ));
    }

    /// A required cell: empty is a problem.
    fn required(&mut self, i: usize) -> Option<&'a str> {
        let v = self.raw(i);
        if v.is_empty() {
            self.fail(i, crate::tr!("csv-cell-required"));
            return None;
        }
        Some(v)
    }

    fn optional(&self, i: usize) -> Option<&'a str> {
        Some(self.raw(i)).filter(|v| !v.is_empty())
    }

    /// Applies `parse` to a non-empty cell, recording its error.
    fn parsed<T>(
        &mut self,
        i: usize,
        v: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse(v?) {
            Ok(x) => Some(x),
            Err(msg) => {
                self.fail(i, msg);
                None
            }
        }
    }

    pub fn sku(&mut self, i: usize) -> Option<Sku> {
        let v = self.required(i);
        self.parsed(i, v, Sku::parse)
    }

    pub fn opt_sku(&mut self, i: usize) -> Option<Sku> {
        let v = self.optional(i);
        self.parsed(i, v, Sku::parse)
    }

    pub fn warehouse(&mut self, i: usize) -> Option<WarehouseCode> {
        let v = self.required(i);
        self.parsed(i, v, WarehouseCode::parse)
    }

    pub fn opt_warehouse(&mut self, i: usize) -> Option<WarehouseCode> {
        let v = self.optional(i);
        self.parsed(i, v, WarehouseCode::parse)
    }

    pub fn qty(&mut self, i: usize) -> Option<Qty> {
        let v = self.required(i);
        self.parsed(i, v, Qty::parse)
    }

    pub fn opt_qty(&mut self, i: usize) -> Option<Qty> {
        let v = self.optional(i);
        self.parsed(i, v, Qty::parse)
    }

    pub fn opt_cents(&mut self, i: usize) -> Option<Cents> {
        let v = self.optional(i);
        self.parsed(i, v, Cents::parse)
    }

    pub fn text(&mut self, i: usize) -> Option<String> {
        self.optional(i).map(str::to_string)
    }

    pub fn int(&mut self, i: usize, min: i64) -> Option<i64> {
        let v = self.required(i);
        self.parsed(i, v, |v| values::parse_int(v, min))
    }

    pub fn opt_int(&mut self, i: usize, min: i64) -> Option<i64> {
        let v = self.optional(i);
        self.parsed(i, v, |v| values::parse_int(v, min))
    }

    pub fn opt_decimal(&mut self, i: usize, decimals: u32) -> Option<i64> {
        let v = self.optional(i);
        self.parsed(i, v, |v| values::parse_decimal(v, decimals))
    }

    pub fn time(&mut self, i: usize, tz: &crate::domain::zone::Zone) -> Option<DateTime<Utc>> {
        let v = self.required(i);
        self.parsed(i, v, |v| values::parse_time(v, tz))
    }

    pub fn opt_time(&mut self, i: usize, tz: &crate::domain::zone::Zone) -> Option<DateTime<Utc>> {
        let v = self.optional(i);
        self.parsed(i, v, |v| values::parse_time(v, tz))
    }

    pub fn with<T>(
        &mut self,
        i: usize,
        required: bool,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let v = if required {
            self.required(i)
        } else {
            self.optional(i)
        };
        self.parsed(i, v, parse)
    }
}
