//! The first, streaming pass over an input file: SHA-256, encoding, BOM and `sep=` line.
//!
//! Deciding the encoding needs the whole file (one bad byte on the last line makes a file not
//! UTF-8), and the parser must not guess it half-way, so this pass reads the raw bytes once in
//! 1 MiB chunks, hashing and validating as it goes; memory stays bounded for any file size.
//! Only when the bytes are not UTF-8 does a second raw pass check GB18030, the encoding Excel
//! on a Chinese Windows writes. Bad bytes are reported with their line and byte offset and are
//! never replaced by U+FFFD: a replaced SKU could match nothing, or the wrong thing.

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::str::FromStr;

use anyhow::Context as _;
use sha2::{Digest, Sha256};

use super::text::count_newlines;
use crate::domain::problem::{InputError, MAX_LISTED};
use crate::domain::problem::{Problem, Problems};

/// Text encodings the reader accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GBK, read with the GB18030 decoder (a superset) as Excel on a Chinese Windows writes it.
    Gbk,
}

impl FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gbk" | "gb18030" | "gb2312" => Ok(Encoding::Gbk),
            _ => Err(crate::tr!("csv-unknown-encoding", encoding = s)),
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK",
        })
    }
}

const CHUNK: usize = 1 << 20;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the first pass found out.
#[derive(Debug)]
pub(crate) struct Scan {
    pub sha256: String,
    pub encoding: Encoding,
    /// True when the file was not UTF-8 but is valid GB18030 and nobody forced an encoding.
    pub detected_gbk: bool,
    /// Bytes before the CSV proper: a UTF-8 BOM and an Excel `sep=` line.
    pub prefix_len: u64,
    /// The delimiter named by a `sep=` line on line 1, if there is one.
    pub sep: Option<u8>,
}

/// Reads all of `file` once (twice for a non-UTF-8 file). Data problems come back as an
/// `InputError` (exit 4), I/O failures as plain errors.
pub(crate) fn scan(file: &mut File, name: &str, forced: Option<Encoding>) -> anyhow::Result<Scan> {
    let mut first = FirstPass::new(name, forced);
    first
        .run(file)
        .with_context(|| crate::tr!("csv-reading", name = name))?;
    let sha256 = first.hex_digest();
    let (prefix_len, sep) = (first.prefix_len, first.sep);
    if let Some(problem) = first.file_problem.take() {
        return Err(single(name, problem));
    }
    let utf8_ok = first.bad.is_empty();
    let (encoding, detected_gbk) = match forced {
        Some(Encoding::Utf8) => (Encoding::Utf8, false),
        Some(Encoding::Gbk) => (Encoding::Gbk, false),
        None if utf8_ok || first.has_bom => (Encoding::Utf8, false),
        None => (Encoding::Gbk, true),
    };
    if forced == Some(Encoding::Gbk) && utf8_ok && first.non_ascii {
        // Chinese text that reads as UTF-8 is UTF-8 (GBK text almost never does): read as GBK
        // it would be garbled — silently where the bytes happen to be valid GB18030, or with a
        // bad byte on every line. One sentence instead.
        return Err(single(
            name,
            Problem::new(0, "", "", crate::tr!("csv-utf8-not-gbk")),
        ));
    }
    match encoding {
        Encoding::Utf8 => first.bad.into_result()?,
        Encoding::Gbk => {
            let mut bad = BadBytes::new(name, "GBK", gbk_hint(forced.is_some()));
            let stop_early = !forced.is_some_and(|e| e == Encoding::Gbk);
            check_gb18030(file, &mut bad, stop_early)
                .with_context(|| crate::tr!("csv-reading", name = name))?;
            if !bad.is_empty() {
                // Neither encoding fits: the UTF-8 findings are the ones to show.
                let found = if stop_early { first.bad } else { bad };
                found.into_result()?;
            }
        }
    }
    Ok(Scan {
        sha256,
        encoding,
        detected_gbk,
        prefix_len,
        sep,
    })
}

fn single(name: &str, problem: Problem) -> anyhow::Error {
    let mut problems = Problems::new(name);
    problems.push(problem);
    match problems.into_result() {
        Err(e) => e.into(),
        Ok(()) => unreachable!("one problem was pushed"),
    }
}

fn gbk_hint(forced: bool) -> String {
    if forced {
        crate::tr!("csv-hint-not-gbk")
    } else {
        crate::tr!("csv-hint-neither")
    }
}

/// State of the hashing + UTF-8 pass.
struct FirstPass {
    hasher: Sha256,
    bad: BadBytes,
    lines: LineCursor,
    has_bom: bool,
    prefix_len: u64,
    sep: Option<u8>,
    saw_cr: bool,
    /// Bytes above 0x7F were seen (text beyond ASCII: where UTF-8 and GBK read differently).
    non_ascii: bool,
    /// A problem with the file as a whole (UTF-16, CR-only line ends).
    file_problem: Option<Problem>,
}

