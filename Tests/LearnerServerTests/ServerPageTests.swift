import Foundation
import Testing

@Suite("Learner server: pages", .serialized)
struct ServerPageTests {
    func cookie(_ reply: ServerProcess.Reply) throws -> String {
        let header = try #require(reply.headers["set-cookie"])
        return String(header.split(separator: ";")[0])
    }

    @Test func signedOutVisitorsSeeTheSignInForm() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.stop() }
        for path in ["", "admin"] {
            let page = try await server.request("GET", path)
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.text.contains("<form method=\"post\" action=\"/signin\">"))
            #expect(page.text.contains("<html lang=\"fr\">"))
        }
        #expect(try await server.request("GET", "learn/cafe-associatif").status == 303)
        let script = try await server.request("GET", "static/lms-runtime.js")
        #expect(script.status == 200)
        #expect(script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(try await server.request("GET", "static/..%2Fpage.mustache").status == 404)
    }

    @Test func aLearnerSeesTheirCoursesAndThePlayerShell() async throws {
        let server = try ServerProcess(courses: [ServerFlowTests.sample])
        try await server.start()
        defer { server.stop() }
        let learner = try await server.createLearner("Rose <script>")
        try await server.enroll(learner.id, in: "cafe-associatif")
        let signin = try await server.request("POST", "signin", body: Data("token=\(learner.token)".utf8),
                                              contentType: "application/x-www-form-urlencoded")
        let session = try cookie(signin)
        let home = try await server.request("GET", "", cookie: session)
        #expect(home.text.contains("<a href=\"/learn/cafe-associatif\">Animer un café associatif</a>"))
        #expect(home.text.contains("Bonjour Rose &lt;script&gt;"), "names are escaped")
        #expect(home.text.contains("0 / 2 — pas commencé"))

        let player = try await server.request("GET", "learn/cafe-associatif", cookie: session)
        #expect(player.status == 200)
        for id in ["portail-toc", "portail-sco-frame", "portail-prev", "portail-next", "portail-sync-status", "portail-player"] {
            #expect(player.text.contains("id=\"\(id)\""), "\(id)")
        }
        let json = try #require(player.text.components(separatedBy: "id=\"portail-player\">").last?
            .components(separatedBy: "</script>").first)
        let data = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((data["course"] as? [String: Any])?["standard"] as? String == "scorm2004")
        let scos = try #require(data["scos"] as? [[String: Any]])
        #expect(scos.map { $0["url"] as? String } == ["/content/cafe-associatif/1/sco/accueil.html",
                                                      "/content/cafe-associatif/1/sco/animer.html"])
        #expect(!json.contains("<"), "the embedded JSON cannot close its script element")
        #expect((data["learner"] as? [String: String])?["name"] == "Rose <script>")

        let stranger = try await server.createLearner("Sam")
        let strangerSession = try cookie(try await server.request("POST", "signin", body: Data("token=\(stranger.token)".utf8),
                                                                  contentType: "application/x-www-form-urlencoded"))
        #expect(try await server.request("GET", "learn/cafe-associatif", cookie: strangerSession).status == 404)
    }

    @Test func theAdminTokenOpensTheDashboard() async throws {
        let server = try ServerProcess()
        try await server.start()
        defer { server.stop() }
        let signin = try await server.request("POST", "signin", body: Data("token=\(server.adminToken)".utf8),
                                              contentType: "application/x-www-form-urlencoded")
        #expect(signin.status == 303)
        #expect(signin.headers["location"] == "/admin")
        let session = try cookie(signin)
        let dashboard = try await server.request("GET", "admin", cookie: session)
        #expect(dashboard.text.contains("<main id=\"portail-admin\""))
        #expect(dashboard.text.contains("id=\"portail-admin-data\">{\"api\":\"/api/v1\",\"csrfHeader\":\"X-Portail-CSRF\"}"))
        #expect(try await server.request("GET", "api/v1/learners", cookie: session).status == 200)
        let noHeader = try await server.request("POST", "api/v1/learners", json: ["name": "x"], cookie: session)
        #expect(noHeader.status == 403)
        let withHeader = try await server.request("POST", "api/v1/learners", json: ["name": "x"], cookie: session,
                                                  headers: ["X-Portail-CSRF": "1"])
        #expect(withHeader.status == 201)
    }
}
