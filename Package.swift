// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kam",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kam", targets: ["kam"]),
        .library(name: "LinearProgramming", targets: ["LinearProgramming"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // GLPK 5 from the system (Debian: libglpk-dev). Only LinearProgramming may import it.
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // The C wall around GLPK: every call that can fail runs under glp_error_hook + setjmp,
        // so a GLPK error becomes a return code instead of abort().
        .target(
            name: "GLPKShim",
            dependencies: ["CGLPK"],
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        .target(
            name: "LinearProgramming",
            dependencies: ["CGLPK", "GLPKShim"]
        ),
        // libyaml from the system (Debian: libyaml-dev), read event by event (see YAMLReader.swift).
        .systemLibrary(
            name: "CYAML",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "Scenarios",
            dependencies: ["CYAML"]
        ),
        .target(
            name: "Allocation",
            dependencies: ["Scenarios", "LinearProgramming", "Accounts"]
        ),
        // The account side: financial health, fake key accounts and re-tiering, the account's page data.
        .target(
            name: "Accounts",
            dependencies: ["Scenarios"]
        ),
        // Optimised in debug builds too: the region-day program (RegionDayProgram.swift) is a tight
        // loop that runs about 100x slower unoptimised, and the tests schedule whole generated books.
        .target(
            name: "Visits",
            dependencies: ["Scenarios", "LinearProgramming"],
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // The weekly pipeline: scenario -> allocation + visits -> WeeklyPlan, phase timings, the atomic plan writer.
        .target(
            name: "Planning",
            dependencies: ["Scenarios", "Allocation", "Visits"]
        ),
        // The planning workspace: workspace.yaml and its rules, against the WorkspaceStore protocol.
        .target(
            name: "Workspace",
            dependencies: [
                "Scenarios", "Planning", "Visits", "Allocation", "Reports",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The SQLite store (kam.sqlite) through GRDB: the only importer of GRDB.
        .target(
            name: "WorkspaceSQLite",
            dependencies: ["Workspace", "Scenarios", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The PostgreSQL store through postgres-nio's PostgresClient: the only importer of PostgresNIO.
        .target(
            name: "WorkspacePostgres",
            dependencies: [
                "Workspace", "Scenarios",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Rendering only: tables, CSV, JSON, HTML and calendars of plans and comparisons.
        .target(
            name: "Reports",
            dependencies: ["Scenarios", "Allocation", "Visits", "Planning", "Accounts"]
        ),
        // The team server: Hummingbird routes, sign-in, web pages; thin wiring over Workspace and Planning.
        .target(
            name: "Server",
            dependencies: [
                "Scenarios", "Planning", "Workspace", "Reports", "Visits", "Allocation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [
                .embedInCode("Resources/openapi.yaml"), .embedInCode("Resources/layout.mustache"), .embedInCode("Resources/signin.mustache"),
                .embedInCode("Resources/manager.mustache"), .embedInCode("Resources/planner.mustache"), .embedInCode("Resources/error.mustache"),
            ]
        ),
        .executableTarget(
            name: "kam",
            dependencies: [
                "Server",
                "LinearProgramming",
                "Scenarios",
                "Allocation",
                "Visits",
                "Planning",
                "Reports",
                "Accounts",
                "Workspace",
                "WorkspaceSQLite",
                "WorkspacePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libFuzzer over the readers and the decoder (make fuzz); a plain build replays inputs.
        .executableTarget(
            name: "kam-fuzz",
            dependencies: ["Scenarios"]
        ),
        // What every test target shares: the repository root, scratch directories, tolerances.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "LinearProgrammingTests",
            dependencies: ["TestSupport", "LinearProgramming", "GLPKShim"]
        ),
        .testTarget(
            name: "ScenariosTests",
            dependencies: ["TestSupport", "Scenarios"]
        ),
        .testTarget(
            name: "AllocationTests",
            dependencies: ["TestSupport", "Allocation", "Scenarios", "LinearProgramming"]
        ),
        .testTarget(
            name: "AccountsTests",
            dependencies: ["TestSupport", "Accounts", "Scenarios"]
        ),
        .testTarget(
            name: "VisitsTests",
            dependencies: ["TestSupport", "Visits", "Scenarios"]
        ),
        .testTarget(
            name: "WorkspaceTests",
            dependencies: [
                "TestSupport", "Workspace", "WorkspaceSQLite", "WorkspacePostgres", "Scenarios", "Planning", "Reports",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "TestSupport", "Server", "Workspace", "WorkspaceSQLite", "WorkspacePostgres", "Scenarios",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["TestSupport", "Reports", "Planning", "Scenarios"]
        ),
        // End-to-end tests: they run the built `kam` binary.
        .testTarget(
            name: "KamTests",
            dependencies: ["TestSupport", "kam"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
