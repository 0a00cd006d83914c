/// The deadline queue index carries the unit path, so a subtree's overdue list walks one
/// state's deadlines in order and checks the subtree in the index, without reading rows.
let m0003DeadlineQueueIndex = Migration(
    version: 3, name: "deadline-queue-index",
    statements: [
        "DROP INDEX problems_state_deadline",
        "CREATE INDEX problems_state_deadline_path ON problems(state, deadline, unit_path, id)",
    ])
