import Yams

extension StackFileReader {
    /// Applies a container key (`image`, `build`, `volumes`, `ports`, `entrypoint`); only `image` is kept by the
    /// model so far, the others are type-checked.
    func applyContainerSetting(_ setting: Entry, to service: inout ServiceDefinition) throws(ConfigError) {
        switch setting.key {
        case "image":
            service.image = try nonEmptyString(setting)
        case "build":
            if case .mapping = setting.value {
                try checkInterpolation(setting.value)
            } else {
                _ = try nonEmptyString(setting)
            }
        case "volumes":
            try checkList(setting, allowingMappings: true, expected: "a list of volumes such as ./data:/data")
        case "ports":
            try checkList(setting, allowingMappings: true, expected: "a list of ports such as \"8080:80\"")
        case "entrypoint":
            _ = try stringOrList(setting)
        default:
            throw error("unknown key `\(setting.key)` in service `\(service.name)`", at: setting.keyNode)
        }
    }

    /// `entry` is a list of scalars (and mappings, when allowed); every scalar is interpolated.
    private func checkList(_ entry: Entry, allowingMappings: Bool, expected: String) throws(ConfigError) {
        guard case .sequence(let items) = entry.value else {
            throw error("`\(entry.key)` must be \(expected), not \(describe(entry.value))", at: entry.value)
        }
        for item in items {
            switch item {
            case .scalar where !isNull(item): _ = try text(item)
            case .mapping where allowingMappings: try checkInterpolation(item)
            default:
                throw error(
                    "each item of `\(entry.key)` must be a string or a mapping, not \(describe(item))", at: item)
            }
        }
    }
}
