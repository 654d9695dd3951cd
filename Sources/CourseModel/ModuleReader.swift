import Foundation

/// Reads one module folder (module.yaml, its lessons and quiz) on its own, so that modules load in parallel;
/// what crosses modules (duplicate lesson ids, unused files) is checked when the results are merged in order.
struct ModuleReader: Sendable {
    static let keys = ["id", "title", "objectives", "duration", "lessons", "quiz"]

    struct Reading: Sendable {
        var module: Module?
        var id: (String, SourceLocation)?
        var diagnostics: [Diagnostic] = []
        var usedFiles: Set<String> = []
        /// In the module's order, for the course-wide duplicate check.
        var lessonIDs: [(String, SourceLocation)] = []
        /// False when module.yaml could not be read at all.
        var structureKnown = true
    }

    let files: CourseFiles
    let file: String
    let folder: String
    let passingScore: Int
    let allowHTML: Bool

    func read() -> Reading {
        let log = DiagnosticLog()
        var reading = Reading()
        reading.usedFiles.insert(file)
        guard let text = files.read(file, log: log),
              let yaml = YAMLValue.parse(text, file: file, log: log),
              let map = MappingReader(yaml, subject: "module", allowedKeys: Self.keys, log: log) else {
            reading.structureKnown = false
            reading.diagnostics = log.items
            return reading
        }
        let id = map.identifier()
        let title = map.text("title", required: true)
        let objectives = map.textList("objectives", required: true, nonEmpty: true)
        let duration = map.integer("duration", required: true, range: 1...100_000, meaning: "a whole number of minutes")
        let lessonItems = map.list("lessons", required: true, nonEmpty: true) ?? []

        var lessonPaths: [String] = []
        var seen: Set<String> = []
        for item in lessonItems {
            guard let name = MappingReader.text(item, named: "each lesson", log: log),
                  let path = files.resolve(name, from: folder, at: item.location, what: "lesson", log: log) else { continue }
            guard path.hasSuffix(".md") else {
                log.error("lesson '\(name)' must be a Markdown file ending in '.md'", at: item.location)
                continue
            }
            guard seen.insert(path).inserted else {
                log.error("lesson '\(name)' is listed twice", at: item.location)
                continue
            }
            guard files.requireFile(path, written: name, at: item.location, what: "lesson file", log: log) else { continue }
            reading.usedFiles.insert(path)
            lessonPaths.append(path)
        }
        // Lessons are independent files: read them on every core, then merge in the module's order.
        let files = self.files, allowHTML = self.allowHTML
        let read = ConcurrentMap.map(lessonPaths) { path in
            let lessonLog = DiagnosticLog()
            let lesson = LessonReader(files: files, path: path, allowHTML: allowHTML, log: lessonLog).read()
            return (lesson: lesson, diagnostics: lessonLog.items)
        }
        var lessons: [Lesson] = []
        for result in read {
            log.append(result.diagnostics)
            guard let lesson = result.lesson else { continue }
            reading.lessonIDs.append(lesson.id)
            reading.usedFiles.formUnion(lesson.lesson.references.map(\.path))
            lessons.append(lesson.lesson)
        }

        var quiz: Quiz?
        if let quizValue = map.value("quiz", required: false),
           let name = MappingReader.text(quizValue, named: "'quiz'", log: log),
           let path = files.resolve(name, from: folder, at: quizValue.location, what: "quiz", log: log) {
            if !(path.hasSuffix(".yaml") || path.hasSuffix(".yml")) {
                log.error("quiz '\(name)' must be a YAML file ending in '.yaml'", at: quizValue.location)
            } else if files.requireFile(path, written: name, at: quizValue.location, what: "quiz file", log: log) {
                reading.usedFiles.insert(path)
                quiz = QuizReader(files: files, path: path, defaultPassingScore: passingScore, allowHTML: allowHTML, log: log).read()
                if let quiz { reading.usedFiles.formUnion(quiz.references.map(\.path)) }
            }
        }

        reading.id = id
        reading.diagnostics = log.items
        guard let id, let title, let objectives, let duration else { return reading }
        reading.module = Module(id: id.0, title: title, objectives: objectives, duration: duration, folder: folder,
                                lessons: lessons, quiz: quiz)
        return reading
    }
}
