# domain：错误的值及解决办法、安全规则的拒绝与警告、设置。
# 位置（`file:3:`）、编码、参数、规则 ID 和设置名保持原样。

## 问题所在的位置（domain/problem.rs）

domain-at-command-line = 命令行：
domain-at-command-line-pair = 命令行第 { $pair } 对：
domain-input-problems = { $source } 有 { $count } 个问题，未做任何更改：
domain-input-problems-command-line = 命令行有 { $count } 个问题，未做任何更改：
domain-input-more = ……另有 { $count } 个
domain-input-fix-command = 请修正命令后重新运行。
domain-input-fix-rows = 请修正这些行后重新运行命令。

## 编码（domain/code.rs）

# 后面紧跟中文，所以 SKU 带一个空格。
domain-noun-sku = SKU{" "}
domain-noun-warehouse-code = 仓库编码
domain-code-empty = { $noun }为空：请填写，或删除这一行
domain-code-outer-space = { $noun }首尾有空格：请删除空格
domain-code-formula = { $noun }以 '{ $first }' 开头：表格软件会把它当作公式执行（编码开头不允许 = + - @）；请删除它
domain-code-too-long = { $noun }最多 { $max } 个字符，这里有 { $len } 个：请缩短
domain-code-nul = { $noun }中有 NUL 字节：请删除（文件可能是由一个用零字节填充单元格的程序保存的）
domain-code-control = { $noun }中有不可见的控制字符 { $char }：请重新输入编码
domain-code-scientific = { $noun }看起来是 Excel 的科学计数法，原来的数字已经丢失——请在 Excel 中把该列设为“文本”格式后重新导出
domain-code-numeric-float = { $noun }以 ".0" 结尾：该单元格在 Excel 中是数值格式，前导零可能也已丢失——请在 Excel 中把该列设为“文本”格式后重新导出
domain-code-inner-space = { $noun }中间有空格：编码不能含空格；请删除空格，或改用 - 或 _
domain-code-bad-char = { $noun }中不允许出现字符 '{ $char }'（允许：字母、数字和 - _ . / : #）；请对照店铺的商品清单核对编码

## 值（domain/values.rs）

domain-not-whole-number = 不是整数：只写数字（不带小数、分隔符或单位），不小于 { $min }
domain-number-too-large = 数字太大：请检查该单元格
domain-number-below-min = 必须不小于 { $min }
domain-qty-negative = 库存数量不能为负数
domain-qty-too-large = 超过 { $max } 件：请检查该单元格
domain-cents-range = 必须在 0 到 { $max }.00 之间
domain-not-an-amount = 不是金额：请写成 12.50 这样的数字（最多 { $decimals } 位小数，不带货币符号或分隔符）
domain-amount-too-large = 金额太大
domain-not-a-time = 不是时间：请写成 RFC 3339 格式（2026-11-20T14:30:00+08:00）或 YYYY-MM-DD HH:MM[:SS]
domain-unknown-order-status = 未知的订单状态：请用 待发货、已发货、已签收、已取消、缺货（或 open、shipped、delivered、cancelled、unfulfilled）
domain-unknown-warehouse-status = 未知的仓库状态：请用 启用 或 停用（或 active、closed）

## 时区与促销/高峰时段（domain/zone.rs、domain/windows.rs）

domain-unknown-zone = 未知的时区 { $zone }：请用 UTC、+08:00 这样的偏移，或 Asia/Shanghai、Europe/Berlin 这样的名称
domain-bad-offset = 未知的时区 { $zone }：偏移请写成 +08:00 或 -05:30
domain-window-daily = 每天 { $from }-{ $to } { $zone }
domain-bad-daily-window = { $value } 不是每日时段：请写成 HH:MM-HH:MM，例如 20:00-23:00
domain-empty-daily-window = { $value } 的开始和结束时间相同：这个时段将为空

## 操作员与建议（domain/operator.rs、domain/near.rs）

domain-no-operator = 没有操作员姓名：请用 --operator NAME（或环境变量 INVMAP_OPERATOR）说明是谁在做这次变更
domain-did-you-mean = （您是不是要找 { $code }？）
domain-did-you-mean-case = （您是不是要找 { $code }？编码区分大小写）

## 设置（domain/settings.rs）

