import Yams

extension StackFileReader {
    /// The probe kinds of a health check; exactly one is required.
    static let probeKeys = ["http", "tcp", "exec", "log"]

    /// `healthcheck:`: exactly one probe and optional timing.
    func healthcheck(_ entry: Entry, of service: String) throws(ConfigError) -> HealthCheckDefinition {
        let settings = try entries(
            of: entry.value, key: "healthcheck", in: "in the healthcheck of `\(service)`",
            allowed: Self.probeKeys + ["interval", "timeout", "retries", "start_period"])
        let probes = settings.filter { Self.probeKeys.contains($0.key) }
        guard let first = probes.first else {
            throw error(
                "the healthcheck of `\(service)` has no probe; add one of `http`, `tcp`, `exec` or `log`",
                at: entry.value)
        }
        if probes.count > 1 {
            throw error(
                "the healthcheck of `\(service)` has two probes, `\(first.key)` and `\(probes[1].key)`; keep only one",
                at: probes[1].keyNode)
        }
        var check = HealthCheckDefinition(probe: try probe(first))
        for setting in settings {
            switch setting.key {
            case "interval": check.interval = try positiveDuration(setting)
            case "timeout": check.timeout = try positiveDuration(setting)
            case "retries": check.retries = try integer(setting, in: 1...Int.max, rangeText: "1 or more")
            case "start_period": check.startPeriod = try duration(setting)
            default: break
            }
        }
        return check
    }

    private func probe(_ entry: Entry) throws(ConfigError) -> HealthCheckDefinition.Probe {
        switch entry.key {
        case "http":
            let target = try string(entry)
            guard target.hasPrefix("/") || (target.hasPrefix("http://") && target.count > "http://".count) else {
                throw error(
                    "`http` must be a path starting with `/` or a full http:// URL, not \(describe(entry.value))",
                    at: entry.value)
            }
            return .http(target)
        case "tcp":
            if try text(entry.value) == "true" { return .tcp(port: nil) }
            return .tcp(port: try portNumber(entry))
        case "exec":
            guard let command = try text(entry.value, mode: .shell), !command.isEmpty else {
                throw error("`exec` must be a command to run, not \(describe(entry.value))", at: entry.value)
            }
            return .exec(command)
        default:
            let pattern = try nonEmptyString(entry)
            do {
                _ = try Regex(pattern)
            } catch {
                throw self.error(
                    "`log` must be a valid regular expression, not \(describe(entry.value)); "
                        + "escape special characters such as ( [ . * with a backslash", at: entry.value)
            }
            return .log(pattern)
        }
    }

    private func positiveDuration(_ entry: Entry) throws(ConfigError) -> Duration {
        let value = try duration(entry)
        guard value > .zero else {
            throw error("`\(entry.key)` must be longer than 0s; write a duration such as 1s", at: entry.value)
        }
        return value
    }
}
