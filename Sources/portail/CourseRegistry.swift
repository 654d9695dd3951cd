import CourseModel
import Foundation
import LearnerServer
import Logging
import SCORMExport

/// At start-up, builds every course folder under `--courses` and registers the packages: an unchanged course
/// builds to the same bytes (reproducible zips) and keeps its version; a changed one becomes a new version.
/// Lives in the command line, not in the server: it is where the exporter and the server meet.
struct CourseRegistry: Sendable {
    let importer: PackageImporter
    let logger: Logger

    init(importer: PackageImporter, logger: Logger) {
        self.importer = importer
        self.logger = logger
    }

    struct Registered: Sendable {
        let folder: String
        let version: CourseVersion?
        let created: Bool
        let problems: [String]
    }

    func registerAll(in coursesFolder: URL) async -> [Registered] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: coursesFolder.path)) ?? []).sorted()
        var registered: [Registered] = []
        for name in names where !name.hasPrefix(".") {
            let folder = coursesFolder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("course.yaml").path) else { continue }
            registered.append(await register(folder))
        }
        return registered
    }

    func register(_ folder: URL) async -> Registered {
        let name = folder.lastPathComponent
        do {
            let result = try CourseLoader.load(from: folder)
            guard let course = result.course else {
                let errors = result.diagnostics.errors.map(\.description)
                logger.error("course \(name) has errors and is not served", metadata: ["errors": .array(errors.map { .string($0) })])
                return Registered(folder: name, version: nil, created: false, problems: errors)
            }
            let options = PackageBuilder.Options(standard: .scorm2004, theme: try Theme.load())
            let package = try PackageBuilder(course: course, options: options).build()
            let (version, created) = try await importer.importPackage(package.zip, courseId: course.id, label: course.version)
            logger.info("course \(course.id) \(created ? "registered as" : "unchanged at") version \(version.version)")
            return Registered(folder: name, version: version, created: created, problems: [])
        } catch {
            logger.error("course \(name) could not be registered: \(error)")
            return Registered(folder: name, version: nil, created: false, problems: ["\(error)"])
        }
    }
}
