import ArgumentParser

/// `leakage`: measure how much a federated-learning client update leaks about the client's images.
@main
struct LeakageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leakage",
        abstract: "Measure the data leakage of a federated-learning client update before it is sent.",
        discussion: """
        audit  Reconstruct a client's images from its own update and decide, by RDLV, whether to send it \
        (exit 0) or withhold it (exit 3). The attack is the tuned baseline preset; `audit --print-config` \
        prints it as JSON and `audit --config FILE` runs an edited copy.
        tune   Run an attack configuration on tuning images only (Fashion-MNIST train indices 50,000 ..< \
        51,000), print SSIM/RDLV per run with medians, and append the run to docs/tuning-log.jsonl.
        """,
        subcommands: [AuditCommand.self, TuneCommand.self])
}

/// Exit status of `leakage audit` when the update must be withheld.
let withholdExitCode: Int32 = 3
