# store：打开存储库、事务、备份、一致性检查、审计日志的证明，以及 Ctrl-C 时的提示。
# 存储库写入自身的文字（审计详情、备注、原因）不在这里：它们在任何语言下都保持原样。

## 打开

store-missing = { $path } 处没有存储库：用 `invmap init`（或 `invmap demo`）新建一个，或让 --db / INVMAP_DB 指向你的存储库
store-cannot-open = 无法打开存储库 { $path }
store-cannot-read = 无法读取存储库 { $path }
store-cannot-prepare = 无法准备存储库 { $path }
store-cannot-upgrade = 无法升级存储库 { $path }
store-reading-immutable = 此处无法写入存储库：按只读的不可变文件读取
store-immutable-needs-upgrade = 存储库 { $path } 的结构版本是 { $version }，此 invmap 读取的结构版本是 { $latest }；没有写权限的用户无法升级它——请先以其所有者身份运行任意一条 invmap 命令
store-no-wal = 存储库无法切换到 WAL（日志模式 { $mode }）
store-is-directory = { $path } 是一个目录，不是存储库：请给 --db 一个存储库文件的路径
store-not-sqlite = { $path } 不是 invmap 存储库（它不是 SQLite 数据库）；该文件未被改动——请检查 --db / INVMAP_DB
store-read-only-place = 无法写入存储库 { $path }：该文件、其所在目录或文件系统对当前用户只读（invmap 要在存储库旁写入它自己和 -wal / -shm 文件）；未做任何更改——请以存储库所有者身份运行、修正权限，或在副本上操作
store-not-readable = { $path } 不是可读的 SQLite 数据库
store-newer = 存储库 { $path } 由更新版本的 invmap 写入（结构版本 { $version }；此 invmap 最高只认识 { $latest }）：请升级 invmap 后再使用
store-foreign = { $path } 是 SQLite 数据库，但不是 invmap 存储库（含其他应用的 { $tables } 张表）；该文件未被改动——请检查 --db / INVMAP_DB
store-side-check-stopped = 内部错误：并行运行的另一项检查中途停止

## 变更

store-busy = 存储库 { $path } 正忙：另一个进程已持续写入 { $seconds } 秒；未做任何更改——请稍后重试
store-read-only = 无法写入存储库 { $path }：它对当前用户只读，或位于只读文件系统上；未做任何更改——请以存储库所有者身份运行、修正权限，或在副本上操作
store-change-time = 变更的时间
store-already-rolled-back = 拒绝：变更 { $target } 已被变更 { $by } 回滚；如要重做，请回滚变更 { $by }
store-reason-required = 此存储库要求每次变更都填写原因（require_reason 已开启）：请加上 --reason TEXT 说明原因（它会随 { $kind } 变更及其审计日志一起记录）
store-override-needs-reason = --override-window 需要 --reason TEXT：请说明这次变更为什么不能等
store-in-blackout = 拒绝：{ $now } 处于促销/高峰时段 { $window }之内；请等它结束，或使用 --override-window --reason TEXT。未做任何更改。
store-commit-disk-full = 无法提交变更：存储库所在磁盘已满；未做任何更改——请释放空间后重试
store-commit-failed = 无法提交变更；未做任何更改
store-reapplied = 拒绝：此模板（sha256 { $sha }）已由 { $operator } 在 { $at } 通过变更 { $id } 应用过；如仍要应用请加 --again，或用 `invmap changes show { $id }` 查看它做了什么。未做任何更改。

## 备份

store-backup-file-copy = 在读快照下复制了存储库文件
store-backup-api-copy = 另一个客户端占用着 WAL：改用备份 API 复制
store-backup-wal-stuck = 无法让备份退出 WAL 模式（日志模式 { $mode }）
store-backup-cannot-open = 无法打开备份 { $path }
store-backup-cannot-create = 无法创建备份 { $path }
store-backup-cannot-write = 无法写入备份（{ $why }，正在写 { $path }）
store-backup-disk-full = 所在磁盘空间已满
store-backup-copy-failed = 复制失败
store-backup-unusable = 不是可用的 invmap 备份：{ $why }；在用的存储库未被改动——请换一个备份
store-backup-not-sqlite = 它已损坏或不是 SQLite 数据库（{ $error }）
store-backup-damaged = 它已损坏（完整性检查：{ $check }）
store-backup-no-manifest = 它没有 invmap 清单（不是 `invmap backup` 生成的）
store-backup-unknown-format = 未知的备份格式 { $format }
store-backup-other-version = 它由另一版本的 invmap 写入（结构版本 { $schema }；此 invmap 只认识 1 到 { $latest }）
store-backup-count-differs = 清单写明有 { $promised } 个绑定关系，实际只有 { $actual } 个
store-backup-not-evidence = 拒绝：{ $path } 不能作为可信证据：{ $what }；未做任何更改——请换一个备份
store-backup-chain-broken = 它的审计链在条目 { $id } 处断开（写入后被改过）
store-backup-entries-missing = 它在条目 { $after } 之后的审计日志缺失
store-backup-forged = 其变更中与审计日志不符的行：{ $count } 行（{ $rows }）
store-backup-drifted = 与其历史记录不符的绑定关系：{ $count } 个（{ $links }）

