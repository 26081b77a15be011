/// The body of `PUT /v1/agent/service/register`, decoded and validated (`shared/protocols.md` §4.3).
struct ServiceRegistration: Sendable {
    var service: ServiceInstance
    var checks: [RegistryCheck]

    /// Decodes `body`, naming checks the way Consul does.
    init(body: [UInt8]) throws(RegistryError) {
        guard case .object(let fields) = try JSONValue.parse(body) else {
            throw .badRequest("Request decode failed: the body must be a JSON object")
        }
        guard let name = try fields.string("Name", "Service"), !name.isEmpty else {
            throw .badRequest("Missing service name")
        }
        var service = ServiceInstance(id: try fields.string("ID") ?? "", name: name)
        if service.id.isEmpty { service.id = name }
        service.tags = try fields.strings("Tags") ?? []
        service.address = try fields.string("Address") ?? ""
        guard service.address != "0.0.0.0", service.address != "::", service.address != "[::]" else {
            throw .badRequest("Invalid service address")
        }
        service.port = try fields.integer("Port") ?? 0
        service.meta = try fields.stringMap("Meta") ?? [:]
        service.kind = try fields.string("Kind") ?? ""
        service.enableTagOverride = try fields.bool("EnableTagOverride") ?? false
        if let weights = try fields.object("Weights") {
            service.weights = .init(
                passing: try weights.integer("Passing") ?? 1, warning: try weights.integer("Warning") ?? 1)
        }
        service.taggedAddresses = try Self.taggedAddresses(fields)
        self.service = service
        var definitions: [JSONObject] = []
        if let check = try fields.object("Check") { definitions.append(check) }
        if let list = fields["Checks"] {
            guard case .array(let items) = list else {
                throw .badRequest("Request decode failed: Checks must be a list of objects, not \(list.typeName)")
            }
            for item in items {
                guard case .object(let check) = item else {
                    throw .badRequest("Request decode failed: Checks must be a list of objects")
                }
                definitions.append(check)
            }
        }
        checks = try definitions.enumerated().map { (position, definition) throws(RegistryError) in
            var check = try CheckDefinition.decode(definition)
            if check.id.isEmpty {
                check.id = definitions.count > 1 ? "service:\(service.id):\(position + 1)" : "service:\(service.id)"
            }
            if check.name.isEmpty { check.name = "Service '\(service.name)' check" }
            check.serviceID = service.id
            return check
        }
    }

    /// `TaggedAddresses`: each value `{"Address","Port"}` (any key case), or a bare address.
    private static func taggedAddresses(_ fields: JSONObject) throws(RegistryError) -> [String: ServiceInstance
        .TaggedAddress]
    {
        guard let value = fields["TaggedAddresses"] else { return [:] }
        guard case .object(let object) = value else {
            throw .badRequest("Request decode failed: TaggedAddresses must be an object, not \(value.typeName)")
        }
        var result: [String: ServiceInstance.TaggedAddress] = [:]
        for (tag, entry) in object.pairs {
            switch entry {
            case .string(let address):
                result[tag] = .init(address: address, port: 0)
            case .object(let parts):
                result[tag] = .init(
                    address: try parts.string("Address") ?? "", port: try parts.integer("Port") ?? 0)
            default:
                throw .badRequest("Request decode failed: TaggedAddresses values must be objects with Address and Port")
            }
        }
        return result
    }
}
