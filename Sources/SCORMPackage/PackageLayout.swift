/// Where things go inside a package (see docs/export.md).
public enum PackageLayout {
    public static let manifest = "imsmanifest.xml"
    public static let runtime = "portail/runtime.js"
    public static let stylesheet = "portail/theme.css"
    public static let commonFiles = [runtime, stylesheet]

    /// A course file's path in the package.
    public static func assetPath(_ coursePath: String) -> String { "content/" + coursePath }
}
