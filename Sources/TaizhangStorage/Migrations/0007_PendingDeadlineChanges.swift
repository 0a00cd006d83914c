/// The deadline changes waiting for a decision, for the offices' My work and their list: a small
/// partial index (pending rows only), so finding them never reads the decided ones.
let m0007PendingDeadlineChanges = Migration(
    version: 7, name: "pending-deadline-changes",
    statements: [
        "CREATE INDEX deadline_changes_pending ON deadline_changes(id) WHERE status = 'pending'"
    ])
