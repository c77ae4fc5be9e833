// A claim is stored flat, so committed results.json reads like the report:
// {"kind": "finding", "statement": …, "verdict": "inconclusive", "statistic": "median RDLV",
//  "estimate": 0.43, "interval": [0.1, 0.9], "n": 32, "unit": "16 images × 2 seeds",
//  "threshold": 0.3, "side": "above", "holds": false, "evidence": …}.
// `holds` is kept for findings too (verdict == reproduced) so older readers still decode the file.
extension ClaimOutput: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, statement, holds, evidence, verdict, statistic, estimate, interval, n, unit, threshold, side
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let statement = try c.decode(String.self, forKey: .statement)
        let evidence = try c.decodeIfPresent(String.self, forKey: .evidence) ?? ""
        let kind = try c.decodeIfPresent(ClaimKind.self, forKey: .kind) ?? .check
        guard kind == .finding else {
            self.init(statement: statement, kind: kind, holds: try c.decode(Bool.self, forKey: .holds), evidence: evidence)
            return
        }
        guard c.contains(.interval) else {  // a finding recorded without an estimate: only holds/verdict
            self.init(statement: statement, kind: .finding, holds: try c.decodeIfPresent(Bool.self, forKey: .holds) ?? false,
                      evidence: evidence)
            verdict = try c.decodeIfPresent(Verdict.self, forKey: .verdict)
            if let verdict { holds = verdict == .reproduced }
            return
        }
        let interval = try c.decode([Double].self, forKey: .interval)
        guard interval.count == 2 else {
            throw DecodingError.dataCorruptedError(forKey: .interval, in: c,
                                                   debugDescription: "a finding's interval is [low, high], not \(interval.count) numbers")
        }
        let estimate = Estimate(try c.decodeIfPresent(String.self, forKey: .statistic) ?? "",
                                value: try c.decode(Double.self, forKey: .estimate), low: interval[0], high: interval[1],
                                n: try c.decode(Int.self, forKey: .n), unit: try c.decodeIfPresent(String.self, forKey: .unit) ?? "")
        self.init(finding: statement, estimate: estimate, threshold: try c.decode(Double.self, forKey: .threshold),
                  side: try c.decode(ClaimSide.self, forKey: .side), evidence: evidence,
                  verdict: try c.decodeIfPresent(Verdict.self, forKey: .verdict))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(statement, forKey: .statement)
        try c.encode(holds, forKey: .holds)
        try c.encode(evidence, forKey: .evidence)
        guard kind == .finding else { return }
        try c.encodeIfPresent(verdict, forKey: .verdict)
        if let estimate {
            try c.encode(estimate.statistic, forKey: .statistic)
            try c.encode(estimate.value, forKey: .estimate)
            try c.encode([estimate.low, estimate.high], forKey: .interval)
            try c.encode(estimate.n, forKey: .n)
            try c.encode(estimate.unit, forKey: .unit)
        }
        try c.encodeIfPresent(threshold, forKey: .threshold)
        try c.encodeIfPresent(side, forKey: .side)
    }
}
