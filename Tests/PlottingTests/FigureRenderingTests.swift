import Foundation
import XCTest
@testable import Plotting

final class FigureRenderingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        if let gallery = ProcessInfo.processInfo.environment["PLOT_GALLERY"] {
            directory = URL(fileURLWithPath: gallery)
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("plotting-tests-\(UUID().uuidString)")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if ProcessInfo.processInfo.environment["PLOT_GALLERY"] == nil { try? FileManager.default.removeItem(at: directory) }
    }

    func testEveryFigureKindRendersToPNGPDFAndSVG() throws {
        for (name, figure) in SampleFigures.all {
            for format in Figure.Format.allCases {
                let url = directory.appendingPathComponent("\(name).\(format.rawValue)")
                try figure.write(to: url)
                let data = try Data(contentsOf: url)
                XCTAssertGreaterThan(data.count, 500, "\(name).\(format.rawValue) is suspiciously small")
                switch format {
                case .png: XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name)
                case .pdf: XCTAssertEqual(String(decoding: data.prefix(5), as: UTF8.self), "%PDF-", name)
                case .svg: XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("<svg"), name)
                }
            }
        }
    }

    func testPNGHasTheFigureSizeAtTheScaleAndInk() throws {
        let url = directory.appendingPathComponent("size.png")
        try SampleFigures.line.write(to: url, scale: 2)
        let data = try Data(contentsOf: url)
        // IHDR: width and height as big-endian UInt32 at bytes 16…23.
        let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = data[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, 840)
        XCTAssertEqual(height, 500)
    }

    func testFigureWithMismatchedSeriesThrowsANamedError() {
        let bad = Figure.chart(Chart(series: [Series("broken", x: [1, 2, 3], y: [1, 2])]))
        XCTAssertThrowsError(try bad.write(to: directory.appendingPathComponent("bad.png"))) { error in
            XCTAssertTrue("\(error)".contains("broken"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("bad.png").path))
    }

    func testInvalidFigureStillDrawsAnErrorMessage() throws {
        // The report draws an invalid figure as a message instead of crashing.
        let bad = Figure.heatmap(Heatmap(rows: 2, columns: 2, values: [1, 2, 3]))
        XCTAssertThrowsError(try bad.validate())
        let surface = try XCTUnwrap(cairoImage(width: 100, height: 100))
        bad.draw(in: surface)
    }

    func testUnknownExtensionIsRejected() {
        XCTAssertThrowsError(try SampleFigures.line.write(to: directory.appendingPathComponent("figure.jpg")))
    }

    func testFiguresRoundTripThroughJSON() throws {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        for (name, figure) in SampleFigures.all {
            let decoded = try decoder.decode(Figure.self, from: encoder.encode(figure))
            XCTAssertEqual(decoded, figure, name)
        }
    }

    func testGrayImagePixelsAreStoredExactly() throws {
        let image = GrayImage(width: 2, height: 2, pixels: [0.1, -3.5e-8, .infinity, 1])
        let json = try JSONEncoder().encode(image)
        XCTAssertEqual(try JSONDecoder().decode(GrayImage.self, from: json), image)
        XCTAssertThrowsError(try JSONDecoder().decode(GrayImage.self, from: Data(#"{"width":1,"height":1,"pixels":"%%"}"#.utf8)))
    }
}
