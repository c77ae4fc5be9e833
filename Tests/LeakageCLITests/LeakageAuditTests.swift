import Datasets
import Experiments
import Foundation
import XCTest

/// End to end: `leakage audit` on an update produced by PyTorch (tools/leakage_update_fixture.py:
/// resnet-mini, one Fashion-MNIST image, one SGD step) reconstructs the image and flags the update.
final class LeakageAuditTests: XCTestCase {
    /// The built `leakage` executable (next to the test bundle).
    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("leakage")
    }

    func fixture(_ name: String) throws -> String {
        try XCTUnwrap(Bundle.module.path(forResource: name, ofType: nil, inDirectory: "Fixtures"))
    }

    func runAudit(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["audit"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    func testAuditOfAPyTorchUpdateRecoversTheImageAndWithholdsIt() throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw XCTSkip("the leakage executable is not built next to the tests (\(executable.path))")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID())")
        defer { try? FileManager.default.removeItem(at: out) }
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let prior = out.appendingPathComponent("prior.png").path
        try ImageFile.write(try StudyData.load(poolSize: 10, testSize: 1).prior, to: prior)
        let (status, output) = try runAudit([
            "--global", try fixture("global.safetensors"), "--update", try fixture("update.safetensors"),
            "--batch-size", "1", "--images", "1", "--iterations", "1000", "--prior", prior,
            "--client-images", try fixture("images"), "--threshold", "0.3", "--out", out.path])
        XCTAssertEqual(status, 3, "expected exit 3 (withhold): \(output)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let leakage = try XCTUnwrap(report?["leakage"] as? [String: Any])
        let rdlv = try XCTUnwrap(leakage["updateRDLV"] as? Double)
        XCTAssertGreaterThan(rdlv, 0.3, output)
        let decision = try XCTUnwrap(report?["decision"] as? [String: Any])
        XCTAssertEqual(decision["action"] as? String, "withhold", output)
        XCTAssertEqual(decision["reason"] as? String, "above-threshold", output)
        XCTAssertNil(leakage["labelAccuracy"], "no --client-labels: no label accuracy")
        let picture = try ImageFile.read(out.appendingPathComponent("side-by-side.png").path)
        XCTAssertGreaterThanOrEqual(picture.shape[1], 2 * 128, "original above reconstruction, enlarged: \(picture.shape)")
    }

    func testMismatchedUpdatesListEveryProblem() throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw XCTSkip("leakage not built") }
        let (status, output) = try runAudit([
            "--arch", "resnet-mini", "--width", "8", "--global", try fixture("global.safetensors"),
            "--update", try fixture("update.safetensors"), "--batch-size", "1", "--images", "1", "--out", "/tmp/unused"])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(output.contains("global.safetensors"), output)
        XCTAssertGreaterThan(output.components(separatedBy: "shape").count, 10, "every mis-shaped entry is listed: \(output)")
    }
}
