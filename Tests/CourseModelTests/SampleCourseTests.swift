import Foundation
import Testing
@testable import CourseModel

@Suite("The valid sample course")
struct SampleCourseTests {
    let result: CourseLoader.Result

    init() throws {
        result = try CourseLoader.load(from: Fixtures.sampleCourse)
    }

    @Test func loadsWithoutAnyDiagnostic() throws {
        #expect(result.diagnostics == [])
        let course = try #require(result.course)
        #expect(course.id == "cafe-associatif")
        #expect(course.language == "fr")
        #expect(course.version == "1.2.0")
        #expect(course.order == .sequential)
        #expect(course.passingScore == 60)
        #expect(course.allowHTML == false)
        #expect(course.keywords == ["café associatif", "animation"])
        #expect(course.modules.map(\.id) == ["accueil", "animer"])
        #expect(course.modules.map(\.folder) == ["01-accueil", "02-animer"])
        #expect(course.lessons.map(\.id) == ["bienvenue", "lieu", "atelier"])
        #expect(course.duration == 45)
    }

    @Test func lessonsKeepTheirBodyAndPositions() throws {
        let lesson = try #require(result.course?.modules[0].lessons[0])
        #expect(lesson.title == "Bienvenue au café")
        #expect(lesson.path == "01-accueil/01-bienvenue.md")
        #expect(lesson.markdownStartLine == 6)
        #expect(lesson.markdown.contains("## Pourquoi accueillir ?"))
        #expect(!lesson.markdown.contains("duration:"))
        // The image in a code span is not a reference.
        #expect(lesson.references.map(\.path) == ["assets/plan.svg"])
        #expect(lesson.references[0].isImage)
        #expect(lesson.references[0].location == SourceLocation(file: "01-accueil/01-bienvenue.md", line: 11, column: 1))
    }

    @Test func assetsAreListedOnceSorted() throws {
        let course = try #require(result.course)
        #expect(course.assetPaths == ["02-animer/fiche.pdf", "assets/plan.svg"])
        let atelier = course.modules[1].lessons[0]
        #expect(atelier.references.map(\.destination) == ["fiche.pdf", "../assets/plan.svg"])
    }

    @Test func everyQuestionTypeIsRead() throws {
        let course = try #require(result.course)
        let first = try #require(course.modules[0].quiz)
        let second = try #require(course.modules[1].quiz)
        #expect(first.passingScore == 50)
        #expect(second.passingScore == 60, "a quiz without passingScore takes the course's")
        #expect(first.shuffle == false && second.shuffle == true)
        #expect(first.title == "Quiz — Accueillir")
        #expect(first.totalPoints == 5)

        let answers = (first.questions + second.questions).map(\.answer)
        #expect(answers.map(\.typeName) == ["single", "multiple", "true-false", "fill-in",
                                            "matching", "ordering", "numeric", "numeric"])
        #expect(answers[0] == .single([
            .init(id: "a", text: "Saluer", isCorrect: true),
            .init(id: "b", text: "Encaisser", isCorrect: false),
            .init(id: "c", text: "Ranger", isCorrect: false),
        ]))
        #expect(first.questions[0].shuffle)
        if case .multiple(let choices) = answers[1] {
            #expect(choices.map(\.id) == ["comptoir", "jardin", "piscine"])
            #expect(choices.filter(\.isCorrect).count == 2)
        } else {
            Issue.record("expected a multiple-choice question")
        }
        #expect(answers[2] == .trueFalse(true))
        #expect(first.questions[2].points == 2)
        #expect(answers[3] == .fillIn(accepted: ["saluer", "dire bonjour"], caseSensitive: false))
        #expect(answers[4] == .matching([.init(source: "Accueil", target: "Saluer"),
                                         .init(source: "Animation", target: "Faire parler")]))
        #expect(answers[5] == .ordering(["Choisir un thème", "Inviter", "Animer"]))
        #expect(answers[6] == .numeric(.exact(15)))
        #expect(answers[7] == .numeric(.range(min: 6, max: 12)))
        #expect(first.questions[0].feedback?.incorrect == "Non : on salue d’abord, le reste vient après.")
    }
}
