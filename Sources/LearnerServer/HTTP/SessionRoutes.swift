import Foundation
import Hummingbird

/// Browser sign-in: a learner's token typed once, or a one-time link from the admin; either opens a session
/// kept in an HttpOnly cookie that only this server can read (see docs/player.md).
struct SessionRoutes {
    static let cookieName = "portail_session"
    static let sessionLifetime: TimeInterval = 30 * 24 * 3600
    static let linkLifetime: TimeInterval = 7 * 24 * 3600

    let store: any Store
    let site: SiteAddress

    struct SigninLink: Encodable {
        let url: String
        let expiresAt: Date
    }

    /// `api`: the authenticated `/api/v1` group; `router`: the site's root.
    func add(api: RouterGroup<PortailRequestContext>, router: Router<PortailRequestContext>) {
        api.post("learners/:learnerId/signin-links") { request, context in
            try context.requireAdmin()
            let id = try context.parameters.decoded("learnerId")
            guard try await store.learner(id: id) != nil else { throw APIError.notFound("no learner '\(id)'") }
            let code = Tokens.generate(prefix: "link")
            let expiresAt = Date().addingTimeInterval(Self.linkLifetime)
            try await store.createSigninLink(learnerId: id, hash: Tokens.hash(code), expiresAt: expiresAt)
            return try JSONBody.response(SigninLink(url: "\(site.origin)/signin/\(code)", expiresAt: expiresAt), status: .created)
        }
        router.get("signin/:code") { _, context in
            let code = try context.parameters.require("code")
            guard let learner = try await store.consumeSigninLink(hash: Tokens.hash(code), at: Date()) else {
                return Pages.message(status: .notFound, title: "Lien expiré",
                                     text: "Ce lien de connexion a déjà servi ou a expiré. Demandez-en un nouveau.")
            }
            return try await openSession(for: learner)
        }
        router.post("signin") { request, _ in
            guard site.isSameSite(request) else { return Self.crossSite() }
            let form = try await Self.form(request)
            let typed = (form["token"] ?? "").trimmingCharacters(in: .whitespaces)
            if !typed.isEmpty, let admin = try await store.adminTokenHash(), Tokens.constantTimeEquals(admin, Tokens.hash(typed)) {
                return try await openAdminSession()
            }
            guard let token = form["token"], !token.isEmpty,
                  let learner = try await store.learner(tokenHash: Tokens.hash(token.trimmingCharacters(in: .whitespaces))) else {
                return Pages.message(status: .unauthorized, title: "Connexion impossible",
                                     text: "Ce code d’accès n’est pas valable. Vérifiez-le ou demandez-en un nouveau.")
            }
            return try await openSession(for: learner)
        }
        router.post("signout") { request, _ in
            guard site.isSameSite(request) else { return Self.crossSite() }
            if let session = request.cookies[Self.cookieName]?.value {
                try await store.deleteSession(hash: Tokens.hash(session))
            }
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.headers[.setCookie] = "\(Self.cookieName)=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"
            return response
        }
    }

    /// A form posted from another site's page.
    private static func crossSite() -> Response {
        Pages.message(status: .forbidden, title: "Demande refusée",
                      text: "Cette demande ne vient pas d’une page de Portail. Ouvrez Portail et recommencez.")
    }

    private func openAdminSession() async throws -> Response {
        let session = Tokens.generate(prefix: "sess")
        // Admin sessions are short: a day.
        try await store.createAdminSession(hash: Tokens.hash(session), expiresAt: Date().addingTimeInterval(24 * 3600))
        var response = Response(status: .seeOther, headers: [.location: "/admin"])
        response.headers[.setCookie] = "\(Self.cookieName)=\(session); HttpOnly; SameSite=Lax; Path=/; Max-Age=86400"
        return response
    }

    private func openSession(for learner: Learner) async throws -> Response {
        let session = Tokens.generate(prefix: "sess")
        try await store.createSession(learnerId: learner.id, hash: Tokens.hash(session),
                                      expiresAt: Date().addingTimeInterval(Self.sessionLifetime))
        var response = Response(status: .seeOther, headers: [.location: "/"])
        // Lax, not Strict: the first page after a link opened from an e-mail must see the cookie.
        response.headers[.setCookie] = "\(Self.cookieName)=\(session); HttpOnly; SameSite=Lax; Path=/; "
            + "Max-Age=\(Int(Self.sessionLifetime))"
        return response
    }

    /// `application/x-www-form-urlencoded`, at most 4 KiB.
    static func form(_ request: Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 4096)
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}
