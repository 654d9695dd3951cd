import Foundation

/// Reads a quiz file and checks that every question can be answered right, and only one way where it must.
struct QuizReader {
    static let quizKeys = ["title", "passingScore", "shuffle", "questions"]
    static let commonKeys = ["id", "type", "prompt", "points", "feedback", "shuffle"]
    static let answerKeys: [String: [String]] = [
        "single": ["choices"], "multiple": ["choices"], "true-false": ["answer"],
        "fill-in": ["answers", "caseSensitive"], "matching": ["pairs"], "ordering": ["items"],
        "numeric": ["answer", "min", "max"],
    ]

    let files: CourseFiles
    let path: String
    let defaultPassingScore: Int
    var allowHTML = false
    let log: DiagnosticLog

    func read() -> Quiz? {
        guard let text = files.text(path) else {
            log.error("the quiz is not readable UTF-8 text", at: SourceLocation(file: path, line: 1, column: 1))
            return nil
        }
        guard let yaml = YAMLValue.parse(text, file: path, log: log),
              let map = MappingReader(yaml, subject: "quiz", allowedKeys: Self.quizKeys, log: log) else { return nil }
        let title = map.text("title", required: false)
        let passingScore = map.integer("passingScore", required: false, range: 0...100,
                                       meaning: "a whole number from 0 to 100") ?? defaultPassingScore
        let shuffle = map.boolean("shuffle", required: false) ?? false
        let items = map.list("questions", required: true, nonEmpty: true) ?? []

        var questions: [Question] = []
        var ids: [String: SourceLocation] = [:]
        let checker = LinkChecker(files: files, folder: CoursePath.folder(of: path), allowHTML: allowHTML, log: log)
        var references: [AssetReference] = []
        let source = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        for item in items {
            references += Self.markdownTexts(of: item).flatMap { text in checkLinks(in: text, with: checker, source: source) }
            guard let (question, idLocation) = readQuestion(item) else { continue }
            if let first = ids[question.id] {
                log.error("duplicate question id '\(question.id)' (also used at line \(first.line))", at: idLocation)
                continue
            }
            ids[question.id] = idLocation
            questions.append(question)
        }
        guard !items.isEmpty, questions.count == items.count else { return nil }
        return Quiz(path: path, title: title, passingScore: passingScore, shuffle: shuffle, questions: questions,
                    references: references)
    }

    /// The texts of a question that are rendered as Markdown, read from the YAML as it is (their errors of
    /// shape are the question reader's): the prompt, the feedback, choices, matching sources, ordering items.
    static func markdownTexts(of question: YAMLValue) -> [YAMLValue] {
        func child(_ value: YAMLValue, _ key: String) -> YAMLValue? {
            guard case .mapping(let pairs, _) = value.node else { return nil }
            return pairs.first { if case .scalar(let name, _) = $0.0 { return name.string == key } else { return false } }
                .map { value.child($0.1) }
        }
        func items(_ value: YAMLValue?) -> [YAMLValue] {
            guard let value, case .sequence(let nodes, _) = value.node else { return [] }
            return nodes.map(value.child)
        }
        var texts = [child(question, "prompt")]
        if let feedback = child(question, "feedback") { texts += [child(feedback, "correct"), child(feedback, "incorrect")] }
        texts += items(child(question, "choices")).map { child($0, "text") }
        texts += items(child(question, "pairs")).map { child($0, "source") }
        texts += items(child(question, "items"))
        return texts.compactMap { $0 }.filter { $0.scalar != nil }
    }

