# cli：各命令自己的话（src/cli）。参数名与代码中一致。

## 每个命令共用的上下文
cli-bad-now = INVMAP_NOW={ $value } 不是 RFC 3339 时间（例如 2026-11-27T09:00:00Z）
cli-cannot-start = 无法启动
cli-no-change-yet = 还没有任何变更：见 `invmap changes`
cli-not-a-change-id = 不是变更编号：请给出 `invmap changes` 中的编号，或 last
cli-and-more = …… 另有 { $count } 个
cli-cannot-create = 无法创建 { $path }
cli-cannot-write = 无法写入 { $path }

## audit
cli-audit-broken-at = 审计链在条目 { $id } 处断裂（已检查 { $entries } 条）：该条目写入后被改动过；请用可信的备份恢复存储库
cli-audit-gap = 审计链断裂：条目 { $after } 之后的条目缺失（被绕过 invmap 删除）
cli-audit-changes-without-entries = { $count } 个变更缺少审计条目（{ $examples }）：审计条目被绕过 invmap 删除
cli-audit-entries-without-change = { $count } 条审计条目缺少对应的变更（{ $examples }）：有变更被绕过 invmap 删除
cli-audit-forged-rows = 变更中与审计条目不再一致的行：{ $count } 行（{ $rows }）：被绕过 invmap 改动
cli-audit-drifted-links = 与最后一次变更不一致的绑定关系：{ $count } 条（{ $links }）：被绕过 invmap 编辑、添加或删除；如果现状是对的，请用 `invmap adopt --reason TEXT` 认领
cli-audit-guards-missing = 审计日志的只追加保护缺失（{ $guards }）：此后任何人都可能改写过条目；`invmap init` 会恢复这些保护
cli-audit-kept-head-missing = 你保存的链头（{ $head }…）不在审计日志中：日志末尾的条目被截掉了，或日志被改写；请用可信的备份恢复存储库
cli-audit-does-not-hold = 审计日志校验未通过：{ $problems }
cli-audit-intact = 审计链完整：{ $entries } 条，链头 { $head }。
cli-audit-kept-head-found = 你保存的链头是条目 { $at }；此后写入 { $count } 条：末尾没有条目被截掉。
cli-audit-state-holds = 每条绑定关系都与其最后一次变更一致。
cli-audit-anchor-written = 已将审计链头写入 { $path }：条目 { $entry }，链头 { $head }。请把它保存在存储库的写入者改不到的地方；`invmap audit verify --anchor { $path }` 可证明此后没有条目被截掉。
cli-audit-cannot-read-anchor = 无法读取锚点文件 { $path }
cli-audit-not-an-anchor = 不是 `invmap audit anchor` 写出的锚点文件：{ $error }

## changes
cli-changes-no-such-change = 没有这个变更：见 `invmap changes`
cli-changes-source = 来源：{ $source }（sha256 { $sha256 }）
cli-changes-command = 命令：{ $command }
cli-changes-head-after = 此变更之后的审计链头：{ $head }
cli-changes-first-rows = （仅列出前 { $shown } 行，共 { $total } 行；用 --rows N 或 --format csv 查看更多）
cli-changes-state-observing = 观察期至 { $until }
cli-changes-state-done = 已完成
cli-changes-state-stage = 第 { $stage }/{ $stages } 阶段，{ $observed }
cli-changes-stage-waits = 计划 { $plan } 的第 { $stage }/{ $stages } 阶段正在等待变更 { $change } 的判定；判定通过后 `invmap run-due` 会执行它。
cli-changes-drains-waiting = 仍在等待的排空（{ $count }）：
cli-changes-drain-held = 已挂起（其完成已被回滚）：`unbind --drain` 可恢复
cli-changes-drain-open-orders = { $count } 个未发货订单
cli-changes-drain-buffer = 缓冲期至 { $until }
cli-changes-drain-line = { $sku } @ { $warehouse } 自 { $since } 起：{ $why }

## import
cli-note = 提示：{ $note }
cli-import-summary = 已从 { $file } 导入{ $kind ->
        [warehouses] 仓库
        [products] 商品
        [mappings] 绑定关系
        [orders] 订单
        [counts] 盘点
        [complaints] 客诉
       *[other] { $kind }
    }：新增 { $inserted } 行，更新 { $updated } 行，未变 { $unchanged } 行。
cli-import-needs-plan = 拒绝：本次导入涉及 { $count } 条绑定关系，超过 approval_threshold（{ $limit }）；请用 `invmap plan create --import-mappings { $file }` 创建计划，并由另一位操作员批准。未做任何更改。
cli-import-links-at-closed = 警告：已关闭的仓库 { $code } 上有 { $count } 条绑定关系：仓库重新开启前不接订单（`invmap warehouse reopen { $code }`）
cli-import-this-import = 本次导入
cli-import-orphan-override = 带 --force --reason TEXT 的计划
cli-import-plan-hint = invmap warehouse close CODE（每次一个仓库）
cli-import-count-key = { $sku } @ { $warehouse } 于 { $at }
cli-import-duplicate-key = 文件前面已有相同的键：每个键只保留一行
cli-import-no-rows = { $file }：没有数据行
cli-import-unknown-warehouse = 未知仓库：请先添加（`invmap warehouse add` 或 `invmap import warehouses`）{ $hint }

## export, backup, restore
cli-export-wrote = 已将 { $count } 行写入 { $path }。
cli-backup-done = 已将 { $count } 条绑定关系备份到 { $path }（校验和在 { $checksum }）。随时可用 `invmap restore { $path } --dry-run` 检查。
cli-restore-counts = 删除 { $removed } 条，新增 { $added } 条，更新 { $updated } 条{ $warehouses ->
        [0] {""}
       *[other] ，新增 { $warehouses } 个仓库
    }
