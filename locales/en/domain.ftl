# domain: bad values and what to do, the safety rules' refusals and warnings, settings.
# Positions (`file:3:`), codes, flags, rule ids and setting names stay as they are.

## Where a problem is (domain/problem.rs)

domain-at-command-line = command line:{" "}
domain-at-command-line-pair = command line, pair { $pair }:{" "}
domain-input-problems = { $source } has { $count ->
    [one] 1 problem
   *[other] { $count } problems
  }; nothing was changed:
domain-input-problems-command-line = command line has { $count ->
    [one] 1 problem
   *[other] { $count } problems
  }; nothing was changed:
domain-input-more = … and { $count } more
domain-input-fix-command = Fix the command and run it again.
domain-input-fix-rows = Fix these rows and run the command again.

## Codes (domain/code.rs)

domain-noun-sku = SKU
domain-noun-warehouse-code = warehouse code
domain-code-empty = empty { $noun }: fill it in or delete the row
domain-code-outer-space = { $noun } starts or ends with a space: remove the spaces
domain-code-formula = { $noun } starts with '{ $first }': a spreadsheet would run it as a formula (= + - @ are refused at the start of a code); remove it
domain-code-too-long = { $len ->
    [one] 1 character
   *[other] { $len } characters
  }, the limit is { $max }: shorten the { $noun }
