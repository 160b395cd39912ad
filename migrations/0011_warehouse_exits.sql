-- invmap schema 11: a warehouse exit (`invmap warehouse exit W`) transfers and drains every
-- link at W as one change, and W is closed once its last link is gone — often days later,
-- when `run-due` finishes the last drain. This table remembers the exits still to close.
CREATE TABLE warehouse_exits (
    warehouse_code TEXT PRIMARY KEY REFERENCES warehouses(code),
    -- the change that transferred and drained the links
    change_id INTEGER NOT NULL REFERENCES changes(id),
    started_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'closed')),
    -- the change that closed the warehouse
    closed_change INTEGER DEFAULT NULL REFERENCES changes(id)
);
