import Foundation

/// The page template, stylesheet and runtime of a SCO. The default lives in `Sources/SCORMExport/Theme/`;
/// a designer copies that folder, edits it, and passes it with `--theme DIR`. Files missing from the copy
/// fall back to the default.
public struct Theme: Sendable {
    public static let templateFile = "sco.mustache"
    public static let stylesheetFile = "theme.css"
    public static let runtimeFile = "runtime.js"

    public let template: String
    public let stylesheet: Data
    public let runtime: Data
    /// The template is the installed default's, which `BuiltInSCOPage` renders without Mustache.
    let isBuiltInTemplate: Bool

    public enum Failure: Error, CustomStringConvertible {
        case missingDefault(String)
        case unreadable(String)

        public var description: String {
            switch self {
            case .missingDefault(let file): return "the default theme's \(file) is missing from this installation"
            case .unreadable(let path): return "cannot read theme file \(path)"
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
        return Theme(template: template, stylesheet: try read(stylesheetFile), runtime: try read(runtimeFile),
                     isBuiltInTemplate: !overridden.contains(templateFile))
    }
}
