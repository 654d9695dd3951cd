import Foundation
import SCORMRuntime

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

    /// A batch without array entries, validated before it reaches the writer: each element with its error, if
    /// any, and the session time it reports. Only array entries depend on other elements (gaps, `_count`, ids
    /// first, interaction types), so such a batch is validated element by element, without the attempt's values;
    /// what is left for the writer is the sequence check against the stored values.
    struct Prepared: Sendable, Equatable {
        struct Entry: Sendable, Equatable {
            let element: String
            let value: String
            let error: ElementError?
            let sessionSeconds: Double
        }
        /// In the canonical order when two or more have errors, so that errors come out in that order.
        let entries: [Entry]
    }

    /// nil when the batch has an array entry: it is then merged in order against the stored values.
    func prepare(_ batch: CommitBatch) -> Prepared? {
        guard !batch.values.keys.contains(where: ElementOrder.hasIndex) else { return nil }
        var entries: [Prepared.Entry] = []
        entries.reserveCapacity(batch.values.count)
        var errors = 0
        for (element, value) in batch.values {
            let error = check(element, value, current: [:])
            if error != nil { errors += 1 }
            let seconds = error == nil && Self.isSessionTime(element) ? Self.sessionSeconds(value) : 0
            entries.append(Prepared.Entry(element: element, value: value, error: error, sessionSeconds: seconds))
        }
        if errors > 1 {
            let order = ElementOrder.sorted(entries.map(\.element))
            let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            entries.sort { rank[$0.element]! < rank[$1.element]! }
        }
        return Prepared(entries: entries)
    }

    /// The writer's part of a prepared batch: an element whose stored value is newer is left alone.
    func merge(_ prepared: Prepared, seq: Int, current: [String: StoredValue]) -> Merge {
        var merge = Merge()
        var stale = 0
        for entry in prepared.entries {
            if let stored = current[entry.element], stored.seq > seq {
                stale += 1
                continue
            }
            if let error = entry.error {
                merge.errors.append(error)
                continue
            }
            merge.writes[entry.element] = entry.value
            merge.sessionSeconds += entry.sessionSeconds
        }
        merge.applied = !merge.writes.isEmpty || (prepared.entries.isEmpty && stale == 0)
        return merge
    }

    /// `alwaysOrdered` sends every batch through the ordered path, so that tests can compare the two.
    func merge(_ batch: CommitBatch, current: [String: StoredValue], alwaysOrdered: Bool = false) -> Merge {
        if !alwaysOrdered, let prepared = prepare(batch) { return merge(prepared, seq: batch.seq, current: current) }
        var merge = Merge()
        var state = current.mapValues(\.value)
        var stale = 0
        for element in ElementOrder.sorted(batch.values.keys) {
            let value = batch.values[element]!
            if let stored = current[element], stored.seq > batch.seq {
                stale += 1
                continue
            }
            if let error = check(element, value, current: state) {
                merge.errors.append(error)
                continue
            }
            state[element] = value
            merge.writes[element] = value
            for update in validator.countUpdates(afterSetting: element) {
                let count = max(update.count, Int(state[update.element] ?? "0") ?? 0)
                state[update.element] = String(count)
                merge.writes[update.element] = String(count)
            }
            if Self.isSessionTime(element) {
                merge.sessionSeconds += Self.sessionSeconds(value)
            }
        }
        merge.applied = !merge.writes.isEmpty || (batch.values.isEmpty && stale == 0)
        return merge
    }

    /// The element's own checks first (unknown, read-only…), then NUL, as the browser runtime orders them.
    private func check(_ element: String, _ value: String, current: [String: String]) -> ElementError? {
        if let error = validator.validateSet(element: element, value: value, current: current) {
            return ElementError(element: element, code: error.code, message: error.message)
        }
        guard value.utf8.contains(0) else { return nil }
        let message = "\(element) must not contain a NUL character"
        let error = validator.version == .scorm12 ? CMIError.incorrectDataType(message) : CMIError.typeMismatch(message)
        return ElementError(element: element, code: error.code, message: error.message)
    }

    private static func sessionSeconds(_ value: String) -> Double {
        TotalTime.clamped(CMIFormats.seconds(in: value) ?? 0)
    }

    private static func isSessionTime(_ element: String) -> Bool {
        element == "cmi.core.session_time" || element == "cmi.session_time"
    }
}

