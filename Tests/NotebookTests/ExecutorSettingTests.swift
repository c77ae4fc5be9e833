import Foundation
import Notebook
import XCTest

/// `report build --executor`: a Slurm run is refused before any chapter runs when its settings or
/// commands are wrong, naming what is wrong.
final class ExecutorSettingTests: XCTestCase {
    func testLocalNeedsNothing() throws {
        XCTAssertEqual(try ExecutorSetting.local.check(environment: [:]), "local")
    }

    func testSlurmNamesTheMissingCommandAndTheBadSetting() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-slurm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try ExecutorSetting.slurm.check(environment: ["PATH": empty.path])) { error in
            XCTAssertTrue("\(error)".contains("--executor slurm: 'sbatch' not found"), "\(error)")
        }
        XCTAssertThrowsError(try ExecutorSetting.slurm.check(environment: ["GL_SLURM_ATTEMPTS": "0"])) { error in
            XCTAssertTrue("\(error)".contains("GL_SLURM_ATTEMPTS='0'"), "\(error)")
        }
        for command in ["sbatch", "squeue"] {
            let url = empty.appendingPathComponent(command)
            try "#!/bin/sh\n".write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        XCTAssertEqual(try ExecutorSetting.slurm.check(environment: ["PATH": empty.path, "GL_SLURM_PARTITION": "cpu"]),
                       "slurm, 1 CPU per task × 1 thread, partition cpu")
    }
}
