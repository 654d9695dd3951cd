import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Cuts off a request body that arrives too slowly. The idle timeout only closes a connection that sends nothing
/// at all: one byte every 20 s kept a sign-in request open for ever, one file descriptor each, without a token.
///
/// The rule is Apache's `mod_reqtimeout` one: a body has `timeout` to arrive, extended by one second for every
/// `minimumRate` bytes received, so a large upload on a slow but live link goes through and a trickle does not.
/// Past the deadline the client gets `408 Request Timeout` (when no answer has started) and the connection is
/// closed. Time is the event loop's, so tests drive it with an embedded loop.
final class RequestBodyDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    struct Limits: Sendable {
        var timeout: TimeAmount
        /// Bytes per second.
        var minimumRate: Int
        /// No route takes a larger body: a request announcing one gets 413 at once, before any byte of it is read.
        var maximumLength: Int

        init(timeout: TimeAmount = .seconds(30), minimumRate: Int = 500, maximumLength: Int = 200 << 20) {
            self.timeout = timeout
            self.minimumRate = max(minimumRate, 1)
            self.maximumLength = maximumLength
        }
    }

    private let limits: Limits
    /// Set once a request was refused at its head: whatever else arrives is dropped until the connection closes.
    private var refusing = false
    /// Set while a request body is being received.
    private var started: NIODeadline?
    private var received = 0
    private var responseStarted = false
    private var check: Scheduled<Void>?

    init(limits: Limits) {
        self.limits = limits
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refusing { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if let declared = head.headerFields[.contentLength].flatMap({ Int($0) }), declared > limits.maximumLength {
                refuse(context: context, status: .contentTooLarge, code: "body_too_large",
                       message: "the request body is larger than \(limits.maximumLength) bytes")
                return
            }
            if let coding = head.headerFields[.transferEncoding] {
                // Only plain chunked framing: the HTTP parser reads "identity, chunked" up to the end of the connection.
                guard coding.trimmingCharacters(in: .whitespaces).lowercased() == "chunked" else {
                    refuse(context: context, status: .notImplemented, code: "unsupported_transfer_encoding",
                           message: "only Transfer-Encoding: chunked is supported")
                    return
                }
                guard head.headerFields[.contentLength] == nil else {
                    refuse(context: context, status: .badRequest, code: "bad_request",
                           message: "a request may not have both Content-Length and Transfer-Encoding")
                    return
                }
            }
            // A request without a body has nothing to wait for.
            let length = head.headerFields[.contentLength]
            if head.headerFields[.transferEncoding] != nil || (length != nil && length != "0") {
                started = context.eventLoop.now
                received = 0
            }
        case .body(let buffer):
            received += buffer.readableBytes
        case .end:
            started = nil
            check?.cancel()
            check = nil
        }
        context.fireChannelRead(data)
    }

    /// The timer is set only when a read leaves a body incomplete: most bodies arrive with their head.
    func channelReadComplete(context: ChannelHandlerContext) {
        if started != nil, check == nil { schedule(context: context) }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind != .informational: responseStarted = true
        case .end: responseStarted = false
        default: break
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    /// When the body must be complete, given what has arrived so far.
    private var deadline: NIODeadline? {
        guard let started else { return nil }
        let extra = TimeAmount.nanoseconds(Int64(received) * 1_000_000_000 / Int64(limits.minimumRate))
        return started + limits.timeout + extra
    }

    private func schedule(context: ChannelHandlerContext) {
        check?.cancel()
        guard let deadline else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.expire(context: context)
        }
    }

    private func expire(context: ChannelHandlerContext) {
        check = nil
        guard let deadline else { return }
        if context.eventLoop.now < deadline {
            // Bytes arrived since the check was set: look again when the new deadline comes.
            schedule(context: context)
            return
        }
        started = nil
        if !responseStarted {
            answer(context: context, status: .requestTimeout, code: "request_timeout",
                   message: "the request body arrived too slowly (it must come at \(limits.minimumRate) bytes a second at least)")
        }
        context.close(promise: nil)
    }

    /// Refuses a request at its head (a body no route takes, a framing the server does not read) before reading any
    /// of its body. The connection is half-closed, then closed after a short linger: closed at once with the body
    /// still arriving, the kernel would reset it and the client could lose the answer.
    private func refuse(context: ChannelHandlerContext, status: HTTPResponse.Status, code: String, message: String) {
        refusing = true
        answer(context: context, status: status, code: code, message: message)
        context.close(mode: .output, promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: Self.linger) { loopBound.value.close(promise: nil) }
    }

    static var linger: TimeAmount { .seconds(2) }

    /// An answer in the API's error format, with `Connection: close`.
    private func answer(context: ChannelHandlerContext, status: HTTPResponse.Status, code: String, message: String) {
        let body = #"{"error":{"code":"\#(code)","details":{},"message":"\#(message)"}}"#
        let head = HTTPResponse(status: status, headerFields: [.connection: "close", .contentLength: String(body.utf8.count),
                                                               .contentType: "application/json; charset=utf-8"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(string: body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        context.flush()
    }
}
