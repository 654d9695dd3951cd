/// Everything one SCO page shows, with its HTML already rendered from Markdown. A theme's template sees it as
/// `mustacheContext` (the names docs/export.md lists); the built-in template is also compiled to Swift
/// (`BuiltInSCOPage`), which reads these fields directly.
struct SCOPageContext {
    struct PageEntry {
        let id: String
        let title: String
    }

    struct Lesson {
        let id: String
        let title: String
        let html: String
    }

    struct Choice {
        let id: String
        let html: String
        let inputType: String
    }

    struct Target {
        let id: String
        let text: String
    }

    struct Source {
        let id: String
        let html: String
    }

    struct Item {
        let id: String
        let html: String
        let text: String
    }

    enum Answer {
        case choices([Choice])
        case text(numeric: Bool, maxLength: Int)
        case matching(sources: [Source], targets: [Target])
        case ordering([Item])
    }

    struct Question {
        let id: String
        let type: String
        let number: Int
        let promptHTML: String
        let feedbackCorrect: String
        let feedbackIncorrect: String
        let answer: Answer
    }

    struct Quiz {
        let title: String
        let questions: [Question]
    }

    let language: String
    let courseTitle: String
    let scoTitle: String
    let root: String
    let strings: UIStrings
    let pages: [PageEntry]
    let lessons: [Lesson]
    let quiz: Quiz?
    let scoJSON: String

    /// The context a Mustache template renders: every flag of a question is set, because a missing key would be
    /// looked up in every enclosing context.
    var mustacheContext: [String: Any] {
        var quizContext: Any = false
        if let quiz {
            quizContext = ["title": quiz.title, "intro": strings["quizIntro"], "submit": strings["submit"],
                           "retry": strings["retry"], "questions": quiz.questions.map(questionContext)]
        }
        return [
            "language": language,
            "courseTitle": courseTitle,
            "scoTitle": scoTitle,
            "root": root,
            "strings": strings.values,
            "pages": pages.map { ["id": $0.id, "title": $0.title] },
            "lessons": lessons.map { ["id": $0.id, "title": $0.title, "html": $0.html] },
            "quiz": quizContext,
            "scoJSON": scoJSON,
        ]
    }

    private func questionContext(_ question: Question) -> [String: Any] {
        var context: [String: Any] = [
            "id": question.id, "type": question.type, "number": String(question.number),
            "promptHTML": question.promptHTML,
            "feedbackCorrect": question.feedbackCorrect, "feedbackIncorrect": question.feedbackIncorrect,
            "correctLabel": strings["correct"], "incorrectLabel": strings["incorrect"], "label": strings["yourAnswer"],
            "isChoice": false, "isText": false, "isNumeric": false, "isMatching": false, "isOrdering": false,
        ]
        switch question.answer {
        case .choices(let choices):
            context["isChoice"] = true
            context["choices"] = choices.map { ["id": $0.id, "html": $0.html, "inputType": $0.inputType, "questionID": question.id] }
        case .text(let numeric, let maxLength):
            context["isText"] = true
            context["isNumeric"] = numeric
            context["maxLength"] = String(maxLength)
        case .matching(let sources, let targets):
            let targetContexts = targets.map { ["id": $0.id, "text": $0.text] }
            context["isMatching"] = true
            context["sources"] = sources.map {
                ["id": $0.id, "html": $0.html, "questionID": question.id, "targets": targetContexts,
                 "choose": strings["choose"]] as [String: Any]
            }
        case .ordering(let items):
            context["isOrdering"] = true
            context["orderingHelp"] = strings["orderingHelp"]
            context["items"] = items.map {
                ["id": $0.id, "html": $0.html, "text": $0.text, "moveUp": strings["moveUp"], "moveDown": strings["moveDown"]]
            }
        }
        return context
    }
}
