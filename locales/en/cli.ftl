# cli: the commands' own words (src/cli). Arguments are named as in the code.

## The context every command gets
cli-bad-now = INVMAP_NOW={ $value } is not an RFC 3339 time (e.g. 2026-11-27T09:00:00Z)
cli-cannot-start = cannot start
cli-no-change-yet = there is no change yet: see `invmap changes`
cli-not-a-change-id = not a change id: give a number from `invmap changes`, or last
cli-and-more = … and { $count } more
cli-cannot-create = cannot create { $path }
cli-cannot-write = cannot write { $path }

## audit
cli-audit-broken-at = audit chain broken at entry { $id } ({ $entries ->
        [one] 1 entry
       *[other] { $entries } entries
    } checked): it was changed after it was written; restore the store from a backup you trust
cli-audit-gap = audit chain broken: entries after { $after } are missing (deleted behind invmap's back)
cli-audit-changes-without-entries = { $count ->
        [one] 1 change
       *[other] { $count } changes
    } without their audit entries ({ $examples }): entries were deleted behind invmap's back
cli-audit-entries-without-change = { $count ->
        [one] 1 audit entry
       *[other] { $count } audit entries
    } without their change ({ $examples }): a change was deleted behind invmap's back
cli-audit-forged-rows = rows of changes that no longer say what their audit entries say: { $count } ({ $rows }): changed behind invmap's back
cli-audit-drifted-links = links not as their last change left them: { $count } ({ $links }): edited, added or deleted behind invmap's back; if what is there is right, record it with `invmap adopt --reason TEXT`
cli-audit-guards-missing = the append-only guards are missing ({ $guards }): anyone could have rewritten entries since; `invmap init` puts them back
cli-audit-kept-head-missing = the head you kept ({ $head }…) is not in the trail: entries were cut from its end or it was rewritten; restore the store from a backup you trust
cli-audit-does-not-hold = audit trail does not hold: { $problems }
cli-audit-intact = Audit chain intact: { $entries ->
        [one] 1 entry
       *[other] { $entries } entries
    }, head { $head }.
cli-audit-kept-head-found = The head you kept is entry { $at }; { $count ->
        [one] 1 entry
       *[other] { $count } entries
    } written since: nothing was cut from the end.
cli-audit-state-holds = Every link is as its last change left it.
cli-audit-anchor-written = Wrote the audit head to { $path }: entry { $entry }, head { $head }. Keep it where the store's writers cannot change it; `invmap audit verify --anchor { $path }` proves nothing was cut since.
cli-audit-cannot-read-anchor = cannot read the anchor { $path }
cli-audit-not-an-anchor = not an anchor written by `invmap audit anchor`: { $error }

## changes
cli-changes-no-such-change = no such change: see `invmap changes`
cli-changes-source = source: { $source } (sha256 { $sha256 })
cli-changes-command = command: { $command }
cli-changes-head-after = audit chain head after this change: { $head }
cli-changes-first-rows = (first { $shown } of { $total ->
        [one] 1 row
       *[other] { $total } rows
    }; --rows N or --format csv for more)
cli-changes-state-observing = observing until { $until }
cli-changes-state-done = done
cli-changes-state-stage = stage { $stage } of { $stages }, { $observed }
cli-changes-stage-waits = Stage { $stage } of { $stages } (plan { $plan }) waits for the verdict on change { $change }; `invmap run-due` applies it once that is ok.
cli-changes-drains-waiting = Drains still waiting ({ $count }):
cli-changes-drain-held = on hold (its finish was rolled back): `unbind --drain` resumes it
cli-changes-drain-open-orders = { $count ->
        [one] 1 open order
       *[other] { $count } open orders
    }
cli-changes-drain-buffer = buffer until { $until }
cli-changes-drain-line = { $sku } @ { $warehouse } since { $since }: { $why }

## import
cli-note = note: { $note }
cli-import-summary = Imported { $kind } from { $file }: { $inserted } inserted, { $updated } updated, { $unchanged } unchanged.
cli-import-needs-plan = refused: this import touches { $count ->
        [one] 1 link
       *[other] { $count } links
    }, more than approval_threshold ({ $limit }); create a plan with `invmap plan create --import-mappings { $file }` and have another operator approve it. Nothing was changed.
cli-import-links-at-closed = warning: { $count ->
        [one] 1 link at closed warehouse { $code }: it takes
       *[other] { $count } links at closed warehouse { $code }: they take
    } no orders until it reopens (`invmap warehouse reopen { $code }`)
cli-import-this-import = this import
cli-import-orphan-override = a plan with --force --reason TEXT
cli-import-plan-hint = invmap warehouse close CODE (one warehouse at a time)
cli-import-count-key = { $sku } @ { $warehouse } at { $at }
cli-import-duplicate-key = this key appears earlier in the file too: keep one row per key
cli-import-no-rows = { $file }: no data rows
cli-import-unknown-warehouse = unknown warehouse: add it first (`invmap warehouse add` or `invmap import warehouses`){ $hint }

## export, backup, restore
cli-export-wrote = Wrote { $count ->
        [one] 1 row
       *[other] { $count } rows
    } to { $path }.
cli-backup-done = Backed up { $count ->
        [one] 1 link
       *[other] { $count } links
    } to { $path } (checksum in { $checksum }). Check it any time with `invmap restore { $path } --dry-run`.
cli-restore-counts = { $removed ->
        [one] 1 link
       *[other] { $removed } links
    } removed, { $added } added, { $updated } updated{ $warehouses ->
        [0] {""}
        [one] , 1 warehouse added
       *[other] , { $warehouses } warehouses added
    }
cli-restore-dry-run = Dry run: restoring would make the links equal to the backup's: { $what }. Nothing was changed.
cli-restored = Restored the links: { $what }.

## blackout
cli-blackout-ends-before-start = ends before it starts ({ $start }): give an end after the start
cli-blackout-give-span = give --from T --to T, or --daily HH:MM-HH:MM
cli-blackout-give-reason = give --reason: it is shown in every refusal
cli-blackout-added = Blackout window { $id } added; changes inside it are refused unless --override-window.
cli-blackout-no-such-window = no such window: see `invmap blackout list`
cli-blackout-removed = Blackout window { $id } removed.

## warehouse
cli-warehouse-added = Added warehouse { $code }.
cli-warehouse-closed = Closed warehouse { $code }; { $count ->
        [one] 1 link no longer takes
       *[other] { $count } links no longer take
    } new orders.
cli-warehouse-reopened = Reopened warehouse { $code }; { $count ->
        [one] 1 link takes
       *[other] { $count } links take
    } orders again.
cli-warehouse-close-dry-run = Dry run: closing { $code } would touch { $count ->
        [one] 1 link
       *[other] { $count } links
    }. Nothing was changed.
cli-warehouse-reopen-dry-run = Dry run: reopening { $code } would touch { $count ->
        [one] 1 link
       *[other] { $count } links
    }. Nothing was changed.

## reconcile, adopt
cli-reconcile-adopted = Recorded { $file }'s state on { $count ->
        [one] 1 link
       *[other] { $count } links
    }: { $added } added, { $updated } set, { $removed } removed.
