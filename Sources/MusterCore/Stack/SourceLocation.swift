/// Where something was written: file, line and column, for error messages.
package struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    package var file: String
    /// 1-based line.
    package var line: Int
    /// 1-based column.
    package var column: Int

    /// Creates a location.
    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `muster.yaml:3:5`.
    package var description: String { "\(file):\(line):\(column)" }
}
