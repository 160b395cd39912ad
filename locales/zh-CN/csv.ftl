# csv：读取模板（编码、分隔符、表头、单元格）与原子写入文件。
# 位置（`file:3:`）、列名、参数和编码名（UTF-8、GBK）保持原样。

## 打开与读取文件（csvio/read.rs、csvio/detect.rs）

csv-reading = 读取 { $name } 时出错
csv-input-is-directory = { $name } 是一个目录；请给出 CSV 文件的路径
csv-no-such-file = { $name }：文件不存在；请检查路径
csv-permission-denied = { $name }：没有权限；请检查文件的权限
csv-cannot-open = 无法打开 { $name }
csv-unknown-encoding = 未知的文件编码 "{ $encoding }"：请用 utf-8 或 gbk

## 编码

csv-utf8-not-gbk = 该文件是 UTF-8 编码，不是 GBK（其文本按 UTF-8 可以正常读取，按 GBK 读取会变成乱码）：请去掉 --encoding gbk 后重新运行命令
csv-hint-not-gbk = 该文件不是 GBK/GB18030 编码——请去掉 --encoding gbk，或把文件另存为 CSV UTF-8
csv-hint-neither = 该文件既不是 UTF-8 也不是 GBK 编码——请把文件另存为 CSV UTF-8
csv-hint-not-utf8 = 该文件不是 UTF-8 编码——请另存为 CSV UTF-8；如果是中文 Windows 上的 Excel 保存的，请加上 --encoding gbk
csv-cr-only = 行尾只有 CR（旧 Mac 格式）——请把文件另存为 CSV UTF-8
csv-utf16 = 该文件是 UTF-16 编码、制表符分隔（Excel 的“Unicode 文本”）；请另存为 CSV UTF-8
csv-bad-bytes = 第 { $offset } 字节处不是有效的 { $encoding }（{ $bytes }）：{ $hint }

## 记录与表头

csv-empty-file = 空文件：没有表头行；第一行必须写出列名
csv-unterminated-quote = 从第 { $line } 行开始的引号没有闭合：文件的其余部分被读成了一个值；请补上闭合的引号
csv-record-too-long = 从第 { $line } 行或稍后开始的一条记录超过 1 MiB：可能有一个 '"' 没有闭合；请修正引号
csv-field-count = 应有 { $width } 个字段（与表头一致），实际有 { $found } 个；{ $fix }
csv-fix-quote = 含有 '{ $delimiter }' 的值必须加引号
csv-fix-missing-cells = 请补全缺少的单元格
csv-column-twice = 第 { $first } 列和第 { $second } 列都对应 { $field }：请删除其中一列
csv-missing-columns-hint = 缺少列 { $names }：{ $hint }
csv-missing-column = 缺少列 { $field }（可用的列名：{ $accepted }）；表头是 { $found }
csv-header-nul = 表头里全是 NUL 字节：文件看起来是 UTF-16 编码——请另存为 CSV UTF-8
csv-header-delimiter = 表头 "{ $header }" 看起来{ $looks ->
    [semicolon] 是以 ';' 分隔的
    [tab] 是以制表符分隔的
    [pipe] 是以 '|' 分隔的
   *[comma] 是以逗号分隔的
  }；请另存为 CSV（逗号分隔），或加上 --delimiter '{ $flag }'

## 单元格

csv-cell-required = 为空：请填写（此列为必填）
csv-value-not-text = 该值第 { $offset } 字节处不是有效的文本
csv-value-newline = 值中有换行（这条记录跨了多行）：请把值写在一行内
csv-value-nul = 有 NUL 字节：请删除（NUL 会在存储库中截断这个值）
csv-value-control = 值中有不可见的控制字符 { $char }：请重新输入

## 读取时的提示（代码会在每条前加上“note: ”）

csv-note-gbk = 已按 GBK 解码
csv-note-sep-line = 已跳过第 1 行的 Excel 'sep={ $sep }' 行
csv-note-blank-lines = 已跳过 { $count } 个空行
csv-note-more-changes = ……另有 { $count } 个值被去除了空格或转换了全角字符
csv-note-changed = 第 { $line } 行：{ $column } "{ $before }" -> "{ $after }"
csv-note-ignored-unnamed = 已忽略第 { $column } 列（没有列名）
csv-note-ignored = 已忽略第 { $column } 列 "{ $name }"
csv-note-more-ignored = ……另有 { $count } 列被忽略

## 写入文件（csvio/atomic.rs、csvio/write.rs）

csv-not-a-file-name = { $path } 不是文件名；请给出类似 backups/store.db 的路径
csv-target-is-directory = { $path } 是一个目录；请给出其中的一个文件名
csv-doing-create = 在 { $path } 中创建文件
csv-doing-write = 写入 { $path }
csv-doing-rename = 把临时文件重命名为 { $path }
csv-io-no-space = { $doing }时磁盘空间不足；请腾出空间后重试——未写入 { $target }
csv-io-permission = { $doing }时没有权限；请换一个路径或修正权限——未写入 { $target }
csv-io-no-directory = { $doing }时出错：目录不存在；请先创建目录——未写入 { $target }
csv-io-failed = { $doing }失败——未写入 { $target }
csv-writing = 写入 { $path } 时出错
csv-write-failed = { $doing }时出错：{ $error }
csv-output-closed = 输出已关闭
