import Foundation
import TaizhangDomain

/// Every page URL, typed. Routes are registered from `PageRoute.Pattern` and every link and form
/// action is built from a `PageRoute`, so no view or test spells a path by hand, and a renamed
/// path cannot leave a dead link behind.
enum PageRoute: Sendable, Equatable {
    case home
    case signIn(next: String?)
    case signOut
    case language
    case ledger(ProblemFilter)
    /// The ledger view as a file: `xlsx` or `csv`, one sheet per unit below when `perUnit`.
    case exportLedger(ProblemFilter, format: String, perUnit: Bool)
    case importTemplate
    case imports
    case confirmImport
    case problem(Int64)
    case newProblem
    case editProblem(Int64)
    case addMeasure(Int64)
    case measureDone(problem: Int64, measure: Int64)
    case editMeasure(problem: Int64, measure: Int64)
    case pendingDeadlines(unit: Int64?)
    case addNote(Int64)
    case uploadEvidence(Int64)
    case evidence(problem: Int64, item: Int64)
    case act(Int64, ProblemAction)
    case requestDeadline(Int64)
    case decideDeadline(problem: Int64, change: Int64, approve: Bool)
    case dashboard(unit: Int64?)
    case units
    case unit(Int64)
    case campaigns
    case campaign(Int64)
    case reports
    case report(Int64)
    case draftFromReport(Int64)
    case rounds
    case round(Int64)
    case roundReturn(round: Int64, item: Int64)
    case decideReturn(round: Int64, item: Int64)
    case admin
    case adminUser(Int64)
    case asset(String)

    /// The path templates the router registers; `{id}`-style parameters as Hummingbird reads them.
    enum Pattern: String, CaseIterable, Sendable {
        case home = "/"
        case signIn = "/sign-in"
        case signOut = "/sign-out"
        case language = "/language"
        case ledger = "/ledger"
        case exportLedger = "/ledger/export"
        case importTemplate = "/ledger/template"
        case imports = "/imports"
        case confirmImport = "/imports/confirm"
        case problem = "/problems/{id}"
        case newProblem = "/problems/new"
        case editProblem = "/problems/{id}/edit"
        case addMeasure = "/problems/{id}/measures"
        case measureDone = "/problems/{id}/measures/{measureId}/done"
        case editMeasure = "/problems/{id}/measures/{measureId}"
        case pendingDeadlines = "/deadline-changes"
        case addNote = "/problems/{id}/notes"
        case uploadEvidence = "/problems/{id}/evidence"
        case evidence = "/problems/{id}/evidence/{evidenceId}"
        case act = "/problems/{id}/actions/{action}"
        case requestDeadline = "/problems/{id}/deadline-changes"
        case decideDeadline = "/problems/{id}/deadline-changes/{changeId}/{decision}"
        case dashboard = "/dashboard"
        case units = "/units"
        case unit = "/units/{id}"
        case campaigns = "/campaigns"
        case campaign = "/campaigns/{id}"
        case reports = "/reports"
        case report = "/reports/{id}"
        case draftFromReport = "/reports/{id}/drafts"
        case rounds = "/rounds"
        case round = "/rounds/{id}"
        case roundReturn = "/rounds/{id}/returns/{returnId}"
        case decideReturn = "/rounds/{id}/returns/{returnId}/decision"
        case admin = "/admin"
        case adminUser = "/admin/users/{id}"
        case asset = "/static/{file}"

        /// The template with its parameters filled in, in order.
        func path(_ values: String...) -> String {
            var out = ""
            var rest = values[...]
            var inName = false
            for ch in rawValue {
                if ch == "{" {
                    inName = true
                    out += rest.popFirst() ?? ""
                } else if ch == "}" {
                    inName = false
                } else if !inName {
                    out.append(ch)
                }
            }
            return out
        }
    }

