import Foundation
#if canImport(Darwin)
import Darwin
#endif

/// What the processor says about itself: its model name and feature flags, read from
/// `/proc/cpuinfo` on Linux (sysctl on macOS). Both the convolution dispatch (`Kernels.VectorUnit`)
/// and the provenance of every result (`MachineProfile`) read it from here, so the kernel path a
/// result records is the one that computed it.
public struct CPUDescription: Sendable, Equatable, Codable {
    /// "AMD EPYC 9R14 96-Core Processor", "Intel(R) Xeon(R) Platinum 8488C", … ("unknown" when unreadable).
    public var model: String
    /// Feature flags in lower case ("avx2", "fma", "avx512f", …); empty when unreadable.
    public var flags: Set<String>

    public init(model: String, flags: Set<String>) {
        self.model = model
        self.flags = flags
    }

    /// This machine's processor (read once).
    public static let current: CPUDescription = {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return CPUDescription(model: "unknown", flags: [])
        }
        return parse(cpuInfo: text)
        #elseif os(macOS)
        var found: Set<String> = []
        for (name, flag) in [("hw.optional.avx2_0", "avx2"), ("hw.optional.fma", "fma")] {
            var value: Int32 = 0
            var size = MemoryLayout<Int32>.size
            if sysctlbyname(name, &value, &size, nil, 0) == 0 && value != 0 { found.insert(flag) }
        }
        var size = 0
        sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0)
        var bytes = [CChar](repeating: 0, count: max(size, 1))
        sysctlbyname("machdep.cpu.brand_string", &bytes, &size, nil, 0)
        let model = String(decoding: bytes.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return CPUDescription(model: model.isEmpty ? "unknown" : model, flags: found)
        #else
        return CPUDescription(model: "unknown", flags: [])
        #endif
    }()

    /// The first processor's `model name` and `flags` lines of `/proc/cpuinfo` text.
    public static func parse(cpuInfo text: String) -> CPUDescription {
        CPUDescription(model: value(of: "model name", in: text) ?? "unknown",
                       flags: Set((value(of: "flags", in: text) ?? "")
                           .split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }))
    }

    /// True when the direct convolution kernels (compiled for AVX2 + FMA on x86-64) can run here.
    public var runsVectorKernels: Bool {
        #if arch(x86_64)
        return flags.contains("avx2") && flags.contains("fma")
        #elseif arch(arm64)
        return true
        #else
        return false
        #endif
    }

    private static func value(of key: String, in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces) == key else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
