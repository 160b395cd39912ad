-- run-due works one run at a time per store. The lease is a row in the store itself, so
-- every path that reaches the store (a symlink, another mount, another desk) sees the same
-- one; a lease whose process is gone, or that is hours old, is taken over.
CREATE TABLE run_due_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    -- the system clock (not INVMAP_NOW), RFC 3339 UTC
    taken_at TEXT NOT NULL
);
