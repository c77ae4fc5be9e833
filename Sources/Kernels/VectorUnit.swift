import Foundation
import Provenance

/// What the CPU's vector unit offers the direct convolution kernels (module VectorKernels). On
/// x86-64 that module is compiled for Haswell (AVX2 + FMA, Package.swift), so it may only run
/// where the processor reports both; elsewhere the convolutions fall back to im2col + GEMM. The
/// processor is read by `Provenance.CPUDescription`, which also records it with every result.
public enum VectorUnit {
    /// True when the VectorKernels code can run here: an x86-64 CPU with AVX2 and FMA, or any arm64.
    public static let runsVectorKernels: Bool = CPUDescription.current.runsVectorKernels

    /// The direct 3×3 convolution kernels are used when the CPU runs them, unless the environment
    /// sets `GL_DIRECT_CONV=0` (to measure or compare the im2col + GEMM path). This is the one
    /// setting: a process keeps its path from start to end (`ConvolutionPath.selected`).
    public static let directConvolutionByDefault: Bool =
        ConvolutionPath.selected(cpu: .current, environment: ProcessInfo.processInfo.environment) == .direct

    /// The feature flags of the first processor in `/proc/cpuinfo` text (its `flags : …` line),
    /// lower case; empty when there is no such line.
    static func flags(inCPUInfo text: String) -> Set<String> { CPUDescription.parse(cpuInfo: text).flags }
}
