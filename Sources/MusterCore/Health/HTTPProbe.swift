import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `http:` attempt: a hand-written HTTP/1.1 GET; a 2xx or 3xx status is healthy.
struct HTTPProbe: Sendable {
    /// Where the GET goes.
    var target: HTTPTarget
    /// How long connecting and answering may take together.
    var timeout: Duration
    /// Where the connection runs.
    var eventLoopGroup: any EventLoopGroup

    /// Sends the GET, reads the status line, and says how it went.
    func attempt() async -> ProbeResult {
        let request = "GET \(target.path) HTTP/1.1\r\nHost: \(target.hostHeader)\r\nConnection: close\r\n\r\n"
        let eventLoop = eventLoopGroup.next()
        let promise = eventLoop.makePromise(of: Int.self)
        let deadline = NIODeadline.now() + TimeAmount(probeTimeout: timeout)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(probeTimeout: timeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        HTTPStatusLineHandler(request: request, promise: promise, deadline: deadline))
                }
            }
        let channel: any Channel
        do {
            channel = try await connect(bootstrap)
        } catch {
            promise.fail(error)
            let place = ProbeConnectionFailure.place(host: target.host, port: target.port)
            return .failed(ProbeConnectionFailure.detail(of: error, place: place, timeout: timeout))
        }
        do {
            let code = try await withTaskCancellationHandler {
                try await promise.futureResult.get()
            } onCancel: {
                promise.fail(CancellationError())
                channel.close(promise: nil)
            }
            let detail = "GET \(target.displayName) answered \(code)"
            return (200..<400).contains(code) ? .passed(detail) : .failed(detail)
        } catch HTTPStatusLineHandler.Failure.timedOut {
            return .failed("GET \(target.displayName) timed out after \(timeout.humanReadable)")
        } catch HTTPStatusLineHandler.Failure.closedEarly {
            return .failed("GET \(target.displayName) got no answer: the connection closed")
        } catch HTTPStatusLineHandler.Failure.notHTTP(let line) {
            return .failed("GET \(target.displayName) got an answer that is not HTTP: \(line)")
        } catch let error as IOError {
            return .failed(
                "GET \(target.displayName) failed: \(String(cString: strerror(error.errnoCode)).lowercased())")
        } catch {
            return .failed("GET \(target.displayName) failed: \(error)")
        }
    }

    private func connect(_ bootstrap: ClientBootstrap) async throws -> any Channel {
        if let address = try? SocketAddress(ipAddress: target.host, port: target.port) {
            return try await bootstrap.connect(to: address).get()
        }
        return try await bootstrap.connect(host: target.host, port: target.port).get()
    }
}
