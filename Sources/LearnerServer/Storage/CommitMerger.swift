import Foundation

/// Merges a batch into an attempt's stored values: validates each element against the data model, never lets
/// an older sequence number overwrite a newer one, and keeps `_count` elements in step with the arrays.
struct CommitMerger {
    let validator: CMIValidator

    struct Merge: Equatable {
        /// element → value to store (with the batch's sequence number).
        var writes: [String: String] = [:]
        var errors: [ElementError] = []
        var applied = false
        /// Session time the batch reports, counted once.
        var sessionSeconds: Double = 0
    }

    func merge(_ batch: CommitBatch, current: [String: StoredValue]) -> Merge {
        var merge = Merge()
        var state = current.mapValues(\.value)
        var stale = 0
        for element in ElementOrder.sorted(batch.values.keys) {
            let value = batch.values[element]!
            if let stored = current[element], stored.seq > batch.seq {
                stale += 1
                continue
            }
            if value.unicodeScalars.contains("\u{0}") {
                let message = "\(element) must not contain a NUL character"
                let error = validator.version == .scorm12 ? CMIError.incorrectDataType(message) : CMIError.typeMismatch(message)
                merge.errors.append(ElementError(element: element, code: error.code, message: error.message))
                continue
            }
            if let error = validator.validateSet(element: element, value: value, current: state) {
                merge.errors.append(ElementError(element: element, code: error.code, message: error.message))
                continue
            }
            state[element] = value
            merge.writes[element] = value
            for update in validator.countUpdates(afterSetting: element) {
                let count = max(update.count, Int(state[update.element] ?? "0") ?? 0)
                state[update.element] = String(count)
                merge.writes[update.element] = String(count)
            }
            if element == "cmi.core.session_time" || element == "cmi.session_time" {
                merge.sessionSeconds += CMIFormats.seconds(in: value) ?? 0
            }
        }
        merge.applied = !merge.writes.isEmpty || (batch.values.isEmpty && stale == 0)
        return merge
    }
}

/// The order elements of one batch are applied in, whatever order the JSON object had: arrays by index, and
/// inside an array entry `id` first then `type`, as the data model's dependencies require.
enum ElementOrder {
    /// Splits every name once, then sorts.
    static func sorted(_ elements: some Sequence<String>) -> [String] {
        elements.map { ($0, $0.split(separator: ".")) }
            .sorted { precedes($0.1, $1.1) }
            .map(\.0)
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        precedes(a.split(separator: "."), b.split(separator: "."))
    }

    static func precedes(_ left: [Substring], _ right: [Substring]) -> Bool {
        // Parts compared as bytes: element names are ASCII, and String's Unicode-aware comparison of Substrings
        // made this sort cost more than validating the batch.
        for (l, r) in zip(left, right) where !l.utf8.elementsEqual(r.utf8) {
            // Only parts that start like a number can be one.
            if l.utf8.first.map(startsNumber) == true, r.utf8.first.map(startsNumber) == true, let x = Int(l), let y = Int(r) {
                return x < y
            }
            let (a, b) = (rank(l), rank(r))
            return a != b ? a < b : l.utf8.lexicographicallyPrecedes(r.utf8)
        }
        return left.count < right.count
    }

    private static func startsNumber(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func rank(_ part: Substring) -> Int {
        if part.utf8.elementsEqual("id".utf8) { return 0 }
        if part.utf8.elementsEqual("type".utf8) { return 1 }
        return 2
    }
}
