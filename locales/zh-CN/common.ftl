# 各命令共用的消息。参数名与代码中一致（`tr!("key", name = …)`）。

error-line = 错误：{ $error }
nothing-changed = 未做任何更改。
change-recorded = { $what }已记录变更 { $id }（可用 `invmap rollback { $id }` 撤销）。
audit-head = 审计链头：{ $head }
store-created = 已在 { $path } 新建存储。
table-none = （无）
