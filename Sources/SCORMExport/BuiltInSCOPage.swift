/// The built-in `Theme/sco.mustache`, compiled by hand to Swift. Rendered through swift-mustache, that template
/// was most of a large course's build (dynamic casts on every variable); this writes the same bytes from the
/// typed context. A theme with its own template still goes through Mustache, and a test renders every page of
/// the fixture courses both ways and requires identical output, so the two cannot drift apart.
enum BuiltInSCOPage {
    /// The page's UTF-8 bytes (built as bytes: a String would be validated again on its way to the zip).
    static func render(_ page: SCOPageContext) -> [UInt8] {
        var out = HTMLText(capacity: page.lessons.reduce(16_384) { $0 + $1.html.utf8.count + 512 } + page.scoJSON.utf8.count)
        let strings = page.strings.values
        out.write("<!DOCTYPE html>\n<html lang=\"", .text(page.language),
                  "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Portail\">\n<title>",
                  .text(page.scoTitle), " — ", .text(page.courseTitle), "</title>\n<link rel=\"stylesheet\" href=\"",
                  .text(page.root), "portail/theme.css\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">",
                  .text(strings["skipToContent"] ?? ""),
                  "</a>\n<header class=\"portail-header\">\n  <p class=\"portail-course\">", .text(page.courseTitle),
                  "</p>\n  <h1 id=\"portail-title\">", .text(page.scoTitle),
                  "</h1>\n  <p id=\"portail-status\" role=\"status\" aria-live=\"polite\"></p>\n</header>\n<nav class=\"portail-toc\" aria-label=\"",
                  .text(strings["tableOfContents"] ?? ""), "\">\n  <ol id=\"portail-toc\">\n")
        for entry in page.pages {
            out.write("    <li><a href=\"#page-", .text(entry.id), "\" data-page=\"", .text(entry.id), "\">",
                      .text(entry.title), "</a></li>\n")
        }
        out.write("  </ol>\n</nav>\n<noscript><p class=\"portail-noscript\">", .text(strings["noScript"] ?? ""),
                  "</p></noscript>\n<main id=\"main\" tabindex=\"-1\">\n")
        for lesson in page.lessons {
            out.write("<section class=\"portail-page\" id=\"page-", .text(lesson.id), "\" data-page=\"",
                      .text(lesson.id), "\" aria-labelledby=\"title-", .text(lesson.id),
                      "\" hidden>\n<h2 id=\"title-", .text(lesson.id), "\" tabindex=\"-1\">", .text(lesson.title),
                      "</h2>\n", .raw(lesson.html), "\n</section>\n")
        }
        if let quiz = page.quiz { render(quiz, strings: page.strings, into: &out) }
        out.write("</main>\n<nav class=\"portail-pager\" aria-label=\"", .text(strings["pageNavigation"] ?? ""),
                  "\">\n  <button type=\"button\" id=\"portail-prev\">", .text(strings["previous"] ?? ""),
                  "</button>\n  <span id=\"portail-position\" aria-live=\"polite\"></span>\n  <button type=\"button\" id=\"portail-next\">",
                  .text(strings["next"] ?? ""),
                  "</button>\n</nav>\n<script type=\"application/json\" id=\"portail-sco\">", .raw(page.scoJSON),
                  "</script>\n<script src=\"", .text(page.root), "portail/runtime.js\"></script>\n</body>\n</html>\n")
        return out.bytes
    }

    private static func render(_ quiz: SCOPageContext.Quiz, strings: UIStrings, into out: inout HTMLText) {
        out.write("<section class=\"portail-page portail-quiz\" id=\"page-quiz\" data-page=\"quiz\" aria-labelledby=\"title-quiz\" hidden>\n<h2 id=\"title-quiz\" tabindex=\"-1\">",
                  .text(quiz.title), "</h2>\n<p class=\"portail-quiz-intro\">", .text(strings["quizIntro"]),
                  "</p>\n<form id=\"portail-quiz\" novalidate>\n")
        for question in quiz.questions {
            render(question, strings: strings, into: &out)
        }
        out.write("<p><button type=\"submit\" id=\"portail-submit\">", .text(strings["submit"]),
                  "</button></p>\n<p id=\"portail-score\" role=\"status\" hidden></p>\n<p><button type=\"button\" id=\"portail-retry\" hidden>",
                  .text(strings["retry"]), "</button></p>\n</form>\n</section>\n")
    }