    /// A text's links, placed in the quiz file. YAML folds and unindents what it reads, so a link is placed where
    /// its `[`, `!` or `<` is found: on the scalar's own line (a one-line text) or, for a block (`|`, `>`), on
    /// the line below the `|` plus the link's line, after the block's indentation; else at the text's start.
    private func checkLinks(in text: YAMLValue, with checker: LinkChecker, source: [[Unicode.Scalar]]) -> [AssetReference] {
        guard let scalar = text.scalar else { return [] }
        let start = text.location
        let quoted = !scalar.isPlain
        func holdsLink(_ line: Int, _ column: Int) -> Bool {
            guard line >= 1, line <= source.count, column >= 1, column <= source[line - 1].count else { return false }
            return ["[", "!", "<"].contains(source[line - 1][column - 1])
        }
        func indentation(_ line: Int) -> Int {
            guard line >= 1, line <= source.count else { return 0 }
            return source[line - 1].prefix { $0 == " " }.count
        }
        return checker.check(scalar.string) { link in
            let flow = (line: start.line, column: start.column + link.column - (quoted ? 0 : 1))
            // A block's text is unindented by its first line's indentation.
            let block = (line: start.line + link.line, column: indentation(start.line + 1) + link.column)
            for candidate in link.line == 1 ? [flow, block] : [block] where holdsLink(candidate.line, candidate.column) {
                return SourceLocation(file: start.file, line: candidate.line, column: candidate.column)
            }
            return start
        }
    }

    private func readQuestion(_ value: YAMLValue) -> (Question, SourceLocation)? {
        let allKeys = Self.commonKeys + Array(Set(Self.answerKeys.values.flatMap { $0 })).sorted()
        guard let map = MappingReader(value, subject: "question", allowedKeys: allKeys, log: log) else { return nil }
        let id = map.identifier()
        let name = id.map { "question '\($0.0)'" } ?? "question"
        let type = map.choice("type", required: true, among: Question.typeNames)
        let prompt = map.text("prompt", required: true)
        let points = map.number("points", required: false) ?? 1
        if points <= 0, let location = map.value("points", required: false)?.location {
            log.error("'points' must be greater than 0, found \(Self.format(points))", at: location)
        }
        let shuffle = map.boolean("shuffle", required: false) ?? false
        let feedback = readFeedback(map, name: name)

        guard let type else { return nil }
        let allowed = Set(Self.commonKeys + Self.answerKeys[type, default: []])
        for key in map.keysInOrder where !allowed.contains(key) {
            log.error("'\(key)' does not apply to a '\(type)' question", at: map.keyLocation(key) ?? map.location)
        }
        let answer: Question.Answer?
        switch type {
        case "single", "multiple": answer = readChoices(map, name: name, single: type == "single")
        case "true-false": answer = map.boolean("answer", required: true).map(Question.Answer.trueFalse)
        case "fill-in": answer = readFillIn(map, name: name)
        case "matching": answer = readMatching(map, name: name)
        case "ordering": answer = readOrdering(map, name: name)
        default: answer = readNumeric(map, name: name)
        }
        guard let id, let prompt, let answer, points > 0 else { return nil }
        return (Question(id: id.0, prompt: prompt, points: points, feedback: feedback, shuffle: shuffle, answer: answer), id.1)
    }

    private func readFeedback(_ map: MappingReader, name: String) -> Question.Feedback? {
        guard let value = map.value("feedback", required: false) else {
            log.warning("\(name) has no feedback: add 'feedback' with 'correct' and 'incorrect' texts", at: map.location)
            return nil
        }
        guard let feedback = MappingReader(value, subject: "feedback", allowedKeys: ["correct", "incorrect"], log: log)
        else { return nil }
        // Both read before either is judged, so that both problems are reported.
        let correct = feedback.text("correct", required: true)
        let incorrect = feedback.text("incorrect", required: true)
        guard let correct, let incorrect else { return nil }
        return Question.Feedback(correct: correct, incorrect: incorrect)
    }

    private func readChoices(_ map: MappingReader, name: String, single: Bool) -> Question.Answer? {
        guard let list = map.value("choices", required: true), let items = map.list("choices", required: true) else { return nil }
        var choices: [Question.Choice] = []
        var ids: Set<String> = []
        var texts: Set<String> = []
        var failed = false
        for (index, item) in items.enumerated() {
            guard let choice = MappingReader(item, subject: "choice", allowedKeys: ["id", "text", "correct"], log: log) else {
                failed = true
                continue
            }
            let id = choice.has("id") ? choice.identifier()?.0 : Self.defaultChoiceID(index)
            let text = choice.text("text", required: true)
            let correct = choice.boolean("correct", required: false) ?? false
            guard let id, let text else { failed = true; continue }
            if !ids.insert(id).inserted {
                log.error("two choices of \(name) have the id '\(id)'", at: choice.keyLocation("id") ?? item.location)
                failed = true
            }
            if !texts.insert(text).inserted {
                log.error("two choices of \(name) have the same text", at: item.location)
                failed = true
            }
            choices.append(Question.Choice(id: id, text: text, isCorrect: correct))
        }
        guard !failed else { return nil }
        let correctCount = choices.filter(\.isCorrect).count
        if choices.count < 2 {
            log.error("\(name) needs at least 2 choices", at: list.location)
            return nil
        }
        if correctCount == 0 {
            log.error("\(name) has no correct choice: mark one with 'correct: true'", at: list.location)
            return nil
        }
        if single && correctCount > 1 {
            log.error("\(name) is 'single' but has \(correctCount) correct choices: keep one, or make it 'multiple'",
                      at: list.location)
            return nil
        }
        return single ? .single(choices) : .multiple(choices)
    }

