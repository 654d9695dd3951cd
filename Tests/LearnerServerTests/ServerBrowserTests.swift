import Foundation
import Testing

/// Browser sign-in (one-time links, token form, session cookie with CSRF header) and package files.
@Suite("Learner server: browser sessions and content", .serialized)
struct ServerBrowserTests {
    func sessionCookie(_ reply: ServerProcess.Reply) -> String? {
        guard let header = reply.headers["set-cookie"], header.hasPrefix("portail_session=") else { return nil }
        return String(header.split(separator: ";")[0])
    }

    @Test func aOneTimeLinkOpensAnHttpOnlySessionOnce() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start()
        defer { server.stop() }
        let learner = try await server.createLearner("Maëlle")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let link = try await server.request("POST", "api/v1/learners/\(learner.id)/signin-links", token: server.adminToken)
        #expect(link.status == 201)
        let url = try #require(link.object["url"] as? String)
        #expect(url.hasPrefix("http://127.0.0.1:"))
        let path = try #require(URL(string: url)?.path).dropFirst()
        #expect(path.hasPrefix("signin/link_"))

        let opened = try await server.request("GET", String(path))
        #expect(opened.status == 303)
        #expect(opened.headers["location"] == "/")
        let setCookie = try #require(opened.headers["set-cookie"])
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))
        let cookie = try #require(sessionCookie(opened))

        let again = try await server.request("GET", String(path))
        #expect(again.status == 404, "a link works once")
        #expect(again.text.contains("déjà servi ou a expiré"))

        let me = try await server.request("GET", "api/v1/me", cookie: cookie)
        #expect(me.status == 200)
        #expect(me.object["name"] as? String == "Maëlle")

        // A cookie alone cannot change anything: another site's page could send it.
        let forged = try await server.request("POST", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits",
                                              json: ["id": "c1", "attempt": 1, "seq": 1, "values": ["cmi.location": "x"]],
                                              cookie: cookie)
        #expect(forged.status == 403)
        #expect(forged.errorCode == "csrf")
        // The router reads `//api/…` as `/api/…`: so does the check.
        for path in ["/api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits",
                     "/api//v1/me/courses/cafe-associatif/scos/SCO-accueil/commits"] {
            let slashes = try await server.request("POST", path, json: ["id": "c0", "attempt": 1, "seq": 1, "values": ["cmi.location": "y"]],
                                                   cookie: cookie)
            #expect(slashes.errorCode == "csrf", "\(path)")
        }
        let allowed = try await server.request("POST", "api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits",
                                               json: ["id": "c1", "attempt": 1, "seq": 1, "values": ["cmi.location": "x"]],
                                               cookie: cookie, headers: ["X-Portail-CSRF": "1"])
        #expect(allowed.status == 200)
        #expect(try await server.request("GET", "api/v1/learners", cookie: cookie).status == 403)

        // Revoking the learner's access ends the browser session too.
        #expect(try await server.request("DELETE", "api/v1/learners/\(learner.id)/tokens", token: server.adminToken).status == 204)
        #expect(try await server.request("GET", "api/v1/me", cookie: cookie).status == 401)
    }

    @Test func signingInWithTheTokenAndOut() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.stop() }
        let learner = try await server.createLearner("Noé")
        let wrong = try await server.request("POST", "signin", body: Data("token=nope".utf8),
                                             contentType: "application/x-www-form-urlencoded")
        #expect(wrong.status == 401)
        #expect(sessionCookie(wrong) == nil)
        let right = try await server.request("POST", "signin", body: Data("token=\(learner.token)".utf8),
                                             contentType: "application/x-www-form-urlencoded")
        #expect(right.status == 303)
        let cookie = try #require(sessionCookie(right))
        #expect(try await server.request("GET", "api/v1/me", cookie: cookie).status == 200)
        let out = try await server.request("POST", "signout", cookie: cookie)
        #expect(out.status == 303)
        #expect(out.headers["set-cookie"]?.contains("Max-Age=0") == true)
        #expect(try await server.request("GET", "api/v1/me", cookie: cookie).status == 401)
    }

    @Test func packageFilesReachOnlyEnrolledLearnersAndNeverLeaveTheirFolder() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start()
        defer { server.stop() }
        let enrolled = try await server.createLearner("Oriane")
        let other = try await server.createLearner("Pablo")
        try await server.enroll(enrolled.id, in: "cafe-associatif")

        let page = try await server.request("GET", "content/cafe-associatif/1/sco/accueil.html", token: enrolled.token)
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.text.contains("<h1 id=\"portail-title\">Accueillir</h1>"))
        let image = try await server.request("GET", "content/cafe-associatif/1/content/assets/plan.svg", token: enrolled.token)
        #expect(image.status == 200)
        #expect(image.headers["content-type"] == "image/svg+xml")

        #expect(try await server.request("GET", "content/cafe-associatif/1/sco/accueil.html").status == 401)
        #expect(try await server.request("GET", "content/cafe-associatif/1/sco/accueil.html", token: other.token).status == 404)
        #expect(try await server.request("GET", "content/cafe-associatif/2/sco/accueil.html", token: enrolled.token).status == 404)
        for hostile in ["content/cafe-associatif/1/..%2F..%2F..%2Fportail.sqlite", "content/cafe-associatif/1/sco/%2E%2E/%2E%2E/x",
                        "content/cafe-associatif/1/sco", "content/cafe-associatif/1/nope.html"] {
            let reply = try await server.request("GET", hostile, token: enrolled.token)
            #expect(reply.status == 404, "\(hostile)")
            #expect(!reply.text.contains("SQLite"))
        }
        #expect(try await server.request("GET", "content/cafe-associatif/1/imsmanifest.xml", token: server.adminToken).status == 200)
    }
}
