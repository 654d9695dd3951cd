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
            }
        }
    }

    public struct Entry: Sendable {
        public let path: String
        public let data: Data
    }

    /// Every file entry (folders are implied by paths), in archive order.
    public static func read(_ archive: Data, limits: Limits = Limits()) throws(Failure) -> [Entry] {
        let bytes = [UInt8](archive)
        guard bytes.count >= 22 else { throw .notAZip }
        guard let end = findEndOfCentralDirectory(bytes) else {
            throw bytes.starts(with: [0x50, 0x4B]) ? .truncated : .notAZip
        }
        let count = Int(le16(bytes, end + 10))
        let centralSize = Int(le32(bytes, end + 12))
        let centralOffset = Int(le32(bytes, end + 16))
        if count == 0xFFFF || centralOffset == 0xFFFF_FFFF { throw .tooManyEntries(count, limit: limits.maximumEntries) }
        guard count <= limits.maximumEntries else { throw .tooManyEntries(count, limit: limits.maximumEntries) }
        guard centralOffset + centralSize <= end else { throw .truncated }

        struct Header {
            let name: String
            let method: Int
            let crc: UInt32
            let compressed: Int
            let uncompressed: Int
            let localOffset: Int
        }
        var headers: [Header] = []
        var declaredTotal = 0
        var seen: Set<String> = []
        var position = centralOffset
        for _ in 0..<count {
            guard position + 46 <= bytes.count, le32(bytes, position) == 0x0201_4B50 else { throw .truncated }
            let madeBy = le16(bytes, position + 4)
            let flags = le16(bytes, position + 8)
            let method = Int(le16(bytes, position + 10))
            let crc = le32(bytes, position + 16)
            let compressed = Int(le32(bytes, position + 20))
            let uncompressed = Int(le32(bytes, position + 24))
            let nameLength = Int(le16(bytes, position + 28))
            let extraLength = Int(le16(bytes, position + 30))
            let commentLength = Int(le16(bytes, position + 32))
            let external = le32(bytes, position + 38)
            let localOffset = Int(le32(bytes, position + 42))
            guard position + 46 + nameLength <= bytes.count else { throw .truncated }
            let rawName = Array(bytes[(position + 46)..<(position + 46 + nameLength)])
            let decoded = Self.entryName(rawName, flaggedUTF8: flags & 0x800 != 0)
            position += 46 + nameLength + extraLength + commentLength

            try check(name: decoded)
            let name = Self.normalised(decoded)
            // Unix mode in the high half of the external attributes: S_IFLNK.
            if madeBy >> 8 == 3, (external >> 16) & 0o170000 == 0o120000 { throw .symbolicLink(name) }
            if name.hasSuffix("/") { continue }
            if flags & 1 != 0 { throw .encrypted(name) }
            guard method == 0 || method == 8 else { throw .unsupportedCompression(name, method) }
            guard uncompressed <= limits.maximumEntrySize else {
                throw .entryTooLarge(name, uncompressed, limit: limits.maximumEntrySize)
            }
            if uncompressed > limits.ratioThreshold {
                let ratio = Double(uncompressed) / Double(max(compressed, 1))
                if ratio > limits.maximumRatio { throw .compressionRatio(name, ratio, limit: limits.maximumRatio) }
            }
            declaredTotal += uncompressed
            guard declaredTotal <= limits.maximumTotalSize else { throw .totalTooLarge(declaredTotal, limit: limits.maximumTotalSize) }
            guard seen.insert(name).inserted else { throw .duplicate(name) }
            headers.append(Header(name: name, method: method, crc: crc, compressed: compressed,
                                  uncompressed: uncompressed, localOffset: localOffset))
        }

        var entries: [Entry] = []
        for header in headers {
            let local = header.localOffset
            guard local + 30 <= bytes.count, le32(bytes, local) == 0x0403_4B50 else { throw .truncated }
            let dataStart = local + 30 + Int(le16(bytes, local + 26)) + Int(le16(bytes, local + 28))
            guard dataStart + header.compressed <= bytes.count else { throw .truncated }
            let payload = bytes[dataStart..<(dataStart + header.compressed)]
            let data: Data
            if header.method == 0 {
                guard header.compressed == header.uncompressed else { throw .sizeMismatch(header.name) }
                data = Data(payload)
            } else {
                // Inflate at most one byte more than declared: a lying header is caught, not obeyed.
                guard let inflated = inflate(Array(payload), limit: header.uncompressed + 1),
                      inflated.count == header.uncompressed else { throw .sizeMismatch(header.name) }
                data = inflated
            }
            guard ZipWriter.crc32(of: data) == header.crc else { throw .checksum(header.name) }
            entries.append(Entry(path: header.name, data: data))
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

    static func check(name: String) throws(Failure) {
        if name.hasPrefix("/") || name.hasPrefix("\\") || name.range(of: #"^[A-Za-z]:"#, options: .regularExpression) != nil {
            throw .absolutePath(name)
        }
        let parts = name.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" })
        if parts.contains("..") { throw .pathTraversal(name) }
        if name.isEmpty || name.contains("\\") || name.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" }) {
            throw .unsafeName(name)
        }
    }

    private static func findEndOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var index = bytes.count - 22
        while index >= lowest {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 {
                return index
            }
            index -= 1
        }
        return nil
    }

    private static func inflate(_ input: [UInt8], limit: Int) -> Data? {
        var stream = z_stream()
        guard portail_inflate_init_raw(&stream) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(limit, 1))
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        // A full buffer means more data than declared: hand back what fits, and the size check refuses it.
        guard status == Z_STREAM_END || Int(stream.total_out) == limit else { return nil }
        return Data(output.prefix(Int(stream.total_out)))
    }

    private static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(le16(bytes, at)) | UInt32(le16(bytes, at + 2)) << 16
    }
}
