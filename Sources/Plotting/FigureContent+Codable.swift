// Figure content is stored as `{"kind": "chart", "chart": {…}}` rather than the synthesised
// `{"chart": {"_0": …}}`.
extension FigureContent {
    private enum CodingKeys: String, CodingKey { case kind, chart, bars, heatmap, imageGrid }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "chart": self = .chart(try container.decode(Chart.self, forKey: .chart))
        case "bars": self = .bars(try container.decode(BarChart.self, forKey: .bars))
        case "heatmap": self = .heatmap(try container.decode(Heatmap.self, forKey: .heatmap))
        case "imageGrid": self = .imageGrid(try container.decode(ImageGrid.self, forKey: .imageGrid))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown figure kind '\(kind)' (chart, bars, heatmap, imageGrid)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .chart(let c): try container.encode("chart", forKey: .kind); try container.encode(c, forKey: .chart)
        case .bars(let b): try container.encode("bars", forKey: .kind); try container.encode(b, forKey: .bars)
        case .heatmap(let h): try container.encode("heatmap", forKey: .kind); try container.encode(h, forKey: .heatmap)
        case .imageGrid(let g): try container.encode("imageGrid", forKey: .kind); try container.encode(g, forKey: .imageGrid)
        }
    }
}
