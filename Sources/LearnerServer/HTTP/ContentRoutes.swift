import CourseModel
import Foundation
import Hummingbird

/// Serves the files of an unpacked package to the learners enrolled in that course version, never a file
/// outside the version's folder.
struct ContentRoutes {
    let store: any Store
    let packages: PackageFolders

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json", "xml": "application/xml", "xsd": "application/xml",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "webp": "image/webp", "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "wav": "audio/wav",
        "mp4": "video/mp4", "webm": "video/webm", "pdf": "application/pdf", "txt": "text/plain; charset=utf-8",
        "woff": "font/woff", "woff2": "font/woff2", "vtt": "text/vtt",
    ]

    func add(to router: Router<PortailRequestContext>) {
        router.get("content/:courseId/:version/**") { _, context in
            let courseId = try context.parameters.decoded("courseId")
            guard let number = Int(try context.parameters.require("version")) else { throw APIError.notFound("no such file") }
            switch context.principal {
            case .admin: break
            case .learner(let learner):
                let enrolled = try await store.enrollments(learnerId: learner.id)
                    .contains { $0.courseId == courseId && $0.version == number }
                guard enrolled else { throw APIError.notFound("not enrolled in '\(courseId)' version \(number)") }
            case nil: throw APIError.unauthorized
            }
            guard let version = try await store.courseVersion(courseId: courseId, version: number) else {
                throw APIError.notFound("no course '\(courseId)' version \(number)")
            }
            let parts = context.parameters.getCatchAll().map { CoursePath.percentDecoded(String($0)) ?? String($0) }
            guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("/")
                                                     && !$0.contains("\\") && !$0.contains("\0") }) else {
                throw APIError.notFound("no such file")
            }
            let root = try await packages.folder(of: version).resolvingSymlinksInPath().standardizedFileURL
            let asked = parts.joined(separator: "/")
            // Packages are stored with NFC names (PackageImporter); the name as asked serves older imports.
            var found: (file: URL, data: Data)?
            let nfc = asked.precomposedStringWithCanonicalMapping
            // Compared as bytes: as Strings the two spellings are equal.
            for name in Array(nfc.utf8) == Array(asked.utf8) ? [nfc] : [nfc, asked] where found == nil {
                let file = root.appendingPathComponent(name).resolvingSymlinksInPath().standardizedFileURL
                var isDirectory: ObjCBool = false
                if file.path.hasPrefix(root.path + "/"),
                   FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   let data = FileManager.default.contents(atPath: file.path) {
                    found = (file, data)
                }
            }
            guard let (file, data) = found else { throw APIError.notFound("no such file") }
            let type = Self.types[file.pathExtension.lowercased()] ?? "application/octet-stream"
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, max-age=300",
                                                   .init("X-Content-Type-Options")!: "nosniff"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
