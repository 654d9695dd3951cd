import CourseModel
import Foundation
import Mustache
import SCORMPackage
import SCORMRuntime

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
    /// The theme's template, or nil when it is the built-in one, which `BuiltInSCOPage` renders directly.
    let template: MustacheTemplate?
    let strings: UIStrings

    init(plan: SCOPlan, standard: SCORMStandard, theme: Theme, compiledBuiltIn: Bool = true) throws {
        self.plan = plan
        self.standard = standard
        if theme.isBuiltInTemplate && compiledBuiltIn {
            template = nil
        } else {
            do {
                template = try MustacheTemplate(string: theme.template)
            } catch {
                throw Failure(message: "the theme's \(Theme.templateFile) is not a valid Mustache template: \(error)")
            }
        }
        strings = UIStrings(language: plan.course.language)
    }

    func render(_ sco: SCOPlan.SCO) throws -> Page {
        let (context, files) = try pageContext(sco)
        if let template {
            return Page(html: Data(template.render(context.mustacheContext).utf8), files: files)
        }
        return Page(html: Data(BuiltInSCOPage.render(context)), files: files)
    }

    func pageContext(_ sco: SCOPlan.SCO) throws -> (SCOPageContext, Set<String>) {
        let markdown = MarkdownRenderer(allowHTML: plan.course.allowHTML, pathToRoot: "../")
        var files: Set<String> = []
        let lessons = sco.lessons.map { lesson in
            let rendered = markdown.render(lesson.markdown, base: CoursePath.folder(of: lesson.path))
            files.formUnion(rendered.files)
            return SCOPageContext.Lesson(id: lesson.id, title: lesson.title, html: rendered.html)
        }
        var pages = sco.lessons.map { SCOPageContext.PageEntry(id: $0.id, title: $0.title) }
        var quizContext: SCOPageContext.Quiz?
        if let quiz = sco.quiz {
            let title = quiz.title ?? strings["quiz"]
            pages.append(SCOPageContext.PageEntry(id: "quiz", title: title))
            let base = CoursePath.folder(of: quiz.path)
            let questions = quiz.questions.enumerated().map { index, question in
                questionContext(question, number: index + 1, markdown: markdown, base: base, files: &files)
            }
            quizContext = SCOPageContext.Quiz(title: title, questions: questions)
        }
        let description = SCODescription(plan: plan, sco: sco, standard: standard, strings: strings)
        let context = SCOPageContext(language: plan.course.language, courseTitle: plan.course.title, scoTitle: sco.title,
                                     root: "../", strings: strings, pages: pages, lessons: lessons, quiz: quizContext,
                                     scoJSON: description.embeddedJSON())
        return (context, files)
    }

    private func questionContext(_ question: Question, number: Int, markdown: MarkdownRenderer, base: String,
                                 files: inout Set<String>) -> SCOPageContext.Question {
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
        let answer: SCOPageContext.Answer
        switch question.answer {
        case .single(let choices):
            answer = .choices(choices.map { SCOPageContext.Choice(id: $0.id, html: inline($0.text), inputType: "radio") })
        case .multiple(let choices):
            answer = .choices(choices.map { SCOPageContext.Choice(id: $0.id, html: inline($0.text), inputType: "checkbox") })
        case .trueFalse:
            answer = .choices([SCOPageContext.Choice(id: "true", html: strings["true"], inputType: "radio"),
                               SCOPageContext.Choice(id: "false", html: strings["false"], inputType: "radio")])
        case .fillIn:
            answer = .text(numeric: false, maxLength: SCODescription.fillInMaxLength)
        case .numeric:
            answer = .text(numeric: true, maxLength: SCODescription.numericMaxLength)
        case .matching(let pairs):
            // Targets listed alphabetically, so their order gives nothing away and builds stay reproducible.
            let targets = pairs.enumerated().map { SCOPageContext.Target(id: "t\($0.offset + 1)", text: $0.element.target) }
                .sorted { $0.text.localizedStandardCompare($1.text) == .orderedAscending }
            let sources = pairs.enumerated().map { SCOPageContext.Source(id: "s\($0.offset + 1)", html: inline($0.element.source)) }
            answer = .matching(sources: sources, targets: targets)
        case .ordering(let items):
            answer = .ordering(items.enumerated().map { SCOPageContext.Item(id: "i\($0.offset + 1)", html: inline($0.element), text: $0.element) })
        }
        return SCOPageContext.Question(id: question.id, type: question.answer.typeName, number: number,
                                       promptHTML: inline(question.prompt),
                                       feedbackCorrect: question.feedback.map { block($0.correct) } ?? "",
                                       feedbackIncorrect: question.feedback.map { block($0.incorrect) } ?? "",
                                       answer: answer)
    }
}

/// Strings render as themselves. Without this, swift-mustache tries several dynamic casts and
/// `String(describing:)` for every variable of every page of a theme's template.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}
