-- A change's audit entries, found by change and pair: to reconcile a change with its entries
-- and to prove its before-images (SPEC §6) without reading the whole trail. Entries arrive in
-- change order, so the index grows at its end.
CREATE INDEX audit_log_by_change ON audit_log(change_id, product_id, warehouse_code);
