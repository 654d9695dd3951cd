import CourseModel
import Foundation

/// The longest suspend data a SCO can produce, from the encoding in docs/export.md, so that a build fails
/// before an LMS silently truncates a learner's answers.
public enum SuspendDataBudget {
    /// Submissions are counted up to `zz` in base 36.
    static let maximumSubmissionDigits = 2
    /// `%XX`: the longest a single typed character can become.
    static let escapedCharacterLength = 3

    public static func worstCase(pages: Int, quiz: Quiz?) -> Int {
        // "1|" + pages + "|" + quiz state + "|" + answers
        var length = 2 + bitSetDigits(pages) + 1 + 1 + maximumSubmissionDigits + 1
        guard let quiz else { return length }
        length += max(0, quiz.questions.count - 1)
        for question in quiz.questions {
            length += worstAnswer(question.answer)
        }
        return length
    }

    static func worstAnswer(_ answer: Question.Answer) -> Int {
        switch answer {
        case .single(let choices): return base36Digits(choices.count - 1)
        case .multiple(let choices): return bitSetDigits(choices.count)
        case .trueFalse: return 1
        case .fillIn: return SCODescription.fillInMaxLength * escapedCharacterLength
        case .numeric: return SCODescription.numericMaxLength * escapedCharacterLength
        case .matching(let pairs): return pairs.count * max(1, base36Digits(pairs.count - 1))
        case .ordering(let items): return items.count * base36Digits(items.count - 1)
        }
    }

    /// Digits of a non-negative integer in base 36 (`0` has one digit).
    static func base36Digits(_ value: Int) -> Int {
        String(max(0, value), radix: 36).count
    }

    /// Digits of 2ⁿ − 1 (every bit set) in base 36.
    static func bitSetDigits(_ bits: Int) -> Int {
        guard bits > 0 else { return 1 }
        if bits < Int.bitWidth - 1 { return base36Digits((1 << bits) - 1) }
        // 2ⁿ − 1 and 2ⁿ have as many base-36 digits: no power of 36 is a power of 2.
        return Int((Double(bits) * log(2) / log(36)).rounded(.down)) + 1
    }
}