impl FirstPass {
    fn new(name: &str, forced: Option<Encoding>) -> Self {
        let hint = match forced {
            Some(Encoding::Utf8) => crate::tr!("csv-hint-not-utf8"),
            _ => crate::tr!("csv-hint-neither"),
        };
        FirstPass {
            hasher: Sha256::new(),
            bad: BadBytes::new(name, "UTF-8", hint),
            lines: LineCursor::default(),
            has_bom: false,
            prefix_len: 0,
            sep: None,
            saw_cr: false,
            non_ascii: false,
            file_problem: None,
        }
    }

    fn run(&mut self, file: &mut File) -> io::Result<()> {
        let mut buf = vec![0u8; CHUNK + 4];
        // Bytes of a UTF-8 sequence cut by the chunk boundary, moved to the front of `buf`.
        let mut carry = 0;
        let mut first = true;
        loop {
            let n = read_full(file, &mut buf[carry..CHUNK + carry])?;
            self.hasher.update(&buf[carry..carry + n]);
            let eof = n < CHUNK;
            if first {
                first = false;
                self.look_at_start(&buf[..n]);
                if self.file_problem.is_some() {
                    return Ok(());
                }
            }
            let data = &buf[..carry + n];
            if !self.non_ascii {
                self.non_ascii = !data.is_ascii();
            }
            if self.lines.line == 1 && !self.saw_cr {
                self.saw_cr = data.contains(&b'\r');
            }
            let keep = check_utf8(data, eof, &mut self.lines, &mut self.bad);
            let len = data.len();
            buf.copy_within(len - keep..len, 0);
            carry = keep;
            if eof {
                break;
            }
        }
        if self.lines.line == 1 && self.saw_cr {
            self.file_problem = Some(Problem::new(1, "", "", crate::tr!("csv-cr-only")));
        }
        Ok(())
    }

    /// UTF-16 (Excel's "Unicode Text"), the UTF-8 BOM and Excel's `sep=,` hint line.
    fn look_at_start(&mut self, start: &[u8]) {
        if start.starts_with(b"\xFF\xFE") || start.starts_with(b"\xFE\xFF") {
            self.file_problem = Some(Problem::new(1, "", "", crate::tr!("csv-utf16")));
            return;
        }
        let mut rest = start;
        if let Some(r) = start.strip_prefix(UTF8_BOM) {
            self.has_bom = true;
            self.prefix_len = UTF8_BOM.len() as u64;
            rest = r;
        }
        if let Some((sep, line_len)) = sep_line(rest) {
            self.sep = Some(sep);
            self.prefix_len += line_len as u64;
        }
    }

    fn hex_digest(&mut self) -> String {
        let digest = std::mem::take(&mut self.hasher).finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// `sep=;` followed by a line end (or the end of the file): the delimiter and the line's
/// length including its line end.
pub(crate) fn sep_line(start: &[u8]) -> Option<(u8, usize)> {
    if start.len() < 5 || !start[..4].eq_ignore_ascii_case(b"sep=") {
        return None;
    }
    let sep = start[4];
    if sep == b'\n' || sep == b'\r' {
        return None;
    }
    match &start[5..] {
        [] => Some((sep, 5)),
        [b'\n', ..] => Some((sep, 6)),
        [b'\r', b'\n', ..] => Some((sep, 7)),
        _ => None,
    }
}

/// Fills `buf` unless the file ends first; returns how many bytes were read.
fn read_full(src: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match src.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Tracks the physical line of a position while walking through chunks.
#[derive(Debug)]
struct LineCursor {
    /// 1-based line at `pos`.
    line: u64,
    /// Position in the current chunk up to which newlines are counted.
    pos: usize,
    /// File offset of the current chunk's first byte.
    base: u64,
}

impl Default for LineCursor {
    fn default() -> Self {
        LineCursor {
            line: 1,
            pos: 0,
            base: 0,
        }
    }
}

impl LineCursor {
    /// The line of byte `to` of `data` (which must not be before the last position asked).
    fn advance(&mut self, data: &[u8], to: usize) -> u64 {
        self.line += count_newlines(&data[self.pos..to]);
        self.pos = to;
        self.line
    }

    /// Moves on to the next chunk, which starts at byte `consumed` of the current one.
    fn next_chunk(&mut self, consumed: usize) {
        self.base += consumed as u64;
        self.pos = 0;
    }
}

/// Validates `data`, reporting each line with a bad byte once. Returns how many bytes at the
/// end are an incomplete sequence to be retried with the next chunk.
fn check_utf8(data: &[u8], eof: bool, lines: &mut LineCursor, bad: &mut BadBytes) -> usize {
    let mut pos = 0;
    let keep = loop {
        let err = match std::str::from_utf8(&data[pos..]) {
            Ok(_) => break 0,
            Err(e) => e,
        };
        let at = pos + err.valid_up_to();
        let len = match err.error_len() {
            Some(len) => len,
            None if !eof => break data.len() - at,
            None => data.len() - at,
        };
        let line = lines.advance(data, at);
        bad.report(line, lines.base + at as u64, &data[at..at + len]);
        pos = at + len;
    };
    let consumed = data.len() - keep;
    lines.advance(data, consumed);
    lines.next_chunk(consumed);
    keep
}

/// Checks that the whole file decodes as GB18030 without a single replacement.
fn check_gb18030(file: &mut File, bad: &mut BadBytes, stop_early: bool) -> io::Result<()> {
    use encoding_rs::DecoderResult;
    file.seek(SeekFrom::Start(0))?;
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; CHUNK];
    let mut out = vec![0u8; 64 * 1024];
    let mut lines = LineCursor::default();
    loop {
        let n = read_full(file, &mut buf)?;
        let eof = n < CHUNK;
        let data = &buf[..n];
        let mut pos = 0;
        loop {
            let (result, read, _) =
                decoder.decode_to_utf8_without_replacement(&data[pos..], &mut out, eof);
            pos += read;
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => continue,
                DecoderResult::Malformed(len, extra) => {
                    let end = pos - extra as usize;
                    let at = end.saturating_sub(len as usize);
                    let line = lines.advance(data, at.max(lines.pos));
                    bad.report(line, lines.base + at as u64, &data[at..end]);
                    if stop_early {
                        return Ok(());
                    }
                }
            }
        }
        lines.advance(data, n);
        lines.next_chunk(n);
        if eof {
            return Ok(());
        }
    }
}

/// Collects bad-byte problems, one per line. Builds the messages of the listed ones only: a
/// GBK file read as UTF-8 has a bad byte on nearly every line, and formatting a million
/// messages to throw them away cost more than the whole parse.
struct BadBytes {
    name: String,
    listed: Vec<Problem>,
    total: u64,
    last_line: u64,
    /// The encoding checked: "UTF-8" or "GBK".
    what: &'static str,
    hint: String,
}

impl BadBytes {
    fn new(name: &str, what: &'static str, hint: String) -> Self {
        BadBytes {
            name: name.to_string(),
            listed: Vec::new(),
            total: 0,
            last_line: 0,
            what,
            hint,
        }
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }

