import Foundation

public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    /// The store cannot take writes now (its file is gone, its server unreachable): answered 503.
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let what), .unavailable(let what): return what
        }
    }
}
