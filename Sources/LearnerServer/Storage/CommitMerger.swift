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
    /// One part of a dotted name, read once: its number if it is one, its rank, its bytes.
    struct Part {
        let bytes: Substring.UTF8View
        let number: Int?
        let rank: Int

        init(_ bytes: Substring.UTF8View) {
            self.bytes = bytes
            // Only parts that start like a number can be one.
            number = bytes.first.map(ElementOrder.startsNumber) == true ? Int(Substring(bytes)) : nil
            rank = bytes.elementsEqual("id".utf8) ? 0 : bytes.elementsEqual("type".utf8) ? 1 : 2
        }
    }

    /// Splits every name once (on bytes: splitting on Characters showed in profiles), then sorts indices.
    static func sorted(_ elements: some Sequence<String>) -> [String] {
        let names = Array(elements)
        guard names.count > 1 else { return names }
        let parts = names.map(parts)
        return names.indices.sorted { precedes(parts[$0], parts[$1]) }.map { names[$0] }
    }

    static func parts(_ name: String) -> [Part] {
        name.utf8.split(separator: UInt8(ascii: ".")).map(Part.init)
    }

    /// Names compare part by part: two numbers by value, otherwise `id` before `type` before the rest, then bytes.
    static func precedes(_ left: [Part], _ right: [Part]) -> Bool {
        for (l, r) in zip(left, right) where !l.bytes.elementsEqual(r.bytes) {
            if let x = l.number, let y = r.number { return x < y }
            return l.rank != r.rank ? l.rank < r.rank : l.bytes.lexicographicallyPrecedes(r.bytes)
        }
        return left.count < right.count
    }

    static func startsNumber(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }
}
