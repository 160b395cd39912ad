-- invmap schema 9: a store's identity — random, made once — so that a restore can tell a
-- backup of this store from one of another (a copy made with `cp` keeps it: it is the same
-- store's history). Kept with the settings; not a setting an operator changes.
INSERT OR IGNORE INTO settings(key, value) VALUES ('store_id', lower(hex(randomblob(16))));
