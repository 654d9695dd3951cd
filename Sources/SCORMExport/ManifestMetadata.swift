import CourseModel

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

    /// Every file a SCO's page needs besides the shared runtime: its own page, then the assets it shows.
    static func files(of sco: SCOPlan.SCO, assets: [String: Set<String>]) -> [String] {
        [sco.href] + (assets[sco.id] ?? []).map(PackageLayout.assetPath).sorted()
    }
}
