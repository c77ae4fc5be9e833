import Experiments
import Notebook

/// Independent replicates of the chapters' nine-client federation, for claims about a federation
/// (issue #18: the accuracy, gate and noise claims rest on federation seeds, not on one run).
/// Replicate 0 is the chapter's own federation (the run's seed); replicate k ≥ 1 uses the
/// federation seed `seed + 1,000·k`: other client images, other initial weights, other noise.
/// The noise-free runs of replicates k ≥ 1 are the same trials in chapters 3 and 4.
public struct FederationReplicates: Sendable {
    public let settings: FederationStudy.Settings
    /// Federation seeds, the chapter's own first.
    public let seeds: [UInt64]

    public init(settings: FederationStudy.Settings, seed: UInt64, count: Int) {
        self.settings = settings
        seeds = (0..<max(count, 1)).map { seed + 1_000 * UInt64($0) }
    }

    public var count: Int { seeds.count }
    public var rounds: Int { settings.rounds }

    /// Names the resampled units of an estimate.
    public var units: String { "federation seeds (\(count) independent federations)" }

    /// The noise-free federation of replicate `k`, keeping the global state before its last round
    /// (what a last-round audit starts from).
    public func federation(_ k: Int) -> FederationRunSpec {
        FederationRunSpec(settings: settings, seed: seeds[k], rounds: rounds, keepStatesAfter: [rounds - 1])
    }

    /// The server's baseline attack on client `id`'s last-round update in `federation` (one of
    /// replicate `k`'s runs), attack seed = the federation seed + the round.
    public func lastRoundAudit(_ federation: FederationRunSpec, _ k: Int, client id: Int, iterations: Int) -> FederationAuditSpec {
        FederationAuditSpec(federation: federation, round: rounds, client: id, attack: AttackRecipe(.baseline, iterations: iterations),
                            seed: seeds[k] + UInt64(rounds))
    }

    /// The median of `values` (one per replicate, or per update) with its percentile-bootstrap
    /// interval over them.
    public func estimate(_ values: [Double], _ statistic: String, units: String? = nil) -> Estimate {
        Summary(values, seed: seeds[0]).estimate(statistic, units: units ?? self.units)
    }
}
