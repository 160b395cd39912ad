-- invmap schema 1: warehouses, products, the seed's inventory_mapping, settings.
--
-- inventory_mapping keeps the seed's three columns, types, primary key and foreign key exactly,
-- so plain SQL written for the seed table keeps working; every extra column has a default.
-- Code rules (1-20 / 1-10 characters, no surrounding space, no control characters) are enforced
-- here as CHECK constraints as well as in the tool, so other writers cannot break them either.
--
-- inventory_mapping is stored WITHOUT ROWID: a link is always found by its key, so keeping the
-- rows in the primary-key b-tree saves a lookup per link read and one b-tree per write (a
-- million-pair batch touches two b-trees instead of three). Columns, types, keys and plain SQL
-- are unchanged; only the hidden `rowid` column does not exist.

CREATE TABLE warehouses (
    code VARCHAR(10) NOT NULL PRIMARY KEY
        CHECK (length(code) BETWEEN 1 AND 10 AND code = trim(code) AND code NOT GLOB ('*[' || char(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,127) || ']*')),
    name TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    -- storage cost per unit per day, in millionths of the currency unit (exact money maths)
    storage_cost_micros INTEGER NOT NULL DEFAULT 0 CHECK (storage_cost_micros >= 0)
);

CREATE TABLE products (
    product_id VARCHAR(20) NOT NULL PRIMARY KEY
        CHECK (length(product_id) BETWEEN 1 AND 20 AND product_id = trim(product_id) AND product_id NOT GLOB ('*[' || char(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,127) || ']*')),
    name TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    unit_cost_cents INTEGER NOT NULL DEFAULT 0 CHECK (unit_cost_cents >= 0),
    replenishment_days INTEGER NOT NULL DEFAULT 7 CHECK (replenishment_days > 0)
);

CREATE TABLE inventory_mapping (
    product_id VARCHAR(20) NOT NULL,
    warehouse_code VARCHAR(10) NOT NULL,
    stock_quantity INT DEFAULT 0,
    -- routing order: lower is preferred
    priority INTEGER NOT NULL DEFAULT 100,
    -- draining: no new orders routed here; run-due removes it when its orders are done
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'draining')),
    drain_started_at TEXT DEFAULT NULL,
    -- the change that last wrote this row (NULL when written outside invmap)
    last_change INTEGER DEFAULT NULL,
    PRIMARY KEY (product_id, warehouse_code),
    FOREIGN KEY (warehouse_code) REFERENCES warehouses(code),
    CHECK (length(product_id) BETWEEN 1 AND 20 AND product_id = trim(product_id) AND product_id NOT GLOB ('*[' || char(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,127) || ']*')),
    CHECK (length(warehouse_code) BETWEEN 1 AND 10 AND warehouse_code = trim(warehouse_code) AND warehouse_code NOT GLOB ('*[' || char(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,127) || ']*'))
) WITHOUT ROWID;

-- the link is looked up from both sides
CREATE INDEX inventory_mapping_by_warehouse ON inventory_mapping(warehouse_code, product_id);

CREATE TABLE settings (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
