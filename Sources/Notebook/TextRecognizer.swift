import Foundation
import ProcessSupport

/// Reads printed text from a grey image with Tesseract (Debian `tesseract-ocr`, found on `PATH` or at
/// `GL_TESSERACT`). Chapter 5 uses it for a measure the paper does not have: how much of a
/// radiograph's burned-in patient label an OCR engine recovers from a reconstruction (issue #19,
/// "beyond the paper"; `CharacterAccuracy` scores the reading). The protocol is fixed here, before
/// any reconstruction was read: the image gets a `border` in the median colour of its own edge, is
/// scaled up `scale` times by pixel repetition, is written as an 8-bit PGM and read as one uniform
/// block of text (`--psm 6`) on one thread (`OMP_THREAD_LIMIT=1`).
public struct TextRecognizer: Sendable {
    /// The engine's executable.
    public let executable: URL
    /// The first line of `tesseract --version`, e.g. "tesseract 5.3.0".
    public let version: String
    /// Pixel repetition before reading (Tesseract wants letters tens of pixels tall).
    public var scale = 4
    /// Pixels of edge colour added on every side (text touching the border is read badly).
    public var border = 10
    /// Seconds one reading may take before the engine is stopped.
    public var timeout: Double = 60

    /// The installed engine, or nil when there is none.
    public static func installed(environment: [String: String] = ProcessInfo.processInfo.environment) -> TextRecognizer? {
        let candidates = [environment["GL_TESSERACT"]].compactMap { $0 }
            + (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/tesseract" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
        let executable = URL(fileURLWithPath: path)
        guard let (output, errors, termination) = try? ChildProcess.outputs(of: executable, ["--version"], timeout: 30),
              termination.succeeded else { return nil }
        // Tesseract 4 printed its version on standard error, 5 on standard output.
        let text = String(decoding: output.isEmpty ? errors : output, as: UTF8.self)
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? "tesseract (unknown version)"
        return TextRecognizer(executable: executable, version: firstLine)
    }

    public init(executable: URL, version: String) {
        self.executable = executable
        self.version = version
    }

    /// The text in `pixels` (row-major, `height` × `width`, 0 = black … 255 = white), its lines
    /// trimmed and joined by single spaces. Throws when the image is empty or malformed or the
    /// engine fails or outlives `timeout`.
    public func read(pixels: [UInt8], width: Int, height: Int) throws -> String {
        guard width >= 1, height >= 1, pixels.count == width * height else {
            throw NotebookError.badArgument("TextRecognizer: \(pixels.count) pixels for a \(width)×\(height) image")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gl-ocr-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: file) }
        do { try portableGraymap(pixels: pixels, width: width, height: height).write(to: file) } catch {
            throw NotebookError.unwritable(path: file.path, reason: "\(error)")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = "1"
        let (output, errors, termination) = try ChildProcess.outputs(of: executable, [file.path, "stdout", "--psm", "6"],
                                                                     environment: environment, timeout: timeout)
        guard termination.succeeded else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw NotebookError.unreadable(path: file.path, reason: "\(executable.path) ended with \(termination)"
                                            + (termination.bySignal ? " (time limit \(Int(timeout)) s)" : "")
                                            + (message.isEmpty ? "" : ": \(message)"))
        }
        return String(decoding: output, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// The image as the engine reads it: bordered, scaled up, binary PGM (P5, 8 bits).
    func portableGraymap(pixels: [UInt8], width: Int, height: Int) -> Data {
        let edge = (0..<height).flatMap { r in (0..<width).compactMap { c -> UInt8? in
            r == 0 || c == 0 || r == height - 1 || c == width - 1 ? pixels[r * width + c] : nil
        } }.sorted()
        let background = edge[edge.count / 2]
        let (paddedWidth, paddedHeight) = (width + 2 * border, height + 2 * border)
        let (outWidth, outHeight) = (paddedWidth * scale, paddedHeight * scale)
        var data = Data("P5\n\(outWidth) \(outHeight)\n255\n".utf8)
        data.reserveCapacity(data.count + outWidth * outHeight)
        for row in 0..<outHeight {
            let r = row / scale - border
            for column in 0..<outWidth {
                let c = column / scale - border
                data.append(r >= 0 && r < height && c >= 0 && c < width ? pixels[r * width + c] : background)
            }
        }
        return data
    }
}
