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
        for (l, r) in zip(left, right) where l != r {
            switch (Int(l), Int(r)) {
            case let (x?, y?): return x < y
            default: return rank(l) != rank(r) ? rank(l) < rank(r) : l < r
            }
        }
        return left.count < right.count
    }

    private static func rank(_ part: Substring) -> Int {
        switch part {
        case "id": return 0
        case "type": return 1
        default: return 2
        }
    }
}
