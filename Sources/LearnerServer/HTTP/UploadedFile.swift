import Foundation
import Hummingbird
#if canImport(Glibc)
import Glibc
#endif

/// A request body received into a temporary file, hashed as it arrives: a package upload is never held in memory
/// whole, and a body past the limit is refused as soon as it passes it (or at once, from its `Content-Length`).
struct UploadedFile {
    let url: URL
    let size: Int
    /// Hex SHA-256 of the body.
    let sha256: String

    static func receive(_ request: Request, into folder: URL, limit: Int) async throws -> UploadedFile {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw tooLarge(limit)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("upload-\(UUID().uuidString)")
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        var closed = false
        defer { if !closed { close(descriptor) } }
        do {
            let hash = SHA256Stream()
            var size = 0
            for try await buffer in request.body {
                size += buffer.readableBytes
                guard size <= limit else { throw tooLarge(limit) }
                try buffer.withUnsafeReadableBytes { bytes in
                    hash.update(bytes)
                    var done = 0
                    while done < bytes.count {
                        let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                        if written < 0, errno == EINTR { continue }
                        guard written > 0 else { throw CocoaError(.fileWriteOutOfSpace) }
                        done += written
                    }
                }
            }
            close(descriptor)
            closed = true
            return UploadedFile(url: url, size: size, sha256: hash.finish())
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "body_too_large", "the package is larger than \(limit) bytes")
    }
}
