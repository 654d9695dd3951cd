import Foundation
import Testing

/// Every input in the fuzz corpus, and every input that once crashed a target, runs through its target again:
/// what fuzzing found stays found.
@Suite("Fuzz corpus and regressions")
struct FuzzReplayTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func inputs(_ target: String) throws -> [URL] {
        try ["Corpus", "Regressions"].flatMap { kind -> [URL] in
            let directory = folder.appendingPathComponent(kind).appendingPathComponent(target)
            guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
            return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { !$0.lastPathComponent.hasPrefix(".") }.sorted { $0.path < $1.path }
        }
    }

    @Test(arguments: FuzzTargets.all.keys.sorted())
    func everyKeptInputStillPasses(_ target: String) throws {
        let run = try #require(FuzzTargets.all[target])
        let files = try Self.inputs(target)
        #expect(!files.isEmpty, "the \(target) corpus is empty")
        for file in files {
            try Data(contentsOf: file).withUnsafeBytes { run($0) }
        }
    }
}
