import MusterNet
import NIOCore

/// One `http:` attempt: a GET through MusterNet's HTTP exchange; a 2xx or 3xx status is healthy.
struct HTTPProbe: Sendable {
    /// Where the GET goes.
    var target: HTTPTarget
    /// How long connecting and answering may take together.
    var timeout: Duration
    /// Where the connection runs.
    var eventLoopGroup: any EventLoopGroup

    /// Sends the GET, reads the status, and says how it went.
    func attempt() async -> ProbeResult {
        // The status is all a probe needs: the exchange is complete with the answer's head.
        let exchange = HTTPExchange(
            host: target.host, port: target.port, path: target.path, timeout: timeout, bodyLimit: 0,
            eventLoopGroup: eventLoopGroup)
        do {
            let answer = try await exchange.send()
            let detail = "GET \(target.displayName) answered \(answer.code)"
            return (200..<400).contains(answer.code) ? .passed(detail) : .failed(detail)
        } catch HTTPExchange.Failure.timedOut {
            return .failed("GET \(target.displayName) timed out after \(timeout.humanReadable)")
        } catch HTTPExchange.Failure.closedEarly {
            return .failed("GET \(target.displayName) got no answer: the connection closed")
        } catch HTTPExchange.Failure.notHTTP(let line) {
            return .failed("GET \(target.displayName) got an answer that is not HTTP: \(line)")
        } catch {
            let place = ProbeConnectionFailure.place(host: target.host, port: target.port)
            return .failed(ProbeConnectionFailure.detail(of: error, place: place, timeout: timeout))
        }
    }
}
