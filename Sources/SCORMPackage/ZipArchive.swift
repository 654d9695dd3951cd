import CLibDeflate
import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Random access to an archive's bytes: in memory, or a file read with `pread` so that a 200 MiB upload is never
/// held in memory whole.
public protocol ZipSource {
    var size: Int { get }
    /// The `count` bytes at `offset`, which the caller keeps within `size`.
    func bytes(at offset: Int, count: Int) throws(ZipReader.Failure) -> [UInt8]
}

public struct ZipMemorySource: ZipSource {
    let storage: [UInt8]

    public init(_ data: Data) {
        storage = [UInt8](data)
    }

    public var size: Int { storage.count }

    public func bytes(at offset: Int, count: Int) throws(ZipReader.Failure) -> [UInt8] {
        guard offset >= 0, count >= 0, offset + count <= storage.count else { throw .truncated }
        return Array(storage[offset..<(offset + count)])
    }
}

/// An archive in a file, read in place.
public final class ZipFileSource: ZipSource {
    private let descriptor: Int32
    public let size: Int

    public init(path: String) throws(ZipReader.Failure) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .notAZip }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw .notAZip
        }
        size = Int(info.st_size)
    }

    deinit {
        close(descriptor)
    }

    public func bytes(at offset: Int, count: Int) throws(ZipReader.Failure) -> [UInt8] {
        guard offset >= 0, count >= 0, offset + count <= size else { throw .truncated }
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let read = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + done, count - done, off_t(offset + done))
            }
            if read < 0, errno == EINTR { continue }
            guard read > 0 else { throw .truncated }
            done += read
        }
        return buffer
    }
}

/// A zip archive someone else made — possibly hostile. Opening it reads and checks the central directory only:
/// every name (no escape from the folder it is unpacked to, no file that is also a folder, lengths every file
/// system takes), sizes, ratios and methods. Entries are then inflated one at a time, in chunks, with their size
/// and CRC checked as they stream.
public struct ZipArchive<Source: ZipSource> {
    public struct Member: Sendable {
        public let path: String
        let method: Int
        let crc: UInt32
        let compressed: Int
        public let uncompressed: Int
        let localOffset: Int
    }

    /// The file entries (folders are implied by paths), in archive order.
    public let members: [Member]
    let source: Source
    static var chunk: Int { 64 << 10 }

