import Foundation
import Testing
@testable import CourseModel
@testable import SCORMExport

/// The validator finds a lesson's files with its own scanner (`MarkdownLinks`); the package gets the files cmark
/// renders. Where they disagree, a file passes validation and breaks the build, or the other way round: both
/// must name the same files, on the real courses and on the shapes that once set them apart.
@Suite("Link scanner agrees with cmark")
struct LinkScannerAgreementTests {
    let renderer = MarkdownRenderer(allowHTML: false, pathToRoot: "../")

    func scannerFiles(_ markdown: String) -> Set<String> {
        Set(MarkdownLinks.scan(markdown, includeHTML: false).compactMap { link in
            renderer.packageURL(for: link.destination, base: "m")?.1
        })
    }

    func cmarkFiles(_ markdown: String) -> Set<String> {
        renderer.renderWithCmark(markdown, base: "m", headingShift: 1).files
    }

    static let shapes = [
        "Lisez [la fiche\npratique](fiche.pdf).",
        "![Le plan du village](\n../assets/plan.png)",
        #"Un chemin : \\![plan](p.png) et \![pas une image](q.png)"#,
        "Un exemple :\n\n    ![code](code.png)\nsuite [du texte](a.md)",
        "- Un point\n\n    ![Dans la liste](liste.png)",
        "`[pas un lien](b.md)` puis [un lien](c.md)",
        "```\n![clôturé](d.png)\n```\n[après](e.md)",
        "[réf][plan]\n\n[plan]: plan.svg",
        "[![image dans un lien](i.png)](j.pdf)",
        "[texte](<avec espace.pdf>) et [titre](k.pdf \"Titre\")",
        "Étapes :\n- un\n\n    ![dans l'élément](x.png)",
        "## Exemple\n    ![code sous un titre](y.png)",
        "- un\n\n```\nclôturé\n```\n\n    ![code après la liste](z.png)",
    ]

    @Test("hand-written shapes", arguments: shapes)
    func handWrittenShapes(_ markdown: String) {
        #expect(scannerFiles(markdown) == cmarkFiles(markdown))
    }

    @Test("every lesson of the real courses", arguments: ["Tests/Fixtures/sample-course", "Courses/facilitateur"])
    func lessons(_ folder: String) throws {
        let course = try ExportFixtures.course(ExportFixtures.repository.appendingPathComponent(folder))
        for lesson in course.modules.flatMap(\.lessons) {
            #expect(scannerFiles(lesson.markdown) == cmarkFiles(lesson.markdown), "\(lesson.path)")
        }
    }
}
