//! The CSV writer behind every export: RFC 4180, UTF-8, optional BOM, LF line ends.
//!
//! Cells are typed so that only text is made inert (OWASP CSV injection, CWE-1236): a SKU
//! `=HYPERLINK(…)` is written `'=HYPERLINK(…)`, while a stock of `-5` stays `-5` because it is
//! an [`Cell::Int`]. Lines end in LF rather than RFC 4180's CRLF: Excel and LibreOffice read
//! both, and LF keeps `diff`, `grep` and `sqlite3 .import` output clean.
//!
//! Output goes to a writer the caller passes (the command passes stdout), or to a file
//! through [`AtomicFile`] so that an export that fails half-way never replaces the previous
//! file.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::atomic::{AtomicFile, Doing};

/// csv's own buffer; a terminal's stdout is line-buffered, so this is what batches the
/// syscalls.
const BUFFER_BYTES: usize = 256 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// One cell of an export row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Free text; made inert when a spreadsheet would take it for a formula.
    Text(&'a str),
    Int(i64),
    /// `None` is written as an empty cell.
    OptInt(Option<i64>),
    Empty,
}

/// Where the bytes go.
enum Sink<'w> {
    Writer(&'w mut dyn Write),
    File(AtomicFile),
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Writer(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Writer(w) => w.write_all(buf),
            Sink::File(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Writer(w) => w.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// An export being written. Call [`finish`](CsvOut::finish): dropping it without that leaves
/// the target file as it was (what went to a writer already stays written).
pub struct CsvOut<'w> {
    writer: csv::Writer<Sink<'w>>,
    /// For messages; `None` for a writer (the command's stdout).
    path: Option<PathBuf>,
    /// Scratch for formatting integers without allocating per cell.
    int_buf: String,
    /// Rows written, to look for a signal every [`SIGNAL_EVERY`] rows.
    rows: u64,
    /// `export --headers zh`: the header row in Chinese (see [`zh_header`]).
    zh_headers: bool,
}

/// A column's Chinese name: the one the import templates accept (`商品编码`, `仓库编码`, `库存`
/// …), else its table header from `locales/zh-CN/columns.ftl`, else the name itself (a
/// warehouse code heading a column of `export skus` stays a code).
pub fn zh_header(name: &str) -> String {
    if let Some(alias) = super::templates::zh_alias(name) {
        return alias.to_string();
    }
    crate::i18n::catalogue()
        .name_zh(&format!("col-{name}"), &[])
        .unwrap_or_else(|| name.to_string())
}

/// How often a long export looks whether Ctrl-C arrived (a few microseconds of rows).
const SIGNAL_EVERY: u64 = 1024;

impl<'w> CsvOut<'w> {
    /// Writes to `path`, atomically on [`finish`](CsvOut::finish). `bom` starts the file with
    /// a UTF-8 BOM so Excel shows Chinese text correctly.
    pub fn to_file(path: &Path, bom: bool) -> anyhow::Result<CsvOut<'w>> {
        CsvOut::new(Sink::File(AtomicFile::create(path)?), Some(path), bom)
    }

    /// Writes to `out` (the command passes its stdout).
    pub fn to_writer(out: &'w mut dyn Write, bom: bool) -> anyhow::Result<CsvOut<'w>> {
        CsvOut::new(Sink::Writer(out), None, bom)
    }

    fn new(mut sink: Sink<'w>, path: Option<&Path>, bom: bool) -> anyhow::Result<CsvOut<'w>> {
        let path = path.map(Path::to_path_buf);
        if bom {
            sink.write_all(UTF8_BOM)
                .map_err(|e| write_error(e, path.as_deref()))?;
        }
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(BUFFER_BYTES)
            .flexible(false)
            .from_writer(sink);
        Ok(CsvOut {
            writer,
            path,
            int_buf: String::new(),
            rows: 0,
            zh_headers: false,
        })
    }

    /// Writes the header row in Chinese (`export --headers zh`): the names the imports read
    /// back, so a sheet exported for a Chinese team loads again as it is.
    pub fn with_zh_headers(mut self) -> CsvOut<'w> {
        self.zh_headers = true;
        self
    }

    /// The header row; names are written as given (they come from the program, not the data).
    pub fn header(&mut self, names: &[&str]) -> anyhow::Result<()> {
        let zh: Vec<String>;
        let names: Vec<&str> = if self.zh_headers {
            zh = names.iter().map(|n| zh_header(n)).collect();
            zh.iter().map(String::as_str).collect()
        } else {
            names.to_vec()
        };
        self.writer
            .write_record(&names)
            .map_err(|e| csv_error(e, self.path.as_deref()))
    }

    /// One data row; must have as many cells as the header.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> anyhow::Result<()> {
        // Ctrl-C during an export: stop, and the unfinished temp file is removed on drop.
        self.rows += 1;
        if self.rows.is_multiple_of(SIGNAL_EVERY) {
            crate::signals::check()?;
        }
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
            result.map_err(|e| csv_error(e, self.path.as_deref()))?;
        }
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|e| csv_error(e, self.path.as_deref()))
    }

    /// Flushes everything but leaves a file under its temp name: the caller commits it once
    /// what it reports has happened (a report appears only after its change commits).
    /// `None` for a writer.
    pub fn finish_pending(self) -> anyhow::Result<Option<AtomicFile>> {
        let path = self.path;
        let sink = self
            .writer
            .into_inner()
            .map_err(|e| write_error(e.into_error(), path.as_deref()))?;
        match sink {
            Sink::Writer(w) => w.flush().map(|_| None).map_err(|e| write_error(e, None)),
            Sink::File(f) => Ok(Some(f)),
        }
    }

    /// Flushes everything; for a file, renames the finished temp file into place.
    pub fn finish(self) -> anyhow::Result<()> {
        let path = self.path;
        let sink = self
            .writer
            .into_inner()
            .map_err(|e| write_error(e.into_error(), path.as_deref()))?;
        match sink {
            Sink::Writer(w) => w.flush().map_err(|e| write_error(e, None)),
            Sink::File(f) => f.commit(),
        }
    }
}

