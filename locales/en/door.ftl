# door: the change commands (unbind, plan, stages, warehouse exit, rollback, reverse, move,
# bind, drain). Arguments are named as in the code (`tr!("key", name = …)`).

## Shared

door-dry-run-nothing-changed = Dry run: nothing was changed.
door-blackout-refused = refused: { $now } is inside blackout window { $window }; wait until it ends, or use --override-window --reason TEXT. Nothing was changed.
door-unknown-warehouse = unknown warehouse: add it first with `invmap warehouse add`
door-status-pending = pending
door-status-approved = approved
door-status-scheduled = scheduled
door-status-applied = applied
door-status-rejected = rejected

## unbind

door-stages-not-scheduled = --stages and --effective-at: a staged batch starts now; schedule a plain batch instead
door-dry-run-scheduled = Dry run: this batch would be scheduled for { $time } (checked again then). Nothing was changed.
door-unbind-scheduled = Scheduled as plan { $id }: `invmap run-due` applies it at { $time }, checking every pair again then.
door-dry-run-first-listed = (first { $shown } of { $count } pairs listed; --report FILE.csv has them all)
door-would-change = Would change { $summary }
door-dry-run-refused = { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    } planned; the refusals below stop the whole batch.
door-not-future = is not in the future (now is { $now }): give a later time
door-plan-not-created = No plan was created: fix the pairs, or keep them as known refusals with --with-refusals (every check runs again when the plan is applied).
door-plan-known-refusals = warning: as things stand these pairs would be refused (they are checked again when the plan is applied):
door-unbind-give-pairs = give --sku and --warehouse in pairs (as many of each), or --from-csv FILE

## plan

door-stages-only-unbind = --stages splits an unbind batch (pairs or --from-csv), not this kind of change
door-plan-reject-refused = refused: plan { $id } is { $status }; only a plan not applied yet can be rejected
door-plans-rejected = { $count ->
        [one] Plan
       *[other] Plans
    } { $ids } rejected: stage { $stage } of { $stages } and the stages after it.
