import Hummingbird
import MusterCore

/// Turns every error thrown below it into a `ControlErrorDocument` answer with the right status.
struct ControlErrorMiddleware: RouterMiddleware {
    typealias Context = ControlRequestContext

    /// Runs the rest of the chain and answers its errors as JSON documents.
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ControlError {
            return .controlError(error)
        } catch let error as HTTPError {
            return .controlError(Self.controlError(for: error, request: request), headers: error.headers)
        } catch let error as CancellationError {
            throw error
        } catch {
            context.logger.error("control API request failed", metadata: ["error": "\(error)"])
            return .controlError(
                ControlError(
                    status: 500,
                    message: "the control API failed to answer \(request.method) \(request.uri.path): \(error)"))
        }
    }

    /// The sentence for one of Hummingbird's own errors.
    static func controlError(for error: HTTPError, request: Request) -> ControlError {
        let status = error.status.code
        switch status {
        case 404:
            return ControlError(
                status: 404,
                message: "there is no \(request.uri.path) in the control API; it serves /v1/services, "
                    + "/v1/services/{name}, /v1/logs, /v1/events, /v1/config and /v1/shutdown")
        case 413:
            return ControlError(status: 413, message: ControlGuardMiddleware.tooLargeMessage)
        default:
            return ControlError(
                status: status,
                message: error.body ?? "the control API refused \(request.method) \(request.uri.path) (\(error.status))"
            )
        }
    }
}