cli-restore-dry-run = 预演：恢复会使绑定关系与备份一致：{ $what }。未做任何更改。
cli-restored = 已恢复绑定关系：{ $what }。

## blackout
cli-blackout-ends-before-start = 结束早于开始（{ $start }）：请给出晚于开始的结束时间
cli-blackout-give-span = 请给出 --from T --to T，或 --daily HH:MM-HH:MM
cli-blackout-give-reason = 请给出 --reason：每次拒绝时都会显示它
cli-blackout-added = 已添加促销/高峰时段 { $id }；时段内的变更会被拒绝，除非使用 --override-window。
cli-blackout-no-such-window = 没有这个时段：见 `invmap blackout list`
cli-blackout-removed = 已删除促销/高峰时段 { $id }。

## warehouse
cli-warehouse-added = 已添加仓库 { $code }。
cli-warehouse-closed = 已关闭仓库 { $code }；{ $count } 条绑定关系不再接新订单。
cli-warehouse-reopened = 已重新开启仓库 { $code }；{ $count } 条绑定关系重新接单。
cli-warehouse-close-dry-run = 预演：关闭 { $code } 会涉及 { $count } 条绑定关系。未做任何更改。
cli-warehouse-reopen-dry-run = 预演：重新开启 { $code } 会涉及 { $count } 条绑定关系。未做任何更改。

## reconcile, adopt
cli-reconcile-adopted = 已按 { $file } 记录 { $count } 条绑定关系的状态：新增 { $added } 条，设置 { $updated } 条，删除 { $removed } 条。
cli-reconcile-compared = 已在 { $file } 所列的仓库比对 { $compared } 行：{ $only_here } 条仅本系统有，{ $only_there } 条仅对方有，{ $differs } 条库存不同；本系统 { $units_here } 件，对方 { $units_there } 件。
cli-reconcile-match = 绑定关系与文件一致。
cli-reconcile-first = （仅列出前 { $shown } 条，共 { $total } 条；用 --format csv 列出全部）
cli-reconcile-unknown-warehouse = 未知仓库 { $warehouse }：请先在本系统添加（`invmap warehouse add`）{ $hint }
cli-reconcile-same-pair = 与第 { $line } 行是同一对：每对只保留一行
cli-adopt-what = { $count } 条绑定关系：{ $updated } 条被编辑，{ $added } 条被添加，{ $removed } 条被删除（绕过 invmap 的改动）
cli-adopt-would = 将按现状认领 { $what }。
cli-adopt-did = 已按现状认领 { $what }。

## route
cli-route-unknown-sku = 未知 SKU：存储库中没有{ $hint }
cli-route-none = 警告：{ $sku } 无仓可发（没有接单的仓库）
cli-route-skipped-draining = 已跳过（排空中）：{ $warehouses }
cli-route-left-out-closed = 未列入（仓库已关闭）：{ $warehouses }

## optimize, check, init, settings, metrics, report, man
cli-optimize-already = { $path } 已使用 { $kib } KiB 的页：无需处理。
cli-optimize-server = PostgreSQL 存储库没有需要 invmap 转换的页：服务器自行管理（autovacuum 维护其表）。无需处理。
cli-optimize-backed-up = 已先将 { $count } 条绑定关系备份到 { $path }。
cli-optimize-broken = 转换后审计日志校验未通过：请恢复 { $path }（`invmap restore`）
cli-optimize-done = 已转换 { $path }：页大小 { $page_before } → { $page_after } 字节，{ $size_before } → { $size_after } MiB；审计日志完整（{ $entries } 条）。备份保留在 { $backup }。
cli-check-found = 一致性检查发现 { $count } 类问题（见上方列表）
cli-check-passed = 所有检查均通过。
cli-init-guards-restored = 警告：审计日志的只追加保护曾缺失（{ $guards }）：已恢复并记录；请运行 `invmap audit verify` 和 `invmap check`
cli-init-schema = 存储库 { $path } 的结构版本为 { $version }（最新为 { $latest }）。
cli-settings-set = { $key } = { $value }（已记入审计日志）
cli-metrics-change-and-window = --change 比较的是变更前后各 --window 天：请去掉 --since/--until
cli-report-wrote = 已写入 { $path }——用浏览器打开即可（可离线查看）。
cli-man-wrote = 已将 { $count } 个手册页写入 { $path }。

cli-copy-same-kind = copy 在存储库文件和 PostgreSQL 存储库之间复制：--db 和 --to 中一个是 postgres://…，另一个是文件（复制文件请用 `invmap backup -o FILE.db`）
cli-copy-done = 已复制 { $rows } 行到 { $to }：{ $links } 条绑定关系、{ $changes } 个变更、{ $entries } 条审计条目。两边的审计链头：{ $head }
cli-init-roles-file = --roles 只用于 PostgreSQL 存储库（--db postgres://…）：存储库文件没有角色
cli-init-server-created = 已在 { $url } 新建 invmap 存储库。
cli-init-server-schema = { $url }：结构版本 { $version }（本 invmap 写入 { $latest }）。
cli-init-roles-done = 角色 invmap_reader、invmap_operator、invmap_approver 已就绪：用 `GRANT invmap_operator TO 其角色;` 分给每个人。
cli-operator-not-role = 在 PostgreSQL 存储库上，操作员就是你连接时使用的角色（{ $role }）：--operator（或 INVMAP_OPERATOR）指定的是 { $given }；请以该角色连接，或不要指定操作员
