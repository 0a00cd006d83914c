import Foundation

/// The rules of a round (月调度), pure: storage reads what they need in its transaction and
/// writes what they return.
///
/// The office of a unit opens a round for units below it. In each unit the liaison (or the unit
/// leader) writes the return; the unit leader files it, which is the leader's sign-off. The
/// opening unit's office or supervision team — someone other than the filer — accepts it or sends
/// it back with a reason, and a returned return is written and filed again.
extension Policy {
    public static let openRound: Set<Role> = [.office]
    public static let writeReturn: Set<Role> = [.liaison, .unitLeader]
    public static let fileReturn: Set<Role> = [.unitLeader]
    public static let decideReturn: Set<Role> = [.office, .supervision]
}

extension Round {
    /// At most this many units report in one round (a province's whole tree is some 3,000).
    public static let maxUnits = 5_000

    /// A new round and the units that must report in it, or the guard that refuses it.
    public static func opening(
        title: String, period: RoundPeriod, dueOn: LocalDate, campaignID: Int64, at unit: OrgUnit,
        reporting: [OrgUnit], by actor: Principal?, now: Date
    ) throws(DomainError) -> Round {
        if let actor {
            try Policy.require(Policy.openRound, of: actor, at: unit.path, entity: .unit, doing: "发起月调度")
        }
        try Limits.text(title, field: "title", max: Limits.shortText)
        if dueOn < period.firstDay {
            throw .invalid(
                "dueOn", zh: "报送截止日期不能早于调度月份（\(period.chinese)）的第一天",
                en: "the due date cannot be before the first day of \(period)", code: "due_before_period")
        }
        if reporting.isEmpty {
            throw .invalid("unitIds", zh: "请至少选择一个报送单位", en: "choose at least one unit to report", code: "no_units")
        }
        if reporting.count > maxUnits {
            throw .invalid(
                "unitIds", zh: "一次调度最多 \(maxUnits) 个报送单位", en: "at most \(maxUnits) units may report in one round")
        }
        for (index, u) in reporting.enumerated() where u.id == unit.id || !unit.path.contains(u.path) {
            throw .invalid(
                "unitIds[\(index)]", zh: "报送单位「\(u.name)」不在\(unit.name)之下",
                en: "unit \(u.id) is not below \(unit.name)", code: "unit_outside")
        }
        let name = title.isEmpty ? "\(period.chinese)调度" : title
        return Round(
            id: 0, campaignID: campaignID, unitID: unit.id, unitPath: unit.path, period: period, title: name,
            dueOn: dueOn, openedBy: actor?.userID, openedAt: now)
    }
}

extension RoundReturn {
    public static let textLength = Limits.noteLength

    /// A return with its text saved (not yet filed).
    public func saving(summary: String, nextSteps: String, version: Int, by actor: Principal, now: Date)
        throws(DomainError) -> RoundReturn
    {
        try Policy.require(Policy.writeReturn, of: actor, at: unitPath, entity: .roundReturn, doing: "填写月调度报送")
        try check(version)
        guard state.owed else { throw closed("修改") }
        try Limits.text(summary, field: "summary", max: Self.textLength)
        try Limits.text(nextSteps, field: "nextSteps", max: Self.textLength)
        var next = self
        next.summary = summary
        next.nextSteps = nextSteps
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// The unit leader signs off and files: the ledger's figures for the unit go with it.
    public func filing(version: Int, figures: ReturnFigures, by actor: Principal, now: Date) throws(DomainError)
        -> RoundReturn
    {
        try Policy.require(Policy.fileReturn, of: actor, at: unitPath, entity: .roundReturn, doing: "签发并报送月调度")
        try check(version)
        guard state.owed else { throw closed("报送") }
        if summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid(
                "summary", zh: "请先填写本月工作进展，再报送", en: "write this month's progress before filing",
                code: "summary_required")
        }
        var next = self
        next.state = .filed
        next.figures = figures
        next.filedBy = actor.userID
        next.filedAt = now
        next.version += 1
        next.updatedAt = now
        return next
    }

    /// The opening unit's office accepts a filed return, or sends it back with a reason.
    public func deciding(accept: Bool, reason: String?, version: Int, in round: Round, by actor: Principal, now: Date)
        throws(DomainError) -> RoundReturn
    {
        guard actor.sees(unitPath) || actor.sees(round.unitPath) else { throw .notFound(.roundReturn) }
        guard actor.holds(Policy.decideReturn, at: round.unitPath) else {
            throw Policy.roleRequired(Policy.decideReturn, doing: accept ? "审核通过月调度报送" : "退回月调度报送")
        }
        try check(version)
        guard state == .filed else {
            throw DomainError(
                .conflict, code: "return_not_filed", field: "state",
                zh: "该报送当前为「\(state.chinese)」，只有已报送的才能审核",
                en: "only a filed return can be decided (this one is \(state.english))")
        }
        if filedBy == actor.userID {
            throw .forbidden(zh: "不能审核自己报送的材料", en: "you cannot decide a return you filed", code: "decider_is_filer")
        }
        var next = self
        if accept {
            next.state = .accepted
        } else {
            let why = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if why.isEmpty {
                throw .invalid(
                    "reason", zh: "退回时请写明理由", en: "give a reason for sending it back", code: "reason_required")
            }
            try Limits.text(why, field: "reason", max: Limits.reasonLength)
            next.state = .returned
            next.reason = why
        }
        next.decidedBy = actor.userID
        next.decidedAt = now
        next.version += 1
        next.updatedAt = now
        return next
    }

    func check(_ version: Int) throws(DomainError) {
        guard version == self.version else {
            throw DomainError(
                .conflict, code: "stale_version", field: "version",
                zh: "该报送已被他人修改（当前版本 \(self.version)），请刷新后重试",
                en: "the return was changed by someone else (current version \(self.version)); reload and retry",
                currentVersion: self.version)
        }
    }

    func closed(_ doing: String) -> DomainError {
        DomainError(
            .conflict, code: "return_locked", field: "state",
            zh: "该报送当前为「\(state.chinese)」，不能再\(doing)",
            en: "a \(state.english) return cannot be changed")
    }
}
