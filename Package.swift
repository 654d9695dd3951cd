// swift-tools-version: 6.2
import PackageDescription

/// The fuzz targets' executables in Fuzz/ (built there by `make fuzz`, not here).
let fuzzTargets = ["Commit", "Cmi", "Date", "Zip", "Manifest", "Yaml", "Course"]

let package = Package(
    name: "Portail",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "portail", targets: ["portail"]),
        .library(name: "CourseModel", targets: ["CourseModel"]),
        .library(name: "SCORMRuntime", targets: ["SCORMRuntime"]),
        .library(name: "SCORMPackage", targets: ["SCORMPackage"]),
        .library(name: "SCORMExport", targets: ["SCORMExport"]),
        .library(name: "LearnerServer", targets: ["LearnerServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // No default traits: Portail needs neither swift-configuration nor the extra Foundation glue.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // C libraries from Debian, wrapped thinly.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(
            name: "CourseModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The SCORM standards and their run-time data models (1.2 and 2004): elements, access, value types,
        // vocabularies, error codes; the validator the server runs. Declared once; the browser reads it generated.
        .target(name: "SCORMRuntime"),
        // Packages in and out, anyone's: zip, manifests, XML safety. What importing a package needs, without the
        // exporter's Markdown and templates.
        .target(
            name: "SCORMPackage",
            dependencies: ["CourseModel", "SCORMRuntime", "CLibXML2", "CZlib", "CLibDeflate"]
        ),
        // Course → package: the SCO plan, pages (cmark-gfm, Mustache), theme, runtime, manifests.
        .target(
            name: "SCORMExport",
            dependencies: [
                "CourseModel", "SCORMRuntime", "SCORMPackage", "CLibXML2", "CCmarkGFM", "CLibDeflate",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Theme")]
        ),
        .target(
            name: "LearnerServer",
            dependencies: [
                "CourseModel", "SCORMRuntime", "SCORMPackage", "CCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // ConnectionPoolError: what the pool throws to waiting requests when it cannot connect.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Public"), .copy("Templates")]
        ),
        .executableTarget(
            name: "portail",
            dependencies: [
                "CourseModel",
                "SCORMRuntime",
                "SCORMPackage",
                "SCORMExport",
                "LearnerServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CourseModelTests",
            dependencies: ["CourseModel"]
        ),
        .testTarget(
            name: "SCORMExportTests",
            dependencies: ["SCORMExport", "SCORMPackage", "SCORMRuntime", "CourseModel", "CLibXML2", "CZlib"]
        ),
        .testTarget(
            name: "LearnerServerTests",
            dependencies: [
                "LearnerServer", "SCORMRuntime", "SCORMExport", "SCORMPackage", "portail",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The fuzz targets' inputs (Fuzz/Corpus, Fuzz/Regressions) replayed without the fuzzer; `make fuzz` fuzzes.
        .testTarget(
            name: "FuzzReplayTests",
            dependencies: ["CourseModel", "SCORMRuntime", "SCORMPackage", "LearnerServer", .product(name: "Yams", package: "Yams")],
            path: "Fuzz",
            exclude: ["Package.swift", "Corpus", "Regressions", "run.sh"] + fuzzTargets.map { "Sources/Fuzz\($0)" },
            sources: ["Sources/FuzzTargets", "Tests/FuzzReplayTests"]
        ),
        .testTarget(
            name: "PortailCLITests",
            dependencies: ["portail"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
