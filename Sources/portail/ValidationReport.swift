import CourseModel
import Foundation

/// What `portail validate` prints, for people (text) and for tools (JSON).
struct ValidationReport {
    let folder: String
    let result: CourseLoader.Result

    var errorCount: Int { result.diagnostics.errors.count }
    var warningCount: Int { result.diagnostics.warnings.count }

    func text() -> String {
        var lines = result.diagnostics.map(\.description)
        lines.append(summary())
        return lines.joined(separator: "\n") + "\n"
    }

    func summary() -> String {
        let counts = "\(Self.plural(errorCount, "error")), \(Self.plural(warningCount, "warning"))"
        guard let course = result.course else { return "\(folder): \(counts)" }
        let lessons = course.modules.reduce(0) { $0 + $1.lessons.count }
        let quizzes = course.modules.filter { $0.quiz != nil }.count
        let questions = course.modules.reduce(0) { $0 + ($1.quiz?.questions.count ?? 0) }
        return "\(course.id) \(course.version): \(counts) — \(Self.plural(course.modules.count, "module")), "
            + "\(Self.plural(lessons, "lesson")), \(Self.plural(quizzes, "quiz", "quizzes")), "
            + "\(Self.plural(questions, "question")), \(course.duration) min"
    }

    func json() -> String {
        struct Output: Encodable {
            let folder: String
            let valid: Bool
            let errors: Int
            let warnings: Int
            let diagnostics: [Diagnostic]
        }
        let output = Output(folder: folder, valid: !result.diagnostics.hasErrors, errors: errorCount,
                            warnings: warningCount, diagnostics: result.diagnostics)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(output)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A file size in SI units ("5.8 MB"), without Foundation's formatter, which loads ICU data for one line.
    static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return plural(bytes, "byte") }
        let units = ["kB", "MB", "GB", "TB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 999.95, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return value < 99.95 ? String(format: "%.1f %@", value, units[unit]) : "\(Int(value.rounded())) \(units[unit])"
    }

    static func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? word : (plural ?? word + "s"))"
    }
}
