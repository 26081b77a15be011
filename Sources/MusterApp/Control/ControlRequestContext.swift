import Hummingbird
import MusterCore
import NIOCore

/// The request context of the control API: Hummingbird's basics plus the listener the request
/// came in on.
struct ControlRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    var coreContext: CoreRequestContextStorage
    /// Whether the request came over the unix socket (else over loopback TCP).
    let overUnixSocket: Bool
    /// The port of the TCP listener it came in on (nil over the unix socket).
    let listenerPort: Int?

    /// Creates the context of a request arriving on `source.channel`.
    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        if case .unixDomainSocket = source.channel.localAddress {
            overUnixSocket = true
        } else {
            overUnixSocket = false
        }
        listenerPort = source.channel.localAddress?.port
    }

    /// The largest request body the control API reads.
    var maxUploadSize: Int { ControlServer.maximumBodySize }
}
