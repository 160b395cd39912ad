//! The one CSV reader every import uses: encoding detection, header aliases, and rows with
//! physical line numbers, streamed so a 1 GiB file reads in bounded memory.
//!
//! [`CsvInput::open`] makes a first pass over the raw bytes (hash, encoding, BOM, `sep=`; see
//! `detect.rs`) and maps the header; header-level trouble is an `InputError` right there.
//! [`CsvInput::next_row`] then hands out good rows one by one and pushes every row-level
//! problem to the caller's [`Problems`], so one run lists all bad lines, not just the first.
//!
//! Line numbers are physical and 1-based (header = 1, a multi-line record reports the line it
//! starts on). The `csv` crate skips empty lines silently and its position can point at such a
//! skipped line, so the start line is worked out backwards from the end of each record: see
//! [`CsvInput::read_record`].

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use anyhow::Context as _;

use super::detect;
pub use super::detect::Encoding;
use super::text::{count_newlines, header_key, is_space, normalize_into};
use crate::domain::problem::{Problem, Problems, escape, is_unprintable, list};

/// csv's read buffer: large reads, few syscalls.
const BUFFER_BYTES: usize = 256 * 1024;
/// A record longer than this is taken for an unterminated quote; reading stops there so that a
/// stray `"` cannot make the reader hold the rest of a huge file in memory.
const MAX_RECORD_BYTES: u64 = 1 << 20;
/// How many normalised values [`CsvInput::notes`] lists one by one.
const MAX_CHANGE_NOTES: usize = 20;

/// Choices the operator can force instead of detection.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
}

/// A column an import understands: its canonical name, other accepted header names, and
/// whether the file must have it.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// One good data row: values in the order of the import's fields, trimmed and folded; `""`
/// for an empty cell or a column the file does not have.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// Physical line the record starts on.
    pub line: u64,
    pub values: Vec<String>,
}

impl Row {
    /// The value of field `field` (`""` when out of range).
    pub fn get(&self, field: usize) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }
}

/// An open CSV input positioned after its header.
pub struct CsvInput {
    name: String,
    sha256: String,
    encoding: Encoding,
    fields: &'static [Field],
    reader: csv::Reader<Tracked<Box<dyn Read>>>,
    record: csv::ByteRecord,
    /// Physical lines before the CSV proper (the `sep=` line).
    line_offset: u64,
    /// Physical line just after the last record read.
    next_line: u64,
    /// Fields per record, as in the header.
    width: usize,
    delimiter: u8,
    /// For each field, the file column holding it.
    columns: Vec<Option<usize>>,
    /// For each field, the header text as the file wrote it (escaped), or the field name.
    column_names: Vec<String>,
    header_notes: Vec<String>,
    blank_lines: u64,
    changes: Changes,
    done: bool,
}

impl CsvInput {
    /// Opens `path`, detects the encoding and maps the header onto `fields`.
    ///
    /// Header-level problems (empty file, UTF-16, bad bytes, missing or doubled columns) are an
    /// `InputError` (exit 4); a file that cannot be read is a plain error naming the path.
    pub fn open(
        path: &Path,
        fields: &'static [Field],
        opts: &ReadOptions,
    ) -> anyhow::Result<CsvInput> {
        let name = path.display().to_string();
        let mut file = open_file(path, &name)?;
        let scan = detect::scan(&mut file, &name, opts.encoding)?;
        file.seek(SeekFrom::Start(scan.prefix_len))
            .with_context(|| crate::tr!("csv-reading", name = &name))?;
        let delimiter = opts.delimiter.or(scan.sep).unwrap_or(b',');
        let line_offset = u64::from(scan.sep.is_some());
        let mut input = CsvInput {
            name,
            sha256: scan.sha256,
            encoding: scan.encoding,
            fields,
            reader: csv_reader(decoded(file, scan.encoding), delimiter),
            record: csv::ByteRecord::new(),
            line_offset,
            next_line: line_offset + 1,
            width: 0,
            delimiter,
            columns: vec![None; fields.len()],
            column_names: fields.iter().map(|f| f.name.to_string()).collect(),
            header_notes: Vec::new(),
            blank_lines: 0,
            changes: Changes::default(),
            done: false,
        };
        if scan.detected_gbk {
            input.header_notes.push(crate::tr!("csv-note-gbk"));
        }
        if let Some(sep) = scan.sep {
            input.header_notes.push(crate::tr!(
                "csv-note-sep-line",
                sep = &escape(&char::from(sep).to_string())
            ));
        }
        let mut problems = Problems::new(&input.name);
        input.read_header(&mut problems)?;
        problems.into_result()?;
        Ok(input)
    }

