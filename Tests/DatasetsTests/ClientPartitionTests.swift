import Autodiff
import Foundation
import XCTest
@testable import Datasets

final class ClientPartitionTests: XCTestCase {
    func testPaperTable() throws {
        let clients = try ClientSpec.paperClients(seed: 1)
        XCTAssertEqual(clients.map(\.id), Array(1...9))
        XCTAssertEqual(clients.map(\.batchSize), [4, 4, 4, 4, 8, 8, 8, 8, 1])
        XCTAssertEqual(clients.map(\.imageCount), [8, 32, 128, 512, 8, 32, 128, 512, 1])
        XCTAssertEqual(clients.map(\.localSteps), [2, 8, 32, 128, 1, 4, 16, 64, 1])   // docs/PAPER.md "The companion experiment"
        XCTAssertEqual(clients.map(\.holdsOwnImages), Array(repeating: false, count: 8) + [true])
        XCTAssertEqual(Set(clients.map(\.seed)).count, 9)
        XCTAssertEqual(clients.map(\.learningRate), Array(repeating: 0.01, count: 9))

        let capped = try ClientSpec.paperClients(maxImages: 128)
        XCTAssertEqual(capped.map(\.imageCount), [8, 32, 128, 128, 8, 32, 128, 128, 1])
        let quarter = try ClientSpec.paperClients(imageScale: 0.25)
        XCTAssertEqual(quarter.map(\.imageCount), [2, 8, 32, 128, 2, 8, 32, 128, 1])
        XCTAssertEqual(quarter[0].localSteps, 1)
        // The paper budget's federation: the audited 8-image clients keep the table's size.
        let paper = try ClientSpec.paperClients(imageScale: 4, unscaled: [1, 5], maxImages: 2_048)
        XCTAssertEqual(paper.map(\.imageCount), [8, 128, 512, 2_048, 8, 128, 512, 2_048, 1])
        XCTAssertEqual(paper.map(\.seed), try ClientSpec.paperClients(seed: 0).map(\.seed), "sizes do not change the clients' seeds")
        XCTAssertEqual(try ClientSpec.paperClients(seed: 1), clients, "deterministic")
        XCTAssertNotEqual(try ClientSpec.paperClients(seed: 2).map(\.seed), clients.map(\.seed))
        assertDatasetError(.invalidArgument, naming: nil) { try ClientSpec.paperClients(imageScale: 0) }
        assertDatasetError(.invalidArgument, naming: nil) { try ClientSpec(id: 1, imageCount: 0, batchSize: 4, seed: 0) }
    }

    func testBatchSplitIsInOrderWithASmallerLastBatch() throws {
        XCTAssertEqual(ClientSpec.batchRanges(count: 10, batchSize: 4), [0..<4, 4..<8, 8..<10])
        XCTAssertEqual(ClientSpec.batchRanges(count: 8, batchSize: 4), [0..<4, 4..<8])
        XCTAssertEqual(ClientSpec.batchRanges(count: 1, batchSize: 1), [0..<1])
        let spec = try ClientSpec(id: 1, imageCount: 10, batchSize: 4, localEpochs: 2, seed: 0)
        XCTAssertEqual(spec.stepsPerEpoch, 3)
        XCTAssertEqual(spec.localSteps, 6)
    }

    func testPartitionIsDisjointDeterministicAndSeeded() throws {
        let specs = try ClientSpec.paperClients(maxImages: 128)
        let shards = try ClientPartition.shards(for: specs, poolSize: 1000, seed: 42)
        XCTAssertEqual(shards.map { $0.poolIndices.count }, [8, 32, 128, 128, 8, 32, 128, 128, 0])
        let all = shards.flatMap(\.poolIndices)
        XCTAssertEqual(Set(all).count, all.count, "shards overlap")
        XCTAssertTrue(all.allSatisfy { (0..<1000).contains($0) })
        XCTAssertEqual(try ClientPartition.shards(for: specs, poolSize: 1000, seed: 42), shards)
        let other = try ClientPartition.shards(for: specs, poolSize: 1000, seed: 43)
        XCTAssertNotEqual(other.map(\.poolIndices), shards.map(\.poolIndices))
        XCTAssertNotEqual(shards[1].poolIndices, Array(shards[1].poolIndices).sorted(), "shuffled, not consecutive")
        assertDatasetError(.invalidArgument, naming: nil) { try ClientPartition.shards(for: specs, poolSize: 500, seed: 0) }
        assertDatasetError(.invalidArgument, naming: nil) { try ClientPartition.shards(for: [specs[0], specs[0]], poolSize: 100, seed: 0) }
    }

    func testClientsGetTheirImagesAndBatches() throws {
        let pool = try FashionMNIST.load(.test, limit: 300)
        let specs = try ClientSpec.paperClients(imageScale: 0.25, maxImages: 16)
        let radiograph = try LabeledImages(images: try Radiograph.load(size: 64), labels: [0], classNames: ["radiograph"])
        let clients = try ClientPartition.clients(for: specs, pool: pool, seed: 7, ownImages: [9: radiograph])
        XCTAssertEqual(clients.count, 9)
        let second = clients[1]
        XCTAssertEqual(second.data.count, 8)
        let indices = try XCTUnwrap(second.poolIndices)
        XCTAssertEqual(second.data.labels, indices.map { pool.labels[$0] })
        let imageSize = 32 * 32
        XCTAssertEqual(Array(second.data.images.scalars[imageSize..<2 * imageSize]),
                       Array(pool.images.scalars[indices[1] * imageSize..<(indices[1] + 1) * imageSize]))
        let batches = second.batches()
        XCTAssertEqual(batches.map(\.range), [0..<4, 4..<8])
        XCTAssertEqual(batches[1].images.shape, [4, 1, 32, 32])
        XCTAssertEqual(batches[1].labels, Array(second.data.labels[4..<8]))
        XCTAssertEqual(Array(batches[1].images.scalars.prefix(imageSize)), Array(second.data.images.scalars[4 * imageSize..<5 * imageSize]))
        let highRisk = clients[8]
        XCTAssertNil(highRisk.poolIndices)
        XCTAssertEqual(highRisk.data.images.shape, [1, 1, 64, 64])
        XCTAssertEqual(highRisk.batches().count, 1)
        assertDatasetError(.invalidArgument, naming: nil) { try ClientPartition.clients(for: specs, pool: pool, seed: 7) }
    }
}
