import Foundation
import SQLKit
import TaizhangDomain

extension ProblemRepository {
    /// Adds a measure while the unit is still rectifying.
    public func addMeasure(
        _ id: Int64, text: String, owner: String, deadline: LocalDate?, by actor: Principal
    ) async throws -> Measure {
        let now = clock.now()
        let dialect = store.dialect
        return try await store.write { db in
            let problem = try await loadForWrite(db, id: id, version: nil, for: actor)
            var measure = try Measure.adding(
                text: text, owner: owner, deadline: deadline, to: problem, by: actor, now: now)
            let measureID = try await db.raw(
                """
                INSERT INTO measures (problem_id, text, owner, deadline, done_on, version, created_at)
                VALUES (\(bind: id), \(bind: text), \(bind: owner), \(bind: deadline?.description), NULL, 1, \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO measures").int64("id")
            measure.id = measureID
            try await AuditLog.record(
                db, actor: actor.userID, entity: .measure, entityID: measureID, problemID: id, action: .create,
                new: ["text": text, "owner": owner, "deadline": deadline?.description], at: now)
            try await SearchIndex.refreshProblem(db, dialect: dialect, id: id, titleChanged: false)
            return measure
        }
    }

    /// Edits a measure, refusing a stale version of it.
    public func updateMeasure(
        _ id: Int64, measure measureID: Int64, version: Int, patch: MeasurePatch, by actor: Principal
    ) async throws -> Measure {
        let now = clock.now()
        let dialect = store.dialect
        return try await store.write { db in
            let problem = try await loadForWrite(db, id: id, version: nil, for: actor)
            try Policy.require(Policy.keepLedger, of: actor, on: problem, doing: "修改整改措施")
            guard
                let old = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.measureColumns) FROM measures
                    WHERE id = \(bind: measureID) AND problem_id = \(bind: id)
                    """
                ).first().map(Self.measure(from:))
            else { throw DomainError.notFound(.measure) }
            let new = try old.applying(patch, version: version, of: problem, by: actor, today: LocalDate(now))
            try await db.raw(
                """
                UPDATE measures SET text = \(bind: new.text), owner = \(bind: new.owner),
                    deadline = \(bind: new.deadline?.description), done_on = \(bind: new.doneOn?.description),
                    version = \(bind: new.version)
                WHERE id = \(bind: measureID) AND version = \(bind: old.version)
                """
            ).run()
            let (before, after) = AuditLog.diff(Self.fields(old), Self.fields(new))
            try await AuditLog.record(
                db, actor: actor.userID, entity: .measure, entityID: measureID, problemID: id, action: .update,
                old: before, new: after, at: now)
            if new.text != old.text {
                try await SearchIndex.refreshProblem(db, dialect: dialect, id: id, titleChanged: false)
            }
            return new
        }
    }

    static func fields(_ m: Measure) -> [String: String?] {
        ["text": m.text, "owner": m.owner, "deadline": m.deadline?.description, "doneOn": m.doneOn?.description]
    }

    /// Columns `measure(from:)`, `evidence(from:)` and `deadlineChange(from:)` read.
    static let measureColumns = "id, problem_id, text, owner, deadline, done_on, version, created_at"
    static let evidenceColumns = "id, problem_id, file_name, content_type, size, sha256, uploaded_by, created_at"
    static let deadlineChangeColumns =
        "id, problem_id, old_deadline, new_deadline, reason, requested_by, requested_at, status, decided_by, decided_at"

    static func measure(from row: any SQLRow) throws -> Measure {
        Measure(
            id: try row.int64("id"), problemID: try row.int64("problem_id"), text: try row.string("text"),
            owner: try row.string("owner"), deadline: try row.optionalLocalDate("deadline"),
            doneOn: try row.optionalLocalDate("done_on"), version: try row.int("version"),
            createdAt: try row.date("created_at"))
    }