    /// The next good data row, or `None` at the end. A bad row's problems go to `problems`
    /// and the row is skipped; blank lines are skipped and counted. `Err` only for I/O.
    pub fn next_row(&mut self, problems: &mut Problems) -> anyhow::Result<Option<Row>> {
        let mut row = Row::default();
        Ok(self.read_into(&mut row, problems)?.then_some(row))
    }

    /// Like [`next_row`](CsvInput::next_row) but refills `row`, reusing its strings: the
    /// loop to use for million-row files. Returns `false` at the end.
    pub fn read_into(&mut self, row: &mut Row, problems: &mut Problems) -> anyhow::Result<bool> {
        // Ctrl-C while a big file is read: stop here and let the caller return.
        crate::signals::check()?;
        while let Some(line) = self.read_record(problems)? {
            if self.is_blank() {
                self.blank_lines += 1;
            } else if self.record.len() != self.width {
                let msg = field_count_message(self.width, self.record.len(), self.delimiter);
                problems.push(Problem::new(line, "", "", msg));
            } else if self.fill_row(line, row, problems) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// What the operator should be told on stderr: encoding, skipped lines, ignored columns,
    /// normalised values (the first few, then a count).
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self.header_notes.clone();
        if self.blank_lines > 0 {
            notes.push(crate::tr!("csv-note-blank-lines", count = self.blank_lines));
        }
        notes.extend(self.changes.kept.iter().cloned());
        let more = self.changes.total - self.changes.kept.len() as u64;
        if more > 0 {
            notes.push(crate::tr!("csv-note-more-changes", count = more));
        }
        notes
    }

    /// SHA-256 of the file's raw bytes, lowercase hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The path as given, for messages.
    pub fn display_name(&self) -> &str {
        &self.name
    }

    /// The encoding the file is being read in.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The header text of field `field` as the file wrote it (escaped for the terminal), or
    /// the field's name when the file has no such column. For `Problem::new`.
    pub fn column_name(&self, field: usize) -> &str {
        &self.column_names[field]
    }

    /// Whether the file has a column for field `field` (an absent optional column reads as
    /// `""`, which callers may want to tell apart from an empty cell).
    pub fn has_column(&self, field: usize) -> bool {
        self.columns[field].is_some()
    }
}

/// Reading records: line arithmetic, blank lines, the header.
impl CsvInput {
    /// Reads the next record into `self.record` and returns its physical start line.
    ///
    /// csv's own position can point at a skipped empty line, so the start is computed from
    /// the end: csv's line counter after the record, minus the newlines inside its values,
    /// minus one for its line end unless the record ended at the end of the file.
    fn read_record(&mut self, problems: &mut Problems) -> anyhow::Result<Option<u64>> {
        if self.done {
            return Ok(None);
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                let end = self.reader.position().line() + self.line_offset;
                self.blank_lines += end.saturating_sub(self.next_line);
                self.done = true;
                return Ok(None);
            }
            Err(e) => return self.read_failed(e, problems),
        }
        let position = self.reader.position();
        let tracked = self.reader.get_ref();
        let ended_by_eof = tracked.eof && position.byte() == tracked.total;
        let after = position.line() + self.line_offset;
        let embedded = count_newlines(self.record.as_slice());
        let start = after
            .saturating_sub(embedded + u64::from(!ended_by_eof))
            .max(1);
        self.blank_lines += start.saturating_sub(self.next_line);
        self.next_line = start + embedded + 1;
        let last_content = tracked.last_content;
        self.reader.get_mut().since_mark = 0;
        if ended_by_eof && last_content != b'"' && self.last_field_has_newline() {
            problems.push(Problem::new(
                start,
                "",
                "",
                crate::tr!("csv-unterminated-quote", line = start),
            ));
            self.done = true;
            return Ok(None);
        }
        Ok(Some(start))
    }