domain-code-nul = NUL byte in the { $noun }: remove it (the file was probably saved by a program that pads cells with zero bytes)
domain-code-control = invisible control character { $char } in the { $noun }: retype the code
domain-code-scientific = { $noun } looks like Excel scientific notation; the original digits are lost — format the column as Text in Excel and re-export
domain-code-numeric-float = { $noun } ends in ".0": the cell was numeric in Excel, which may also have dropped leading zeros — format the column as Text in Excel and re-export
domain-code-inner-space = space inside the { $noun }: codes have no spaces; remove it or use - or _
domain-code-bad-char = character '{ $char }' is not allowed in a { $noun } (allowed: letters, digits and - _ . / : #); check the code against the shop's product list

## Values (domain/values.rs)

domain-not-whole-number = not a whole number: write digits only (no decimals, separators or units), { $min } or more
domain-number-too-large = number too large: check the cell
domain-number-below-min = must be { $min } or more
domain-qty-negative = a stock quantity cannot be negative
domain-qty-too-large = more than { $max } units: check the cell
domain-cents-range = must be between 0 and { $max }.00
domain-not-an-amount = not an amount: write a number like 12.50 (at most { $decimals ->
    [one] 1 decimal
   *[other] { $decimals } decimals
  }, no currency sign or separators)
domain-amount-too-large = amount too large
domain-not-a-time = not a time: write RFC 3339 (2026-11-20T14:30:00+08:00) or YYYY-MM-DD HH:MM[:SS]
domain-unknown-order-status = unknown order status: use open, shipped, delivered, cancelled or unfulfilled (or 待发货, 已发货, 已签收, 已取消, 缺货)
domain-unknown-warehouse-status = unknown warehouse status: use active or closed

## Time zones and blackout windows (domain/zone.rs, domain/windows.rs)

domain-unknown-zone = unknown time zone { $zone }: use UTC, an offset like +08:00, or a name like Asia/Shanghai or Europe/Berlin
domain-bad-offset = unknown time zone { $zone }: write an offset as +08:00 or -05:30
domain-window-daily = daily { $from }-{ $to } { $zone }
domain-bad-daily-window = { $value } is not a daily window: write HH:MM-HH:MM, e.g. 20:00-23:00
domain-empty-daily-window = { $value } starts and ends at the same time: the window would be empty

## Operators and suggestions (domain/operator.rs, domain/near.rs)

domain-no-operator = no operator name: say who is making the change with --operator NAME (or INVMAP_OPERATOR)
domain-did-you-mean = {" "}(did you mean { $code }?)
domain-did-you-mean-case = {" "}(did you mean { $code }? codes are case-sensitive)

## Settings (domain/settings.rs)

domain-unknown-setting = unknown setting { $name }; the settings are: { $names }
domain-setting-bad-value = { $key }: { $value } is not { $kind ->
    [pairs] a whole number of pairs, or unset
    [hours] a whole number of hours
    [count] a whole number, 1 or more
    [ratio] a fraction between 0 and 1 (e.g. 0.03)
   *[switch] on or off
  }
domain-setting-bad-zone = { $key }: { $error }
domain-setting-approval-threshold = batches with more pairs than this need a plan approved by a second operator (0 = every change; unset = never)
domain-setting-drain-buffer-hours = hours after a drain began before run-due removes the link (once its open orders are done)
domain-setting-observation-hours = hours a change is observed before its verdict
domain-setting-plan-max-age-hours = an approval older than this must be given again before the plan is applied
domain-setting-stockout-alert = stockout rate above which metrics raise an alert
domain-setting-accuracy-target = inventory accuracy below which metrics raise an alert
domain-setting-min-sample = orders a rate needs on each side of a change before its verdict may alert (fewer: not enough data)
domain-setting-require-region-cover = refuse removing a SKU's last active warehouse in a region (unless --allow-region-gap)
domain-setting-require-reason = refuse any change without --reason (the reason is recorded with the change and its audit entries)
domain-setting-timezone = where calendar days, daily blackout hours and the times shown are counted: UTC, an offset like +08:00, or a name like Asia/Shanghai (with daylight saving where it has one)

## The safety rules of an unbind (domain/checks.rs)
## A refusal reads "refused: PAIR WHAT"; the code adds the rule id ([open-orders]).

domain-refused = refused: { $pair } { $what }
domain-oldest = {" "}(oldest { $at })
domain-refuse-open-orders = has { $count ->
    [one] 1 open order
   *[other] { $count } open orders
  }{ $since }; use --drain to stop new orders and remove the link once they are done and { $hours }h have passed
domain-refuse-closed-target = cannot transfer its { $qty ->
    [one] 1 unit
   *[other] { $qty } units
  } to { $target }: that warehouse is closed; choose an active warehouse with --transfer-to
domain-refuse-stock = holds { $qty ->
    [one] 1 unit; use --transfer-to WAREHOUSE to move it, or --write-off to record it as written off
   *[other] { $qty } units; use --transfer-to WAREHOUSE to move them, or --write-off to record them as written off
  }
domain-refuse-last-warehouse = is the SKU's last active warehouse: orders would have nowhere to ship from; bind another warehouse first, or use --allow-orphan
domain-refuse-region-cover = is the SKU's last active warehouse in region { $region } (require_region_cover is on); bind another warehouse in { $region } first, or use --allow-region-gap
domain-the-sku = the SKU
domain-region-gap = { $pair }: { $sku } will have no active warehouse in region { $region }

## The same rules for other changes (domain/effect.rs); WHAT is "this rollback", "the restore"…

domain-effect-open-orders = has { $count ->
    [one] 1 open order
   *[other] { $count } open orders
  } (oldest { $oldest }) and { $what } would remove the link they ship from; let them ship first, or use --force --reason TEXT
domain-effect-stock = holds { $qty ->
    [one] 1 unit
   *[other] { $qty } units
  } and { $what } would take { $drop ->
    [one] 1 unit
   *[other] { $drop } units
  } of { $sku }'s stock off the books; move them first (`invmap unbind --transfer-to`), or use --force --reason TEXT
domain-effect-last-warehouse = is { $sku }'s last warehouse that takes orders, and { $what } would leave it none; bind it elsewhere first, or use { $way_out }
domain-effect-closed-target = is at closed warehouse { $warehouse }, which takes no new links; reopen it or choose another warehouse
domain-effect-region-cover = refused: { $gap } (require_region_cover is on); keep a warehouse there, or use --allow-region-gap
domain-effect-closed-warning = { $pair }: { $what } puts the link back at closed warehouse { $warehouse }, which takes no orders
domain-effect-open-at-closing = { $pair }: { $count ->
    [one] 1 open order
   *[other] { $count } open orders
  } can still ship from { $warehouse } after it closes (its link stays)
domain-window-shown = #{ $id } "{ $reason }" ({ $span })
