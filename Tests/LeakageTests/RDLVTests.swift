import XCTest
@testable import Leakage

final class RDLVTests: XCTestCase {
    func testFormulaAndReductionsByHand() throws {
        // Two training images × three reconstructions.
        let report = try RelativeDataLeakage.analyse(similarity: [[0.3, 0.6, 0.45], [0.2, 0.1, 0.2]],
                                                     priorSimilarity: [0.3, 0.25])
        XCTAssertEqual(report.values[0].map { $0! }, [0, 1, 0.5], accuracy: 1e-12)
        XCTAssertEqual(report.values[1].map { $0! }, [-0.2, -0.6, -0.2], accuracy: 1e-12)
        XCTAssertEqual(report.bestMatches[0], .init(reconstruction: 1, value: 1))
        XCTAssertEqual(report.bestMatches[1]?.reconstruction, 0, "first index on ties, like np.argmax")
        XCTAssertEqual(report.updateValue!, 1, accuracy: 1e-12)
        XCTAssertTrue(report.undefinedImages.isEmpty)
        XCTAssertEqual(try report.decision(), .send, "1.0 is not > threshold 1.0")
        XCTAssertTrue(try report.decision(threshold: 0.99).isWithheld)
    }

    func testPriorAsReconstructionHasZeroRDLV() throws {
        let prior = TestImages.random([1, 16, 16], seed: 1, scale: 255)
        let training = (0..<3).map { TestImages.noisy(prior, sigma: 40 * Float($0 + 1), seed: UInt64(10 + $0)) }
        let report = try RelativeDataLeakage.analyse(trainingImages: training, reconstructions: [prior], prior: prior, dataRange: 256)
        for i in 0..<3 { XCTAssertEqual(report.values[i][0]!, 0, accuracy: 1e-12) }
        XCTAssertEqual(report.updateValue!, 0, accuracy: 1e-12)
        XCTAssertEqual(try report.decision(), .send)
    }

    func testExactReconstructionLeaks() throws {
        let prior = TestImages.random([1, 16, 16], seed: 2, scale: 255)
        let secret = TestImages.noisy(prior, sigma: 60, seed: 3)
        let other = TestImages.random([1, 16, 16], seed: 4, scale: 255)
        let report = try RelativeDataLeakage.analyse(trainingImages: [secret], reconstructions: [other, secret],
                                                     prior: prior, dataRange: 256)
        let priorSimilarity = try StructuralSimilarity.ssim(prior, secret, dataRange: 256)
        XCTAssertEqual(report.priorSimilarity[0], priorSimilarity, accuracy: 1e-12)
        XCTAssertEqual(report.similarity[0][1], 1, accuracy: 1e-12)
        XCTAssertEqual(report.bestMatches[0]?.reconstruction, 1)
        XCTAssertEqual(report.updateValue!, (1 - priorSimilarity) / priorSimilarity, accuracy: 1e-9)
    }

    func testUndefinedWhenPriorSimilarityIsNotPositive() throws {
        let report = try RelativeDataLeakage.analyse(similarity: [[0.5, 0.2], [0.4, 0.9], [0.3, 0.3]],
                                                     priorSimilarity: [0.2, -0.1, 0.005])
        XCTAssertEqual(report.undefinedImages, [1, 2])
        XCTAssertEqual(report.values[1], [nil, nil])
        XCTAssertEqual(report.values[2], [nil, nil])
        XCTAssertNil(report.bestMatches[1])
        XCTAssertEqual(report.updateValue!, 1.5, accuracy: 1e-12, "only image 0 is defined")
        guard case .withhold(.aboveThreshold(let value, 1)) = try report.decision() else {
            return XCTFail("1.5 > 1.0 on the defined image is named first: \(try report.decision())")
        }
        XCTAssertEqual(value, 1.5, accuracy: 1e-12)
        XCTAssertEqual(try report.decision(threshold: 2), .withhold(.undefinedRDLV(images: [1, 2], of: 3)),
                       "undefined images withhold (fail closed)")

        let none = try RelativeDataLeakage.analyse(similarity: [[0.9]], priorSimilarity: [0])
        XCTAssertNil(none.updateValue)
        XCTAssertEqual(try none.decision(), .withhold(.undefinedRDLV(images: [0], of: 1)))

        let custom = try RelativeDataLeakage.analyse(similarity: [[0.3]], priorSimilarity: [0.005], minimumPriorSimilarity: 0.001)
        XCTAssertEqual(custom.values[0][0]!, 59, accuracy: 1e-9)
    }

    func testBadInput() {
        assertThrows(try RelativeDataLeakage.analyse(similarity: [[0.1, 0.2], [0.3]], priorSimilarity: [0.1, 0.1]),
                     contains: ["RelativeDataLeakage.analyse", "not rectangular"])
        assertThrows(try RelativeDataLeakage.analyse(similarity: [[0.1]], priorSimilarity: [0.1, 0.2]),
                     contains: ["1 training-image rows", "2 entries"])
        assertThrows(try RelativeDataLeakage.analyse(similarity: [[.nan]], priorSimilarity: [0.1]), contains: ["non-finite"])
        assertThrows(try RelativeDataLeakage.analyse(similarity: [[0.1]], priorSimilarity: [0.1], minimumPriorSimilarity: 0),
                     contains: ["minimumPriorSimilarity"])
        let prior = TestImages.random([1, 16, 16], seed: 1)
        assertThrows(try RelativeDataLeakage.analyse(trainingImages: [TestImages.random([1, 16, 8], seed: 2)],
                                                     reconstructions: [prior], prior: prior, dataRange: 1),
                     contains: ["training image 0", "[1, 16, 8]", "[1, 16, 16]"])
        assertThrows(try RelativeDataLeakage.analyse(trainingImages: [], reconstructions: [prior], prior: prior, dataRange: 1),
                     contains: ["needs training images"])
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
}
