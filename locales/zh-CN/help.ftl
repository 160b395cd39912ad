# --help in Chinese. English is the doc comments on the clap types (src/cli); each key here
# follows one of them: `cmd-PATH` is a command's description, `arg-PATH-ID` a flag or an
# argument. The unit test `help_keys_match_the_command_tree` lists what is missing or stale.
# One line per paragraph (the help is wrapped to the terminal when shown); paragraphs are
# separated by an empty line, the next one indented. The first paragraph, without its 。, is the
# summary (`-h`, the list of commands), as clap makes it of an English doc comment.

## clap's own words
clap-usage = 用法：
clap-commands = 命令
clap-arguments = 参数
clap-options = 选项
clap-help-command = 显示本帮助，或所给子命令的帮助
clap-help-subcommand = 要查看帮助的子命令
clap-help-flag = 显示帮助（-h 显示摘要，--help 显示详细说明）
clap-version-flag = 显示版本
clap-default = ［默认：{ $values }］
clap-possible = ［可选：{ $values }］
clap-env = ［环境变量：{ $name }］
clap-error-unknown-argument = 错误：不认识的参数 '{ $arg }'
clap-error-unknown-command = 错误：不认识的命令 '{ $command }'
clap-error-invalid-choice = 错误：'{ $value }' 不是 { $arg } 的有效值（可选：{ $valid }）
clap-error-missing-value = 错误：{ $arg } 需要一个值
clap-error-invalid-value = 错误：'{ $value }' 不是 { $arg } 的有效值
clap-error-missing-argument = 错误：缺少必需的参数：{ $arg }
clap-error-missing-command = 错误：缺少子命令
clap-error-conflict = 错误：参数 { $arg } 不能与 { $prior } 同时使用
clap-error-too-many = 错误：{ $arg } 的值过多（'{ $value }'）
clap-error-value-count = 错误：{ $arg } 的值个数不对
clap-error-no-equals = 错误：{ $arg } 的值须用 '=' 给出
clap-error-utf8 = 错误：参数含有无效的 UTF-8 字符
clap-tip = 提示：是否想用 '{ $suggested }'？
clap-more = 更多信息：加 '--help' 查看帮助。

## invmap 及全局选项（只写在 arg-invmap-… 下）
cmd-invmap = invmap —— 安全地解除商品与仓库的绑定：先检查，原子执行，可撤销，全程审计。

    从 `invmap demo` 开始：它会建一个示例存储库，带你走一遍完整流程。
arg-invmap-db = 存储库文件［默认：./invmap.db］
arg-invmap-operator = 谁在做这次变更（会记录下来，但不做身份验证）［默认：$USER］
arg-invmap-format = 输出数据的命令所用的输出格式
arg-invmap-verbose = 在 stderr 输出更多细节（-v、-vv）；也可以用 RUST_LOG
arg-invmap-quiet = stderr 只输出错误
arg-invmap-lang = 消息、帮助和表格的语言［默认：取 INVMAP_LANG，否则取系统区域设置（LANG…）］
arg-invmap-override_window = 允许变更在促销/高峰时段内生效（用该命令的 --reason 说明原因）

## init
cmd-invmap-init = 创建存储库（或把旧存储库升级到本版本的表结构）。

    对已有的存储库运行也是安全的：只执行尚未执行的迁移。其他所有命令都会拒绝由更新版本的 invmap 写入的存储库。

## demo
cmd-invmap-demo = 建一个示例存储库（多个地区的仓库、数千个 SKU、90 天的订单、盘点记录、客诉），并在上面演示完整流程。

    同一个 --seed 每次生成的结果都相同。导入用的 CSV 文件保留在存储库旁的文件夹（`<store>-data/`）里，可供查看或复用。不会覆盖已有的存储库。
arg-invmap-demo-seed = 示例数据的随机种子（种子相同，生成的存储库也相同）
arg-invmap-demo-skus = SKU 数量（50 到 10,000,000）
arg-invmap-demo-no_walkthrough = 只建存储库，不演示流程

## bind
cmd-invmap-bind = 把 SKU 绑定到仓库（或修改已有绑定关系的数量/优先级），也可以从文件批量绑定。

    记为一次变更，并保存变更前快照：`invmap rollback ID` 可撤销。用 --from-csv FILE（`product_id, warehouse_code, stock_quantity, priority`；留空的单元格保持绑定关系的原值）时，每一行是同一次变更中的一条绑定关系，与其他变更一样要过规则检查和审批；有一行出错，整个文件都会被拒绝。