door-plan-rejected = Plan { $id } rejected.
door-self-approval = refused: { $operator } created plan { $id } and cannot approve it too; another operator must run `invmap --operator NAME plan approve { $id }`
door-plan-approve-refused = refused: plan { $id } is { $status }; only a pending plan (or an expired approval) can be approved
door-plan-approved = Plan { $id } approved by { $operator }; apply it with `invmap plan apply { $id }`.
door-batch-approved = Plans { $ids } (the { $stages } stages of the batch) approved by { $operator }; apply stage 1 with `invmap plan apply { $batch }`.
door-plan-created = Plan { $id } created with { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    }: waiting for another operator's `invmap plan approve { $id }`.
door-stage-no-effective-at = plan { $id } is stage { $stage } of { $stages } of a batch: its time is set by the stage before it (run-due applies it once that stage's verdict is ok); --effective-at does not apply
door-plan-not-approved = refused: plan { $id } has not been approved; another operator runs `invmap plan approve { $id }`
door-plan-already-applied = refused: plan { $id } was already applied by change { $change }
door-plan-cannot-apply = refused: plan { $id } is { $status } and cannot be applied
door-approval-expired = refused: plan { $id } was approved at { $at } — more than { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    } ago (plan_max_age_hours); the data may have moved on: approve it again
door-effective-at-unbind-only = --effective-at schedules unbind plans; plan { $id } is a { $kind }: apply it when it is due
door-plan-scheduled = Plan { $id } scheduled: `invmap run-due` applies it at { $time }, checking every pair again then.
door-stage-approval-expired = refused: plan { $id } was approved more than { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    } ago (plan_max_age_hours): approve it again
door-stage-landed = Stage { $stage } of { $stages } (plan { $plan }, { $share } of the batch): { $summary }
door-no-such-plan = no such plan: see `invmap plan list`
door-batch-stage-line = plan { $id } stage { $stage } ({ $share }, { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    }, { $status })
door-batch-of-plan = Stage { $stage } of { $stages } of a batch of { $total ->
        [one] 1 pair
       *[other] { $total } pairs
    } in all: { $lines }. One approval covers every stage; each stage after the first waits for the verdict on the one before{ $no_wait ->
        [yes] {" "}(here: --no-wait, the operator applies each)
       *[no] {""}
    }.

## plan kinds

door-bind-one-pair = --bind takes one --sku and one --warehouse
door-plan-bad = plan { $id } holds a bad { $what ->
        [target] target
        [warehouse] warehouse
        [sku] SKU
        [quantity] quantity
       *[kind] kind { $kind }
    }; create it again
door-plan-kind-not-created = No plan was created: fix what is named, keep them as known refusals with --with-refusals, or plan with --force --reason TEXT.
door-plan-file-unreadable = refused: plan { $id }'s file { $file } cannot be read any more; nothing was changed
door-plan-file-changed = refused: { $file } changed since plan { $id } was made (sha256 { $sha } now); nothing was changed — create the plan again
door-dry-run-file-unchanged = Dry run: the plan's file is unchanged; nothing was changed.
door-plan-applied = Applied plan { $id }.

## stages

door-no-stage-applied = No stage was applied: fix the pairs first.
door-no-stage-applied-moves = No stage was applied.
door-empty-stage = stage { $stage } would have no pairs in a batch of { $total }: use fewer stages or larger shares
door-batch-under-way = refused: this file's batch in stages is under way (plan { $batch } and after; `invmap plan list`): apply its next stage with `invmap plan apply ID`, or reject it with `invmap plan reject { $batch } --reason TEXT`; --again starts another. Nothing was changed.
door-in-stages = In stages: { $line }
door-stage-one-empty = refused: stage 1 changed nothing ({ $summary }); plans { $first }–{ $last } are rejected. Nothing was changed.
door-stage-one-refused = stage 1 was refused; plans { $first }–{ $last } of the batch are rejected
door-pairs = { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    }
door-source-links = { $count ->
        [one] 1 source link
       *[other] { $count } source links
    }
door-next-stage-no-wait = Stage 2 (plan { $plan }, { $what }) is yours to apply when you judge change { $change }: `invmap plan apply { $plan }`.
door-next-stage-wait = Stage 2 (plan { $plan }, { $what }) follows once change { $change } has the verdict ok, after its { $hours }h observation: `invmap run-due` applies it then, or stops the batch if the verdict alerts.
door-plan-stage-line = Plan { $id }: { $line }
door-stage-plans-created = Plans { $first }–{ $last } created: another operator approves the batch with `invmap plan approve { $first }` (every stage), then `invmap plan apply { $first }` applies stage 1.

## door (what a change through ops::change said)

door-forced = forced: { $message } [{ $rule }]
door-force-overwrites = --force takes these rows back although they changed since (stock now -> after):
door-would-force = would force: { $message } [{ $rule }]

## drain

door-drain-resumed = The drain of { $sku } @ { $warehouse } is no longer on hold: `invmap run-due` finishes it once its orders are done.
door-drain-cancelled = { $sku } @ { $warehouse } takes orders again; its drain is cancelled.

## warehouse exit

door-exit-no-target = say where the stock goes: --by-route (each SKU's next warehouse) or --to CODE
door-exit-dry-run-then = Dry run: then { $note }
door-exit-scheduled = Scheduled as plan { $id }: `invmap run-due` applies the exit of { $code } at { $time }, checking every link again then.
door-exit-landed = Exit of { $code }: { $summary }
door-exit-landed-draining = Exit of { $code }: { $summary } { $note }
door-exit-warning = warning: { $waits }
door-exit-empty = { $code } holds no links: the exit is closing it.

## rollback

door-not-change-id = not a change id: give a number from `invmap changes`, or `last`
door-rollback-dry-run = Dry run: rolling back change { $id } ({ $kind } by { $operator }, { $at }) would restore { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    }{ $conflicts ->
        [0] {""}
       *[other] , { $conflicts } of them changed again since (--force)
    }. Nothing was changed.
door-rollback-held = note: { $count ->
        [one] 1 link is draining again and on hold: run-due leaves it alone
       *[other] { $count } links are draining again and on hold: run-due leaves them alone
    }; resume with `invmap unbind --drain`, or bind the pair to keep it
door-rolled-back = Rolled back change { $id } ({ $kind } by { $operator }): { $rows ->
        [one] 1 row
       *[other] { $rows } rows
    } restored.

## reverse

door-reverse-rebound = note: { $count ->
        [one] 1 link removed then is there again
       *[other] { $count } links removed then are there again
    }; not bound again.
door-reverse-binds-file = { $path } ({ $count ->
        [one] 1 link
       *[other] { $count } links
    } to bind again)
door-reverse-moves-file = { $path } ({ $moves ->
        [one] 1 move
       *[other] { $moves } moves
    }, { $units ->
        [one] 1 unit
       *[other] { $units } units
    })
door-reverse-nothing = { $count ->
        [one] Change { $ids } has
       *[other] Changes { $ids } have
    } nothing to take back: no link removed, no stock moved.
door-reverse-wrote = Wrote the way back from { $count ->
        [one] change
       *[other] changes
    } { $ids } ({ $kinds }): { $files }.
door-reverse-exit-note = note: links an exit drained were removed later, by run-due's drain-finish changes: add those changes (`invmap changes`) to take them back too; a warehouse the exit closed must be reopened (`invmap warehouse reopen`) before anything is bound there.
door-reverse-written-off = note: { $units ->
        [one] 1 unit
       *[other] { $units } units
    } written off by { $count ->
        [one] change
       *[other] changes
    } { $ids } left the books and { $units ->
        [one] is
       *[other] are
    } not moved back.
door-reverse-apply = Review them, then apply: { $which ->
        [both] `invmap bind --from-csv { $name }.binds.csv`, then `invmap move --from-csv { $name }.moves.csv`
        [binds] `invmap bind --from-csv { $name }.binds.csv`, then
       *[moves] `invmap move --from-csv { $name }.moves.csv`
    } (each a change, or plan them with `invmap plan create --bind|--move --from-csv FILE`).
door-reverse-rolled-back = refused: change { $id } was rolled back by change { $undo }: it has nothing to take back
door-reverse-kind = refused: change { $id } is of kind { $kind }: reverse writes the way back from a move or a migration (unbinds); to undo this one exactly, use `invmap rollback { $id }`
door-no-such-change = no such change: see `invmap changes`
door-reverse-stage-left-out = note: stage { $stage } (change { $change }) was rolled back by change { $undo }: left out.
door-reverse-batch = Change { $id } is stage { $stage } of { $stages } of a batch: the way back covers its applied stages (changes { $ids }).

## move

door-move-stages-need-file = --stages splits a template: give --from-csv FILE
door-move-give = give --sku, --from and --to, or --from-csv FILE
door-move-how-much = say how much: --qty N, or --all to move every unit the source holds
door-would-move = Would move { $what }.
door-moved = Moved { $what }.

## bind

door-bind-give = give --sku and --warehouse, or --from-csv FILE
door-would-bind-file = Would bind { $count ->
        [one] 1 link
       *[other] { $count } links
    }: { $added } new, { $updated } set.
door-bound-file = Bound { $count ->
        [one] 1 link
       *[other] { $count } links
    }: { $added } new, { $updated } set.
door-bound = Bound { $sku } to { $warehouse }.
door-link-updated = Updated the link { $sku } @ { $warehouse }.
door-self-approval-role = refused: the role { $role } created plan { $id } and cannot approve it too (two-person review); another person must connect with their own role and run `invmap plan approve { $id }`
