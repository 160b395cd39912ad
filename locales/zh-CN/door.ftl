# door：变更类命令（unbind、plan、分阶段、撤仓、rollback、reverse、move、bind、drain）。
# 参数名与代码中一致（`tr!("key", name = …)`）；术语见 locales/GLOSSARY.md。

## 共用

door-dry-run-nothing-changed = 预演：不会做任何更改。
door-blackout-refused = 拒绝：{ $now } 处于促销/高峰时段 { $window }之内；请等它结束，或使用 --override-window --reason TEXT。未做任何更改。
door-unknown-warehouse = 未知仓库：请先用 `invmap warehouse add` 添加
door-status-pending = 待批准
door-status-approved = 已批准
door-status-scheduled = 已定时
door-status-applied = 已执行
door-status-rejected = 已驳回

## unbind 解绑

door-stages-not-scheduled = --stages 与 --effective-at 不能同用：分阶段执行的批次立即开始；请改为定时执行一个普通批次
door-dry-run-scheduled = 预演：该批次将定时于 { $time } 执行（届时会重新检查）。不会做任何更改。
door-unbind-scheduled = 已定时为计划 { $id }：`invmap run-due` 将在 { $time } 执行，届时会重新检查每一对。
door-dry-run-first-listed = （{ $count } 对中只列出前 { $shown } 对；--report FILE.csv 中有全部）
door-would-change = 将会变更：{ $summary }
door-dry-run-refused = 计划变更 { $count } 对；因以下拒绝，整个批次都不会执行。
door-not-future = 不是将来的时间（现在是 { $now }）：请给出更晚的时间
door-plan-not-created = 未创建计划：请修正这些对，或用 --with-refusals 将其作为已知拒绝保留（执行计划时会重新运行所有检查）。
door-plan-known-refusals = 警告：按目前的情况，这些对会被拒绝（执行计划时会重新检查）：
door-unbind-give-pairs = 请成对给出 --sku 和 --warehouse（两者个数相同），或给出 --from-csv FILE

## plan 计划

door-stages-only-unbind = --stages 只能拆分解绑批次（成对给出或 --from-csv），不能用于这类变更
door-plan-reject-refused = 拒绝：计划 { $id } 的状态是{ $status }；只有尚未执行的计划才能驳回
door-plans-rejected = 已驳回 { $count } 个计划（{ $ids }）：第 { $stage }/{ $stages } 阶段及其后各阶段。
door-plan-rejected = 已驳回计划 { $id }。
door-self-approval = 拒绝：计划 { $id } 由 { $operator } 创建，创建人不能再批准它（双人复核）；须由另一位操作员运行 `invmap --operator NAME plan approve { $id }`
door-plan-approve-refused = 拒绝：计划 { $id } 的状态是{ $status }；只有待批准的计划（或批准已过期的计划）才能批准
door-plan-approved = 计划 { $id } 已由 { $operator } 批准；用 `invmap plan apply { $id }` 执行。
door-batch-approved = 计划 { $ids }（该批次的 { $stages } 个阶段）已由 { $operator } 批准；用 `invmap plan apply { $batch }` 执行第 1 阶段。
door-plan-created = 已创建计划 { $id }，共 { $count } 对：等待另一位操作员运行 `invmap plan approve { $id }`。
door-stage-no-effective-at = 计划 { $id } 是某批次的第 { $stage }/{ $stages } 阶段：它的执行时间由前一阶段决定（前一阶段判定为通过后由 `invmap run-due` 执行）；--effective-at 不适用
door-plan-not-approved = 拒绝：计划 { $id } 尚未批准；须由另一位操作员运行 `invmap plan approve { $id }`
door-plan-already-applied = 拒绝：计划 { $id } 已由变更 { $change } 执行
door-plan-cannot-apply = 拒绝：计划 { $id } 的状态是{ $status }，不能执行
door-approval-expired = 拒绝：计划 { $id } 于 { $at } 批准，已超过 { $hours } 小时（plan_max_age_hours）；数据可能已有变化：请重新批准
door-effective-at-unbind-only = --effective-at 只能定时执行解绑计划；计划 { $id } 是 { $kind } 计划：请在到期时执行
door-plan-scheduled = 计划 { $id } 已定时：`invmap run-due` 将在 { $time } 执行，届时会重新检查每一对。
door-stage-approval-expired = 拒绝：计划 { $id } 的批准已超过 { $hours } 小时（plan_max_age_hours）：请重新批准
door-stage-landed = 第 { $stage }/{ $stages } 阶段（计划 { $plan }，批次的 { $share }）：{ $summary }
door-no-such-plan = 没有这个计划：见 `invmap plan list`
door-batch-stage-line = 计划 { $id } 第 { $stage } 阶段（{ $share }，{ $count } 对，{ $status }）
door-batch-of-plan = 本计划是一个批次（共 { $total } 对）的第 { $stage }/{ $stages } 阶段：{ $lines }。一次批准覆盖所有阶段；第一阶段之后的每个阶段都要等前一阶段的判定{ $no_wait ->
        [yes] （此处用了 --no-wait：由操作员逐个执行）
       *[no] {""}
    }。

