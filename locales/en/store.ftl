# store: opening the store, its transactions, backups, the consistency check, the audit
# trail's proofs, and what Ctrl-C says. Texts the store writes INTO itself (audit details,
# notes, reasons) are not here: they stay as they are in every language.

## Opening

store-missing = no store at { $path }: create one with `invmap init` (or `invmap demo`), or point --db / INVMAP_DB at your store
store-cannot-open = cannot open the store { $path }
store-cannot-read = cannot read the store { $path }
store-cannot-prepare = cannot prepare the store { $path }
store-cannot-upgrade = cannot upgrade the store { $path }
store-reading-immutable = the store cannot be written here: reading it as an immutable file
store-immutable-needs-upgrade = the store { $path } is at schema { $version } and this invmap reads schema { $latest }; it cannot be upgraded by a user who cannot write it — run any invmap command as its owner first
store-no-wal = the store could not switch to WAL (journal mode { $mode })
store-is-directory = { $path } is a directory, not a store: give --db the path of a store file
store-not-sqlite = { $path } is not an invmap store (it is not a SQLite database); it was left untouched — check --db / INVMAP_DB
store-read-only-place = cannot write to the store { $path }: the file, its folder or its file system is read-only for this user (invmap writes the store and its -wal / -shm files beside it); nothing was changed — run as the store's owner, fix the permissions, or work on a copy
store-not-readable = { $path } is not a readable SQLite database
store-newer = the store { $path } was written by a newer invmap (schema { $version }; this invmap knows up to { $latest }): upgrade invmap to use it
store-foreign = { $path } is a SQLite database but not an invmap store ({ $tables ->
        [one] 1 table
       *[other] { $tables } tables
    } of another application); it was left untouched — check --db / INVMAP_DB
store-side-check-stopped = internal error: a check beside this one stopped

## Changes

store-busy = the store { $path } is busy: another process has been writing to it for { $seconds } s; nothing was changed — retry in a moment
store-read-only = cannot write to the store { $path }: it is read-only for this user or on a read-only file system; nothing was changed — run as the store's owner, fix the permissions, or work on a copy
store-change-time = the change's time
store-already-rolled-back = refused: change { $target } was already rolled back by change { $by }; to redo it, roll back { $by }
store-reason-required = this store requires a reason for every change (require_reason is on): add --reason TEXT to say why (it is recorded with the { $kind } and its audit entries)
store-override-needs-reason = --override-window needs --reason TEXT: say why the change cannot wait
store-in-blackout = refused: { $now } is inside blackout window { $window }; wait until it ends, or use --override-window --reason TEXT. Nothing was changed.
store-commit-disk-full = cannot commit the change: the disk holding the store is full; nothing was changed — free space and retry
store-commit-failed = cannot commit the change; nothing was changed
store-reapplied = refused: this template (sha256 { $sha }) was already applied by change { $id } on { $at } by { $operator }; use --again to apply it anyway, or `invmap changes show { $id }` to see what it did. Nothing was changed.

## Backups

store-backup-file-copy = copied the store file under a read snapshot
store-backup-api-copy = another client holds the WAL: copying with the backup API
store-backup-wal-stuck = cannot take the backup out of WAL mode (journal mode { $mode })
store-backup-cannot-open = cannot open the backup { $path }
store-backup-cannot-create = cannot create the backup { $path }
store-backup-cannot-write = cannot write the backup ({ $why }, writing { $path })
store-backup-disk-full = no space left on its disk
store-backup-copy-failed = copy failed
store-backup-unusable = not a usable invmap backup: { $why }; the live store was not touched — use another backup
store-backup-not-sqlite = it is damaged or not a SQLite database ({ $error })
store-backup-damaged = it is damaged (integrity check: { $check })
store-backup-no-manifest = it has no invmap manifest (not made by `invmap backup`)
store-backup-unknown-format = unknown backup format { $format }
store-backup-other-version = it was written by another invmap version (schema { $schema }; this invmap knows 1 to { $latest })
store-backup-count-differs = the manifest promises { $promised ->
        [one] 1 link
       *[other] { $promised } links
    } but it holds { $actual }
store-backup-not-evidence = refused: { $path } does not hold as evidence: { $what }; nothing was changed — use another backup
store-backup-chain-broken = its audit chain is broken at entry { $id } (changed after it was written)
store-backup-entries-missing = its audit entries after { $after } are missing
store-backup-forged = rows of its changes that differ from their audit entries: { $count } ({ $rows })
store-backup-drifted = links not as its history recorded them: { $count } ({ $links })

## Examples of what the checks found (one line each)

store-example-change = change { $id }
store-example-entry = entry { $id }
store-example-forged = change { $change }: { $sku } @ { $warehouse }
store-drift-unrecorded = { $sku } @ { $warehouse }: no change recorded it ({ $stock ->
        [one] 1 unit
       *[other] { $stock } units
    })
store-drift-absent = { $sku } @ { $warehouse }: change { $change } left it absent; it is there with { $stock ->
        [one] 1 unit
       *[other] { $stock } units
    }
