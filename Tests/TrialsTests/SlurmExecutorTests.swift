import Foundation
import XCTest
@testable import TrialExecution
import Trials

/// The Slurm executor against a fake `sbatch` (runs each array task in the background) and `squeue`
/// (lists the tasks still running), with a fake worker speaking `trial run --cache DIR KEY`: square
/// of 13 throws (a recorded failure), square of 14 is killed the first time it runs, every other
/// trial answers 42. The real cluster is exercised by `make cluster-test` (tools/slurm-local.sh).
final class SlurmExecutorTests: XCTestCase {
    private var root: URL!
    private var bin: URL!
    private var worker: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("slurm-\(UUID().uuidString)")
        bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try install("sbatch", """
        #!/bin/bash
        # fake sbatch: each array task runs in the background, detached from this process's output.
        state="$(dirname "$0")/state"; mkdir -p "$state"
        for a in "$@"; do
          case "$a" in --array=*) array="${a#--array=}";; --output=*) output="${a#--output=}";; --*) ;; *) script="$a";; esac
        done
        echo "$*" >> "$state/submissions"
        job=$(cat "$state/next" 2>/dev/null || echo 100); echo $((job + 1)) > "$state/next"
        range="${array%%\\%*}"
        for i in $(seq 0 "${range#0-}"); do
          log="${output//%A/$job}"; log="${log//%a/$i}"
          touch "$state/${job}_$i"
          setsid bash -c 'SLURM_ARRAY_TASK_ID=$1 "$2" > "$3" 2>&1; rm -f "$4"' _ "$i" "$script" "$log" "$state/${job}_$i" \\
            < /dev/null > /dev/null 2>&1 &
        done
        echo "$job"
        """)
        try install("squeue", """
        #!/bin/bash
        # fake squeue: the tasks whose marker files still exist
        ls "$(dirname "$0")/state" 2>/dev/null | grep -E '^[0-9]+_[0-9]+$' || true
        """)
        worker = root.appendingPathComponent("fake-trial")
        try install(worker, """
        #!/bin/bash
        # fake `trial run --cache DIR KEY`
        cache="$3"; key="$4"; request="$cache/pending/$key.json"
        if grep -q 'square of 13' "$request"; then
          mkdir -p "$cache/failed"
          printf '{"key":"%s","label":"square of 13","message":"thrown on purpose","finished":"now"}' "$key" > "$cache/failed/$key.json"
          exit 1
        fi
        if grep -q 'square of 14' "$request" && [ ! -e "$cache/killed-once" ]; then touch "$cache/killed-once"; kill -9 $$; fi
        mkdir -p "$cache/square"
        printf '{"key":"%s","kind":"square","label":"fake","outcome":42,"seconds":0,"finished":"now",' "$key" > "$cache/square/.$key.tmp"
        printf '"machine":{"cpuModel":"fake","architecture":"x86_64","convolutionPath":"im2col-gemm","blasCore":"fake","cores":1}}\\n' >> "$cache/square/.$key.tmp"
        mv "$cache/square/.$key.tmp" "$cache/square/$key.json"
        """)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    private func install(_ name: String, _ script: String) throws { try install(bin.appendingPathComponent(name), script) }

