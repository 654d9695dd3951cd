import CourseModel
import Foundation
import Testing
@testable import SCORMExport
@testable import SCORMPackage
@testable import SCORMRuntime

/// The built-in template is rendered by Swift code (`BuiltInSCOPage`) and by Mustache when a theme overrides it:
/// every page of every fixture must come out the same both ways, or the two have drifted apart.
@Suite("Built-in SCO page")
struct BuiltInSCOPageTests {
    /// The sample course in English, with every character HTML escapes in its titles.
    static func englishHostileCopy() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("portail-builtin-\(UUID())")
        try FileManager.default.copyItem(at: ExportFixtures.sampleCourse, to: copy)
        let file = copy.appendingPathComponent("course.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
            .replacingOccurrences(of: "language: fr", with: "language: en")
            .replacingOccurrences(of: "title: \"Animer un café associatif\"", with: "title: \"Tom & Jerry's <café> \\\"live\\\"\"")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return copy
    }

    @Test(arguments: SCORMStandard.allCases, [SCOPlan.Granularity.module, .lesson])
    func compiledTemplateMatchesMustache(standard: SCORMStandard, granularity: SCOPlan.Granularity) throws {
        let english = try Self.englishHostileCopy()
        defer { try? FileManager.default.removeItem(at: english) }
        let theme = try Theme.load()
        #expect(theme.isBuiltInTemplate)
        var pages = 0
        for folder in [ExportFixtures.sampleCourse, ExportFixtures.facilitateur, english] {
            let plan = SCOPlan(course: try ExportFixtures.course(folder), granularity: granularity)
            let compiled = try SCOPageRenderer(plan: plan, standard: standard, theme: theme)
            let mustache = try SCOPageRenderer(plan: plan, standard: standard, theme: theme, compiledBuiltIn: false)
            #expect(compiled.template == nil && mustache.template != nil)
            for sco in plan.scos {
                let fast = String(decoding: try compiled.render(sco).html, as: UTF8.self)
                let reference = String(decoding: try mustache.render(sco).html, as: UTF8.self)
                #expect(fast == reference, "\(folder.lastPathComponent) \(sco.id)")
                pages += 1
            }
        }
        #expect(pages >= 13)
    }

    @Test func aThemeWithItsOwnTemplateGoesThroughMustache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-theme-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "<p>{{scoTitle}} — {{#pages}}{{title}};{{/pages}}</p>\n".write(
            to: folder.appendingPathComponent(Theme.templateFile), atomically: true, encoding: .utf8)
        let theme = try Theme.load(overrides: folder)
        #expect(!theme.isBuiltInTemplate)
        let plan = SCOPlan(course: try ExportFixtures.course(ExportFixtures.sampleCourse), granularity: .module)
        let html = String(decoding: try SCOPageRenderer(plan: plan, standard: .scorm2004, theme: theme).render(plan.scos[0]).html,
                          as: UTF8.self)
        let lessons = plan.scos[0].lessons.map { "\($0.title);" }.joined()
        #expect(html.hasPrefix("<p>\(plan.scos[0].title) — \(lessons)") && html.hasSuffix(";</p>\n"))
        #expect(!html.contains("<!DOCTYPE"))
    }
}
