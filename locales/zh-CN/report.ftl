# 报告：`invmap report` 的 HTML 页面（src/report/html.rs）。数字的说明文字（盘点次数、商品数、
# 已签收订单）用指标表格的 metrics-… 消息。

report-title = invmap 报告 { $since } … { $until }
report-heading = 库存报告
report-subtitle = 存储库 { $store } · 时间窗口 { $since } … { $until }（{ $days } 天，{ $timezone }）· 生成于 { $generated }
report-headline = 概览
report-fulfilment-heading = 订单履约率（7 日滚动）
report-stock-heading = 各仓库库存
report-abc-heading = ABC 分类占比
report-storage-heading = 时间窗口内的仓储成本（按仓库和 ABC 分类）
report-latest-change = 最近的变更
report-no-change = 尚未记录任何变更。
report-comparison-heading = 变更 { $change }：前后对比
report-verdict = 判定：
report-below-heading-cut = 低于安全库存（共 { $total } 个商品，显示 { $shown } 个；缺口最大的在前）
report-below-heading = 低于安全库存（共 { $total } 个商品；缺口最大的在前）
report-footer = 指标定义见 README。本页由 invmap 生成，不从网络加载任何内容。

## 概览卡片
report-card-accuracy = 库存准确率
report-card-fulfilment = 订单履约率（7 日）
report-card-stockout = 缺货率
report-card-complaints = 客诉率
report-card-delivery = 配送天数
report-card-turnover = 周转天数
report-card-below = 低于安全库存
report-card-sold = 售出件数
report-basis-fulfilment = 时间窗口最后一天
report-basis-stockout = { $settled } 单已处理订单中 { $unfulfilled } 单
report-basis-complaints = { $count } 条客诉
report-basis-stock = 库存 { $count } 件
report-basis-settled = 已处理 { $count } 单
report-alerts = 告警
report-no-alerts = 本时间窗口无告警。

## 图表
report-aria-curve = 7 日订单履约率
report-aria-stock = 各仓库库存
report-aria-abc = 各 ABC 分类的销售额
report-mark-title = 变更 { $id }，{ $at }
report-mark-one = 变更 { $id }
report-mark-few = 变更 { $ids }
report-mark-many = 变更 { $low }–{ $high }（{ $count } 个）
report-closed = { $stock }（已关闭）

## 表头
report-col-class = 分类
report-col-products = 商品数
report-col-sales-value = 销售额
report-col-stock = 库存
report-col-storage-cost = 仓储成本
report-col-warehouse = 仓库
report-col-total = 合计
report-col-links = 绑定关系
report-col-metric = 指标
report-col-before = 变更前
report-col-after = 变更后
report-col-difference = 差值（95 % 区间）
report-col-sample = 样本
report-col-finding = 结论
report-col-product = 商品
report-col-safety-stock = 安全库存
report-col-units-sold = 售出件数
report-col-replenishment = 补货天数