arg-invmap-bind-sku = SKU（商品编码）
arg-invmap-bind-warehouse = 仓库编码
arg-invmap-bind-from_csv = 把此文件的每一行（列同 mappings 模板）作为一次变更绑定
arg-invmap-bind-dry_run = 预演：显示将做的更改，不做任何更改
arg-invmap-bind-again = 配合 --from-csv：即使同一文件以前执行过，仍然执行
arg-invmap-bind-qty = 在该仓库的库存数量［新绑定关系：0；已有的：不变］
arg-invmap-bind-priority = 发货路由优先级，数值小的优先［新绑定关系：100；已有的：不变］
arg-invmap-bind-reason = 原因（记入变更和审计日志）

## import
cmd-invmap-import = 从 CSV 文件导入仓库、商品、绑定关系、订单、盘点记录或客诉。

    文件可以是 UTF-8（带不带 BOM 均可）或 GBK 编码，表头用英文或中文均可（见 `examples/`）。存储库中已有的键会被更新；汇总会显示新增、更新和未变的行数。只要有一行出错，就什么都不导入。
arg-invmap-import-kind = 文件里是什么数据
arg-invmap-import-file = CSV 文件
arg-invmap-import-encoding = 不想自动识别时，指定文件编码：utf-8 或 gbk
arg-invmap-import-reason = 原因（导入绑定关系时记录）

## unbind
cmd-invmap-unbind = 解除 SKU 与仓库的绑定关系：先检查，可撤销。

    用 `--sku S --warehouse W` 指定要解绑的对（多对时两个选项都重复写），或用 `--from-csv FILE` 给出模板（列为 product_id、warehouse_code、transfer_to、reason；见 `examples/unbind.csv`）。每一对都先检查——未发货订单、现有库存、是否最后一个仓库、地区覆盖——然后整批在一个事务中执行，生成回滚点并写入审计日志；要么全部生效，要么全不生效。建议先用 `--dry-run` 预演。用 `invmap rollback` 撤销。对数超过 `approval_threshold` 设置的批次须走 `invmap plan create`。
arg-invmap-unbind-skus = 要解绑的 SKU（每个都要配一个 --warehouse）
arg-invmap-unbind-warehouses = 从哪个仓库解绑
arg-invmap-unbind-from_csv = 列出各对的 CSV 模板
arg-invmap-unbind-encoding = 不想自动识别时，指定模板编码：utf-8 或 gbk
arg-invmap-unbind-drain = 有未发货订单的对：不再分配新订单，稍后再移除（`invmap run-due`）
arg-invmap-unbind-transfer_to = 把现有库存转移到此仓库（必要时为该 SKU 在那里新建绑定关系）
arg-invmap-unbind-write_off = 把现有库存记为报损
arg-invmap-unbind-allow_orphan = 允许移除 SKU 最后一个在用的仓库
arg-invmap-unbind-allow_region_gap = 允许让某个地区没有该 SKU 的仓库（require_region_cover 开启时）
arg-invmap-unbind-strict = 同一对出现两次时按错误处理，而不是警告
arg-invmap-unbind-reason = 原因（记入变更和审计日志）
arg-invmap-unbind-ticket = 随变更一起记录的工单号或事件编号
arg-invmap-unbind-dry_run = 预演：准确显示将做的更改和每一条拒绝，不做任何更改
arg-invmap-unbind-again = 即使同一文件以前执行过，仍然执行该模板
arg-invmap-unbind-report = 把每个输入行的结果各写一行到此 CSV 文件
arg-invmap-unbind-effective_at = 定时执行：先保存这一批，到此时间由 `invmap run-due` 执行（届时重新检查）
arg-invmap-unbind-stages = 分阶段执行这一批，如 30%,100%：第一部分立即执行（分散到各仓库），之后每一阶段在上一阶段判定为通过（ok）后执行（`invmap run-due`）
arg-invmap-unbind-no_wait = 配合 --stages：不等判定，由你自己执行后续每一阶段（`invmap plan apply ID`）

## rollback
cmd-invmap-rollback = 回滚一次变更：恢复它的变更前快照，删除它新增的内容。

    回滚本身也是一次变更（所以也可以再撤销）。`last` 指最新的、既没有被撤销、本身也不是撤销的变更，所以反复执行 `rollback last` 会沿着历史一步步往回退。某一行如果被之后的变更再次改动过，会被拒绝并指出是哪次变更，除非加 --force。
arg-invmap-rollback-target = 变更编号（见 `invmap changes`）或 `last`
arg-invmap-rollback-dry_run = 预演：显示将恢复的内容，不做任何更改
arg-invmap-rollback-force = 强制越过规则的拒绝——此后又被改动的行（照样取它们的变更前快照）、未发货订单、库存从账上消失、SKU 的最后一个仓库；须给 --reason，每条被越过的规则都会记录
arg-invmap-rollback-reason = 原因（记入变更和审计日志）

