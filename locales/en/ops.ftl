# ops: the engines every change passes through (src/ops). Arguments are named as in the code.

## Small words

ops-list-sep = {", "}
ops-clause-sep = {", "}
ops-and-more = … and { $count } more
ops-warning-line = warning: { $text }
ops-note-line = note: { $text }
ops-no-such-change = no such change: see `invmap changes`
ops-cannot-read = cannot read { $path }
ops-change-bad-time = change { $change } has an unreadable time { $time }
ops-count-pairs =
    { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    }
ops-count-source-links =
    { $count ->
        [one] 1 source link
       *[other] { $count } source links
    }

## What a change is, in the rules' sentences ("… and the move would remove the link …")

ops-what-move = the move
ops-what-bind = the bind
ops-what-rollback = this rollback
ops-what-restore = the restore
ops-what-reconcile = adopting the other system's state
ops-what-adopt = recording the deletion
ops-what-close = closing { $code }
ops-what-reopen = reopening { $code }

## The guarded door (change.rs)

ops-force-needs-reason = --force needs --reason TEXT: say why the rules may be overridden (it is recorded)
ops-refusal = { $message } [{ $rule }]
ops-door-refused-way-out = Nothing was changed: fix what is named above, or use --force --reason TEXT to override it (recorded).
ops-conflict-by-change = { $sku } @ { $warehouse } was changed again by change { $change }
ops-conflict-outside = { $sku } @ { $warehouse } was changed again by a change outside invmap
ops-conflicts-refused =
    refused: { $count ->
        [one] 1 row of change { $change } changed since; roll back the later change first
       *[other] { $count } rows of change { $change } changed since; roll back the later changes first
    }, or use --force --reason TEXT to take change { $change }'s before-images anyway. Nothing was changed.
ops-door-needs-plan =
    refused: this change touches { $pairs ->
        [one] 1 pair
       *[other] { $pairs } pairs
    }, more than approval_threshold ({ $threshold }); create a plan with `{ $hint }` and have another operator approve it. Nothing was changed.
ops-move-plan-hint = invmap plan create --move --from-csv FILE (the move as a one-line template: product_id,from,to,quantity)
ops-drain-cancel-plan-hint = invmap bind (the link stays; ask another operator to approve)
ops-reconcile-needs-reason = reconcile --adopt needs --reason TEXT: say why the other system is right (it is recorded)
ops-adopt-needs-reason = adopt needs --reason TEXT: say why what is in the table is right (it is recorded)

## The unbind batch (unbind.rs)

ops-source-plan = plan { $id }
ops-source-exit = exit of { $warehouse }
ops-bad-priority = not a priority: a whole number, 0 or more (lower ships first)
ops-empty-cell = empty: fill it in (this column is required)
ops-plan-create-same = `invmap plan create` (same arguments)
ops-batch-needs-plan =
    refused: this batch has { $pairs ->
        [one] 1 pair
       *[other] { $pairs } pairs
    }, more than approval_threshold ({ $threshold }); create a plan with { $create } and have another operator approve it. Nothing was changed.
ops-duplicate-strict = same pair as line { $first } (--strict): remove the duplicate
ops-duplicates =
    warning: { $count ->
        [one] 1 duplicate (line { $lines })
       *[other] { $count } duplicates (lines { $lines })
    }: the same pair as an earlier line; each pair is unbound once
ops-refusal-at-line = line { $line }: { $message } [{ $rule }]
ops-pairs-refused =
    { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    } refused; nothing was changed.
ops-summary =
    { $pairs ->
        [one] 1 pair
       *[other] { $pairs } pairs
    }: { $parts }.
ops-summary-unbound = { $count } unbound
ops-summary-transferred =
    { $count } transferred ({ $units ->
        [one] 1 unit
       *[other] { $units } units
    } moved)
ops-summary-written-off =
    { $count } written off ({ $units ->
        [one] 1 unit
       *[other] { $units } units
    })
ops-summary-draining = { $count } draining (finished by `invmap run-due`)

## Rollback (rollback.rs)

ops-nothing-to-roll-back = nothing to roll back: every change is already undone
ops-already-rolled-back = refused: change { $change } was already rolled back by change { $by }; to redo it, roll back { $by }

## Moves (moves.rs)

ops-move-summary =
    { $units ->
        [one] 1 unit
       *[other] { $units } units
    } in { $moves ->
        [one] 1 move
       *[other] { $moves } moves
    } over { $links ->
        [one] 1 link
       *[other] { $links } links
    }

## Batches in stages (stages.rs)

ops-share-not-percentage = { $part } is not a percentage: write e.g. 30%,100%
ops-share-out-of-range = { $part }: a stage's share is 1% to 100%
ops-shares-must-rise = { $part }: the shares are cumulative and must rise (e.g. 30%,60%,100%)
ops-shares-one-stage = one stage of 100% is no staging: give two or more, e.g. 30%,100%
ops-shares-last-100 = the last stage must be 100% (the whole batch), e.g. 30%,100%
ops-stage-split = stage { $stage } of { $stages }: up to { $share }% of the batch, { $size }
ops-stage-moves-summary = { $what }.
ops-stage-prev-not-applied = refused: plan { $plan } is stage { $stage } of { $stages }; stage { $prev } (plan { $prev_plan }) has not been applied yet
ops-stage-prev-rolled-back = refused: stage { $prev } (change { $change }) was rolled back by change { $undo }: the batch stops there; reject its other stages with `invmap plan reject { $plan } --reason TEXT`
ops-stage-prev-not-ok = refused: stage { $stage } (plan { $plan }) follows stage { $prev } only once its change { $change } has the verdict ok; it is { $verdict } (`invmap run-due` applies it then; a batch made with --no-wait is left to the operator)
ops-stage-batch-stopped-rolled-back = Batch of plan { $batch } stopped: stage { $stage } (change { $change }) was rolled back by change { $undo }.
ops-stage-waits-observing = Stage { $stage } of { $stages } (plan { $plan }) waits for change { $change }: { $verdict }.
ops-stage-stopped-alert = batch of plan { $batch } stopped before stage { $stage } of { $stages }: stage { $prev } (change { $change }) alerted: { $verdict }. Look at `invmap metrics --change { $change }`; undo it with `invmap rollback { $change }`
ops-stage-stopped-nothing = batch of plan { $batch } stopped: stage { $stage } changed nothing: { $summary }
ops-stage-applied = Applied stage { $stage } of { $stages } (plan { $plan }, after change { $change } was ok): { $summary }
ops-stage-waits-refused = stage { $stage } of { $stages } (plan { $plan }) waits: { $error }

