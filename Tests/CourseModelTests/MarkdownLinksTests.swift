import Foundation
import Testing
@testable import CourseModel

@Suite("Markdown link scanner")
struct MarkdownLinksTests {
    func scan(_ text: String, html: Bool = false) -> [MarkdownLinks.Link] {
        MarkdownLinks.scan(text, includeHTML: html)
    }

    @Test func inlineLinksAndImagesWithPositions() {
        let links = scan("Voir [la fiche](fiche.pdf \"Titre\").\n\n  ![Un plan](img/plan.svg)")
        #expect(links == [
            .init(destination: "fiche.pdf", text: "la fiche", isImage: false, line: 1, column: 6),
            .init(destination: "img/plan.svg", text: "Un plan", isImage: true, line: 3, column: 3),
        ])
    }

    @Test func escapesCountByTheirParity() {
        // `\!` is a literal "!" before a link; `\\` is a literal backslash before an image.
        #expect(scan(#"a \![t](x.png) b"#) == [.init(destination: "x.png", text: "t", isImage: false, line: 1, column: 5)])
        #expect(scan(#"a \\![t](x.png)"#) == [.init(destination: "x.png", text: "t", isImage: true, line: 1, column: 5)])
        #expect(scan(#"a \[t](x.png)"#) == [])
        #expect(scan(#"a \\[t](x.png)"#).map(\.destination) == ["x.png"])
    }

    @Test func aLineOfBracketsIsScannedInOnePass() {
        // 100,000 unclosed brackets: searching from each for its match was quadratic.
        #expect(scan("x " + String(repeating: "[", count: 100_000)) == [])
        #expect(scan(String(repeating: "[", count: 50_000) + "[a](b.png)").map(\.destination) == ["b.png"])
    }

    @Test func aLinkMayRunOverTheLinesOfItsParagraph() {
        let text = "Lisez [la fiche\npratique](fiche.pdf) puis ![Le plan du village](\n  img/plan.svg \"Plan\").\n\n[pas\n\n](x.pdf)"
        #expect(scan(text) == [
            .init(destination: "fiche.pdf", text: "la fiche\npratique", isImage: false, line: 1, column: 7),
            .init(destination: "img/plan.svg", text: "Le plan du village", isImage: true, line: 2, column: 27),
        ], "a blank line ends the paragraph, and a link with it")
    }

    @Test func anIndentedCodeBlockIsCodeButAListItemsIndentedParagraphIsNot() {
        let text = """
        Un exemple :

            ![Texte alternatif](mon-image.png)
        suite [du paragraphe](a.md)

        - Un point

            ![Dans la liste](liste.png)

        Fin.

        \t[tabulation](tab.md)
        """
        #expect(scan(text).map(\.destination) == ["a.md", "liste.png"],
                "the indented line after a blank line is code, the line after it and the list's are not")
    }

    @Test func columnsCountCharactersNotBytes() {
        let links = scan("Éé « ![a](x.png)")
        #expect(links.first?.column == 6)
    }

    @Test func codeIsNotScanned() {
        let text = """
        `![a](span.png)` et ``code ` [b](c.md)``
        ```
        ![x](fenced.png)
        ```
        ~~~~
        [y](tilde.md)
        ~~~~
        ![vrai](vrai.png)
        """
        #expect(scan(text).map(\.destination) == ["vrai.png"])
    }

    @Test func imageInsideALink() {
        let links = scan("[![Logo](logo.png)](doc.pdf)")
        #expect(links.map(\.destination) == ["doc.pdf", "logo.png"])
        #expect(links[1].isImage)
    }

    @Test func referenceDefinitionsAndUses() {
        let text = "![Le plan][plan]\n\n[plan]: <assets/plan.svg> \"titre\"\n"
        let links = scan(text)
        #expect(links.contains(.init(destination: "assets/plan.svg", text: "Le plan", isImage: true, line: 1, column: 1)))
        #expect(links.contains { $0.destination == "assets/plan.svg" && !$0.isImage && $0.line == 3 })
    }

    @Test func destinationsWithParenthesesAndAngleBrackets() {
        #expect(scan("[a](dossier/fichier_(v2).pdf)").first?.destination == "dossier/fichier_(v2).pdf")
        #expect(scan("[a](<mon fichier.pdf>)").first?.destination == "mon fichier.pdf")
        #expect(scan("\\[pas un lien](x.md)").isEmpty)
    }

    @Test func htmlAttributesOnlyWhenAsked() {
        let text = #"<p><img alt="Carte" src="carte.png"> <a href="doc.pdf">doc</a></p>"#
        #expect(scan(text).isEmpty)
        let links = scan(text, html: true)
        #expect(links.map(\.destination) == ["carte.png", "doc.pdf"])
        #expect(links[0].text == "Carte" && links[0].isImage)
    }
}

@Suite("Paths, identifiers, suggestions")
struct SmallRulesTests {
    @Test func pathsResolveInsideTheCourse() {
        #expect(CoursePath.resolve("../assets/a.svg", from: "01-m") == .success("assets/a.svg"))
        #expect(CoursePath.resolve("./img//b.png", from: "01-m") == .success("01-m/img/b.png"))
        #expect(CoursePath.resolve("../../x", from: "01-m") == .failure(.escapes))
        #expect(CoursePath.resolve("/etc/passwd", from: "") == .failure(.absolute))
        #expect(CoursePath.resolve("a\\b.png", from: "") == .failure(.backslash))
        #expect(CoursePath.resolve("..", from: "m") == .failure(.empty))
        #expect(CoursePath.folder(of: "a/b/c.md") == "a/b")
        #expect(CoursePath.folder(of: "c.md") == "")
    }

    @Test(arguments: ["assets/a.svg", "ma photo.jpg", "été/carte.png", "a%20b.png", "a%2", "q?x#y[1].png", "!$&'()*+,;=:@_~-.",
                      "100%", "%E9t%C3%A9", ""])
    func percentEscapesMatchFoundation(path: String) {
        #expect(CoursePath.percentDecoded(path) == path.removingPercentEncoding)
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]")
        #expect(CoursePath.percentEncodedPath(path) == path.addingPercentEncoding(withAllowedCharacters: allowed))
    }

    @Test(arguments: ["a", "module-1", "q12", "tiers-lieu-de-territoire"])
    func validIdentifiers(id: String) {
        #expect(Identifier.isValid(id))
    }

    @Test(arguments: ["", "A", "module_1", "-a", "a-", "a--b", "é", "a b", String(repeating: "a", count: 65)])
    func invalidIdentifiers(id: String) {
        #expect(!Identifier.isValid(id))
    }

    @Test func suggestions() {
        #expect(Suggestion.closest(to: "tilte", among: ["title", "id"]) == "title")
        #expect(Suggestion.closest(to: "passingscore", among: ["passingScore", "order"]) == "passingScore")
        #expect(Suggestion.closest(to: "zzzzzz", among: ["title", "id"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }

    @Test func frontMatterSplitsAtTheClosingLine() throws {
        let split = try FrontMatter.split("\u{FEFF}---\r\nid: a\r\n---\r\nCorps\r\n").get()
        #expect(split.yaml == "id: a")
        #expect(split.body == "Corps\n")
        #expect(split.bodyStartLine == 4)
        #expect(FrontMatter.split("# Titre\n") == .failure(.missing))
        #expect(FrontMatter.split("---\nid: a\n") == .failure(.unterminated))
    }
}