    private static func render(_ question: SCOPageContext.Question, strings: UIStrings, into out: inout HTMLText) {
        let id = question.id
        out.write("<fieldset class=\"portail-question\" data-question=\"", .text(id), "\" data-type=\"",
                  .text(question.type), "\" id=\"question-", .text(id),
                  "\">\n<legend><span class=\"portail-question-number\">", .text(String(question.number)),
                  ".</span> ", .raw(question.promptHTML), "</legend>\n")
        switch question.answer {
        case .choices(let choices):
            out.write("<ul class=\"portail-choices\">\n")
            for choice in choices {
                out.write("  <li><input type=\"", .text(choice.inputType), "\" name=\"q-", .text(id), "\" id=\"q-",
                          .text(id), "-", .text(choice.id), "\" value=\"", .text(choice.id), "\"><label for=\"q-",
                          .text(id), "-", .text(choice.id), "\">", .raw(choice.html), "</label></li>\n")
            }
            out.write("</ul>\n")
        case .text(let numeric, let maxLength):
            out.write("<p><label for=\"q-", .text(id), "-input\">", .text(strings["yourAnswer"]),
                      "</label><br><input type=\"text\" name=\"q-", .text(id), "\" id=\"q-", .text(id),
                      "-input\" maxlength=\"", .text(String(maxLength)), "\" autocomplete=\"off\"")
            if numeric { out.write(" inputmode=\"decimal\"") }
            out.write("></p>\n")
        case .matching(let sources, let targets):
            out.write("<ul class=\"portail-matching\">\n")
            for source in sources {
                out.write("  <li><label for=\"q-", .text(id), "-", .text(source.id), "\">", .raw(source.html),
                          "</label>\n    <select name=\"q-", .text(id), "\" id=\"q-", .text(id), "-",
                          .text(source.id), "\" data-source=\"", .text(source.id), "\">\n      <option value=\"\">",
                          .text(strings["choose"]), "</option>\n")
                for target in targets {
                    out.write("      <option value=\"", .text(target.id), "\">", .text(target.text), "</option>\n")
                }
                out.write("    </select></li>\n")
            }
            out.write("</ul>\n")
        case .ordering(let items):
            out.write("<ol class=\"portail-ordering\" aria-describedby=\"question-", .text(id), "-help\">\n")
            for item in items {
                out.write("  <li data-item=\"", .text(item.id), "\"><span class=\"portail-item-text\">",
                          .raw(item.html), "</span>\n    <button type=\"button\" data-move=\"up\" aria-label=\"",
                          .text(strings["moveUp"]), " : ", .text(item.text),
                          "\">↑</button>\n    <button type=\"button\" data-move=\"down\" aria-label=\"",
                          .text(strings["moveDown"]), " : ", .text(item.text), "\">↓</button></li>\n")
            }
            out.write("</ol>\n<p id=\"question-", .text(id), "-help\" class=\"portail-help\">",
                      .text(strings["orderingHelp"]), "</p>\n")
        }
        out.write("<div class=\"portail-feedback\" aria-live=\"polite\" hidden>\n<div data-feedback=\"correct\" hidden><p class=\"portail-verdict\">",
                  .text(strings["correct"]), "</p>", .raw(question.feedbackCorrect),
                  "</div>\n<div data-feedback=\"incorrect\" hidden><p class=\"portail-verdict\">",
                  .text(strings["incorrect"]), "</p>", .raw(question.feedbackIncorrect),
                  "</div>\n</div>\n</fieldset>\n")
    }
}
