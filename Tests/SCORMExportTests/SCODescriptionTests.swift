import CourseModel
import Foundation
import Testing
@testable import SCORMExport
@testable import SCORMPackage
@testable import SCORMRuntime

@Suite("SCO description for the runtime")
struct SCODescriptionTests {
    func description(module index: Int, standard: SCORMStandard) throws -> [String: Any] {
        let course = try ExportFixtures.course(ExportFixtures.sampleCourse)
        let plan = SCOPlan(course: course, granularity: .module)
        let sco = plan.scos[index]
        let json = SCODescription(plan: plan, sco: sco, standard: standard, strings: UIStrings(language: "fr")).embeddedJSON()
        #expect(!json.contains("<"))
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    @Test func carriesPagesLimitsAndInteractionIDs() throws {
        let json = try description(module: 0, standard: .scorm12)
        #expect(json["standard"] as? String == "scorm12")
        #expect((json["sco"] as? [String: Any])?["pages"] as? [String] == ["bienvenue", "lieu", "quiz"])
        #expect((json["limits"] as? [String: Int]) == ["suspendData": 4096, "location": 255])
        let questions = try #require((json["quiz"] as? [String: Any])?["questions"] as? [[String: Any]])
        #expect(questions.map { $0["interaction"] as? String } == ["accueil-premier-geste", "accueil-espaces",
                                                                   "accueil-benevoles", "accueil-mot-cle"])
        #expect(questions[0]["correct"] as? [String] == ["a"])
        #expect(questions[1]["correct"] as? [String] == ["comptoir", "jardin"])
        #expect(questions[2]["correct"] as? Bool == true)
        #expect(questions[2]["weight"] as? Double == 2)
        #expect(questions[3]["accepted"] as? [String] == ["saluer", "dire bonjour"])
        #expect(questions[3]["maxLength"] as? Int == 80)
        #expect(questions[0]["description"] as? String == "Quel est le premier geste de l’accueil ?")
    }

    @Test func matchingOrderingAndNumericIDs() throws {
        let json = try description(module: 1, standard: .scorm2004)
        #expect((json["limits"] as? [String: Int]) == ["suspendData": 64000, "location": 1000])
        let questions = try #require((json["quiz"] as? [String: Any])?["questions"] as? [[String: Any]])
        #expect(questions[0]["sources"] as? [String] == ["s1", "s2"])
        #expect(questions[0]["correct"] as? [[String]] == [["s1", "t1"], ["s2", "t2"]])
        #expect(questions[1]["items"] as? [String] == ["i1", "i2", "i3"])
        #expect(questions[2]["min"] as? Double == 15 && questions[2]["max"] as? Double == 15)
        #expect(questions[3]["min"] as? Double == 6 && questions[3]["max"] as? Double == 12)
        #expect((json["quiz"] as? [String: Any])?["shuffle"] as? Bool == true)
    }

    @Test func scriptJSONCannotCloseTheScriptElement() throws {
        let hostile = ["text": "</script><script>alert(1)</script><!-- é 😀 <<", "plain": "a < b"]
        let json = try ScriptJSON.encode(hostile, with: JSONEncoder())
        #expect(!json.contains("<"))
        #expect(json.contains("\\u003cscript>"))
        #expect(try JSONDecoder().decode([String: String].self, from: Data(json.utf8)) == hostile)
    }

    @Test(arguments: [
        ("Quel est le **premier** geste de l’accueil ?", "Quel est le premier geste de l’accueil ?"),
        ("Voir [le guide](../guide.pdf) puis `portail build`", "Voir le guide puis portail build"),
        ("a (b (c) d) e", "a d) e"),
        ("ouvert ( jamais fermé", "ouvert ( jamais fermé"),
        ("# Titre\n\n> cité\r\n_fin_", "Titre cité fin"),
    ])
    func plainTextDropsMarkdown(_ markdown: String, _ expected: String) {
        #expect(SCODescription.plainText(markdown, limit: 250) == expected)
    }

    @Test func plainTextIsCutAtTheLimit() {
        let text = SCODescription.plainText(String(repeating: "é", count: 300), limit: 250)
        #expect(text.count == 250 && text.hasSuffix("…"))
    }

    @Test(arguments: SCORMStandard.allCases, [SCOPlan.Granularity.module, .lesson])
    func directJSONIsTheEncodersBytes(standard: SCORMStandard, granularity: SCOPlan.Granularity) throws {
        for folder in [ExportFixtures.sampleCourse, ExportFixtures.facilitateur] {
            let course = try ExportFixtures.course(folder)
            let plan = SCOPlan(course: course, granularity: granularity)
            for sco in plan.scos {
                let description = SCODescription(plan: plan, sco: sco, standard: standard, strings: UIStrings(language: course.language))
                #expect(description.embeddedJSON() == (try description.encodedJSON()), "\(sco.id)")
            }
        }
    }

    @Test func jsonTextWritesNumbersAndStringsAsTheEncoder() throws {
        let numbers: [Double] = [0, 1, 2, 15, -3, 1.5, 0.1, 12.25, 1e20, 1e-7, 123456789.125, -0.5]
        var json = JSONText()
        json.beginArray()
        for number in numbers { json.double(number) }
        json.endArray()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(json.text == String(decoding: try encoder.encode(numbers), as: UTF8.self))
        let texts = ["plain", "quote \" back \\ slash / tab \t nl \n", "\u{0}\u{1}\u{1F}\u{7F} é 😀 <b>"]
        #expect(texts.map(JSONText.quoted) == texts.map { String(decoding: try! encoder.encode($0), as: UTF8.self) })
    }

    @Test func aSCOWithoutAQuizSaysQuizNull() throws {
        let plan = SCOPlan(course: try ExportFixtures.course(ExportFixtures.sampleCourse), granularity: .lesson)
        let lesson = try #require(plan.scos.first { $0.quiz == nil })
        let json = SCODescription(plan: plan, sco: lesson, standard: .scorm2004, strings: UIStrings(language: "fr")).embeddedJSON()
        #expect(json.contains(#""quiz":null"#))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["quiz"] is NSNull)
    }
}
