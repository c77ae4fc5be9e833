import Foundation
import ProcessSupport
import XCTest

/// `leakage tune`: it refuses anything outside the tuning range and appends one record per run to its log.
extension LeakageAuditTests {
    func runLeakage(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let (output, errors, termination) = try ChildProcess.outputs(of: executable, arguments)
        return (termination.status, String(decoding: output + errors, as: UTF8.self))
    }

    func testTuneRefusesTheEvaluationPool() throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw XCTSkip("leakage not built") }
        let pool = try runLeakage(["tune", "--images=-1", "--no-log"])
        XCTAssertEqual(pool.status, 1, pool.output)
        XCTAssertTrue(pool.output.contains("train index 49999, in the evaluation pool"), pool.output)
        let prior = try runLeakage(["tune", "--images", "999", "--client", "2:1", "--no-log"])
        XCTAssertEqual(prior.status, 1, prior.output)
        XCTAssertTrue(prior.output.contains("train index 51000, in the prior's images"), prior.output)
    }

    func testTuneAppendsARecordPerRun() throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw XCTSkip("leakage not built") }
        guard FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz") else {
            throw XCTSkip("Fashion-MNIST is not installed (make deps)")
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tuning-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: log) }
        for note in ["first", "second"] {
            let run = try runLeakage(["tune", "--width", "4", "--images", "0", "--seeds", "1,2", "--iterations", "2",
                                      "--set", "tvWeight=0.1", "--log", log.path, "--note", note])
            XCTAssertEqual(run.status, 0, run.output)
            XCTAssertTrue(run.output.contains("SUMMARY over 2 images: median SSIM"), run.output)
        }
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 2, "one record per invocation, appended")
        let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        XCTAssertEqual(record["note"] as? String, "second")
        XCTAssertEqual((record["configuration"] as? [String: Any])?["tvWeight"] as? Double, 0.1)
        XCTAssertEqual((record["configuration"] as? [String: Any])?["iterations"] as? Int, 2)
        let runs = try XCTUnwrap(record["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["trainIndices"] as? [Int] }, [[50_000], [50_000]])
        XCTAssertEqual(runs.map { $0["seed"] as? Int }, [1, 2])
        XCTAssertNotNil(record["date"] as? String)
        XCTAssertNotNil(record["summary"] as? [String: Any])
    }
}
