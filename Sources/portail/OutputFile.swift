import Foundation

/// Writes a package next to its destination and renames it into place, so that an LMS administrator never
/// picks up half a zip. No fsync, unlike `Data.write(options: .atomic)`: a package can be built again, and
/// flushing it to disk was most of the time a build spent after its last byte (zip does not either).
enum OutputFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ data: Data, to destination: URL) throws(Failure) {
        let folder = destination.deletingLastPathComponent().path
        let temporary = folder + "/.\(destination.lastPathComponent).\(UUID().uuidString).part"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        let status: Int32 = data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += count
            }
            return 0
        }
        let closed = close(descriptor)
        guard status == 0, closed == 0, rename(temporary, destination.path) == 0 else {
            let reason = String(cString: strerror(status != 0 ? status : errno))
            unlink(temporary)
            throw Failure(description: "cannot write \(destination.path): \(reason)")
        }
    }
}
