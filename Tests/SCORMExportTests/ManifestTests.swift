import CourseModel
import Foundation
import Testing
@testable import SCORMExport
@testable import SCORMPackage
@testable import SCORMRuntime

@Suite("Manifests")
struct ManifestTests {
    static let expected = ExportFixtures.fixtures.appendingPathComponent("expected")

    /// Compared byte for byte with reviewed files; `PORTAIL_UPDATE_GOLDEN=1` rewrites them after a deliberate change.
    @Test("matches the reviewed manifest", arguments: SCORMStandard.allCases)
    func matchesTheReviewedManifest(_ standard: SCORMStandard) throws {
        let manifest = try ExportFixtures.build(ExportFixtures.sampleCourse, standard).manifest
        let file = Self.expected.appendingPathComponent("cafe-associatif-\(standard.rawValue).imsmanifest.xml")
        if ProcessInfo.processInfo.environment["PORTAIL_UPDATE_GOLDEN"] == "1" {
            try manifest.write(to: file)
        }
        let reviewed = try Data(contentsOf: file)
        #expect(String(decoding: manifest, as: UTF8.self) == String(decoding: reviewed, as: UTF8.self))
    }

    @Test func freeOrderHasNoPrerequisitesNorPreconditions() throws {
        let course = try ExportFixtures.course(ExportFixtures.facilitateur)
        #expect(course.order == .free)
        let plan = SCOPlan(course: course, granularity: .module)
        let manifest12 = String(decoding: try Manifest12Writer(plan: plan, assets: [:]).write(), as: UTF8.self)
        let manifest2004 = String(decoding: try Manifest2004Writer(plan: plan, assets: [:]).write(), as: UTF8.self)
        #expect(!manifest12.contains("prerequisites"))
        #expect(!manifest2004.contains("preConditionRule"))
        #expect(!manifest2004.contains("mapInfo"))
        // Modules without a quiz weigh nothing in the course's measure.
        #expect(manifest2004.contains("<item identifier=\"SCO-bienvenue\" identifierref=\"RES-bienvenue\">\n          <title>Bienvenue</title>\n          <imsss:sequencing>\n            <imsss:rollupRules objectiveMeasureWeight=\"0\"/>"))
    }

    @Test func sequentialCoursesChainEveryModuleToThePreviousOne() throws {
        let course = try ExportFixtures.course(ExportFixtures.sampleCourse)
        let plan = SCOPlan(course: course, granularity: .lesson)
        let manifest12 = String(decoding: try Manifest12Writer(plan: plan, assets: [:]).write(), as: UTF8.self)
        // Every SCO of the second module waits for all SCOs of the first.
        #expect(manifest12.components(separatedBy: "<adlcp:prerequisites type=\"aicc_script\">SCO-bienvenue&amp;SCO-lieu&amp;SCO-accueil-quiz</adlcp:prerequisites>").count == 3)
        let manifest2004 = String(decoding: try Manifest2004Writer(plan: plan, assets: [:]).write(), as: UTF8.self)
        #expect(manifest2004.components(separatedBy: "<imsss:preConditionRule>").count == 2)
        #expect(manifest2004.contains("<imsss:mapInfo targetObjectiveID=\"OBJ-accueil-satisfied\" readSatisfiedStatus=\"true\" writeSatisfiedStatus=\"false\"/>"))
    }

    @Test func textIsEscaped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-escape-\(UUID())")
        try FileManager.default.copyItem(at: ExportFixtures.sampleCourse, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("course.yaml")
        let text = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: "title: \"Animer un café associatif\"", with: "title: \"Café <b>&</b> \\\"co\\\"\"")
        try Data(text.utf8).write(to: path)
        let manifest = String(decoding: try ExportFixtures.build(folder, .scorm2004).manifest, as: UTF8.self)
        #expect(manifest.contains("<title>Café &lt;b&gt;&amp;&lt;/b&gt; &quot;co&quot;</title>"))
    }

    @Test func scorm12BoundsAreKeptByShorteningTitlesAndTheVersion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-long-\(UUID())")
        try FileManager.default.copyItem(at: ExportFixtures.sampleCourse, to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let title = String(repeating: "é", count: 250)
        let path = folder.appendingPathComponent("course.yaml")
        let text = try String(contentsOf: path, encoding: .utf8)
            .replacingOccurrences(of: "title: \"Animer un café associatif\"", with: "title: \"\(title)\"")
            .replacingOccurrences(of: "version: \"1.2.0\"", with: "version: \"1.2.0-beta.with-a-long-suffix\"")
        try Data(text.utf8).write(to: path)
        // With the schemas, the builder validates its manifest: it would throw past the XSD's bounds.
        let manifest12 = String(decoding: try ExportFixtures.build(folder, .scorm12, withSchemas: ExportFixtures.haveSchemas).manifest, as: UTF8.self)
        #expect(manifest12.contains("<title>\(String(repeating: "é", count: 199))…</title>"))
        #expect(manifest12.contains("version=\"1.2.0-beta.with-a-l…\""), "20 characters, the ellipsis included")
        let manifest2004 = String(decoding: try ExportFixtures.build(folder, .scorm2004, withSchemas: ExportFixtures.haveSchemas).manifest, as: UTF8.self)
        #expect(manifest2004.contains("<title>\(title)</title>"), "SCORM 2004 has no such bound")
    }
}
