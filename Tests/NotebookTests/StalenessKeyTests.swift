import Foundation
import XCTest
@testable import Notebook
import Provenance

final class StalenessKeyTests: XCTestCase {
    private func key(_ text: String, others: [String: String] = [:], fingerprint: String = "f", machine: String = "m",
                     seed: UInt64 = 0, budget: Budget = .full) -> String {
        StalenessKey.compute(main: ChapterSource(text: text), otherFiles: others, sourcesFingerprint: fingerprint,
                             machine: machine, seed: seed, budget: budget)
    }

    func testChangingProseDoesNotMakeAChapterStale() {
        let base = key(ChapterSourceTests.sample)
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "Some *prose*.", with: "Other words.")))
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "and another.", with: "and more\n//: lines.")))
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "A caption", with: "New caption")),
                       "cell options are presentation")
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let a = 1", with: "let a = 1   ")),
                       "trailing spaces")
        XCTAssertEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let a = 1", with: "\n\nlet a = 1\n")),
                       "blank lines")
    }

    func testChangingCodeMakesAChapterStale() {
        let base = key(ChapterSourceTests.sample)
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let a = 1", with: "let a = 2")))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample + "\nprint(c)"))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample.replacingOccurrences(of: "let b = 2", with: "// let b = 2")),
                          "comments inside code are code")
    }

    func testSourcesSeedBudgetAndHelperFilesAreInTheKey() {
        let base = key(ChapterSourceTests.sample)
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, fingerprint: "g"))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, machine: "x86_64/im2col-gemm/Zen"),
                          "the convolution path and the BLAS core change the numbers")
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, seed: 1))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, budget: .smoke))
        XCTAssertNotEqual(base, key(ChapterSourceTests.sample, others: ["Helpers.swift": "func f() {}"]))
        XCTAssertEqual(key(ChapterSourceTests.sample, others: ["Helpers.swift": "func f() {}"]),
                       key(ChapterSourceTests.sample, others: ["Helpers.swift": "func f() {}\n\n"]))
    }

    /// A package skeleton: Sources/Autodiff, Sources/Report, chapters/Support, Package.swift.
    private func makePackage() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fingerprint-\(UUID().uuidString)")
        for directory in ["Sources/Autodiff", "Sources/Report", "chapters/Support"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        try write("a", root, "Sources/Autodiff/A.swift")
        try write("r", root, "Sources/Report/R.swift")
        try write("s", root, "chapters/Support/S.swift")
        try write("let package = 1", root, "Package.swift")
        return root
    }

    private func write(_ text: String, _ root: URL, _ path: String) throws {
        try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    func testCodeFingerprintCoversSourcesSupportAndTheManifestButNotTheRenderers() throws {
        let root = try makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let base = try CodeFingerprint.compute(packageRoot: root)
        try write("r2", root, "Sources/Report/R.swift")
        XCTAssertEqual(base, try CodeFingerprint.compute(packageRoot: root), "the renderers cannot change a number")
        try write("s2", root, "chapters/Support/S.swift")
        let afterSupport = try CodeFingerprint.compute(packageRoot: root)
        XCTAssertNotEqual(base, afterSupport, "a change in chapters/Support makes every chapter stale")
        try write("let package = 2 // -Ounchecked", root, "Package.swift")
        let afterManifest = try CodeFingerprint.compute(packageRoot: root)
        XCTAssertNotEqual(afterSupport, afterManifest, "compiler flags live in Package.swift")
        try write("a2", root, "Sources/Autodiff/A.swift")
        XCTAssertNotEqual(afterManifest, try CodeFingerprint.compute(packageRoot: root))
        let trials = try CodeFingerprint.compute(packageRoot: root, scope: .trials)
        try write("s3", root, "chapters/Support/S.swift")
        XCTAssertEqual(trials, try CodeFingerprint.compute(packageRoot: root, scope: .trials),
                       "trial workers do not link chapters/Support")
        try write("a3", root, "Sources/Autodiff/A.swift")
        XCTAssertNotEqual(trials, try CodeFingerprint.compute(packageRoot: root, scope: .trials))
        let trialsBeforeChapter = try CodeFingerprint.compute(packageRoot: root, scope: .trials)
        let chaptersBeforeChapter = try CodeFingerprint.compute(packageRoot: root)
        try write("let package = 2 // -Ounchecked\n        chapter(\"05-new\", [\"NN\"]),", root, "Package.swift")
        XCTAssertEqual(trialsBeforeChapter, try CodeFingerprint.compute(packageRoot: root, scope: .trials),
                       "a new chapter target is linked by no trial worker")
        XCTAssertNotEqual(chaptersBeforeChapter, try CodeFingerprint.compute(packageRoot: root), "but chapters see the manifest whole")
        try write("let package = 3 // -Ounchecked\n        chapter(\"05-new\", [\"NN\"]),", root, "Package.swift")
        XCTAssertNotEqual(trialsBeforeChapter, try CodeFingerprint.compute(packageRoot: root, scope: .trials),
                          "every other manifest line still counts")
        XCTAssertThrowsError(try CodeFingerprint.compute(packageRoot: root.appendingPathComponent("missing")))
    }

    func testMachineIdentityNamesTheConvolutionPathAndBLASCore() {
        let cpu = CPUDescription(model: "Test CPU", flags: ["avx2", "fma"])
        #if arch(x86_64)
        XCTAssertEqual(ConvolutionPath.selected(cpu: cpu, environment: [:]), .direct)
        #endif
        XCTAssertEqual(ConvolutionPath.selected(cpu: cpu, environment: ["GL_DIRECT_CONV": "0"]), .gemm)
        let here = MachineProfile.current()
        XCTAssertTrue(here.numericIdentity.contains(here.convolutionPath.rawValue))
        XCTAssertTrue(here.numericIdentity.hasSuffix(here.blasCore))
        let gemm = MachineProfile.current(environment: ["GL_DIRECT_CONV": "0"]).numericIdentity
        let standard = MachineProfile.current(environment: [:]).numericIdentity
        if CPUDescription.current.runsVectorKernels {
            XCTAssertNotEqual(gemm, standard, "results on the two convolution paths must not share a key")
        } else {
            XCTAssertEqual(gemm, standard, "without AVX2 + FMA both settings take the GEMM path")
        }
    }

    func testCPUDescriptionReadsModelAndFlags() {
        let text = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7R13 Processor\nflags\t\t: fpu avx2 fma sse\n"
        let cpu = CPUDescription.parse(cpuInfo: text)
        XCTAssertEqual(cpu.model, "AMD EPYC 7R13 Processor")
        XCTAssertEqual(cpu.flags, ["fpu", "avx2", "fma", "sse"])
        XCTAssertEqual(CPUDescription.parse(cpuInfo: "").model, "unknown")
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)),
                       "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
