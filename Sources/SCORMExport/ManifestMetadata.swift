import CourseModel
import SCORMPackage

/// Values shared by both manifests' metadata.
enum ManifestMetadata {
    /// ISO 8601 duration for minutes, as LOM's `typicalLearningTime` wants it: `PT1H5M`.
    static func isoDuration(minutes: Int) -> String {
        let hours = minutes / 60, rest = minutes % 60
        switch (hours, rest) {
        case (0, let m): return "PT\(m)M"
        case (let h, 0): return "PT\(h)H"
        case (let h, let m): return "PT\(h)H\(m)M"
        }
    }

    /// Every file a SCO's page needs besides the shared runtime: its own page, then the assets it shows, as the
    /// URI references `<file href>` holds (`100%.svg` is `100%25.svg` there; the zip entry keeps the name).
    static func files(of sco: SCOPlan.SCO, assets: [String: Set<String>]) -> [String] {
        [sco.href] + (assets[sco.id] ?? []).map(PackageLayout.assetPath).sorted().map(CoursePath.percentEncodedPath)
    }

    /// `<manifest>` with its namespaces, then `<metadata>` with the schema, its version and the LOM record.
    /// `text` cut to `limit` characters (Unicode scalars, as XSD's `maxLength` counts), its last one an ellipsis.
    static func fitted(_ text: String, to limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit - 1))) + "…"
    }

    /// `versionLimit`: SCORM 1.2's content packaging bounds the manifest's `version` to 20 characters.
    static func startManifest(_ xml: XMLTextWriter, plan: SCOPlan, namespaces: KeyValuePairs<String, String?>,
                              schemaVersion: String, versionLimit: Int = .max, lom: () -> Void) {
        xml.start("manifest", ["identifier": plan.manifestIdentifier, "version": fitted(plan.course.version, to: versionLimit)])
        for (name, value) in namespaces { xml.attribute(name, value!) }
        xml.start("metadata")
        xml.element("schema", "ADL SCORM")
        xml.element("schemaversion", schemaVersion)
        lom()
        xml.end()
    }

    /// `<resources>`: one SCO resource per SCO with its page and assets, plus the shared runtime as an asset.
    /// Only the name of the SCORM type attribute differs between the editions (`scormtype` / `scormType`).
    static func writeResources(_ xml: XMLTextWriter, plan: SCOPlan, assets: [String: Set<String>], scormTypeAttribute: String) {
        xml.start("resources")
        for sco in plan.scos {
            xml.start("resource", ["identifier": sco.resourceIdentifier, "type": "webcontent"])
            xml.attribute(scormTypeAttribute, "sco")
            xml.attribute("href", sco.href)
            for file in files(of: sco, assets: assets) { xml.empty("file", ["href": file]) }
            xml.empty("dependency", ["identifierref": SCOPlan.commonResourceIdentifier])
            xml.end()
        }
        xml.start("resource", ["identifier": SCOPlan.commonResourceIdentifier, "type": "webcontent"])
        xml.attribute(scormTypeAttribute, "asset")
        for file in PackageLayout.commonFiles { xml.empty("file", ["href": file]) }
        xml.end()
        xml.end()
    }
}
