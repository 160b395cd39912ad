# 各命令共用的消息。参数名与代码中一致（`tr!("key", name = …)`）。

error-line = 错误：{ $error }
nothing-changed = 未做任何更改。
change-recorded = { $what }已记录变更 { $id }（可用 `invmap rollback { $id }` 撤销）。
audit-head = 审计链头：{ $head }
store-created = 已在 { $path } 新建存储库。
table-none = （无）

## 操作系统对文件的说法（它自己的措辞在任何区域设置下都是英文）
common-io-not-found = 没有这个文件或目录
common-io-permission-denied = 权限不足
common-io-already-exists = 文件已存在
common-io-storage-full = 磁盘空间不足
common-io-read-only = 只读文件系统
common-io-is-a-directory = 这是一个目录
common-io-not-a-directory = 不是目录
common-io-invalid-data = 数据无效
common-io-unexpected-eof = 文件意外结束
common-io-broken-pipe = 管道已断开
common-io-os-error = { $words }（系统错误 { $code }）
common-no-signal-watch = 无法监听 Ctrl-C（{ $error }）：中断的运行会直接停止

## SQLite 和 JSON 自己的措辞（在任何区域设置下都是英文），给中文读者
common-sqlite-not-a-database = 文件不是数据库
common-sqlite-corrupt = 数据库文件已损坏
common-sqlite-busy = 数据库正被锁定
common-sqlite-read-only = 试图写入只读数据库
common-sqlite-cannot-open = 无法打开数据库文件
common-bad-json = 不是有效的 JSON（第 { $line } 行第 { $column } 列）
