/// Helpers for decoding hand-edited JSON strictly: unknown keys and unknown enum values are errors
/// that name the key and list what is allowed, instead of being ignored.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(_ string: String) { stringValue = string; intValue = nil }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
}

extension Decoder {
    /// Throws `DecodingError.dataCorrupted` naming the first key of this object not in `allowed`.
    func rejectUnknownKeys(allowed: [String]) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        guard let unknown = container.allKeys.map(\.stringValue).filter({ !allowed.contains($0) }).sorted().first else { return }
        throw DecodingError.dataCorrupted(.init(
            codingPath: codingPath + [AnyCodingKey(unknown)],
            debugDescription: "unknown key \"\(unknown)\" (allowed: \(allowed.joined(separator: ", ")))"))
    }
}

extension KeyedDecodingContainer {
    /// Decodes a string-valued enum, naming the allowed values when the string is not one of them.
    func decodeChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T where T.RawValue == String {
        let raw = try decode(String.self, forKey: key)
        guard let value = T(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "unknown value \"\(raw)\" (allowed: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }
}
