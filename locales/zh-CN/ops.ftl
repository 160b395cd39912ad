# ops：每个变更都要经过的引擎（src/ops）。参数名与代码中一致。

## 小词

ops-list-sep = 、
ops-clause-sep = ，
ops-and-more = ……另有 { $count } 条
ops-warning-line = 警告：{ $text }
ops-note-line = 提示：{ $text }
ops-no-such-change = 没有这个变更：见 `invmap changes`
ops-cannot-read = 无法读取 { $path }
ops-change-bad-time = 变更 { $change } 的时间 { $time } 无法识别
ops-count-pairs = { $count } 对
ops-count-source-links = { $count } 个调出绑定关系

## 规则语句中的“这次变更”（“……本次调拨会移除……的绑定关系”）

ops-what-move = 本次调拨
ops-what-bind = 本次绑定
ops-what-rollback = 本次回滚
ops-what-restore = 本次恢复
ops-what-reconcile = 以对方系统的数据为准
ops-what-adopt = 记录这次删除
ops-what-close = 关闭 { $code }
ops-what-reopen = 重新启用 { $code }

## 受控入口（change.rs）

ops-force-needs-reason = --force 需要 --reason TEXT：请说明为何可以越过规则（会被记录）
ops-refusal = { $message } [{ $rule }]
ops-door-refused-way-out = 未做任何更改：请处理上面列出的问题，或用 --force --reason TEXT 强制执行（会被记录）。
ops-conflict-by-change = { $sku } @ { $warehouse } 之后又被变更 { $change } 改动过
ops-conflict-outside = { $sku } @ { $warehouse } 之后又被 invmap 之外的改动改过
ops-conflicts-refused = 拒绝：变更 { $change } 中有 { $count } 行此后又被改动；请先回滚后来的变更，或用 --force --reason TEXT 仍按变更 { $change } 的变更前快照恢复。未做任何更改。
ops-door-needs-plan = 拒绝：本次变更涉及 { $pairs } 对，超过 approval_threshold（{ $threshold }）；请用 `{ $hint }` 创建计划，并由另一位操作员批准。未做任何更改。
ops-move-plan-hint = invmap plan create --move --from-csv FILE（把这次调拨写成一行模板：product_id,from,to,quantity）
ops-drain-cancel-plan-hint = invmap bind（绑定关系保留；请另一位操作员批准）
ops-reconcile-needs-reason = reconcile --adopt 需要 --reason TEXT：请说明为何以对方系统为准（会被记录）
ops-adopt-needs-reason = adopt 需要 --reason TEXT：请说明为何表中现有的数据是对的（会被记录）

## 解绑批次（unbind.rs）

ops-source-plan = 计划 { $id }
ops-source-exit = { $warehouse } 撤仓
ops-bad-priority = 不是有效的优先级：应为 0 或更大的整数（越小越先发货）
ops-empty-cell = 为空：请填写（此列必填）
ops-plan-create-same = 参数相同的 `invmap plan create`
ops-batch-needs-plan = 拒绝：本批次有 { $pairs } 对，超过 approval_threshold（{ $threshold }）；请创建计划：{ $create }，并由另一位操作员批准。未做任何更改。
ops-duplicate-strict = 与第 { $first } 行是同一对（--strict）：请删除重复行
ops-duplicates = 警告：{ $count } 处重复（第 { $lines } 行）：与前面某行是同一对；每对只解绑一次
ops-refusal-at-line = 第 { $line } 行：{ $message } [{ $rule }]
ops-pairs-refused = { $count } 对被拒绝；未做任何更改。
ops-summary = { $pairs } 对：{ $parts }。
ops-summary-unbound = { $count } 个已解绑
ops-summary-transferred = { $count } 个已转移（{ $units } 件）
ops-summary-written-off = { $count } 个已报损（{ $units } 件）
ops-summary-draining = { $count } 个排空中（由 `invmap run-due` 完成）

