/// The built-in `Theme/sco.mustache`, compiled by hand to Swift. Rendered through swift-mustache, that template
/// was most of a large course's build (dynamic casts on every variable); this writes the same bytes from the
/// typed context. A theme with its own template still goes through Mustache, and a test renders every page of
/// the fixture courses both ways and requires identical output, so the two cannot drift apart.
enum BuiltInSCOPage {
    static func render(_ page: SCOPageContext) -> String {
        var out = HTMLText(capacity: page.lessons.reduce(16_384) { $0 + $1.html.utf8.count + 512 } + page.scoJSON.utf8.count)
        let strings = page.strings.values
        out.raw("<!DOCTYPE html>\n<html lang=\"")
        out.text(page.language)
        out.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Portail\">\n<title>")
        out.text(page.scoTitle)
        out.raw(" — ")
        out.text(page.courseTitle)
        out.raw("</title>\n<link rel=\"stylesheet\" href=\"")
        out.text(page.root)
        out.raw("portail/theme.css\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">")
        out.text(strings["skipToContent"] ?? "")
        out.raw("</a>\n<header class=\"portail-header\">\n  <p class=\"portail-course\">")
        out.text(page.courseTitle)
        out.raw("</p>\n  <h1 id=\"portail-title\">")
        out.text(page.scoTitle)
        out.raw("</h1>\n  <p id=\"portail-status\" role=\"status\" aria-live=\"polite\"></p>\n</header>\n<nav class=\"portail-toc\" aria-label=\"")
        out.text(strings["tableOfContents"] ?? "")
        out.raw("\">\n  <ol id=\"portail-toc\">\n")
        for entry in page.pages {
            out.raw("    <li><a href=\"#page-")
            out.text(entry.id)
            out.raw("\" data-page=\"")
            out.text(entry.id)
            out.raw("\">")
            out.text(entry.title)
            out.raw("</a></li>\n")
        }
        out.raw("  </ol>\n</nav>\n<noscript><p class=\"portail-noscript\">")
        out.text(strings["noScript"] ?? "")
        out.raw("</p></noscript>\n<main id=\"main\" tabindex=\"-1\">\n")
        for lesson in page.lessons {
            out.raw("<section class=\"portail-page\" id=\"page-")
            out.text(lesson.id)
            out.raw("\" data-page=\"")
            out.text(lesson.id)
            out.raw("\" aria-labelledby=\"title-")
            out.text(lesson.id)
            out.raw("\" hidden>\n<h2 id=\"title-")
            out.text(lesson.id)
            out.raw("\" tabindex=\"-1\">")
            out.text(lesson.title)
            out.raw("</h2>\n")
            out.raw(lesson.html)
            out.raw("\n</section>\n")
        }
        if let quiz = page.quiz { render(quiz, strings: page.strings, into: &out) }
        out.raw("</main>\n<nav class=\"portail-pager\" aria-label=\"")
        out.text(strings["pageNavigation"] ?? "")
        out.raw("\">\n  <button type=\"button\" id=\"portail-prev\">")
        out.text(strings["previous"] ?? "")
        out.raw("</button>\n  <span id=\"portail-position\" aria-live=\"polite\"></span>\n  <button type=\"button\" id=\"portail-next\">")
        out.text(strings["next"] ?? "")
        out.raw("</button>\n</nav>\n<script type=\"application/json\" id=\"portail-sco\">")
        out.raw(page.scoJSON)
        out.raw("</script>\n<script src=\"")
        out.text(page.root)
        out.raw("portail/runtime.js\"></script>\n</body>\n</html>\n")
        return out.string
    }

    private static func render(_ quiz: SCOPageContext.Quiz, strings: UIStrings, into out: inout HTMLText) {
        out.raw("<section class=\"portail-page portail-quiz\" id=\"page-quiz\" data-page=\"quiz\" aria-labelledby=\"title-quiz\" hidden>\n<h2 id=\"title-quiz\" tabindex=\"-1\">")
        out.text(quiz.title)
        out.raw("</h2>\n<p class=\"portail-quiz-intro\">")
        out.text(strings["quizIntro"])
        out.raw("</p>\n<form id=\"portail-quiz\" novalidate>\n")
        for question in quiz.questions {
            render(question, strings: strings, into: &out)
        }
        out.raw("<p><button type=\"submit\" id=\"portail-submit\">")
        out.text(strings["submit"])
        out.raw("</button></p>\n<p id=\"portail-score\" role=\"status\" hidden></p>\n<p><button type=\"button\" id=\"portail-retry\" hidden>")
        out.text(strings["retry"])
        out.raw("</button></p>\n</form>\n</section>\n")
    }

