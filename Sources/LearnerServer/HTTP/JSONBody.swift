import Foundation
import Hummingbird
import NIOCore

/// JSON in and out, with the API's limits and error messages.
enum JSONBody {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(InternetDate.string(from: date))
        }
        return encoder
    }()

    /// RFC 3339 dates, with or without fractional seconds (JavaScript's `toISOString()` has them), read by
    /// `InternetDate`, never by ICU.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            do throws(InternetDate.Failure) {
                return try InternetDate.parse(text)
            } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description,
                                                        underlyingError: error))
            }
        }
        return decoder
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A body already written as JSON.
    static func response(json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// Reads at most `limit` bytes and decodes them, naming the field that is wrong when it is.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = 1 << 20) async throws -> T {
        try decode(T.self, from: try await collect(request, limit: limit))
    }

    /// A commit body: the direct parser for the usual shape, JSONDecoder for anything else.
    static func decodeCommit(from request: Request, limit: Int) async throws -> CommitBatch {
        let buffer = try await collect(request, limit: limit)
        if let batch = buffer.withUnsafeReadableBytes({ CommitBatchDecoder.decode($0) }) { return batch }
        return try decode(CommitBatch.self, from: buffer)
    }

    private static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(limit) bytes")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        let data = Data(buffer: buffer)
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            // Foundation on Linux reports a number that does not fit its field (1.5 for an integer) as invalid JSON,
            // without a path; every number the API reads is a whole number, so the first other one is the culprit.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
               let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
               let field = firstNonInteger(json, path: []) {
                throw APIError.badRequest(field.isEmpty ? "the body must be an object" : "field '\(field)' must be a whole number")
            }
            throw APIError.badRequest(message(for: error))
        } catch {
            throw APIError.badRequest("the body is not valid JSON")
        }
    }

    /// What is wrong, in the API's words: Swift's own descriptions name Swift types ("Dictionary<String, Any>").
    static func message(for error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .valueNotFound(_, let context):
            return context.codingPath.isEmpty ? "the body must not be null" : "field '\(path(context.codingPath))' must not be null"
        case .typeMismatch(let type, let context):
            let expected = kind(of: type)
            return context.codingPath.isEmpty ? "the body must be \(expected)" : "field '\(path(context.codingPath))' must be \(expected)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the body is not valid JSON" }
            if let date = context.underlyingError as? InternetDate.Failure {
                return "field '\(path(context.codingPath))' is not a valid date: \(date.description)"
            }
            return "field '\(path(context.codingPath))' has a value out of range or of the wrong kind"
        @unknown default:
            return "the body is not valid JSON"
        }
    }

    /// The path of the first number in `json` that is not a whole number within 64 bits.
    private static func firstNonInteger(_ json: Any, path: [String]) -> String? {
        switch json {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = firstNonInteger(object[key]!, path: path + [".\(key)"]) { return found }
            }
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstNonInteger(element, path: path + ["[\(index)]"]) { return found }
            }
        case let number as NSNumber:
            let value = number.doubleValue
            if value != value.rounded() || abs(value) >= 9.2e18 { return path.joined().trimmingCharacters(in: ["."]) }
        default:
            break
        }
        return nil
    }

    /// The JSON kind a Swift type is read from.
    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type, is Date.Type: return "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is any Collection.Type where "\(type)".hasPrefix("Dictionary"): return "an object"
        case is any Collection.Type: return "an array"
        default: return "an object"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
}

/// CSV for spreadsheets: RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would run as a formula.
enum CSV {
    static func document(header: [String], rows: [[String]]) -> String {
        Self.rows([header] + rows)
    }

    /// Lines without a header, each ending in CRLF (none when `rows` is empty).
    static func rows(_ rows: [[String]]) -> String {
        rows.map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
    }

    static func cell(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func response(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                        .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