store-drift-differs = { $sku } @ { $warehouse }: { $stock ->
        [one] 1 unit
       *[other] { $stock } units
    } where change { $change } left { $left }
store-drift-gone = { $sku } @ { $warehouse }: gone; change { $change } left it with { $left ->
        [one] 1 unit
       *[other] { $left } units
    }
store-example-link-units = { $sku } @ { $warehouse } ({ $units ->
        [one] 1 unit
       *[other] { $units } units
    })
store-example-sku-units = { $sku } ({ $units ->
        [one] 1 unit
       *[other] { $units } units
    })
store-example-drain-overdue = { $sku } @ { $warehouse } (since { $since }, { $orders ->
        [one] 1 open order
       *[other] { $orders } open orders
    })
store-example-drain-held = { $sku } @ { $warehouse } (held since change { $change } undid its finish)
store-example-row-of = { $table } row { $row }
store-example-first-broken = first broken entry { $id }

## The consistency check (`invmap check`): each check's name and what to do about it

store-check-closed-links = links to closed warehouses
store-hint-closed-links = move them out with `invmap warehouse exit CODE --by-route` (or unbind them with --transfer-to)
store-check-stranded-stock = SKUs with stock but no active link
store-hint-stranded-stock = bind the SKU to an active warehouse, or move the stock
store-check-negative = negative stock
store-hint-negative = recount and correct with `invmap bind --qty`
store-check-orders-unlinked = open orders at a warehouse with no link
store-hint-orders-unlinked = re-route or cancel these orders in the shop; or bind the pair again
store-check-overdue-drains = drains past their buffer
store-hint-overdue-drains = run `invmap run-due`: it removes drains whose open orders are done; the others wait for their orders to ship
store-check-held-drains = drains on hold
store-hint-held-drains = run-due leaves these alone: resume with `invmap drain resume --sku S --warehouse W`, or keep the link with `invmap drain cancel --sku S --warehouse W`
store-check-integrity = integrity_check
store-hint-integrity = the file is damaged: restore from a backup
store-check-foreign-keys = foreign_key_check
store-hint-foreign-keys = a row points at a missing warehouse: add the warehouse
store-check-audit-chain = audit chain
store-hint-audit-chain = run `invmap audit verify`; restore the store from a backup you trust
store-check-changes-without-entries = changes without their audit entries
store-hint-changes-without-entries = entries were deleted behind invmap's back: restore the store from a backup you trust
store-check-entries-without-change = audit entries without their change
store-hint-entries-without-change = a change was deleted behind invmap's back: restore the store from a backup you trust
store-check-forged-rows = change rows that differ from their audit entries
store-hint-forged-rows = a before- or after-image was changed behind invmap's back: do not roll that change back; restore the store from a backup you trust
store-check-drifted-links = links that differ from their last change
store-hint-drifted-links = edited, added or deleted behind invmap's back: if what is there is right, record it with `invmap adopt --reason TEXT`; if not, restore from a backup
store-check-guards-missing = append-only guards missing
store-hint-guards-missing = someone dropped them: run `invmap init` to put them back, then `invmap audit verify`

## A change's effect (rollback, restore, bind, warehouse status)

store-rollback-forged = refused: change { $target }'s before-images differ from its audit entries in { $count ->
        [one] 1 row
       *[other] { $count } rows
    } ({ $rows }): they were edited behind invmap's back, and putting them back would write what nobody recorded; nothing was changed — run `invmap audit verify`, and restore the store from a backup you trust
store-rollback-drifted = refused: { $count ->
        [one] 1 link
       *[other] { $count } links
    } of change { $target } changed behind invmap's back since ({ $links }); undoing the change would overwrite what nobody recorded. Nothing was changed — if what is there is right, record it first with `invmap adopt --reason TEXT`, then roll back
store-rollback-status-changed = refused: warehouse { $code } is { $now } now, not { $left } as change { $target } left it: a later change set it; roll that one back first, or set the status with `invmap warehouse close|reopen`. Nothing was changed.
store-unknown-warehouse = unknown warehouse: see `invmap warehouse list`
store-status-already = warehouse { $code } is already { $status }; nothing changed
store-warehouse-exists = a warehouse with this code already exists: choose another code (or `invmap import warehouses` to update it)
store-not-draining = refused: { $sku } @ { $warehouse } is not draining; nothing was changed

## Moves

store-move-short = { $sku } @ { $warehouse } holds { $holds ->
        [one] 1 unit
       *[other] { $holds } units
    }; the moves take { $takes }
store-move-too-many = refused: more units moved than there are: { $short }; move at most what a link holds (--all, or an empty quantity in a template, moves all of it). Nothing was changed.
store-move-no-link = no link of { $sku } at { $warehouse }: nothing to move from there (see `invmap route --sku { $sku }`)
store-move-same-warehouse = the same warehouse as from: name another one
store-move-target-closed = warehouse { $warehouse } is closed: it takes no stock; reopen it or choose another
store-move-target-draining = { $sku } @ { $warehouse } is draining: it is leaving, not receiving; choose another warehouse
store-move-repeated = the same move as line { $first }: keep one

