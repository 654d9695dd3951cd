import CourseModel
import Foundation
import SCORMPackage
import SCORMRuntime

/// Builds one SCORM package (zip bytes) from a valid course.
public struct PackageBuilder: Sendable {
    public struct Options: Sendable {
        public var standard: SCORMStandard
        public var profile: LMSProfile
        public var granularity: SCOPlan.Granularity
        public var theme: Theme
        /// Folder with `scorm12/` and `scorm2004-4th/` XSDs: validate the manifest and ship the control documents.
        public var schemas: URL?

        public init(standard: SCORMStandard, profile: LMSProfile = .generic, granularity: SCOPlan.Granularity = .module,
                    theme: Theme, schemas: URL? = nil) {
            self.standard = standard
            self.profile = profile
            self.granularity = granularity
            self.theme = theme
            self.schemas = schemas
        }
    }

    public struct Package: Sendable {
        public let standard: SCORMStandard
        public let zip: Data
        public let manifest: Data
        /// Entry paths in archive order.
        public let files: [String]
        public let modules: Int
        public let scos: Int
        /// Sum of the uncompressed entries.
        public let contentBytes: Int
    }

    public let course: Course
    public let options: Options

    public init(course: Course, options: Options) {
        self.course = course
        self.options = options
    }

    /// `progress` is called after each SCO page with (done, total).
    public func build(progress: ((Int, Int) -> Void)? = nil) throws -> Package {
        let plan = SCOPlan(course: course, granularity: options.granularity)
        try checkIdentifiers(plan)
        try checkSuspendDataBudget(plan)
        if options.standard == .scorm12 { try checkSCORM12Responses(plan) }

        var entries: [String: ZipWriter.Compressed] = [:]
        var assets: [String: Set<String>] = [:]
        let renderer = try SCOPageRenderer(plan: plan, standard: options.standard, theme: options.theme)
        // Pages are independent: render and compress each on whichever core is free, so that the archive
        // is only laid out at the end.
        let pages = ConcurrentMap.map(plan.scos) { sco in
            Result { () throws -> (files: Set<String>, entry: ZipWriter.Compressed) in
                let page = try renderer.render(sco)
                return (page.files, try ZipWriter.compress(ZipWriter.Entry(path: sco.href, data: page.html)))
            }
        }
        for (index, (sco, page)) in zip(plan.scos, pages).enumerated() {
            let page = try page.get()
            entries[sco.href] = page.entry
            assets[sco.id] = page.files
            progress?(index + 1, plan.scos.count)
        }
        // The manifest (one core, libxml2) is written while the assets are read and checksummed on the others.
        enum Job { case manifest, asset(String) }
        let realRoot = CoursePath.realPath(of: course.root) + "/"
        let scoFiles = assets
        let jobs = [Job.manifest] + Set(assets.values.flatMap { $0 }).sorted().map(Job.asset)
        let finished = ConcurrentMap.map(jobs) { job in
            Result { () throws -> (entry: ZipWriter.Compressed, manifest: Data?) in
                switch job {
                case .manifest:
                    let manifest = switch options.standard {
                    case .scorm12: try Manifest12Writer(plan: plan, assets: scoFiles).write()
                    case .scorm2004: try Manifest2004Writer(plan: plan, assets: scoFiles).write()
                    }
                    return (try ZipWriter.compress(ZipWriter.Entry(path: PackageLayout.manifest, data: manifest)), manifest)
                case .asset(let path):
                    let data = try readAsset(path, realRoot: realRoot)
                    return (try ZipWriter.compress(ZipWriter.Entry(path: PackageLayout.assetPath(path), data: data)), nil)
                }
            }
        }
        var written: Data?
        for result in finished {
            let (entry, manifest) = try result.get()
            entries[entry.path] = entry
            if let manifest { written = manifest }
        }
        for (path, data) in [(PackageLayout.runtime, options.theme.runtime), (PackageLayout.stylesheet, options.theme.stylesheet)] {
            entries[path] = try ZipWriter.compress(ZipWriter.Entry(path: path, data: data))
        }
        guard let manifest = written else { throw ExportError("the manifest was not written") }

        if let schemas = options.schemas {
            let problems = try SchemaValidator(schemas: schemas).validate(manifest, standard: options.standard)
            guard problems.isEmpty else {
                throw ExportError("the manifest does not match the \(options.standard.displayName) schemas:\n"
                                  + problems.map { "  imsmanifest.xml:\($0)" }.joined(separator: "\n"))
            }
            for (path, data) in try controlDocuments(in: schemas) where entries[path] == nil {
                entries[path] = try ZipWriter.compress(ZipWriter.Entry(path: path, data: data))
            }
        }

        // The manifest first (some LMSs peek at it), then everything else sorted.
        let order = [PackageLayout.manifest] + entries.keys.filter { $0 != PackageLayout.manifest }.sorted()
        let zip = try ZipWriter.archive(compressed: order.map { entries[$0]! })
        return Package(standard: options.standard, zip: zip, manifest: manifest, files: order,
                       modules: plan.modules.count, scos: plan.scos.count,
                       contentBytes: entries.values.reduce(0) { $0 + $1.size })
    }

