// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Portail",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "portail", targets: ["portail"]),
        .library(name: "CourseModel", targets: ["CourseModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "CourseModel",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "portail",
            dependencies: [
                "CourseModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CourseModelTests",
            dependencies: ["CourseModel"]
        ),
        .testTarget(
            name: "PortailCLITests",
            dependencies: ["portail"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
