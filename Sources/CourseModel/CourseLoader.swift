import Foundation

/// Loads a course folder into a `Course`, reporting every problem at once.
public enum CourseLoader {
    public struct Result: Sendable {
        /// Present only when there is no error.
        public let course: Course?
        /// Sorted by file, line, column.
        public let diagnostics: [Diagnostic]
    }

    public enum Failure: Error, CustomStringConvertible {
        case notAFolder(String)

        public var description: String {
            switch self {
            case .notAFolder(let path): return "\(path): no such folder"
            }
        }
    }

    static let courseKeys = ["id", "title", "language", "version", "description", "authors", "licence",
                             "keywords", "objectives", "passingScore", "order", "allowHTML", "modules"]
    static let moduleKeys = ["id", "title", "objectives", "duration", "lessons", "quiz"]

    /// Throws only when `folder` is not a folder at all; everything else is a diagnostic.
    public static func load(from folder: URL) throws(Failure) -> Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notAFolder(folder.path)
        }
        let loader = Loader(root: folder.standardizedFileURL)
        let course = loader.loadCourse()
        loader.reportUnusedFiles()
        let diagnostics = loader.log.sorted
        return Result(course: diagnostics.hasErrors ? nil : course, diagnostics: diagnostics)
    }
}

/// One load of one folder; holds what has been seen so far to find duplicates and unused files.
private final class Loader {
    let root: URL
    let log = DiagnosticLog()
    var usedFiles: Set<String> = []
    var lessonIDs: [String: SourceLocation] = [:]
    /// False when a structure file could not be read: then "unused file" warnings would only be noise.
    var structureKnown = true

    let realRoot: String

    init(root: URL) {
        self.root = root
        realRoot = CoursePath.realPath(of: root)
    }

