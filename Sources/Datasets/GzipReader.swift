import CZlib
import Foundation

/// Streams the decompressed bytes of a gzip file with zlib, or the bytes of an uncompressed file
/// unchanged (a file is gzip when it starts with the magic bytes 1f 8b). Reading can stop early, so a
/// caller that needs only the first n records of a large file inflates only those.
///
/// Errors (all `DatasetError`, naming the file): `.truncated` when the compressed stream is cut off,
/// `.corrupt` for invalid compressed data, a bad CRC-32 or length trailer, or trailing garbage.
final class GzipReader {
    let path: String
    /// True when the file is gzip-compressed, false when its bytes are passed through.
    let isCompressed: Bool
    /// Size of the file on disk.
    var compressedSize: Int { input.count }
    /// Decompressed bytes handed out so far.
    private(set) var producedCount = 0

    private let input: Data
    private var inputOffset = 0
    private var finished = false
    private let stream: UnsafeMutablePointer<z_stream>?

    init(path: String) throws {
        self.path = path
        input = try FileIO.read(path)
        isCompressed = input.count >= 2 && input[input.startIndex] == 0x1f && input[input.startIndex + 1] == 0x8b
        guard isCompressed else { stream = nil; return }
        // zlib keeps a pointer back to the z_stream, so it must not move: allocate it on the heap.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // inflateInit2 is a macro; call its function with the header's version and struct size.
        // 16 + MAX_WBITS: expect a gzip wrapper (header + CRC-32 + length trailer).
        let status = inflateInit2_(stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw DatasetError(.ioFailure, file: path, "zlib inflateInit2 failed with status \(status)")
        }
        self.stream = stream
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
    }

    /// Fills `buffer` with the next decompressed bytes and returns how many were written; fewer than
    /// `buffer.count` only when the data ends.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, let out = buffer.baseAddress else { return 0 }
        var written = 0
        while written < buffer.count && !finished {
            if let stream {
                written += try inflateStep(stream, out: out + written, capacity: buffer.count - written)
            } else {
                let n = min(buffer.count - written, input.count - inputOffset)
                input.withUnsafeBytes { bytes in
                    (out + written).copyMemory(from: bytes.baseAddress! + inputOffset, byteCount: n)
                }
                inputOffset += n
                written += n
                if inputOffset == input.count { finished = true }
            }
        }
        producedCount += written
        return written
    }

    /// Exactly `count` bytes, or a `.truncated` error that says what was being read.
    func readExactly(_ count: Int, what: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withUnsafeMutableBytes { try read(into: $0) }
        guard got == count else {
            throw DatasetError(.truncated, file: path,
                               "truncated: the data ends after \(producedCount) bytes, in the middle of the \(what) (\(got) of \(count) bytes present)")
        }
        return bytes
    }

    /// True when no decompressed bytes remain (reads, and so consumes, at most one byte).
    func isAtEnd() throws -> Bool {
        var byte: UInt8 = 0
        return try withUnsafeMutableBytes(of: &byte) { try read(into: $0) } == 0
    }

    /// One `inflate` call; returns the bytes it produced.
    private func inflateStep(_ stream: UnsafeMutablePointer<z_stream>, out: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        let availableIn = min(input.count - inputOffset, Int(UInt32.max))
        let availableOut = min(capacity, Int(UInt32.max))
        let status: Int32 = input.withUnsafeBytes { bytes in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + inputOffset)
            stream.pointee.avail_in = uInt(availableIn)
            stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(availableOut)
            return inflate(stream, Z_NO_FLUSH)
        }
        let consumed = availableIn - Int(stream.pointee.avail_in)
        let produced = availableOut - Int(stream.pointee.avail_out)
        inputOffset += consumed
        switch status {
        case Z_OK:
            break
        case Z_STREAM_END:
            try finishMember(stream)
        case Z_BUF_ERROR where inputOffset == input.count:
            throw DatasetError(.truncated, file: path,
                               "truncated: the gzip stream is cut off after \(input.count) compressed bytes (\(producedCount + produced) bytes decompressed so far)")
        case Z_MEM_ERROR:
            throw DatasetError(.ioFailure, file: path, "out of memory while decompressing")
        default:
            var detail = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
            if detail == "incorrect data check" { detail += ": CRC-32 mismatch" }
            if detail == "incorrect length check" { detail += ": size trailer mismatch" }
            throw DatasetError(.corrupt, file: path,
                               "corrupt gzip data near compressed byte \(inputOffset) (zlib: \(detail))")
        }
        return produced
    }

    /// After a gzip member: stop at the end of the file, continue with a following member, accept
    /// zero padding, reject anything else.
    private func finishMember(_ stream: UnsafeMutablePointer<z_stream>) throws {
        let rest = input[(input.startIndex + inputOffset)...]
        if rest.isEmpty || rest.allSatisfy({ $0 == 0 }) {
            finished = true
        } else if rest.count >= 2 && rest[rest.startIndex] == 0x1f && rest[rest.startIndex + 1] == 0x8b {
            inflateReset(stream)
        } else {
            throw DatasetError(.corrupt, file: path,
                               "corrupt: \(rest.count) byte(s) of trailing garbage after the gzip stream (at byte \(inputOffset))")
        }
    }
}
