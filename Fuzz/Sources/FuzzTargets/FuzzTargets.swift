import Foundation
@testable import CourseModel
@testable import LearnerServer
import Yams
@testable import SCORMPackage
@testable import SCORMRuntime

/// One input, one call: what each fuzz target runs. Every function either returns or traps; a trap is a finding.
/// Where the project has two ways to the same answer (a fast path and the general one), the target checks that
/// they agree, so a wrong answer is found as surely as a crash.
public enum FuzzTargets {
    public static let all: [String: @Sendable (UnsafeRawBufferPointer) -> Void] = [
        "commit": commit, "cmi": cmi, "date": date, "zip": zip, "manifest": manifest, "yaml": yaml, "course": course,
    ]

    /// A commit or sync body, as the server reads it. The direct commit parser must read exactly what
    /// JSONDecoder reads whenever it reads anything, and every refusal must be a message, never a crash.
    public static func commit(_ bytes: UnsafeRawBufferPointer) {
        let data = Data(bytes)
        if let fast = CommitBatchDecoder.decode(bytes) {
            guard let slow = try? JSONBody.decoder.decode(CommitBatch.self, from: data) else {
                fatalError("the direct parser read a batch JSONDecoder refuses")
            }
            precondition(fast == slow, "the direct parser and JSONDecoder read different batches")
        }
        for type in [CommitBatch.self, LearnerRoutes.SyncRequest.self] as [any Decodable.Type] {
            do {
                _ = try JSONBody.decoder.decode(type, from: data)
            } catch let error as DecodingError {
                _ = JSONBody.message(for: error)
            } catch {}
        }
    }

    /// Lines of `element=value` for one standard (first byte even: 1.2, odd: 2004): validated one by one, then
    /// merged as a batch both ways the server merges (the prepared fast path and the ordered one), which must agree.
    public static func cmi(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return }
        let version: SCORMStandard = first % 2 == 0 ? .scorm12 : .scorm2004
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let validator = CMIValidator(version: version)
        for (element, value) in values {
            _ = validator.validateSet(element: element, value: value, current: values)
            _ = validator.countUpdates(afterSetting: element)
        }
        let merger = CommitMerger(validator: validator)
        let batch = CommitBatch(id: "fuzz", attempt: 1, seq: 1, values: values)
        let ordered = merger.merge(batch, current: [:], alwaysOrdered: true)
        if merger.prepare(batch) != nil {
            precondition(merger.merge(batch, current: [:]) == ordered, "the prepared and ordered merges disagree")
        }
    }

    /// A date as the API reads it: refused with a reason, or read, written back and read again to the same instant.
    public static func date(_ bytes: UnsafeRawBufferPointer) {
        guard let date = try? InternetDate.parse(bytes) else { return }
        let written = InternetDate.string(from: date, fractionDigits: 9)
        guard let again = try? InternetDate.parse(written) else { fatalError("cannot read back \(written)") }
        precondition(abs(again.timeIntervalSince(date)) < 1e-5, "\(written) moved")
    }

    static let zipLimits = ZipReader.Limits(maximumEntries: 200, maximumEntrySize: 1 << 20, maximumTotalSize: 4 << 20)

    /// An uploaded archive: its directory checked, then every entry inflated and checked.
    public static func zip(_ bytes: UnsafeRawBufferPointer) {
        guard let archive = try? ZipArchive(ZipMemorySource(Data(bytes)), limits: zipLimits) else { return }
        for member in archive.members {
            if let data = try? archive.data(of: member) { precondition(data.count == member.uncompressed) }
        }
    }

    /// A package's imsmanifest.xml.
    public static func manifest(_ bytes: UnsafeRawBufferPointer) {
        _ = try? ManifestReader.read(Data(bytes))
    }

    /// A course file's YAML and a lesson's Markdown. The direct YAML reader must agree with Yams on everything it
    /// reads; the link scanner and the front matter splitter must finish on anything.
    public static func yaml(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let direct = BlockYAML.parse(text) {
            let yams = try? Yams.compose(yaml: text, .basic, .default, .utf8).map { try YAMLNode($0) }
            precondition(yams == direct, "BlockYAML and Yams read different trees")
        }
        _ = YAMLValue.parse(text, file: "fuzz.yaml", log: DiagnosticLog())
        _ = FrontMatter.split(text)
        _ = MarkdownLinks.scan(text, includeHTML: true)
        _ = MarkdownLinks.paragraphs(text)
    }

    /// A whole course folder: course.yaml, a module.yaml, a lesson and a quiz, cut from the input at NUL bytes,
    /// loaded as `portail validate` loads it.
    public static func course(_ bytes: UnsafeRawBufferPointer) {
        let parts = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map { Data($0) }
        let names = ["course.yaml", "m/module.yaml", "m/lesson.md", "m/quiz.yaml"]
        let root = courseFolder
        let manager = FileManager.default
        try? manager.removeItem(at: root)
        try? manager.createDirectory(at: root.appendingPathComponent("m"), withIntermediateDirectories: true)
        for (name, data) in Swift.zip(names, parts) {
            _ = manager.createFile(atPath: root.appendingPathComponent(name).path, contents: data)
        }
        _ = try? CourseLoader.load(from: root)
    }

    static let courseFolder: URL = {
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base = FileManager.default.fileExists(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        return base.appendingPathComponent("portail-fuzz-course-\(getpid())")
    }()
}
