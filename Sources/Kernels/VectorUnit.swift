import Foundation

/// What the CPU's vector unit offers the direct convolution kernels (module VectorKernels). On
/// x86-64 that module is compiled for Haswell (AVX2 + FMA, Package.swift), so it may only run
/// where the processor reports both; elsewhere the convolutions fall back to im2col + GEMM.
public enum VectorUnit {
    /// True when the VectorKernels code can run here: an x86-64 CPU with AVX2 and FMA, or any arm64.
    public static let runsVectorKernels: Bool = {
        #if arch(x86_64)
        return cpuFlags.contains("avx2") && cpuFlags.contains("fma")
        #elseif arch(arm64)
        return true
        #else
        return false
        #endif
    }()

    /// The direct 3×3 convolution kernels are used when the CPU runs them, unless the environment
    /// sets `GL_DIRECT_CONV=0` (to measure or compare the im2col + GEMM path).
    public static let directConvolutionByDefault: Bool =
        runsVectorKernels && ProcessInfo.processInfo.environment["GL_DIRECT_CONV"] != "0"

    #if arch(x86_64)
    /// The CPU's feature flags, lower case ("avx2", "fma", …); empty when they cannot be read.
    static let cpuFlags: Set<String> = {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        return flags(inCPUInfo: text)
        #elseif os(macOS)
        var found: Set<String> = []
        for (name, flag) in [("hw.optional.avx2_0", "avx2"), ("hw.optional.fma", "fma")] {
            var value: Int32 = 0
            var size = MemoryLayout<Int32>.size
            if sysctlbyname(name, &value, &size, nil, 0) == 0 && value != 0 { found.insert(flag) }
        }
        return found
        #else
        return []
        #endif
    }()
    #endif

    /// The feature flags of the first processor in `/proc/cpuinfo` text (its `flags : …` line),
    /// lower case; empty when there is no such line.
    static func flags(inCPUInfo text: String) -> Set<String> {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() })
    }
}
