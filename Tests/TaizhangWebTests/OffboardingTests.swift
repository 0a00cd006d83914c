import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import TaizhangApp
import TaizhangDomain
import TaizhangWeb
import TestSupport
import Testing

/// People can be offboarded, and what is taken away is refused on the very next request.
@Suite struct OffboardingTests {
    @Test func aRevokedTokenARemovedGrantAndADisabledUserAreRefusedAtOnce() async throws {
        try await withAPI { ledger, client in
            let p = try await ledger.draft()
            // Warm the principal cache, then revoke through the API and ask again at once.
            #expect(try await client.call(.get, "/api/v1/me", as: "liaisonA1", in: ledger).status == 200)
            let tokens = try await client.call(.get, "/api/v1/tokens", as: "liaisonA1", in: ledger)
            let id = try #require(((tokens.body as? [String: Any])?["items"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(try await client.call(.delete, "/api/v1/tokens/\(id)", as: "liaisonA1", in: ledger).status == 204)
            #expect(try await client.call(.get, "/api/v1/me", as: "liaisonA1", in: ledger).status == 401)

            // A removed grant: the county leader loses county A1 at once.
            let (adminID, adminToken) = try await ledger.person("admin", .admin, at: ledger.root)
            #expect(try await client.call(.get, "/api/v1/problems/\(p.id)", as: "leaderA1", in: ledger).status == 200)
            let leaderA1 = ledger.unitLeaderA1.userID
            let removal = try await client.call(
                .post, "/api/v1/users/\(leaderA1)/grants/revoke", as: nil, in: ledger,
                json: ["role": "unit_leader", "unitId": ledger.countyA1.id], bearer: adminToken)
            #expect(removal.status == 204)
            #expect(try await client.call(.get, "/api/v1/problems/\(p.id)", as: "leaderA1", in: ledger).status == 404)

            // A disabled user: every token refused at once, sign-in refused.
            let user = try await ledger.services.users.add(
                login: "departing", displayName: "离任", passwordHash: Bcrypt.hash("correct horse", cost: 4))
            try await ledger.services.users.grant(userID: user.id, role: .liaison, unitID: ledger.countyA2.id)
            let token = try await ledger.services.users.createToken(userID: user.id, name: "t")
            #expect(try await client.call(.get, "/api/v1/me", as: nil, in: ledger, bearer: token).status == 200)
            let liaisonA2 = try await client.call(
                .post, "/api/v1/users/\(user.id)/disable", as: "liaisonA2", in: ledger)
            #expect(liaisonA2.status == 403, "a liaison cannot offboard anyone")
            #expect(
                try await client.call(
                    .post, "/api/v1/users/\(user.id)/disable", as: nil, in: ledger, bearer: adminToken
                ).status == 204)
            #expect(try await client.call(.get, "/api/v1/me", as: nil, in: ledger, bearer: token).status == 401)
            let signIn = try await client.call(
                .post, "/api/v1/session", as: nil, in: ledger,
                json: ["login": "departing", "password": "correct horse"])
            #expect(signIn.status == 401)
            #expect(signIn["code"] as? String == "user_disabled")
            #expect(
                try await client.call(.post, "/api/v1/users/\(user.id)/enable", as: nil, in: ledger, bearer: adminToken)
                    .status == 204)
            #expect(
                try await client.call(.get, "/api/v1/me", as: nil, in: ledger, bearer: token).status == 200,
                "enabled again, the token works")

            // Every step is in the audit trail, with who did it.
            let actions = try await ledger.store.read { db in
                try await db.raw(
                    "SELECT entity, action, actor_id FROM audit_events WHERE action IN ('revoke', 'disable', 'enable') ORDER BY id"
                ).all()
                    .map {
                        "\(try $0.decode(column: "entity", as: String.self)) \(try $0.decode(column: "action", as: String.self)) \(try $0.decode(column: "actor_id", as: Int64?.self) ?? 0)"
                    }
            }
            #expect(
                actions == [
                    "token revoke \(ledger.liaisonA1.userID)", "grant revoke \(adminID)", "user disable \(adminID)",
                    "user enable \(adminID)",
                ])
        }
    }

    @Test func signOutEndsTheToken() async throws {
        try await withAPI { ledger, client in
            let out = try await client.call(.delete, "/api/v1/session", as: "office2", in: ledger)
            #expect(out.status == 204)
            let after = try await client.call(.get, "/api/v1/me", as: "office2", in: ledger)
            #expect(after.status == 401)
            let others = try await client.call(.get, "/api/v1/me", as: "office", in: ledger)
            #expect(others.status == 200, "other people's tokens stay")
        }
    }

    @Test func repeatedFailuresAreThrottledWithAClearMessage() async throws {
        try await withAPI { ledger, client in
            _ = try await ledger.services.users.add(
                login: "zhang", displayName: "张", passwordHash: Bcrypt.hash("right password", cost: 4))
            for _ in 0..<SignInThrottle.perLogin {
                let wrong = try await client.call(
                    .post, "/api/v1/session", as: nil, in: ledger, json: ["login": "zhang", "password": "guess"])
                #expect(wrong.status == 401)
                #expect(wrong["code"] as? String == "bad_credentials")
            }
            let locked = try await client.call(
                .post, "/api/v1/session", as: nil, in: ledger, json: ["login": "zhang", "password": "right password"])
            #expect(locked.status == 429, "even the right password waits")
            #expect(locked["code"] as? String == "too_many_attempts")
            #expect((locked["zh"] as? String)?.contains("分钟后再试") == true)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Unknown logins get the same answer as wrong passwords.
            let unknown = try await client.call(
                .post, "/api/v1/session", as: nil, in: ledger, json: ["login": "nobody", "password": "guess"])
            #expect(unknown.status == 401)
            #expect(unknown["code"] as? String == "bad_credentials")
            ledger.clock.advance(days: 1)
            let later = try await client.call(
                .post, "/api/v1/session", as: nil, in: ledger, json: ["login": "zhang", "password": "right password"])
            #expect(later.status == 201, "the lock passes with time")
        }
    }
}
