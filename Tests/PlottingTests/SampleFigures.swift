import Foundation
import Plotting

/// One figure of every kind, exercising every feature (used by the rendering tests and the gallery).
enum SampleFigures {
    static var all: [(name: String, figure: Figure)] {
        [("line", line), ("log-twin", logTwin), ("scatter", scatter), ("bars", bars), ("heatmap", heatmap),
         ("image-grid", imageGrid)]
    }

    static var line: Figure {
        let x = (0..<30).map(Double.init)
        let y = x.map { sin($0 / 5) }
        return .chart(Chart(series: [
            Series("sin with band", x: x, y: y, band: Band(lower: y.map { $0 - 0.2 }, upper: y.map { $0 + 0.2 })),
            Series("cos with errors", x: x, y: x.map { cos($0 / 5) }, mark: .lineAndPoints, errors: x.map { _ in 0.1 }),
            Series("dashed", x: x, y: x.map { 0.5 * cos($0 / 3) }, dashed: true),
        ], x: Axis("iteration"), y: Axis("value")), title: "A line chart")
    }

    static var logTwin: Figure {
        let t = (1...8).map(Double.init)
        return .chart(Chart(series: [
            Series("error", x: t, y: t.map { 1e-7 * pow(10, $0) }, mark: .lineAndPoints),
            Series("weight", x: t, y: t.map { pow(0.9, $0) }, side: .secondary, dashed: true),
        ], x: Axis("local steps T"), y: .log("max error"), y2: Axis("weight")))
    }

    static var scatter: Figure {
        var generator = SystemRandomNumberGenerator()
        let x = (0..<60).map { _ in Double.random(in: -1...1, using: &generator) }
        return .chart(Chart(series: [
            Series("points", x: x, y: x.map { $0 * 2 + 0.1 }, mark: .scatter),
            Series("diagonal", x: [-1, 1], y: [-2, 2], color: .gray),
        ], x: Axis("true"), y: Axis("recovered")), width: 260, height: 220)
    }

    static var bars: Figure {
        .bars(BarChart(categories: ["client 1", "client 5", "client 9 (high risk)"],
                       groups: [BarGroup("σ₀ = 0", values: [-0.05, -0.1, 0.6], errors: [0.02, 0.03, 0.1]),
                                BarGroup("σ₀ = 25", values: [-0.1, -0.2, 0.01])],
                       xLabel: "client", y: Axis("RDLV")))
    }

    static var heatmap: Figure {
        let values = (0..<20).map { Double($0 % 5) * Double($0 / 5) / 12 }
        return .heatmap(Heatmap(rows: 4, columns: 5, values: values, rowLabels: ["a", "b", "c", "d"],
                                columnLabels: ["1", "2", "3", "4", "5"], xLabel: "column", yLabel: "row",
                                colorbarLabel: "SSIM", annotates: true), height: 220)
    }

    static var imageGrid: Figure {
        func image(_ phase: Double) -> GrayImage {
            GrayImage(width: 16, height: 16, pixels: (0..<256).map { Float(sin(Double($0 % 16) / 3 + phase) * Double($0 / 16)) })
        }
        return .imageGrid(ImageGrid(rows: [[image(0), image(1), image(2)], [image(3), nil, image(5)]],
                                    rowLabels: ["original", "reconstruction"], columnLabels: ["#1", "#2", "#3"]),
                          width: 300)
    }
}