    /// Appends a dated progress note. Notes never overwrite anything, so they need no version.
    public func addNote(
        _ id: Int64, text: String, notedOn: LocalDate?, figures: [String: Double], by actor: Principal
    ) async throws -> ProgressNote {
        let now = clock.now()
        let dialect = store.dialect
        return try await store.write { db in
            var problem = try await Self.load(db, id: id, for: actor, supporting: false)
            // Someone who may not write notes for the lead unit may still for a unit it supports:
            // only then are the supporting units read (one query less on the common path).
            if !actor.holds(Policy.writeNote, at: problem.unitPath) && problem.supportingUnitPaths.isEmpty {
                problem = try await Self.load(db, id: id, for: actor, supporting: true, supportingPaths: true)
            }
            var note = try ProgressNote.adding(
                text: text, notedOn: notedOn, figures: figures, to: problem, by: actor, now: now)
            let figuresJSON = String(
                decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]), as: UTF8.self)
            let day = note.notedOn
            let noteID = try await db.raw(
                """
                INSERT INTO progress_notes (problem_id, noted_on, text, figures, author_id, created_at)
                VALUES (\(bind: id), \(bind: day.description), \(bind: text), \(bind: figuresJSON), \(bind: actor.userID),
                        \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO progress_notes").int64("id")
            try await AuditLog.record(
                db, actor: actor.userID, entity: .progressNote, entityID: noteID, problemID: id, action: .create,
                new: ["notedOn": day.description, "text": text, "figures": figuresJSON], at: now)
            note.id = noteID
            try await SearchIndex.refreshProblem(db, dialect: dialect, id: id, titleChanged: false)
            return note
        }
    }

    /// Checks the file by its bytes, stores it by hash, and records it as evidence of the problem.
    public func addEvidence(
        _ id: Int64, fileName: String, declaredType: String?, bytes: [UInt8], files: BlobStore, by actor: Principal
    ) async throws -> Evidence {
        let now = clock.now()
        return try await store.write { db in
            let problem = try await Self.load(db, id: id, for: actor, supporting: false)
            try Policy.require(Policy.keepLedger, of: actor, on: problem, doing: "上传佐证材料")
            try Policy.requireLedgerOpen(problem)
            let (type, fileName) = try EvidencePolicy.check(
                fileName: fileName, declaredType: declaredType, bytes: bytes)
            let sha = try files.store(bytes)
            let evidenceID = try await db.raw(
                """
                INSERT INTO evidence (problem_id, file_name, content_type, size, sha256, uploaded_by, created_at)
                VALUES (\(bind: id), \(bind: fileName), \(bind: type), \(bind: Int64(bytes.count)), \(bind: sha),
                        \(bind: actor.userID), \(bind: Timestamp.format(now)))
                RETURNING id
                """
            ).one("INSERT INTO evidence").int64("id")
            try await AuditLog.record(
                db, actor: actor.userID, entity: .evidence, entityID: evidenceID, problemID: id, action: .create,
                new: ["fileName": fileName, "contentType": type, "size": String(bytes.count), "sha256": sha], at: now)
            return Evidence(
                id: evidenceID, problemID: id, fileName: fileName, contentType: type, size: Int64(bytes.count),
                sha256: sha, uploadedBy: actor.userID, createdAt: now)
        }
    }

    /// One piece of evidence of a problem the actor may see.
    public func evidence(_ id: Int64, item evidenceID: Int64, for actor: Principal) async throws -> Evidence {
        try await store.read { db in
            _ = try await Self.load(db, id: id, for: actor, supporting: false)
            guard
                let e = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.evidenceColumns) FROM evidence
                    WHERE id = \(bind: evidenceID) AND problem_id = \(bind: id)
                    """
                ).first().map(Self.evidence(from:))
            else { throw DomainError.notFound(.evidence) }
            return e
        }
    }

    static func evidence(from row: any SQLRow) throws -> Evidence {
        Evidence(
            id: try row.int64("id"), problemID: try row.int64("problem_id"), fileName: try row.string("file_name"),
            contentType: try row.string("content_type"), size: try row.int64("size"), sha256: try row.string("sha256"),
            uploadedBy: try row.int64("uploaded_by"), createdAt: try row.date("created_at"))
    }
}
