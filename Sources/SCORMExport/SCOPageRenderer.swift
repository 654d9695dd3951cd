import CourseModel
import Foundation
import Mustache

/// Renders one SCO's HTML page from the theme's template: lessons as pages, the quiz as the last page.
struct SCOPageRenderer: Sendable {
    struct Page {
        let html: Data
        /// Course-relative paths of the local files the page points at.
        let files: Set<String>
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    let plan: SCOPlan
    let standard: SCORMStandard
    let template: MustacheTemplate
    let strings: UIStrings

    init(plan: SCOPlan, standard: SCORMStandard, theme: Theme) throws {
        self.plan = plan
        self.standard = standard
        do {
            template = try MustacheTemplate(string: theme.template)
        } catch {
            throw Failure(message: "the theme's \(Theme.templateFile) is not a valid Mustache template: \(error)")
        }
        strings = UIStrings(language: plan.course.language)
    }

    func render(_ sco: SCOPlan.SCO) throws -> Page {
        let markdown = MarkdownRenderer(allowHTML: plan.course.allowHTML, pathToRoot: "../")
        var files: Set<String> = []
        let lessons: [[String: Any]] = sco.lessons.map { lesson in
            let rendered = markdown.render(lesson.markdown, base: CoursePath.folder(of: lesson.path))
            files.formUnion(rendered.files)
            return ["id": lesson.id, "title": lesson.title, "html": rendered.html]
        }
        var pages: [[String: Any]] = sco.lessons.map { ["id": $0.id, "title": $0.title] }
        var quizContext: Any = false
        if let quiz = sco.quiz {
            let title = quiz.title ?? strings["quiz"]
            pages.append(["id": "quiz", "title": title])
            let base = CoursePath.folder(of: quiz.path)
            let questions = quiz.questions.enumerated().map { index, question in
                questionContext(question, number: index + 1, markdown: markdown, base: base, files: &files)
            }
            quizContext = ["title": title, "intro": strings["quizIntro"], "questions": questions,
                           "submit": strings["submit"], "retry": strings["retry"]]
        }
        let description = SCODescription(plan: plan, sco: sco, standard: standard, strings: strings)
        let context: [String: Any] = [
            "language": plan.course.language,
            "courseTitle": plan.course.title,
            "scoTitle": sco.title,
            "root": "../",
            "strings": strings.values,
            "pages": pages,
            "lessons": lessons,
            "quiz": quizContext,
            "scoJSON": try description.embeddedJSON(),
        ]
        return Page(html: Data(template.render(context).utf8), files: files)
    }

    private func questionContext(_ question: Question, number: Int, markdown: MarkdownRenderer, base: String,
                                 files: inout Set<String>) -> [String: Any] {
        func inline(_ text: String) -> String {
            let rendered = markdown.renderInline(text, base: base)
            files.formUnion(rendered.files)
            return rendered.html
        }
        func block(_ text: String) -> String {
            let rendered = markdown.render(text, base: base, headingShift: 2)
            files.formUnion(rendered.files)
            return rendered.html
        }
        var context: [String: Any] = [
            "id": question.id, "type": question.answer.typeName, "number": String(number),
            "promptHTML": inline(question.prompt),
            "feedbackCorrect": question.feedback.map { block($0.correct) } ?? "",
            "feedbackIncorrect": question.feedback.map { block($0.incorrect) } ?? "",
            "correctLabel": strings["correct"], "incorrectLabel": strings["incorrect"],
            "label": strings["yourAnswer"],
            // Every flag is set: a key missing here would be looked up in every enclosing context.
            "isChoice": false, "isText": false, "isNumeric": false, "isMatching": false, "isOrdering": false,
        ]
        func choiceList(_ choices: [(id: String, html: String)], inputType: String) {
            context["isChoice"] = true
            context["choices"] = choices.map { ["id": $0.id, "html": $0.html, "inputType": inputType, "questionID": question.id] }
        }
        switch question.answer {
        case .single(let choices):
            choiceList(choices.map { ($0.id, inline($0.text)) }, inputType: "radio")
        case .multiple(let choices):
            choiceList(choices.map { ($0.id, inline($0.text)) }, inputType: "checkbox")
        case .trueFalse:
            choiceList([("true", strings["true"]), ("false", strings["false"])], inputType: "radio")
        case .fillIn:
            context["isText"] = true
            context["maxLength"] = String(SCODescription.fillInMaxLength)
        case .numeric:
            context["isText"] = true
            context["isNumeric"] = true
            context["maxLength"] = String(SCODescription.numericMaxLength)
        case .matching(let pairs):
            // Targets listed alphabetically, so their order gives nothing away and builds stay reproducible.
            let targets = pairs.enumerated().map { ["id": "t\($0.offset + 1)", "text": $0.element.target] }
                .sorted { ($0["text"] ?? "").localizedStandardCompare($1["text"] ?? "") == .orderedAscending }
            context["isMatching"] = true
            context["sources"] = pairs.enumerated().map { index, pair in
                ["id": "s\(index + 1)", "html": inline(pair.source), "questionID": question.id,
                 "targets": targets, "choose": strings["choose"]] as [String: Any]
            }
        case .ordering(let items):
            context["isOrdering"] = true
            context["orderingHelp"] = strings["orderingHelp"]
            context["items"] = items.enumerated().map { index, item in
                ["id": "i\(index + 1)", "html": inline(item), "text": item,
                 "moveUp": strings["moveUp"], "moveDown": strings["moveDown"]]
            }
        }
        return context
    }
}

/// Strings render as themselves. Without this, swift-mustache tries several dynamic casts and
/// `String(describing:)` for every variable of every page, which was most of a large course's build time.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}
