import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The settings a connection negotiated with IDENTIFY (`shared/protocols.md` §1.5.1).
struct IdentifyNegotiation: Equatable {
    var heartbeatIntervalMilliseconds: Int64
    var messageTimeoutMilliseconds: Int64
    var outputBufferSize: Int64 = 16_384
    var outputBufferTimeoutMilliseconds: Int64 = 250
    var sampleRate: Int64 = 0
    var featureNegotiation = false
    /// The client's self-description, `nil` until IDENTIFY (nsqd then shows the remote host).
    var clientID: String?
    var hostname: String?
    var userAgent = ""

    init(limits: NSQLimits) {
        heartbeatIntervalMilliseconds = limits.defaultHeartbeatIntervalMilliseconds
        messageTimeoutMilliseconds = limits.defaultMessageTimeoutMilliseconds
    }

    private struct Request: Decodable {
        var client_id: String?
        var hostname: String?
        var user_agent: String?
        var feature_negotiation: Bool?
        var heartbeat_interval: Int64?
        var output_buffer_size: Int64?
        var output_buffer_timeout: Int64?
        var sample_rate: Int64?
        var msg_timeout: Int64?
    }

    /// Applies an IDENTIFY body, throwing `E_BAD_BODY` for bad JSON or out-of-range values.
    mutating func apply(_ body: ByteBuffer, limits: NSQLimits) throws {
        let request: Request
        do {
            request = try JSONDecoder().decode(Request.self, from: Data(body.readableBytesView))
        } catch {
            throw NSQProtocolError("E_BAD_BODY", "IDENTIFY failed to decode JSON body")
        }
        // Like nsqd, IDENTIFY replaces the identity fields, with empty strings for absent keys.
        clientID = request.client_id ?? ""
        hostname = request.hostname ?? ""
        userAgent = request.user_agent ?? ""
        featureNegotiation = request.feature_negotiation ?? false
        if let value = request.heartbeat_interval {
            guard value == -1 || value == 0 || (1000...limits.maxHeartbeatIntervalMilliseconds).contains(value) else {
                throw NSQProtocolError("E_BAD_BODY", "IDENTIFY heartbeat interval (\(value)) is invalid")
            }
            heartbeatIntervalMilliseconds = value == 0 ? limits.defaultHeartbeatIntervalMilliseconds : value
        }
        if let value = request.output_buffer_size {
            guard value == -1 || value == 0 || (64...65_536).contains(value) else {
                throw NSQProtocolError("E_BAD_BODY", "IDENTIFY output buffer size (\(value)) is invalid")
            }
            outputBufferSize = value == 0 ? 16_384 : value
        }
        if let value = request.output_buffer_timeout {
            guard value == -1 || value == 0 || (25...30_000).contains(value) else {
                throw NSQProtocolError("E_BAD_BODY", "IDENTIFY output buffer timeout (\(value)) is invalid")
            }
            outputBufferTimeoutMilliseconds = value == 0 ? 250 : value
        }
        if let value = request.sample_rate {
            guard (0...99).contains(value) else {
                throw NSQProtocolError("E_BAD_BODY", "IDENTIFY sample rate (\(value)) is invalid")
            }
            sampleRate = value
        }
        if let value = request.msg_timeout {
            guard value == 0 || (1000...limits.maxMessageTimeoutMilliseconds).contains(value) else {
                throw NSQProtocolError("E_BAD_BODY", "IDENTIFY msg timeout (\(value)) is invalid")
            }
            messageTimeoutMilliseconds = value == 0 ? limits.defaultMessageTimeoutMilliseconds : value
        }
    }

    /// The exact feature-negotiation reply of nsqd 1.3, echoing the values in effect.
    func responseJSON(limits: NSQLimits) -> String {
        "{\"max_rdy_count\":\(limits.maxReadyCount),\"version\":\"\(MusterBroker.nsqdVersion)\","
            + "\"max_msg_timeout\":\(limits.maxMessageTimeoutMilliseconds),"
            + "\"msg_timeout\":\(messageTimeoutMilliseconds),\"tls_v1\":false,\"deflate\":false,"
            + "\"deflate_level\":6,\"max_deflate_level\":6,\"snappy\":false,\"sample_rate\":\(sampleRate),"
            + "\"auth_required\":false,\"output_buffer_size\":\(outputBufferSize),"
            + "\"output_buffer_timeout\":\(outputBufferTimeoutMilliseconds),"
            + "\"topology_region\":\"\",\"topology_zone\":\"\"}"
    }
}