## 其他变更的计划

door-bind-one-pair = --bind 只接受一个 --sku 和一个 --warehouse
door-plan-bad = 计划 { $id } 中的{ $what ->
        [target] 目标变更
        [warehouse] 仓库
        [sku] SKU
        [quantity] 数量
       *[kind] 类型 { $kind }
    }无效；请重新创建
door-plan-kind-not-created = 未创建计划：请修正上面指出的问题，或用 --with-refusals 将其作为已知拒绝保留，或用 --force --reason TEXT 创建计划。
door-plan-file-unreadable = 拒绝：计划 { $id } 的文件 { $file } 已无法读取；未做任何更改
door-plan-file-changed = 拒绝：{ $file } 在计划 { $id } 创建后被修改过（当前 sha256 为 { $sha }）；未做任何更改——请重新创建计划
door-dry-run-file-unchanged = 预演：计划的文件未被修改；不会做任何更改。
door-plan-applied = 已执行计划 { $id }。

## 分阶段

door-no-stage-applied = 未执行任何阶段：请先修正这些对。
door-no-stage-applied-moves = 未执行任何阶段。
door-empty-stage = 在共 { $total } 对的批次中，第 { $stage } 阶段将没有任何对：请减少阶段数或加大比例
door-batch-under-way = 拒绝：此文件的分阶段批次正在进行中（计划 { $batch } 及之后；见 `invmap plan list`）：用 `invmap plan apply ID` 执行它的下一阶段，或用 `invmap plan reject { $batch } --reason TEXT` 驳回；--again 会另起一个批次。未做任何更改。
door-in-stages = 分阶段：{ $line }
door-stage-one-empty = 拒绝：第 1 阶段没有做任何更改（{ $summary }）；计划 { $first }–{ $last } 已驳回。未做任何更改。
door-stage-one-refused = 第 1 阶段被拒绝；该批次的计划 { $first }–{ $last } 已驳回
door-pairs = { $count } 对
door-source-links = { $count } 个源绑定关系
door-next-stage-no-wait = 第 2 阶段（计划 { $plan }，{ $what }）由你在评估变更 { $change } 后自行执行：`invmap plan apply { $plan }`。
door-next-stage-wait = 第 2 阶段（计划 { $plan }，{ $what }）将在变更 { $change } 经过 { $hours } 小时观察期、判定为“通过”后继续：届时由 `invmap run-due` 执行；若判定为告警，则停止该批次。
door-plan-stage-line = 计划 { $id }：{ $line }
door-stage-plans-created = 已创建计划 { $first }–{ $last }：由另一位操作员用 `invmap plan approve { $first }` 批准整个批次（所有阶段），然后用 `invmap plan apply { $first }` 执行第 1 阶段。

## 经 ops::change 的变更

door-forced = 已强制：{ $message } [{ $rule }]
door-force-overwrites = --force 会回退这些行，尽管它们之后又有变化（当前库存 -> 回退后）：
door-would-force = 将强制：{ $message } [{ $rule }]

## drain 排空

door-drain-resumed = { $sku } @ { $warehouse } 的排空不再挂起：其订单完成后由 `invmap run-due` 完成排空。
door-drain-cancelled = { $sku } @ { $warehouse } 重新接单；其排空已取消。

## 撤仓

door-exit-no-target = 请说明库存去向：--by-route（每个 SKU 的下一个仓库）或 --to CODE
door-exit-dry-run-then = 预演：随后，{ $note }
door-exit-scheduled = 已定时为计划 { $id }：`invmap run-due` 将在 { $time } 执行 { $code } 的撤仓，届时会重新检查每个绑定关系。
door-exit-landed = { $code } 撤仓：{ $summary }
door-exit-landed-draining = { $code } 撤仓：{ $summary }{ $note }
door-exit-warning = 警告：{ $waits }
door-exit-empty = { $code } 没有任何绑定关系：撤仓即关闭该仓库。