    /// A quote that is never closed swallows everything up to the end of the file into the
    /// record's last value, which therefore spans lines.
    fn last_field_has_newline(&self) -> bool {
        let n = self.record.len();
        n > 0 && self.record[n - 1].contains(&b'\n')
    }

    fn read_failed(
        &mut self,
        err: csv::Error,
        problems: &mut Problems,
    ) -> anyhow::Result<Option<u64>> {
        self.done = true;
        if self.reader.get_ref().tripped {
            let line = self.next_line;
            problems.push(Problem::new(
                line,
                "",
                "",
                crate::tr!("csv-record-too-long", line = line),
            ));
            return Ok(None);
        }
        Err(anyhow::Error::new(err).context(crate::tr!("csv-reading", name = &self.name)))
    }

    /// A whitespace-only line (one blank field) or a row of nothing but empty cells with the
    /// header's width (`,` under a two-column header, which Excel writes for rows that once
    /// had formatting): nothing in it to act on, so it is skipped and counted. Empty cells in
    /// any other number (`,,` under two columns) are a field-count problem instead, because
    /// they show the file is not shaped the way the header says.
    fn is_blank(&self) -> bool {
        let n = self.record.len();
        (n == 1 || n == self.width) && self.record.iter().all(is_blank_cell)
    }

    fn read_header(&mut self, problems: &mut Problems) -> anyhow::Result<()> {
        let line = loop {
            match self.read_record(problems)? {
                None => {
                    if problems.is_empty() {
                        problems.push(Problem::new(0, "", "", crate::tr!("csv-empty-file")));
                    }
                    return Ok(());
                }
                Some(_) if self.is_blank() => self.blank_lines += 1,
                Some(line) => break line,
            }
        };
        self.width = self.record.len();
        let cells: Vec<String> = (0..self.width)
            .map(|i| String::from_utf8_lossy(field_bytes(&self.record, i)).into_owned())
            .collect();
        let map = map_header(&cells, self.fields, line, self.delimiter, problems);
        self.columns = map.columns;
        for (fi, name) in map.names.into_iter().enumerate() {
            if let Some(name) = name {
                self.column_names[fi] = name;
            }
        }
        self.header_notes.extend(map.notes);
        Ok(())
    }

    /// Copies the mapped values of `self.record` into `row`; false when any was bad.
    fn fill_row(&mut self, line: u64, row: &mut Row, problems: &mut Problems) -> bool {
        row.line = line;
        row.values.resize_with(self.fields.len(), String::new);
        let mut ok = true;
        for (fi, value) in row.values.iter_mut().enumerate() {
            value.clear();
            let Some(col) = self.columns[fi] else {
                continue;
            };
            let raw = field_bytes(&self.record, col);
            match check_value(raw, value) {
                Ok(false) => {}
                Ok(true) => self.changes.note(line, &self.column_names[fi], raw, value),
                Err(msg) => {
                    let shown = String::from_utf8_lossy(raw);
                    problems.push(Problem::new(line, &self.column_names[fi], &shown, msg));
                    ok = false;
                }
            }
        }
        ok
    }
}

/// The file as UTF-8 bytes: as is, or through the GB18030 decoder (the first pass made sure
/// it decodes without a single replacement).
fn decoded(file: File, encoding: Encoding) -> Box<dyn Read> {
    match encoding {
        Encoding::Utf8 => Box::new(file),
        Encoding::Gbk => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding_rs::GB18030))
                .bom_sniffing(false)
                .build(file),
        ),
    }
}

fn csv_reader(source: Box<dyn Read>, delimiter: u8) -> csv::Reader<Tracked<Box<dyn Read>>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        // Field counts are checked here, so that every bad line is reported, not the first.
        .flexible(true)
        .delimiter(delimiter)
        // '\n' only, so every record consumes its own line end (a CR stays on the last field
        // and is dropped there); that keeps the line arithmetic of `read_record` exact.
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(BUFFER_BYTES)
        .from_reader(Tracked::new(source))
}

fn field_count_message(width: usize, found: usize, delimiter: u8) -> String {
    let fix = if found > width {
        crate::tr!("csv-fix-quote", delimiter = &char::from(delimiter))
    } else {
        crate::tr!("csv-fix-missing-cells")
    };
    crate::tr!("csv-field-count", width = width, found = found, fix = &fix)
}

