/// What the self-audit gate decides for one client update (docs/PAPER.md "Threat model and protocol": the client runs
/// the attack on its own update and withholds it when the leakage is too high). `LeakageGate` is the
/// only place that produces it; reports, printed summaries and exit statuses are read from it.
public enum LeakageDecision: Sendable, Equatable {
    /// The update may be sent: every training image's RDLV is defined and the update's RDLV (the
    /// maximum over images) is at most the threshold.
    case send
    /// The update must not be sent, for `reason`.
    case withhold(WithholdReason)

    /// Whether the update must be withheld.
    public var isWithheld: Bool { if case .withhold = self { true } else { false } }

    /// One line for people: "send" or "WITHHOLD: <reason>".
    public var summary: String {
        switch self {
        case .send: "send"
        case .withhold(let reason): "WITHHOLD: \(reason)"
        }
    }
}

/// Why `LeakageGate` withheld an update. The gate fails closed: whatever it cannot vouch for is withheld.
public enum WithholdReason: Sendable, Equatable, CustomStringConvertible {
    /// The update's RDLV (max over images with a defined value) is above the threshold.
    case aboveThreshold(updateRDLV: Double, threshold: Double)
    /// RDLV is undefined (prior similarity ≤ the floor, see `RelativeDataLeakage`) for these training
    /// images, so the gate cannot say how much they leak. `of` is the number of images scored.
    case undefinedRDLV(images: [Int], of: Int)
    /// No training image was scored (e.g. the client's images were not given): nothing vouches for the update.
    case notScored

    /// A stable identifier for machine-readable reports.
    public var code: String {
        switch self {
        case .aboveThreshold: "above-threshold"
        case .undefinedRDLV: "undefined-rdlv"
        case .notScored: "not-scored"
        }
    }

    public var description: String {
        switch self {
        case let .aboveThreshold(value, threshold):
            "the update's RDLV \(Self.format(value)) is above the threshold \(Self.format(threshold))"
        case let .undefinedRDLV(images, count):
            images.count == count
                ? "RDLV is undefined for every image (\(count)), so the leakage cannot be bounded"
                : "RDLV is undefined for image\(images.count == 1 ? "" : "s") \(images.map(String.init).joined(separator: ", ")) of \(count), so their leakage cannot be bounded"
        case .notScored:
            "no client image was scored, so nothing bounds the leakage (give the client's images to score the update)"
        }
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return "\(rounded)"
    }
}
