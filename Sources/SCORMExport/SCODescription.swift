import CourseModel
import Foundation
import SCORMPackage
import SCORMRuntime

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

    private enum CodingKeys: String, CodingKey {
        case format, standard, course, sco, limits, quiz, strings
    }

    /// As synthesised, except that a missing quiz is written `null` (the reference for `embeddedJSON`).
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(standard, forKey: .standard)
        try container.encode(course, forKey: .course)
        try container.encode(sco, forKey: .sco)
        try container.encode(limits, forKey: .limits)
        try container.encode(quiz, forKey: .quiz)
        try container.encode(strings, forKey: .strings)
    }
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
        json.object { json in
            json.object("course") { json in
                json.field("id", course.id)
                json.field("language", course.language)
                json.field("title", course.title)
            }
            json.field("format", format)
            json.object("limits") { json in
                json.field("location", limits.location)
                json.field("suspendData", limits.suspendData)
            }
            if let quiz {
                json.object("quiz") { json in
                    json.field("passingScore", quiz.passingScore)
                    json.array("questions") { json in
                        for question in quiz.questions { write(question, to: &json) }
                    }
                    json.field("shuffle", quiz.shuffle)
                }
            } else {
                // docs/export.md: `quiz` is null, not absent, for a SCO without one.
                json.key("quiz")
                json.null()
            }
            json.object("sco") { json in
                json.field("id", sco.id)
                json.field("module", sco.module)
                json.field("pages", sco.pages)
                json.field("title", sco.title)
            }
            json.field("standard", standard.rawValue)
            json.object("strings") { json in
                for (key, value) in strings.sorted(by: { $0.key < $1.key }) { json.field(key, value) }
            }
        }
        return json.text
    }

    private func write(_ question: QuestionInfo, to json: inout JSONText) {
        json.object { json in
            json.field("accepted", question.accepted)
            json.field("caseSensitive", question.caseSensitive)
            json.field("choices", question.choices)
            if let correct = question.correct {
                json.key("correct")
                switch correct {
                case .ids(let ids): json.strings(ids)
                case .flag(let flag): json.bool(flag)
                case .pairs(let pairs): json.array { json in for pair in pairs { json.strings(pair) } }
                }
            }
            json.field("description", question.description)
            json.field("id", question.id)
            json.field("interaction", question.interaction)
            json.field("items", question.items)
            json.field("max", question.max)
            json.field("maxLength", question.maxLength)
            json.field("min", question.min)
            json.field("shuffle", question.shuffle)
            json.field("sources", question.sources)
            json.field("targets", question.targets)
            json.field("type", question.type)
            json.field("weight", question.weight)
        }
    }

    /// The same document through JSONEncoder, for tests.
    func encodedJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try ScriptJSON.encode(self, with: encoder)
    }
}