## 回滚（rollback.rs）

ops-nothing-to-roll-back = 没有可回滚的变更：每个变更都已撤销
ops-already-rolled-back = 拒绝：变更 { $change } 已被变更 { $by } 回滚；如要重做，请回滚变更 { $by }

## 调拨（moves.rs）

ops-move-summary = { $units } 件，共 { $moves } 笔调拨，涉及 { $links } 个绑定关系

## 分阶段执行（stages.rs）

ops-share-not-percentage = { $part } 不是百分比：请写成如 30%,100%
ops-share-out-of-range = { $part }：每个阶段的比例须在 1% 到 100% 之间
ops-shares-must-rise = { $part }：比例是累计的，必须递增（如 30%,60%,100%）
ops-shares-one-stage = 只有一个 100% 的阶段不算分阶段：请给出两个或更多，如 30%,100%
ops-shares-last-100 = 最后一个阶段必须是 100%（整个批次），如 30%,100%
ops-stage-split = 第 { $stage }/{ $stages } 阶段：至多批次的 { $share }%，{ $size }
ops-stage-moves-summary = 已调拨 { $what }。
ops-stage-prev-not-applied = 拒绝：计划 { $plan } 是第 { $stage }/{ $stages } 阶段；第 { $prev } 阶段（计划 { $prev_plan }）尚未执行
ops-stage-prev-rolled-back = 拒绝：第 { $prev } 阶段（变更 { $change }）已被变更 { $undo } 回滚：该批次到此为止；请用 `invmap plan reject { $plan } --reason TEXT` 驳回其余阶段
ops-stage-prev-not-ok = 拒绝：第 { $stage } 阶段（计划 { $plan }）要等第 { $prev } 阶段的变更 { $change } 判定为“通过”才能执行；目前的判定是 { $verdict }（届时由 `invmap run-due` 执行；用 --no-wait 创建的批次由操作员自行执行）
ops-stage-batch-stopped-rolled-back = 计划 { $batch } 的批次已停止：第 { $stage } 阶段（变更 { $change }）已被变更 { $undo } 回滚。
ops-stage-waits-observing = 第 { $stage }/{ $stages } 阶段（计划 { $plan }）等待变更 { $change }：{ $verdict }。
ops-stage-stopped-alert = 计划 { $batch } 的批次在第 { $stage }/{ $stages } 阶段前停止：第 { $prev } 阶段（变更 { $change }）告警：{ $verdict }。请查看 `invmap metrics --change { $change }`；可用 `invmap rollback { $change }` 撤销
ops-stage-stopped-nothing = 计划 { $batch } 的批次已停止：第 { $stage } 阶段未做任何更改：{ $summary }
ops-stage-applied = 已执行第 { $stage }/{ $stages } 阶段（计划 { $plan }，变更 { $change } 判定为“通过”之后）：{ $summary }
ops-stage-waits-refused = 第 { $stage }/{ $stages } 阶段（计划 { $plan }）等待中：{ $error }

## 撤仓（exit.rs）

ops-exit-unknown-warehouse = 未知仓库：见 `invmap warehouse list`{ $suggestion }
ops-exit-way-out = 这里被拒绝的 SKU 离开 { $code } 后无仓可发：请先把它绑定到另一个仓库（`invmap bind --sku SKU --warehouse CODE`，再重新执行撤仓），或用 --to CODE 把所有 SKU 的库存转移到同一个仓库；已无库存的 SKU 也可以用 --allow-orphan 放行。
ops-exit-closing-note =
    { $count ->
        [0] { $code } 现在关闭：该仓库已没有绑定关系。
        [one] { $code } 将在其排空中的绑定关系移除后关闭（由 `invmap run-due` 在未发货订单完成后执行）。
       *[other] { $code } 将在其 { $count } 个排空中的绑定关系全部移除后关闭（由 `invmap run-due` 在未发货订单完成后执行）。
    }