## move
cmd-invmap-move = 把 SKU 的库存从一个仓库调拨到另一个仓库，两边的绑定关系都保留。

    如果该 SKU 在目标仓库还没有绑定关系，会新建一条（优先级取 --priority，否则沿用源绑定关系的优先级）。与其他变更一样：要过规则检查（目标仓库不能已关闭或排空中，调拨件数不能超过源仓库的库存），超过阈值须审批，每条绑定关系都写审计日志，可用 `invmap rollback ID` 撤销。用 --from-csv FILE（`product_id, from, to, quantity, priority`；quantity 留空表示全部调拨）时，每一行都属于同一次变更；有一行出错，整个文件都会被拒绝。
arg-invmap-move-sku = SKU（商品编码）
arg-invmap-move-from = 调出仓库
arg-invmap-move-to = 调入仓库
arg-invmap-move-qty = 调拨件数
arg-invmap-move-all = 调出源仓库的全部库存
arg-invmap-move-priority = 新建目标绑定关系时的优先级［默认：与源绑定关系相同］
arg-invmap-move-from_csv = 把此模板的每一行作为一次变更调拨
arg-invmap-move-reason = 原因（记入变更和审计日志）
arg-invmap-move-dry_run = 预演：显示将调拨的内容，不做任何更改
arg-invmap-move-again = 配合 --from-csv：即使同一文件以前执行过，仍然执行该模板
arg-invmap-move-stages = 分阶段执行这一批，如 30%,100%：第一部分立即执行（分散到各仓库），之后每一阶段在上一阶段判定为通过（ok）后执行（`invmap run-due`）
arg-invmap-move-no_wait = 配合 --stages：不等判定，由你自己执行后续每一阶段（`invmap plan apply ID`）

## adopt
cmd-invmap-adopt = 认领绑定关系表中与历史不符的内容，记为一次变更。

    `invmap check` 会列出这类绑定关系（“与上次变更不符的绑定关系”）：用 `sqlite3` 或其他工具改过的、未经变更新增的，或被删除的。认领就是按现状接受它们，附上你的原因，记为一次有审计的变更，其变更前快照是历史记录中的样子——所以 `invmap rollback ID` 能把它恢复回去。认领之前，`rollback` 拒绝覆盖它们。删除与任何移除一样要过规则检查（未发货订单、库存从账上消失、SKU 的最后一个仓库）：某个删除使订单或库存无处着落时，用 --force --reason 记录它。
arg-invmap-adopt-dry_run = 预演：显示将记录的内容，不做任何更改
arg-invmap-adopt-force = 即使删除使未发货订单或库存无处着落，仍记录这些删除；须给 --reason，每条被越过的规则都会记录
arg-invmap-adopt-reason = 为什么表中的现状是对的（必填；记入变更和审计日志）

## reconcile
cmd-invmap-reconcile = 把绑定关系及其库存与另一个系统的导出文件对账；不一致时退出码为 3。

    文件须有 SKU、仓库和库存三列（列名同 mappings 模板，或用 ERP 的列名：旺店通 spec_no / warehouse_no / stock_num，聚水潭 商品编码 / 仓库 / 库存数）。只在文件中出现的仓库范围内比对：只在本系统有的绑定关系、只在对方有的绑定关系、库存不一致的，并给出合计。`--adopt --reason` 把对方系统的状态记为一次变更（与其他变更一样要过规则检查：对方没有的绑定关系算作移除）。
arg-invmap-reconcile-file = 对方系统的导出文件（CSV）
arg-invmap-reconcile-adopt = 按文件内容修改绑定关系，记为一次有审计的变更（须给 --reason）
arg-invmap-reconcile-force = 配合 --adopt：强制越过规则的拒绝（连同原因一起记录）
arg-invmap-reconcile-reason = 为什么对方系统是对的（会记录）

## restore
cmd-invmap-restore = 把当前的绑定关系恢复成备份中的样子，记为一次变更（可回滚）。

    先校验文件——.sha256、完整性、清单和表结构——损坏的文件或不是 invmap 写的文件会被拒绝，当前存储库不受任何影响。
arg-invmap-restore-file = 由 `invmap backup` 写出的 .db 或 .csv 文件
arg-invmap-restore-dry_run = 预演：显示将做的更改和每一条拒绝，不做任何更改
arg-invmap-restore-force = 强制越过规则的拒绝（未发货订单、库存从账上消失、SKU 的最后一个仓库）；须给 --reason，每条被越过的规则都会记录
arg-invmap-restore-reason = 原因（记入变更和审计日志）

