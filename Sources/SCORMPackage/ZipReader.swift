import CZlib
import Foundation

/// Reads a zip archive someone else made — possibly hostile — into memory, refusing anything that could
/// escape the folder it is unpacked to or exhaust the machine: unsafe names, symbolic links, encryption,
/// too many or too large entries, suspicious compression ratios, and headers that lie about sizes.
public struct ZipReader {
    public struct Limits: Sendable {
        public var maximumEntries: Int
        public var maximumEntrySize: Int
        public var maximumTotalSize: Int
        /// Uncompressed / compressed, checked on entries above `ratioThreshold` bytes.
        public var maximumRatio: Double
        public var ratioThreshold: Int

        public init(maximumEntries: Int = 10_000, maximumEntrySize: Int = 200 << 20, maximumTotalSize: Int = 1 << 30,
                    maximumRatio: Double = 100, ratioThreshold: Int = 1 << 20) {
            self.maximumEntries = maximumEntries
            self.maximumEntrySize = maximumEntrySize
            self.maximumTotalSize = maximumTotalSize
            self.maximumRatio = maximumRatio
            self.ratioThreshold = ratioThreshold
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notAZip
        case truncated
        case unsafeName(String)
        case absolutePath(String)
        case pathTraversal(String)
        case symbolicLink(String)
        case encrypted(String)
        case unsupportedCompression(String, Int)
        case tooManyEntries(Int, limit: Int)
        case entryTooLarge(String, Int, limit: Int)
        case totalTooLarge(Int, limit: Int)
        case compressionRatio(String, Double, limit: Double)
        case sizeMismatch(String)
        case checksum(String)
        case duplicate(String)
        case nameTooLong(String, limit: Int)
        case componentTooLong(String, limit: Int)
        case fileAndFolder(String)

        public var description: String {
            switch self {
            case .notAZip: return "the upload is not a zip archive"
            case .truncated: return "the zip archive is truncated or corrupt"
            case .unsafeName(let name): return "zip entry '\(name)' has an unsafe name"
            case .absolutePath(let name): return "zip entry '\(name)' has an absolute path"
            case .pathTraversal(let name): return "zip entry '\(name)' would escape the package folder (zip-slip)"
            case .symbolicLink(let name): return "zip entry '\(name)' is a symbolic link"
            case .encrypted(let name): return "zip entry '\(name)' is encrypted"
            case .unsupportedCompression(let name, let method):
                return "zip entry '\(name)' uses compression method \(method) (only stored and deflate are accepted)"
            case .tooManyEntries(let count, let limit): return "the zip has \(count) entries, more than the limit of \(limit)"
            case .entryTooLarge(let name, let size, let limit):
                return "zip entry '\(name)' unpacks to \(size) bytes, more than the limit of \(limit)"
            case .totalTooLarge(let size, let limit): return "the zip unpacks to \(size) bytes, more than the limit of \(limit)"
            case .compressionRatio(let name, let ratio, let limit):
                return "zip entry '\(name)' is compressed \(Int(ratio)):1, more than \(Int(limit)):1 (a zip bomb?)"
            case .sizeMismatch(let name): return "zip entry '\(name)' does not have the size its header declares"
            case .checksum(let name): return "zip entry '\(name)' fails its CRC check"
            case .duplicate(let name): return "zip entry '\(name)' appears twice"
            case .nameTooLong(let name, let limit):
                return "zip entry '\(name.prefix(80))…' has a path of \(name.utf8.count) bytes, more than the limit of \(limit)"
            case .componentTooLong(let name, let limit):
                return "zip entry '\(name.prefix(80))…' has a file or folder name longer than \(limit) bytes"
            case .fileAndFolder(let name): return "zip entry '\(name)' is both a file and a folder"
            }
        }
    }

    public struct Entry: Sendable {
        public let path: String
        public let data: Data
    }

    /// Every file entry (folders are implied by paths), in archive order, in memory: for archives already in
    /// memory. An upload is read from its file through `ZipArchive`, one entry at a time.
    public static func read(_ archive: Data, limits: Limits = Limits()) throws(Failure) -> [Entry] {
        let zip = try ZipArchive(ZipMemorySource(archive), limits: limits)
        var entries: [Entry] = []
        for member in zip.members {
            entries.append(Entry(path: member.path, data: try zip.data(of: member)))
        }
        return entries
    }

    /// An entry's name: UTF-8 when the entry says so (bit 11) or when the bytes are UTF-8, as most tools write
    /// them unflagged; else code page 437, the APPNOTE's default, as Windows' built-in compression writes them.
    static func entryName(_ bytes: [UInt8], flaggedUTF8: Bool) -> String {
        if flaggedUTF8 { return String(decoding: bytes, as: UTF8.self) }
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        return String(String.UnicodeScalarView(bytes.map { $0 < 0x80 ? Unicode.Scalar($0) : cp437[Int($0) - 0x80] }))
    }

    /// The upper half of code page 437.
    private static let cp437: [Unicode.Scalar] = Array(("ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐"
        + "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}").unicodeScalars)

    /// `./a//b` as `a/b`: some tools write names relative to `.`, which unzip reads as the root.
    static func normalised(_ name: String) -> String {
        guard name.hasPrefix("./") || name.contains("//") || name.contains("/./") else { return name }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return parts.joined(separator: "/") + (name.hasSuffix("/") ? "/" : "")
    }

    /// Longest entry path and path component, in bytes of the NFC form the importer writes: what every file system
    /// takes, with room for the data folder's own path.
    public static let maximumPathLength = 1024
    public static let maximumComponentLength = 255

    static func check(name: String) throws(Failure) {
        if name.hasPrefix("/") || name.hasPrefix("\\") || name.range(of: #"^[A-Za-z]:"#, options: .regularExpression) != nil {
            throw .absolutePath(name)
        }
        let parts = name.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" })
        if parts.contains("..") { throw .pathTraversal(name) }
        // "." and "a/." name the folder they are in: unpacked, they would be a file where a folder is.
        if parts.last == "." { throw .unsafeName(name) }
        if name.isEmpty || name.contains("\\") || name.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" }) {
            throw .unsafeName(name)
        }
    }
}
