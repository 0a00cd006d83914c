import Hummingbird
import NIOCore
import TaizhangDomain

/// The request context: Hummingbird's core plus the signed-in principal the auth middleware found.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?

    /// The peer's socket address, as NIO keeps it (nil in the router tester); turned into text only
    /// when sign-in asks for it, not on every request.
    let remote: SocketAddress?

    /// The peer's IP address, for throttling sign-in attempts.
    public var remoteAddress: String? { remote?.ipAddress }

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remote = source.channel.remoteAddress
    }

    /// Evidence uploads are the largest bodies; JSON bodies get their own, smaller limit.
    public var maxUploadSize: Int { EvidencePolicy.maxBytes + 1 }

    /// The principal, or 401 for a route that needs one.
    func requirePrincipal() throws -> Principal {
        guard let principal else {
            throw DomainError(
                .unauthenticated, code: "unauthenticated", zh: "请先登录或提供有效的 API 令牌",
                en: "a valid bearer token is required")
        }
        return principal
    }
}
