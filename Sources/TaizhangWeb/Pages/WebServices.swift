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
    var rounds: RoundCases { services.roundCases }
    var exports: ExportCases { services.exportCases }
    var imports: ImportCases { services.importCases }
}

extension WebServices {
    /// At most this many units in a unit picker.
    static let pickerLimit = 2_000

    /// The units a person picks from in a form, in tree order, indented by depth: the whole of
    /// their scope, however deep (a county's townships and offices too), read in one statement per
    /// root. When the scope holds more than `pickerLimit` units, the deepest levels that would not
    /// fit are left out whole, so no branch shows some of its units and not others.
    func unitsToPick(for principal: Principal) async throws -> [(unit: OrgUnit, depth: Int)] {
        UnitTreeOrder.picker(try await directory.unitsInScope(of: principal), limit: Self.pickerLimit)
    }
}

extension UI {
    /// Options for a unit picker, indented by depth so the tree shows in a plain `<select>`.
    static func unitOptions(_ units: [(unit: OrgUnit, depth: Int)]) -> [(value: String, label: String)] {
        units.map { (value: String($0.unit.id), label: String(repeating: "　", count: $0.depth) + $0.unit.name) }
    }
}
