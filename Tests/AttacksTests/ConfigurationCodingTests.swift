import Attacks
import Foundation
import XCTest

/// Attack configurations as JSON files (issue #21 item 4): presets round-trip, loss terms keep their
/// names, and every kind of bad file is an error that names the file and the problem.
final class ConfigurationCodingTests: XCTestCase {
    static let presets: [(String, InversionConfiguration)] = [
        ("tuned", BaselineAttack.tuned().configuration), ("paper", BaselineAttack.paper().configuration),
        ("released", BaselineAttack.releasedCode().configuration), ("dlg", DLG().configuration),
        ("idlg", IDLG().configuration), ("ig", InvertingGradients().configuration), ("gi", GradInversion().configuration),
    ]

    func testEveryPresetRoundTrips() throws {
        for (name, configuration) in Self.presets {
            let decoded = try InversionConfiguration.decode(configuration.jsonData(), source: name)
            XCTAssertEqual(decoded.jsonData(), configuration.jsonData(), name)
            XCTAssertEqual(decoded.optimizer, configuration.optimizer, name)
            XCTAssertEqual(decoded.schedule, configuration.schedule, name)
            XCTAssertEqual(decoded.normScaling, configuration.normScaling, name)
            XCTAssertEqual(decoded.learningRate, configuration.learningRate, name)
        }
        let attack = BaselineAttack.tuned(iterations: 7)
        let decoded = try JSONDecoder().decode(BaselineAttack.self, from: JSONEncoder().encode(attack))
        XCTAssertEqual(decoded.name, attack.name)
        XCTAssertEqual(decoded.configuration.iterations, 7)
        let gi = try JSONDecoder().decode(GradInversion.self, from: JSONEncoder().encode(GradInversion(iterations: 9)))
        XCTAssertEqual(gi.configuration.iterations, 9)
    }

    func testTheFileFormIsReadable() throws {
        let text = String(decoding: BaselineAttack.tuned(iterations: 2_000).configuration.jsonData(), as: UTF8.self)
        XCTAssertTrue(text.contains("\"kind\" : \"warmupCosine\""), text)
        XCTAssertTrue(text.contains("\"distance\" : \"cosine\""), text)
        XCTAssertTrue(text.contains("\"normMatching\" : \"simulatedSteps\""), text)
        XCTAssertFalse(text.contains("progressInterval"), "a runtime setting, not part of the file")
    }

    /// The total adds the components in the order update, bn, tv, l2, whatever the dictionary's
    /// own (per-process) order: with these values another order gives 0 or 1e-8, not 1.
    func testTheTotalAddsTheTermsInOneFixedOrder() {
        let terms: [LossTerm: Float] = [.update: 1e8, .bn: -1e8, .tv: 1, .l2: 1e-8]
        XCTAssertEqual(LossTerm.total(of: terms), 1)
        XCTAssertEqual(LossTerm.total(of: [.tv: 0.5, .total: 100]), 0.5, "the total itself is not a component")
    }