    private func install(_ url: URL, _ script: String) throws {
        try script.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    private func session(attempts: Int = 3) -> TrialSession {
        var options = SlurmOptions()
        options.commandDirectory = bin
        options.pollInterval = 0.1
        options.maxAttempts = attempts
        options.partition = "debug"
        return TrialSession(cache: TrialCache(root: root.appendingPathComponent("cache")),
                            executor: SlurmExecutor(worker: worker, options: options), code: "c", environment: [:])
    }

    private var submissions: [String] {
        ((try? String(contentsOf: bin.appendingPathComponent("state/submissions"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    func testTasksComputeTrialsAFailureIsKeptAndAKilledTaskIsSubmittedAgain() throws {
        let results = session().run([10, 11, 13, 14].map { SquareTrial(value: $0) })
        XCTAssertEqual(results.map { try? $0.get() }, [42, 42, nil, 42], "13 threw; 14 was killed once, then ran again")
        guard case .failure(let failure) = results[2] else { return XCTFail("the thrown trial succeeded") }
        XCTAssertEqual(failure.message, "thrown on purpose")
        XCTAssertEqual(submissions.count, 2, "\(submissions)")
        XCTAssertTrue(submissions[0].contains("--array=0-3"), submissions[0])
        XCTAssertTrue(submissions[0].contains("--partition=debug"), submissions[0])
        XCTAssertTrue(submissions[1].contains("--array=0-0"), "only the killed task again: \(submissions[1])")
        XCTAssertEqual(TrialCache(root: root.appendingPathComponent("cache")).cachedKeys().count, 3, "no result lost")
    }

    func testATaskThatNeverLeavesAResultFailsAfterItsAttempts() throws {
        let results = session(attempts: 1).run([SquareTrial(value: 14), SquareTrial(value: 2)])
        guard case .failure(let failure) = results[0] else { return XCTFail("the killed trial succeeded") }
        XCTAssertTrue(failure.message.contains("no result after 1 Slurm submissions"), failure.message)
        XCTAssertTrue(failure.message.contains("log "), failure.message)
        XCTAssertEqual(try results[1].get(), 42)
    }

    func testWithoutSbatchEveryTrialFailsSayingWhy() throws {
        try FileManager.default.removeItem(at: bin.appendingPathComponent("sbatch"))
        let results = session().run([SquareTrial(value: 3)])
        guard case .failure(let failure) = results[0] else { return XCTFail("ran without sbatch") }
        XCTAssertTrue(failure.message.contains("'sbatch' not found"), failure.message)
    }

    func testTheBatchScriptPicksItsKeyAndExecsTheWorker() throws {
        let batches = SlurmBatches(cache: TrialCache(root: URL(fileURLWithPath: "/shared/it's/trials")),
                                   worker: URL(fileURLWithPath: "/shared/bin/trial"), threads: 1)
        let script = batches.scriptText(keys: URL(fileURLWithPath: "/shared/keys"), environment: ["GL_DIRECT_CONV": "0"])
        XCTAssertTrue(script.contains("sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" '/shared/keys'"), script)
        XCTAssertTrue(script.contains("export GL_DIRECT_CONV='0'"), script)
        XCTAssertTrue(script.contains("export GL_THREADS=1"), script)
        XCTAssertTrue(script.contains("exec '/shared/bin/trial' run --cache '/shared/it'\\''s/trials' \"$key\""), script)
    }

    func testSettingsComeFromTheEnvironmentAndBadOnesAreNamed() throws {
        let options = try SlurmOptions(environment: ["GL_SLURM_PARTITION": "cpu", "GL_SLURM_TIME": "01:00:00", "GL_SLURM_CPUS": "2",
                                                     "GL_SLURM_OPTIONS": "--mem=4G --qos=short", "GL_SLURM_ATTEMPTS": "5"])
        XCTAssertEqual(options.partition, "cpu")
        XCTAssertEqual(options.cpusPerTask, 2)
        XCTAssertEqual(options.extraOptions, ["--mem=4G", "--qos=short"])
        XCTAssertEqual(options.maxAttempts, 5)
        XCTAssertEqual(options.timeLimit, "01:00:00")
        XCTAssertNil(options.account, "unset settings stay the cluster's defaults")
        XCTAssertThrowsError(try SlurmOptions(environment: ["GL_SLURM_CPUS": "two"])) { error in
            XCTAssertEqual("\(error)", "GL_SLURM_CPUS='two': expected a positive number")
        }
        XCTAssertThrowsError(try SlurmOptions(environment: ["GL_SLURM_TIME": "1 hour"]))
        let refused = ExecutorChoice(environment: ["GL_TRIAL_WORKER": worker.path, "GL_EXECUTOR": "pbs"]).executor
        XCTAssertTrue(refused?.description.contains("expected local or slurm") ?? false, refused?.description ?? "nil")
    }
}
