import ArgumentParser

/// `leakage`: measure how much a federated-learning client update leaks about the client's images.
@main
struct LeakageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leakage",
        abstract: "Measure the data leakage of a federated-learning client update before it is sent.",
        subcommands: [AuditCommand.self])
}

/// Exit status of `leakage audit` when the update leaks more than the threshold allows.
let withholdExitCode: Int32 = 3
