import Attacks
import Autodiff
import Datasets
import Foundation
import NN
import XCTest

/// `leakage audit` end to end on a small generated update (resnet-mini width 4, N = B = 2, one step):
/// report.json's decision, the printed summary and the exit status agree in every case of
/// `LeakageGate`, including a partly undefined update; label accuracy only with true labels;
/// configuration files; the side-by-side picture.
extension LeakageAuditTests {
    /// A temporary folder with global.safetensors, update.safetensors, and client-image folders:
    /// `mixed` (a.png: a pixel checkerboard, whose SSIM with the default gray prior is ≈ 0.004, so its
    /// RDLV is undefined; b.png: a faint gradient, defined) and `smooth` (two faint gradients).
    func smallCase() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-case-\(UUID())")
        for sub in ["mixed", "smooth", "out"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let checker = Tensor(shape: [1, 32, 32], scalars: (0..<1024).map { Float(($0 / 32 + $0 % 32) % 2) })
        func gradient(_ k: Float) -> Tensor {
            Tensor(shape: [1, 32, 32], scalars: (0..<1024).map { 0.45 + 0.1 * Float(($0 % 32) + ($0 / 32)) / 62 * k })
        }
        try ImageFile.write(checker, to: folder.appendingPathComponent("mixed/a.png").path)
        try ImageFile.write(gradient(1), to: folder.appendingPathComponent("mixed/b.png").path)
        try ImageFile.write(gradient(1), to: folder.appendingPathComponent("smooth/a.png").path)
        try ImageFile.write(gradient(0.5), to: folder.appendingPathComponent("smooth/b.png").path)
        let model = ResNet.mini(width: 4)
        let global = model.initialState(seed: 3)
        let images = concatenate([checker, gradient(1)].map { $0.reshaped([1, 1, 32, 32]) }, axis: 0)
        let trained = LocalTraining(learningRate: 0.01, batchSize: 2).train(model, from: global, images: images, targets: .hard([1, 7]))
        try SafeTensors.write(global, to: folder.appendingPathComponent("global.safetensors").path)
        try SafeTensors.write(trained.state - global, to: folder.appendingPathComponent("update.safetensors").path)
        return folder
    }

