import Foundation
import Testing
@testable import SCORMExport

/// The SCO runtime is written as parts (Theme/runtime/NN-name.js) that Theme.load() assembles into the one
/// runtime.js a package ships; a theme may give its own runtime.js or its own parts.
@Suite("Theme runtime assembly")
struct ThemeTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portail-theme-\(UUID())")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theDefaultRuntimeIsItsPartsInOneStrictFunction() throws {
        let runtime = String(decoding: try Theme.load().runtime, as: UTF8.self)
        #expect(runtime.hasPrefix("/*\n"))
        #expect(runtime.contains("*/\n(function () {\n'use strict';\n"))
        #expect(runtime.hasSuffix("\n})();\n"))
        #expect(!runtime.contains("@ts-check"))
        #expect(runtime.components(separatedBy: "Object.defineProperty(window, 'PortailSCO'").count == 2)
        let parts = try #require(Theme.defaultFolder?.appendingPathComponent(Theme.runtimePartsFolder))
        let names = try FileManager.default.contentsOfDirectory(atPath: parts.path).filter { $0.hasSuffix(".js") }.sorted()
        #expect(names.count >= 8 && names.first == "00-constants.js")
        let markers = names.compactMap { runtime.range(of: "\n// --- \($0)\n")?.lowerBound }
        #expect(markers.count == names.count && markers == markers.sorted(), "each part once, in name order")
    }

    @Test func assemblingTwiceGivesTheSameBytes() throws {
        #expect(try Theme.load().runtime == Theme.load().runtime)
    }

    @Test func aThemeRuntimeFileIsTakenAsItIs() throws {
        let theme = try Self.folder(["runtime.js": "window.custom = 1;\n", "runtime/10-a.js": "var a = 1;\n"])
        defer { try? FileManager.default.removeItem(at: theme) }
        #expect(String(decoding: try Theme.load(overrides: theme).runtime, as: UTF8.self) == "window.custom = 1;\n")
    }

    @Test func aThemeRuntimeFolderReplacesTheDefaultParts() throws {
        let theme = try Self.folder(["runtime/20-b.js": "// @ts-check\nvar b = a + 1;  \n\n", "runtime/10-a.js": "var a = 1;",
                                     "runtime/notes.txt": "not a part", "runtime/.10-hidden.js": "var hidden;"])
        defer { try? FileManager.default.removeItem(at: theme) }
        let runtime = String(decoding: try Theme.load(overrides: theme).runtime, as: UTF8.self)
        let body = try #require(runtime.components(separatedBy: "*/\n").last)
        #expect(body == "(function () {\n'use strict';\n\n// --- 10-a.js\nvar a = 1;\n\n// --- 20-b.js\nvar b = a + 1;\n})();\n")
        #expect(try Theme.load(overrides: theme).template == Theme.load().template, "other files fall back to the default")
    }

    @Test func aThemeRuntimeFolderWithoutPartsIsRefused() throws {
        let theme = try Self.folder(["runtime/README.txt": "empty"])
        defer { try? FileManager.default.removeItem(at: theme) }
        #expect(throws: Theme.Failure.self) { try Theme.load(overrides: theme) }
    }
}
