import Autodiff
import Foundation

extension SafeTensors {
    /// The safetensors bytes of `dict`. Header entries follow the dictionary's order; in the data
    /// section the I64 entries come first, then the F32 ones, so every tensor is aligned to its
    /// element size (as the reference writer does). The header is padded with spaces to a multiple
    /// of 8 bytes. Integer entries must hold whole numbers (else `.invalidValue`).
    public static func encode(_ dict: StateDict, file: String = "<memory>") throws -> Data {
        struct Planned { let name: String; let tensor: Tensor; let dtype: SafeTensorsDType; var begin = 0 }
        var planned = dict.entries.map { Planned(name: $0.name, tensor: $0.tensor, dtype: dict.isInteger($0.name) ? .I64 : .F32) }
        var offset = 0
        for dtype in [SafeTensorsDType.I64, .F32] {
            for i in planned.indices where planned[i].dtype == dtype {
                planned[i].begin = offset
                offset += planned[i].tensor.count * dtype.size
            }
        }
        var header = "{"
        var parts: [String] = []
        if !dict.metadata.isEmpty {
            let pairs = dict.metadata.keys.sorted().map { "\(SafeTensorsJSON.quoted($0)):\(SafeTensorsJSON.quoted(dict.metadata[$0]!))" }
            parts.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for entry in planned {
            let shape = entry.tensor.shape.map(String.init).joined(separator: ",")
            let end = entry.begin + entry.tensor.count * entry.dtype.size
            parts.append("\(SafeTensorsJSON.quoted(entry.name)):{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(entry.begin),\(end)]}")
        }
        header += parts.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while (8 + headerBytes.count) % 8 != 0 { headerBytes.append(0x20) }

        var data = Data(count: 8 + headerBytes.count + offset)
        try data.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(headerBytes.count).littleEndian, as: UInt64.self)
            headerBytes.withUnsafeBytes { raw.baseAddress!.advanced(by: 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            let dataStart = raw.baseAddress! + 8 + headerBytes.count
            for entry in planned {
                let target = dataStart + entry.begin
                try entry.tensor.withUnsafeBufferPointer { values in
                    switch entry.dtype {
                    case .I64:
                        for (i, value) in values.enumerated() {
                            guard value.isFinite, value == value.rounded(), abs(value) <= 0x1p62 else {
                                throw SafeTensorsError(.invalidValue, file: file, entry: entry.name,
                                                       "element \(i) is \(value), which an integer (I64) entry cannot hold")
                            }
                            target.storeBytes(of: Int64(value).littleEndian, toByteOffset: 8 * i, as: Int64.self)
                        }
                    default:
                        for (i, value) in values.enumerated() {
                            target.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                        }
                    }
                }
            }
        }
        return data
    }
}
