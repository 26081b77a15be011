import Hummingbird
import MusterCore
import MusterNet
import NIOCore

/// The routes of the control API (design §6), answered by a ``ControlPlane``.
struct ControlRoutes: Sendable {
    typealias Context = ControlRequestContext

    /// What answers the requests.
    let plane: any ControlPlane
    /// How often `GET /v1/events` sends a `: keep-alive` comment.
    let keepAliveInterval: Duration

    /// Methods answered with 405 on a path that serves another one.
    private static let knownMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options]

    /// A router with every route, the guard (Host, body size) and the error documents.
    func makeRouter() -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: ControlErrorMiddleware())
        router.add(middleware: ControlGuardMiddleware())
        let routes = self
        add(router, "/v1/services", .get) { _, _ in try .controlJSON(await routes.plane.status()) }
        add(router, "/v1/services/{name}", .get) { _, context in
            try .controlJSON(try await routes.instances(named: Self.name(in: context)))
        }
        add(router, "/v1/services/{name}/restart", .post) { _, context in
            try .controlJSON(try await routes.plane.restart([Self.name(in: context)]))
        }
        add(router, "/v1/services/{name}/stop", .post) { _, context in
            try .controlJSON(try await routes.plane.stop([Self.name(in: context)]))
        }
        add(router, "/v1/services/{name}/start", .post) { _, context in
            try .controlJSON(try await routes.plane.start([Self.name(in: context)]))
        }
        add(router, "/v1/logs", .get) { request, _ in try await routes.logs(request) }
        add(router, "/v1/events", .get) { request, _ in routes.events(request) }
        add(router, "/v1/shutdown", .post) { _, _ in try routes.shutdown() }
        add(router, "/v1/config", .get) { _, _ in
            let json = await routes.plane.configuration()
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
        }
        add(router, "/v1/environment", .get) { _, _ in try .controlJSON(await routes.plane.sharedEnvironment()) }
        return router
    }

    /// The instances whose service, name or display name is `name`; 404 when there is none.
    func instances(named name: String) async throws(ControlError) -> [InstanceStatus] {
        let matching = await plane.status().instances.filter {
            $0.service == name || $0.name == name || $0.displayName == name
        }
        guard !matching.isEmpty else {
            throw ControlError(
                status: 404, message: "there is no service or instance named '\(name)'; `muster status` lists them")
        }
        return matching
    }

    /// 202 `{"status":"stopping"}`, then asks the plane to shut down once the answer is sent.
    func shutdown() throws -> Response {
        let plane = self.plane
        let body = try ByteBuffer.controlJSONLine(["status": "stopping"], suffix: "")
        return Response(
            status: .accepted, headers: [.contentType: "application/json"],
            body: ResponseBody(contentLength: body.readableBytes) { writer in
                try await writer.write(body)
                try await writer.finish(nil)
                await plane.shutdown()
            })
    }

    /// Registers `handler` for `method` on `path`, and a 405 answer for the other methods.
    private func add(
        _ router: Router<Context>, _ path: RouterPath, _ method: HTTPRequest.Method,
        _ handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        router.on(path, method: method, use: handler)
        let refusal = ControlError(status: 405, message: "\(path) answers only \(method) requests")
        for other in Self.knownMethods where other != method {
            router.on(path, method: other) { _, _ in Response.controlError(refusal, headers: [.allow: method.rawValue])
            }
        }
    }

    /// The percent-decoded `{name}` of the path.
    private static func name(in context: Context) throws(ControlError) -> String {
        guard let raw = context.parameters.get("name"), let name = URLQuery.decode(raw.utf8, plusIsSpace: false),
            !name.isEmpty
        else {
            throw ControlError(status: 400, message: "the service name in the path has a malformed percent escape")
        }
        return name
    }
}
