import CBLAS
import Foundation

/// Where a result was computed: processor, convolution path and OpenBLAS kernel core. The numeric
/// part (`numericIdentity`: architecture, convolution path, BLAS core) enters every staleness and
/// trial key, because each of them changes the order of floating-point sums and so the numbers;
/// the processor model is recorded for the reader (run.json, the report's title page).
public struct MachineProfile: Codable, Sendable, Equatable {
    /// The processor's model name.
    public var cpuModel: String
    /// "x86_64" or "arm64".
    public var architecture: String
    public var convolutionPath: ConvolutionPath
    /// OpenBLAS's kernel core (`openblas_get_corename()`: "Cooperlake", "SkylakeX", "Haswell", …).
    public var blasCore: String
    /// Processors available to this process.
    public var cores: Int

    public init(cpuModel: String, architecture: String, convolutionPath: ConvolutionPath, blasCore: String, cores: Int) {
        self.cpuModel = cpuModel
        self.architecture = architecture
        self.convolutionPath = convolutionPath
        self.blasCore = blasCore
        self.cores = cores
    }

    /// This machine, for a process started with `environment` (default: this process's).
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> MachineProfile {
        MachineProfile(cpuModel: CPUDescription.current.model, architecture: architectureName,
                       convolutionPath: .selected(cpu: .current, environment: environment), blasCore: blasCoreName,
                       cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// What of the machine can change a computed number.
    public var numericIdentity: String { "\(architecture)/\(convolutionPath.rawValue)/\(blasCore)" }

    /// One line for a reader: "AMD EPYC 9R14 · direct-3x3 convolutions · OpenBLAS Cooperlake · 2 cores".
    public var summary: String {
        "\(cpuModel) · \(convolutionPath.rawValue) convolutions · OpenBLAS \(blasCore) · \(cores) cores"
    }

    static let blasCoreName: String = {
        guard let name = openblas_get_corename() else { return "unknown" }
        let text = String(cString: name).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "unknown" : text
    }()

    static var architectureName: String {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #else
        "other"
        #endif
    }
}