    private func readFillIn(_ map: MappingReader, name: String) -> Question.Answer? {
        let caseSensitive = map.boolean("caseSensitive", required: false) ?? false
        guard let value = map.value("answers", required: true), let answers = map.textList("answers", required: true) else {
            return nil
        }
        guard !answers.isEmpty else {
            log.error("\(name) has no accepted answer: list at least one under 'answers'", at: value.location)
            return nil
        }
        return .fillIn(accepted: answers, caseSensitive: caseSensitive)
    }

    private func readMatching(_ map: MappingReader, name: String) -> Question.Answer? {
        guard let value = map.value("pairs", required: true), let items = map.list("pairs", required: true) else { return nil }
        var pairs: [Question.Pair] = []
        var complete = true
        // Every pair is read, whatever the ones before it held: every problem is reported at once.
        for item in items {
            guard let pair = MappingReader(item, subject: "pair", allowedKeys: ["source", "target"], log: log) else {
                complete = false
                continue
            }
            let source = pair.text("source", required: true)
            let target = pair.text("target", required: true)
            guard let source, let target else {
                complete = false
                continue
            }
            pairs.append(Question.Pair(source: source, target: target))
        }
        guard complete else { return nil }
        if pairs.count < 2 {
            log.error("\(name) needs at least 2 pairs", at: value.location)
            return nil
        }
        if Set(pairs.map(\.source)).count < pairs.count || Set(pairs.map(\.target)).count < pairs.count {
            log.error("\(name) has two identical sources or targets: the learner could not tell them apart", at: value.location)
            return nil
        }
        return .matching(pairs)
    }

    private func readOrdering(_ map: MappingReader, name: String) -> Question.Answer? {
        guard let value = map.value("items", required: true), let items = map.textList("items", required: true) else { return nil }
        if items.count < 2 {
            log.error("\(name) needs at least 2 items to put in order", at: value.location)
            return nil
        }
        if Set(items).count < items.count {
            log.error("\(name) has two identical items: their order could not be right", at: value.location)
            return nil
        }
        return .ordering(items)
    }

    private func readNumeric(_ map: MappingReader, name: String) -> Question.Answer? {
        let exact = map.number("answer", required: false)
        let low = map.number("min", required: false)
        let high = map.number("max", required: false)
        switch (exact, low, high) {
        case (let value?, nil, nil):
            return .numeric(.exact(value))
        case (nil, let low?, let high?):
            if low > high {
                log.error("\(name): 'min' (\(Self.format(low))) is greater than 'max' (\(Self.format(high))), so no answer can be right",
                          at: map.value("min", required: false)?.location ?? map.location)
                return nil
            }
            return .numeric(.range(min: low, max: high))
        case (nil, nil, nil):
            if !map.has("answer") && !map.has("min") && !map.has("max") {
                log.error("\(name) needs 'answer' (exact value) or 'min' and 'max' (range)", at: map.location)
            }
            return nil
        case (_?, _, _) where low != nil || high != nil:
            log.error("\(name) has both 'answer' and a range: use 'answer' alone or 'min' and 'max'", at: map.location)
            return nil
        default:
            log.error("\(name) needs both 'min' and 'max' for a range", at: map.location)
            return nil
        }
    }

    static func defaultChoiceID(_ index: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return index < letters.count ? String(letters[index]) : "c\(index + 1)"
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
