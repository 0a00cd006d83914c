import Foundation
import Hummingbird
import Logging
import NIOCore
import TaizhangDomain

/// The one place errors become responses: for the API, RFC 9457 `application/problem+json` in
/// Chinese and English; for the pages, an HTML page in the reader's language (`ErrorPage`), or
/// the sign-in page when the session is missing. Internal failures are logged with the request
/// id and shown only as a generic 500.
struct ProblemDetailsMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        let isPage = !request.uri.path.hasPrefix(Routes.prefix + "/")
        do {
            return try await next(request, context)
        } catch let redirect as PageRedirect {
            return redirect.response
        } catch let error as DomainError {
            return isPage
                ? ErrorPage.response(for: error, status: Self.status(for: error.kind), request: request)
                : Self.response(for: error, request: request)
        } catch let error as HTTPError {
            let error = Self.domainError(from: error)
            let status = error.code == "no_route" ? HTTPResponse.Status.notFound : Self.status(for: error.kind)
            return isPage
                ? ErrorPage.response(for: error, status: status, request: request)
                : Self.response(for: error, request: request)
        } catch {
            context.logger.error("internal error: \(String(reflecting: error))")
            let error = DomainError(
                .invalid, code: "internal_error", zh: "服务器内部错误，请稍后重试（请求号 \(context.id)）",
                en: "internal server error (request \(context.id))")
            return isPage
                ? ErrorPage.response(for: error, status: .internalServerError, request: request)
                : Self.response(for: error, status: .internalServerError, request: request)
        }
    }

    static func status(for kind: DomainError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalid: return .badRequest
        case .notFound: return .notFound
        case .forbidden: return .forbidden
        case .conflict: return .conflict
        case .unauthenticated: return .unauthorized
        case .tooLarge: return .contentTooLarge
        case .unsupportedMedia: return .unsupportedMediaType
        case .tooManyRequests: return .tooManyRequests
        }
    }

    static func domainError(from error: HTTPError) -> DomainError {
        switch error.status {
        case .notFound:
            return DomainError(.notFound, code: "no_route", zh: "没有这个接口", en: "no such endpoint")
        case .contentTooLarge:
            return DomainError(
                .tooLarge, code: "body_too_large", field: "body", zh: "请求体过大", en: "the request body is too large")
        case .methodNotAllowed:
            return DomainError(.invalid, code: "method_not_allowed", zh: "不支持该请求方法", en: "method not allowed")
        default:
            return DomainError(
                .invalid, code: "bad_request", zh: "请求无效：\(error.body ?? "")", en: "bad request: \(error.body ?? "")")
        }
    }

    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let code: String
        let field: String?
        let zh: String
        let en: String
        let currentVersion: Int?
    }

    static func response(
        for error: DomainError, status explicit: HTTPResponse.Status? = nil, request: Request
    ) -> Response {
        let status = explicit ?? (error.code == "no_route" ? .notFound : status(for: error.kind))
        let english = request.headers[.acceptLanguage].map { $0.lowercased().hasPrefix("en") } ?? false
        let body = Body(
            type: "https://taizhang.invalid/problems/\(error.code)", title: status.reasonPhrase, status: status.code,
            detail: english ? error.en : error.zh, code: error.code, field: error.field, zh: error.zh, en: error.en,
            currentVersion: error.currentVersion)
        let data = (try? JSONIO.encoder.encode(body)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"taizhang\"" }
        if let wait = error.retryAfter { headers[.retryAfter] = String(wait) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