## Warehouse exits (exit.rs)

ops-exit-unknown-warehouse = unknown warehouse: see `invmap warehouse list`{ $suggestion }
ops-exit-way-out = A SKU refused here has nowhere to go from { $code }: bind it to another warehouse first (`invmap bind --sku SKU --warehouse CODE`, then run the exit again), or send every SKU's stock to one warehouse with --to CODE; a SKU with no stock left may also be let go with --allow-orphan.
ops-exit-closing-note =
    { $count ->
        [0] { $code } closes now: no link is left there.
        [one] { $code } closes when its draining link is removed (`invmap run-due`, once its open orders are done).
       *[other] { $code } closes when the last of its { $count } draining links is removed (`invmap run-due`, once their open orders are done).
    }
ops-exit-waits-staying =
    exit of { $code } (change { $change }) waits: { $count ->
        [one] 1 link at { $code } is not leaving
       *[other] { $count } links at { $code } are not leaving
    } ({ $examples }); take them out with `invmap warehouse exit { $code } --by-route` (or unbind them)
ops-exit-finished-closed-already = Exit of { $code } finished (it was closed already).
ops-exit-closed = Closed warehouse { $code }: its exit (change { $change }) is complete.
ops-exit-closing-waits = exit of { $code } (change { $change }): closing waits: { $error }

## run-due (run_due.rs)

ops-run-due-busy = Another run-due is working on this store (pid { $pid } on { $host }, since { $since }); nothing to do here.
ops-run-due-nothing = Nothing due.
ops-run-due-still-draining =
    { $count ->
        [one] 1 link
       *[other] { $count } links
    } still draining (see `invmap changes`).
ops-run-due-left-pending =
    { $count ->
        [one] 1 item
       *[other] { $count } items
    } left pending.
ops-drain-waits = drain { $sku } @ { $warehouse } waits: { $message }
ops-drains-finished =
    Finished { $count ->
        [one] 1 drain
       *[other] { $count } drains
    }.
ops-drains-wait = drains wait: { $error }
ops-plan-approval-expired =
    its approval is older than { $hours ->
        [one] 1 hour
       *[other] { $hours } hours
    } (plan_max_age_hours): approve it again
ops-scheduled-applied = Applied scheduled plan { $plan }: { $summary }
ops-plan-stays-scheduled = plan { $plan } (due { $due }) stays scheduled: { $why }

## Warnings, counted per rule (warnings.rs)

ops-warnings-more =
    warning: … { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    } in all { $about } [{ $rule }]; -v lists every one
ops-warnings-more-by-region =
    warning: … { $count ->
        [one] 1 pair
       *[other] { $count } pairs
    } in all { $about } [{ $rule }] ({ $regions }); -v lists every one
ops-warnings-about-region-cover = leave a SKU with no active warehouse in a region
ops-warnings-about-open-orders = keep open orders at a warehouse that closes
ops-warnings-about-closed-target = put a link back at a closed warehouse
ops-warnings-about-other = carry this warning

## Backup and restore (backup.rs)

ops-backup-kind = { $path }: give a file name ending in .db or .csv
ops-backup-failed = nothing was written under { $path }; free space or choose another place, and retry
ops-no-backup-file = no such backup file
ops-backup-intact =
    { $path } is intact: { $links ->
        [one] 1 link
       *[other] { $links } links
    }, made { $made } from { $source }; its checksum and its history hold.
ops-backup-unchecked =
    { $path } holds { $links ->
        [one] 1 link
       *[other] { $links } links
    }, made { $made } from { $source }: its structure and history hold, but with no checksum nothing proves the file unchanged since it was made.
ops-backup-other-store = warning: { $path } was made from another store (its store id is not this store's): the restore replaces this store's links with that store's
ops-restore-unknown-warehouse = unknown warehouse { $warehouse }: add it before restoring
ops-backup-no-checksum = warning: no { $path } beside the backup: checking its structure only
ops-backup-checksum-mismatch = the file does not match its checksum { $path } (sha256 { $expected } expected, { $found } found): it is damaged or was changed; the live store was not touched — use another backup

## Phases of a long command (phases.rs): the spinner and `-v`

ops-phase-took = phase { $name }: { $ms } ms
ops-phase-total = total: { $ms } ms
ops-phase-parse = parse
ops-phase-plan = plan
ops-phase-validate = validate
ops-phase-check = check
ops-phase-apply = apply
ops-phase-commit = commit
ops-phase-open = open
ops-phase-copy = copy
ops-phase-checksum-sync = checksum+sync
ops-phase-load = load
ops-phase-audit = audit
