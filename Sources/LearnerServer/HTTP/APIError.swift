import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Every error the API returns: `{"error": {"code", "message", "details"}}` with the right status.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let details: [String: String]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            let code: String
            let message: String
            let details: [String: String]
        }
        let error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONBody.response(Body(error: .init(code: code, message: message, details: details)), status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"portail\"" }
        return response
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized", "a valid bearer token is required")
    static let forbidden = APIError(.forbidden, "forbidden", "this token may not use this route")
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", what) }
    static func badRequest(_ what: String, details: [String: String] = [:]) -> APIError {
        APIError(.badRequest, "bad_request", what, details: details)
    }
}

/// Turns whatever a handler or Hummingbird throws into the API's error format; a bug becomes a 500 that says
/// nothing about the internals, and is logged.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPResponseError {
            let status = error.status
            let code: String
            switch status {
            case .notFound: code = "not_found"
            case .contentTooLarge: code = "body_too_large"
            case .methodNotAllowed: code = "method_not_allowed"
            case .unsupportedMediaType: code = "unsupported_media_type"
            default: code = status.code < 500 ? "bad_request" : "server_error"
            }
            let message = (error as? HTTPError)?.body ?? status.reasonPhrase
            return try APIError(status, code, message.isEmpty ? status.reasonPhrase : message).response(from: request, context: context)
        } catch let error as StoreError {
            switch error {
            case .notFound(let what): return try APIError.notFound(what).response(from: request, context: context)
            case .unavailable(let why):
                var response = try APIError(.serviceUnavailable, "unavailable", why).response(from: request, context: context)
                response.headers[.retryAfter] = "30"
                return response
            }
        } catch let error as HTTPParserError {
            // A malformed or cut-short request (bad chunked framing, a client that went away mid-body): Hummingbird
            // answers 400 and closes the connection.
            context.logger.debug("malformed request on \(request.method) \(request.uri.path): \(error)")
            throw error
        } catch is CancellationError {
            context.logger.debug("request cancelled on \(request.method) \(request.uri.path)")
            throw CancellationError()
        } catch let error as ChannelError {
            context.logger.debug("connection lost on \(request.method) \(request.uri.path): \(error)")
            throw error
        } catch {
            context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            return try APIError(.internalServerError, "server_error", "the server could not complete the request")
                .response(from: request, context: context)
        }
    }
}
