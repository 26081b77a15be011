/// Stable, well-separated colours for service prefixes; red is never used, it is reserved for
/// Muster's error lines.
package struct ColorPalette: Sendable {
    /// Basic foreground colours: green, yellow, blue, magenta, cyan and their bright variants.
    static let basicCodes: [Int] = [32, 33, 34, 35, 36, 92, 93, 94, 95, 96]
    /// xterm-256 colours chosen to be far apart from each other and from red.
    static let extendedCodes: [Int] = [
        33, 41, 214, 171, 45, 148, 99, 37, 220, 141, 75, 114, 177, 81, 186, 105,
    ]
    /// Reset all attributes.
    static let reset = "\u{1B}[0m"
    /// Muster's own lines: bold, no hue.
    package static let muster = "\u{1B}[1m"
    /// Muster's error lines.
    static let error = "\u{1B}[1;31m"
    /// The text of Muster's error lines.
    static let errorText = "\u{1B}[31m"

    let depth: ColorDepth

    /// A palette for a terminal of this colour depth.
    package init(depth: ColorDepth) { self.depth = depth }

    /// The escape sequence that starts `service`'s colour (replicas pass the service name).
    package func escape(forService service: String) -> String {
        let hash = Self.fnv1a(service)
        switch self.depth {
        case .basic16:
            let code = Self.basicCodes[Int(hash % UInt32(Self.basicCodes.count))]
            return "\u{1B}[\(code)m"
        case .extended256:
            let code = Self.extendedCodes[Int(hash % UInt32(Self.extendedCodes.count))]
            return "\u{1B}[38;5;\(code)m"
        }
    }

    /// 32-bit FNV-1a over the UTF-8 bytes of `text`: the same on every run and machine.
    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}
