import Foundation
import Logging
import Synchronization
import Testing
@testable import LearnerServer

@Suite("Server log lines")
struct ServerLogHandlerTests {
    /// Lines written, and how many times a metadata value was rendered.
    final class Capture: Sendable {
        let lines = Mutex<[String]>([])
        let renders = Atomic<Int>(0)
    }

    struct Counted: CustomStringConvertible, Sendable {
        let capture: Capture
        var description: String {
            capture.renders.add(1, ordering: .relaxed)
            return "req-1"
        }
    }

    func logger(_ capture: Capture, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "portail") { label in
            ServerLogHandler(label: label) { line in capture.lines.withLock { $0.append(line) } }
        }
        logger.logLevel = level
        return logger
    }

    @Test func metadataIsRenderedOnlyForLinesWritten() throws {
        let capture = Capture()
        var logger = logger(capture)
        // What Hummingbird does for every request.
        logger[metadataKey: "hb.request.id"] = .stringConvertible(Counted(capture: capture))
        logger[metadataKey: "route"] = "commits"
        logger.debug("below the level")
        #expect(capture.renders.load(ordering: .relaxed) == 0)
        #expect(capture.lines.withLock { $0.isEmpty })
        logger.info("committed", metadata: ["route": "sync"])
        #expect(capture.renders.load(ordering: .relaxed) == 1)
        let lines = capture.lines.withLock { $0 }
        #expect(lines.count == 1)
        // Sorted keys, the message's metadata over the logger's, the stream handler's layout.
        let line = try #require(lines.first)
        #expect(line.hasSuffix(" info portail: hb.request.id=req-1 route=sync [LearnerServerTests] committed\n"))
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} "#, options: .regularExpression) != nil)
    }

    @Test func errorsAndProvidedMetadataAreWritten() throws {
        struct Broken: Error {}
        let capture = Capture()
        var logger = Logger(label: "") { label in
            ServerLogHandler(label: label, metadataProvider: .init { ["trace": "t1"] }) { line in
                capture.lines.withLock { $0.append(line) }
            }
        }
        logger.logLevel = .warning
        logger.warning("failed", error: Broken())
        let line = try #require(capture.lines.withLock { $0.first })
        #expect(line.contains(" warning: error.message=Broken() error.type=LearnerServerTests.ServerLogHandlerTests.(unknown context at"))
        #expect(line.contains(" trace=t1 [LearnerServerTests] failed\n"))
    }
}