ops-exit-waits-staying = { $code } 撤仓（变更 { $change }）等待中：{ $code } 有 { $count } 个绑定关系不在撤出之列（{ $examples }）；请用 `invmap warehouse exit { $code } --by-route` 把它们撤出（或解绑）
ops-exit-finished-closed-already = { $code } 撤仓已完成（该仓库此前已关闭）。
ops-exit-closed = 已关闭仓库 { $code }：其撤仓（变更 { $change }）已完成。
ops-exit-closing-waits = { $code } 撤仓（变更 { $change }）：关闭仍在等待：{ $error }

## 执行到期任务（run_due.rs）

ops-run-due-busy = 另一个 run-due 正在处理此存储库（{ $host } 上的 pid { $pid }，自 { $since } 起）；本次无事可做。
ops-run-due-nothing = 没有到期任务。
ops-run-due-still-draining = 仍有 { $count } 个绑定关系在排空中（见 `invmap changes`）。
ops-run-due-left-pending = 还有 { $count } 项待处理。
ops-drain-waits = 排空 { $sku } @ { $warehouse } 等待中：{ $message }
ops-drains-finished = 已完成 { $count } 个排空。
ops-drains-wait = 排空等待中：{ $error }
ops-plan-approval-expired = 其批准已超过 { $hours } 小时（plan_max_age_hours）：请重新批准
ops-scheduled-applied = 已执行定时计划 { $plan }：{ $summary }
ops-plan-stays-scheduled = 计划 { $plan }（到期 { $due }）保持定时：{ $why }

## 按规则汇总的警告（warnings.rs）

ops-warnings-more = 警告：……共 { $count } 对{ $about } [{ $rule }]；-v 可列出全部
ops-warnings-more-by-region = 警告：……共 { $count } 对{ $about } [{ $rule }]（{ $regions }）；-v 可列出全部
ops-warnings-about-region-cover = 会使 SKU 在某个地区没有可用仓库
ops-warnings-about-open-orders = 在将关闭的仓库仍有未发货订单
ops-warnings-about-closed-target = 会把绑定关系放回已关闭的仓库
ops-warnings-about-other = 带有此警告

## 备份与恢复（backup.rs）

ops-backup-kind = { $path }：文件名须以 .db 或 .csv 结尾
ops-backup-failed = { $path } 下没有写入任何内容；请腾出空间或换个位置，然后重试
ops-no-backup-file = 没有这个备份文件
ops-backup-intact = { $path } 完好：{ $links } 个绑定关系，于 { $made } 从 { $source } 制作；校验和与历史均一致。
ops-backup-unchecked = { $path } 含 { $links } 个绑定关系，于 { $made } 从 { $source } 制作：结构与历史一致，但没有校验和，无法证明文件自制作以来未被改动。
ops-backup-other-store = 警告：{ $path } 来自另一个存储库（存储库 id 与本存储库不同）：恢复会用那个存储库的绑定关系替换本存储库的
ops-restore-unknown-warehouse = 未知仓库 { $warehouse }：请先添加再恢复
ops-backup-no-checksum = 警告：备份旁边没有 { $path }：只检查其结构
ops-backup-checksum-mismatch = 文件与其校验和 { $path } 不符（应为 sha256 { $expected }，实为 { $found }）：文件已损坏或被改动；当前存储库未被改动——请换一个备份

## 长命令的步骤（phases.rs）：进度提示与 `-v`

ops-phase-took = 步骤 { $name }：{ $ms } ms
ops-phase-total = 合计：{ $ms } ms
ops-phase-parse = 解析
ops-phase-plan = 规划
ops-phase-validate = 校验
ops-phase-check = 规则检查
ops-phase-apply = 应用
ops-phase-commit = 提交
ops-phase-open = 打开
ops-phase-copy = 复制
ops-phase-checksum-sync = 校验和与同步
ops-phase-load = 载入
ops-phase-audit = 审计
