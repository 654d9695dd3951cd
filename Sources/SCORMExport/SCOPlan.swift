import CourseModel

/// How a course is cut into SCOs: what each SCO shows and what it is called in the manifest.
public struct SCOPlan: Sendable {
    public enum Granularity: String, Sendable, CaseIterable {
        case module
        case lesson
    }

    /// One launchable unit of the package.
    public struct SCO: Sendable, Hashable {
        public let id: String
        public let title: String
        public let module: Module
        public let lessons: [Lesson]
        public let quiz: Quiz?

        public var itemIdentifier: String { "SCO-\(id)" }
        public var resourceIdentifier: String { "RES-\(id)" }
        public var href: String { "sco/\(id).html" }
        /// Page ids in order: lesson ids, then `quiz`.
        public var pages: [String] { lessons.map(\.id) + (quiz == nil ? [] : ["quiz"]) }
    }

    public struct ModuleEntry: Sendable, Hashable {
        public let module: Module
        public let scos: [SCO]

        public var itemIdentifier: String { "MOD-\(module.id)" }
        public var quizObjective: String { "OBJ-\(module.id)-quiz" }
        public var satisfiedObjective: String { "OBJ-\(module.id)-satisfied" }
    }

    public let course: Course
    public let granularity: Granularity
    public let modules: [ModuleEntry]

    public init(course: Course, granularity: Granularity) {
        self.course = course
        self.granularity = granularity
        modules = course.modules.map { module in
            switch granularity {
            case .module:
                return ModuleEntry(module: module, scos: [
                    SCO(id: module.id, title: module.title, module: module, lessons: module.lessons, quiz: module.quiz),
                ])
            case .lesson:
                var scos = module.lessons.map {
                    SCO(id: $0.id, title: $0.title, module: module, lessons: [$0], quiz: nil)
                }
                if let quiz = module.quiz {
                    scos.append(SCO(id: "\(module.id)-quiz", title: quiz.title ?? module.title, module: module,
                                    lessons: [], quiz: quiz))
                }
                return ModuleEntry(module: module, scos: scos)
            }
        }
    }

    public var scos: [SCO] { modules.flatMap(\.scos) }
    public var organizationIdentifier: String { "ORG-\(course.id)" }
    public var manifestIdentifier: String { "MANIFEST-\(course.id)" }
    public static let commonResourceIdentifier = "RES-portail-common"
}
