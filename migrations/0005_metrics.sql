-- invmap schema 5: indexes for `metrics --change`.
--
-- The before/after comparison of a change reads the orders of the change's (SKU, warehouse)
-- pairs in a time range, and the orders of those SKUs with no warehouse. With this index each
-- pair is one range scan instead of a walk through every order of the window.
CREATE INDEX orders_by_pair_created ON orders(product_id, warehouse_code, created_at);

-- Complaints are joined to the change through their order.
CREATE INDEX complaints_by_order ON complaints(order_id) WHERE order_id IS NOT NULL;
