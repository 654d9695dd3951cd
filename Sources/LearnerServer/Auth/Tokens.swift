import CCrypto
import Foundation

/// Bearer tokens: 256 random bits, shown once, stored only as their SHA-256.
public enum Tokens {
    /// A new token, URL-safe, with a prefix that tells admin and learner tokens apart in logs.
    public static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "\(prefix)_\(encoded)"
    }

    /// Hex SHA-256. Tokens carry 256 bits of entropy, so a fast hash is enough: there is nothing to brute-force.
    public static func hash(_ token: String) -> String { sha256(Data(token.utf8)) }

    /// Hex SHA-256 of any bytes (package content hashes too).
    public static func sha256(_ data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = data.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                SHA256(input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, output.baseAddress)
            }
        }
        return hex(digest)
    }

    static func hex(_ digest: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: digest.count * 2)
        for (index, byte) in digest.enumerated() {
            text[2 * index] = hex[Int(byte >> 4)]
            text[2 * index + 1] = hex[Int(byte & 0x0F)]
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Compares without an early exit, so timing says nothing about how much matched.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// SHA-256 of bytes that arrive in pieces (an upload being received).
final class SHA256Stream {
    private let context: OpaquePointer

    init() {
        context = EVP_MD_CTX_new()
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
    }

    /// The hex digest; the stream is spent.
    func finish() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Tokens.hex(Array(digest.prefix(Int(length))))
    }
}
