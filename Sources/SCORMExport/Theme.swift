import Foundation

/// The page template, stylesheet and runtime of a SCO. The default lives in `Sources/SCORMExport/Theme/`;
/// a designer copies that folder, edits it, and passes it with `--theme DIR`. Files missing from the copy
/// fall back to the default.
///
/// The runtime is written as parts by concern (`runtime/NN-name.js`), which `load` assembles into the one
/// `runtime.js` a package ships: a theme may give its own `runtime.js` (taken as it is) or its own `runtime/`
/// folder (all of its parts replace the default ones, so that a copy made of one version stays consistent).
public struct Theme: Sendable {
    public static let templateFile = "sco.mustache"
    public static let stylesheetFile = "theme.css"
    public static let runtimeFile = "runtime.js"
    public static let runtimePartsFolder = "runtime"

    public let template: String
    public let stylesheet: Data
    public let runtime: Data
    /// The template is the installed default's, which `BuiltInSCOPage` renders without Mustache.
    let isBuiltInTemplate: Bool

    public enum Failure: Error, CustomStringConvertible {
        case missingDefault(String)
        case unreadable(String)
        case noRuntimeParts(String)

        public var description: String {
            switch self {
            case .missingDefault(let file): return "the default theme's \(file) is missing from this installation"
            case .unreadable(let path): return "cannot read theme file \(path)"
            case .noRuntimeParts(let path): return "the runtime folder \(path) holds no .js part"
            }
        }
    }

    /// The folder holding the default theme, as installed beside the executable.
    public static var defaultFolder: URL? {
        Bundle.module.url(forResource: "Theme", withExtension: nil)
    }

    public static func load(overrides folder: URL? = nil) throws(Failure) -> Theme {
        var overridden: Set<String> = []
        func read(_ name: String) throws(Failure) -> Data {
            if let folder {
                let url = folder.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) {
                    guard let data = FileManager.default.contents(atPath: url.path) else { throw .unreadable(url.path) }
                    overridden.insert(name)
                    return data
                }
            }
            guard let url = defaultFolder?.appendingPathComponent(name),
                  let data = FileManager.default.contents(atPath: url.path) else { throw .missingDefault(name) }
            return data
        }
        let template = String(decoding: try read(templateFile), as: UTF8.self)
        return Theme(template: template, stylesheet: try read(stylesheetFile), runtime: try runtime(overrides: folder),
                     isBuiltInTemplate: !overridden.contains(templateFile))
    }

    /// The theme's own runtime.js, else its runtime/ parts assembled, else the default parts assembled.
    static func runtime(overrides folder: URL?) throws(Failure) -> Data {
        if let folder {
            let file = folder.appendingPathComponent(runtimeFile)
            if FileManager.default.fileExists(atPath: file.path) {
                guard let data = FileManager.default.contents(atPath: file.path) else { throw .unreadable(file.path) }
                return data
            }
            var isFolder: ObjCBool = false
            let parts = folder.appendingPathComponent(runtimePartsFolder)
            if FileManager.default.fileExists(atPath: parts.path, isDirectory: &isFolder), isFolder.boolValue {
                return try assembleRuntime(parts: parts)
            }
        }
        guard let parts = defaultFolder?.appendingPathComponent(runtimePartsFolder),
              FileManager.default.fileExists(atPath: parts.path) else { throw .missingDefault(runtimePartsFolder + "/") }
        return try assembleRuntime(parts: parts)
    }

    /// The runtime's parts (the folder's `.js` files, in the byte order of their names) inside one strict
    /// function whose scope they share, each without its `// @ts-check` line (for the type checker only). The
    /// same parts always give the same bytes: packages stay reproducible.
    public static func assembleRuntime(parts folder: URL) throws(Failure) -> Data {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".js") && !$0.hasPrefix(".") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } catch {
            throw .unreadable(folder.path)
        }
        guard !names.isEmpty else { throw .noRuntimeParts(folder.path) }
        var text = """
            /*
             * Portail SCO runtime, assembled from the parts of a theme's runtime/ folder (each below its name) in one
             * strict function whose scope they share. Edit the parts, not this file.
             */
            (function () {
            'use strict';

            """
        for name in names {
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path),
                  var part = String(data: data, encoding: .utf8) else { throw .unreadable(path) }
            if part.hasPrefix(typeCheckLine) { part.removeFirst(typeCheckLine.count) }
            while let last = part.last, last.isWhitespace { part.removeLast() }
            text += "\n// --- \(name)\n" + part + "\n"
        }
        text += "})();\n"
        return Data(text.utf8)
    }

    private static let typeCheckLine = "// @ts-check\n"
}