    public init(_ source: Source, limits: ZipReader.Limits = .init()) throws(ZipReader.Failure) {
        self.source = source
        guard source.size >= 22 else { throw .notAZip }
        let tailStart = max(0, source.size - 22 - 0xFFFF)
        let tail = try source.bytes(at: tailStart, count: source.size - tailStart)
        guard let endInTail = Self.findEndOfCentralDirectory(tail) else {
            throw try source.bytes(at: 0, count: 2) == [0x50, 0x4B] ? .truncated : .notAZip
        }
        let end = tailStart + endInTail
        let count = Int(Self.le16(tail, endInTail + 10))
        let centralSize = Int(Self.le32(tail, endInTail + 12))
        let centralOffset = Int(Self.le32(tail, endInTail + 16))
        if count == 0xFFFF || centralOffset == 0xFFFF_FFFF { throw .tooManyEntries(count, limit: limits.maximumEntries) }
        guard count <= limits.maximumEntries else { throw .tooManyEntries(count, limit: limits.maximumEntries) }
        guard centralOffset + centralSize <= end else { throw .truncated }
        let central = try source.bytes(at: centralOffset, count: centralSize)

        var members: [Member] = []
        var declaredTotal = 0
        var files: Set<String> = []
        var folders: Set<String> = []
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= central.count, Self.le32(central, position) == 0x0201_4B50 else { throw .truncated }
            let madeBy = Self.le16(central, position + 4)
            let flags = Self.le16(central, position + 8)
            let method = Int(Self.le16(central, position + 10))
            let crc = Self.le32(central, position + 16)
            let compressed = Int(Self.le32(central, position + 20))
            let uncompressed = Int(Self.le32(central, position + 24))
            let nameLength = Int(Self.le16(central, position + 28))
            let extraLength = Int(Self.le16(central, position + 30))
            let commentLength = Int(Self.le16(central, position + 32))
            let external = Self.le32(central, position + 38)
            let localOffset = Int(Self.le32(central, position + 42))
            guard position + 46 + nameLength <= central.count else { throw .truncated }
            let rawName = Array(central[(position + 46)..<(position + 46 + nameLength)])
            let decoded = ZipReader.entryName(rawName, flaggedUTF8: flags & 0x800 != 0)
            position += 46 + nameLength + extraLength + commentLength

            try ZipReader.check(name: decoded)
            let name = ZipReader.normalised(decoded)
            try Self.checkLengths(name)
            // Unix mode in the high half of the external attributes: S_IFLNK.
            if madeBy >> 8 == 3, (external >> 16) & 0o170000 == 0o120000 { throw .symbolicLink(name) }
            let components = name.split(separator: "/")
            // Every folder above the entry, and the entry itself when it is a folder.
            for depth in 1..<(components.count + (name.hasSuffix("/") ? 1 : 0)) {
                folders.insert(components.prefix(depth).joined(separator: "/"))
            }
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
            // Swift compares names by canonical equivalence: two spellings that unpack to one NFC name are one.
            guard files.insert(name).inserted else { throw .duplicate(name) }
            members.append(Member(path: name, method: method, crc: crc, compressed: compressed, uncompressed: uncompressed,
                                  localOffset: localOffset))
        }
        if let clash = members.first(where: { folders.contains($0.path) }) { throw .fileAndFolder(clash.path) }
        self.members = members
    }

    /// A member's bytes, in memory: for the manifest and small files.
    public func data(of member: Member) throws(ZipReader.Failure) -> Data {
        var data = Data(capacity: member.uncompressed)
        try stream(member) { chunk in data.append(contentsOf: chunk) }
        return data
    }

    /// Writes a member to a new file at `path`, a chunk at a time; refuses an existing file.
    public func extract(_ member: Member, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ExtractionError(path: member.path, code: errno) }
        defer { close(descriptor) }
        var writeError: Int32 = 0
        try stream(member) { chunk in
            guard writeError == 0 else { return }
            var done = 0
            while done < chunk.count {
                let written = write(descriptor, chunk.baseAddress! + done, chunk.count - done)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else {
                    writeError = errno
                    return
                }
                done += written
            }
        }
        if writeError != 0 { throw ExtractionError(path: member.path, code: writeError) }
    }

    /// A file that could not be written while unpacking: the server's fault (disk full, permissions), not the
    /// package's.
    public struct ExtractionError: Error, CustomStringConvertible {
        public let path: String
        public let code: Int32
        public var description: String { "could not write '\(path)': \(String(cString: strerror(code)))" }
    }

    /// Hands the member's uncompressed bytes to `body` in chunks, then checks their size and CRC. Inflates at most
    /// one chunk more than declared: a lying header is caught, not obeyed.
    func stream(_ member: Member, _ body: (UnsafeRawBufferPointer) -> Void) throws(ZipReader.Failure) {
        let local = try source.bytes(at: member.localOffset, count: 30)
        guard Self.le32(local, 0) == 0x0403_4B50 else { throw .truncated }
        let dataStart = member.localOffset + 30 + Int(Self.le16(local, 26)) + Int(Self.le16(local, 28))
        guard dataStart + member.compressed <= source.size else { throw .truncated }
        var crc: UInt32 = 0
        var produced = 0
        func emit(_ buffer: UnsafeRawBufferPointer) throws(ZipReader.Failure) {
            produced += buffer.count
            guard produced <= member.uncompressed else { throw .sizeMismatch(member.path) }
            crc = UInt32(libdeflate_crc32(crc, buffer.baseAddress, buffer.count))
            body(buffer)
        }
        if member.method == 0 {
            guard member.compressed == member.uncompressed else { throw .sizeMismatch(member.path) }
            var offset = 0
            while offset < member.compressed {
                let count = min(Self.chunk, member.compressed - offset)
                let bytes = try source.bytes(at: dataStart + offset, count: count)
                try bytes.withUnsafeBytes { raw in Result { () throws(ZipReader.Failure) in try emit(raw) } }.get()
                offset += count
            }
        } else {
            var stream = z_stream()
            guard portail_inflate_init_raw(&stream) == Z_OK else { throw .truncated }
            defer { inflateEnd(&stream) }
            let input = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.chunk)
            let output = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.chunk)
            defer {
                input.deallocate()
                output.deallocate()
            }
            var offset = 0
            while true {
                if stream.avail_in == 0, offset < member.compressed {
                    let count = min(Self.chunk, member.compressed - offset)
                    let bytes = try source.bytes(at: dataStart + offset, count: count)
                    bytes.withUnsafeBufferPointer { input.update(from: $0.baseAddress!, count: count) }
                    offset += count
                    stream.next_in = input
                    stream.avail_in = uInt(count)
                }
                stream.next_out = output
                stream.avail_out = uInt(Self.chunk)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                let made = Self.chunk - Int(stream.avail_out)
                if made > 0 { try emit(UnsafeRawBufferPointer(start: output, count: made)) }
                if status == Z_STREAM_END { break }
                guard status == Z_OK || status == Z_BUF_ERROR else { throw .sizeMismatch(member.path) }
                if made == 0 {
                    // Nothing left to read, or input zlib cannot use: the stream stops before its end.
                    if stream.avail_in == 0 && offset >= member.compressed { throw .sizeMismatch(member.path) }
                    if status == Z_BUF_ERROR && stream.avail_in > 0 { throw .sizeMismatch(member.path) }
                }
            }
        }
        guard produced == member.uncompressed else { throw .sizeMismatch(member.path) }
        guard crc == member.crc else { throw .checksum(member.path) }
    }

    /// Path and component lengths, in bytes of the NFC form the importer writes.
    static func checkLengths(_ name: String) throws(ZipReader.Failure) {
        let nfc = name.precomposedStringWithCanonicalMapping
        guard nfc.utf8.count <= ZipReader.maximumPathLength else {
            throw .nameTooLong(name, limit: ZipReader.maximumPathLength)
        }
        for component in nfc.utf8.split(separator: UInt8(ascii: "/")) where component.count > ZipReader.maximumComponentLength {
            throw .componentTooLong(name, limit: ZipReader.maximumComponentLength)
        }
    }

    private static func findEndOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var index = bytes.count - 22
        while index >= 0 {
            if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x05, bytes[index + 3] == 0x06 {
                return index
            }
            index -= 1
        }
        return nil
    }

    static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(le16(bytes, at)) | UInt32(le16(bytes, at + 2)) << 16
    }
}
