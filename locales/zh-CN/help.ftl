# --help in Chinese. English is the doc comments on the clap types (src/cli); each key here
# follows one of them: `cmd-PATH` is a command's description, `arg-PATH-ID` a flag or an
# argument. The unit test `help_keys_match_the_command_tree` lists what is missing or stale.

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
