import Foundation
import Hummingbird
import Synchronization

/// The server's public origin (`scheme://host[:port]`): the links it sends out (sign-in links) are built on it,
/// never on the request's `Host:` header, which a client chooses; and a form post must come from it.
public final class SiteAddress: Sendable {
    private let configured: String?
    private let listening = Mutex<String?>(nil)

    /// `publicURL`: `--public-url`, already checked by `origin(of:)`; nil for the listen address.
    public init(publicURL: String?) {
        configured = publicURL.flatMap(Self.origin(of:))
    }

    /// Called once the server listens, for the default origin.
    func listening(host: String, port: Int) {
        let shown = host.contains(":") ? "[\(host)]" : host
        listening.withLock { $0 = "http://\(shown):\(port)" }
    }

    public var origin: String { configured ?? listening.withLock { $0 } ?? "http://127.0.0.1" }

    /// `scheme://host[:port]` of an absolute http(s) URL without a path, query or credentials; nil otherwise.
    public static func origin(of text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty,
              components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
              components.path.isEmpty || components.path == "/" else { return nil }
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let defaultPort = scheme == "https" ? 443 : 80
        return "\(scheme)://\(shown)" + (components.port.map { $0 == defaultPort ? "" : ":\($0)" } ?? "")
    }

    /// Whether a browser's request comes from a page of this site (login CSRF: a page elsewhere posting its own
    /// credentials to /signin, or signing the learner out). Fetch metadata first, then `Origin`, which must be the
    /// public origin or the origin the browser asked (`Host:`). A client that sends neither is not a browser.
    func isSameSite(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite] { return site == "same-origin" || site == "none" }
        guard let origin = request.headers[.origin] else { return true }
        guard let normalised = Self.origin(of: origin) else { return false }
        if normalised == self.origin { return true }
        guard let authority = request.head.authority?.lowercased() else { return false }
        return normalised == "http://\(authority)" || normalised == "https://\(authority)"
            || Self.origin(of: "http://\(authority)") == normalised || Self.origin(of: "https://\(authority)") == normalised
    }
}
