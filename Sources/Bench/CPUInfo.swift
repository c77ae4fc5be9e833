import Foundation

/// The value of the first `name : value` line of /proc/cpuinfo (Linux), if readable.
func cpuInfoField(_ name: String) -> String? {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") {
        guard let colon = line.firstIndex(of: ":"),
              line[..<colon].trimmingCharacters(in: .whitespaces) == name else { continue }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return nil
}

/// The CPU model from /proc/cpuinfo, if readable.
func cpuModel() -> String? { cpuInfoField("model name") }

/// The CPU model with its family and model numbers (a virtual machine may report only "AMD EPYC";
/// family 23 is Zen 1/2, 25 Zen 3/4), e.g. "AMD EPYC (family 23, model 1)". Read once.
let cpuIdentity: String = {
    let numbers = [("family", cpuInfoField("cpu family")), ("model", cpuInfoField("model"))]
        .compactMap { name, value in value.map { "\(name) \($0)" } }
    return (cpuModel() ?? "unknown") + (numbers.isEmpty ? "" : " (" + numbers.joined(separator: ", ") + ")")
}()
