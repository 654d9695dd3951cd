import Foundation
import Testing
@testable import SCORMExport
@testable import SCORMPackage

@Suite("Zip writer")
struct ZipWriterTests {
    func unzip(_ data: Data) throws -> [String: Data] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-zip-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("a.zip")
        try data.write(to: zip)
        // Python's zipfile checks CRCs and sizes independently of our code.
        let script = """
        import sys, zipfile, json, base64
        z = zipfile.ZipFile(sys.argv[1])
        bad = z.testzip()
        assert bad is None, bad
        print(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, zip.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let decoded = try JSONSerialization.jsonObject(with: output) as? [String: String] ?? [:]
        return decoded.mapValues { Data(base64Encoded: $0)! }
    }

    @Test func roundTripsThroughAnIndependentReader() throws {
        let text = Data(String(repeating: "Bonjour le tiers-lieu ! ", count: 200).utf8)
        let random = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 7) })
        let zip = try ZipWriter.archive([
            .init(path: "imsmanifest.xml", data: text),
            .init(path: "content/é t/é.bin", data: random),
            .init(path: "empty.txt", data: Data()),
        ])
        let files = try unzip(zip)
        #expect(files["imsmanifest.xml"] == text)
        #expect(files["content/é t/é.bin"] == random)
        #expect(files["empty.txt"] == Data())
        #expect(zip.count < text.count, "repetitive text is deflated")
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let entries = [ZipWriter.Entry(path: "a.txt", data: Data("a".utf8)), .init(path: "b/c.txt", data: Data("c".utf8))]
        #expect(try ZipWriter.archive(entries) == ZipWriter.archive(entries))
    }

    @Test(arguments: ["../evil", "/abs", "a/../b", "a\\b", "c:/x", "a//b", "./a", ""])
    func unsafeNamesAreRefused(path: String) {
        #expect(throws: ZipWriter.Failure.self) { try ZipWriter.archive([.init(path: path, data: Data())]) }
    }

    @Test func duplicateNamesAreRefused() {
        #expect(throws: ZipWriter.Failure.self) {
            try ZipWriter.archive([.init(path: "a", data: Data()), .init(path: "a", data: Data())])
        }
    }
}
