import CLibDeflate
import CourseModel

import Foundation

/// Writes a zip archive in one pass (local headers and data, then the central directory once), with fixed
/// timestamps and the caller's order, so that the same input gives the same bytes.
public struct ZipWriter {
    public struct Entry: Sendable {
        public let path: String
        public let data: Data

        public init(path: String, data: Data) {
            self.path = path
            self.data = data
        }
    }

    public enum Failure: Error, CustomStringConvertible {
        case unsafePath(String)
        case duplicate(String)
        case tooLarge
        case deflate(Int32)

        public var description: String {
            switch self {
            case .unsafePath(let path): return "refusing to write the unsafe zip entry name '\(path)'"
            case .duplicate(let path): return "two zip entries are named '\(path)'"
            case .tooLarge: return "the package is too large for a zip without ZIP64 (4 GiB, 65,535 entries)"
            case .deflate(let code): return "libdeflate could not compress an entry (error \(code))"
            }
        }
    }

    /// 2000-01-01 00:00 in MS-DOS format.
    static let dosDate: UInt16 = (20 << 9) | (1 << 5) | 1
    static let dosTime: UInt16 = 0

    /// Already-compressed formats: deflating them again costs time and saves nothing.
    static let storedExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "webp", "mp3", "m4a", "ogg", "mp4", "webm",
                                                "zip", "pdf", "woff", "woff2"]

    /// An entry ready to be laid out: checksummed and compressed (or stored).
    public struct Compressed: Sendable {
        public let path: String
        let crc: UInt32
        let method: UInt16
        let payload: Data
        public let size: Int
    }

    public static func archive(_ entries: [Entry]) throws(Failure) -> Data {
        // Compress on every core, then lay the archive out in order: the bytes do not depend on scheduling.
        let prepared = ConcurrentMap.map(entries) { entry -> Result<Compressed, Failure> in
            do throws(Failure) { return .success(try compress(entry)) } catch { return .failure(error) }
        }
        var compressed: [Compressed] = []
        compressed.reserveCapacity(entries.count)
        for result in prepared { compressed.append(try result.get()) }
        return try archive(compressed: compressed)
    }

    /// Checksums and deflates one entry; callers that produce entries on several cores compress them there.
    public static func compress(_ entry: Entry) throws(Failure) -> Compressed {
        let crc = crc32(of: entry.data)
        let ext = entry.path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if storedExtensions.contains(ext) || entry.data.count < 64 {
            return Compressed(path: entry.path, crc: crc, method: 0, payload: entry.data, size: entry.data.count)
        }
        let deflated = try deflate(entry.data)
        return deflated.count < entry.data.count
            ? Compressed(path: entry.path, crc: crc, method: 8, payload: deflated, size: entry.data.count)
            : Compressed(path: entry.path, crc: crc, method: 0, payload: entry.data, size: entry.data.count)
    }

    /// Lays out already compressed entries in the given order.
    public static func archive(compressed entries: [Compressed]) throws(Failure) -> Data {
        guard entries.count < 0xFFFF else { throw .tooLarge }
        var seen: Set<String> = []
        for entry in entries {
            guard isSafe(entry.path) else { throw .unsafePath(entry.path) }
            guard seen.insert(entry.path).inserted else { throw .duplicate(entry.path) }
        }
        var output = Data()
        // One allocation for the whole archive instead of a copy at every doubling.
        output.reserveCapacity(entries.reduce(22) { $0 + 30 + $1.path.utf8.count + $1.payload.count })
        var central = Data()
        for entry in entries {
            let (crc, method, payload) = (entry.crc, entry.method, entry.payload)
            let name = Data(entry.path.utf8)
            guard output.count < 0xFFFF_FFFF - payload.count - 100, entry.size < 0xFFFF_FFFF else { throw .tooLarge }
            let offset = UInt32(output.count)
            // Bit 11: names are UTF-8.
            let flags: UInt16 = entry.path.utf8.contains(where: { $0 >= 0x80 }) ? 0x0800 : 0

            output.append(le32: 0x0403_4B50)
            output.append(le16: 20)
            output.append(le16: flags)
            output.append(le16: method)
            output.append(le16: dosTime)
            output.append(le16: dosDate)
            output.append(le32: crc)
            output.append(le32: UInt32(payload.count))
            output.append(le32: UInt32(entry.size))
            output.append(le16: UInt16(name.count))
            output.append(le16: 0)
            output.append(name)
            output.append(payload)

            central.append(le32: 0x0201_4B50)
            central.append(le16: (3 << 8) | 20)  // made by Unix, spec 2.0
            central.append(le16: 20)
            central.append(le16: flags)
            central.append(le16: method)
            central.append(le16: dosTime)
            central.append(le16: dosDate)
            central.append(le32: crc)
            central.append(le32: UInt32(payload.count))
            central.append(le32: UInt32(entry.size))
            central.append(le16: UInt16(name.count))
            central.append(le16: 0)
            central.append(le16: 0)
            central.append(le16: 0)
            central.append(le16: 0)
            central.append(le32: 0o100644 << 16)  // a regular file, rw-r--r--
            central.append(le32: offset)
            central.append(name)
        }
        let centralOffset = UInt32(output.count)
        output.append(central)
        output.append(le32: 0x0605_4B50)
        output.append(le16: 0)
        output.append(le16: 0)
        output.append(le16: UInt16(entries.count))
        output.append(le16: UInt16(entries.count))
        output.append(le32: UInt32(central.count))
        output.append(le32: centralOffset)
        output.append(le16: 0)
        return output
    }

    /// Relative, forward-slash, no `..`, no empty or dot segment, no drive letter.
    public static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains(":"),
              !path.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    static func crc32(of data: Data) -> UInt32 {
        data.withUnsafeBytes { buffer in UInt32(libdeflate_crc32(0, buffer.baseAddress, buffer.count)) }
    }

    /// Raw DEFLATE (no zlib header) at level 6, zip's default: libdeflate is about twice zlib's speed there
    /// for the same size (measured on the benchmark course and the facilitateur course, docs/performance.md).
    static func deflate(_ data: Data) throws(Failure) -> Data {
        guard let compressor = libdeflate_alloc_compressor(6) else { throw .deflate(-1) }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_deflate_compress_bound(compressor, data.count)
        var output = Data(count: bound)
        let written = data.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                libdeflate_deflate_compress(compressor, input.baseAddress, input.count, out.baseAddress, out.count)
            }
        }
        // 0 means the bound was too small, which libdeflate's own bound rules out.
        guard written > 0 || data.isEmpty else { throw .deflate(-2) }
        return output.prefix(written)
    }
}

extension Data {
    mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    mutating func append(le32 value: UInt32) {
        append(le16: UInt16(value & 0xFFFF))
        append(le16: UInt16(value >> 16))
    }
}
