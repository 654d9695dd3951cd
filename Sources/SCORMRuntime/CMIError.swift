import Foundation

/// Why a SCO's `SetValue` of one data model element was refused: the run-time error code of the package's SCORM
/// version (as `GetLastError` would report it) and a short English sentence naming the element and what was expected.
///
/// The same number can mean different things in the two standards (401 is "not implemented" in SCORM 1.2 and
/// "undefined data model element" in SCORM 2004), so the constructors are named after the standard's wording and
/// grouped by version.
public struct CMIError: Error, Equatable, Sendable, Codable {
    public let code: Int
    public let message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
}

// MARK: - SCORM 1.2 (LMSGetLastError codes)

extension CMIError {
    /// 101 — general exception: the LMS could not store the value for a reason of its own.
    public static func generalException(_ message: String) -> CMIError { CMIError(code: 101, message: message) }

    /// 201 — the element name is malformed (empty, bad array index) or an array index skips entries.
    public static func invalidArgument(_ message: String) -> CMIError { CMIError(code: 201, message: message) }

    /// 402 — `_children`, `_count` and `_version` are keywords and cannot be set.
    public static func elementIsKeyword(_ message: String) -> CMIError { CMIError(code: 402, message: message) }

    /// 403 — the element is read-only.
    public static func elementIsReadOnly(_ message: String) -> CMIError { CMIError(code: 403, message: message) }

    /// 405 — the value is not of the element's data type, vocabulary or range.
    public static func incorrectDataType(_ message: String) -> CMIError { CMIError(code: 405, message: message) }
}

// MARK: - SCORM 2004 (GetLastError codes)

extension CMIError {
    /// 351 — general set failure: an array index skips entries, an identifier is not unique or would change,
    /// too many correct responses for the interaction type, or no element name at all.
    public static func generalSetFailure(_ message: String) -> CMIError { CMIError(code: 351, message: message) }

    /// 401 — the element is not defined by the SCORM 2004 data model.
    public static func undefinedElement(_ message: String) -> CMIError { CMIError(code: 401, message: message) }

    /// 402 — the element is defined by SCORM 2004 but this LMS does not implement it.
    public static func unimplementedElement(_ message: String) -> CMIError { CMIError(code: 402, message: message) }

    /// 404 — the element (or keyword) is read-only.
    public static func readOnly(_ message: String) -> CMIError { CMIError(code: 404, message: message) }

    /// 406 — the value does not have the element's format or vocabulary.
    public static func typeMismatch(_ message: String) -> CMIError { CMIError(code: 406, message: message) }

    /// 407 — the value has the right format but is outside the element's range.
    public static func valueOutOfRange(_ message: String) -> CMIError { CMIError(code: 407, message: message) }

    /// 408 — an element this one depends on (an entry's `id`, an interaction's `type`) has not been set yet.
    public static func dependencyNotEstablished(_ message: String) -> CMIError { CMIError(code: 408, message: message) }
}
