import Foundation

/// What a chapter executable is asked to do, from its command line:
/// `--budget full|smoke`, `--seed N`, `--output DIR` (where to write `results.json`).
/// Without `--output` the chapter only prints its outputs (handy when running it by hand).
public struct RunOptions: Equatable, Sendable {
    public var budget: Budget = .full
    public var seed: UInt64 = 0
    public var outputDirectory: URL?

    public init(budget: Budget = .full, seed: UInt64 = 0, outputDirectory: URL? = nil) {
        self.budget = budget
        self.seed = seed
        self.outputDirectory = outputDirectory
    }

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws -> RunOptions {
        var options = RunOptions()
        var index = 0
        func next(_ flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw NotebookError.badArgument("\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--budget":
                let text = try next(argument)
                guard let budget = Budget(rawValue: text) else {
                    throw NotebookError.badArgument("--budget must be full, smoke or paper, not '\(text)'")
                }
                options.budget = budget
            case "--seed":
                let text = try next(argument)
                guard let seed = UInt64(text) else {
                    throw NotebookError.badArgument("--seed must be a non-negative integer, not '\(text)'")
                }
                options.seed = seed
            case "--output":
                options.outputDirectory = URL(fileURLWithPath: try next(argument), isDirectory: true)
            case "--help", "-h":
                throw NotebookError.badArgument("usage: <chapter> [--budget full|smoke] [--seed N] [--output DIR]")
            default:
                throw NotebookError.badArgument("unknown argument '\(argument)' (expected --budget, --seed, --output)")
            }
            index += 1
        }
        return options
    }
}
