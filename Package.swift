// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Taizhang",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "taizhang", targets: ["taizhang"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Pure: states, transitions, scope, roll-ups. Foundation only.
        .target(name: "TaizhangDomain", dependencies: ["TaizhangZip", "TaizhangText", "TaizhangSheet"]),
        // Pure: Chinese text shared by the domain (search) and the reader (traditional → simplified).
        .target(name: "TaizhangText"),
        // Pure: the one zip reader (bounded), for evidence checks and .docx reports. No Foundation.
        .target(name: "TaizhangZip"),
        // zlib from the system (Debian's zlib1g-dev): deflate and crc32 for the .xlsx writer.
        .systemLibrary(name: "CZlib"),
        // Pure: spreadsheets in and out (.xlsx through the one zip reader, .csv), bounded against hostile files.
        .target(name: "TaizhangSheet", dependencies: ["TaizhangZip", "CZlib"]),
        // Pure: the reader of incoming reports (cleaning and finding rules). Foundation only.
        .target(name: "TaizhangIntake", dependencies: ["TaizhangZip", "TaizhangText"]),
        // The text layer of PDFs through poppler, loaded at run time (no build dependency).
        .target(name: "TaizhangPDF"),
        .target(
            name: "TaizhangStorage",
            dependencies: [
                "TaizhangDomain",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The application layer: what the API, the CLI and (next) the pages and importers share. No HTTP.
        .target(
            name: "TaizhangApp",
            dependencies: [
                "TaizhangDomain", "TaizhangStorage", "TaizhangIntake", "TaizhangPDF", "TaizhangSheet",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TaizhangWeb",
            dependencies: [
                "TaizhangDomain",
                "TaizhangStorage",
                "TaizhangIntake",
                "TaizhangApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            resources: [.copy("openapi.json"), .copy("Static")]
        ),
        .executableTarget(
            name: "taizhang",
            dependencies: [
                "TaizhangDomain",
                "TaizhangStorage",
                "TaizhangApp",
                "TaizhangWeb",
                "TaizhangIntake",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "TaizhangDomain", "TaizhangStorage", "TaizhangApp",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "TaizhangDomainTests", dependencies: ["TaizhangDomain", "TaizhangSheet", "TestSupport"]),
        .testTarget(
            name: "TaizhangAppTests",
            dependencies: ["TaizhangApp", "TaizhangIntake", "TaizhangPDF", "TaizhangSheet", "TestSupport"]),
        .testTarget(name: "TaizhangSheetTests", dependencies: ["TaizhangSheet", "TaizhangZip"]),
        .testTarget(name: "TaizhangIntakeTests", dependencies: ["TaizhangIntake", "TaizhangZip"]),
        .testTarget(name: "TaizhangStorageTests", dependencies: ["TaizhangStorage", "TestSupport"]),
        .testTarget(
            name: "TaizhangWebTests",
            dependencies: [
                "TaizhangWeb", "TaizhangSheet", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
