import CourseModel
import Foundation
import SCORMPackage

/// Writes a SCORM 2004 4th edition `imsmanifest.xml` with IMS Simple Sequencing that matches the course.
struct Manifest2004Writer {
    let plan: SCOPlan
    /// Course-relative paths of the assets each SCO (by id) shows.
    let assets: [String: Set<String>]

    static let namespaces: KeyValuePairs<String, String?> = [
        "xmlns": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "xmlns:adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "xmlns:adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "xmlns:adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "xmlns:imsss": "http://www.imsglobal.org/xsd/imsss",
        "xmlns:lom": "http://ltsc.ieee.org/xsd/LOM",
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
            + "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
            + "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
            + "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
            + "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd "
            + "http://ltsc.ieee.org/xsd/LOM lom.xsd",
    ]

    func write() throws -> Data {
        let course = plan.course
        let xml = XMLTextWriter()
        ManifestMetadata.startManifest(xml, plan: plan, namespaces: Self.namespaces, schemaVersion: "2004 4th Edition") {
            writeLOM(xml, course)
        }

        xml.start("organizations", ["default": plan.organizationIdentifier])
        // Global objectives live and die with this course's attempt, not the learner's whole LMS record.
        xml.start("organization", ["identifier": plan.organizationIdentifier, "adlseq:objectivesGlobalToSystem": "false"])
        xml.element("title", course.title)
        var previous: SCOPlan.ModuleEntry?
        for entry in plan.modules {
            writeModule(xml, entry, after: course.order == .sequential ? previous : nil)
            previous = entry
        }
        xml.start("imsss:sequencing")
        xml.empty("imsss:controlMode", ["choice": "true", "flow": "true"])
        xml.end()
        xml.end()
        xml.end()

        ManifestMetadata.writeResources(xml, plan: plan, assets: assets, scormTypeAttribute: "adlcp:scormType")

        xml.end()
        return try xml.finish()
    }

    private func writeModule(_ xml: XMLTextWriter, _ entry: SCOPlan.ModuleEntry, after previous: SCOPlan.ModuleEntry?) {
        let hasQuiz = entry.module.quiz != nil
        xml.start("item", ["identifier": entry.itemIdentifier])
        xml.element("title", entry.module.title)
        for sco in entry.scos { writeSCO(xml, sco, entry) }

        xml.start("imsss:sequencing")
        xml.empty("imsss:controlMode", ["choice": "true", "flow": "true"])
        if let previous {
            xml.start("imsss:sequencingRules")
            xml.start("imsss:preConditionRule")
            xml.start("imsss:ruleConditions", ["conditionCombination": "any"])
            // "not satisfied" alone is unknown (so not true) before the previous module is tried.
            xml.empty("imsss:ruleCondition", ["referencedObjective": "PREV-\(previous.module.id)",
                                              "operator": "not", "condition": "satisfied"])
            xml.empty("imsss:ruleCondition", ["referencedObjective": "PREV-\(previous.module.id)",
                                              "operator": "not", "condition": "objectiveStatusKnown"])
            xml.end()
            xml.empty("imsss:ruleAction", ["action": "disabled"])
            xml.end()
            xml.end()
        }
        // The course's measure is the average of the quizzes: modules without one weigh nothing.
        xml.empty("imsss:rollupRules", ["objectiveMeasureWeight": hasQuiz ? "1" : "0"])
        if plan.course.order == .sequential {
            xml.start("imsss:objectives")
            xml.start("imsss:primaryObjective", ["objectiveID": entry.satisfiedObjective])
            xml.empty("imsss:mapInfo", ["targetObjectiveID": entry.satisfiedObjective,
                                        "readSatisfiedStatus": "false", "writeSatisfiedStatus": "true"])
            xml.end()
            if let previous {
                xml.start("imsss:objective", ["objectiveID": "PREV-\(previous.module.id)"])
                xml.empty("imsss:mapInfo", ["targetObjectiveID": previous.satisfiedObjective,
                                            "readSatisfiedStatus": "true", "writeSatisfiedStatus": "false"])
                xml.end()
            }
            xml.end()
        }
        xml.end()
        xml.end()
    }

    private func writeSCO(_ xml: XMLTextWriter, _ sco: SCOPlan.SCO, _ entry: SCOPlan.ModuleEntry) {
        xml.start("item", ["identifier": sco.itemIdentifier, "identifierref": sco.resourceIdentifier])
        xml.element("title", sco.title)
        xml.start("imsss:sequencing")
        xml.empty("imsss:rollupRules", ["objectiveMeasureWeight": sco.quiz == nil ? "0" : "1"])
        if let quiz = sco.quiz {
            xml.start("imsss:objectives")
            xml.start("imsss:primaryObjective", ["objectiveID": entry.quizObjective, "satisfiedByMeasure": "true"])
            xml.element("imsss:minNormalizedMeasure", Self.decimal(Double(quiz.passingScore) / 100))
            xml.end()
            xml.end()
        }
        xml.empty("imsss:deliveryControls", ["completionSetByContent": "true", "objectiveSetByContent": "true"])
        xml.end()
        // The SCO has its own previous/next: the LMS's would duplicate them.
        xml.start("adlnav:presentation")
        xml.start("adlnav:navigationInterface")
        xml.element("adlnav:hideLMSUI", "previous")
        xml.element("adlnav:hideLMSUI", "continue")
        xml.end()
        xml.end()
        xml.end()
    }

    private func writeLOM(_ xml: XMLTextWriter, _ course: Course) {
        func langString(_ name: String, _ text: String, language: String? = nil) {
            xml.start(name)
            xml.element("lom:string", text, ["language": language ?? course.language])
            xml.end()
        }
        xml.start("lom:lom")
        xml.start("lom:general")
        xml.start("lom:identifier")
        xml.element("lom:catalog", "portail")
        xml.element("lom:entry", course.id)
        xml.end()
        langString("lom:title", course.title)
        xml.element("lom:language", course.language)
        langString("lom:description", course.description)
        for keyword in course.keywords { langString("lom:keyword", keyword) }
        xml.end()
        xml.start("lom:lifeCycle")
        langString("lom:version", course.version, language: "x-none")
        xml.end()
        xml.start("lom:technical")
        xml.element("lom:format", "text/html")
        xml.end()
        xml.start("lom:educational")
        xml.start("lom:typicalLearningTime")
        xml.element("lom:duration", ManifestMetadata.isoDuration(minutes: course.duration))
        xml.end()
        xml.end()
        xml.start("lom:rights")
        xml.start("lom:copyrightAndOtherRestrictions")
        xml.element("lom:source", "LOMv1.0")
        xml.element("lom:value", "yes")
        xml.end()
        langString("lom:description", course.licence)
        xml.end()
        xml.end()
    }

    /// Up to four decimals, no trailing zeros: `0.7`, `0.6667`.
    static func decimal(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
