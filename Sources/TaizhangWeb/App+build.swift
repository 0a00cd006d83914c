import Foundation
import Hummingbird
import Logging
import TaizhangApp
import TaizhangDomain
import TaizhangStorage

/// Where and how the server listens.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Marks the session cookie `Secure`: when the pages are served over TLS (by a proxy in front).
    public var secureCookies: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
    }
}

/// Builds the router tests and the server share: middleware, then the API's route table and the pages.
public func buildRouter(_ services: Services, secureCookies: Bool = false) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ProblemDetailsMiddleware())
    router.add(middleware: BearerAuthMiddleware(accounts: services.accountCases))
    for route in Routes.table(services) {
        router.on(RouterPath(route.path), method: route.method, use: route.handler)
    }
    PageTable.register(on: router, WebServices(services: services, secureCookies: secureCookies))
    return router
}

/// The application `taizhang serve` runs.
public func buildApplication(
    _ services: Services, configuration: ServerConfiguration, logger: Logger
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(services, secureCookies: configuration.secureCookies),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "taizhang"),
        logger: logger)
}
