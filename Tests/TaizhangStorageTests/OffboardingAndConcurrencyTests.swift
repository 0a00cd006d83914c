import Foundation
import TaizhangDomain
import TaizhangStorage
import TestSupport
import Testing

/// What one server process changes, another refuses at once; concurrent writers never see a
/// deadlock; a crash leaves no litter behind.
@Suite struct OffboardingAndConcurrencyTests {
    @Test(arguments: TestDatabase.available)
    func aChangeOnOneServerIsRefusedAtOnceOnAnother(db: TestDatabase) async throws {
        try await withTemporaryDirectory { dir in
            let (one, two) = try await db.makeSharedStores(directory: dir)
            let clock = FixedClock()
            let usersOne = UserRepository(store: one, clock: clock)
            let usersTwo = UserRepository(store: two, clock: clock)
            let units = UnitRepository(store: one, clock: clock)
            let root = try await units.create(name: "省", shortName: "", kind: .province, parentID: nil, by: nil)
            let user = try await usersOne.add(login: "liaison", displayName: "联络员", passwordHash: "x")
            try await usersOne.grant(userID: user.id, role: .liaison, unitID: root.id)
            let token = try await usersOne.createToken(userID: user.id, name: "t")
            let other = try await usersOne.createToken(userID: user.id, name: "t2")
            // Server two has the principal cached.
            #expect(try await usersTwo.principal(token: token)?.grants.count == 1)
            try await usersOne.removeGrant(userID: user.id, role: .liaison, unitID: root.id, by: nil)
            try await eventually { try await usersTwo.principal(token: token)?.grants.isEmpty == true }
            try await usersOne.revokeTokens(of: user.id, token: token, by: nil)
            try await eventually { try await usersTwo.principal(token: token) == nil }
            #expect(try await usersTwo.principal(token: other) != nil)
            try await usersOne.setDisabled(true, userID: user.id, by: nil)
            try await eventually { try await usersTwo.principal(token: other) == nil }
            try await one.close()
            try await two.close()
        }
    }

    /// On PostgreSQL the other server hears through NOTIFY, which arrives a moment after the
    /// commit; on SQLite the marker file is replaced before the write returns. Either way no
    /// timer expires: this polls for at most a second, far below the old two-second cache.
    func eventually(_ condition: () async throws -> Bool) async throws {
        let start = ContinuousClock.now
        while !(try await condition()) {
            #expect(ContinuousClock.now - start < .seconds(1), "not refused within a second")
            if ContinuousClock.now - start >= .seconds(1) { return }
            await Task.yield()
        }
    }

    /// Eight writers on problems of sibling counties (their roll-ups share the city and the
    /// province rows) at once: every write succeeds, none answers with a deadlock.
    @Test(arguments: TestDatabase.available)
    func concurrentWritersNeverDeadlock(db: TestDatabase) async throws {
        try await withLedger(on: db) { ledger in
            var problems: [Problem] = []
            for unit in [ledger.countyA1, ledger.countyA2, ledger.countyB1, ledger.countyA1] {
                problems.append(try await ledger.draft(in: unit))
            }
            let office = ledger.office
            let repository = ledger.problems
            let failures = try await withThrowingTaskGroup(of: [String].self) { group in
                for writer in 0..<8 {
                    let p = problems[writer % problems.count]
                    group.addTask {
                        var failed: [String] = []
                        for step in 0..<12 {
                            do {
                                switch step % 3 {
                                case 0:
                                    _ = try await repository.addNote(
                                        p.id, text: "进展\(writer)-\(step)", notedOn: nil, figures: [:], by: office)
                                case 1:
                                    _ = try await repository.addMeasure(
                                        p.id, text: "措施\(writer)-\(step)", owner: "", deadline: nil, by: office)
                                default:
                                    let current = try await repository.problem(p.id, for: office)
                                    var patch = ProblemPatch()
                                    patch.category = "类\(writer)-\(step)"
                                    _ = try await repository.update(
                                        p.id, version: current.version, patch: patch, by: office)
                                }
                            } catch let error as DomainError where error.code == "stale_version" {
                                // Two editors of one problem: one is told to reload. That is the rule, not a failure.
                            } catch {
                                failed.append(String(describing: error))
                            }
                        }
                        return failed
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
            let counts = try await ledger.problems.counts(unitID: ledger.root.id, campaignID: nil, for: office)
            #expect(counts.total == problems.count, "roll-ups still add up")
        }
    }

    @Test func temporaryFilesOfInterruptedUploadsAreRemovedAtStartUp() async throws {
        try await withTemporaryDirectory { dir in
            let blobs = BlobStore(dataDirectory: dir)
            let kept = try blobs.store(Array("%PDF-1.4 kept".utf8))
            let folder = blobs.root + "/" + String(kept.prefix(2))
            let litter = folder + "/.\(kept).6F1E.tmp"
            #expect(FileManager.default.createFile(atPath: litter, contents: Data("half".utf8)))
            #expect(blobs.removeLeftovers() == 1)
            #expect(!FileManager.default.fileExists(atPath: litter))
            #expect(blobs.load(kept) == Data("%PDF-1.4 kept".utf8), "stored files stay")
        }
    }
}
