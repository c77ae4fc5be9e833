import Trials

/// Every kind of trial the chapters ask for: what a worker process (`trial run KEY`) can run.
public enum TrialCatalog {
    public static let kinds: [any Trial.Type] = [AttackSpec.self, FederationRunSpec.self, FederationAuditSpec.self, NoiseProbeSpec.self]
}
