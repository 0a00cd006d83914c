import Foundation

/// What a measure edit may change; `doneOn` `.some(nil)` reopens a measure, nil leaves a field as it is.
public struct MeasurePatch: Sendable, Equatable {
    public var text: String?
    public var owner: String?
    public var deadline: LocalDate??
    public var doneOn: LocalDate??

    public init(text: String? = nil, owner: String? = nil, deadline: LocalDate?? = nil, doneOn: LocalDate?? = nil) {
        self.text = text
        self.owner = owner
        self.deadline = deadline
        self.doneOn = doneOn
    }
}

extension Measure {
    /// A new measure of `problem`, or the guard that refuses it (id given on insert).
    public static func adding(
        text: String, owner: String, deadline: LocalDate?, to problem: Problem, by actor: Principal, now: Date
    ) throws(DomainError) -> Measure {
        try Policy.require(Policy.keepLedger, of: actor, on: problem, doing: "填写整改措施")
        try Policy.requireLedgerOpen(problem)
        try validate(text: text, owner: owner)
        return Measure(
            id: 0, problemID: problem.id, text: text, owner: owner, deadline: deadline, doneOn: nil, version: 1,
            createdAt: now)
    }

    /// The measure after `patch`, refusing a stale version, a closed ledger and a done date in the future.
    public func applying(
        _ patch: MeasurePatch, version: Int, of problem: Problem, by actor: Principal, today: LocalDate
    ) throws(DomainError) -> Measure {
        try Policy.require(Policy.keepLedger, of: actor, on: problem, doing: "修改整改措施")
        try Policy.requireLedgerOpen(problem)
        if version != self.version { throw .staleVersion(current: self.version) }
        var new = self
        if let text = patch.text { new.text = text }
        if let owner = patch.owner { new.owner = owner }
        if let deadline = patch.deadline { new.deadline = deadline }
        if let doneOn = patch.doneOn { new.doneOn = doneOn }
        try Self.validate(text: new.text, owner: new.owner)
        if let done = new.doneOn, done > today {
            throw .invalid(
                "doneOn", zh: "完成日期不能晚于今天", en: "the done date cannot be in the future", code: "date_in_future")
        }
        new.version = version + 1
        return new
    }
}

extension ProgressNote {
    /// A new note on `problem` (id given on insert), or the guard that refuses it. Notes never
    /// overwrite anything, so they carry no version.
    public static func adding(
        text: String, notedOn: LocalDate?, figures: [String: Double], to problem: Problem, by actor: Principal,
        now: Date
    ) throws(DomainError) -> ProgressNote {
        try Policy.requireNoteWriter(actor, on: problem)
        try Policy.requireNotesOpen(problem)
        try validate(text: text, figures: figures)
        let today = LocalDate(now)
        let day = notedOn ?? today
        if day > today {
            throw .invalid(
                "notedOn", zh: "进展日期不能晚于今天", en: "a progress note cannot be dated in the future", code: "date_in_future"
            )
        }
        return ProgressNote(
            id: 0, problemID: problem.id, notedOn: day, text: text, figures: figures, authorID: actor.userID,
            createdAt: now)
    }
}