    private func checkIdentifiers(_ plan: SCOPlan) throws {
        var seen: [String: String] = [:]
        for sco in plan.scos {
            if let other = seen[sco.id] {
                throw ExportError("two SCOs would share the id '\(sco.id)' (\(other) and \(sco.title)): rename a lesson id")
            }
            seen[sco.id] = sco.title
        }
    }

    private func checkSuspendDataBudget(_ plan: SCOPlan) throws {
        let limit = options.standard.suspendDataLimit
        var problems: [String] = []
        for sco in plan.scos {
            let worst = SuspendDataBudget.worstCase(pages: sco.pages.count, quiz: sco.quiz)
            if worst > limit {
                let file = sco.quiz?.path ?? sco.module.folder + "/module.yaml"
                problems.append("\(file): SCO '\(sco.id)' may need \(worst) characters of suspend data, "
                                + "\(worst - limit) over the \(options.standard.displayName) limit of \(limit): "
                                + "split the quiz or shorten it")
            }
        }
        if !problems.isEmpty { throw ExportError(problems.joined(separator: "\n")) }
    }

    /// SCORM 1.2 responses name each choice, source, target or item with one character 0-9a-z.
    private func checkSCORM12Responses(_ plan: SCOPlan) throws {
        var problems: [String] = []
        for sco in plan.scos {
            for question in sco.quiz?.questions ?? [] {
                let count: Int
                switch question.answer {
                case .single(let choices), .multiple(let choices): count = choices.count
                case .matching(let pairs): count = pairs.count
                case .ordering(let items): count = items.count
                default: count = 0
                }
                if count > 36, let path = sco.quiz?.path {
                    problems.append("\(path): question '\(question.id)' has \(count) answers to name; "
                                    + "SCORM 1.2 can name at most 36: split it or build for SCORM 2004")
                }
            }
        }
        if !problems.isEmpty { throw ExportError(problems.joined(separator: "\n")) }
    }

    private func readAsset(_ path: String, realRoot: String) throws -> Data {
        let url = course.root.appendingPathComponent(path)
        guard CoursePath.realPath(of: url).hasPrefix(realRoot),
              let data = FileManager.default.contents(atPath: url.path) else {
            throw ExportError("\(path): a lesson uses this file but it cannot be read inside the course folder")
        }
        return data
    }

    /// The official XSD/DTD files for the standard, at the package root as the ADL test suite expects.
    private func controlDocuments(in schemas: URL) throws -> [(String, Data)] {
        let folder = schemas.appendingPathComponent(SchemaValidator.folderName(for: options.standard))
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        let prefix = folder.standardizedFileURL.path + "/"
        var documents: [(String, Data)] = []
        for case let url as URL in enumerator {
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            guard path.hasSuffix(".xsd") || path.hasSuffix(".dtd"), path != "manifest-driver.xsd",
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            documents.append((path, data))
        }
        return documents
    }
}
