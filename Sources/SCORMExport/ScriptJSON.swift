import Foundation

/// JSON to embed in an HTML `<script>` element: every `<` is written `\\u003c`, so the text can never close the
/// element (`</script>`) or open a comment, whatever the course or the learner typed.
public enum ScriptJSON {
    public static func encode<T: Encodable>(_ value: T, with encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