/// Field `i` of a record, without the CR that a CRLF line end leaves on the last field.
fn field_bytes(record: &csv::ByteRecord, i: usize) -> &[u8] {
    let raw = &record[i];
    if i + 1 == record.len() {
        raw.strip_suffix(b"\r").unwrap_or(raw)
    } else {
        raw
    }
}

fn is_blank_cell(cell: &[u8]) -> bool {
    match std::str::from_utf8(cell) {
        Ok(s) => s.chars().all(is_space),
        Err(_) => false,
    }
}

/// Checks one raw value and writes it trimmed and folded into `out`. `Ok(true)` when the
/// value was changed (to be reported), `Err` with the message when it is unusable.
fn check_value(raw: &[u8], out: &mut String) -> Result<bool, String> {
    out.clear();
    // The usual cell: printable ASCII, nothing to fold, trim or refuse.
    if raw.iter().all(u8::is_ascii_graphic)
        && let Ok(s) = std::str::from_utf8(raw)
    {
        out.push_str(s);
        return Ok(false);
    }
    let s = std::str::from_utf8(raw)
        .map_err(|e| crate::tr!("csv-value-not-text", offset = e.valid_up_to()))?;
    if s.contains(['\n', '\r']) {
        return Err(crate::tr!("csv-value-newline"));
    }
    let changed = normalize_into(s, out);
    if out.contains('\0') {
        return Err(crate::tr!("csv-value-nul"));
    }
    if let Some(c) = out.chars().find(|&c| is_unprintable(c)) {
        return Err(crate::tr!(
            "csv-value-control",
            char = &escape(&c.to_string())
        ));
    }
    Ok(changed)
}

/// The result of matching a header against an import's fields.
#[derive(Debug, Default)]
struct HeaderMap {
    columns: Vec<Option<usize>>,
    /// Header text (escaped) of each matched field.
    names: Vec<Option<String>>,
    notes: Vec<String>,
}

/// Matches header cells to fields by name or alias (trimmed, width-folded, case-insensitive);
/// pushes missing and doubled columns to `problems`, notes the ignored ones.
fn map_header(
    cells: &[String],
    fields: &[Field],
    line: u64,
    delimiter: u8,
    problems: &mut Problems,
) -> HeaderMap {
    let mut map = HeaderMap {
        columns: vec![None; fields.len()],
        names: vec![None; fields.len()],
        notes: Vec::new(),
    };
    let mut ignored = 0;
    for (col, cell) in cells.iter().enumerate() {
        let shown = escape(cell.trim_matches(is_space));
        let key = header_key(cell);
        let Some(fi) = fields.iter().position(|f| field_matches(f, &key)) else {
            // A header of 100,000 columns must not print 100,000 notes: the first few, then
            // a count (added below).
            ignored += 1;
            if ignored > MAX_CHANGE_NOTES {
                continue;
            }
            map.notes.push(if shown.is_empty() {
                crate::tr!("csv-note-ignored-unnamed", column = col + 1)
            } else {
                crate::tr!("csv-note-ignored", column = col + 1, name = &shown)
            });
            continue;
        };
        if let Some(first) = map.columns[fi] {
            problems.push(Problem::new(
                line,
                "",
                "",
                crate::tr!(
                    "csv-column-twice",
                    first = first + 1,
                    second = col + 1,
                    field = fields[fi].name
                ),
            ));
            continue;
        }
        map.columns[fi] = Some(col);
        map.names[fi] = Some(shown);
    }
    if ignored > MAX_CHANGE_NOTES {
        map.notes.push(crate::tr!(
            "csv-note-more-ignored",
            count = ignored - MAX_CHANGE_NOTES
        ));
    }
    let missing: Vec<&Field> = (fields.iter().zip(&map.columns))
        .filter(|(f, col)| f.required && col.is_none())
        .map(|(f, _)| f)
        .collect();
    let hint = header_hint(cells, delimiter);
    if !missing.is_empty() && !hint.is_empty() {
        // One message for the whole header: listing each column would bury the real cause.
        let names: Vec<&str> = missing.iter().map(|f| f.name).collect();
        let msg = crate::tr!(
            "csv-missing-columns-hint",
            names = &list(&names),
            hint = &hint
        );
        problems.push(Problem::new(line, "", "", msg));
    } else {
        for field in missing {
            let msg = missing_column_message(field, cells);
            problems.push(Problem::new(line, "", "", msg));
        }
    }
    map
}

