-- invmap schema 2: what happened in the shop — orders, cycle counts, complaints.
--
-- Orders are history: unbinding never rewrites them, and an order keeps its warehouse code
-- after the link is gone, so there is deliberately no foreign key from orders to links.

CREATE TABLE orders (
    order_id TEXT NOT NULL PRIMARY KEY,
    product_id TEXT NOT NULL,
    warehouse_code TEXT DEFAULT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    status TEXT NOT NULL
        CHECK (status IN ('open', 'shipped', 'delivered', 'cancelled', 'unfulfilled')),
    -- times are UTC, 'YYYY-MM-DDTHH:MM:SSZ', so text order is time order
    created_at TEXT NOT NULL,
    shipped_at TEXT DEFAULT NULL,
    delivered_at TEXT DEFAULT NULL
);

-- the open-orders check of every unbind, and the routing check of `check`
CREATE INDEX orders_open_by_pair ON orders(product_id, warehouse_code) WHERE status = 'open';
CREATE INDEX orders_by_created ON orders(created_at);

CREATE TABLE stock_counts (
    product_id TEXT NOT NULL,
    warehouse_code TEXT NOT NULL,
    counted_at TEXT NOT NULL,
    system_quantity INTEGER NOT NULL,
    counted_quantity INTEGER NOT NULL,
    PRIMARY KEY (product_id, warehouse_code, counted_at)
);

CREATE INDEX stock_counts_by_time ON stock_counts(counted_at);

CREATE TABLE complaints (
    complaint_id TEXT NOT NULL PRIMARY KEY,
    order_id TEXT DEFAULT NULL,
    product_id TEXT DEFAULT NULL,
    created_at TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT ''
);

CREATE INDEX complaints_by_time ON complaints(created_at);
