# demo: `invmap demo`, its summary and the walkthrough's steps. The data the demo generates
# (product, warehouse and category names, the reasons it passes to commands) is stored in the
# store and stays the same in every language; only what it prints for a person is here.

demo-built = Built { $path } in { $secs } s from the CSV files in { $dir }/ (seed { $seed }):
demo-built-data = { $warehouses ->
        [one] 1 warehouse
       *[other] { $warehouses } warehouses
    } in { $regions ->
        [one] 1 region
       *[other] { $regions } regions
    }, { $skus ->
        [one] 1 SKU
       *[other] { $skus } SKUs
    }, { $links ->
        [one] 1 link
       *[other] { $links } links
    }, { $orders ->
        [one] 1 order
       *[other] { $orders } orders
    } over { $days ->
        [one] 1 day
       *[other] { $days } days
    } ({ $open } open),
demo-built-records = { $counts ->
        [one] 1 cycle count
       *[other] { $counts } cycle counts
    }, { $complaints ->
        [one] 1 complaint
       *[other] { $complaints } complaints
    }.
demo-store-exists = { $path } already exists and is not empty: the demo builds a new store — give another path with --db, or remove that file first
demo-cannot-write = cannot write { $path }
demo-cannot-export-links = the demo could not export its links (exit { $code })
demo-creating-dir = creating { $path }
demo-no-open-order = the demo data has no open order on a link
demo-no-two-links = the demo data has no SKU with two active links

## The walkthrough: a header per step, its explanation, the command as typed, its output.