## rollback 回滚

door-not-change-id = 不是变更编号：请给出 `invmap changes` 中的编号，或 `last`
door-rollback-dry-run = 预演：回滚变更 { $id }（{ $kind }，操作员 { $operator }，{ $at }）将恢复 { $rows } 行{ $conflicts ->
        [0] {""}
       *[other] ，其中 { $conflicts } 行之后又有变化（--force）
    }。不会做任何更改。
door-rollback-held = 注意：{ $count } 个绑定关系重新处于排空中并已挂起，`invmap run-due` 不会处理；可用 `invmap unbind --drain` 恢复排空，或重新绑定该对以保留
door-rolled-back = 已回滚变更 { $id }（{ $kind }，操作员 { $operator }）：恢复了 { $rows } 行。

## reverse 回退模板
# 带 `{ $count -> *[other] {""} }` 的消息：英文用 $count 区分单复数，中文不需要，只为两种语言参数一致。

door-reverse-rebound = 注意：{ $count } 个当时移除的绑定关系现已重新存在；不再重新绑定。
door-reverse-binds-file = { $path }（{ $count } 个待重新绑定的绑定关系）
door-reverse-moves-file = { $path }（{ $moves } 笔调拨，{ $units } 件）
door-reverse-nothing = 变更 { $ids } 没有可取回的内容：没有移除绑定关系，也没有调拨库存。{ $count ->
       *[other] {""}
    }
door-reverse-wrote = 已写出变更 { $ids }（{ $kinds }）的回退模板：{ $files }。{ $count ->
       *[other] {""}
    }
door-reverse-exit-note = 注意：撤仓排空的绑定关系是之后由 `invmap run-due` 的 drain-finish 变更移除的：把这些变更（见 `invmap changes`）也加上才能一并取回；撤仓关闭的仓库须先重新开启（`invmap warehouse reopen`）才能在那里绑定。
door-reverse-written-off = 注意：变更 { $ids } 报损的 { $units } 件已出账，不会调拨回来。{ $count ->
       *[other] {""}
    }
door-reverse-apply = 请检查后执行：{ $which ->
        [both] `invmap bind --from-csv { $name }.binds.csv`，然后 `invmap move --from-csv { $name }.moves.csv`
        [binds] `invmap bind --from-csv { $name }.binds.csv`
       *[moves] `invmap move --from-csv { $name }.moves.csv`
    }（每个都是一次变更，也可用 `invmap plan create --bind|--move --from-csv FILE` 做成计划）。
door-reverse-rolled-back = 拒绝：变更 { $id } 已被变更 { $undo } 回滚：没有可取回的内容
door-reverse-kind = 拒绝：变更 { $id } 的类型是 { $kind }：reverse 只为调拨或迁移（解绑）写出回退模板；要原样撤销这个变更，请用 `invmap rollback { $id }`
door-no-such-change = 没有这个变更：见 `invmap changes`
door-reverse-stage-left-out = 注意：第 { $stage } 阶段（变更 { $change }）已被变更 { $undo } 回滚：不包括在内。
door-reverse-batch = 变更 { $id } 是某批次的第 { $stage }/{ $stages } 阶段：回退模板覆盖其已执行的各阶段（变更 { $ids }）。

## move 调拨

door-move-stages-need-file = --stages 拆分的是模板：请给出 --from-csv FILE
door-move-give = 请给出 --sku、--from 和 --to，或 --from-csv FILE
door-move-how-much = 请说明数量：--qty N，或用 --all 调拨源仓库的全部库存
door-would-move = 将调拨：{ $what }。
door-moved = 已调拨：{ $what }。

## bind 绑定

door-bind-give = 请给出 --sku 和 --warehouse，或 --from-csv FILE
door-would-bind-file = 将绑定 { $count } 个绑定关系：新建 { $added } 个，更新 { $updated } 个。
door-bound-file = 已绑定 { $count } 个绑定关系：新建 { $added } 个，更新 { $updated } 个。
door-bound = 已将 { $sku } 绑定到 { $warehouse }。
door-link-updated = 已更新绑定关系 { $sku } @ { $warehouse }。
door-self-approval-role = 拒绝：计划 { $id } 由角色 { $role } 创建，该角色不能再批准它（双人复核）；须由另一位操作员以自己的角色连接并运行 `invmap plan approve { $id }`
