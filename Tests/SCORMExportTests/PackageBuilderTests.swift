import CourseModel
import Foundation
import Testing
@testable import SCORMExport
@testable import SCORMPackage
@testable import SCORMRuntime

@Suite("Package builder")
struct PackageBuilderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let course: String
        let standard: SCORMStandard
        let granularity: SCOPlan.Granularity
        var testDescription: String { "\(course) \(standard.rawValue) per \(granularity.rawValue)" }
    }

    static let cases: [Case] = ["sample-course", "facilitateur"].flatMap { course in
        SCORMStandard.allCases.flatMap { standard in
            SCOPlan.Granularity.allCases.map { Case(course: course, standard: standard, granularity: $0) }
        }
    }

    static func folder(_ name: String) -> URL {
        name == "facilitateur" ? ExportFixtures.facilitateur : ExportFixtures.sampleCourse
    }

    @Test("every package passes the official XSDs and package rules", arguments: cases)
    func passesThePackageChecker(_ test: Case) throws {
        let package = try ExportFixtures.build(Self.folder(test.course), test.standard, granularity: test.granularity,
                                               withSchemas: ExportFixtures.haveSchemas)
        guard let (status, output) = try ExportFixtures.check(package.zip) else { return }
        #expect(status == 0, "\(output)")
        #expect(output.contains("SUMMARY PASS"), "\(output)")
        #expect(!output.contains("WARN"), "\(output)")
    }

    @Test("one package per module: each a whole single-module course that passes the checker", arguments: SCORMStandard.allCases)
    func onePackagePerModule(_ standard: SCORMStandard) throws {
        let course = try ExportFixtures.course(ExportFixtures.facilitateur)
        let parts = Packaging.perModule.courses(of: course)
        #expect(parts.map(\.id) == course.modules.map { "\(course.id)-\($0.id)" })
        #expect(Set(parts.map(\.id)).count == course.modules.count)
        for (part, module) in zip(parts, course.modules) {
            #expect(part.modules.map(\.id) == [module.id] && part.order == .free)
            #expect(part.title == "\(course.title) — \(module.title)")
            let options = PackageBuilder.Options(standard: standard, theme: try Theme.load(),
                                                 schemas: ExportFixtures.haveSchemas ? ExportFixtures.schemas : nil)
            let package = try PackageBuilder(course: part, options: options).build()
            #expect(package.scos == 1 && package.modules == 1)
            #expect(String(decoding: package.manifest, as: UTF8.self).contains("identifier=\"MANIFEST-\(part.id)\""))
            guard let (status, output) = try ExportFixtures.check(package.zip) else { continue }
            #expect(status == 0 && output.contains("SUMMARY PASS") && !output.contains("WARN"), "\(output)")
        }
        #expect(Packaging.perCourse.courses(of: course) == [course])
    }

    @Test("libxml2 validates the manifest against the XSDs", arguments: SCORMStandard.allCases)
    func libxml2AcceptsTheManifest(_ standard: SCORMStandard) throws {
        guard ExportFixtures.haveSchemas else {
            if ExportFixtures.isCI { Issue.record("shared/schemas missing in CI") }
            print("SKIP libxml2 schema validation: \(ExportFixtures.schemas.path) not found")
            return
        }
        let package = try ExportFixtures.build(ExportFixtures.sampleCourse, standard)
        #expect(try SchemaValidator(schemas: ExportFixtures.schemas).validate(package.manifest, standard: standard) == [])
        // And it does catch a manifest that breaks the schema.
        let broken = String(decoding: package.manifest, as: UTF8.self)
            .replacingOccurrences(of: "<organizations default", with: "<organizations bogus=\"1\" default")
        let problems = try SchemaValidator(schemas: ExportFixtures.schemas).validate(Data(broken.utf8), standard: standard)
        #expect(problems.contains { $0.contains("bogus") }, "\(problems)")
    }

    @Test("the same course builds to byte-identical zips", arguments: SCORMStandard.allCases)
    func buildsAreReproducible(_ standard: SCORMStandard) throws {
        let first = try ExportFixtures.build(ExportFixtures.sampleCourse, standard, withSchemas: ExportFixtures.haveSchemas)
        let second = try ExportFixtures.build(ExportFixtures.sampleCourse, standard, withSchemas: ExportFixtures.haveSchemas)
        #expect(first.zip == second.zip)
    }

    @Test func entriesAreSafeSortedWithTheManifestFirst() throws {
        let package = try ExportFixtures.build(ExportFixtures.sampleCourse, .scorm12)
        #expect(package.files.first == "imsmanifest.xml")
        #expect(Array(package.files.dropFirst()) == package.files.dropFirst().sorted())
        #expect(package.files.allSatisfy(ZipWriter.isSafe))
        #expect(package.files == ["imsmanifest.xml", "content/02-animer/fiche.pdf", "content/assets/plan.svg",
                                  "portail/runtime.js", "portail/theme.css", "sco/accueil.html", "sco/animer.html"])
        #expect(package.modules == 2 && package.scos == 2)
    }

    @Test func onlyReferencedAssetsAreCopied() throws {
        let course = FileManager.default.temporaryDirectory.appendingPathComponent("portail-assets-\(UUID())")
        try FileManager.default.copyItem(at: ExportFixtures.sampleCourse, to: course)
        defer { try? FileManager.default.removeItem(at: course) }
        try Data("inutile".utf8).write(to: course.appendingPathComponent("assets/brouillon.txt"))
        let package = try ExportFixtures.build(course, .scorm2004)
        #expect(!package.files.contains { $0.contains("brouillon") })
        #expect(package.files.contains("content/assets/plan.svg"))
    }

    @Test("an asset whose name needs escaping is a URI reference in the manifest", arguments: SCORMStandard.allCases)
    func assetNamesAreEscapedInTheManifest(_ standard: SCORMStandard) throws {
        let course = FileManager.default.temporaryDirectory.appendingPathComponent("portail-names-\(UUID())")
        try FileManager.default.copyItem(at: ExportFixtures.sampleCourse, to: course)
        defer { try? FileManager.default.removeItem(at: course) }
        let name = "plan 100% [v1]#a.svg"
        try FileManager.default.copyItem(at: course.appendingPathComponent("assets/plan.svg"),
                                         to: course.appendingPathComponent("assets/\(name)"))
        let lesson = course.appendingPathComponent("01-accueil/01-bienvenue.md")
        let text = try String(contentsOf: lesson, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "(../assets/plan.svg)", with: "(../assets/plan%20100%25%20%5Bv1%5D%23a.svg)").utf8)
            .write(to: lesson)
        let package = try ExportFixtures.build(course, standard, withSchemas: ExportFixtures.haveSchemas)
        #expect(package.files.contains("content/assets/\(name)"), "the zip entry keeps the file's name")
        let manifest = String(decoding: package.manifest, as: UTF8.self)
        #expect(manifest.contains("<file href=\"content/assets/plan%20100%25%20%5Bv1%5D%23a.svg\"/>"))
        guard let (status, output) = try ExportFixtures.check(package.zip) else { return }
        #expect(status == 0 && output.contains("SUMMARY PASS"), "\(output)")
    }

    @Test func lessonGranularityMakesOneSCOPerLessonAndQuiz() throws {
        let package = try ExportFixtures.build(ExportFixtures.sampleCourse, .scorm2004, granularity: .lesson)
        #expect(package.scos == 5)
        #expect(package.files.filter { $0.hasPrefix("sco/") } ==
                ["sco/accueil-quiz.html", "sco/animer-quiz.html", "sco/atelier.html", "sco/bienvenue.html", "sco/lieu.html"])
    }

    @Test func aSuspendDataBudgetOverflowFailsTheBuildSayingByHowMuch() throws {
        let course = FileManager.default.temporaryDirectory.appendingPathComponent("portail-budget-\(UUID())")
        try FileManager.default.copyItem(at: ExportFixtures.sampleCourse, to: course)
        defer { try? FileManager.default.removeItem(at: course) }
        let questions = (1...18).map { n in
            """
              - id: q\(n)
                type: fill-in
                prompt: "Mot \(n) ?"
                answers: ["mot"]
                feedback: {correct: "Oui.", incorrect: "Non."}
            """
        }.joined(separator: "\n")
        try Data(("questions:\n" + questions + "\n").utf8).write(to: course.appendingPathComponent("02-animer/quiz.yaml"))
        // 18 fill-ins × 240 + 17 separators + 8 of header = 4,345 > 4,096 in 1.2, fine in 2004.
        #expect(SuspendDataBudget.worstCase(pages: 2, quiz: try ExportFixtures.course(course).modules[1].quiz) == 4345)
        #expect(throws: ExportError.self) { try ExportFixtures.build(course, .scorm12) }
        do {
            _ = try ExportFixtures.build(course, .scorm12)
        } catch let error as ExportError {
            #expect(error.description == "02-animer/quiz.yaml: SCO 'animer' may need 4345 characters of suspend data, "
                    + "249 over the SCORM 1.2 limit of 4096: split the quiz or shorten it")
        }
        #expect(try ExportFixtures.build(course, .scorm2004).scos == 2)
    }
}