domain-unknown-setting = 未知的设置 { $name }；可用的设置有：{ $names }
domain-setting-bad-value = { $key }：{ $value } 无效，{ $kind ->
    [pairs] 请填写对数（整数），或 unset
    [hours] 请填写整数小时数
    [count] 请填写不小于 1 的整数
    [ratio] 请填写 0 到 1 之间的小数（如 0.03）
   *[switch] 请填写 on 或 off
  }
domain-setting-bad-zone = { $key }：{ $error }
domain-setting-approval-threshold = 对数超过此值的批次需要由第二位操作员批准的计划（0 = 每次变更都需要；unset = 从不需要）
domain-setting-drain-buffer-hours = 排空开始后，run-due 移除绑定关系之前等待的小时数（且其未发货订单都已完成）
domain-setting-observation-hours = 一次变更在得出判定之前的观察小时数
domain-setting-plan-max-age-hours = 批准超过此小时数后，必须重新批准才能执行计划
domain-setting-stockout-alert = 缺货率超过此值时，指标发出告警
domain-setting-accuracy-target = 库存准确率低于此值时，指标发出告警
domain-setting-min-sample = 一个比率在变更前后各需要多少订单，判定才可以告警（不足：数据不足）
domain-setting-require-region-cover = 拒绝移除 SKU 在某个地区最后一个启用中的仓库（除非使用 --allow-region-gap）
domain-setting-require-reason = 拒绝任何没有 --reason 的变更（原因会与变更及其审计日志一起记录）
domain-setting-timezone = 计算自然日、每日高峰时段和显示时间所用的时区：UTC、+08:00 这样的偏移，或 Asia/Shanghai 这样的名称（有夏令时的地方按夏令时计算）

## 解绑的安全规则（domain/checks.rs）
## 拒绝的格式是“拒绝：对 原因”；代码会加上规则 ID（[open-orders]）。

domain-refused = 拒绝：{ $pair } { $what }
domain-oldest = （最早 { $at }）
domain-refuse-open-orders = 有 { $count } 个未发货订单{ $since }；请用 --drain 停止接收新订单，待这些订单完成且过了 { $hours } 小时后再移除绑定关系
domain-refuse-closed-target = 无法把它的 { $qty } 件库存转移到 { $target }：该仓库已关闭；请用 --transfer-to 选择一个启用中的仓库
domain-refuse-stock = 有 { $qty } 件库存；请用 --transfer-to WAREHOUSE 转移库存，或用 --write-off 报损
domain-refuse-last-warehouse = 是该 SKU 最后一个启用中的仓库：订单将无仓可发；请先绑定另一个仓库，或使用 --allow-orphan
domain-refuse-region-cover = 是该 SKU 在地区 { $region } 最后一个启用中的仓库（require_region_cover 已开启）；请先在 { $region } 绑定另一个仓库，或使用 --allow-region-gap
domain-the-sku = 该 SKU
domain-region-gap = { $pair }：{ $sku } 在地区 { $region } 将没有启用中的仓库

## 其他变更的同一套规则（domain/effect.rs）；WHAT 是“本次回滚”“此次恢复”等

domain-effect-open-orders = 有 { $count } 个未发货订单（最早 { $oldest }），{ $what }会移除这些订单发货所用的绑定关系；请先让它们发货，或使用 --force --reason TEXT
domain-effect-stock = 有 { $qty } 件库存，{ $what }会把 { $sku } 的 { $drop } 件库存从账上移除；请先转移库存（`invmap unbind --transfer-to`），或使用 --force --reason TEXT
domain-effect-last-warehouse = 是 { $sku } 最后一个接单的仓库，{ $what }之后它将无仓可发；请先把它绑定到别的仓库，或使用 { $way_out }
domain-effect-closed-target = 位于已关闭的仓库 { $warehouse }，该仓库不接受新的绑定关系；请重新启用该仓库，或选择另一个仓库
domain-effect-region-cover = 拒绝：{ $gap }（require_region_cover 已开启）；请在该地区保留一个仓库，或使用 --allow-region-gap
domain-effect-closed-warning = { $pair }：{ $what }会把绑定关系放回已关闭的仓库 { $warehouse }，该仓库不接单
domain-effect-open-at-closing = { $pair }：{ $count } 个未发货订单在 { $warehouse } 关闭后仍可从该仓库发货（其绑定关系保留）
domain-window-shown = #{ $id }“{ $reason }”（{ $span }）