/// The order elements of one batch are applied in, whatever order the JSON object had: arrays by index, and
/// inside an array entry `id` first then `type`, as the data model's dependencies require.
/// Names are compared part by part on their bytes, without splitting them: splitting showed in commit profiles.
enum ElementOrder {
    static func sorted(_ elements: some Sequence<String>) -> [String] {
        var names = Array(elements)
        guard names.count > 1 else { return names }
        names.sort { left, right in
            var left = left, right = right
            return left.withUTF8 { l in right.withUTF8 { r in precedes(l, r) } }
        }
        return names
    }

    /// Whether a part of the name starts with a digit: only such a name can be an array entry.
    static func hasIndex(_ name: String) -> Bool {
        var previous = UInt8(ascii: ".")
        for byte in name.utf8 {
            if previous == UInt8(ascii: "."), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { return true }
            previous = byte
        }
        return false
    }

    /// Part by part (empty parts are skipped): two numbers by value, otherwise `id` before `type` before the
    /// rest, then bytes; a name whose parts all match another's first parts comes first.
    static func precedes(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        var l = nextPart(left, from: 0)
        var r = nextPart(right, from: 0)
        while let lp = l, let rp = r {
            let a = UnsafeBufferPointer(rebasing: left[lp]), b = UnsafeBufferPointer(rebasing: right[rp])
            if !a.elementsEqual(b) {
                if let x = DecimalInteger.parse(a), let y = DecimalInteger.parse(b) { return x < y }
                let ra = rank(a), rb = rank(b)
                return ra != rb ? ra < rb : a.lexicographicallyPrecedes(b)
            }
            l = nextPart(left, from: lp.upperBound)
            r = nextPart(right, from: rp.upperBound)
        }
        return l == nil && r != nil
    }

    /// The next non-empty part at or after `start`.
    private static func nextPart(_ name: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        var begin = start
        while begin < name.count, name[begin] == UInt8(ascii: ".") { begin += 1 }
        guard begin < name.count else { return nil }
        var end = begin
        while end < name.count, name[end] != UInt8(ascii: ".") { end += 1 }
        return begin..<end
    }

    private static func rank(_ part: UnsafeBufferPointer<UInt8>) -> Int {
        part.elementsEqual("id".utf8) ? 0 : part.elementsEqual("type".utf8) ? 1 : 2
    }
}

extension CommitMerger {
    /// The most an attempt's stored values may take, encoded (`AttemptValues`). A batch that would pass it is refused
    /// whole (every element it would have set gets a general failure); the attempt keeps what it had. It bounds what
    /// one commit rewrites and keeps every row far from the databases' limits.
    static let maximumAttemptBytes = 4 << 20

    /// A request merged into an attempt's values (`currentSize`: their encoded size), within the attempt's bound:
    /// the merge, and the encoded size the values will have. Every backend merges through here.
    static func boundedMerge(_ request: CommitRequest, current: [String: StoredValue], currentSize: Int) -> (Merge, Int) {
        let merger = CommitMerger(validator: CMIValidator(version: request.cmiVersion))
        let merge = request.prepared.map { merger.merge($0, seq: request.batch.seq, current: current) }
            ?? merger.merge(request.batch, current: current)
        var size = currentSize
        for (element, value) in merge.writes {
            if let old = current[element] { size -= AttemptValues.size(element, old) }
            size += AttemptValues.size(element, StoredValue(value: value, seq: request.batch.seq))
        }
        guard size > maximumAttemptBytes else { return (merge, size) }
        return (refusedForSize(merge, version: request.cmiVersion), currentSize)
    }

    /// Every element the batch would have set is refused; nothing is written and no session time counts.
    private static func refusedForSize(_ merge: Merge, version: SCORMStandard) -> Merge {
        var refused = merge
        let limit = "\(maximumAttemptBytes >> 20) MiB"
        for element in ElementOrder.sorted(merge.writes.keys) {
            let message = "\(element) was not stored: this attempt's data would pass the server's limit of \(limit)."
            let error = version == .scorm12 ? CMIError.generalException(message) : CMIError.generalSetFailure(message)
            refused.errors.append(ElementError(element: element, code: error.code, message: error.message))
        }
        refused.writes = [:]
        refused.sessionSeconds = 0
        refused.applied = false
        return refused
    }
}

/// A stored element value and the sequence number of the batch that set it.
struct StoredValue: Sendable, Equatable {
    let value: String
    let seq: Int
}