## run-due
cmd-invmap-run-due = 执行到期任务：完成已到时间的排空和定时解绑（用 cron 定时运行）。

    排空中的绑定关系在没有未发货订单、且排空开始后已过 `drain_buffer_hours` 小时后移除；定时解绑（`unbind --effective-at`、`plan apply --effective-at`）到点执行。每一项都先重新检查：此时被拒绝的继续等待并列出，退出码为 3。crontab 示例：`* * * * * cd /srv/shop && invmap -q run-due`

## drain
cmd-invmap-drain = 搁置的排空：某次排空的完成被回滚后，该绑定关系又回到排空中，run-due 不会处理它，等你决定
cmd-invmap-drain-resume = 让 `invmap run-due` 重新完成这次排空
arg-invmap-drain-resume-sku = SKU（商品编码）
arg-invmap-drain-resume-warehouse = 排空中的绑定关系所在的仓库编码
cmd-invmap-drain-cancel = 结束排空：该绑定关系恢复接单（这是一次变更，可用 `invmap rollback` 撤销）
arg-invmap-drain-cancel-sku = SKU（商品编码）
arg-invmap-drain-cancel-warehouse = 排空中的绑定关系所在的仓库编码
arg-invmap-drain-cancel-reason = 原因（记入变更和审计日志）

## optimize
cmd-invmap-optimize = 先做一次备份，再把旧版 invmap 建的存储库转换为 32 KiB 的页。

    批量操作会涉及成千上万个页：页越大，开销越小（在 100 万条绑定关系上解绑 10 万对，用时 1.02 → 0.89 秒）。存储库在被整体重写之前，一直保持创建时的页大小；本命令就是做这件事（`VACUUM`，原子操作），期间不能有其他程序使用该存储库，完成后写入审计日志。已经是 32 KiB 页的存储库不作处理。
arg-invmap-optimize-backup = 事先备份的存放位置［默认：存储库文件名 + -before-optimize.db］

## completions, man
cmd-invmap-completions = 输出 invmap 在某个 shell 中的补全脚本。

    bash：`invmap completions bash > ~/.local/share/bash-completion/completions/invmap`；zsh：`invmap completions zsh > ~/.zfunc/_invmap`（~/.zfunc 须在 fpath 中）；fish：`invmap completions fish > ~/.config/fish/completions/invmap.fish`；PowerShell：`invmap completions powershell >> $PROFILE`。
arg-invmap-completions-shell = 为哪个 shell 生成补全
cmd-invmap-man = 生成手册页（roff）：`invmap.1`，以及每个命令各一页。

    `invmap man -o /usr/local/share/man/man1` 会安装它们（之后即可 `man invmap-unbind`）；不加 -o 时输出主手册页（`invmap man | man -l -`）。
arg-invmap-man-output = 写入所有手册页的文件夹（invmap.1、invmap-unbind.1……）

## export
cmd-invmap-export = 把数据导出为 CSV（RFC 4180，UTF-8），写入文件或 stdout。

    `skus`：每个 SKU 一行，含各仓库的库存和合计（变更前留底用的表）；`mappings`：所有绑定关系，列同导入模板；`changes`：各个回滚点；`audit`：审计日志。电子表格会当作公式执行的单元格（以 = + - @ 开头）会加一个前导 ' 使其失效。文件以原子方式写入。
arg-invmap-export-what = 导出什么：skus、mappings、changes 或 audit（见上文）
arg-invmap-export-output = 写入此文件，而不是 stdout
arg-invmap-export-bom = 文件开头加 UTF-8 BOM，让 Excel 正确显示中文
arg-invmap-export-headers = 列名：en（模板列名，各语言相同）或 zh（中文列名，`import` 可直接读回，如 商品编码、仓库编码、库存）

## reverse
cmd-invmap-reverse = 生成撤回一次调拨或迁移的模板，供审阅、建计划和执行。

    `rollback` 按原样精确撤销一次变更——但如果绑定关系此后又变过，就会拒绝。几周之后，回退的办法是做一次新变更：reverse 根据那次变更做过的事生成模板——`NAME.binds.csv`（它移除的绑定关系，用于重新绑定）和 `NAME.moves.csv`（要调回的库存）——供 `invmap bind --from-csv` 和 `invmap move --from-csv`（或它们的计划）使用。已报损的件数已经从账上消失，不会调回。
arg-invmap-reverse-changes = 调拨、解绑或撤仓的变更（见 `invmap changes`），或 `last`；给多个（同一批的各个阶段）时合成一套回退方案
arg-invmap-reverse-output = 模板名称［默认：reverse-ID］：生成 NAME.binds.csv 和 NAME.moves.csv

