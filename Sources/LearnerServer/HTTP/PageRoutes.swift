import Foundation
import Hummingbird
import SCORMRuntime
import Mustache
import SCORMPackage

/// The browser's pages: sign-in and "my courses" (`/`), the player (`/learn/{courseId}`), the dashboard
/// (`/admin`), and their static files (`/static/…`). See docs/player.md.
struct PageRoutes {
    let store: any Store
    let library: MustacheLibrary
    /// Static files by name, read once at start-up.
    let files: [String: (type: String, data: Data)]

    /// Media types of the files under Public/, by extension.
    static let staticTypes = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
                              "json": "application/json", "svg": "image/svg+xml", "png": "image/png",
                              "webmanifest": "application/manifest+json", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8"]

    init(store: any Store) throws {
        self.store = store
        var library = MustacheLibrary()
        for name in ["page", "signin", "courses", "learn", "admin"] {
            guard let url = Bundle.module.url(forResource: "Templates/\(name)", withExtension: "mustache"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw APIError(.internalServerError, "server_error", "template \(name).mustache is missing from this installation")
            }
            try library.register(text, named: name)
        }
        self.library = library
        // Every file under Public/ (in folders too), by its path there: the browser code is split by concern.
        var files: [String: (type: String, data: Data)] = [:]
        if let root = Bundle.module.url(forResource: "Public", withExtension: nil),
           let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            let prefix = root.resolvingSymlinksInPath().path + "/"
            for case let url as URL in walker {
                let path = url.resolvingSymlinksInPath().path
                guard path.hasPrefix(prefix), let type = Self.staticTypes[url.pathExtension.lowercased()],
                      let data = FileManager.default.contents(atPath: path) else { continue }
                files[String(path.dropFirst(prefix.count))] = (type, data)
            }
        }
        self.files = files
    }

    func add(to router: Router<PortailRequestContext>) {
        router.get("static/**") { _, context in
            let name = context.parameters.getCatchAll().joined(separator: "/")
            guard let file = files[name] else { throw APIError.notFound("no static file '\(name.prefix(100))'") }
            return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "no-cache"],
                            body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
        }
        router.get("/") { _, context in
            guard case .learner(let learner) = context.principal else {
                if case .admin = context.principal { return Response(status: .seeOther, headers: [.location: "/admin"]) }
                return page("signin", kind: "signin", title: SiteStrings.values(for: nil)["signInTitle"]!, language: "fr",
                            signedIn: false, context: [:])
            }
            var courses: [[String: Any]] = []
            var language = "fr"
            for enrollment in try await store.enrollments(learnerId: learner.id) {
                guard let version = try await store.courseVersion(courseId: enrollment.courseId, version: enrollment.version) else {
                    continue
                }
                language = version.language ?? language
                let strings = SiteStrings.values(for: version.language)
                let progress = try await LearnerRoutes.progress(store: store, learner: learner, version: version)
                let status = progress.status == "completed" ? strings["completed"]! :
                    progress.status == "in-progress" ? strings["inProgress"]! : strings["notStarted"]!
                var entry: [String: Any] = ["id": version.courseId, "title": version.title, "completed": progress.completedSCOs,
                                            "total": progress.totalSCOs, "statusText": status]
                if let score = progress.score { entry["score"] = Int(score.rounded()) }
                courses.append(entry)
            }
            return page("courses", kind: "courses", title: SiteStrings.values(for: language)["myCourses"]!, language: language,
                        signedIn: true, context: ["courses": courses, "learnerName": learner.name])
        }
        router.get("learn/:courseId") { _, context in
            guard case .learner(let learner) = context.principal else {
                return Response(status: .seeOther, headers: [.location: "/"])
            }
            let courseId = try context.parameters.decoded("courseId")
            guard let enrollment = try await store.enrollments(learnerId: learner.id).first(where: { $0.courseId == courseId }),
                  let version = try await store.courseVersion(courseId: courseId, version: enrollment.version) else {
                return Pages.message(status: .notFound, title: "Cours introuvable",
                                     text: "Vous n’êtes pas inscrit·e à ce cours.")
            }
            let language = version.language ?? "fr"
            return page("learn", kind: "learn", title: version.title, language: language, signedIn: true,
                        context: ["courseTitle": version.title, "playerJSON": try Self.playerJSON(version, learner)])
        }
        router.get("admin") { _, context in
            guard case .admin = context.principal else {
                return page("signin", kind: "signin", title: SiteStrings.values(for: nil)["signInTitle"]!, language: "fr",
                            signedIn: false, context: [:])
            }
            let data = try Self.safeJSON(["api": "/api/v1", "csrfHeader": "X-Portail-CSRF"])
            return page("admin", kind: "admin", title: SiteStrings.values(for: nil)["dashboard"]!, language: "fr",
                        signedIn: true, context: ["adminJSON": data])
        }
    }

    private func page(_ template: String, kind: String, title: String, language: String, signedIn: Bool,
                      context: [String: Any]) -> Response {
        let strings = SiteStrings.values(for: language)
        var values = context
        values["strings"] = strings
        let body = library.render(values, withTemplate: template) ?? ""
        let html = library.render(["title": title, "language": language, "kind": kind, "signedIn": signedIn,
                                   "strings": strings, "body": body] as [String: Any], withTemplate: "page") ?? ""
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    struct PlayerData: Encodable {
        struct Course: Encodable {
            let id: String
            let version: Int
            let title: String
            let standard: SCORMStandard
            let language: String
        }
        struct SCO: Encodable {
            let id: String
            let title: String
            let url: String
            let parents: [String]
            let isSCO: Bool
            let masteryScore: Double?
            let completionThreshold: Double?
            let launchData: String?
            let prerequisites: String?
        }
        let course: Course
        let learner: [String: String]
        let api: String
        let csrfHeader: String
        let scos: [SCO]
        let strings: [String: String]
    }

    static func playerJSON(_ version: CourseVersion, _ learner: Learner) throws -> String {
        let base = "/content/\(version.courseId)/\(version.version)/"
        let data = PlayerData(
            course: .init(id: version.courseId, version: version.version, title: version.title, standard: version.standard,
                          language: version.language ?? "fr"),
            learner: ["id": learner.id, "name": learner.name], api: "/api/v1", csrfHeader: "X-Portail-CSRF",
            scos: version.scos.map {
                .init(id: $0.id, title: $0.title, url: base + $0.href, parents: $0.parents, isSCO: $0.isSCO,
                      masteryScore: $0.masteryScore, completionThreshold: $0.completionThreshold,
                      launchData: $0.launchData, prerequisites: $0.prerequisites)
            },
            strings: SiteStrings.values(for: version.language))
        return try safeJSON(data)
    }

    static func safeJSON<T: Encodable>(_ value: T) throws -> String {
        try ScriptJSON.encode(value, with: JSONBody.encoder)
    }
}
