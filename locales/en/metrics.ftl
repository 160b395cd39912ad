# metrics: `invmap metrics` (table), its alerts, findings and verdicts (src/metrics,
# src/report/metrics.rs). Alerts, findings, notes and verdicts are also json values: those are
# written in English whatever the language.

## Errors
metrics-error-until-before-since = --until { $until } is before --since { $since }: give the earlier date first
metrics-error-window = { $value } is not a window: write a whole number of days such as 7d

## Lists: "a, b, c, …"
metrics-list-separator = {", "}
metrics-list-more = {", …"}

## A window's alerts
metrics-alert-accuracy = inventory accuracy { $accuracy } is below the { $target } target
metrics-alert-stockout = stockout rate { $rate } is above the { $level } alert level
metrics-alert-below-safety = { $count ->
    [one] 1 product below safety stock ({ $ids })
   *[other] { $count } products below safety stock ({ $ids })
}

## Verdicts
metrics-verdict-observing = observing until { $until }
metrics-verdict-ok = ok
metrics-verdict-alert = alert: { $alerts }
metrics-verdict-separator = {"; "}
metrics-verdict-waiting = waiting for deliveries until the cohorts are complete, at the latest { $until }
metrics-verdict-nothing-judged = { $verdict } (no rate had enough data to judge)

## Metric names in sentences and in the before/after table
metrics-name-stockout = stockout rate
metrics-name-complaints = complaint rate
metrics-name-delivery = delivery time
metrics-name-turnover = turnover
metrics-name-accuracy = inventory accuracy
metrics-row-fulfilment = fulfilment rate
metrics-row-settled = settled orders
metrics-row-complaints = complaints
metrics-row-counts = counts

## Values and their units
metrics-value-days = { $days } days
metrics-delta-points = { $points } points
metrics-delta-days = { $days } days
metrics-difference = { $delta } ({ $low } … { $high })
metrics-sample = { $before } → { $after } { $counted }
# What a sample counts; `count` is 1 only when each side is one.
metrics-counted-orders = { $count ->
    [one] order
   *[other] orders
}
metrics-counted-delivered = { $count ->
    [one] delivered order
   *[other] delivered orders
}
metrics-counted-sold = { $count ->
    [one] sold order
   *[other] sold orders
}
metrics-counted-counts = { $count ->
    [one] count
   *[other] counts
}
metrics-needed-counts = { $count } needed after the change
metrics-needed-sample = min_sample needed on each side

## Findings (the json values `rise`, `fall`, … in words)
metrics-finding-rise = rise
metrics-finding-fall = fall
metrics-finding-steady = steady
metrics-finding-below-target = below target
metrics-finding-not-enough-data = not enough data
metrics-finding-incomplete = incomplete
metrics-finding-incomplete-shares = { $finding } (delivered: { $before } % / { $after } %)
metrics-finding-alert = ⚠ { $finding }: alert

## The sentence of an alert or a note
metrics-sentence-not-enough-data = { $metric }: not enough data ({ $before } and { $after } { $counted }; { $needed })
metrics-sentence-incomplete = { $metric }: incomplete (before: { $before } % of orders delivered, after: { $after } %); judged once { $complete } % are
metrics-sentence-below-target = { $metric } is { $after } after the change ({ $before } before)
metrics-sentence-rose = { $metric } rose from { $before } to { $after }
metrics-sentence-fell = { $metric } fell from { $before } to { $after }
metrics-sentence-stayed = { $metric } stayed from { $before } to { $after }
metrics-sentence-interval = { $sentence } ({ $delta }, 95 % interval { $low } … { $high }; { $before } → { $after } { $counted })
metrics-sentence-rule = { $sentence } — { $rule }

## The rule each metric is judged by
metrics-rule-stockout = a significant rise that ends above the { $level } alert level (stockout_alert)
metrics-rule-complaints = a significant rise
metrics-rule-delivery = a significant rise of a day or more
metrics-rule-turnover = a move of more than 15 %
metrics-rule-accuracy = below the { $target } target (accuracy_target)

## The table of one window
metrics-heading = Metrics for { $since } … { $until } ({ $days ->
    [one] 1 day
   *[other] { $days } days
}, { $timezone })
metrics-headline-accuracy = inventory accuracy
metrics-headline-fulfilment = fulfilment, 7-day
metrics-headline-stockout = stockout rate
metrics-headline-complaints = complaint rate
metrics-headline-delivery = delivery days
metrics-headline-turnover = turnover days
metrics-headline-below = below safety stock
metrics-basis-counts = { $count ->
    [one] 1 count
   *[other] { $count } counts
}
metrics-basis-fulfilment = mean daily rate, last 7 days
metrics-basis-stockout = { $unfulfilled } unfulfilled of { $settled ->
    [one] 1 settled order
   *[other] { $settled } settled orders
}
metrics-basis-complaints = { $complaints ->
    [one] 1 complaint
   *[other] { $complaints } complaints
}, { $orders ->
    [one] 1 order
   *[other] { $orders } orders
} (not cancelled)
metrics-basis-delivered = { $count ->
    [one] 1 delivered order
   *[other] { $count } delivered orders
}
metrics-basis-turnover = { $stock ->
    [one] 1 unit
   *[other] { $stock } units
} in stock, { $sold } sold
metrics-basis-products = of { $count ->
    [one] 1 product
   *[other] { $count } products
}
metrics-no-alerts = No alerts.
metrics-alerts-heading = Alerts:
metrics-below-heading = Below safety stock (largest shortfall first, { $shown } of { $total }):
metrics-classes-heading = ABC classes and storage cost over the window:
metrics-top-heading = { $count ->
    [one] Top 1 product by sales value:
   *[other] Top { $count } products by sales value:
}
metrics-formats-hint = (--format json for every figure; --format csv for one row per product)

## Before and after a change
metrics-heading-all = Rates over the whole store (--all).
metrics-verdict-line = Verdict: { $verdict }
metrics-note-line = note: { $note }
metrics-comparison-heading = Change { $change } (applied { $applied }), { $scope }; { $sides }
metrics-scope-all = the whole store
metrics-scope-change = the SKUs of its { $pairs ->
    [one] 1 pair
   *[other] { $pairs } pairs
} at every warehouse
metrics-sides-none = no complete day after it yet
metrics-sides = { $days ->
    [one] 1 complete day
   *[other] { $days } complete days
} each side: { $before_since } … { $before_until } before, { $after_since } … { $after_until } after ({ $timezone }; the change's own day in neither)