## changes
cmd-invmap-changes = 列出变更（每一次都是一个回滚点），或显示某一次的详情。

    用 `invmap rollback ID`（或 `invmap rollback last`）撤销其中一次。
arg-invmap-changes-limit = 列出最近多少次变更
cmd-invmap-changes-show = 一次变更的详情：谁、何时、为什么、来源（文件、命令行）、谁批准的，以及它改动的行
arg-invmap-changes-show-id = 变更编号（见 `invmap changes`），或 `last`（最新的变更）
arg-invmap-changes-show-rows = 表格中列出多少条改动的行（json/csv 全部列出）

## audit
cmd-invmap-audit = 查看审计日志，或证明它完整无缺。

    审计日志只能追加（存储库拒绝对它执行 UPDATE 和 DELETE），并以哈希链相连：每条记录的哈希都覆盖上一条。`audit verify` 重新计算整条链，并指出第一条对不上的记录。把打印出的链头另存到别处（工单、聊天消息）：攻击者即使重写整条链，也无法让它与之吻合。
arg-invmap-audit-sku = 只看与此 SKU 有关的记录
arg-invmap-audit-since = 只看此时间及之后的记录（RFC 3339 或 YYYY-MM-DD [HH:MM]）
cmd-invmap-audit-verify = 验证审计日志：重新计算哈希链，与变更记录对账，检查只追加保护是否仍在；有不成立的就指出来，退出码为 3。

    加 --head 或 --anchor 时，还会证明自保存链头以来末尾没有被截掉（仅靠链本身做不到：被截短的日志仍是一条有效的链）。
arg-invmap-audit-verify-head = 你保存的链头（每次变更都会打印，或由 `audit anchor` 写出）：它必须仍在审计日志中
arg-invmap-audit-verify-anchor = 由 `invmap audit anchor` 写出的文件：审计日志的末尾必须不早于它
arg-invmap-audit-verify-state = 同时验证当前的绑定关系：每条都必须与上次变更后的状态一致（会指出绕过 invmap 改动、新增或删除的绑定关系；可用 `invmap adopt` 认领）
cmd-invmap-audit-anchor = 把审计日志的链头（哈希、记录条数、最后一次变更、时间）写入 FILE，存到能写存储库的人够不着的地方（另一台机器、工单、聊天记录）
arg-invmap-audit-anchor-output = 锚点文件的写入位置（JSON）

## route
cmd-invmap-route = SKU 的下一个订单会依次发往哪些仓库（发货路由）。

    在用的绑定关系按优先级（数值小的在前）和库存（多的在前）排序；只有没有在用的绑定关系时，才用排空中的。已关闭的仓库不接单。
arg-invmap-route-sku = SKU（商品编码）

## check
cmd-invmap-check = 一致性检查报告：指向已关闭仓库的绑定关系、有库存却没有在用绑定关系的 SKU、负库存、在未绑定仓库上的未发货订单、超期未完成的排空、SQLite 的完整性和外键检查、审计链。发现任何问题时退出码为 3

## metrics
cmd-invmap-metrics = 显示库存准确率、订单履约率、缺货率、客诉率、配送时长、周转天数、安全库存、ABC 分类和仓储成本——或用这些指标评判一次变更。

    时间窗口为 [--since 当天 00:00, --until 次日 00:00)，按 `timezone` 设置的时区计算（默认：截至今天的 30 天）。`--change N` 比较变更 N 当天之前的完整天数与之后同样多的完整天数（最多 --window 天），范围是它涉及的 SKU 在所有仓库的数据（`--all`：整个存储库）；观察期（设置 `observation_hours`，72 小时）过后给出判定：某个比率要告警，前后两侧都须至少有 `min_sample` 个订单，且差异超过阈值并在 95% 水平上显著。`invmap report -o FILE.html` 把同样的数字放在一页上；详见 README 的“Metrics and the report”一节。
arg-invmap-metrics-since = 时间窗口的第一天（YYYY-MM-DD，含当天）
arg-invmap-metrics-until = 时间窗口的最后一天（YYYY-MM-DD，含当天）［默认：今天］
arg-invmap-metrics-change = 比较此变更前后（变更编号，或 `last` 表示最新的一次）
arg-invmap-metrics-window = --change 前后每侧最多取多少个完整天
arg-invmap-metrics-all = 配合 --change：按整个存储库计算比率，而不只是该变更涉及的 SKU
arg-invmap-metrics-top = 表格每部分列出多少个商品（json 和 csv 全部列出）

## report
cmd-invmap-report = 生成 HTML 报告：带告警的核心指标、标出变更的 7 日订单履约率曲线、各仓库库存、ABC 分类及仓储成本，以及最近一次变更（或 --change N）的前后对比表。

    页面不含脚本，也不从网络加载任何内容：可以离线打开、邮件发送、打印。数字与 `invmap metrics` 相同（见 README 的“Metrics and the report”一节）。
