/// One quiz question: a prompt, its points, feedback and the answer that depends on its kind.
public struct Question: Sendable, Hashable {
    public let id: String
    /// Markdown.
    public let prompt: String
    public let points: Double
    public let feedback: Feedback?
    /// Shuffle choices, pairs or items when shown.
    public let shuffle: Bool
    public let answer: Answer

    public init(id: String, prompt: String, points: Double, feedback: Feedback?, shuffle: Bool, answer: Answer) {
        self.id = id
        self.prompt = prompt
        self.points = points
        self.feedback = feedback
        self.shuffle = shuffle
        self.answer = answer
    }

    public struct Feedback: Sendable, Hashable {
        /// Markdown shown after a right answer.
        public let correct: String
        /// Markdown shown after a wrong answer.
        public let incorrect: String

        public init(correct: String, incorrect: String) {
            self.correct = correct
            self.incorrect = incorrect
        }
    }

    public struct Choice: Sendable, Hashable {
        public let id: String
        public let text: String
        public let isCorrect: Bool

        public init(id: String, text: String, isCorrect: Bool) {
            self.id = id
            self.text = text
            self.isCorrect = isCorrect
        }
    }

    public struct Pair: Sendable, Hashable {
        public let source: String
        public let target: String

        public init(source: String, target: String) {
            self.source = source
            self.target = target
        }
    }

    public enum Numeric: Sendable, Hashable {
        case exact(Double)
        /// Inclusive.
        case range(min: Double, max: Double)

        public func accepts(_ value: Double) -> Bool {
            switch self {
            case .exact(let expected): return value == expected
            case .range(let low, let high): return value >= low && value <= high
            }
        }
    }

    public enum Answer: Sendable, Hashable {
        case single([Choice])
        case multiple([Choice])
        case trueFalse(Bool)
        case fillIn(accepted: [String], caseSensitive: Bool)
        case matching([Pair])
        /// Items in the correct order.
        case ordering([String])
        case numeric(Numeric)

        /// The word used for `type:` in quiz files.
        public var typeName: String {
            switch self {
            case .single: return "single"
            case .multiple: return "multiple"
            case .trueFalse: return "true-false"
            case .fillIn: return "fill-in"
            case .matching: return "matching"
            case .ordering: return "ordering"
            case .numeric: return "numeric"
            }
        }
    }

    public static let typeNames = ["single", "multiple", "true-false", "fill-in", "matching", "ordering", "numeric"]
}
