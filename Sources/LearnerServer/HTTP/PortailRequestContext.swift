import Foundation
import HTTPTypes
import Hummingbird

/// Who is calling, once the bearer token has been checked.
public enum Principal: Sendable {
    case admin
    case learner(Learner)
}

public struct PortailRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
    }

    /// JSON bodies stay small; package uploads read their body with their own limit.
    public var maxUploadSize: Int { 1 << 20 }

    func requireAdmin() throws {
        switch principal {
        case .admin: return
        case .learner: throw APIError.forbidden
        case nil: throw APIError.unauthorized
        }
    }

    func requireLearner() throws -> Learner {
        switch principal {
        case .learner(let learner): return learner
        case .admin: throw APIError.forbidden
        case nil: throw APIError.unauthorized
        }
    }
}

/// Resolves `Authorization: Bearer …` (API clients) or the session cookie (the browser) to a principal. A
/// present but unknown bearer token is refused at once, so that a typo is never mistaken for an anonymous call.
/// A request authenticated by the cookie that changes anything must carry `X-Portail-CSRF: 1`, which a page
/// of another site cannot send.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = PortailRequestContext
    let store: any Store
    static let csrfHeader = HTTPField.Name("X-Portail-CSRF")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.headers[.authorization] == nil, let session = request.cookies[SessionRoutes.cookieName]?.value,
           let principal = try await sessionPrincipal(Tokens.hash(session)) {
            let changes = request.method != .get && request.method != .head
            if changes && Self.isAPI(request.uri.path) && request.headers[Self.csrfHeader] != "1" {
                throw APIError(.forbidden, "csrf", "requests made with the session cookie need the header X-Portail-CSRF: 1")
            }
            context.principal = principal
        } else if let header = request.headers[.authorization] {
            guard let token = Self.bearerToken(header) else { throw APIError.unauthorized }
            let hash = Tokens.hash(token)
            if let admin = try await store.adminTokenHash(), Tokens.constantTimeEquals(admin, hash) {
                context.principal = .admin
            } else if let learner = try await store.learner(tokenHash: hash) {
                context.principal = .learner(learner)
            } else {
                throw APIError.unauthorized
            }
        }
        return try await next(request, context)
    }

    /// Whether a path is under `/api/` as the router sees it: it skips empty components, so `//api/…` is
    /// the API too and must not escape the CSRF check.
    static func isAPI(_ path: String) -> Bool {
        path.split(separator: "/").first == "api"
    }

    /// The token of `Bearer <token>` (the scheme in any case, spaces and tabs around the token ignored); nil for
    /// another scheme. On bytes: Foundation's trimming showed in commit profiles.
    static func bearerToken(_ header: String) -> String? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count >= scheme.count else { return nil }
        for (byte, expected) in zip(bytes, scheme) {
            // ASCII capitals lowered; anything else compares as it is.
            guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == expected else { return nil }
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        var start = scheme.count
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func sessionPrincipal(_ hash: String) async throws -> Principal? {
        if let learner = try await store.learner(sessionHash: hash, at: Date()) { return .learner(learner) }
        return try await store.isAdminSession(hash: hash, at: Date()) ? .admin : nil
    }
}
