import Foundation
import NIOSSL
import PostgresNIO

/// Where `--db` points when it is PostgreSQL: `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…` (also
/// `postgresql://`), read as libpq reads it. Any other `--db` value is an SQLite file.
public struct PostgresLocation: Sendable, Equatable {
    public enum SSLMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public let host: String
    public let port: Int
    public let username: String
    public let password: String?
    public let database: String
    public let sslMode: SSLMode
    /// `sslrootcert`: the CA bundle that verify-ca and verify-full check the server against.
    public let rootCertificate: String?

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// nil when `text` is not a PostgreSQL URL at all (it is then an SQLite path).
    public static func parse(_ text: String) throws(Invalid) -> PostgresLocation? {
        let lower = text.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else { return nil }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw Invalid(description: "--db: '\(Self.redacted(text))' is not a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DB)")
        }
        guard let user = components.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw Invalid(description: "--db: the PostgreSQL URL needs a user (postgres://USER:PASSWORD@HOST:PORT/DB)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(description: "--db: the PostgreSQL URL needs a database name (postgres://USER:PASSWORD@HOST:PORT/DB)")
        }
        var mode = SSLMode.prefer
        var root: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw Invalid(description: "--db: sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
                }
                mode = value
            case "sslrootcert": root = item.value
            default:
                throw Invalid(description: "--db: unknown PostgreSQL URL parameter '\(item.name)' (known: sslmode, sslrootcert)")
            }
        }
        return PostgresLocation(host: host, port: components.port ?? 5432, username: user,
                                password: components.percentEncodedPassword.flatMap { $0.removingPercentEncoding },
                                database: database.removingPercentEncoding ?? database, sslMode: mode, rootCertificate: root)
    }

    /// The URL with its password hidden, for messages and logs.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "****"
        return components.string ?? text
    }

    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    /// The client configuration, TLS as libpq's sslmode says: prefer and require encrypt without checking the
    /// certificate; verify-ca checks its chain; verify-full its chain and name.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .allow, .prefer, .require: tlsConfiguration.certificateVerification = .none
        case .verifyCA: tlsConfiguration.certificateVerification = .noHostnameVerification
        case .verifyFull, .disable: tlsConfiguration.certificateVerification = .fullVerification
        }
        if let rootCertificate { tlsConfiguration.trustRoots = .file(rootCertificate) }
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .allow, .prefer: tls = .prefer(tlsConfiguration)
        case .require, .verifyCA, .verifyFull: tls = .require(tlsConfiguration)
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 16
        // Durable before acknowledged, whatever the server's default.
        configuration.options.additionalStartupParameters = [("synchronous_commit", "on"), ("application_name", "portail")]
        return configuration
    }
}