## 检查发现的示例（每条一行）

store-example-change = 变更 { $id }
store-example-entry = 条目 { $id }
store-example-forged = 变更 { $change }：{ $sku } @ { $warehouse }
store-drift-unrecorded = { $sku } @ { $warehouse }：没有任何变更记录过它（{ $stock } 件）
store-drift-absent = { $sku } @ { $warehouse }：变更 { $change } 之后它本应不存在，现在却有 { $stock } 件
store-drift-differs = { $sku } @ { $warehouse }：现有 { $stock } 件，而变更 { $change } 留下的是 { $left } 件
store-drift-gone = { $sku } @ { $warehouse }：已不存在；变更 { $change } 留下时有 { $left } 件
store-example-link-units = { $sku } @ { $warehouse }（{ $units } 件）
store-example-sku-units = { $sku }（{ $units } 件）
store-example-drain-overdue = { $sku } @ { $warehouse }（自 { $since } 起，{ $orders } 个未发货订单）
store-example-drain-held = { $sku } @ { $warehouse }（变更 { $change } 撤销了它的完成，自此挂起）
store-example-row-of = { $table } 第 { $row } 行
store-example-first-broken = 第一个断开的条目 { $id }

## 一致性检查（`invmap check`）：各项检查的名称和解决办法

store-check-closed-links = 已关闭仓库上的绑定关系
store-hint-closed-links = 用 `invmap warehouse exit CODE --by-route` 把它们移走（或用 --transfer-to 解绑）
store-check-stranded-stock = 有库存但没有启用中绑定关系的 SKU
store-hint-stranded-stock = 把该 SKU 绑定到一个启用中的仓库，或调拨库存
store-check-negative = 负库存
store-hint-negative = 重新盘点，并用 `invmap bind --qty` 修正
store-check-orders-unlinked = 仓库与 SKU 之间没有绑定关系的未发货订单
store-hint-orders-unlinked = 在店铺后台改派或取消这些订单；或重新绑定这一对
store-check-overdue-drains = 超过缓冲期的排空
store-hint-overdue-drains = 运行 `invmap run-due`：它会移除未发货订单已处理完的排空；其余的要等订单发出
store-check-held-drains = 挂起的排空
store-hint-held-drains = 执行到期任务（run-due）不会处理这些：用 `invmap drain resume --sku S --warehouse W` 恢复，或用 `invmap drain cancel --sku S --warehouse W` 保留绑定关系
store-check-integrity = SQLite 完整性检查（integrity_check）
store-hint-integrity = 文件已损坏：请从备份恢复
store-check-foreign-keys = 外键检查（foreign_key_check）
store-hint-foreign-keys = 有行指向不存在的仓库：请添加该仓库
store-check-audit-chain = 审计链
store-hint-audit-chain = 运行 `invmap audit verify`；用你信得过的备份恢复存储库
store-check-changes-without-entries = 缺少审计日志的变更
store-hint-changes-without-entries = 有审计条目被绕过 invmap 删除：请用你信得过的备份恢复存储库
store-check-entries-without-change = 找不到所属变更的审计条目
store-hint-entries-without-change = 有变更被绕过 invmap 删除：请用你信得过的备份恢复存储库
store-check-forged-rows = 与审计日志不符的变更行
store-hint-forged-rows = 有变更前快照或变更后快照被绕过 invmap 改过：不要回滚那个变更；请用你信得过的备份恢复存储库
store-check-drifted-links = 与最近一次变更不符的绑定关系
store-hint-drifted-links = 存在绕过 invmap 的改动（修改、新增或删除）：如果现状是对的，用 `invmap adopt --reason TEXT` 认领；否则从备份恢复
store-check-guards-missing = 缺少只追加保护
store-hint-guards-missing = 有人删除了它们：运行 `invmap init` 放回去，然后运行 `invmap audit verify`

