# Table headers in Chinese, keyed by the JSON key (`col-KEY`). English tables show the key
# itself (underscores as spaces); JSON and CSV keep the key in every language.
# 表格列名（中文），键为 JSON 键名。每个经 `report::print_list` / `print_object` 以表格输出的
# 结构体的每个键都在这里（字段名与 serde 重命名后一致）。

## print_object：字段 / 值
col-field = 字段
col-value = 值

## metrics（src/report/metrics.rs）：概览、低于安全库存、ABC 分类、销售额排行、前后对比
col-metric = 指标
col-basis = 依据
col-product_id = SKU
col-stock = 库存
col-safety_stock = 安全库存
col-units_sold = 售出件数
col-replenishment_days = 补货天数
col-class = 分类
col-sales_value = 销售额
col-share_before = 前序累计占比
col-products = 商品数
col-links = 绑定关系
col-storage_cost = 仓储成本
col-before = 变更前
col-after = 变更后
col-difference = 差值
col-sample = 样本
col-finding = 结论

## unbind --dry-run（PlannedPair）；json/csv 另有 refused_by、refusals
col-line = 行
col-warehouse_code = 仓库
col-action = 操作
col-stock_quantity = 库存
col-transfer_to = 转移至
col-open_orders = 未发货订单
col-refused_by = 拒绝规则
col-refusals = 拒绝原因

## changes、changes show（Line、Shown、ItemRow）
col-id = 编号
col-at = 时间
col-operator = 操作员
col-kind = 类型
col-rows = 行数
col-reason = 原因
col-ticket = 工单
col-rolled_back_by = 被回滚于
col-state = 状态
col-rolls_back = 回滚了
col-plan = 计划
col-approved_by = 批准人
col-override_reason = 时段豁免原因
col-note = 备注

## warehouse list（WarehouseRow）
col-code = 编码
col-name = 名称
col-region = 地区
col-status = 状态

## blackout list
col-from = 开始
col-to = 结束
col-daily = 每日
col-open_now = 当前生效

## audit、audit verify（AuditEntry、Verification）
col-change_id = 变更
col-detail = 详情
col-hash = 哈希
col-entries = 条目数
col-head = 链头
col-first_broken = 首个断点
col-gap_after = 缺口起点

## --force 预演（Overwrite）
col-now = 当前
col-becomes = 变为

## route（RouteRow）
col-rank = 顺序
col-priority = 优先级

## plan list、plan show（Line、PlanRow、计划的各对）
col-created_at = 创建时间
col-creator = 创建人
col-pairs = 对数
col-approver = 批准人
col-effective_at = 生效时间
col-change = 变更
col-source_file = 源文件
col-source_sha256 = 源文件 SHA256
col-options = 选项
col-approved_at = 批准时间
col-rejected_by = 驳回人
col-reject_reason = 驳回原因
col-applied_change = 应用的变更
col-last_refusal = 最近一次拒绝

## settings list、settings get
col-key = 设置项
col-default = 默认值
col-meaning = 说明

## check（Finding）
col-check = 检查项
col-count = 数量
col-examples = 示例
col-hint = 提示

## reconcile（Difference）
col-here = 本系统
col-there = 对方系统

## 变更命令的 json/csv 结果（ChangeResult）
col-audit_head = 审计链头
col-audit_entries = 审计条目
col-changes = 变更
col-message = 消息
col-total = 合计
col-command_line = 命令行

## A column's fixed words, in Chinese tables only (`val-COLUMN-VALUE`, spaces as `_`); JSON and
## CSV keep the word.
val-status-active = 启用
val-status-closed = 已关闭
val-state-active = 启用
val-state-draining = 排空中
val-kind-only_here = 仅本系统有
val-kind-only_there = 仅对方有
val-kind-stock_differs = 库存不同
val-action-unbind = 解绑
val-action-transfer = 转移
val-action-write-off = 报损
val-action-drain = 排空
val-action-bind = 绑定
val-action-move = 调拨
val-action-insert = 新增
val-action-update = 更新
val-action-delete = 删除
val-action-close = 关闭
val-action-reopen = 重新启用

## A change's kind (`changes`) and an audit entry's action (`audit`), in Chinese tables.
val-kind-unbind = 解绑
val-kind-bind = 绑定
val-kind-move = 调拨
val-kind-rollback = 回滚
val-kind-restore = 恢复
val-kind-adopt = 认领
val-kind-reconcile = 对账
val-kind-import-mappings = 导入绑定关系
val-kind-import-warehouses = 导入仓库
val-kind-warehouse-exit = 撤仓
val-kind-warehouse-add = 添加仓库
val-kind-warehouse-close = 关闭仓库
val-kind-warehouse-reopen = 重新启用仓库
val-kind-warehouse-region = 修改仓库地区
val-kind-drain-finish = 完成排空
val-kind-drain-cancel = 取消排空
val-kind-drain-resume = 恢复排空
val-kind-scheduled-unbind = 定时解绑
val-kind-plan-create = 创建计划
val-kind-plan-approve = 批准计划
val-kind-plan-reject = 驳回计划
val-kind-plan-schedule = 计划定时
val-kind-plan-apply = 执行计划
val-kind-plan-refused = 计划被拒绝
val-kind-blackout-add = 添加促销/高峰时段
val-kind-blackout-remove = 删除促销/高峰时段
val-kind-setting = 修改设置
val-kind-override-window = 越过促销/高峰时段
val-kind-optimize = 整理存储库
val-kind-guards-restored = 恢复只追加保护
val-kind-exit = 撤仓
val-kind-transfer-in = 转入
val-kind-write-off = 报损
val-kind-transfer = 转移
val-action-rollback = 回滚
val-action-restore = 恢复
val-action-adopt = 认领
val-action-reconcile = 对账
val-action-import-mappings = 导入绑定关系
val-action-import-warehouses = 导入仓库
val-action-warehouse-exit = 撤仓
val-action-warehouse-add = 添加仓库
val-action-warehouse-close = 关闭仓库
val-action-warehouse-reopen = 重新启用仓库
val-action-warehouse-region = 修改仓库地区
val-action-drain-finish = 完成排空
val-action-drain-cancel = 取消排空
val-action-drain-resume = 恢复排空
val-action-scheduled-unbind = 定时解绑
val-action-plan-create = 创建计划
val-action-plan-approve = 批准计划
val-action-plan-reject = 驳回计划
val-action-plan-schedule = 计划定时
val-action-plan-apply = 执行计划
val-action-plan-refused = 计划被拒绝
val-action-blackout-add = 添加促销/高峰时段
val-action-blackout-remove = 删除促销/高峰时段
val-action-setting = 修改设置
val-action-override-window = 越过促销/高峰时段
val-action-optimize = 整理存储库
val-action-guards-restored = 恢复只追加保护
val-action-exit = 撤仓
val-action-transfer-in = 转入
val-bool-true = 是
val-bool-false = 否