arg-invmap-report-output = 要写入的 HTML 文件（以原子方式替换）
arg-invmap-report-change = 显示哪次变更的前后对比表［默认：最近一次］
arg-invmap-report-since = 时间窗口的第一天（YYYY-MM-DD，含当天）
arg-invmap-report-until = 时间窗口的最后一天（YYYY-MM-DD，含当天）［默认：今天］
arg-invmap-report-window = 变更前后每侧的天数
arg-invmap-report-top = 列表显示多少个商品

## backup
cmd-invmap-backup = 备份存储库：生成一份经过校验、可用来恢复的快照。

    `FILE.db`：整个存储库的一份一致快照（备份期间其他人可照常工作），内含清单。`FILE.csv`：所有绑定关系，格式同 mappings 模板。两种方式都会在旁边写一个 `FILE.sha256`，让 `invmap restore` 能证明文件完好。文件先写到临时文件名再改名，所以即使中途崩溃也不会留下半份备份。
arg-invmap-backup-output = 写到哪里：以 .db 或 .csv 结尾的路径

## plan
cmd-invmap-plan = 计划：须由第二位操作员批准后才执行的批次（双人复核）。

    批次的对数超过 `approval_threshold` 设置时，`unbind` 会拒绝并引导你到这里：`plan create` 保存各对和选项，另一位操作员执行 `plan approve ID`，然后 `plan apply ID` 重新做所有检查，作为一次变更执行，并记录两人的名字。
cmd-invmap-plan-create = 保存一次待批准的变更：一批解绑（对和规则选项与 `unbind` 相同），或用 --rollback、--restore、--close、--bind、--import-mappings 或 --adopt 指定的其他任何变更。

    现在就像预演那样检查这次变更：有被拒绝的对，计划就会被拒绝，除非用 --with-refusals 把它们作为已知的拒绝保留下来。`plan apply` 时所有检查会重新执行。
arg-invmap-plan-create-skus = 要解绑的 SKU（每个都要配一个 --warehouse）
arg-invmap-plan-create-warehouses = 从哪个仓库解绑
arg-invmap-plan-create-from_csv = 列出各对的 CSV 模板
arg-invmap-plan-create-encoding = 不想自动识别时，指定模板编码：utf-8 或 gbk
arg-invmap-plan-create-rollback = 计划回滚变更 ID（同 `invmap rollback ID`）
arg-invmap-plan-create-restore = 计划从此备份恢复（同 `invmap restore FILE`）
arg-invmap-plan-create-import_mappings = 计划从此文件导入绑定关系（同 `invmap import mappings FILE`）
arg-invmap-plan-create-close = 计划关闭此仓库（同 `invmap warehouse close CODE`）
arg-invmap-plan-create-adopt = 计划按现状认领绕过 invmap 改动的绑定关系（同 `invmap adopt`）
arg-invmap-plan-create-reconcile = 计划认领另一个系统的导出文件（同 `invmap reconcile FILE --adopt`）
arg-invmap-plan-create-moves = 计划执行 --from-csv FILE 中的调拨（同 `invmap move --from-csv`）
arg-invmap-plan-create-exit = 计划从此仓库撤仓（同 `invmap warehouse exit CODE`），配合 --by-route 或 --to
arg-invmap-plan-create-by_route = 配合 --exit：每个 SKU 的库存按发货路由转移到它的下一个仓库
arg-invmap-plan-create-to = 配合 --exit：所有 SKU 的库存都转移到此仓库
arg-invmap-plan-create-bind = 计划绑定一个 --sku 和 --warehouse，或 --from-csv FILE 的每一行（同 `invmap bind`）
arg-invmap-plan-create-qty = 配合 --bind：该绑定关系的库存
arg-invmap-plan-create-priority = 配合 --bind：发货路由优先级
arg-invmap-plan-create-force = 执行计划时强制越过回滚、恢复或关闭仓库的拒绝（须给 --reason；会记录）
arg-invmap-plan-create-with_refusals = 即使按目前情况有些对会被拒绝，仍保存计划
arg-invmap-plan-create-drain = 有未发货订单的对：不再分配新订单，稍后再移除（`invmap run-due`）
arg-invmap-plan-create-transfer_to = 把现有库存转移到此仓库（必要时为该 SKU 在那里新建绑定关系）
arg-invmap-plan-create-write_off = 把现有库存记为报损
arg-invmap-plan-create-allow_orphan = 允许移除 SKU 最后一个在用的仓库
arg-invmap-plan-create-allow_region_gap = 允许让某个地区没有该 SKU 的仓库（require_region_cover 开启时）
arg-invmap-plan-create-strict = 同一对出现两次时按错误处理，而不是警告
arg-invmap-plan-create-reason = 原因（记入计划及执行它的变更）
arg-invmap-plan-create-ticket = 随计划及其变更一起记录的工单号或事件编号
arg-invmap-plan-create-again = 即使同一文件以前执行过，仍为该模板建计划
arg-invmap-plan-create-stages = 分阶段执行这一批，如 30%,100%：第一部分立即执行（分散到各仓库），之后每一阶段在上一阶段判定为通过（ok）后执行（`invmap run-due`）
arg-invmap-plan-create-no_wait = 配合 --stages：不等判定，由你自己执行后续每一阶段（`invmap plan apply ID`）
cmd-invmap-plan-approve = 批准计划（须由创建人以外的操作员批准）
arg-invmap-plan-approve-id = 计划编号（见 `invmap plan list`）
cmd-invmap-plan-reject = 驳回计划：驳回后不能再执行
arg-invmap-plan-reject-id = 计划编号（见 `invmap plan list`）
arg-invmap-plan-reject-reason = 原因（记入计划和审计日志）
cmd-invmap-plan-apply = 立即执行已批准的计划（所有检查重新执行），或用 --effective-at 定时执行
arg-invmap-plan-apply-id = 计划编号（见 `invmap plan list`）
arg-invmap-plan-apply-effective_at = 改为到此时间由 `invmap run-due` 执行
arg-invmap-plan-apply-dry_run = 预演：显示执行后将做的更改，不做任何更改
arg-invmap-plan-apply-reason = 为什么必须现在执行（在促销/高峰时段内，配合 --override-window）
arg-invmap-plan-apply-report = 解绑计划：把每一对的结果各写一行到此 CSV 文件（提交之后）
cmd-invmap-plan-list = 列出计划，最新的在前
arg-invmap-plan-list-limit = 列出最近多少个计划
cmd-invmap-plan-show = 显示一个计划及其各对
arg-invmap-plan-show-id = 计划编号（见 `invmap plan list`）

