import CLibXML2
import Foundation
import SCORMRuntime

/// Validates a manifest against the official XSDs with libxml2, never touching the network.
///
/// `schemas` is a folder laid out like `shared/schemas`: `scorm12/manifest-driver.xsd` and
/// `scorm2004-4th/manifest-driver.xsd`, each importing every namespace a manifest uses.
public struct SchemaValidator {
    public let schemas: URL

    public init(schemas: URL) {
        self.schemas = schemas
    }

    public static func folderName(for standard: SCORMStandard) -> String {
        standard == .scorm12 ? "scorm12" : "scorm2004-4th"
    }

    public func driver(for standard: SCORMStandard) -> URL {
        schemas.appendingPathComponent(Self.folderName(for: standard)).appendingPathComponent("manifest-driver.xsd")
    }

    /// Problems as `line: message`; empty when the manifest is valid.
    public func validate(_ manifest: Data, standard: SCORMStandard) throws -> [String] {
        LibXML.configureOnce()
        LibXML.silenceGlobalErrors()
        let driverPath = driver(for: standard).path
        guard FileManager.default.fileExists(atPath: driverPath) else {
            throw ExportError("no schema driver at \(driverPath): pass the folder that holds scorm12/ and scorm2004-4th/")
        }
        let sink = ErrorSink()
        let context = Unmanaged.passUnretained(sink).toOpaque()

        guard let parserContext = xmlSchemaNewParserCtxt(driverPath) else { throw ExportError("libxml2 could not open \(driverPath)") }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        // The official files always print a few harmless warnings while loading (see shared/schemas/README.md).
        let schemaSink = ErrorSink()
        xmlSchemaSetParserStructuredErrors(parserContext, ErrorSink.callback, Unmanaged.passUnretained(schemaSink).toOpaque())
        guard let schema = xmlSchemaParse(parserContext) else {
            throw ExportError("libxml2 could not load the schemas: \(schemaSink.messages.joined(separator: "; "))")
        }
        defer { xmlSchemaFree(schema) }

        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue)
        let document = manifest.withUnsafeBytes { buffer in
            xmlReadMemory(buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
                          "imsmanifest.xml", "UTF-8", options)
        }
        guard let document else { return ["the manifest is not well-formed XML"] }
        defer { xmlFreeDoc(document) }

        guard let validation = xmlSchemaNewValidCtxt(schema) else { throw ExportError("libxml2 could not create a validation context") }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(validation, ErrorSink.callback, context)
        let status = xmlSchemaValidateDoc(validation, document)
        if status != 0 && sink.messages.isEmpty { return ["the manifest does not match the schemas (libxml2 status \(status))"] }
        return sink.messages
    }

    final class ErrorSink {
        var messages: [String] = []

        static let callback: xmlStructuredErrorFunc = { context, error in
            guard let context, let error else { return }
            let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
            sink.messages.append("\(error.pointee.line): \(message)")
        }
    }
}

/// A build problem that is not about the course's files (the schemas missing, a manifest that does not match them).
public struct ExportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