    func smallAudit(_ folder: URL, _ extra: [String], iterations: Int? = 5) throws -> (status: Int32, output: String, report: [String: Any]?) {
        let out = folder.appendingPathComponent("out").path
        let (status, output) = try runAudit([
            "--width", "4", "--global", folder.appendingPathComponent("global.safetensors").path,
            "--update", folder.appendingPathComponent("update.safetensors").path,
            "--batch-size", "2", "--images", "2", "--out", out] + (iterations.map { ["--iterations", "\($0)"] } ?? []) + extra)
        let data = try? Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("report.json"))
        return (status, output, data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] })
    }

    func requireExecutable() throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw XCTSkip("leakage not built") }
    }

    func testAPartlyUndefinedUpdateIsWithheld() throws {
        try requireExecutable()
        let folder = try smallCase()
        let (status, output, report) = try smallAudit(folder, ["--client-images", folder.appendingPathComponent("mixed").path,
                                                               "--threshold", "1000"])
        XCTAssertEqual(status, 3, output)
        let decision = try XCTUnwrap(report?["decision"] as? [String: Any], output)
        XCTAssertEqual(decision["action"] as? String, "withhold")
        XCTAssertEqual(decision["reason"] as? String, "undefined-rdlv")
        XCTAssertEqual(decision["exitStatus"] as? Int, 3)
        let leakage = try XCTUnwrap(report?["leakage"] as? [String: Any])
        XCTAssertEqual(leakage["undefinedImages"] as? [Int], [0], "the checkerboard's RDLV is undefined")
        let images = try XCTUnwrap(leakage["images"] as? [[String: Any]])
        XCTAssertNil(images[0]["rdlv"], "undefined is omitted, not a number")
        XCTAssertNotNil(images[1]["rdlv"] as? Double, "the gradient's RDLV is defined")
        XCTAssertTrue(output.contains("RDLV undefined"), output)
        XCTAssertTrue(output.contains("decision: WITHHOLD the update (exit 3): RDLV is undefined for image 0 of 2"), output)

        // The picture: two columns (original above its best reconstruction), tiles ≥ 128 px, captions below.
        let picture = try ImageFile.read(folder.appendingPathComponent("out/side-by-side.png").path)
        XCTAssertGreaterThanOrEqual(picture.shape[2], 2 * 128, "\(picture.shape)")
        XCTAssertGreaterThanOrEqual(picture.shape[1], 2 * 128 + 3 * 14, "\(picture.shape)")
    }

    func testAScoredUpdateWithinTheThresholdIsSentAndLabelsAreOnlyScoredWhenGiven() throws {
        try requireExecutable()
        let folder = try smallCase()
        let smooth = folder.appendingPathComponent("smooth").path
        let (status, output, report) = try smallAudit(folder, ["--client-images", smooth, "--threshold", "1000"])
        XCTAssertEqual(status, 0, output)
        XCTAssertEqual((report?["decision"] as? [String: Any])?["action"] as? String, "send", output)
        XCTAssertTrue(output.hasSuffix("decision: send the update (exit 0)\n"), output)
        let leakage = try XCTUnwrap(report?["leakage"] as? [String: Any])
        XCTAssertNil(leakage["labelAccuracy"], "no true labels, no label accuracy")
        XCTAssertNil(report?["trueLabels"])

        let labelled = try smallAudit(folder, ["--client-images", smooth, "--threshold", "1000", "--client-labels", "1,7"])
        XCTAssertEqual(labelled.status, 0, labelled.output)
        XCTAssertNotNil((labelled.report?["leakage"] as? [String: Any])?["labelAccuracy"] as? Double, labelled.output)
        XCTAssertEqual(labelled.report?["trueLabels"] as? [Int], [1, 7])

        let wrongCount = try smallAudit(folder, ["--client-images", smooth, "--client-labels", "1"])
        XCTAssertEqual(wrongCount.status, 1, wrongCount.output)
        XCTAssertTrue(wrongCount.output.contains("--client-labels gives 1 labels for 2 client images"), wrongCount.output)

        let low = try smallAudit(folder, ["--client-images", smooth, "--threshold=-5"])
        XCTAssertEqual(low.status, 3, low.output)
        XCTAssertEqual((low.report?["decision"] as? [String: Any])?["reason"] as? String, "above-threshold", low.output)
    }

    func testWithoutClientImagesTheUpdateIsNotScoredAndWithheld() throws {
        try requireExecutable()
        let folder = try smallCase()
        let (status, output, report) = try smallAudit(folder, [])
        XCTAssertEqual(status, 3, output)
        XCTAssertEqual((report?["decision"] as? [String: Any])?["reason"] as? String, "not-scored", output)
        XCTAssertNil(report?["leakage"])
        XCTAssertTrue(output.contains("not scored"), output)
        let picture = try ImageFile.read(folder.appendingPathComponent("out/side-by-side.png").path)
        XCTAssertGreaterThanOrEqual(picture.shape[2], 2 * 128, "two reconstructions, enlarged: \(picture.shape)")
    }

    func testConfigurationFiles() throws {
        try requireExecutable()
        let printed = try runAudit(["--print-config"])
        XCTAssertEqual(printed.status, 0, printed.output)
        let configuration = try InversionConfiguration.decode(Data(printed.output.utf8), source: "printed")
        XCTAssertEqual(configuration.jsonData(), BaselineAttack.tuned(iterations: 2_000).configuration.jsonData())
        XCTAssertEqual(try InversionConfiguration.decode(Data(try runAudit(["--print-config", "--iterations", "7"]).output.utf8),
                                                         source: "printed").iterations, 7)

        let folder = try smallCase()
        let file = folder.appendingPathComponent("attack.json")
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: configuration.jsonData()) as? [String: Any])
        object["iterations"] = 3
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        let run = try smallAudit(folder, ["--config", file.path], iterations: nil)
        XCTAssertEqual(run.status, 3, run.output)
        XCTAssertEqual((run.report?["settings"] as? [String: Any])?["iterations"] as? Int, 3, "the file's iterations: \(run.output)")
        XCTAssertEqual((run.report?["settings"] as? [String: Any])?["config"] as? String, file.path)
        XCTAssertEqual((run.report?["configuration"] as? [String: Any])?["iterations"] as? Int, 3)
        let overridden = try smallAudit(folder, ["--config", file.path], iterations: 4)
        XCTAssertEqual((overridden.report?["settings"] as? [String: Any])?["iterations"] as? Int, 4, "--iterations wins: \(overridden.output)")

        for (change, message) in [("iterations", "iterations must be at least 1, got -2"), ("tvWieght", "unknown key \"tvWieght\"")] {
            var bad = object
            bad[change] = -2
            try JSONSerialization.data(withJSONObject: bad).write(to: file)
            let failed = try smallAudit(folder, ["--config", file.path], iterations: nil)
            XCTAssertEqual(failed.status, 1, failed.output)
            XCTAssertTrue(failed.output.contains("\(file.path): "), failed.output)
            XCTAssertTrue(failed.output.contains(message), failed.output)
        }
    }
}
