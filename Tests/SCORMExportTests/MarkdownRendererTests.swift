import CourseModel
import Testing
@testable import SCORMExport

@Suite("Markdown rendering (cmark-gfm)")
struct MarkdownRendererTests {
    let safe = MarkdownRenderer(allowHTML: false, pathToRoot: "../")
    let trusting = MarkdownRenderer(allowHTML: true, pathToRoot: "../")

    @Test func githubExtensionsAreOn() {
        let html = safe.render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~barré~~ et https://example.org", base: "").html
        #expect(html.contains("<table>"))
        #expect(html.contains("<td>1</td>"))
        #expect(html.contains("<del>barré</del>"))
        #expect(html.contains("<a href=\"https://example.org\">https://example.org</a>"))
    }

    /// cmark-gfm adds and removes its extensions' special characters in a process-wide table around every parse:
    /// pages rendered on several cores lost their tables and strikethrough until parsing was serialised.
    @Test func extensionsSurviveParallelRendering() {
        let markdown = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~barré~~ et https://example.org\n"
        let results = ConcurrentMap.map(Array(0..<400)) { _ in safe.render(markdown, base: "").html }
        let expected = safe.render(markdown, base: "").html
        #expect(expected.contains("<del>barré</del>") && expected.contains("<td>1</td>"))
        #expect(results.filter { $0 != expected }.count == 0)
    }

    /// Texts cmark would leave alone skip it; for every quiz text of the fixture courses and the spellings below,
    /// whatever the shortcut accepts must come out exactly as cmark renders it.
    @Test func plainTextShortcutMatchesCmark() throws {
        var texts = ["Oui", "Non.", "Bien vu !", "L’accueil (au comptoir) ; puis 3 gestes…", "Ça va ? Oui, 100 %",
                     "Très\u{A0}bien\u{202F}!", "tiers-lieu", "a  b", "l'équipe", "« Bonjour »", "Question 3 ?",
                     "- liste", "1. liste", "# titre", "*gras*", "www.exemple.org", "mail@x.fr", "a & b", "a < b",
                     "x:y", "trailing ", " leading", "deux\nlignes", "", "`code`", "a|b", "~~barré~~", "\\"]
        for folder in [ExportFixtures.sampleCourse, ExportFixtures.facilitateur] {
            for module in try ExportFixtures.course(folder).modules {
                for question in module.quiz?.questions ?? [] {
                    texts.append(question.prompt)
                    if let feedback = question.feedback { texts += [feedback.correct, feedback.incorrect] }
                    switch question.answer {
                    case .single(let choices), .multiple(let choices): texts += choices.map(\.text)
                    case .matching(let pairs): texts += pairs.flatMap { [$0.source, $0.target] }
                    case .ordering(let items): texts += items
                    default: break
                    }
                }
            }
        }
        var shortcuts = 0
        for text in texts where MarkdownRenderer.isPlainText(text) {
            #expect(safe.render(text, base: "").html == safe.renderWithCmark(text, base: "", headingShift: 1).html, "\(text)")
            let inline = safe.renderWithCmark(text, base: "", headingShift: 0).html
            #expect("<p>\(safe.renderInline(text, base: "").html)</p>\n" == inline, "\(text)")
            shortcuts += 1
        }
        #expect(shortcuts >= 20)
        for text in ["- liste", "1. liste", "# titre", "*gras*", "www.exemple.org", "WWW.exemple.org", "mail@x.fr", "a & b", "a < b", "x:y",
                     "trailing ", " leading", "deux\nlignes", "", "`code`", "a|b", "~~barré~~", "\\"] {
            #expect(!MarkdownRenderer.isPlainText(text), "\(text)")
        }
    }

    @Test func rawHTMLIsDroppedUnlessTheCourseAllowsIt() {
        let markdown = "<div class=\"x\">bloc</div>\n\nTexte <span>en ligne</span> <script>alert(1)</script>"
        let dropped = safe.render(markdown, base: "").html
        #expect(!dropped.contains("<div"))
        #expect(!dropped.contains("<span>"))
        #expect(!dropped.contains("<script"))
        let kept = trusting.render(markdown, base: "").html
        #expect(kept.contains("<div class=\"x\">bloc</div>"))
        #expect(kept.contains("<span>en ligne</span>"))
        // Even when allowed, GFM's tag filter neutralises script.
        #expect(kept.contains("&lt;script>"))
        #expect(!kept.contains("<script>"))
    }

    @Test func localLinksPointIntoThePackageAndAreCollected() {
        let rendered = safe.render("![Plan](../assets/plan%20v2.svg) [fiche](fiche.pdf#page=2) [web](https://a.org/x.pdf) [ici](#haut)",
                                   base: "01-accueil")
        #expect(rendered.html.contains("src=\"../content/assets/plan%20v2.svg\""))
        #expect(rendered.html.contains("href=\"../content/01-accueil/fiche.pdf#page=2\""))
        #expect(rendered.html.contains("href=\"https://a.org/x.pdf\""))
        #expect(rendered.html.contains("href=\"#haut\""))
        #expect(rendered.files == ["assets/plan v2.svg", "01-accueil/fiche.pdf"])
    }

    @Test func headingsMoveUnderThePageTitle() {
        let html = safe.render("## Section\n\n###### Profond", base: "").html
        #expect(html.contains("<h3>Section</h3>"))
        #expect(html.contains("<h6>Profond</h6>"))
    }

    @Test func inlineMarkdownLosesItsParagraph() {
        #expect(safe.renderInline("Le **premier** geste", base: "").html == "Le <strong>premier</strong> geste")
    }
}

@Suite("Formats")
struct FormatTests {
    @Test func isoDurations() {
        #expect(ManifestMetadata.isoDuration(minutes: 45) == "PT45M")
        #expect(ManifestMetadata.isoDuration(minutes: 120) == "PT2H")
        #expect(ManifestMetadata.isoDuration(minutes: 358) == "PT5H58M")
    }

    @Test func imsmdTimespans() {
        #expect(Manifest12Writer.timespan(minutes: 45) == "00:45:00")
        #expect(Manifest12Writer.timespan(minutes: 358) == "05:58:00")
    }

    @Test func normalizedMeasures() {
        #expect(Manifest2004Writer.decimal(0.7) == "0.7")
        #expect(Manifest2004Writer.decimal(2.0 / 3.0) == "0.6667")
        #expect(Manifest2004Writer.decimal(1) == "1")
        #expect(Manifest2004Writer.decimal(0) == "0")
    }

    @Test func suspendDataDigits() {
        #expect(SuspendDataBudget.base36Digits(0) == 1)
        #expect(SuspendDataBudget.base36Digits(35) == 1)
        #expect(SuspendDataBudget.base36Digits(36) == 2)
        #expect(SuspendDataBudget.bitSetDigits(5) == 1)   // 31 = "v"
        #expect(SuspendDataBudget.bitSetDigits(6) == 2)   // 63 = "1r"
        #expect(SuspendDataBudget.bitSetDigits(62) == String(Int64.max >> 1, radix: 36).count)
        #expect(SuspendDataBudget.bitSetDigits(100) == 20) // 2^100 has 20 base-36 digits
    }
}