## 变更的效果（回滚、恢复、绑定、仓库状态）

store-rollback-forged = 拒绝：变更 { $target } 有 { $count } 行变更前快照与审计日志不符（{ $rows }）：它们被绕过 invmap 改过，放回去就会写入没人记录过的内容；未做任何更改——请运行 `invmap audit verify`，并用你信得过的备份恢复存储库
store-rollback-drifted = 拒绝：变更 { $target } 的 { $count } 个绑定关系此后有绕过 invmap 的改动（{ $links }）；撤销该变更会覆盖没人记录过的内容。未做任何更改——如果现状是对的，先用 `invmap adopt --reason TEXT` 认领，再回滚
store-rollback-status-changed = 拒绝：仓库 { $code } 现在是 { $now ->
        [closed] 已关闭
        [active] 启用
       *[other] { $now }
    }状态，而不是变更 { $target } 留下的{ $left ->
        [closed] 已关闭
        [active] 启用
       *[other] { $left }
    }状态：之后有其他变更改了它；请先回滚那个变更，或用 `invmap warehouse close|reopen` 设置状态。未做任何更改。
store-unknown-warehouse = 未知仓库：见 `invmap warehouse list`
store-status-already = 仓库 { $code } 已经是{ $status ->
        [closed] 已关闭
        [active] 启用
       *[other] { $status }
    }状态；未做任何更改
store-warehouse-exists = 已有使用此代码的仓库：请换一个代码（或用 `invmap import warehouses` 更新它）
store-not-draining = 拒绝：{ $sku } @ { $warehouse } 不在排空中；未做任何更改

## 调拨

store-move-short = { $sku } @ { $warehouse } 只有 { $holds } 件，调拨要转出 { $takes } 件
store-move-too-many = 拒绝：调拨数量超过现有库存：{ $short }；最多调拨一个绑定关系现有的数量（--all，或模板里数量留空，即调拨全部）。未做任何更改。
store-move-no-link = { $sku } 在 { $warehouse } 没有绑定关系：无法从那里调拨（见 `invmap route --sku { $sku }`）
store-move-same-warehouse = 与调出仓库相同：请换一个仓库
store-move-target-closed = 仓库 { $warehouse } 已关闭：不接收库存；请重新启用它或换一个仓库
store-move-target-draining = { $sku } @ { $warehouse } 正在排空：它在撤出，不接收库存；请换一个仓库
store-move-repeated = 与第 { $first } 行是同一笔调拨：只保留一行

## 计划、阶段、排空、撤仓、转移

store-stage-before-missing = 拒绝：本批次的阶段 { $stage } 尚未执行或已被回滚；计划 { $plan } 不能接在它后面执行。未做任何更改。
store-plan-not-waiting = 计划 { $plan } 已不在等待执行；未做任何更改
store-plan-changed = 拒绝：本命令运行期间计划 { $plan } 被改动了（原为 { $was }，现为 { $now ->
        [gone] 已不存在
       *[other] { $now }
    }）；未做任何更改——请用 `invmap plan show { $plan }` 重新查看
store-plan-reason-required = 此存储库要求每次变更都填写原因（require_reason 已开启）：请给计划加上 --reason TEXT（它的变更会记录下来）
store-stages-under-way = 拒绝：这个文件的分阶段批次正在进行中（计划 { $plan } 及之后）；未做任何更改
store-plan-bad-line = 计划 { $plan } 中有无效的{ $what ->
        [SKU] SKU
        [warehouse] 仓库
        [quantity] 数量
       *[other] { $what }
    }；请重新创建它
store-not-held = 拒绝：{ $sku } @ { $warehouse } 不是挂起的排空（见 `invmap check`）；未做任何更改
store-exit-unfinished = { $warehouse } 的撤仓（变更 { $change }）已不再是完成状态（那里还有 { $links } 个绑定关系，或已被回滚）；{ $warehouse } 保持开放
store-transfer-overflow = 拒绝：转移后 { $sku } @ { $warehouse } 会有 { $qty } 件，超过一个绑定关系可容纳的上限（{ $max }）；未做任何更改——请转移到其他仓库，或把多出的部分报损

