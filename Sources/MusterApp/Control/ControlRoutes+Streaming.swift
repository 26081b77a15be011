import Hummingbird
import MusterCore
import NIOCore
import ServiceLifecycle

/// The two streaming routes: `GET /v1/logs` (NDJSON) and `GET /v1/events` (server-sent events).
///
/// Both end when the client disconnects (the request's inbound side closes), when the plane's
/// stream finishes, or when the server shuts down gracefully.
extension ControlRoutes {
    /// What `GET /v1/events` writes next.
    private enum EventItem: Sendable {
        case change(StateChange)
        case keepAlive
    }

    /// `GET /v1/logs?service=a&service=b&tail=N&follow=true`: the kept lines, then (with follow)
    /// every new line, one `LogEntry` JSON document per line.
    ///
    /// With follow, the subscription is made before the kept lines are read, so no line is lost
    /// between them; a line that arrives in that instant may be sent twice (once in each part).
    /// Lines are not deduplicated. The first bytes of a follow answer (the kept lines, or an empty
    /// line when there are none) are sent only once the subscription exists.
    func logs(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let services = query.getAll("service").map { String($0) }
        let tail = try Self.tail(query["tail"])
        let headers: HTTPFields = [.contentType: "application/x-ndjson", .cacheControl: "no-store"]
        guard try Self.flag("follow", query["follow"]) else {
            let kept = try Self.jsonLines(try await plane.logs(services: services, tail: tail))
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: kept))
        }
        // Unknown services are refused here, with their status, before the answer starts.
        _ = try await plane.logs(services: services, tail: 0)
        let plane = self.plane
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let subscription = try await plane.followLogs(services: services)
                do {
                    let kept = try Self.jsonLines(try await plane.logs(services: services, tail: tail))
                    try await writer.write(kept.readableBytes > 0 ? kept : ByteBuffer(string: "\n"))
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        for await entry in subscription.cancelOnGracefulShutdown() {
                            try await writer.write(.controlJSONLine(entry))
                        }
                    }
                } catch {
                    await Self.release(subscription)
                    throw error
                }
                await Self.release(subscription)
                try await writer.finish(nil)
            })
    }

    /// `GET /v1/events`: a `: subscribed` comment once subscribed, then each state change as
    /// `event: state` with its JSON as data, and a `: keep-alive` comment every ``keepAliveInterval``.
    func events(_ request: Request) -> Response {
        let plane = self.plane
        let interval = keepAliveInterval
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                let changes = await plane.transitions()
                do {
                    try await writer.write(ByteBuffer(string: ": subscribed\n\n"))
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        try await Self.writeEvents(of: changes, keepAliveInterval: interval, to: &writer)
                    }
                } catch {
                    await Self.release(changes)
                    throw error
                }
                await Self.release(changes)
                try await writer.finish(nil)
            })
    }

    /// Writes every change and a keep-alive comment every `interval` until `changes` ends or the
    /// server shuts down gracefully.
    private static func writeEvents(
        of changes: AsyncStream<InstanceTransition>, keepAliveInterval interval: Duration,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        let (items, sink) = AsyncStream.makeStream(of: EventItem.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await change in changes { sink.yield(.change(StateChange(change))) }
                sink.finish()
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if !Task.isCancelled { sink.yield(.keepAlive) }
                }
            }
            defer { group.cancelAll() }
            for await item in items.cancelOnGracefulShutdown() {
                switch item {
                case .change(let change):
                    try await writer.write(.controlJSONLine(change, prefix: "event: state\ndata: ", suffix: "\n\n"))
                case .keepAlive:
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
        }
    }

    /// Ends the plane's side of `stream` (its `onTermination` runs) by cancelling a read of it;
    /// a stream that already ended is left as it is.
    static func release<Element: Sendable>(_ stream: AsyncStream<Element>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                _ = await iterator.next()
            }
            group.cancelAll()
        }
    }

    /// `entries` as NDJSON.
    private static func jsonLines(_ entries: [LogEntry]) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        for entry in entries {
            var line = try ByteBuffer.controlJSONLine(entry)
            buffer.writeBuffer(&line)
        }
        return buffer
    }

    /// The `tail` parameter: nil when absent, else a whole number of at least zero.
    private static func tail(_ value: Substring?) throws(ControlError) -> Int? {
        guard let value else { return nil }
        guard let number = Int(value), number >= 0 else {
            throw ControlError(status: 400, message: "tail must be a whole number of lines, 0 or more, not '\(value)'")
        }
        return number
    }

    /// A true/false parameter: absent is false.
    private static func flag(_ name: String, _ value: Substring?) throws(ControlError) -> Bool {
        switch value?.lowercased() {
        case nil, "false", "0", "no": return false
        case "true", "1", "yes", "": return true
        case let other?:
            throw ControlError(status: 400, message: "\(name) must be true or false, not '\(other)'")
        }
    }
}
