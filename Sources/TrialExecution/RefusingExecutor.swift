import Foundation
import Trials

/// An executor that fails every trial with the reason it could not be configured, so a chapter
/// run with a bad setting shows that setting's error at each trial instead of stopping.
struct RefusingExecutor: TrialExecutor {
    let reason: String
    var description: String { "none (\(reason))" }

    func execute(_ requests: [TrialRequest], cache: TrialCache,
                 progress: @escaping @Sendable (TrialRequest, TrialFailure?) -> Void) -> [TrialFailure] {
        requests.map { request in
            let failure = TrialFailure(key: request.key, label: request.label, message: reason)
            progress(request, failure)
            return failure
        }
    }
}