## settings
cmd-invmap-settings = 查看或修改存储库的设置（审批阈值、排空缓冲时间、时区……）。

    每次修改设置都会写入审计日志。`settings list` 列出每个设置项的当前值、默认值和作用。
cmd-invmap-settings-set = 修改一项设置（记入审计日志）。

    设置项：approval_threshold（对数超过此值的变更须有已批准的计划；0 = 所有变更都要；`unset` = 从不需要）、drain_buffer_hours（48）、observation_hours（72）、plan_max_age_hours（72）、stockout_alert（0.03）、accuracy_target（0.995）、min_sample（比率告警前每侧至少 30 个订单）、require_region_cover（on/off）、require_reason（on/off）、timezone（UTC 或 +08:00）。`invmap settings list` 列出每一项的当前值和含义。
arg-invmap-settings-set-key = 设置项名称（见上文）
arg-invmap-settings-set-value = 新值：数字、on/off、时区，或 `unset`
cmd-invmap-settings-list = 列出所有设置项及其当前值和默认值
cmd-invmap-settings-get = 查看一项设置的值
arg-invmap-settings-get-key = 设置项名称（`invmap settings list` 列出全部）

## warehouse
cmd-invmap-warehouse = 管理仓库
cmd-invmap-warehouse-add = 新增一个仓库。

    要批量导入，用 `invmap import warehouses FILE`。
arg-invmap-warehouse-add-code = 仓库编码（1–10 个字符）
arg-invmap-warehouse-add-name = 显示名称
arg-invmap-warehouse-add-region = 地区，用于地区覆盖规则和报表
arg-invmap-warehouse-add-storage_cost = 每件每天的仓储成本（如 0.035）
cmd-invmap-warehouse-close = 关闭仓库：不再向它分配新订单（记为一次变更）。

    它的绑定关系会保留，直到你解绑（`invmap unbind … --transfer-to`），所以库存不会从账上消失，它的未发货订单也仍可从该仓发货（会列出这些订单）。会让某个 SKU 没有可接单仓库的，会被拒绝，除非加 --allow-orphan；绑定关系超过 `approval_threshold` 时，关闭仓库须走计划（`invmap plan create --close CODE`）。`invmap check` 会列出指向已关闭仓库的绑定关系。
