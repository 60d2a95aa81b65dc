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
    .library(name: "LabIO", targets: ["LabIO"]),
    .library(name: "LabInventory", targets: ["LabInventory"]),
    .library(name: "LabSpec", targets: ["LabSpec"]),
    .library(name: "LabCheck", targets: ["LabCheck"]),
    .library(name: "LabRender", targets: ["LabRender"]),
    .library(name: "LabExport", targets: ["LabExport"]),
    .library(name: "LabPipeline", targets: ["LabPipeline"]),
    .library(name: "LabDelivery", targets: ["LabDelivery"]),
    .library(name: "LabProbe", targets: ["LabProbe"]),
    .library(name: "LabServer", targets: ["LabServer"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
    .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
  ],
  targets: [
    // Values only: the model, diagnostics, source locations, typed addresses, artifacts.
    .target(name: "LabModel", swiftSettings: swiftSettings),
    // System calls Foundation does not expose (atomic directory exchange, parent-death signal).
    .target(name: "CLabSys"),
    // The file system protocol (+ a recording one), the atomic artifact writer.
    .target(name: "LabIO", dependencies: ["LabModel", "CLabSys"], swiftSettings: swiftSettings),
    // The Ansible inventory reader and its ansible-inventory outputs.
    .target(
      name: "LabInventory",
      dependencies: ["LabModel", "LabIO", .product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings
    ),
    // lab.yaml, talconfig/talenv, prose.
    .target(
      name: "LabSpec",
      dependencies: ["LabModel", "LabIO", "LabInventory"],
      swiftSettings: swiftSettings
    ),
    .target(name: "LabCheck", dependencies: ["LabModel"], swiftSettings: swiftSettings),
    .target(
      name: "LabRender",
      dependencies: [
        "LabModel", "LabCheck", .product(name: "Plot", package: "Plot"), .product(name: "Ink", package: "Ink"),
      ],
      swiftSettings: swiftSettings),
    // One exporter per kind: the model in, the real tools' configs out.
    .target(name: "LabExport", dependencies: ["LabModel", "LabCheck"], swiftSettings: swiftSettings),
    // load → check → simulate → render | export, once: what every command and the server run.
    .target(
      name: "LabPipeline",
      dependencies: ["LabModel", "LabIO", "LabSpec", "LabCheck", "LabRender", "LabExport"],
      swiftSettings: swiftSettings),
    // Image-tag delivery: surgical tag bumps, git, webhook verification, the durable queue, GitHub PRs.
    .target(
      name: "LabDelivery",
      dependencies: [
        "LabModel", "LabIO", "LabPipeline",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings),
    // Live checks: probes, the sweep and the scheduler, dependency-aware status.
    .target(
      name: "LabProbe",
      dependencies: [
        "LabModel", "LabCheck",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "LabServer",
      dependencies: [
        "LabModel", "LabIO", "LabCheck", "LabRender", "LabPipeline", "LabDelivery", "LabProbe",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "CoreMetrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "CompressNIO", package: "compress-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "labctl",
      dependencies: [
        "LabModel", "LabIO", "LabInventory", "LabCheck", "LabRender", "LabExport", "LabPipeline", "LabServer",
        "LabDelivery", "LabProbe", "CLabSys",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "LabTestSupport",
      dependencies: ["LabModel", "LabIO", "LabSpec", "LabCheck"],
      path: "Tests/LabTestSupport",
      swiftSettings: swiftSettings
    ),
    .testTarget(name: "LabModelTests", dependencies: ["LabModel"], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabIOTests", dependencies: ["LabIO", "LabModel", "LabTestSupport"], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabInventoryTests", dependencies: ["LabInventory", "LabIO", "LabModel", "LabTestSupport"],
      resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabSpecTests", dependencies: ["LabSpec", "LabIO", "LabInventory", "LabTestSupport"],
      resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabCheckTests", dependencies: ["LabCheck", "LabSpec", "LabIO", "LabTestSupport"],
      resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabExportTests",
      dependencies: [
        "LabExport", "LabModel", "LabIO", "LabInventory", "LabSpec", "LabCheck", "LabTestSupport",
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["Fixtures", "Golden"], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabRenderTests", dependencies: ["LabRender", "LabSpec", "LabIO", "LabTestSupport"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabPipelineTests",
      dependencies: [
        "LabPipeline", "LabIO", "LabModel", "LabSpec", "LabRender", "LabCheck", "LabExport", "LabTestSupport",
      ],
      exclude: ["Golden"], swiftSettings: swiftSettings),
    .testTarget(
      name: "LabServerTests",
      dependencies: [
        "LabServer", "LabModel", "LabIO", "LabRender", "LabSpec", "LabCheck", "LabPipeline", "LabProbe",
        "LabTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "CompressNIO", package: "compress-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "LabDeliveryTests",
      dependencies: [
        "LabDelivery", "LabModel", "LabIO", "LabSpec", "LabTestSupport",
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "LabProbeTests",
      dependencies: [
        "LabProbe", "LabModel", "LabSpec", "LabCheck", "LabIO", "LabTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "LabctlTests",
      dependencies: ["LabTestSupport", "LabIO", "labctl", .product(name: "Crypto", package: "swift-crypto")],
      exclude: ["Help"], swiftSettings: swiftSettings),
  ]
)
