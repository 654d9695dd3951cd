import CourseModel
import Foundation

/// The `#portail-sco` JSON a SCO page carries for runtime.js (see docs/export.md).
struct SCODescription: Encodable {
    struct CourseInfo: Encodable {
        let id: String
        let title: String
        let language: String
    }

    struct SCOInfo: Encodable {
        let id: String
        let title: String
        let module: String
        let pages: [String]
    }

    struct Limits: Encodable {
        let suspendData: Int
        let location: Int
    }

    struct QuizInfo: Encodable {
        let passingScore: Int
        let shuffle: Bool
        let questions: [QuestionInfo]
    }

    struct QuestionInfo: Encodable {
        let id: String
        let interaction: String
        let type: String
        let weight: Double
        let description: String
        let shuffle: Bool
        var choices: [String]?
        var correct: AnyCorrect?
        var accepted: [String]?
        var caseSensitive: Bool?
        var maxLength: Int?
        var sources: [String]?
        var targets: [String]?
        var items: [String]?
        var min: Double?
        var max: Double?
    }

    /// `correct` is a list of ids, a boolean, or a list of pairs depending on the type.
    enum AnyCorrect: Encodable {
        case ids([String])
        case flag(Bool)
        case pairs([[String]])

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .ids(let ids): try container.encode(ids)
            case .flag(let flag): try container.encode(flag)
            case .pairs(let pairs): try container.encode(pairs)
            }
        }
    }

    let format = 1
    let standard: SCORMStandard
    let course: CourseInfo
    let sco: SCOInfo
    let limits: Limits
    let quiz: QuizInfo?
    let strings: [String: String]

    static let fillInMaxLength = 80
    static let numericMaxLength = 20

    init(plan: SCOPlan, sco: SCOPlan.SCO, standard: SCORMStandard, strings: UIStrings) {
        self.standard = standard
        course = CourseInfo(id: plan.course.id, title: plan.course.title, language: plan.course.language)
        self.sco = SCOInfo(id: sco.id, title: sco.title, module: sco.module.id, pages: sco.pages)
        limits = Limits(suspendData: standard.suspendDataLimit, location: standard.locationLimit)
        self.strings = strings.values
        quiz = sco.quiz.map { quiz in
            QuizInfo(passingScore: quiz.passingScore, shuffle: quiz.shuffle,
                     questions: quiz.questions.map { Self.question($0, module: sco.module) })
        }
    }

    static func question(_ question: Question, module: Module) -> QuestionInfo {
        var info = QuestionInfo(id: question.id, interaction: "\(module.id)-\(question.id)",
                                type: question.answer.typeName, weight: question.points,
                                description: plainText(question.prompt, limit: 250), shuffle: question.shuffle)
        switch question.answer {
        case .single(let choices), .multiple(let choices):
            info.choices = choices.map(\.id)
            info.correct = .ids(choices.filter(\.isCorrect).map(\.id))
        case .trueFalse(let answer):
            info.correct = .flag(answer)
        case .fillIn(let accepted, let caseSensitive):
            info.accepted = accepted
            info.caseSensitive = caseSensitive
            info.maxLength = fillInMaxLength
        case .matching(let pairs):
            info.sources = pairs.indices.map { "s\($0 + 1)" }
            info.targets = pairs.indices.map { "t\($0 + 1)" }
            info.correct = .pairs(pairs.indices.map { ["s\($0 + 1)", "t\($0 + 1)"] })
        case .ordering(let items):
            info.items = items.indices.map { "i\($0 + 1)" }
        case .numeric(let numeric):
            switch numeric {
            case .exact(let value): (info.min, info.max) = (value, value)
            case .range(let low, let high): (info.min, info.max) = (low, high)
            }
            info.maxLength = numericMaxLength
        }
        return info
    }

    /// Markdown reduced to plain text for `cmi.interactions.n.description`.
    static func plainText(_ markdown: String, limit: Int) -> String {
        // Markup characters go, and so does every "(…)" (link destinations), as one left-to-right scan.
        let markup: Set<Unicode.Scalar> = ["*", "_", "`", "#", ">", "[", "]"]
        let scalars = Array(markdown.unicodeScalars.lazy.filter { !markup.contains($0) })
        var kept = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "(", let close = scalars[(index + 1)...].firstIndex(of: ")") {
                index = close + 1
                continue
            }
            kept.append(scalars[index])
            index += 1
        }
        let text = String(kept).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Sorted keys, so that pages (and so packages) are reproducible. Written directly (JSONEncoder was the
    /// largest cost of a SCO page); `encodedJSON()` is the Encodable reference the tests compare it with.
    func embeddedJSON() -> String {
        var json = JSONText(escapesLessThan: true)
        json.beginObject()
        json.key("course")
        json.beginObject()
        json.key("id"); json.string(course.id)
        json.key("language"); json.string(course.language)
        json.key("title"); json.string(course.title)
        json.endObject()
        json.key("format"); json.int(format)
        json.key("limits")
        json.beginObject()
        json.key("location"); json.int(limits.location)
        json.key("suspendData"); json.int(limits.suspendData)
        json.endObject()
        if let quiz {
            json.key("quiz")
            json.beginObject()
            json.key("passingScore"); json.int(quiz.passingScore)
            json.key("questions")
            json.beginArray()
            for question in quiz.questions { write(question, to: &json) }
            json.endArray()
            json.key("shuffle"); json.bool(quiz.shuffle)
            json.endObject()
        }
        json.key("sco")
        json.beginObject()
        json.key("id"); json.string(sco.id)
        json.key("module"); json.string(sco.module)
        json.key("pages"); json.strings(sco.pages)
        json.key("title"); json.string(sco.title)
        json.endObject()
        json.key("standard"); json.string(standard.rawValue)
        json.key("strings")
        json.beginObject()
        for (key, value) in strings.sorted(by: { $0.key < $1.key }) {
            json.key(key); json.string(value)
        }
        json.endObject()
        json.endObject()
        return json.text
    }

    private func write(_ question: QuestionInfo, to json: inout JSONText) {
        json.beginObject()
        if let accepted = question.accepted { json.key("accepted"); json.strings(accepted) }
        if let caseSensitive = question.caseSensitive { json.key("caseSensitive"); json.bool(caseSensitive) }
        if let choices = question.choices { json.key("choices"); json.strings(choices) }
        if let correct = question.correct {
            json.key("correct")
            switch correct {
            case .ids(let ids): json.strings(ids)
            case .flag(let flag): json.bool(flag)
            case .pairs(let pairs):
                json.beginArray()
                for pair in pairs { json.strings(pair) }
                json.endArray()
            }
        }
        json.key("description"); json.string(question.description)
        json.key("id"); json.string(question.id)
        json.key("interaction"); json.string(question.interaction)
        if let items = question.items { json.key("items"); json.strings(items) }
        if let max = question.max { json.key("max"); json.double(max) }
        if let maxLength = question.maxLength { json.key("maxLength"); json.int(maxLength) }
        if let min = question.min { json.key("min"); json.double(min) }
        json.key("shuffle"); json.bool(question.shuffle)
        if let sources = question.sources { json.key("sources"); json.strings(sources) }
        if let targets = question.targets { json.key("targets"); json.strings(targets) }
        json.key("type"); json.string(question.type)
        json.key("weight"); json.double(question.weight)
        json.endObject()
    }

    /// The same document through JSONEncoder, for tests.
    func encodedJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try ScriptJSON.encode(self, with: encoder)
    }
}