    func testLossTermsKeepTheirNames() throws {
        XCTAssertEqual(LossTerm.allCases.map(\.rawValue), ["update", "bn", "tv", "l2", "total"])
        let json = try JSONEncoder().encode([LossTerm.bn: Float(0.5), .total: 1])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json) as? [String: Double])
        XCTAssertEqual(object, ["bn": 0.5, "total": 1], "a dictionary keyed by terms is a JSON object")
        let old = Data(#"{"update": 0.25, "tv": 0.125}"#.utf8)
        XCTAssertEqual(try JSONDecoder().decode([LossTerm: Float].self, from: old), [.update: 0.25, .tv: 0.125])
    }

    func testBadFilesNameTheFileAndTheProblem() throws {
        let good = try XCTUnwrap(try JSONSerialization.jsonObject(with: BaselineAttack.tuned().configuration.jsonData()) as? [String: Any])
        func problem(_ change: (inout [String: Any]) -> Void) throws -> String {
            var object = good
            change(&object)
            let data = try JSONSerialization.data(withJSONObject: object)
            do {
                _ = try InversionConfiguration.decode(data, source: "bad.json")
                XCTFail("accepted \(object)")
                return ""
            } catch {
                XCTAssertEqual(error.source, "bad.json")
                XCTAssertTrue(error.description.hasPrefix("bad.json: "), error.description)
                return error.message
            }
        }
        XCTAssertTrue(try problem { $0["tvWieght"] = 0.1 }.contains("unknown key \"tvWieght\""))
        XCTAssertTrue(try problem { $0["iterations"] = "many" }.contains("at \"iterations\": expected an integer"))
        XCTAssertTrue(try problem { $0["iterations"] = -5 }.contains("iterations must be at least 1, got -5"))
        XCTAssertTrue(try problem { $0["learningRate"] = 0 }.contains("learningRate must be finite and > 0"))
        XCTAssertTrue(try problem { $0["tvWeight"] = -1 }.contains("tvWeight must be finite and ≥ 0"))
        XCTAssertTrue(try problem { $0.removeValue(forKey: "normWeight") }.contains("missing key \"normWeight\""))
        XCTAssertTrue(try problem { $0["distance"] = "manhattan" }.contains("unknown value \"manhattan\" (allowed: l2, squaredL2, cosine)"))
        XCTAssertTrue(try problem { $0["optimizer"] = ["kind": "adam", "beta1": 0.9, "beta2": 1.5] }.contains("optimizer.beta2 must be in [0, 1)"))
        XCTAssertTrue(try problem { $0["optimizer"] = ["kind": "adam", "beta1": 0.9] }.contains("missing key \"optimizer.beta2\""))
        XCTAssertTrue(try problem { $0["optimizer"] = ["kind": "lbfgs", "history": 5, "beta1": 0.9] }.contains("unknown key \"beta1\""))
        XCTAssertTrue(try problem { $0["schedule"] = ["kind": "warmupCosine", "warmup": -1] }.contains("schedule.warmup must be ≥ 0"))
        XCTAssertTrue(try problem { $0["schedule"] = ["kind": "sometimes"] }.contains("unknown value \"sometimes\" (allowed: constant, stepDecay, warmupCosine)"))
        XCTAssertThrowsError(try InversionConfiguration.decode(Data("{ not json".utf8), source: "broken.json")) { error in
            XCTAssertTrue("\(error)".hasPrefix("broken.json: "), "\(error)")
        }
        XCTAssertThrowsError(try InversionConfiguration.load(path: "/nonexistent/cfg.json")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/cfg.json: cannot read"), "\(error)")
        }
    }

    func testOverridesEditTheJSONForm() throws {
        let base = BaselineAttack.tuned().configuration
        let changed = try base.applying(["tvWeight=0.1", "optimizer.beta2=0.95", "distance=l2", "boxConstraint=false",
                                         "schedule={\"kind\": \"constant\"}"])
        XCTAssertEqual(changed.tvWeight, 0.1)
        XCTAssertEqual(changed.optimizer, .adam(beta1: 0.9, beta2: 0.95))
        XCTAssertEqual(changed.distance, .l2)
        XCTAssertFalse(changed.boxConstraint)
        XCTAssertEqual(changed.schedule, .constant)
        XCTAssertEqual(changed.normWeight, base.normWeight)
        // Overrides go through the JSON form; every other value must come back bit for bit.
        let same = try base.applying(["restarts=1"])
        XCTAssertEqual([same.learningRate, same.updateWeight, same.normWeight, same.tvWeight, same.l2Weight, same.langevinScale].map(\.bitPattern),
                       [base.learningRate, base.updateWeight, base.normWeight, base.tvWeight, base.l2Weight, base.langevinScale].map(\.bitPattern))
        XCTAssertEqual(same.optimizer, base.optimizer)
        XCTAssertThrowsError(try base.applying(["tvweight=0.1"])) { XCTAssertTrue("\($0)".contains("unknown key \"tvweight\""), "\($0)") }
        XCTAssertThrowsError(try base.applying(["iterations=-1"])) { XCTAssertTrue("\($0)".contains("at least 1"), "\($0)") }
        XCTAssertThrowsError(try base.applying(["novalue"])) { XCTAssertTrue("\($0)".contains("key=value"), "\($0)") }
    }
}
