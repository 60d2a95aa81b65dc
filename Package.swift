// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "labctl",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "labctl", targets: ["labctl"]),
    .library(name: "LabModel", targets: ["LabModel"]),
    .library(name: "LabSpec", targets: ["LabSpec"]),
    .library(name: "LabCheck", targets: ["LabCheck"]),
    .library(name: "LabRender", targets: ["LabRender"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
    .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
  ],
  targets: [
    .target(name: "LabModel", swiftSettings: swiftSettings),
    .target(
      name: "LabSpec",
      dependencies: ["LabModel", .product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings
    ),
    .target(name: "LabCheck", dependencies: ["LabModel"], swiftSettings: swiftSettings),
    .target(
      name: "LabRender",
      dependencies: [
        "LabModel", "LabCheck", .product(name: "Plot", package: "Plot"), .product(name: "Ink", package: "Ink"),
      ],
      swiftSettings: swiftSettings),
    .executableTarget(
      name: "labctl",
      dependencies: [
        "LabModel", "LabSpec", "LabCheck", "LabRender",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "LabTestSupport",
      dependencies: ["LabModel", "LabSpec", "LabCheck"],
      path: "Tests/LabTestSupport",
      swiftSettings: swiftSettings
    ),
    .testTarget(name: "LabModelTests", dependencies: ["LabModel"], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabSpecTests", dependencies: ["LabSpec", "LabTestSupport"],
      resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabCheckTests", dependencies: ["LabCheck", "LabSpec", "LabTestSupport"],
      resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabRenderTests", dependencies: ["LabRender", "LabSpec", "LabTestSupport"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "LabctlTests", dependencies: ["LabTestSupport", "labctl"], swiftSettings: swiftSettings),
  ]
)
