/// A misuse of a leakage measure: mismatched image shapes, an image smaller than the SSIM window, a
/// non-finite pixel, an empty input or an out-of-range argument. The message names the function and
/// the shapes or values involved, for example
/// `ssim: images have shapes [1, 32, 32] and [1, 28, 28]; they must match`.
public struct LeakageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The public function that rejected its input.
    public let function: String
    /// What was wrong.
    public let message: String

    public init(_ function: String, _ message: String) {
        self.function = function
        self.message = message
    }

    public var description: String { "\(function): \(message)" }
}

extension LeakageError {
    /// Throws unless every value is finite (NaN and ±∞ are rejected), naming `what` in the message.
    static func requireFinite(_ values: [Double], _ what: String, function: String) throws(LeakageError) {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw LeakageError(function, "\(what) has a non-finite value \(values[index]) at index \(index)")
        }
    }

    /// Throws unless `rows` is non-empty and rectangular with finite entries; returns the column count.
    @discardableResult
    static func requireMatrix(_ rows: [[Double]], _ what: String, function: String) throws(LeakageError) -> Int {
        guard let columns = rows.first?.count, columns > 0 else {
            throw LeakageError(function, "\(what) is empty (\(rows.count) rows)")
        }
        for (r, row) in rows.enumerated() {
            guard row.count == columns else {
                throw LeakageError(function, "\(what) is not rectangular: row 0 has \(columns) entries, row \(r) has \(row.count)")
            }
            if let c = row.firstIndex(where: { !$0.isFinite }) {
                throw LeakageError(function, "\(what) has a non-finite entry \(row[c]) at [\(r), \(c)]")
            }
        }
        return columns
    }
}
