import Foundation

/// Writes to standard error (Swift 6 forbids touching the C `stderr` global; docs/NATIVE-LIBS.md §3.4).
public enum Log {
    public static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
