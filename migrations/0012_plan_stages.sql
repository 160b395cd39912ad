-- invmap schema 12: batches in stages (`unbind … --stages 30%,100%`, the seed's 分批解绑).
-- Each stage is a plan of its own (its pairs in plan_pairs); this table ties the stages of one
-- batch together. Stage k is applied only after stage k-1's change has the verdict `ok`
-- (run-due advances it), or when the operator applies it (`wait` = 0, `--no-wait`).
CREATE TABLE plan_stages (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id),
    -- the plan of the batch's first stage
    batch INTEGER NOT NULL REFERENCES plans(id),
    stage INTEGER NOT NULL CHECK (stage >= 1),
    stages INTEGER NOT NULL CHECK (stages >= stage),
    -- the cumulative share this stage brings the batch to, e.g. '30%'
    share TEXT NOT NULL,
    wait INTEGER NOT NULL DEFAULT 1 CHECK (wait IN (0, 1)),
    UNIQUE (batch, stage)
);

-- a stage of moves keeps each line's quantity (NULL: all the source holds)
ALTER TABLE plan_pairs ADD COLUMN quantity INTEGER DEFAULT NULL;
