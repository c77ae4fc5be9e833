/// Which code computes the 3×3 stride-1 convolutions. The two paths add in different orders, so
/// attack trajectories (chaotic in the last bit) and with them a report's numbers depend on it:
/// it is part of every staleness and trial key, and every run records it.
public enum ConvolutionPath: String, Codable, Sendable, CaseIterable {
    /// The direct kernels of `VectorKernels` (AVX2 + FMA on x86-64).
    case direct = "direct-3x3"
    /// im2col + OpenBLAS sgemm everywhere.
    case gemm = "im2col-gemm"

    /// The environment variable that forces the GEMM path (`GL_DIRECT_CONV=0`).
    public static let environmentVariable = "GL_DIRECT_CONV"

    /// The path a process started with `environment` takes on a processor like `cpu`.
    public static func selected(cpu: CPUDescription, environment: [String: String]) -> ConvolutionPath {
        cpu.runsVectorKernels && environment[environmentVariable] != "0" ? .direct : .gemm
    }

    /// The environment a process needs to take this path (on a processor that runs both).
    public var environment: [String: String] {
        switch self {
        case .direct: [:]
        case .gemm: [ConvolutionPath.environmentVariable: "0"]
        }
    }
}