    private static func render(_ question: SCOPageContext.Question, strings: UIStrings, into out: inout HTMLText) {
        let id = question.id
        out.raw("<fieldset class=\"portail-question\" data-question=\"")
        out.text(id)
        out.raw("\" data-type=\"")
        out.text(question.type)
        out.raw("\" id=\"question-")
        out.text(id)
        out.raw("\">\n<legend><span class=\"portail-question-number\">")
        out.text(String(question.number))
        out.raw(".</span> ")
        out.raw(question.promptHTML)
        out.raw("</legend>\n")
        switch question.answer {
        case .choices(let choices):
            out.raw("<ul class=\"portail-choices\">\n")
            for choice in choices {
                out.raw("  <li><input type=\"")
                out.text(choice.inputType)
                out.raw("\" name=\"q-")
                out.text(id)
                out.raw("\" id=\"q-")
                out.text(id)
                out.raw("-")
                out.text(choice.id)
                out.raw("\" value=\"")
                out.text(choice.id)
                out.raw("\"><label for=\"q-")
                out.text(id)
                out.raw("-")
                out.text(choice.id)
                out.raw("\">")
                out.raw(choice.html)
                out.raw("</label></li>\n")
            }
            out.raw("</ul>\n")
        case .text(let numeric, let maxLength):
            out.raw("<p><label for=\"q-")
            out.text(id)
            out.raw("-input\">")
            out.text(strings["yourAnswer"])
            out.raw("</label><br><input type=\"text\" name=\"q-")
            out.text(id)
            out.raw("\" id=\"q-")
            out.text(id)
            out.raw("-input\" maxlength=\"")
            out.text(String(maxLength))
            out.raw("\" autocomplete=\"off\"")
            if numeric { out.raw(" inputmode=\"decimal\"") }
            out.raw("></p>\n")
        case .matching(let sources, let targets):
            out.raw("<ul class=\"portail-matching\">\n")
            for source in sources {
                out.raw("  <li><label for=\"q-")
                out.text(id)
                out.raw("-")
                out.text(source.id)
                out.raw("\">")
                out.raw(source.html)
                out.raw("</label>\n    <select name=\"q-")
                out.text(id)
                out.raw("\" id=\"q-")
                out.text(id)
                out.raw("-")
                out.text(source.id)
                out.raw("\" data-source=\"")
                out.text(source.id)
                out.raw("\">\n      <option value=\"\">")
                out.text(strings["choose"])
                out.raw("</option>\n")
                for target in targets {
                    out.raw("      <option value=\"")
                    out.text(target.id)
                    out.raw("\">")
                    out.text(target.text)
                    out.raw("</option>\n")
                }
                out.raw("    </select></li>\n")
            }
            out.raw("</ul>\n")
        case .ordering(let items):
            out.raw("<ol class=\"portail-ordering\" aria-describedby=\"question-")
            out.text(id)
            out.raw("-help\">\n")
            for item in items {
                out.raw("  <li data-item=\"")
                out.text(item.id)
                out.raw("\"><span class=\"portail-item-text\">")
                out.raw(item.html)
                out.raw("</span>\n    <button type=\"button\" data-move=\"up\" aria-label=\"")
                out.text(strings["moveUp"])
                out.raw(" : ")
                out.text(item.text)
                out.raw("\">↑</button>\n    <button type=\"button\" data-move=\"down\" aria-label=\"")
                out.text(strings["moveDown"])
                out.raw(" : ")
                out.text(item.text)
                out.raw("\">↓</button></li>\n")
            }
            out.raw("</ol>\n<p id=\"question-")
            out.text(id)
            out.raw("-help\" class=\"portail-help\">")
            out.text(strings["orderingHelp"])
            out.raw("</p>\n")
        }
        out.raw("<div class=\"portail-feedback\" aria-live=\"polite\" hidden>\n<div data-feedback=\"correct\" hidden><p class=\"portail-verdict\">")
        out.text(strings["correct"])
        out.raw("</p>")
        out.raw(question.feedbackCorrect)
        out.raw("</div>\n<div data-feedback=\"incorrect\" hidden><p class=\"portail-verdict\">")
        out.text(strings["incorrect"])
        out.raw("</p>")
        out.raw(question.feedbackIncorrect)
        out.raw("</div>\n</div>\n</fieldset>\n")
    }
}

/// UTF-8 HTML built in one buffer; `text` escapes as Mustache's `{{…}}` does (`& < > " '`).
struct HTMLText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func text(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