    fn report(&mut self, line: u64, offset: u64, bytes: &[u8]) {
        if line == self.last_line {
            return;
        }
        self.last_line = line;
        self.total += 1;
        if self.listed.len() >= MAX_LISTED {
            return;
        }
        let hex: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let message = crate::tr!(
            "csv-bad-bytes",
            encoding = self.what,
            offset = &offset,
            bytes = &hex.join(" "),
            hint = &self.hint
        );
        self.listed.push(Problem::new(line, "", "", message));
    }

    fn into_result(self) -> Result<(), InputError> {
        if self.total == 0 {
            return Ok(());
        }
        Err(InputError {
            source_name: self.name,
            problems: self.listed,
            total: self.total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line(b"sep=,\nsku"), Some((b',', 6)));
        assert_eq!(sep_line(b"SEP=;\r\nsku"), Some((b';', 7)));
        assert_eq!(sep_line(b"sep=|"), Some((b'|', 5)));
        assert_eq!(sep_line(b"sep=\n"), None);
        assert_eq!(sep_line(b"sep=,,x\n"), None);
        assert_eq!(sep_line(b"sku,warehouse\n"), None);
    }

    fn utf8_problems(chunks: &[&[u8]]) -> Vec<(u64, String)> {
        let mut bad = BadBytes::new("t.csv", "UTF-8", "hint".to_string());
        let mut lines = LineCursor::default();
        let mut carry: Vec<u8> = Vec::new();
        for (i, chunk) in chunks.iter().enumerate() {
            let mut data = std::mem::take(&mut carry);
            data.extend_from_slice(chunk);
            let keep = check_utf8(&data, i + 1 == chunks.len(), &mut lines, &mut bad);
            carry = data[data.len() - keep..].to_vec();
        }
        let err = bad.into_result().err();
        err.map(|e| {
            e.problems
                .into_iter()
                .map(|p| (p.line, p.message))
                .collect()
        })
        .unwrap_or_default()
    }

    #[test]
    fn utf8_errors_have_lines_and_offsets_across_chunks() {
        // "中" = e4 b8 ad, cut between two chunks: valid.
        assert!(utf8_problems(&[b"a,b\n\xe4", b"\xb8\xad,c\n"]).is_empty());
        let found = utf8_problems(&[b"a,b\nx\xff\xfe,c\n", b"y\xe4\xb8,d\n"]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, 2);
        assert!(
            found[0].1.starts_with("not valid UTF-8 at byte 5 (ff)"),
            "{found:?}"
        );
        assert_eq!(found[1].0, 3);
        assert!(
            found[1].1.starts_with("not valid UTF-8 at byte 11 (e4 b8)"),
            "{found:?}"
        );
        // Truncated at the very end of the file.
        let found = utf8_problems(&[b"a\n", b"b\xe4"]);
        assert_eq!(found[0].0, 2);
    }
}