## Plans, stages, drains, exits, transfers

store-stage-before-missing = refused: stage { $stage } of this batch has not landed or was rolled back; plan { $plan } does not follow it. Nothing was changed.
store-plan-not-waiting = plan { $plan } is no longer waiting to be applied; nothing was changed
store-plan-changed = refused: plan { $plan } changed while this command ran (it was { $was }, it is now { $now }); nothing was changed — look again with `invmap plan show { $plan }`
store-plan-reason-required = this store requires a reason for every change (require_reason is on): add --reason TEXT to the plan (its change records it)
store-stages-under-way = refused: this file's batch in stages is under way (plan { $plan } and after); nothing was changed
store-plan-bad-line = plan { $plan } holds a bad { $what }; create it again
store-not-held = refused: { $sku } @ { $warehouse } is not a drain on hold (see `invmap check`); nothing was changed
store-exit-unfinished = the exit of { $warehouse } (change { $change }) is no longer finished ({ $links ->
        [one] 1 link
       *[other] { $links } links
    } there, or rolled back); { $warehouse } stays open
store-transfer-overflow = refused: the transfer would leave { $sku } @ { $warehouse } with { $qty } units, more than a link may hold ({ $max }); nothing was changed — transfer to another warehouse, or write the excess off

## Maintenance

store-optimize-in-use = another program has the store { $path } open: close it (every other invmap too) and run `invmap optimize` again; nothing was changed
store-optimize-rewriting = rewriting the store (it is as it was)
store-audit-out-of-order = internal error: audit entries were stored out of order; nothing was changed

## Ctrl-C and kill (src/signals.rs)

store-signal-interrupted-again = interrupted again: exiting now; the unfinished change was not committed
store-signal-interrupted-by = interrupted by { $signal }
store-signal-a-signal = a signal
store-signal-interrupted-after-change = interrupted ({ $signal }): the change recorded before the signal stays (see `invmap changes`); nothing else was changed
store-signal-interrupted = interrupted: nothing was changed ({ $signal } received)

## Input errors of an unbind batch

store-unknown-sku = unknown SKU: not in the store{ $hint }; check the code (Excel drops leading zeros)
store-pair-not-bound = pair not bound: { $sku } is not linked to { $warehouse }; see `invmap route --sku { $sku }`
store-transfer-to-itself = the transfer target is the warehouse being unbound: name another warehouse
store-transfer-unknown = unknown transfer target warehouse: see `invmap warehouse list`
store-transfer-unbound-too = the transfer target { $target } is unbound by this batch too (line { $line }): move the stock to a warehouse the SKU keeps

## PostgreSQL (SPEC §10). A URL is shown with its password hidden (`***`).
store-pg-bad-url = { $url } is not a PostgreSQL URL ({ $error }): write postgres://ROLE@HOST/DATABASE
store-pg-cannot-connect = cannot reach the PostgreSQL store at { $url }: { $error }
store-pg-newer = the store at { $url } has schema { $version }, newer than this invmap ({ $latest }): use a newer invmap
store-pg-missing = no invmap store in { $url }: create one with `invmap --db URL init`
store-pg-schema-failed = could not apply schema { $version }
store-pg-roles-failed = could not create the invmap roles (this needs a role with CREATEROLE, e.g. the database owner)
store-pg-not-yet = this command does not run on a PostgreSQL store yet (the README's "Team store on PostgreSQL" lists those that do); give --db a store file for it
store-pg-stock-too-large = { $sku } @ { $warehouse } would hold { $qty } units, more than a link holds on a PostgreSQL store ({ $max }: its stock_quantity is the seed's INT); nothing was changed
store-pg-not-allowed = the server refused your role: { $what } (changes are made by members of invmap_operator, plans decided by members of invmap_approver; see `invmap init --roles`)
store-tx-read-only = a dry run's transaction was asked to change the store (a bug in invmap: please report it with the command you ran)
store-copy-target-not-empty = { $target } already holds a store's content: a copy never merges two histories; copy into an empty database
store-copy-file-exists = { $path } already exists: copy into a new file
store-copy-source-broken = the source's audit chain does not hold (see `invmap audit verify`): a broken trail is not copied as if it held
store-copy-heads-differ = the copy's audit chain head differs from the source's ({ $source } here, { $target } there): nothing was kept
store-copy-unknown-table = copy does not know table { $table }: add it to store::copy::TABLES
store-copy-columns-differ = the stores do not have the same columns in table { $table }: copy needs a store this invmap wrote (run `invmap init` on it first)
store-copy-stock-too-wide = { $sku } @ { $warehouse } holds { $qty } units, more than the seed table's stock_quantity INT holds on PostgreSQL (−2147483648 to 2147483647): correct it before the copy
store-pg-chain-broken = the audit trail cannot be continued after entry { $id } (its hash is not one invmap wrote): see `invmap audit verify`
store-pg-no-tls = { $url } asks for TLS (sslmode { $mode }), which this invmap does not speak yet: connect over a local socket or a trusted network with sslmode=disable (or prefer), rather than in the clear by surprise
