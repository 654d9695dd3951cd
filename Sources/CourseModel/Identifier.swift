/// Rules for the ids that become SCORM identifiers and progress keys.
public enum Identifier {
    public static let maximumLength = 64

    /// `nil` when valid, else why not.
    public static func problem(with id: String) -> String? {
        if id.isEmpty { return "must not be empty" }
        if id.count > maximumLength { return "is longer than \(maximumLength) characters" }
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        let allowed = groups.allSatisfy { group in
            !group.isEmpty && group.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
        return allowed ? nil : "may contain only lowercase letters a-z, digits and single hyphens between them"
    }

    public static func isValid(_ id: String) -> Bool { problem(with: id) == nil }
}
