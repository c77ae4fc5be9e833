import Autodiff
import Foundation
import XCTest

/// A PyTorch reference fixture written by `tools/torch_reference.py`:
/// `{"tensors": {name: {"shape": [...], "data": [...]}}, "scalars": {name: value}, ...}`.
struct TorchFixture {
    struct Entry: Decodable {
        let shape: [Int]
        let data: [Double]
    }

    private struct Document: Decodable {
        let format: String
        let tensors: [String: Entry]
        let scalars: [String: Double]
    }

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    let file: String
    let tensors: [String: Tensor]
    let scalars: [String: Double]

    /// Loads `Fixtures/<name>.json` from the test bundle, validating every tensor's shape against its data.
    init(named name: String) throws {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw LoadError(description: "fixture Fixtures/\(name).json is missing from the test bundle")
        }
        file = url.path
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: url)) }
        catch { throw LoadError(description: "\(url.path): cannot decode fixture: \(error)") }
        var tensors: [String: Tensor] = [:]
        for (key, entry) in document.tensors {
            guard entry.shape.allSatisfy({ $0 >= 0 }), entry.shape.reduce(1, *) == entry.data.count else {
                throw LoadError(description: "\(url.path): tensor '\(key)' has shape \(entry.shape) but \(entry.data.count) values")
            }
            tensors[key] = Tensor(shape: entry.shape, scalars: entry.data.map { Float($0) })
        }
        self.tensors = tensors
        scalars = document.scalars
    }

    /// The tensor `name`, or a thrown error naming the fixture file.
    func tensor(_ name: String) throws -> Tensor {
        guard let t = tensors[name] else { throw LoadError(description: "\(file): no tensor '\(name)'") }
        return t
    }

    /// The scalar `name`, or a thrown error naming the fixture file.
    func scalar(_ name: String) throws -> Double {
        guard let s = scalars[name] else { throw LoadError(description: "\(file): no scalar '\(name)'") }
        return s
    }
}

/// Compares `actual` with the PyTorch `expected` two ways: the norm-wise relative error
/// ‖a − b‖ / ‖b‖ ≤ `tolerance`, and per element |aᵢ − bᵢ| ≤ tolerance · (|bᵢ| + floor · max|b|), where the
/// absolute floor keeps near-zero entries (cancellations) from demanding impossible relative accuracy.
/// Returns a description of the first violation, or nil when both checks pass.
func referenceMismatch(_ actual: Tensor, _ expected: Tensor, tolerance: Double = 1e-4, floor: Double = 1e-2) -> String? {
    guard actual.shape == expected.shape else { return "shape \(actual.shape) differs from the reference \(expected.shape)" }
    let a = actual.scalars.map(Double.init), b = expected.scalars.map(Double.init)
    let difference = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    let reference = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let relative = reference > 0 ? difference / reference : difference
    if !(relative <= tolerance) { return "norm-wise relative error \(relative) exceeds \(tolerance)" }
    let largest = b.map(Swift.abs).max() ?? 0
    for i in a.indices {
        let allowed = tolerance * (Swift.abs(b[i]) + floor * largest)
        if !(Swift.abs(a[i] - b[i]) <= allowed) { return "[\(i)] \(a[i]) vs reference \(b[i]) (allowed error \(allowed))" }
    }
    return nil
}

/// Fails the test when `referenceMismatch` finds a violation; also reports the norm-wise error when it passes.
func assertMatchesReference(_ actual: Tensor, _ expected: Tensor, _ name: String, tolerance: Double = 1e-4,
                            file: StaticString = #filePath, line: UInt = #line) {
    if let problem = referenceMismatch(actual, expected, tolerance: tolerance) {
        XCTFail("\(name): \(problem)", file: file, line: line)
    }
}
