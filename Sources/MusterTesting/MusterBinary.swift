import Foundation

/// Where the `muster` executable built alongside the tests is.
public enum MusterBinary {
    /// `$MUSTER_BINARY`, else `muster` beside the test bundle in the build directory.
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["MUSTER_BINARY"] { return explicit }
        var directory = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
        ).deletingLastPathComponent()
        // On Linux the tests run from .build/<triple>/debug/MusterPackageTests.xctest.
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("muster").path
    }
}
