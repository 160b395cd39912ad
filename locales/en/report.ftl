# report: the HTML page of `invmap report` (src/report/html.rs). Its figures' words (counts,
# products, delivered orders) are the metrics-… messages of the metrics table.

report-title = invmap report { $since } … { $until }
report-heading = Inventory report
report-subtitle = Store { $store } · window { $since } … { $until } ({ $days ->
    [one] 1 day
   *[other] { $days } days
}, { $timezone }) · generated { $generated }
report-headline = Headline
report-fulfilment-heading = Fulfilment rate, 7-day rolling
report-stock-heading = Stock by warehouse
report-abc-heading = ABC split
report-storage-heading = Storage cost over the window, by warehouse and class
report-latest-change = Latest change
report-no-change = No change recorded yet.
report-comparison-heading = Change { $change } — before and after
report-verdict = Verdict:
report-below-heading-cut = Below safety stock ({ $shown } of { $total ->
    [one] 1 product
   *[other] { $total } products
}; largest shortfall first)
report-below-heading = Below safety stock ({ $total ->
    [one] 1 product
   *[other] { $total } products
}; largest shortfall first)
report-footer = Definitions: the README, Metrics and the report. Made by invmap; this page loads nothing from the network.

## Headline cards
report-card-accuracy = Inventory accuracy
report-card-fulfilment = Fulfilment, 7-day
report-card-stockout = Stockout rate
report-card-complaints = Complaint rate
report-card-delivery = Delivery days
report-card-turnover = Turnover days
report-card-below = Below safety stock
report-card-sold = Units sold
report-basis-fulfilment = last day of the window
report-basis-stockout = { $unfulfilled } of { $settled ->
    [one] 1 settled order
   *[other] { $settled } settled orders
}
report-basis-complaints = { $count ->
    [one] 1 complaint
   *[other] { $count } complaints
}
report-basis-stock = { $count ->
    [one] 1 unit in stock
   *[other] { $count } units in stock
}
report-basis-settled = { $count ->
    [one] 1 order settled
   *[other] { $count } orders settled
}
report-alerts = Alerts
report-no-alerts = No alerts in this window.

## Charts
report-aria-curve = 7-day fulfilment rate
report-aria-stock = stock by warehouse
report-aria-abc = sales value by ABC class
report-mark-title = change { $id } at { $at }
report-mark-one = change { $id }
report-mark-few = changes { $ids }
report-mark-many = changes { $low }–{ $high } ({ $count })
report-closed = { $stock } (closed)

## Table headers
report-col-class = class
report-col-products = products
report-col-sales-value = sales value
report-col-stock = stock
report-col-storage-cost = storage cost
report-col-warehouse = warehouse
report-col-total = total
report-col-links = links
report-col-metric = metric
report-col-before = before
report-col-after = after
report-col-difference = difference (95 % interval)
report-col-sample = sample
report-col-finding = finding
report-col-product = product
report-col-safety-stock = safety stock
report-col-units-sold = units sold
report-col-replenishment = replenishment days
