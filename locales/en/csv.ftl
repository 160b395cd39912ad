# csv: reading templates (encoding, delimiter, header, cells) and writing files atomically.
# Positions (`file:3:`), column names, flags and encodings (UTF-8, GBK) stay as they are.

## Opening and reading a file (csvio/read.rs, csvio/detect.rs)

csv-reading = reading { $name }
csv-input-is-directory = { $name } is a directory; give the path of a CSV file
csv-no-such-file = { $name }: no such file; check the path
csv-permission-denied = { $name }: permission denied; check the file's permissions
csv-cannot-open = cannot open { $name }
csv-unknown-encoding = unknown encoding "{ $encoding }": use utf-8 or gbk

## Encoding

csv-utf8-not-gbk = the file is UTF-8, not GBK (its text reads as UTF-8, and as GBK it would be garbled): run the command again without --encoding gbk
csv-hint-not-gbk = the file is not GBK/GB18030 — drop --encoding gbk, or re-save it as CSV UTF-8
csv-hint-neither = the file is neither UTF-8 nor GBK — re-save it as CSV UTF-8
csv-hint-not-utf8 = the file is not UTF-8 — re-save it as CSV UTF-8, or pass --encoding gbk if Excel on a Chinese Windows wrote it
csv-cr-only = lines end in CR only (old Mac format) — re-save the file as CSV UTF-8
csv-utf16 = the file is UTF-16 / tab-separated (Excel "Unicode Text"); re-save as CSV UTF-8
csv-bad-bytes = not valid { $encoding } at byte { $offset } ({ $bytes }): { $hint }

## Records and header

csv-empty-file = empty file: no header line; the first line must name the columns
csv-unterminated-quote = unterminated quote starting line { $line }: the rest of the file was read as one value; close the quote
csv-record-too-long = a record starting on line { $line } or soon after is longer than 1 MiB: probably a '"' that is never closed; fix the quoting
csv-field-count = expected { $width ->
    [one] 1 field
   *[other] { $width } fields
  } (like the header), found { $found }; { $fix }
csv-fix-quote = a value containing '{ $delimiter }' must be quoted
csv-fix-missing-cells = fill in the missing cells
csv-column-twice = columns { $first } and { $second } both map to { $field }: delete one of them
csv-missing-columns-hint = missing columns { $names }: { $hint }
csv-missing-column = missing column { $field } (accepted: { $accepted }); the header has { $found }
csv-header-nul = the header is full of NUL bytes: the file looks UTF-16 — re-save as CSV UTF-8
csv-header-delimiter = the header "{ $header }" looks { $looks ->
    [semicolon] ';'-delimited
    [tab] tab-separated
    [pipe] '|'-delimited
   *[comma] comma-delimited
  }; re-save as CSV (comma delimited) or pass --delimiter '{ $flag }'

## Cells

csv-cell-required = empty: fill it in (this column is required)
csv-value-not-text = not valid text at byte { $offset } of the value
csv-value-newline = newline inside a value (the record spans lines): put the value on one line
csv-value-nul = NUL byte: remove it (a NUL would cut the value short in the store)
csv-value-control = invisible control character { $char } in the value: retype it

## Notes said while reading (the code puts "note: " before each)

csv-note-gbk = decoded as GBK
csv-note-sep-line = skipped the Excel 'sep={ $sep }' line 1
csv-note-blank-lines = skipped { $count ->
    [one] 1 blank line
   *[other] { $count } blank lines
  }
csv-note-more-changes = … and { $count ->
    [one] 1 more value
   *[other] { $count } more values
  } trimmed or folded
csv-note-changed = line { $line }: { $column } "{ $before }" -> "{ $after }"
csv-note-ignored-unnamed = ignored column { $column } (no name)
csv-note-ignored = ignored column { $column } "{ $name }"
csv-note-more-ignored = … and { $count ->
    [one] 1 more ignored column
   *[other] { $count } more ignored columns
  }

## Writing files (csvio/atomic.rs, csvio/write.rs)

csv-not-a-file-name = { $path } is not a file name; give a path like backups/store.db
csv-target-is-directory = { $path } is a directory; give a file name inside it
csv-doing-create = creating a file in { $path }
csv-doing-write = writing { $path }
csv-doing-rename = renaming the temp file onto { $path }
csv-io-no-space = no space left { $doing }; free space and retry — nothing was written under { $target }
csv-io-permission = permission denied { $doing }; choose another path or fix the permissions — nothing was written under { $target }
csv-io-no-directory = { $doing }: the directory does not exist; create it first — nothing was written under { $target }
csv-io-failed = { $doing } failed — nothing was written under { $target }
csv-writing = writing { $path }
csv-write-failed = { $doing }: { $error }
csv-output-closed = output closed
