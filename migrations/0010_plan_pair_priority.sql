-- invmap schema 10: an unbind template's `priority` column (the transfer target's priority
-- when the unbind creates it) is kept with the plan's pairs too.
ALTER TABLE plan_pairs ADD COLUMN priority INTEGER DEFAULT NULL;
