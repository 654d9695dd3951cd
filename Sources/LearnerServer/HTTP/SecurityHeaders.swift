import HTTPTypes
import Hummingbird

/// Security headers on every answer. Portail's own pages run only their own scripts and styles and may not be
/// framed; package content may be framed by the player (same origin) and by nothing else. Package content keeps
/// no other policy: third-party SCOs use inline scripts, and the SCORM API they need lives in the player's frame.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    static var pagePolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'"
    }
    static var dataPolicy: String { "default-src 'none'; frame-ancestors 'none'" }
    static var contentPolicy: String { "frame-ancestors 'self'" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let isContent = request.uri.path.split(separator: "/").first == "content"
        let isHTML = response.headers[.contentType]?.hasPrefix("text/html") ?? false
        response.headers[.contentSecurityPolicy] = isContent ? Self.contentPolicy : isHTML ? Self.pagePolicy : Self.dataPolicy
        response.headers[.xFrameOptions] = isContent ? "SAMEORIGIN" : "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
