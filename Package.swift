// swift-tools-version:6.0
// The package layout and module dependency rules follow docs/DESIGN.md "Dependency rules": a numeric stack
// (Kernels → Autodiff → NN → Exchange/Federated/Attacks, Leakage) and a report stack
// (Plotting → Notebook → Report), joined only in chapters/, both on the Foundation-only base
// module FileSupport. Every target lists exactly the modules its files import.
import PackageDescription

/// Kernels are hand-written loops over unsafe buffers; `-Ounchecked` lets them vectorise
/// (docs/NATIVE-LIBS.md §3.8: 2–3 GFLOP/s with overflow-checked index maths, 22–25 without).
let fastMath: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

/// The direct convolution kernels need fused multiply-add on eight-lane vectors: on x86-64 they
/// are compiled for Haswell (AVX2 + FMA), and Kernels calls them only when the CPU reports both
/// (`VectorUnit`); arm64 has FMA in its baseline.
#if arch(x86_64)
let vectorISA: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorISA: [SwiftSetting] = []
#endif

/// A chapter of the report (README "How to add a chapter"): `chapters/<directory>/main.swift`, built as
/// the executable `chapter-<directory>`. Chapters may import the numeric modules they list, plus
/// Notebook and Plotting.
func chapter(_ directory: String, _ numeric: [Target.Dependency]) -> Target {
    .executableTarget(name: "chapter-\(directory)", dependencies: ["ChapterSupport", "Notebook", "Plotting", "Provenance", "Trials"] + numeric,
                      path: "chapters/\(directory)")
}

let package = Package(
    name: "GradientLeakage",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "report", targets: ["ReportCLI"]),
        .executable(name: "bench", targets: ["Bench"]),
        .executable(name: "federate", targets: ["FederateCLI"]),
        .executable(name: "leakage", targets: ["LeakageCLI"]),
        .executable(name: "trial", targets: ["TrialCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System libraries (pkg-config names: openblas, cairo, pangocairo, libpng16, zlib).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Base modules of both stacks: atomic file writes and the grey image (Foundation only);
        // where results come from (machine, code fingerprint, SHA-256); the trial cache.
        .target(name: "FileSupport"),
        .target(name: "Provenance", dependencies: ["CBLAS"]),
        .target(name: "Trials", dependencies: ["FileSupport", "Provenance"]),
        // Child processes that are waited for safely; the executors that run trials in them.
        .target(name: "ProcessSupport"),
        .target(name: "TrialExecution", dependencies: ["ProcessSupport", "Provenance", "Trials"]),

        // Numeric stack.
        .target(name: "VectorKernels", swiftSettings: fastMath + vectorISA),
        .target(name: "Kernels", dependencies: ["CBLAS", "VectorKernels", "Provenance"], swiftSettings: fastMath),
        .target(name: "Autodiff", dependencies: ["Kernels"]),
        .target(name: "NN", dependencies: ["Autodiff", "FileSupport", "Kernels"]),
        .target(name: "Datasets", dependencies: ["Autodiff", "FileSupport", "Kernels", "CPNG", "CZlib"], resources: [.copy("Resources")]),
        .target(name: "Leakage", dependencies: ["Autodiff", "Kernels"]),
        .target(name: "Exchange", dependencies: ["NN"]),
        .target(name: "Federated", dependencies: ["NN", "Autodiff", "Exchange", "Kernels"]),
        // Shared experiment code of the chapters (numeric stack only).
        .target(name: "Experiments", dependencies: ["Attacks", "Federated", "Datasets", "Leakage", "Exchange", "NN", "Autodiff", "Kernels",
                                                   "Provenance", "Trials"]),
        .target(name: "Attacks", dependencies: ["NN", "Autodiff", "Exchange", "Kernels"]),

        // Report stack.
        .target(name: "Plotting", dependencies: ["FileSupport", "CCairo", "CPangoCairo"]),
        .target(name: "Notebook", dependencies: ["FileSupport", "Plotting", "ProcessSupport", "Provenance", "TrialExecution", "Trials"]),
        .target(name: "Report", dependencies: ["FileSupport", "Notebook", "Plotting", "Provenance", "Trials", "CCairo"]),

        // What every chapter shares across the two stacks (chapters/Support).
        .target(name: "ChapterSupport", dependencies: ["Autodiff", "Datasets", "Experiments", "Kernels", "Leakage", "Notebook", "Plotting"],
                path: "chapters/Support"),

        // Executables.
        .executableTarget(name: "TrialCLI", dependencies: [
            "Experiments", "Trials", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ReportCLI", dependencies: [
            "Report", "Notebook", "Provenance", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "FederateCLI", dependencies: [
            "Experiments", "Federated", "Datasets", "FileSupport", "NN", "Autodiff", "Kernels",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "LeakageCLI", dependencies: [
            "Experiments", "Attacks", "Datasets", "Exchange", "Federated", "FileSupport", "Leakage", "NN", "Autodiff", "ProcessSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "Bench", dependencies: ["Kernels", "Autodiff", "NN", "Attacks", "Exchange", "CBLAS", "ProcessSupport"]),

        // Chapters of the report, in order.
        chapter("00-setting", ["Autodiff", "Datasets", "Kernels"]),
        chapter("01-prior-attacks", ["Attacks", "Autodiff", "Datasets", "Exchange", "Experiments", "Federated", "Kernels", "Leakage", "NN"]),
        chapter("02-baseline-attack", ["Attacks", "Autodiff", "Datasets", "Exchange", "Experiments", "Federated", "Kernels", "Leakage", "NN"]),
        chapter("03-measuring-leakage", ["Attacks", "Autodiff", "Datasets", "Exchange", "Experiments", "Federated", "Kernels", "Leakage", "NN"]),
        chapter("04-privacy-utility", ["Attacks", "Autodiff", "Datasets", "Exchange", "Experiments", "Federated", "Kernels", "Leakage", "NN"]),
        chapter("05-paper-scale", ["Attacks", "Autodiff", "Datasets", "Exchange", "Experiments", "Federated", "Kernels", "Leakage", "NN"]),

        // Tests.
        .testTarget(name: "FileSupportTests", dependencies: ["FileSupport"]),
        .testTarget(name: "ProcessSupportTests", dependencies: ["ProcessSupport"]),
        .testTarget(name: "TrialsTests", dependencies: ["Trials", "TrialExecution", "Provenance"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "Kernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Autodiff", "CZlib", "FileSupport", "NN", "Kernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LeakageTests", dependencies: ["Leakage", "Autodiff", "Kernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AttacksTests", dependencies: ["Attacks", "Exchange", "NN", "Autodiff", "Kernels", "Leakage", "Datasets", "Experiments", "Trials"]),
        .testTarget(name: "LeakageCLITests", dependencies: ["LeakageCLI", "Datasets", "Experiments", "Attacks", "Autodiff", "Exchange", "NN", "ProcessSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["NN", "Autodiff", "Kernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FederatedTests", dependencies: ["Federated", "Experiments", "Exchange", "Datasets", "NN", "Autodiff", "Kernels"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "CCairo"]),
        .testTarget(name: "NotebookTests", dependencies: ["FileSupport", "Notebook", "Plotting", "Provenance", "Trials"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Notebook", "Plotting", "ProcessSupport"], resources: [.copy("Fixtures")]),
    ]
)
