-- invmap schema 6: small partial indexes, so that the questions asked of the few unusual
-- links do not read every link.
--
-- `check` (drains past their buffer, negative stock), `run-due` and `changes` (drains
-- waiting) used to scan all of inventory_mapping to find a handful of rows: 40 ms at 1M
-- links, 0.4 s at 10M. Both indexes hold only the rows they are for (normally none), so a
-- write of an ordinary link costs one extra expression test and no b-tree work.

CREATE INDEX inventory_mapping_draining
    ON inventory_mapping(drain_started_at, product_id) WHERE state = 'draining';

CREATE INDEX inventory_mapping_negative
    ON inventory_mapping(product_id, warehouse_code) WHERE stock_quantity < 0;