    /// The URL, path and query, as links and form actions carry it.
    var href: String {
        switch self {
        case .home: return Pattern.home.rawValue
        case .signIn(let next):
            return Pattern.signIn.rawValue + Self.query(next.map { [("next", $0)] } ?? [])
        case .signOut: return Pattern.signOut.rawValue
        case .language: return Pattern.language.rawValue
        case .ledger(let filter): return Pattern.ledger.rawValue + Self.query(filter.queryItems)
        case .exportLedger(let filter, let format, let perUnit):
            var items = filter.queryItems.filter { $0.0 != "cursor" && $0.0 != "limit" }
            items.append(("format", format))
            if perUnit { items.append(("sheets", "unit")) }
            return Pattern.exportLedger.rawValue + Self.query(items)
        case .importTemplate: return Pattern.importTemplate.rawValue
        case .imports: return Pattern.imports.rawValue
        case .confirmImport: return Pattern.confirmImport.rawValue
        case .problem(let id): return Pattern.problem.path(String(id))
        case .newProblem: return Pattern.newProblem.rawValue
        case .editProblem(let id): return Pattern.editProblem.path(String(id))
        case .addMeasure(let id): return Pattern.addMeasure.path(String(id))
        case .measureDone(let id, let measure): return Pattern.measureDone.path(String(id), String(measure))
        case .editMeasure(let id, let measure): return Pattern.editMeasure.path(String(id), String(measure))
        case .pendingDeadlines(let unit):
            return Pattern.pendingDeadlines.rawValue + Self.query(unit.map { [("unit", String($0))] } ?? [])
        case .addNote(let id): return Pattern.addNote.path(String(id))
        case .uploadEvidence(let id): return Pattern.uploadEvidence.path(String(id))
        case .evidence(let id, let item): return Pattern.evidence.path(String(id), String(item))
        case .act(let id, let action): return Pattern.act.path(String(id), action.rawValue)
        case .requestDeadline(let id): return Pattern.requestDeadline.path(String(id))
        case .decideDeadline(let id, let change, let approve):
            return Pattern.decideDeadline.path(String(id), String(change), approve ? "approve" : "reject")
        case .dashboard(let unit):
            return Pattern.dashboard.rawValue + Self.query(unit.map { [("unit", String($0))] } ?? [])
        case .units: return Pattern.units.rawValue
        case .unit(let id): return Pattern.unit.path(String(id))
        case .campaigns: return Pattern.campaigns.rawValue
        case .campaign(let id): return Pattern.campaign.path(String(id))
        case .reports: return Pattern.reports.rawValue
        case .report(let id): return Pattern.report.path(String(id))
        case .draftFromReport(let id): return Pattern.draftFromReport.path(String(id))
        case .rounds: return Pattern.rounds.rawValue
        case .round(let id): return Pattern.round.path(String(id))
        case .roundReturn(let round, let item): return Pattern.roundReturn.path(String(round), String(item))
        case .decideReturn(let round, let item): return Pattern.decideReturn.path(String(round), String(item))
        case .admin: return Pattern.admin.rawValue
        case .adminUser(let id): return Pattern.adminUser.path(String(id))
        case .asset(let file): return Pattern.asset.path(file)
        }
    }

    /// `?a=1&b=2`, each value percent-encoded, or nothing.
    static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        // Written into one string: a dashboard builds some 200 links (profiled).
        var out = "?"
        out.reserveCapacity(64)
        for (i, item) in items.enumerated() {
            if i > 0 { out += "&" }
            out += item.0
            out += "="
            out += encode(item.1)
        }
        return out
    }

    /// Percent-encodes every byte but the unreserved ones (RFC 3986), over UTF-8 directly: a
    /// dashboard builds some 300 links, and Foundation's encoder was a tenth of its time (profiled).
    static func encode(_ value: String) -> String {
        // Most values (ids, states, dates) need nothing encoded.
        if value.utf8.allSatisfy(isUnreserved) { return value }
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }

    /// A `next` address after sign-in: only a path on this site, never another host.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
            !next.contains(where: { $0.isNewline })
        else { return Pattern.home.rawValue }
        return next
    }
}
