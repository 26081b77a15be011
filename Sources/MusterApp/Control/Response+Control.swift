import Hummingbird
import MusterCore
import NIOCore
import NIOHTTP1

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Response {
    /// `value` as a JSON body with `status`.
    static func controlJSON(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.control.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `error` as a `ControlErrorDocument` with the error's status.
    static func controlError(_ error: ControlError, headers extra: HTTPFields = [:]) -> Response {
        let document = ControlErrorDocument(error: error.message)
        let data = (try? JSONEncoder.control.encode(document)) ?? Data(#"{"error":"unknown error"}"#.utf8)
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(
            status: .control(error.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension ByteBuffer {
    /// `value` as compact JSON followed by `suffix`, for streamed bodies.
    static func controlJSONLine(_ value: some Encodable, prefix: String = "", suffix: String = "\n") throws
        -> ByteBuffer
    {
        var buffer = ByteBuffer(string: prefix)
        buffer.writeBytes(try JSONEncoder.control.encode(value))
        buffer.writeString(suffix)
        return buffer
    }
}

extension HTTPResponse.Status {
    /// The status with `code` and its standard reason phrase; 500 for codes outside 100...599.
    static func control(_ code: Int) -> HTTPResponse.Status {
        let code = (100...599).contains(code) ? code : 500
        return HTTPResponse.Status(code: code, reasonPhrase: HTTPResponseStatus(statusCode: code).reasonPhrase)
    }
}

extension JSONEncoder {
    /// The control API's encoder: compact, slashes left alone.
    static var control: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
