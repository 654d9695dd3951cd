import FuzzTargets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzTargets.cmi(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

#if !FUZZING
import Foundation

/// Built without the fuzzer: runs the files named on the command line through the target.
@main struct Replay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            try Data(contentsOf: URL(fileURLWithPath: path)).withUnsafeBytes { FuzzTargets.cmi($0) }
        }
    }
}
#endif
