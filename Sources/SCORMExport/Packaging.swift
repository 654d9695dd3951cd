import CourseModel

/// How a course is cut into packages.
public enum Packaging: String, Sendable, CaseIterable {
    case perCourse = "course"
    case perModule = "module"

    /// The courses to build: the course itself, or one single-module course per module. A module's package
    /// carries the course's metadata with the module's title and an id of its own (`<course>-<module>`), so
    /// that an LMS importing several never takes one for another.
    public func courses(of course: Course) -> [Course] {
        switch self {
        case .perCourse: return [course]
        case .perModule:
            return course.modules.map { module in
                Course(id: "\(course.id)-\(module.id)", title: "\(course.title) — \(module.title)",
                       language: course.language, version: course.version, description: course.description,
                       authors: course.authors, licence: course.licence, keywords: course.keywords,
                       objectives: module.objectives.isEmpty ? course.objectives : module.objectives,
                       passingScore: course.passingScore, order: .free, allowHTML: course.allowHTML,
                       modules: [module], root: course.root)
            }
        }
    }
}
