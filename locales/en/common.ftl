# Messages every command uses. Arguments are named as in the code (`tr!("key", name = …)`).

error-line = error: { $error }
nothing-changed = Nothing changed.
change-recorded = { $what } Change { $id } recorded (undo with `invmap rollback { $id }`).
audit-head = Audit chain head: { $head }
store-created = Created a new store at { $path }.
table-none = (none)
