import Yams

extension StackFileReader {
    /// One item of `volumes:` in the runtime's short syntax, its host path resolved against the stack file.
    ///
    /// Short syntax: `./data:/data[:ro]` (a bind mount; a source starting with `.`, `/` or `~` is a
    /// path), `name:/data` (a named volume), `/data` (an anonymous volume). Long syntax: a mapping of
    /// `type` (bind or volume), `source`, `target` and `read_only`.
    func volume(_ item: Node) throws(ConfigError) -> String {
        if case .mapping = item { return try longVolume(item) }
        let written = try text(item) ?? ""
        let parts = written.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }),
            parts.count > 1 || written.hasPrefix("/")
        else {
            throw error(
                "the volume \(describe(item)) is not SOURCE:TARGET[:MODE]; write it as ./data:/data, name:/data or /data",
                at: item)
        }
        guard parts.count > 1 else { return written }
        let target = parts[1]
        guard target.hasPrefix("/") else {
            throw error(
                "the volume \(describe(item)) must mount at a path inside the container that starts with /, "
                    + "such as ./data:/data", at: item)
        }
        return ([try volumeSource(parts[0], at: item), target] + parts.dropFirst(2)).joined(separator: ":")
    }

    /// A host path made absolute (`~` is the home directory), or a named volume as written.
    private func volumeSource(_ source: String, at item: Node) throws(ConfigError) -> String {
        if source == "~" || source.hasPrefix("~/") {
            let home = environment["HOME"] ?? "/"
            return path(home + source.dropFirst())
        }
        if source.hasPrefix(".") || source.hasPrefix("/") { return path(source) }
        let valid = source.unicodeScalars.allSatisfy {
            $0 == "_" || $0 == "-" || $0 == "." || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                || ("0"..."9").contains($0)
        }
        guard valid else {
            throw error(
                "the volume source \"\(source)\" is neither a path nor a volume name; start a host path with ./ or /",
                at: item)
        }
        return source
    }

    private func longVolume(_ item: Node) throws(ConfigError) -> String {
        let settings = try entries(
            of: item, key: "volumes", in: "in a volume", allowed: ["type", "source", "target", "read_only"])
        var values: [String: Entry] = [:]
        for setting in settings { values[setting.key] = setting }
        guard let targetEntry = values["target"] else {
            throw error("the volume has no `target`; add the path inside the container", at: item)
        }
        let target = try nonEmptyString(targetEntry)
        guard target.hasPrefix("/") else {
            throw error("`target` must be a path inside the container that starts with /", at: targetEntry.value)
        }
        let typeEntry = values["type"]
        let type = try typeEntry.map { entry throws(ConfigError) in try string(entry) } ?? "volume"
        guard type == "bind" || type == "volume" else {
            throw error("the volume `type` must be bind or volume, not \"\(type)\"", at: typeEntry?.value ?? item)
        }
        let readOnly = try values["read_only"].map { entry throws(ConfigError) in try bool(entry) } ?? false
        guard let sourceEntry = values["source"] else {
            if type == "bind" { throw error("a bind volume needs a `source` path on this machine", at: item) }
            return target
        }
        let source = try nonEmptyString(sourceEntry)
        let resolved = type == "bind" ? path(source) : try volumeSource(source, at: sourceEntry.value)
        return [resolved, target].joined(separator: ":") + (readOnly ? ":ro" : "")
    }

    /// One item of `ports:` in the runtime's short syntax: `[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`,
    /// or a mapping of `target`, `published`, `host_ip` and `protocol`.
    func portMapping(_ item: Node) throws(ConfigError) -> String {
        let written = try item.mapping != nil ? longPort(item) : text(item) ?? ""
        guard Self.isPortMapping(written) else {
            throw error(
                "the port \(item.mapping != nil ? "\"\(written)\"" : describe(item)) is not a port mapping; "
                    + "write it as \"8080:80\", \"127.0.0.1:8080:80\" or \"80\"", at: item)
        }
        return written
    }

    private static func isPortMapping(_ written: String) -> Bool {
        var mapping = Substring(written)
        if let slash = mapping.lastIndex(of: "/") {
            guard ["tcp", "udp", "sctp"].contains(mapping[mapping.index(after: slash)...]) else { return false }
            mapping = mapping[..<slash]
        }
        let parts = mapping.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return isPortRange(parts[0])
        case 2: return isPortRange(parts[0]) && isPortRange(parts[1])
        case 3: return !parts[0].isEmpty && (parts[1].isEmpty || isPortRange(parts[1])) && isPortRange(parts[2])
        default: return false
        }
    }

    private func longPort(_ item: Node) throws(ConfigError) -> String {
        let settings = try entries(
            of: item, key: "ports", in: "in a port", allowed: ["target", "published", "host_ip", "protocol"])
        var values: [String: String] = [:]
        for setting in settings { values[setting.key] = try string(setting) }
        guard let target = values["target"] else {
            throw error("the port has no `target`; add the port inside the container", at: item)
        }
        var mapping = target
        if let published = values["published"] { mapping = published + ":" + mapping }
        if let hostIP = values["host_ip"] { mapping = hostIP + ":" + (values["published"] == nil ? ":" : "") + mapping }
        if let proto = values["protocol"] { mapping += "/" + proto }
        return mapping
    }

    /// `8080` or `8000-8010`, each port from 1 to 65535.
    private static func isPortRange(_ text: Substring) -> Bool {
        let bounds = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        return bounds.allSatisfy { bound in Int(bound).map { (1...65535).contains($0) } ?? false }
    }
}