demo-header = ── Step { $n }: { $title } ──
demo-header-clock-starts = ── Step { $n }: { $title } ── (the walk's clock: { $now })
demo-header-clock-moves = ── Step { $n }: { $title } ── (the clock moves on: { $now })
demo-exit-code = (exit { $code })
demo-open-report = Open the report in a browser: { $path }
demo-try-next = Try next:

## The steps: a title, and why (`-why`).

demo-step-warehouses = Look at the warehouses
demo-step-warehouses-why = Links and stock per warehouse; one is closed.
demo-step-export = Export before the change
demo-step-export-why = The sheet to keep: every SKU with its stock per warehouse.
demo-step-backup = Back up before the change
demo-step-backup-why = A verified snapshot of the links (restore with `invmap restore`).
demo-step-route = Where do orders for a SKU go?
demo-step-route-why = The routing order: active links first, then priority, then stock.
demo-step-refused = A pair with open orders is refused
demo-step-refused-why = Nothing changes; the message names the rule and the way out.
demo-step-dry-run = Dry run of a batch
demo-step-dry-run-why = Exactly what would change, and every refusal — without changing anything.
demo-step-apply = Apply the batch
demo-step-apply-why = One transaction: rollback point, audit entries, then the deletes and the transfer.
demo-step-changes = The rollback points
demo-step-changes-why = Every change, who made it, and why.
demo-step-audit = Is the audit trail intact?
demo-step-audit-why = Recompute the hash chain.
demo-step-undo = Undo the batch
demo-step-undo-why = Restores the before-images, as a new change (which can be undone too).
demo-step-approval = Two-person control: big batches need a plan
demo-step-approval-why = With approval_threshold set, a batch larger than it is refused…
demo-step-batch-refused = The batch is refused now
demo-step-batch-refused-why = It has more pairs than the threshold: exit 3, nothing changed, and the way out.
demo-step-plan = …so the batch becomes a plan
demo-step-plan-why = The pairs and options are stored and checked; nothing changes yet.
demo-step-own-plan = The creator cannot approve their own plan
demo-step-own-plan-why = Refused (exit 3): a second person must look at it.
demo-step-supervisor = A supervisor approves it
demo-step-supervisor-why = --operator records who (it is a record, not authentication).
demo-step-plan-apply = Apply the approved plan
demo-step-plan-apply-why = Every check runs again; the change records creator and approver.
demo-step-blackout = A blackout window for a promotion
demo-step-blackout-why = While it is open, every change is refused unless --override-window --reason.
demo-step-in-window = A change inside the window is refused
demo-step-in-window-why = Nothing changes; the message names the window.
demo-step-promotion-over = The promotion is over
demo-step-promotion-over-why = Removing the window is recorded in the audit trail too.
demo-step-single = A single unbind
demo-step-single-why = The everyday case.
demo-step-bar = A bar for a shop this size
demo-step-bar-why = From here on, changes above 200 pairs need a second person.
demo-step-reconcile = Reconcile with the warehouse system
demo-step-reconcile-why = The WMS export (旺店通 columns) against the store: links only here, only there, stock that differs (exit 3 when they differ).
demo-step-adopt = Adopt the WMS's count
demo-step-adopt-why = Recorded as one audited change, judged like any other (and undone by rollback).
demo-step-migration = Seasonal migration: winter stock south, in two stages
demo-step-migration-why = Half the moves now; the rest once this change's verdict is ok (run-due, after the observation period).
demo-step-exit = Region exit: Chengdu closes, Chongqing takes over the West
demo-step-exit-why = One plan: every link's stock to CQ01, links with open orders drained, CD01 closed when the last drain ends.
demo-step-exit-approve = A supervisor approves the exit
demo-step-exit-approve-why = Above the bar, so a second person looks at it.
demo-step-exit-apply = Apply the exit
demo-step-exit-apply-why = Stock moves to CQ01 now; CD01 takes no new orders; its open orders still ship from it.
demo-step-overflow = Empty the closed overflow warehouse
demo-step-overflow-why = TJ01 was closed with links left: an exit by route moves them out (it is closed already).
demo-step-shipped = A day later: CD01's open orders have shipped
demo-step-shipped-why = The shop's next order export, imported (a known order id updates its status).
demo-step-run-due = Three days later: run-due
demo-step-run-due-why = Finishes the drains (CD01 closes) and applies the migration's second stage, its first stage's verdict being ok.
demo-step-stages = The changes, with their stages
demo-step-stages-why = Every rollback point; the migration's stages say which they were.
demo-step-verdict-migration = The verdict on the migration's first stage
demo-step-verdict-migration-why = Before/after for its SKUs, once the observation period has passed.
demo-step-verdict-exit = The verdict on Chengdu's exit
demo-step-verdict-exit-why = The same for every pair the exit touched.
demo-step-verdict-wms = The verdict on the adopted WMS count
demo-step-verdict-wms-why = And for the three links the reconciliation changed.
demo-step-spring = Spring: the way back
demo-step-spring-why = (The demo's spring comes early.) Reverse writes the templates that take the whole migration back, both stages, to review.
demo-step-spring-apply = Apply the way back
demo-step-spring-apply-why = A new change: the winter stock goes north again.
demo-step-check = Consistency report
demo-step-check-why = Finds the leftovers an operator should look at (exit 3 when it finds any).
demo-step-metrics = Metrics after the changes
demo-step-metrics-why = Accuracy, fulfilment, stockouts, complaints, delivery, turnover, safety stock, ABC (the README, Metrics and the report).
demo-step-verdict-spring = Judge the way back
demo-step-verdict-spring-why = Before/after for the SKUs it touched, its observation period over.
demo-step-verdict-exit-week = A week on: the verdict on Chengdu's exit
demo-step-verdict-exit-week-why = Complete days on each side, with the orders of every SKU it touched.
demo-step-report = The report for the manager
demo-step-report-why = One self-contained HTML page: figures, alerts, charts, and the exit's before/after.
demo-on-server = Copied the demo store to { $url }: { $links } links, { $entries } audit entries, audit chain head { $head }. The walkthrough plays several operators (a plan approved by a second person), which one role connected to a server cannot: run `invmap demo` on a file to walk through it; on the server, try `invmap --db URL changes`, `unbind --dry-run`, `plan list`, `audit verify`.