fn field_matches(field: &Field, key: &str) -> bool {
    header_key(field.name) == key || field.aliases.iter().any(|a| header_key(a) == key)
}

fn missing_column_message(field: &Field, cells: &[String]) -> String {
    let accepted: Vec<&str> = std::iter::once(field.name)
        .chain(field.aliases.iter().copied())
        .collect();
    let found: Vec<String> = cells
        .iter()
        .map(|c| format!("\"{}\"", escape(c.trim_matches(is_space))))
        .collect();
    crate::tr!(
        "csv-missing-column",
        field = field.name,
        accepted = &list(&accepted),
        found = &list(&found)
    )
}

/// What the file looks like instead when the header did not match: UTF-16 without a BOM
/// (NUL bytes everywhere), or another delimiter (the whole header landed in one column).
fn header_hint(cells: &[String], delimiter: u8) -> String {
    if cells.iter().any(|c| c.contains('\0')) {
        return crate::tr!("csv-header-nul");
    }
    let [only] = cells else {
        return String::new();
    };
    let shown = escape(only.trim_matches(is_space));
    let looks = [
        (';', "semicolon"),
        ('\t', "tab"),
        ('|', "pipe"),
        (',', "comma"),
    ];
    for (c, what) in looks {
        if c as u32 != u32::from(delimiter) && only.contains(c) {
            let flag = if c == '\t' {
                "\\t".to_string()
            } else {
                c.to_string()
            };
            return crate::tr!(
                "csv-header-delimiter",
                header = &shown,
                looks = what,
                flag = &flag
            );
        }
    }
    String::new()
}

/// The first [`MAX_CHANGE_NOTES`] normalised values, and how many there were.
#[derive(Debug, Default)]
struct Changes {
    kept: Vec<String>,
    total: u64,
}

impl Changes {
    fn note(&mut self, line: u64, column: &str, raw: &[u8], value: &str) {
        self.total += 1;
        if self.kept.len() < MAX_CHANGE_NOTES {
            let before = show_spaces(&escape(&String::from_utf8_lossy(raw)));
            self.kept.push(crate::tr!(
                "csv-note-changed",
                line = line,
                column = column,
                before = &before,
                after = &escape(value)
            ));
        }
    }
}

/// Makes the wide spaces that were trimmed or folded visible in a note.
fn show_spaces(text: &str) -> String {
    text.replace('\u{3000}', "\\u{3000}")
        .replace('\u{a0}', "\\u{a0}")
}

/// Opens the file with messages that name it and say what to do.
fn open_file(path: &Path, name: &str) -> anyhow::Result<File> {
    if path.is_dir() {
        anyhow::bail!(crate::tr!("csv-input-is-directory", name = name));
    }
    File::open(path).map_err(|e| {
        let msg = match e.kind() {
            io::ErrorKind::NotFound => crate::tr!("csv-no-such-file", name = name),
            io::ErrorKind::PermissionDenied => crate::tr!("csv-permission-denied", name = name),
            _ => crate::tr!("csv-cannot-open", name = name),
        };
        anyhow::Error::new(e).context(msg)
    })
}

/// The reader's input, watched: where the end is, the last byte that was not a line end, and
/// how many bytes the current record has taken (to stop a runaway quote).
struct Tracked<R> {
    inner: R,
    total: u64,
    since_mark: u64,
    eof: bool,
    tripped: bool,
    last_content: u8,
}

impl<R> Tracked<R> {
    fn new(inner: R) -> Self {
        Tracked {
            inner,
            total: 0,
            since_mark: 0,
            eof: false,
            tripped: false,
            last_content: 0,
        }
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // csv reads ahead at most one buffer, so the record itself passed MAX_RECORD_BYTES.
        if self.since_mark > MAX_RECORD_BYTES + BUFFER_BYTES as u64 {
            self.tripped = true;
            return Err(io::Error::other("record too long"));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.eof = true;
        } else {
            self.total += n as u64;
            self.since_mark += n as u64;
            if let Some(&b) = buf[..n].iter().rev().find(|&&b| b != b'\n' && b != b'\r') {
                self.last_content = b;
            }
        }
        Ok(n)
    }
}
