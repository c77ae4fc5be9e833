import Foundation
import NN
import Trials

/// Global states a federation run keeps for later trials: `<cache>/artifacts/<run key>/after-round-R.safetensors`.
/// They are by-products, not committed: when one is missing (a fresh clone, a pruned cache), the
/// run is computed again in this process, which writes it.
enum FederationArtifacts {
    static func url(after round: Int, of run: FederationRunSpec, context: TrialContext) throws -> URL {
        guard let cache = context.cache else {
            throw TrialError.badArgument("federation states need a trial cache to live in")
        }
        let key = try TrialRequest(run, code: context.code).key
        return cache.artifactDirectory(key: key).appendingPathComponent("after-round-\(round).safetensors")
    }

    static func store(_ state: ModelState, after round: Int, of run: FederationRunSpec, context: TrialContext) throws {
        let target = try url(after: round, of: run, context: context)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try SafeTensors.write(state, to: target.path)
    }

    /// The global state after `round` of `run`, from its artifact or by running it again.
    static func state(after round: Int, of run: FederationRunSpec, context: TrialContext) throws -> ModelState {
        guard run.keepStatesAfter.contains(round) else {
            throw TrialError.badArgument("\(run.label) does not keep its state after round \(round) (keeps \(run.keepStatesAfter))")
        }
        let source = try url(after: round, of: run, context: context)
        if !FileManager.default.fileExists(atPath: source.path) {
            _ = try run.run(in: context)
        }
        return try SafeTensors.readModelState(source.path)
    }
}