cli-reconcile-compared = Compared { $compared ->
        [one] 1 row
       *[other] { $compared } rows
    } of { $file } at the warehouses it names: { $only_here } only here, { $only_there } only there, { $differs } with other stock; { $units_here ->
        [one] 1 unit
       *[other] { $units_here } units
    } here, { $units_there } there.
cli-reconcile-match = The links match the file.
cli-reconcile-first = (first { $shown } of { $total }; --format csv lists them all)
cli-reconcile-unknown-warehouse = unknown warehouse { $warehouse }: add it here first (`invmap warehouse add`){ $hint }
cli-reconcile-same-pair = the same pair as line { $line }: keep one row per pair
cli-adopt-what = { $count ->
        [one] 1 link
       *[other] { $count } links
    }: { $updated } edited, { $added } added, { $removed } deleted behind invmap's back
cli-adopt-would = Would record { $what }, as they are.
cli-adopt-did = Recorded { $what }, as they are.

## route
cli-route-unknown-sku = unknown SKU: not in the store{ $hint }
cli-route-none = warning: { $sku } has no warehouse that takes orders
cli-route-skipped-draining = Skipped (draining): { $warehouses }
cli-route-left-out-closed = Left out (warehouse closed): { $warehouses }

## optimize, check, init, settings, metrics, report, man
cli-optimize-already = { $path } already uses { $kib } KiB pages: nothing to do.
cli-optimize-server = A PostgreSQL store has no pages for invmap to convert: the server keeps its own (and autovacuum its tables). Nothing to do.
cli-optimize-backed-up = Backed up { $count ->
        [one] 1 link
       *[other] { $count } links
    } to { $path } first.
cli-optimize-broken = the audit trail does not verify after the conversion: restore { $path } (`invmap restore`)
cli-optimize-done = Converted { $path }: { $page_before } → { $page_after } byte pages, { $size_before } → { $size_after } MiB; audit trail intact ({ $entries ->
        [one] 1 entry
       *[other] { $entries } entries
    }). The backup stays at { $backup }.
cli-check-found = check found { $count ->
        [one] 1 kind
       *[other] { $count } kinds
    } of problem (listed above)
cli-check-passed = All checks passed.
cli-init-guards-restored = warning: the audit trail's append-only guards were missing ({ $guards }): put back and recorded; run `invmap audit verify` and `invmap check`
cli-init-schema = Store { $path } is at schema { $version } (latest { $latest }).
cli-settings-set = { $key } = { $value } (recorded in the audit trail)
cli-metrics-change-and-window = --change compares the --window before and after the change: drop --since/--until
cli-report-wrote = Wrote { $path } — open it in a browser (it works offline).
cli-man-wrote = Wrote { $count ->
        [one] 1 manual page
       *[other] { $count } manual pages
    } to { $path }.

cli-copy-same-kind = copy goes between a store file and a PostgreSQL store: one of --db and --to is postgres://…, the other a file (`invmap backup -o FILE.db` copies a file)
cli-copy-done = Copied { $rows } rows to { $to }: { $links ->
    [one] 1 link
   *[other] { $links } links
}, { $changes ->
    [one] 1 change
   *[other] { $changes } changes
}, { $entries ->
    [one] 1 audit entry
   *[other] { $entries } audit entries
}. Audit chain head on both sides: { $head }
cli-init-roles-file = --roles is for a PostgreSQL store (--db postgres://…): a store file has no roles
cli-init-server-created = Created an invmap store in { $url }.
cli-init-server-schema = { $url }: schema { $version } (this invmap writes { $latest }).
cli-init-roles-done = Roles invmap_reader, invmap_operator and invmap_approver are ready: give each person one with `GRANT invmap_operator TO their_role;`.
cli-operator-not-role = on a PostgreSQL store the operator is the role you connect as ({ $role }): --operator (or INVMAP_OPERATOR) names { $given }; connect as that role, or leave the name out
