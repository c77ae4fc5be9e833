// Outputs are stored as `{"kind": "figure", "figure": {…}}`, which reads better in committed JSON
// than the synthesised `{"figure": {"_0": …}}`.
extension Output {
    private enum CodingKeys: String, CodingKey { case kind, figure, table, value, claim }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "figure": self = .figure(try container.decode(FigureOutput.self, forKey: .figure))
        case "table": self = .table(try container.decode(TableOutput.self, forKey: .table))
        case "value": self = .value(try container.decode(ValueOutput.self, forKey: .value))
        case "claim": self = .claim(try container.decode(ClaimOutput.self, forKey: .claim))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown output kind '\(kind)' (figure, table, value, claim)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .figure(let f): try container.encode("figure", forKey: .kind); try container.encode(f, forKey: .figure)
        case .table(let t): try container.encode("table", forKey: .kind); try container.encode(t, forKey: .table)
        case .value(let v): try container.encode("value", forKey: .kind); try container.encode(v, forKey: .value)
        case .claim(let c): try container.encode("claim", forKey: .kind); try container.encode(c, forKey: .claim)
        }
    }
}
