// swift-tools-version: 6.2
// Coverage-guided fuzz targets for Portail's parsers (libFuzzer). Built and run by `make fuzz`, never in CI; the
// corpus and every input that ever crashed are replayed by `make test` (FuzzReplayTests in the main package).
import PackageDescription

let targets = ["Commit", "Cmi", "Date", "Zip", "Manifest", "Yaml", "Course"]

let package = Package(
    name: "PortailFuzz",
    dependencies: [
        .package(name: "Portail", path: ".."),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "FuzzTargets", dependencies: [
            .product(name: "CourseModel", package: "Portail"),
            .product(name: "SCORMRuntime", package: "Portail"),
            .product(name: "SCORMPackage", package: "Portail"),
            .product(name: "LearnerServer", package: "Portail"),
            .product(name: "Yams", package: "Yams"),
        ]),
    ] + targets.map { .executableTarget(name: "Fuzz\($0)", dependencies: ["FuzzTargets"]) },
    swiftLanguageModes: [.v6]
)
