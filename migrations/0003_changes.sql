-- invmap schema 3: changes (rollback points), their before-images, and the audit trail.
--
-- Every mutation of links is one change: a `changes` row, the before-image of every row it
-- touched in `change_items`, audit entries, all in the transaction that makes the mutation.
-- Undo adds a change; history is never deleted.

CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    operator TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    ticket TEXT DEFAULT NULL,
    source_file TEXT DEFAULT NULL,
    source_sha256 TEXT DEFAULT NULL,
    command_line TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    -- link rows touched
    pairs INTEGER NOT NULL DEFAULT 0,
    -- for a rollback: the change it undid
    rolls_back INTEGER DEFAULT NULL REFERENCES changes(id),
    -- a JSON object with what the change did (counts, options)
    summary TEXT NOT NULL DEFAULT '{}'
);

-- a change is undone at most once; "rolled back by" is looked up through this index
CREATE UNIQUE INDEX changes_by_rolls_back ON changes(rolls_back) WHERE rolls_back IS NOT NULL;
-- "this template was already applied by change N"
CREATE INDEX changes_by_source ON changes(source_sha256) WHERE source_sha256 IS NOT NULL;

-- before_present = 0: the row did not exist (the change added it; rollback deletes it).
-- after_present = 0: the change removed the row (rollback puts the before-image back).
CREATE TABLE change_items (
    change_id INTEGER NOT NULL REFERENCES changes(id),
    product_id TEXT NOT NULL,
    warehouse_code TEXT NOT NULL,
    action TEXT NOT NULL,
    before_present INTEGER NOT NULL,
    before_qty INTEGER,
    before_priority INTEGER,
    before_state TEXT,
    before_drain_started_at TEXT,
    before_last_change INTEGER,
    after_present INTEGER NOT NULL,
    after_qty INTEGER,
    -- the row's last_change after this change, when not this change's id: a rollback puts
    -- back the mark of the change whose state it restores
    after_last_change INTEGER DEFAULT NULL,
    -- what else the operator should know about this row: the transfer target, the row's reason
    note TEXT DEFAULT NULL,
    PRIMARY KEY (change_id, product_id, warehouse_code)
) WITHOUT ROWID;

-- Append-only and hash-chained: hash = SHA-256(previous entry's hash || canonical content),
-- the first entry chaining from 32 zero bytes. `invmap audit verify` recomputes the chain.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    change_id INTEGER DEFAULT NULL REFERENCES changes(id),
    at TEXT NOT NULL,
    operator TEXT NOT NULL,
    action TEXT NOT NULL,
    product_id TEXT DEFAULT NULL,
    warehouse_code TEXT DEFAULT NULL,
    detail TEXT NOT NULL DEFAULT '',
    hash BLOB NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted');
END;
