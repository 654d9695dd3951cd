import Foundation
import Hummingbird
import SCORMRuntime
import NIOCore
import SCORMPackage

/// Routes that need the admin token: learners, courses, enrollments, reports.
struct AdminRoutes {
    let store: any Store
    let importer: PackageImporter
    let maximumPackageSize: Int

    struct NewLearner: Decodable {
        let name: String
        let email: String?
    }

    struct CreatedLearner: Encodable {
        let id: String
        let name: String
        let email: String?
        let token: String
    }

    struct NewEnrollment: Decodable {
        let learnerId: String
    }

    struct CourseSummary: Encodable {
        struct SCO: Encodable {
            let id: String
            let title: String
        }
        let id: String
        let version: Int
        let title: String
        let standard: SCORMStandard
        let label: String?
        let scos: [SCO]

        init(_ version: CourseVersion) {
            id = version.courseId
            self.version = version.version
            title = version.title
            standard = version.standard
            label = version.label
            scos = version.scos.map { SCO(id: $0.id, title: $0.title) }
        }
    }

    func add(to router: RouterGroup<PortailRequestContext>) {
        router.post("learners") { request, context in
            try context.requireAdmin()
            let body = try await JSONBody.decode(NewLearner.self, from: request)
            let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 200 else { throw APIError.badRequest("'name' must be 1 to 200 characters") }
            guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw APIError.badRequest("'name' must not contain control characters")
            }
            if let email = body.email, email.count > 320 || !email.contains("@")
                || email.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw APIError.badRequest("'email' is not an e-mail address")
            }
            let token = Tokens.generate(prefix: "ptl")
            let learner = try await store.createLearner(name: name, email: body.email, tokenHash: Tokens.hash(token))
            return try JSONBody.response(CreatedLearner(id: learner.id, name: learner.name, email: learner.email, token: token),
                                         status: .created)
        }
        router.get("learners") { _, context in
            try context.requireAdmin()
            return try JSONBody.response(try await store.learners())
        }
        router.post("learners/:learnerId/tokens") { _, context in
            try context.requireAdmin()
            let id = try context.parameters.decoded("learnerId")
            guard try await store.learner(id: id) != nil else { throw APIError.notFound("no learner '\(id)'") }
            let token = Tokens.generate(prefix: "ptl")
            try await store.addToken(learnerId: id, tokenHash: Tokens.hash(token))
            return try JSONBody.response(["token": token], status: .created)
        }
        router.delete("learners/:learnerId/tokens") { _, context in
            try context.requireAdmin()
            let id = try context.parameters.decoded("learnerId")
            guard try await store.learner(id: id) != nil else { throw APIError.notFound("no learner '\(id)'") }
            try await store.revokeTokens(learnerId: id)
            return Response(status: .noContent)
        }
        router.get("learners/:learnerId/attendance") { request, context in
            try context.requireAdmin()
            let id = try context.parameters.decoded("learnerId")
            guard let learner = try await store.learner(id: id) else { throw APIError.notFound("no learner '\(id)'") }
            guard let courseId = request.uri.queryParameters["courseId"].map(String.init) else {
                throw APIError.badRequest("the 'courseId' query parameter is required")
            }
            return try await Attendance.response(store: store, learner: learner, courseId: courseId, request: request)
        }

        router.get("courses") { _, context in
            try context.requireAdmin()
            return try JSONBody.response(try await store.courses().map(CourseSummary.init))
        }
        router.get("courses/:courseId/versions") { _, context in
            try context.requireAdmin()
            let id = try context.parameters.decoded("courseId")
            let versions = try await store.versions(courseId: id)
            guard !versions.isEmpty else { throw APIError.notFound("no course '\(id)'") }
            return try JSONBody.response(versions.map(CourseSummary.init))
        }
        router.post("courses") { request, context in
            try context.requireAdmin()
            let type = request.headers[.contentType]?.lowercased() ?? ""
            guard type.hasPrefix("application/zip") || type.hasPrefix("application/x-zip-compressed")
                    || type.hasPrefix("application/octet-stream") else {
                throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the package with Content-Type: application/zip")
            }
            let upload = try await UploadedFile.receive(request, into: PackageImporter.temporaryFolder(in: importer.dataFolder),
                                                        limit: maximumPackageSize)
            defer { upload.remove() }
            let requestedID = request.uri.queryParameters["id"].map(String.init)
            do {
                let (version, created) = try await importer.importPackage(file: upload.url, hash: upload.sha256, courseId: requestedID)
                return try JSONBody.response(CourseSummary(version), status: created ? .created : .ok)
            } catch let failure as PackageImporter.Failure {
                throw APIError(.unprocessableContent, failure.code, failure.description)
            }
        }
        router.post("courses/:courseId/enrollments") { request, context in
            try context.requireAdmin()
            let courseId = try context.parameters.decoded("courseId")
            let body = try await JSONBody.decode(NewEnrollment.self, from: request)
            let (enrollment, created) = try await store.enroll(learnerId: body.learnerId, courseId: courseId)
            return try JSONBody.response(enrollment, status: created ? .created : .ok)
        }
        router.get("reports/courses/:courseId") { request, context in
            try context.requireAdmin()
            let courseId = try context.parameters.decoded("courseId")
            let versionText = request.uri.queryParameters["version"].map(String.init)
            let versionNumber = versionText.flatMap { Int($0) }
            if let versionText, versionNumber == nil || versionNumber! < 1 {
                throw APIError.badRequest("'version' must be a positive whole number, found '\(versionText)'")
            }
            guard let version = try await store.courseVersion(courseId: courseId, version: versionNumber) else {
                throw APIError.notFound("no course '\(courseId)'\(versionNumber.map { " version \($0)" } ?? "")")
            }
            switch try ResponseFormat(request) {
            case .json: return try JSONBody.response(try await Reports.report(store: store, course: version))
            case .csv: return try await Reports.csv(store: store, course: version)
            }
        }
    }
}

/// `?format=` of the routes that answer JSON or CSV; anything else is refused rather than answered as JSON.
enum ResponseFormat: String {
    case json, csv

    init(_ request: Request) throws {
        guard let text = request.uri.queryParameters["format"].map(String.init) else {
            self = .json
            return
        }
        guard let format = ResponseFormat(rawValue: text) else {
            throw APIError.badRequest("'format' must be json or csv, found '\(text.prefix(40))'")
        }
        self = format
    }
}