## 维护

store-optimize-in-use = 另一个程序正打开着存储库 { $path }：请关闭它（包括其他所有 invmap）后再运行 `invmap optimize`；未做任何更改
store-optimize-rewriting = 重写存储库时出错（存储库保持原样）
store-audit-out-of-order = 内部错误：审计条目存储顺序错乱；未做任何更改

## Ctrl-C 与 kill（src/signals.rs）

store-signal-interrupted-again = 再次中断：立即退出；未完成的变更没有提交
store-signal-interrupted-by = 被 { $signal } 中断
store-signal-a-signal = 信号
store-signal-interrupted-after-change = 已中断（{ $signal }）：信号之前已记录的变更保留（见 `invmap changes`）；其余未做任何更改
store-signal-interrupted = 已中断：未做任何更改（收到 { $signal }）

## 解绑批次的输入错误

store-unknown-sku = 未知 SKU：存储库中没有{ $hint }；请核对编码（Excel 会去掉开头的 0）
store-pair-not-bound = 这一对没有绑定：{ $sku } 没有绑定到 { $warehouse }；见 `invmap route --sku { $sku }`
store-transfer-to-itself = 转移目标就是正在解绑的仓库：请换一个仓库
store-transfer-unknown = 未知的转移目标仓库：见 `invmap warehouse list`
store-transfer-unbound-too = 转移目标 { $target } 也在本批次中被解绑（第 { $line } 行）：请把库存转移到该 SKU 保留的仓库

## PostgreSQL（SPEC §10）。URL 显示时隐藏密码（`***`）。
store-pg-bad-url = { $url } 不是 PostgreSQL URL（{ $error }）：请写成 postgres://角色@主机/数据库
store-pg-cannot-connect = 无法连接 { $url } 上的 PostgreSQL 存储库：{ $error }
store-pg-newer = { $url } 上的存储库结构版本为 { $version }，比本 invmap（{ $latest }）新：请使用更新的 invmap
store-pg-missing = { $url } 中没有 invmap 存储库：请用 `invmap --db URL init` 创建
store-pg-schema-failed = 无法应用结构版本 { $version }
store-pg-roles-failed = 无法创建 invmap 角色（需要有 CREATEROLE 权限的角色，例如数据库所有者）
store-pg-not-yet = 这个命令暂不能在 PostgreSQL 存储库上运行（已支持的命令见 README 的 "Team store on PostgreSQL" 一节）；请用 --db 指定存储库文件
store-pg-stock-too-large = { $sku } @ { $warehouse } 将持有 { $qty } 件，超过 PostgreSQL 存储库中一条绑定关系的上限（{ $max }：其 stock_quantity 为种子表的 INT）；未做任何更改
store-pg-not-allowed = 服务器拒绝了你的角色：{ $what }（变更由 invmap_operator 的成员执行，计划由 invmap_approver 的成员审批；见 `invmap init --roles`）
store-tx-read-only = 试运行的事务被要求修改存储库（这是 invmap 的缺陷：请连同所运行的命令一起报告）
store-copy-target-not-empty = { $target } 已有存储库内容：复制从不合并两段历史；请复制到空数据库
store-copy-file-exists = { $path } 已存在：请复制到新文件
store-copy-source-broken = 源存储库的审计链不完整（见 `invmap audit verify`）：不会把断开的记录当作完整的复制过去
store-copy-heads-differ = 副本的审计链头与源不同（此处 { $source }，彼处 { $target }）：什么都没有保留
store-copy-unknown-table = copy 不认识表 { $table }：请把它加入 store::copy::TABLES
store-copy-columns-differ = 两个存储库的表 { $table } 列不一致：copy 需要本 invmap 写入的存储库（请先对它运行 `invmap init`）
store-copy-stock-too-wide = { $sku } @ { $warehouse } 的库存为 { $qty } 件，超出 PostgreSQL 上种子表 stock_quantity INT 的范围（−2147483648 到 2147483647）：请先更正再复制
store-pg-chain-broken = 审计日志无法在条目 { $id } 之后继续（它的哈希不是 invmap 写入的）：见 `invmap audit verify`
store-pg-no-tls = { $url } 要求 TLS（sslmode { $mode }），本 invmap 暂不支持：请通过本地套接字或可信网络、以 sslmode=disable（或 prefer）连接，而不是在不知情时明文连接
