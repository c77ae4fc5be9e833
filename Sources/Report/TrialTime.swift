import Foundation

/// The compute time recorded in trial records. Each trial runs single-threaded in one worker, so
/// the sum over a chapter's records is what a cold run of that chapter costs, divided by the
/// number of workers (docs/TRIALS.md). `report status` prints it per chapter and the title page
/// for the whole report.
public enum TrialTime {
    private struct Timing: Decodable { var seconds: Double }

    /// Minutes recorded by the trial records at `records` (unreadable records count as zero).
    public static func minutes(of records: [URL]) -> Double {
        records.compactMap { try? JSONDecoder().decode(Timing.self, from: Data(contentsOf: $0)).seconds }.reduce(0, +) / 60
    }
}
