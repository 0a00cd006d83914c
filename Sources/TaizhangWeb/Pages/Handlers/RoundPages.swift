import Foundation
import Hummingbird
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Monthly rounds (月调度): the list (and the form an office opens a round with), a round's
/// returns, and one return — written and filed by its unit, accepted or sent back by the office.
struct RoundPages {
    let web: WebServices

    /// GET /rounds
    func list(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        return try await listPage(viewer, principal, state: .blank)
    }

    func listPage(_ viewer: Viewer, _ principal: Principal, state: FormState, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let rounds = try await web.rounds.rounds(as: principal)
        // The units where this person may open a round: where they hold the office role.
        let offices = try await web.unitsToPick(for: principal).filter {
            principal.holds(Policy.openRound, at: $0.unit.path)
        }
        let campaigns = offices.isEmpty ? [] : try await web.directory.campaigns()
        return RoundListView.render(
            viewer, rounds: rounds, offices: offices, campaigns: campaigns, state: state, status: status)
    }

    /// POST /rounds — opens a round for the units right below the chosen one.
    func open(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let form = try await Form.read(request, context: context, viewer: viewer)
        do {
            guard let unit = form.text("unit").flatMap({ Int64($0) }) else { throw DomainError.required("unit") }
            guard let campaign = form.text("campaign").flatMap({ Int64($0) }) else {
                throw DomainError.required("campaign")
            }
            guard let month = form.text("period") else { throw DomainError.required("period") }
            guard let period = RoundPeriod(month) else {
                throw DomainError.invalid("period", zh: "月份格式应为 年-月，例如 2026-11", en: "a month like 2026-11 is expected")
            }
            guard let due = try ProblemPages.date(form, "dueOn") else { throw DomainError.required("dueOn") }
            let round = try await web.rounds.open(
                title: form.text("title") ?? "", period: period, dueOn: due, campaignID: campaign, unitID: unit,
                reporting: nil, by: principal)
            throw PageRedirect(to: .round(round.id))
        } catch let error as DomainError {
            return try await listPage(
                viewer, principal, state: FormState(form: "round", values: form.typed, error: error),
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }

    /// GET /rounds/{id}
    func show(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        return RoundView.render(viewer, detail: try await web.rounds.round(try context.id(), as: principal))
    }

    /// GET /rounds/{id}/returns/{returnId}
    func showReturn(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let detail = try await web.rounds.roundReturn(try context.id("returnId"), of: try context.id(), as: principal)
        let notice = (try? request.query("done")).flatMap(ReturnView.Notice.init(rawValue:))
        return try await returnPage(viewer, principal, detail: detail, state: .blank, notice: notice)
    }

    func returnPage(
        _ viewer: Viewer, _ principal: Principal, detail: ReturnDetail, state: FormState,
        notice: ReturnView.Notice? = nil, theirs: RoundReturn? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let names = try await web.rounds.people(in: detail)
        return ReturnView.render(
            viewer, principal: principal, detail: detail, names: names, state: state, notice: notice, theirs: theirs,
            status: status)
    }

    /// POST /rounds/{id}/returns/{returnId} — saves the text; with `do=file`, the unit leader
    /// saves and files in one step.
    func write(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let round = try context.id()
        let id = try context.id("returnId")
        let form = try await Form.read(request, context: context, viewer: viewer)
        do {
            var version = try ProblemPages.version(form)
            let current = try await web.rounds.roundReturn(id, of: round, as: principal).item
            let summary = form["summary"] ?? ""
            let nextSteps = form["nextSteps"] ?? ""
            if summary != current.summary || nextSteps != current.nextSteps || version != current.version {
                version = try await web.rounds.save(
                    id, of: round, summary: summary, nextSteps: nextSteps, version: version, by: principal
                ).version
            }
            if form["do"] == "file" {
                _ = try await web.rounds.file(id, of: round, version: version, by: principal)
            }
            throw PageRedirect(
                location: PageRoute.roundReturn(round: round, item: id).href + "?done="
                    + (form["do"] == "file" ? ReturnView.Notice.filed : .saved).rawValue)
        } catch let error as DomainError where error.kind != .notFound {
            let detail = try await web.rounds.roundReturn(id, of: round, as: principal)
            var values = form.typed
            // After a stale save the form carries the version it now stands at, and shows the
            // other person's text beside what this person typed (kept).
            if error.code == "stale_version" { values["version"] = String(detail.item.version) }
            return try await returnPage(
                viewer, principal, detail: detail, state: FormState(form: "return", values: values, error: error),
                theirs: error.code == "stale_version" ? detail.item : nil,
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }

    /// POST /rounds/{id}/returns/{returnId}/decision — `accept=1`, or `accept=0` with a reason.
    func decide(_ request: Request, context: AppContext) async throws -> Response {
        let (viewer, principal) = try await Viewer.signedIn(request, context: context, web: web)
        let round = try context.id()
        let id = try context.id("returnId")
        let form = try await Form.read(request, context: context, viewer: viewer)
        let accept = form["accept"] == "1"
        do {
            _ = try await web.rounds.decide(
                id, of: round, accept: accept, reason: form.text("reason"), version: try ProblemPages.version(form),
                by: principal)
            throw PageRedirect(
                location: PageRoute.roundReturn(round: round, item: id).href + "?done="
                    + (accept ? ReturnView.Notice.accepted : .sentBack).rawValue)
        } catch let error as DomainError where error.kind != .notFound {
            let detail = try await web.rounds.roundReturn(id, of: round, as: principal)
            return try await returnPage(
                viewer, principal, detail: detail, state: FormState(form: "decide", values: form.typed, error: error),
                status: ProblemDetailsMiddleware.status(for: error.kind))
        }
    }
}