    func read(_ path: String) -> String? {
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            log.error("cannot read the file", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            log.error("the file is not UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        return text
    }

    func loadCourse() -> Course? {
        let file = "course.yaml"
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path) else {
            log.error("course.yaml is missing: is this a course folder?", at: SourceLocation(file: file, line: 1, column: 1))
            structureKnown = false
            return nil
        }
        usedFiles.insert(file)
        guard let text = read(file),
              let yaml = YAMLValue.parse(text, file: file, log: log),
              let map = MappingReader(yaml, subject: "course", allowedKeys: CourseLoader.courseKeys, log: log) else {
            structureKnown = false
            return nil
        }
        let id = map.identifier()
        let title = map.text("title", required: true)
        let language = map.text("language", required: true)
        if let language, let value = map.value("language", required: false), !Self.isLanguageTag(language) {
            log.error("'language' must be a BCP 47 tag such as 'fr' or 'fr-FR', found '\(language)'", at: value.location)
        }
        let version = map.text("version", required: true)
        let description = map.text("description", required: true)
        let authors = map.textList("authors", required: false) ?? []
        let licence = map.text("licence", required: true)
        let keywords = map.textList("keywords", required: false) ?? []
        let objectives = map.textList("objectives", required: true, nonEmpty: true)
        let passingScore = map.integer("passingScore", required: true, range: 0...100, meaning: "a whole number from 0 to 100")
        let order = map.choice("order", required: true, among: Course.Order.allCases.map(\.rawValue)).flatMap(Course.Order.init)
        let allowHTML = map.boolean("allowHTML", required: false) ?? false
        let moduleFolders = map.list("modules", required: true, nonEmpty: true) ?? []

        var modules: [Module] = []
        var seenFolders: [String: SourceLocation] = [:]
        var moduleIDs: [String: SourceLocation] = [:]
        for item in moduleFolders {
            guard let name = MappingReader.text(item, named: "each module", log: log) else { continue }
            guard let folder = resolve(name, from: "", at: item.location, what: "module folder") else { continue }
            if let first = seenFolders[folder] {
                log.error("module folder '\(folder)' is listed twice (first at line \(first.line))", at: item.location)
                continue
            }
            seenFolders[folder] = item.location
            let moduleFile = folder + "/module.yaml"
            switch CoursePath.existingFile(moduleFile, in: root, realRoot: realRoot) {
            case .file:
                break
            default:
                let folderExists = CoursePath.existingFile(folder, in: root, realRoot: realRoot) == .directory
                log.error(folderExists ? "'\(moduleFile)' is missing" : "module folder '\(folder)' does not exist",
                          at: item.location)
                continue
            }
            guard let module = loadModule(file: moduleFile, folder: folder, course: (passingScore ?? 100, allowHTML)) else { continue }
            if let first = moduleIDs[module.id.0] {
                log.error("duplicate module id '\(module.id.0)' (also used at \(first.file):\(first.line):\(first.column))",
                          at: module.id.1)
                continue
            }
            moduleIDs[module.id.0] = module.id.1
            modules.append(module.module)
        }

        guard let id, let title, let language, let version, let description, let licence, let objectives,
              let passingScore, let order else { return nil }
        return Course(id: id.0, title: title, language: language, version: version, description: description,
                      authors: authors, licence: licence, keywords: keywords, objectives: objectives,
                      passingScore: passingScore, order: order, allowHTML: allowHTML, modules: modules, root: root)
    }

    func loadModule(file: String, folder: String, course: (passingScore: Int, allowHTML: Bool))
        -> (module: Module, id: (String, SourceLocation))? {
        usedFiles.insert(file)
        guard let text = read(file),
              let yaml = YAMLValue.parse(text, file: file, log: log),
              let map = MappingReader(yaml, subject: "module", allowedKeys: CourseLoader.moduleKeys, log: log) else {
            structureKnown = false
            return nil
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
                  let path = resolve(name, from: folder, at: item.location, what: "lesson") else { continue }
            guard path.hasSuffix(".md") else {
                log.error("lesson '\(name)' must be a Markdown file ending in '.md'", at: item.location)
                continue
            }
            guard seen.insert(path).inserted else {
                log.error("lesson '\(name)' is listed twice", at: item.location)
                continue
            }
            guard requireFile(path, written: name, at: item.location, what: "lesson file") else { continue }
            usedFiles.insert(path)
            lessonPaths.append(path)
        }
        // Lessons are independent files: read them on every core, then merge in the module's order.
        let root = self.root, realRoot = self.realRoot, allowHTML = course.allowHTML
        let read = ConcurrentMap.map(lessonPaths) { path in
            let lessonLog = DiagnosticLog()
            let lesson = LessonReader(root: root, realRoot: realRoot, path: path, allowHTML: allowHTML, log: lessonLog).read()
            return (lesson: lesson, diagnostics: lessonLog.items)
        }
        var lessons: [Lesson] = []
        for result in read {
            log.append(result.diagnostics)
            if let lesson = result.lesson {
                if let first = lessonIDs[lesson.id.0] {
                    log.error("duplicate lesson id '\(lesson.id.0)' (also used at \(first.file):\(first.line):\(first.column))",
                              at: lesson.id.1)
                } else {
                    lessonIDs[lesson.id.0] = lesson.id.1
                }
                usedFiles.formUnion(lesson.lesson.references.map(\.path))
                lessons.append(lesson.lesson)
            }
        }

        var quiz: Quiz?
        if let quizValue = map.value("quiz", required: false),
           let name = MappingReader.text(quizValue, named: "'quiz'", log: log),
           let path = resolve(name, from: folder, at: quizValue.location, what: "quiz") {
            if !(path.hasSuffix(".yaml") || path.hasSuffix(".yml")) {
                log.error("quiz '\(name)' must be a YAML file ending in '.yaml'", at: quizValue.location)
            } else if requireFile(path, written: name, at: quizValue.location, what: "quiz file") {
                usedFiles.insert(path)
                quiz = QuizReader(root: root, path: path, defaultPassingScore: course.passingScore, log: log).read()
            }
        }

        guard let id, let title, let objectives, let duration else { return nil }
        let module = Module(id: id.0, title: title, objectives: objectives, duration: duration, folder: folder,
                            lessons: lessons, quiz: quiz)
        return (module, id)
    }

    func resolve(_ reference: String, from base: String, at location: SourceLocation, what: String) -> String? {
        switch CoursePath.resolve(reference, from: base) {
        case .success(let path): return path
        case .failure(let problem):
            log.error("\(what) path '\(reference)' \(problem)", at: location)
            return nil
        }
    }

    func requireFile(_ path: String, written: String, at location: SourceLocation, what: String) -> Bool {
        switch CoursePath.existingFile(path, in: root, realRoot: realRoot) {
        case .file: return true
        case .directory: log.error("\(what) '\(written)' is a folder, not a file", at: location)
        case .outside: log.error("\(what) '\(written)' is a link that leaves the course folder", at: location)
        case .missing(let suggestion):
            let hint = suggestion.map { " (did you mean '\($0)'? names are case-sensitive)" } ?? ""
            log.error("\(what) '\(written)' does not exist\(hint)", at: location)
        }
        return false
    }

    /// Files that nothing refers to would silently stay out of the package.
    func reportUnusedFiles() {
        guard structureKnown else { return }
        guard let paths = FileManager.default.subpaths(atPath: root.path) else { return }
        for path in paths.sorted() {
            // Hidden files and folders (.git, .DS_Store) are not course content.
            if usedFiles.contains(path) || path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            log.warning("file is not used by the course (it will not be in the package)",
                        at: SourceLocation(file: path, line: 1, column: 1))
        }
    }

    static func isLanguageTag(_ tag: String) -> Bool {
        tag.range(of: #"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression) != nil
    }
}
