import Autodiff
import FileSupport
import Foundation

/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length
/// n, n bytes of UTF-8 JSON mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin,
/// end]}` (offsets relative to the data section; an optional `"__metadata__"` maps strings to
/// strings), then the raw little-endian tensor bytes, which the entries must cover without holes
/// or overlaps. This is how PyTorch models are exchanged with the Python side (docs/DESIGN.md "NN and
/// FL semantics"); names follow PyTorch's `state_dict()`.
///
/// Reading converts F32/F64/F16/BF16 and the integer types (I64 for `num_batches_tracked`) to
/// Float32 and marks integer entries in `StateDict.integerNames`. Writing stores F32, and I64 for
/// integer entries. Every error is a `SafeTensorsError` naming the file and the entry.
public enum SafeTensors {
    /// Reads the safetensors file at `path`.
    public static func read(_ path: String) throws -> StateDict {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SafeTensorsError(.missingFile, file: path, "no such file")
        }
        guard !isDirectory.boolValue else { throw SafeTensorsError(.ioFailure, file: path, "is a directory, not a file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw SafeTensorsError(.ioFailure, file: path, "cannot be read: \(error.localizedDescription)")
        }
        return try decode(data, file: path)
    }

    /// Decodes safetensors bytes; `file` names the source in errors.
    public static func decode(_ data: Data, file: String = "<memory>") throws -> StateDict {
        try data.withUnsafeBytes { raw throws -> StateDict in
            let header = try Header.parse(raw, file: file)
            var dict = StateDict()
            dict.metadata = header.metadata
            let dataStart = raw.baseAddress! + header.dataOffset
            for entry in header.entries {
                let count = entry.shape.reduce(1, *)
                let tensor = Tensor(shape: entry.shape) { target in
                    if count > 0 { entry.dtype.convert(dataStart + entry.begin, count: count, into: target.baseAddress!) }
                }
                try dict.set(entry.name, tensor, isInteger: entry.dtype.isInteger)
            }
            return dict
        }
    }

    /// Writes `dict` to `path` atomically with the package's one atomic writer (`AtomicFile`: temp
    /// file in the same directory, then rename; docs/DESIGN.md "Reliability"). A missing directory or
    /// a failed write throws `SafeTensorsError(.ioFailure)` naming `path` and leaves it untouched.
    public static func write(_ dict: StateDict, to path: String) throws {
        let data = try encode(dict, file: path)
        do {
            try AtomicFile.write(data, to: URL(fileURLWithPath: path), createDirectories: false)
        } catch let error as AtomicFileError {
            throw SafeTensorsError(.ioFailure, file: path, error.problem)
        }
    }
}
