@testable import Kernels
import Foundation
import XCTest

/// The CPU check that guards the direct convolution kernels (compiled for AVX2 + FMA on x86-64).
/// If it wrongly said no, every direct-kernel test would skip and the report would silently run
/// on im2col + GEMM; if it wrongly said yes, the kernels would crash on an older CPU.
final class VectorUnitTests: XCTestCase {
    func testFlagsAreReadFromTheFirstFlagsLine() {
        let text = """
            processor\t: 0
            model name\t: AMD EPYC
            flags\t\t: fpu vme SSE2 avx avx2 fma bmi2
            bugs\t\t: sysret_ss_attrs

            processor\t: 1
            flags\t\t: fpu
            """
        let flags = VectorUnit.flags(inCPUInfo: text)
        XCTAssert(flags.isSuperset(of: ["fpu", "sse2", "avx", "avx2", "fma", "bmi2"]), "\(flags)")
        XCTAssertFalse(flags.contains("sysret_ss_attrs"), "the bugs line is not a flags line")
        XCTAssertFalse(flags.contains("avx512f"))
    }

    func testNoFlagsLineMeansNoFlags() {
        XCTAssertEqual(VectorUnit.flags(inCPUInfo: "processor\t: 0\nmodel name\t: old\n"), [])
        XCTAssertEqual(VectorUnit.flags(inCPUInfo: ""), [])
    }

    /// On a Linux x86-64 machine whose /proc/cpuinfo lists avx2 and fma, the kernels are on.
    func testThisMachineRunsTheKernelsWhenItsCPUInfoSaysSo() throws {
        #if os(Linux) && arch(x86_64)
        let text = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let line = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("flags") })
        let words = Set(line.split(separator: " ").map(String.init))
        XCTAssertEqual(VectorUnit.runsVectorKernels, words.contains("avx2") && words.contains("fma"))
        #else
        throw XCTSkip("reads /proc/cpuinfo on Linux x86-64 only")
        #endif
    }
}
