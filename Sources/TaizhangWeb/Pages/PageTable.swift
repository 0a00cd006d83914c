import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain

/// Every page route, registered from `PageRoute.Pattern` (the same enum that builds every link).
enum PageTable {
    static func register(on router: Router<AppContext>, _ web: WebServices) {
        let session = SessionPages(web: web)
        let work = WorkPages(web: web)
        let ledger = LedgerPages(web: web)
        let problems = ProblemPages(web: web)
        let edits = ProblemFormPages(web: web)
        let dashboard = DashboardPages(web: web)
        let directory = DirectoryPages(web: web)
        let reports = ReportPages(web: web)
        let admin = AdminPages(web: web)
        let sheets = SheetPages(web: web)
        let rounds = RoundPages(web: web)
        let assets = Assets.load()
        func on(
            _ pattern: PageRoute.Pattern, _ method: HTTPRequest.Method,
            _ handler: @escaping @Sendable (Request, AppContext) async throws -> Response
        ) {
            router.on(RouterPath(pattern.rawValue), method: method, use: handler)
        }
        on(.home, .get, work.home)
        on(.signIn, .get, session.form)
        on(.signIn, .post, session.signIn)
        on(.signOut, .post, session.signOut)
        on(.language, .post, session.language)
        on(.ledger, .get, ledger.list)
        on(.exportLedger, .get, sheets.export)
        on(.importTemplate, .get, sheets.template)
        on(.imports, .get, sheets.form)
        on(.imports, .post, sheets.preview)
        on(.confirmImport, .post, sheets.confirm)
        on(.newProblem, .get, edits.newForm)
        on(.newProblem, .post, edits.create)
        on(.problem, .get, problems.show)
        on(.editProblem, .get, edits.editForm)
        on(.editProblem, .post, edits.save)
        on(.addMeasure, .post, problems.addMeasure)
        on(.measureDone, .post, problems.measureDone)
        on(.editMeasure, .post, problems.editMeasure)
        on(.pendingDeadlines, .get, work.pendingDeadlines)
        on(.addNote, .post, problems.addNote)
        on(.uploadEvidence, .post, problems.upload)
        on(.evidence, .get, problems.evidence)
        on(.act, .post, problems.act)
        on(.requestDeadline, .post, problems.requestDeadline)
        on(.decideDeadline, .post, problems.decideDeadline)
        on(.dashboard, .get, dashboard.show)
        on(.units, .get, directory.units)
        on(.unit, .get, directory.unit)
        on(.campaigns, .get, directory.campaigns)
        on(.campaign, .get, directory.campaign)
        on(.reports, .get, reports.list)
        on(.reports, .post, reports.submit)
        on(.report, .get, reports.show)
        on(.draftFromReport, .post, reports.draft)
        on(.rounds, .get, rounds.list)
        on(.rounds, .post, rounds.open)
        on(.round, .get, rounds.show)
        on(.roundReturn, .get, rounds.showReturn)
        on(.roundReturn, .post, rounds.write)
        on(.decideReturn, .post, rounds.decide)
        on(.admin, .get, admin.show)
        on(.adminUser, .post, admin.change)
        on(.asset, .get) { _, context in try assets.serve(context.parameters.get("file") ?? "") }
    }
}

/// Our own style sheet and script, read once from the bundle.
struct Assets: Sendable {
    let files: [String: (type: String, bytes: [UInt8])]

    static func load() -> Assets {
        var files: [String: (type: String, bytes: [UInt8])] = [:]
        for (name, type) in [("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8")] {
            let parts = name.split(separator: ".")
            if let url = Bundle.module.url(
                forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Static"),
                let data = try? Data(contentsOf: url)
            {
                files[name] = (type, Array(data))
            }
        }
        return Assets(files: files)
    }

    func serve(_ name: String) throws -> Response {
        guard let file = files[name] else { throw HTTPError(.notFound) }
        var headers = HTTPFields()
        headers[.contentType] = file.type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
