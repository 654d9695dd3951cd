import Foundation
import Synchronization

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

    /// Throws only when `folder` is not a folder at all; everything else is a diagnostic.
    public static func load(from folder: URL) throws(Failure) -> Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notAFolder(folder.path)
        }
        let loader = Loader(root: folder.standardizedFileURL)
        // Every file of the folder is listed (for the unused-file warnings) while the modules are read.
        let listing = Mutex<[String]?>(nil)
        let listed = DispatchGroup()
        let rootPath = loader.root.path
        DispatchQueue.global().async(group: listed) {
            let paths = FileManager.default.subpaths(atPath: rootPath)
            listing.withLock { $0 = paths }
        }
        let course = loader.loadCourse()
        listed.wait()
        loader.reportUnusedFiles(among: listing.withLock { $0 })
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

    let files: CourseFiles

    init(root: URL) {
        self.root = root
        files = CourseFiles(root: root)
    }

    func loadCourse() -> Course? {
        let file = "course.yaml"
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path) else {
            log.error("course.yaml is missing: is this a course folder?", at: SourceLocation(file: file, line: 1, column: 1))
            structureKnown = false
            return nil
        }
        usedFiles.insert(file)
        guard let text = files.read(file, log: log),
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

        var readers: [ModuleReader] = []
        var seenFolders: [String: SourceLocation] = [:]
        for item in moduleFolders {
            guard let name = MappingReader.text(item, named: "each module", log: log) else { continue }
            guard let folder = files.resolve(name, from: "", at: item.location, what: "module folder", log: log) else { continue }
            if let first = seenFolders[folder] {
                log.error("module folder '\(folder)' is listed twice (first at line \(first.line))", at: item.location)
                continue
            }
            seenFolders[folder] = item.location
            let moduleFile = folder + "/module.yaml"
            guard files.check(folder) == .directory else {
                log.error("module folder '\(folder)' does not exist", at: item.location)
                continue
            }
            switch files.check(moduleFile) {
            case .file: break
            case .missing: log.error("'\(moduleFile)' is missing", at: item.location); continue
            case .outside where !CoursePath.realPath(of: URL(fileURLWithPath: files.fullPath(folder))).hasPrefix(files.realRoot + "/"):
                log.error("module folder '\(folder)' is a link that leaves the course folder", at: item.location)
                continue
            default:
                // A folder, a pipe, an unreadable file, or a name in another Unicode form: say which.
                _ = files.requireFile(moduleFile, written: moduleFile, at: item.location, what: "module file", log: log)
                continue
            }
            readers.append(ModuleReader(files: files, file: moduleFile, folder: folder,
                                        passingScore: passingScore ?? 100, allowHTML: allowHTML))
        }
        // Modules are read on every core; merging in the course's order keeps "first use" well defined.
        var modules: [Module] = []
        var moduleIDs: [String: SourceLocation] = [:]
        for reading in ConcurrentMap.map(readers, { $0.read() }) {
            log.append(reading.diagnostics)
            usedFiles.formUnion(reading.usedFiles)
            if !reading.structureKnown { structureKnown = false }
            for (lessonID, location) in reading.lessonIDs {
                if let first = lessonIDs[lessonID] {
                    log.error("duplicate lesson id '\(lessonID)' (also used at \(first.file):\(first.line):\(first.column))",
                              at: location)
                } else {
                    lessonIDs[lessonID] = location
                }
            }
            guard let module = reading.module, let id = reading.id else { continue }
            if let first = moduleIDs[id.0] {
                log.error("duplicate module id '\(id.0)' (also used at \(first.file):\(first.line):\(first.column))", at: id.1)
                continue
            }
            moduleIDs[id.0] = id.1
            modules.append(module)
        }
        // Built with one SCO per lesson, a module's quiz is the SCO `<module>-quiz`: no lesson may take that id.
        for module in modules where module.quiz != nil {
            if let location = lessonIDs["\(module.id)-quiz"] {
                log.error("lesson id '\(module.id)-quiz' is the id of module '\(module.id)''s quiz in a package with one SCO per "
                          + "lesson: choose another", at: location)
            }
        }

        guard let id, let title, let language, let version, let description, let licence, let objectives,
              let passingScore, let order else { return nil }
        return Course(id: id.0, title: title, language: language, version: version, description: description,
                      authors: authors, licence: licence, keywords: keywords, objectives: objectives,
                      passingScore: passingScore, order: order, allowHTML: allowHTML, modules: modules, root: root)
    }

    /// Files that nothing refers to would silently stay out of the package.
    func reportUnusedFiles(among paths: [String]?) {
        guard structureKnown, let paths else { return }
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
