# Messages every command uses. Arguments are named as in the code (`tr!("key", name = …)`).

error-line = error: { $error }
nothing-changed = Nothing changed.
change-recorded = { $what } Change { $id } recorded (undo with `invmap rollback { $id }`).
audit-head = Audit chain head: { $head }
store-created = Created a new store at { $path }.
table-none = (none)

## What the operating system says about a file (its own words are English in every locale)
common-io-not-found = No such file or directory
common-io-permission-denied = Permission denied
common-io-already-exists = File exists
common-io-storage-full = No space left on device
common-io-read-only = Read-only file system
common-io-is-a-directory = Is a directory
common-io-not-a-directory = Not a directory
common-io-invalid-data = Invalid data
common-io-unexpected-eof = Unexpected end of file
common-io-broken-pipe = Broken pipe
common-io-os-error = { $words } (os error { $code })
common-no-signal-watch = cannot watch for Ctrl-C ({ $error }): an interrupted run stops abruptly

## SQLite's and JSON's own words (English in every locale), for a Chinese reader
common-sqlite-not-a-database = file is not a database
common-sqlite-corrupt = database disk image is malformed
common-sqlite-busy = database is locked
common-sqlite-read-only = attempt to write a readonly database
common-sqlite-cannot-open = unable to open database file
common-bad-json = not valid JSON (line { $line }, column { $column })
