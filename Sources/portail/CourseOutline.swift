import CourseModel

/// The course as a designer pictures it: modules, lessons and quizzes with their estimated minutes.
struct CourseOutline {
    let course: Course

    func text() -> String {
        var lines = ["", "\(course.title) (\(course.id) \(course.version), \(course.language), order: \(course.order.rawValue))"]
        for (number, module) in course.modules.enumerated() {
            lines.append("  \(number + 1). \(module.title) [\(module.id)] — \(module.duration) min")
            for lesson in module.lessons {
                lines.append("     - \(lesson.title) [\(lesson.id)] — \(lesson.duration) min")
            }
            if let quiz = module.quiz {
                let kinds = Set(quiz.questions.map(\.answer.typeName)).sorted().joined(separator: ", ")
                lines.append("     ? quiz: \(quiz.questions.count) questions (\(kinds)), pass at \(quiz.passingScore) %")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
