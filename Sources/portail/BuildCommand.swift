import ArgumentParser
import CourseModel
import Foundation
import SCORMExport
import SCORMPackage
import SCORMRuntime

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Validate a course and build SCORM packages from it.",
        discussion: """
        Errors in the course stop the build (same diagnostics as 'portail validate').
        Exit status: 0 built, 1 the course or the package has errors, 2 usage error.
        """
    )

    enum Standard: String, ExpressibleByArgument, CaseIterable {
        case scorm12, scorm2004, all
    }

    @Argument(help: "The course folder (the one holding course.yaml).", completion: .directory)
    var folder: String

    @Option(help: "scorm12, scorm2004 or all (default: the target's standard).")
    var standard: Standard?

    @Option(help: "LMS profile: \(LMSProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var target: String = LMSProfile.generic.rawValue

    @Option(help: "A .zip file, or a folder (required to be a folder with --standard all). Default: dist/.")
    var output: String?

    @Option(name: .customLong("sco-per"), help: "One SCO per module (default) or per lesson.")
    var scoPer: String = SCOPlan.Granularity.module.rawValue

    @Option(name: .customLong("package-per"),
            help: "One package for the course, or one per module (default: the target's; openedx: module).")
    var packagePer: String?

    @Option(help: "A theme folder overriding sco.mustache, theme.css, or the runtime (runtime.js, or runtime/ parts).",
            completion: .directory)
    var theme: String?

    @Option(help: "Folder with the official XSDs (scorm12/, scorm2004-4th/): validate the manifest and ship them.",
            completion: .directory)
    var schemas: String?

    func validate() throws {
        guard LMSProfile(rawValue: target) != nil else {
            throw ValidationError("unknown --target '\(target)': use \(LMSProfile.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard SCOPlan.Granularity(rawValue: scoPer) != nil else {
            throw ValidationError("--sco-per must be 'module' or 'lesson'")
        }
        if let packagePer, Packaging(rawValue: packagePer) == nil {
            throw ValidationError("--package-per must be 'course' or 'module'")
        }
        if standard == .all, let output, output.hasSuffix(".zip") {
            throw ValidationError("--standard all writes two packages: give --output a folder, not a .zip")
        }
    }

    func run() throws {
        let started = Date()
        let profile = LMSProfile(rawValue: target)!
        let standards: [SCORMStandard] = switch standard {
        case .scorm12: [.scorm12]
        case .scorm2004: [.scorm2004]
        case .all: [.scorm12, .scorm2004]
        case nil: [profile.defaultStandard]
        }

        let result: CourseLoader.Result
        do {
            result = try CourseLoader.load(from: URL(fileURLWithPath: folder))
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let report = ValidationReport(folder: folder, result: result)
        if !result.diagnostics.isEmpty { print(report.text(), terminator: "") }
        guard let course = result.course else { throw ExitCode(1) }

        let loadedTheme: Theme
        do {
            loadedTheme = try Theme.load(overrides: theme.map { URL(fileURLWithPath: $0) })
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let packaging = packagePer.flatMap(Packaging.init(rawValue:)) ?? profile.defaultPackaging
        let courses = packaging.courses(of: course)
        if courses.count > 1, let output, output.hasSuffix(".zip") {
            FileHandle.standardError.write(Data(("error: one package per module makes \(courses.count) packages: "
                + "give --output a folder, not a .zip\n").utf8))
            throw ExitCode(2)
        }
        let progress = ProgressLine()
        for course in courses {
            for standard in standards {
                let options = PackageBuilder.Options(standard: standard, profile: profile,
                                                     granularity: SCOPlan.Granularity(rawValue: scoPer)!,
                                                     theme: loadedTheme, schemas: schemas.map { URL(fileURLWithPath: $0) })
                let destination = outputURL(for: course, standard: standard, single: standards.count == 1 && courses.count == 1)
                do {
                    let package = try PackageBuilder(course: course, options: options).build { done, total in
                        progress.show("\(standard.displayName)", done, total)
                    }
                    progress.clear()
                    try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(),
                                                            withIntermediateDirectories: true)
                    try OutputFile.write(package.zip, to: destination)
                    let seconds = Date().timeIntervalSince(started)
                    print("Built \(displayPath(destination)): \(standard.displayName), "
                          + "\(ValidationReport.plural(package.modules, "module")), \(ValidationReport.plural(package.scos, "SCO")), "
                          + "\(ValidationReport.plural(package.files.count, "file")), "
                          + "\(ValidationReport.size(package.zip.count)) "
                          + String(format: "in %.2f s", seconds))
                    if profile == .openedx && package.scos > 1 {
                        FileHandle.standardError.write(Data(("warning: Open edX's SCORM XBlock launches only the first SCO of a "
                            + "package; this one has \(package.scos). Build one package per module (--package-per module, "
                            + "--sco-per module) and import each as a unit.\n").utf8))
                    }
                } catch {
                    progress.clear()
                    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                    throw ExitCode(1)
                }
            }
        }
    }

    private func outputURL(for course: Course, standard: SCORMStandard, single: Bool) -> URL {
        let name = "\(course.id)-\(standard.rawValue).zip"
        guard let output else { return URL(fileURLWithPath: "dist").appendingPathComponent(name) }
        if single && output.hasSuffix(".zip") { return URL(fileURLWithPath: output) }
        return URL(fileURLWithPath: output).appendingPathComponent(name)
    }

    private func displayPath(_ url: URL) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(current) ? String(url.path.dropFirst(current.count)) : url.path
    }
}

/// A one-line progress bar on a terminal; silent when stderr is a file or a pipe.
final class ProgressLine {
    private let enabled = isatty(2) == 1

    func show(_ label: String, _ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 24
        let filled = width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total) SCOs".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
