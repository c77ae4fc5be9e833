import XCTest
@testable import Leakage

final class IIPTests: XCTestCase {
    let client = (0..<4).map { TestImages.random([1, 12, 12], seed: UInt64(200 + $0)) }
    let others = (0..<6).map { TestImages.random([1, 12, 12], seed: UInt64(300 + $0)) }

    func testGoodReconstructionsAreIdentified() throws {
        let pool = others + client          // client images at pool indices 6...9
        let reconstructions = client.enumerated().map { TestImages.noisy($0.element, sigma: 0.1, seed: UInt64($0.offset)) }
        for distance in [IdentifiabilityPrecision.Distance.meanSquaredError, .oneMinusSSIM(dataRange: 1)] {
            let result = try IdentifiabilityPrecision.evaluate(reconstructions: reconstructions, pool: pool,
                                                               sourcePoolIndices: [6, 7, 8, 9], distance: distance)
            XCTAssertEqual(result.nearestPoolIndex, [6, 7, 8, 9])
            XCTAssertEqual(result.precision, 1)
        }
    }

    func testWrongOrUninformativeReconstructions() throws {
        let pool = client + others
        // Reconstruction 0 looks like a non-client image, 1 is right, 2 looks like another client image.
        let reconstructions = [others[2], TestImages.noisy(client[1], sigma: 0.05, seed: 1), client[3]]
        let result = try IdentifiabilityPrecision.evaluate(reconstructions: reconstructions, pool: pool,
                                                           sourcePoolIndices: [0, 1, 2], distance: .meanSquaredError)
        XCTAssertEqual(result.nearestPoolIndex, [6, 1, 3])
        XCTAssertEqual(result.identified, [false, true, false])
        XCTAssertEqual(result.precision, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(result.distances[1][1], try PixelMetrics.meanSquaredError(reconstructions[1], pool[1]), accuracy: 1e-12)
    }

    func testDuplicateOfSourceCounts() throws {
        let pool = [client[0], others[0], client[0]]   // pool 2 duplicates pool 0
        let result = try IdentifiabilityPrecision.evaluate(reconstructions: [client[0]], pool: pool,
                                                           sourcePoolIndices: [2], distance: .meanSquaredError)
        XCTAssertEqual(result.nearestPoolIndex, [0], "ties go to the lowest index")
        XCTAssertEqual(result.precision, 1)
    }

    func testBatchUsesOneToOneMatching() throws {
        let pool = client + others
        // Shuffled batch output; reconstruction 3 is poor but still the best remaining match for client 2.
        let reconstructions = [TestImages.noisy(client[3], sigma: 0.05, seed: 1), TestImages.noisy(client[0], sigma: 0.05, seed: 2),
                               TestImages.noisy(client[1], sigma: 0.05, seed: 3), others[4]]
        let result = try IdentifiabilityPrecision.evaluateBatch(reconstructions: reconstructions, pool: pool,
                                                                clientPoolIndices: [0, 1, 2, 3], distance: .oneMinusSSIM(dataRange: 1))
        XCTAssertEqual(result.sourcePoolIndex, [3, 0, 1, 2])
        XCTAssertEqual(result.identified, [true, true, true, false])
        XCTAssertEqual(result.precision, 0.75)
    }

    func testBadInput() {
        assertThrows(try IdentifiabilityPrecision.evaluate(reconstructions: [client[0]], pool: client, sourcePoolIndices: [4],
                                                           distance: .meanSquaredError),
                     contains: ["IdentifiabilityPrecision.evaluate", "source index 4", "4 images"])
        assertThrows(try IdentifiabilityPrecision.evaluate(reconstructions: [client[0]], pool: client, sourcePoolIndices: [],
                                                           distance: .meanSquaredError),
                     contains: ["1 reconstructions but 0 source indices"])
        assertThrows(try IdentifiabilityPrecision.evaluate(reconstructions: [TestImages.random([1, 12, 11], seed: 1)], pool: client,
                                                           sourcePoolIndices: [0], distance: .meanSquaredError),
                     contains: ["reconstruction 0", "[1, 12, 11]", "[1, 12, 12]"])
        assertThrows(try IdentifiabilityPrecision.evaluateBatch(reconstructions: client, pool: client, clientPoolIndices: [0, 1],
                                                                distance: .meanSquaredError),
                     contains: ["evaluateBatch", "4 reconstructions"])
        assertThrows(try IdentifiabilityPrecision.evaluateBatch(reconstructions: [client[0]], pool: client, clientPoolIndices: [1, 1],
                                                                distance: .meanSquaredError),
                     contains: ["duplicates"])
    }
}

final class LabelAccuracyTests: XCTestCase {
    func testPositionalAndUnordered() throws {
        XCTAssertEqual(try LabelAccuracy.positional(predicted: [1, 2, 3, 4], actual: [1, 3, 2, 4]), 0.5)
        XCTAssertEqual(try LabelAccuracy.unordered(predicted: [1, 2, 3, 4], actual: [1, 3, 2, 4]), 1)
        // Multisets: two 7s predicted, one 7 true → only one counts.
        XCTAssertEqual(try LabelAccuracy.unordered(predicted: [7, 7, 1], actual: [7, 2, 1]), 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(try LabelAccuracy.unordered(predicted: [5, 5], actual: [5, 5]), 1)
        XCTAssertEqual(try LabelAccuracy.unordered(predicted: [0, 0], actual: [1, 1]), 0)
    }

    func testBadInput() {
        assertThrows(try LabelAccuracy.positional(predicted: [1], actual: [1, 2]), contains: ["LabelAccuracy.positional", "1 and 2"])
        assertThrows(try LabelAccuracy.unordered(predicted: [], actual: []), contains: ["LabelAccuracy.unordered"])
    }
}
