import CourseModel
import Foundation
import SCORMPackage

/// Writes a SCORM 1.2 `imsmanifest.xml` (IMS CP 1.1.2, ADL CP 1.2, IMS MD 1.2.1).
struct Manifest12Writer {
    let plan: SCOPlan
    /// Course-relative paths of the assets each SCO (by id) shows.
    let assets: [String: Set<String>]

    static let namespaces: KeyValuePairs<String, String?> = [
        "xmlns": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "xmlns:adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
        "xmlns:imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
            + "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
            + "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
    ]

    /// SCORM 1.2's content packaging bounds an item's title to 200 characters; 2004 does not.
    static func title(_ text: String) -> String { ManifestMetadata.fitted(text, to: 200) }

    func write() throws -> Data {
        let course = plan.course
        let xml = XMLTextWriter()
        ManifestMetadata.startManifest(xml, plan: plan, namespaces: Self.namespaces, schemaVersion: "1.2", versionLimit: 20) {
            writeLOM(xml, course)
        }

        xml.start("organizations", ["default": plan.organizationIdentifier])
        xml.start("organization", ["identifier": plan.organizationIdentifier])
        xml.element("title", Self.title(course.title))
        var previous: SCOPlan.ModuleEntry?
        for entry in plan.modules {
            xml.start("item", ["identifier": entry.itemIdentifier, "isvisible": "true"])
            xml.element("title", Self.title(entry.module.title))
            for sco in entry.scos {
                xml.start("item", ["identifier": sco.itemIdentifier, "identifierref": sco.resourceIdentifier,
                                   "isvisible": "true"])
                xml.element("title", Self.title(sco.title))
                if course.order == .sequential, let previous {
                    // An item identifier in an aicc_script means "completed or passed".
                    let script = previous.scos.map(\.itemIdentifier).joined(separator: "&")
                    xml.element("adlcp:prerequisites", script, ["type": "aicc_script"])
                }
                if let quiz = sco.quiz {
                    xml.element("adlcp:masteryscore", String(quiz.passingScore))
                }
                xml.end()
            }
            xml.end()
            previous = entry
        }
        xml.end()
        xml.end()

        ManifestMetadata.writeResources(xml, plan: plan, assets: assets, scormTypeAttribute: "adlcp:scormtype")

        xml.end()
        return try xml.finish()
    }

    private func writeLOM(_ xml: XMLTextWriter, _ course: Course) {
        func langstring(_ name: String, _ text: String, language: String? = nil) {
            xml.start(name)
            xml.element("imsmd:langstring", text, ["xml:lang": language ?? course.language])
            xml.end()
        }
        xml.start("imsmd:lom")
        xml.start("imsmd:general")
        xml.start("imsmd:identifier")
        xml.text(course.id)
        xml.end()
        langstring("imsmd:title", course.title)
        xml.element("imsmd:language", course.language)
        langstring("imsmd:description", course.description)
        for keyword in course.keywords { langstring("imsmd:keyword", keyword) }
        xml.end()
        xml.start("imsmd:lifecycle")
        langstring("imsmd:version", course.version, language: "x-none")
        xml.end()
        xml.start("imsmd:technical")
        xml.element("imsmd:format", "text/html")
        xml.end()
        xml.start("imsmd:educational")
        xml.start("imsmd:typicallearningtime")
        xml.element("imsmd:datetime", Self.timespan(minutes: course.duration))
        xml.end()
        xml.end()
        xml.start("imsmd:rights")
        xml.start("imsmd:copyrightandotherrestrictions")
        langstring("imsmd:source", "LOMv1.0", language: "x-none")
        langstring("imsmd:value", "yes", language: "x-none")
        xml.end()
        langstring("imsmd:description", course.licence)
        xml.end()
        xml.end()
    }

    /// IMS MD 1.2.1 durations are written like CMITimespan, `HH:MM:SS`.
    static func timespan(minutes: Int) -> String {
        String(format: "%02d:%02d:00", minutes / 60, minutes % 60)
    }
}
