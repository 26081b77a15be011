/// Builds the prefix templates of every display name: `15:04:05 web.1 | ` padded to the widest
/// name, coloured with the service's colour when colour is on.
struct LinePrefixFormatter: Sendable {
    let width: Int
    let useColor: Bool
    let showTimestamps: Bool
    let palette: ColorPalette

    init(options: LogOptions, names: [String]) {
        self.width = names.map(\.count).max() ?? 0
        self.useColor = options.useColor
        self.showTimestamps = options.showTimestamps
        self.palette = ColorPalette(depth: options.colorDepth)
    }

    /// The template of a service instance's lines.
    func template(displayName: String, service: String) -> PrefixTemplate {
        self.template(
            displayName: displayName,
            color: self.useColor ? self.palette.escape(forService: service) : nil,
            textColor: nil
        )
    }

    /// The template of Muster's own lines.
    func systemTemplate(level: SystemLineLevel) -> PrefixTemplate {
        guard self.useColor else {
            return self.template(displayName: "muster", color: nil, textColor: nil)
        }
        switch level {
        case .info:
            return self.template(displayName: "muster", color: ColorPalette.muster, textColor: nil)
        case .error:
            return self.template(
                displayName: "muster", color: ColorPalette.error, textColor: ColorPalette.errorText)
        }
    }

    private func template(displayName: String, color: String?, textColor: String?) -> PrefixTemplate {
        let padding = String(repeating: " ", count: max(0, self.width - displayName.count))
        var tail = Array((displayName + padding + " |").utf8)
        if color != nil {
            tail += Array(ColorPalette.reset.utf8)
        }
        tail.append(0x20)
        if let textColor {
            tail += Array(textColor.utf8)
        }
        return PrefixTemplate(
            head: Array((color ?? "").utf8),
            tail: tail,
            lineEnd: Array(((textColor != nil ? ColorPalette.reset : "") + "\n").utf8),
            fileTail: Array(" \(displayName) | ".utf8),
            showTimestamp: self.showTimestamps
        )
    }
}
