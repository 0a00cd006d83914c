import TaizhangApp
import TaizhangDomain

/// What the page handlers work with: the same use cases as the API, and how cookies are set.
struct WebServices: Sendable {
    let services: Services
    /// `Secure` on cookies: when served over TLS, or behind a proxy that terminates it (`serve --secure-cookies`).
    let secureCookies: Bool

    var accounts: AccountCases { services.accountCases }
    var problems: ProblemCases { services.problemCases }
    var progress: ProgressCases { services.progressCases }
    var deadlines: DeadlineCases { services.deadlineCases }
    var directory: DirectoryCases { services.directoryCases }
    var reports: ReportIntake { services.reportIntake }
    var exports: ExportCases { services.exportCases }
    var imports: ImportCases { services.importCases }
}

extension WebServices {
    /// At most this many units in a unit picker.
    static let pickerLimit = 2_000

    /// The units a person picks from in a form: the roots of their scope and two levels below
    /// (province → city → county), in tree order, indented by depth.
    func unitsToPick(for principal: Principal) async throws -> [(unit: OrgUnit, depth: Int)] {
        var out: [(unit: OrgUnit, depth: Int)] = []
        func walk(_ parent: Int64?, depth: Int) async throws {
            guard depth <= 2, out.count < Self.pickerLimit else { return }
            for unit in try await directory.units(under: parent, as: principal) where out.count < Self.pickerLimit {
                out.append((unit, depth))
                try await walk(unit.id, depth: depth + 1)
            }
        }
        try await walk(nil, depth: 0)
        return out
    }
}

extension UI {
    /// Options for a unit picker, indented by depth so the tree shows in a plain `<select>`.
    static func unitOptions(_ units: [(unit: OrgUnit, depth: Int)]) -> [(value: String, label: String)] {
        units.map { (value: String($0.unit.id), label: String(repeating: "　", count: $0.depth) + $0.unit.name) }
    }
}
