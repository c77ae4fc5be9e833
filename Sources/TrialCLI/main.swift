import ArgumentParser
import Experiments
import Foundation
import Trials

/// `trial`: the worker executable. `trial run --cache DIR KEY…` computes trials posted to a cache
/// (by a chapter's `LocalExecutor`, or as the task of a cluster job) and stores their outcomes.
struct TrialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trial",
        abstract: "Run posted trials (attack runs, federations) and store their outcomes in the trial cache.",
        subcommands: [Run.self, Serve.self, Kinds.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the trials posted under the given keys (<cache>/pending/KEY.json).",
            discussion: "Exit status 0 when every trial's outcome is in the cache, 1 when one failed (its failure is in <cache>/failed/KEY.json).")

        @Option(help: "The trial cache folder (e.g. output/trials).") var cache: String
        @Argument(help: "Keys of posted trials.") var keys: [String]

        func run() throws {
            let worker = TrialWorker(kinds: TrialCatalog.kinds)
            let store = TrialCache(root: URL(fileURLWithPath: cache, isDirectory: true))
            var failed = 0
            for key in keys {
                do {
                    try worker.run(key: key, cache: store)
                } catch {
                    FileHandle.standardError.write(Data("trial \(key.prefix(12)): error: \(error)\n".utf8))
                    failed += 1
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run posted trials whose keys arrive on standard input, one per line (the local executor's worker).",
            discussion: "Answers each key on standard output with 'trial-protocol: ok KEY' or 'trial-protocol: failed KEY MESSAGE'.")

        @Option(help: "The trial cache folder (e.g. output/trials).") var cache: String

        func run() throws {
            let worker = TrialWorker(kinds: TrialCatalog.kinds)
            let store = TrialCache(root: URL(fileURLWithPath: cache, isDirectory: true))
            while let line = readLine() {
                let key = line.trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty else { continue }
                let reply: String
                do {
                    try worker.run(key: key, cache: store)
                    reply = "trial-protocol: ok \(key)\n"
                } catch {
                    reply = "trial-protocol: failed \(key) \("\(error)".replacingOccurrences(of: "\n", with: " "))\n"
                }
                FileHandle.standardOutput.write(Data(reply.utf8))
            }
        }
    }

    struct Kinds: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the trial kinds this worker runs.")
        func run() { for kind in TrialCatalog.kinds { print(kind.kind) } }
    }
}

TrialCommand.main()
