import CourseModel
import Foundation
import Testing
@testable import SCORMExport
@testable import SCORMPackage
@testable import SCORMRuntime

/// Courses, schemas and the package checker the export tests use.
enum ExportFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures")
    static let sampleCourse = fixtures.appendingPathComponent("sample-course")
    static let facilitateur = repository.appendingPathComponent("Courses/facilitateur")
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    static let schemas = shared.appendingPathComponent("schemas")
    static let checker = shared.appendingPathComponent("tools/validate-scorm-package")
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func course(_ folder: URL) throws -> Course {
        let result = try CourseLoader.load(from: folder)
        guard let course = result.course else {
            throw ExportError("fixture has errors: \(result.diagnostics.map(\.description))")
        }
        return course
    }

    static func build(_ folder: URL, _ standard: SCORMStandard, granularity: SCOPlan.Granularity = .module,
                      withSchemas: Bool = false) throws -> PackageBuilder.Package {
        let options = PackageBuilder.Options(standard: standard, granularity: granularity, theme: try Theme.load(),
                                             schemas: withSchemas ? schemas : nil)
        return try PackageBuilder(course: try course(folder), options: options).build()
    }

    /// Runs shared/tools/validate-scorm-package; nil when shared/ is absent outside CI (the reason is printed).
    static func check(_ package: Data) throws -> (status: Int32, output: String)? {
        guard FileManager.default.isExecutableFile(atPath: checker.path) else {
            if isCI { throw ExportError("\(checker.path) is missing: CI must validate every package") }
            print("SKIP package checker: \(checker.path) not found (shared/ is absent and CI is not set)")
            return nil
        }
        let zip = FileManager.default.temporaryDirectory.appendingPathComponent("portail-check-\(UUID()).zip")
        try package.write(to: zip)
        defer { try? FileManager.default.removeItem(at: zip) }
        let process = Process()
        process.executableURL = checker
        process.arguments = [zip.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static var haveSchemas: Bool {
        FileManager.default.fileExists(atPath: schemas.appendingPathComponent("scorm12/manifest-driver.xsd").path)
    }
}