/// Makes text safe to open in a spreadsheet: a leading `'` when it starts with `= + - @`, TAB
/// or CR, the characters that make Excel or LibreOffice evaluate a cell (OWASP).
pub fn inert(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Keeps the `io::Error` in the chain so a closed pipe can be recognised by its kind.
fn csv_error(err: csv::Error, path: Option<&Path>) -> anyhow::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io_err) => write_error(io_err, path),
        // csv fails without I/O only on a row of the wrong length: a bug in the caller.
        other => anyhow::anyhow!(crate::tr!(
            "csv-write-failed",
            doing = &writing(path),
            error = &format!("{other:?}")
        )),
    }
}

fn write_error(err: io::Error, path: Option<&Path>) -> anyhow::Error {
    let msg = match (err.kind(), path) {
        (io::ErrorKind::BrokenPipe, _) => crate::tr!("csv-output-closed"),
        (io::ErrorKind::StorageFull, Some(p)) => crate::tr!(
            "csv-io-no-space",
            doing = &Doing::Write.words(p),
            target = &p.display()
        ),
        _ => crate::tr!(
            "csv-writing",
            path = &path.map_or_else(|| "stdout".into(), |p| p.display().to_string())
        ),
    };
    anyhow::Error::new(err).context(msg)
}

/// `writing out.csv`, `writing stdout`.
fn writing(path: Option<&Path>) -> String {
    Doing::Write.words(path.unwrap_or(Path::new("stdout")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_prefixes_formula_starts_only() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(1;1)", "'@SUM(1;1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("SKU-001", "SKU-001"),
            ("连衣裙", "连衣裙"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (input, want) in cases {
            assert_eq!(inert(input), want, "{input:?}");
        }
    }

    fn write_to_file(bom: bool, rows: &[Vec<Cell<'_>>]) -> String {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out.csv");
        let mut out = CsvOut::to_file(&path, bom).unwrap();
        out.header(&["sku", "note", "stock", "priority"]).unwrap();
        for r in rows {
            out.row(r).unwrap();
        }
        out.finish().unwrap();
        std::fs::read_to_string(&path).unwrap()
    }

    #[test]
    fn writes_typed_cells_rfc4180_with_lf() {
        let text = write_to_file(
            false,
            &[
                vec![
                    Cell::Text("SKU001"),
                    Cell::Text("=cmd|' /C calc'!A0"),
                    Cell::Int(-5),
                    Cell::OptInt(None),
                ],
                vec![
                    Cell::Text("连衣裙-红-XL"),
                    Cell::Text("say \"hi\", twice\nok"),
                    Cell::OptInt(Some(7)),
                    Cell::Empty,
                ],
            ],
        );
        assert_eq!(
            text,
            "sku,note,stock,priority\n\
             SKU001,'=cmd|' /C calc'!A0,-5,\n\
             连衣裙-红-XL,\"say \"\"hi\"\", twice\nok\",7,\n"
        );
    }

    #[test]
    fn bom_comes_first() {
        let text = write_to_file(true, &[]);
        assert_eq!(text, "\u{feff}sku,note,stock,priority\n");
    }

    #[test]
    fn dropped_export_leaves_the_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        {
            let mut out = CsvOut::to_file(&path, false).unwrap();
            out.header(&["a"]).unwrap();
            out.row(&[Cell::Int(1)]).unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn broken_pipe_keeps_its_kind() {
        let err = write_error(io::Error::from(io::ErrorKind::BrokenPipe), None);
        let io = err.downcast_ref::<io::Error>().expect("io::Error in chain");
        assert_eq!(io.kind(), io::ErrorKind::BrokenPipe);
    }
}