arg-invmap-warehouse-close-code = 仓库编码
arg-invmap-warehouse-close-reason = 原因（记入变更和审计日志）
arg-invmap-warehouse-close-dry_run = 预演：显示将做的更改和每一条拒绝，不做任何更改
arg-invmap-warehouse-close-force = 强制越过规则的拒绝；须给 --reason，并会记录
arg-invmap-warehouse-close-allow_orphan = 允许让 SKU 没有可接单的仓库
arg-invmap-warehouse-close-allow_region_gap = 允许让某个地区没有某个 SKU 的仓库（require_region_cover 开启时）
cmd-invmap-warehouse-reopen = 重新启用已关闭的仓库：恢复接单（记为一次变更）
arg-invmap-warehouse-reopen-code = 仓库编码
arg-invmap-warehouse-reopen-reason = 原因（记入变更和审计日志）
arg-invmap-warehouse-reopen-dry_run = 预演：显示将做的更改和每一条拒绝，不做任何更改
arg-invmap-warehouse-reopen-force = 强制越过规则的拒绝；须给 --reason，并会记录
cmd-invmap-warehouse-exit = 撤仓：把所有 SKU 撤出一个仓库，然后关闭它（例如撤出某个地区）。

    该仓库的所有绑定关系在一次变更中撤出：库存按发货路由转移到各 SKU 的下一个仓库（--by-route），或全部转移到一个仓库（--to CODE，必要时在那里新建绑定关系）；有未发货订单的绑定关系进入排空（不再接新订单；订单完成后由 `invmap run-due` 移除）；没有别的仓库可去的 SKU 会被拒绝，并给出解决办法。最后一条绑定关系移除后，仓库即关闭。建议先用 --dry-run 预演；绑定关系超过 `approval_threshold` 时须走计划（`invmap plan create --exit CODE --by-route`）。
arg-invmap-warehouse-exit-code = 要撤出的仓库
arg-invmap-warehouse-exit-by_route = 把每个 SKU 的库存转移到发货路由中的下一个仓库（见 `invmap route`）
arg-invmap-warehouse-exit-to = 把所有 SKU 的库存转移到此仓库
arg-invmap-warehouse-exit-allow_orphan = 允许让 SKU 没有可接单的仓库
arg-invmap-warehouse-exit-allow_region_gap = 允许让某个地区没有某个 SKU 的仓库（require_region_cover 开启时）
arg-invmap-warehouse-exit-reason = 原因（记入变更和审计日志）
arg-invmap-warehouse-exit-ticket = 随变更一起记录的工单号或事件编号
arg-invmap-warehouse-exit-dry_run = 预演：显示每条绑定关系的结果、各项计数和每一条拒绝，不做任何更改
arg-invmap-warehouse-exit-report = 把每条绑定关系的结果各写一行到此 CSV 文件
arg-invmap-warehouse-exit-effective_at = 定时执行：到此时间由 `invmap run-due` 执行撤仓（届时重新检查）
cmd-invmap-warehouse-list = 列出仓库及其绑定关系和库存

## blackout
cmd-invmap-blackout = 促销/高峰时段（封网）：时段内一切变更都会被拒绝，除非加 --override-window。

    可以是一次性的时段（`--from T --to T`，如一场促销），也可以是每天的时段（`--daily 20:00-23:00`，即按 `timezone` 设置的时区计的高峰时段）。新增和移除时段都会写入审计日志。
cmd-invmap-blackout-add = 新增一个时段
arg-invmap-blackout-add-from = 开始时间（RFC 3339，或按 timezone 设置时区的 YYYY-MM-DD [HH:MM]）
arg-invmap-blackout-add-to = 结束时间（不含）
arg-invmap-blackout-add-daily = 每天在这两个时刻之间，如 20:00-23:00（可跨午夜）
arg-invmap-blackout-add-reason = 设这个时段的原因（每次拒绝时都会显示）
cmd-invmap-blackout-remove = 移除一个时段（记入审计日志）
arg-invmap-blackout-remove-id = 时段编号（见 `invmap blackout list`）
cmd-invmap-blackout-list = 列出生效中的时段

## init --roles, copy
arg-invmap-init-roles = 用于 PostgreSQL 存储库：同时创建组角色 invmap_reader、invmap_operator、invmap_approver 并授予相应权限（需要有创建角色权限的角色）
cmd-invmap-copy = 把整个存储库复制到另一种后端：存储库文件复制到 PostgreSQL 数据库，或反过来

    全部内容都会复制过去——绑定关系、仓库、商品、订单、盘点、客诉、变更及其变更前快照、计划、设置、促销/高峰时段和审计日志——在目标端的一个事务里完成；目标必须为空（新文件，或没有存储库、或存储库为空的数据库；`invmap --db URL init` 可新建）。两边都会重新计算审计链：只有两边链头相同，副本才会保留，并打印该链头。
arg-invmap-copy-to = 复制到哪里：postgres://角色@主机/数据库（也可写 postgresql://），或一个新的存储库文件
