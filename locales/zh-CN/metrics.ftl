# 指标：`invmap metrics`（表格）及其告警、结论与判定（src/metrics、src/report/metrics.rs）。
# 告警、结论、说明和判定同时是 json 的值：json 中始终为英文。

## 错误
metrics-error-until-before-since = --until { $until } 早于 --since { $since }：请先写较早的日期
metrics-error-window = { $value } 不是有效的时间窗口：请写整数天数，例如 7d

## 列表：“a、b、c、…”
metrics-list-separator = 、
metrics-list-more = 、…

## 时间窗口的告警
metrics-alert-accuracy = 库存准确率 { $accuracy } 低于目标 { $target }
metrics-alert-stockout = 缺货率 { $rate } 高于告警线 { $level }
metrics-alert-below-safety = { $count ->
   *[other] { $count } 个商品低于安全库存（{ $ids }）
}

## 判定
metrics-verdict-observing = 观察期中，至 { $until }
metrics-verdict-ok = 通过
metrics-verdict-alert = 告警：{ $alerts }
metrics-verdict-separator = ；
metrics-verdict-waiting = 等待签收，直到各批订单签收完毕，最晚至 { $until }
metrics-verdict-nothing-judged = { $verdict }（没有任何比率有足够数据可判定）

## 句子和前后对比表中的指标名
metrics-name-stockout = 缺货率
metrics-name-complaints = 客诉率
metrics-name-delivery = 配送时长
metrics-name-turnover = 周转天数
metrics-name-accuracy = 库存准确率
metrics-row-fulfilment = 订单履约率
metrics-row-settled = 已处理订单
metrics-row-complaints = 客诉
metrics-row-counts = 盘点次数

## 数值及其单位
metrics-value-days = { $days } 天
metrics-delta-points = { $points } 个百分点
metrics-delta-days = { $days } 天
metrics-difference = { $delta }（{ $low } … { $high }）
metrics-sample = { $before } → { $after } { $counted }
# 样本计数的名词（中文无复数）。
metrics-counted-orders = { $count ->
   *[other] 单
}
metrics-counted-delivered = { $count ->
   *[other] 单已签收
}
metrics-counted-sold = { $count ->
   *[other] 单已售出
}
metrics-counted-counts = { $count ->
   *[other] 次盘点
}
metrics-needed-counts = 变更后需要 { $count } 次盘点
metrics-needed-sample = 每侧需要 min_sample 单

## 结论（json 值 `rise`、`fall` 等的中文）
metrics-finding-rise = 上升
metrics-finding-fall = 下降
metrics-finding-steady = 平稳
metrics-finding-below-target = 低于目标
metrics-finding-not-enough-data = 数据不足
metrics-finding-incomplete = 未签收完
metrics-finding-incomplete-shares = { $finding }（已签收：{ $before } % / { $after } %）
metrics-finding-alert = ⚠ { $finding }：告警

## 告警或说明的句子
metrics-sentence-not-enough-data = { $metric }：数据不足（{ $before } 和 { $after } { $counted }；{ $needed }）
metrics-sentence-incomplete = { $metric }：订单尚未签收完（变更前已签收 { $before } %，变更后 { $after } %）；达到 { $complete } % 后再判定
metrics-sentence-below-target = 变更后{ $metric }为 { $after }（变更前 { $before }）
metrics-sentence-rose = { $metric }从 { $before } 升至 { $after }
metrics-sentence-fell = { $metric }从 { $before } 降至 { $after }
metrics-sentence-stayed = { $metric }从 { $before } 到 { $after }，保持平稳
metrics-sentence-interval = { $sentence }（{ $delta }，95 % 区间 { $low } … { $high }；{ $before } → { $after } { $counted }）
metrics-sentence-rule = { $sentence }——{ $rule }

## 各指标的判定规则
metrics-rule-stockout = 显著上升且最终高于告警线 { $level }（stockout_alert）
metrics-rule-complaints = 显著上升
metrics-rule-delivery = 显著上升 1 天或以上
metrics-rule-turnover = 变动超过 15 %
metrics-rule-accuracy = 低于目标 { $target }（accuracy_target）

## 单个时间窗口的表格
metrics-heading = 指标：{ $since } … { $until }（{ $days } 天，{ $timezone }）
metrics-headline-accuracy = 库存准确率
metrics-headline-fulfilment = 订单履约率（7 日）
metrics-headline-stockout = 缺货率
metrics-headline-complaints = 客诉率
metrics-headline-delivery = 配送天数
metrics-headline-turnover = 周转天数
metrics-headline-below = 低于安全库存
metrics-basis-counts = { $count } 次盘点
metrics-basis-fulfilment = 近 7 天的日均履约率
metrics-basis-stockout = { $settled } 单已处理订单中 { $unfulfilled } 单未履约
metrics-basis-complaints = { $complaints } 条客诉，{ $orders } 单（不含已取消）
metrics-basis-delivered = { $count } 单已签收
metrics-basis-turnover = 库存 { $stock } 件，售出 { $sold } 件
metrics-basis-products = 共 { $count } 个商品
metrics-no-alerts = 无告警。
metrics-alerts-heading = 告警：
metrics-below-heading = 低于安全库存（缺口最大的在前，共 { $total } 个，显示 { $shown } 个）：
metrics-classes-heading = 时间窗口内的 ABC 分类与仓储成本：
metrics-top-heading = 销售额前 { $count } 的商品：
metrics-formats-hint = （--format json 输出全部数据；--format csv 每个商品一行）

## 变更前后
metrics-heading-all = 全店的比率（--all）。
metrics-verdict-line = 判定：{ $verdict }
metrics-note-line = 说明：{ $note }
metrics-comparison-heading = 变更 { $change }（应用于 { $applied }），{ $scope }；{ $sides }
metrics-scope-all = 全店
metrics-scope-change = 其 { $pairs } 对涉及的 SKU（所有仓库）
metrics-sides-none = 变更后尚无完整的一天
metrics-sides = 前后各 { $days } 个完整天：变更前 { $before_since } … { $before_until }，变更后 { $after_since } … { $after_until }（{ $timezone }；变更当天不计入）
