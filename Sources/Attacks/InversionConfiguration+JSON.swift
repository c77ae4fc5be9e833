import Foundation

/// A configuration file or override that cannot be used: names the source (a file path, or the
/// override) and says what is wrong, e.g. `cfg.json: at "optimizer.beta1": expected a number`.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The file or override the problem is in.
    public let source: String
    /// What is wrong.
    public let message: String

    public init(source: String, _ message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}

extension InversionConfiguration {
    /// Pretty-printed JSON with sorted keys (the form `leakage audit --print-config` prints).
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try! encoder.encode(self)  // Encoding a configuration cannot fail: every field is a plain value.
    }

    /// Decodes the JSON form; `source` names the file (or override) in errors.
    public static func decode(_ data: Data, source: String) throws(ConfigurationError) -> InversionConfiguration {
        do {
            return try JSONDecoder().decode(InversionConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw ConfigurationError(source: source, describe(error))
        } catch {
            throw ConfigurationError(source: source, "\(error)")
        }
    }

    /// Reads a configuration file.
    public static func load(path: String) throws(ConfigurationError) -> InversionConfiguration {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError(source: path, "cannot read the file (\(error.localizedDescription))")
        }
        return try decode(data, source: path)
    }

    /// The configuration with `overrides` applied, each `key=value` with a dotted key into the JSON
    /// form (`tvWeight=0.1`, `optimizer.beta2=0.9`, `distance=l2`); the value is read as JSON, or as
    /// a string when it is not valid JSON. The result is validated like a file.
    public func applying(_ overrides: [String]) throws(ConfigurationError) -> InversionConfiguration {
        guard !overrides.isEmpty else { return self }
        var object = (try? JSONSerialization.jsonObject(with: jsonData())) as? [String: Any] ?? [:]
        for override in overrides {
            let parts = override.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ConfigurationError(source: "--set \(override)", "expected key=value, e.g. tvWeight=0.1")
            }
            let value = (try? JSONSerialization.jsonObject(with: Data(parts[1].utf8), options: .fragmentsAllowed)) ?? parts[1]
            object = Self.setting(value, at: parts[0].split(separator: ".").map(String.init), in: object)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return try Self.decode(data, source: "--set \(overrides.joined(separator: " "))")
    }

    private static func setting(_ value: Any, at path: [String], in object: [String: Any]) -> [String: Any] {
        var object = object
        guard let key = path.first else { return object }
        if path.count == 1 {
            object[key] = value
        } else {
            object[key] = setting(value, at: Array(path.dropFirst()), in: object[key] as? [String: Any] ?? [:])
        }
        return object
    }

    /// One line naming where in the JSON the problem is.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case let .keyNotFound(key, context):
            return "missing key \"\(path(context.codingPath + [key]))\""
        case let .typeMismatch(type, context):
            return "at \"\(path(context.codingPath))\": expected \(expectedName(type)) (\(context.debugDescription))"
        case let .valueNotFound(type, context):
            return "at \"\(path(context.codingPath))\": expected \(expectedName(type)), found null"
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                let detail = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
                return "\(context.debugDescription)\(detail)"
            }
            return "at \"\(path(context.codingPath))\": \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func expectedName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is Float.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: "\(type)"
        }
    }
}
