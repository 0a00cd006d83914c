import TaizhangDomain
import TaizhangStorage

/// What a unit records against a problem while it rectifies: measures, progress notes, evidence;
/// and reading them back page by page.
public struct ProgressCases: Sendable {
    let services: Services

    public init(_ services: Services) {
        self.services = services
    }

    /// Adds a measure (整改措施) while the unit is still rectifying.
    public func addMeasure(
        to problemID: Int64, text: String, owner: String, deadline: LocalDate?, by actor: Principal
    ) async throws -> Measure {
        try await services.problems.addMeasure(problemID, text: text, owner: owner, deadline: deadline, by: actor)
    }

    /// Edits a measure or marks it done, on the version of the measure the editor saw.
    public func editMeasure(
        _ measureID: Int64, of problemID: Int64, version: Int, patch: MeasurePatch, by actor: Principal
    ) async throws -> Measure {
        try await services.problems.updateMeasure(
            problemID, measure: measureID, version: version, patch: patch, by: actor)
    }

    /// Adds a progress note (整改进展); a supporting unit may too.
    public func addNote(
        to problemID: Int64, text: String, notedOn: LocalDate?, figures: [String: Double], by actor: Principal
    ) async throws -> ProgressNote {
        try await services.problems.addNote(problemID, text: text, notedOn: notedOn, figures: figures, by: actor)
    }

    /// Older progress notes, page by page.
    public func notes(
        of problemID: Int64, before: Int64?, limit: Int, as viewer: Principal
    ) async throws -> TrailPage<ProgressNote> {
        try await services.problems.notes(problemID, before: before, limit: limit, for: viewer)
    }

    /// Older history (audit events), page by page.
    public func history(
        of problemID: Int64, before: Int64?, limit: Int, as viewer: Principal
    ) async throws -> TrailPage<AuditEvent> {
        try await services.problems.history(problemID, before: before, limit: limit, for: viewer)
    }

    /// Attaches a file as evidence; its bytes, not its name, decide what it is.
    public func attachEvidence(
        to problemID: Int64, fileName: String, declaredType: String?, bytes: [UInt8], by actor: Principal
    ) async throws -> Evidence {
        try await services.problems.addEvidence(
            problemID, fileName: fileName, declaredType: declaredType, bytes: bytes, files: services.files, by: actor)
    }

    /// A piece of evidence with its bytes, as uploaded.
    public func evidenceFile(
        _ evidenceID: Int64, of problemID: Int64, as viewer: Principal
    ) async throws -> (evidence: Evidence, bytes: [UInt8]) {
        let evidence = try await services.problems.evidence(problemID, item: evidenceID, for: viewer)
        guard let data = services.files.load(evidence.sha256) else {
            services.logger.error("evidence \(evidence.id) bytes missing: \(evidence.sha256)")
            throw DomainError.notFound(.evidence)
        }
        return (evidence, Array(data))
    }
}
