import Foundation

/// JSON to embed in an HTML `<script>` element: every `<` is written `\\u003c`, so the text can never close the
/// element (`</script>`) or open a comment, whatever the course or the learner typed.
public enum ScriptJSON {
    public static func encode<T: Encodable>(_ value: T, with encoder: JSONEncoder) throws -> String {
        let json = try encoder.encode(value)
        // On the bytes: `<` is ASCII and never part of a multi-byte UTF-8 sequence, and Foundation's
        // replacingOccurrences cost more than the encoding itself on every SCO page.
        let escape = Array("\\u003c".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(json.count + 64)
        for byte in json {
            if byte == UInt8(ascii: "<") { bytes.append(contentsOf: escape) } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
