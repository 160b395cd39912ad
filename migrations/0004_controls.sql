-- invmap schema 4: operating controls — plans (two-person control and scheduled unbinds),
-- blackout windows, and what run-due does with a drained link's stock.

-- A plan is a batch of pairs with its options, waiting for approval (two-person control)
-- or for its time (a scheduled, "T+1" unbind). Applying it re-runs every check.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    creator TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    ticket TEXT DEFAULT NULL,
    source_file TEXT DEFAULT NULL,
    source_sha256 TEXT DEFAULT NULL,
    -- JSON object: drain, write_off, transfer_to, allow_orphan, allow_region_gap, strict
    options TEXT NOT NULL DEFAULT '{}',
    pairs INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected', 'scheduled', 'applied')),
    approver TEXT DEFAULT NULL,
    approved_at TEXT DEFAULT NULL,
    rejected_by TEXT DEFAULT NULL,
    rejected_at TEXT DEFAULT NULL,
    reject_reason TEXT DEFAULT NULL,
    -- when run-due applies a scheduled plan (UTC)
    effective_at TEXT DEFAULT NULL,
    applied_change INTEGER DEFAULT NULL REFERENCES changes(id),
    -- why the last attempt to apply it was refused (run-due keeps trying)
    last_refusal TEXT DEFAULT NULL
);

CREATE INDEX plans_due ON plans(effective_at) WHERE status = 'scheduled';

CREATE TABLE plan_pairs (
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    line INTEGER NOT NULL,
    product_id TEXT NOT NULL,
    warehouse_code TEXT NOT NULL,
    transfer_to TEXT DEFAULT NULL,
    reason TEXT DEFAULT NULL,
    PRIMARY KEY (plan_id, line)
) WITHOUT ROWID;

-- Promotions and peak hours: no change may land inside one without --override-window.
-- Either a one-off window [starts_at, ends_at) in UTC, or a daily one [daily_from, daily_to)
-- in the timezone setting (a daily window may cross midnight: 22:00-02:00).
CREATE TABLE blackout_windows (
    id INTEGER PRIMARY KEY,
    starts_at TEXT DEFAULT NULL,
    ends_at TEXT DEFAULT NULL,
    daily_from TEXT DEFAULT NULL,
    daily_to TEXT DEFAULT NULL,
    reason TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    removed_by TEXT DEFAULT NULL,
    removed_at TEXT DEFAULT NULL,
    CHECK ((starts_at IS NOT NULL AND ends_at IS NOT NULL AND starts_at < ends_at)
        OR (daily_from IS NOT NULL AND daily_to IS NOT NULL))
);

-- What to do with a drained link's stock when run-due removes it.
CREATE TABLE drains (
    product_id TEXT NOT NULL,
    warehouse_code TEXT NOT NULL,
    change_id INTEGER NOT NULL REFERENCES changes(id),
    transfer_to TEXT DEFAULT NULL,
    write_off INTEGER NOT NULL DEFAULT 0,
    allow_orphan INTEGER NOT NULL DEFAULT 0,
    allow_region_gap INTEGER NOT NULL DEFAULT 0,
    -- 1 when a rollback of its finish made the link draining again: run-due leaves it alone
    -- until the operator drains it again (or binds it to keep it)
    held INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, warehouse_code)
) WITHOUT ROWID;

ALTER TABLE changes ADD COLUMN plan_id INTEGER DEFAULT NULL REFERENCES plans(id);
ALTER TABLE changes ADD COLUMN approved_by TEXT DEFAULT NULL;
ALTER TABLE changes ADD COLUMN override_reason TEXT DEFAULT NULL;
