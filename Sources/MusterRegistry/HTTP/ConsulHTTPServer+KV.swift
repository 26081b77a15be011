import Hummingbird
import MusterNet
import NIOCore

/// `/v1/kv/<key>` (`shared/protocols.md` §4.6): GET (blocking), PUT and DELETE.
extension ConsulHTTPServer {
    func keyValue(_ key: String, method: HTTPRequest.Method, query: URLQuery, body: [UInt8])
        async throws(RegistryError) -> ConsulReply
    {
        switch method {
        case .put: return try await putValue(key, query: query, body: body)
        case .delete: return try await deleteValue(key, query: query)
        default: return try await getValue(key, query: query)
        }
    }

    private func getValue(_ key: String, query: URLQuery) async throws(RegistryError) -> ConsulReply {
        let blocking = try BlockingOptions(query)
        if query["keys"] != nil {
            let separator = query["separator"] ?? query["seperator"]
            let result = await registry.read(after: blocking.index, wait: blocking.wait) { snapshot in
                Indexed(index: snapshot.kv.index(under: key), value: snapshot.kv.keys(under: key, separator: separator))
            }
            if result.value.isEmpty, !key.isEmpty { return .notFound(index: result.index) }
            return .json(result.value, index: result.index)
        }
        if query["recurse"] != nil {
            let result = await registry.read(after: blocking.index, wait: blocking.wait) { snapshot in
                Indexed(index: snapshot.kv.index(under: key), value: snapshot.kv.entries(under: key))
            }
            if result.value.isEmpty { return .notFound(index: result.index) }
            return .json(result.value.map(KVDocument.init), index: result.index)
        }
        guard !key.isEmpty else { throw .badRequest("Missing key name") }
        let result = await registry.read(after: blocking.index, wait: blocking.wait) { snapshot in
            Indexed(index: snapshot.kv.index(of: key), value: snapshot.kv.entry(key))
        }
        guard let entry = result.value else { return .notFound(index: result.index) }
        guard query["raw"] != nil else { return .json([KVDocument(entry: entry)], index: result.index) }
        var reply = ConsulReply(
            contentType: "text/plain; charset=utf-8", body: ByteBuffer(bytes: entry.value), index: result.index)
        reply.extraHeaders = [("X-Content-Type-Options", "nosniff")]
        return reply
    }

    private func putValue(_ key: String, query: URLQuery, body: [UInt8]) async throws(RegistryError) -> ConsulReply {
        try Self.checkWritable(key)
        let cas = try query.unsigned("cas", message: "Invalid cas index")
        let flags = try query.unsigned("flags", message: "Invalid flags") ?? 0
        for lock in ["acquire", "release"] where query[lock] != nil {
            if cas != nil { throw .badRequest("Conflicting flags: cas=&\(lock)") }
            throw RegistryError(
                status: 500, "Sessions are not supported by Muster's registry, so ?\(lock) cannot be used")
        }
        return .json(await registry.put(key: key, value: body, flags: flags, cas: cas))
    }

    private func deleteValue(_ key: String, query: URLQuery) async throws(RegistryError) -> ConsulReply {
        let cas = try query.unsigned("cas", message: "Invalid cas index")
        if query["recurse"] != nil {
            if cas != nil { throw .badRequest("Conflicting flags: cas=&recurse") }
            await registry.deleteTree(prefix: key)
            return .json(true)
        }
        try Self.checkWritable(key)
        return .json(await registry.delete(key: key, cas: cas))
    }

    /// A key that can be written: not empty, not starting with `/`.
    private static func checkWritable(_ key: String) throws(RegistryError) {
        guard !key.isEmpty else { throw .badRequest("Missing key name") }
        guard !key.hasPrefix("/") else { throw .badRequest("Invalid key name: it must not start with /") }
    }
}
