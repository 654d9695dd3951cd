import CLibXML2
import Foundation

/// A thin, checked wrapper over libxml2's `xmlTextWriter`, writing an indented UTF-8 document into memory.
///
/// Namespaces are declared once, as attributes of the root element, and elements are written with their
/// prefixed names: libxml2's namespace-aware calls would re-declare a namespace on every element.
package final class XMLTextWriter {
    struct Failure: Error, CustomStringConvertible {
        let call: String
        var description: String { "libxml2 could not write the manifest (\(call) failed)" }
    }

    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr
    private var failure: Failure?

    package init() {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
        check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "StartDocument")
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    private func check(_ status: Int32, _ call: String) {
        if status < 0, failure == nil { failure = Failure(call: call) }
    }

    package func start(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        check(xmlTextWriterStartElement(writer, name), "StartElement \(name)")
        for (key, value) in attributes {
            if let value { attribute(key, value) }
        }
    }

    package func attribute(_ name: String, _ value: String) {
        check(xmlTextWriterWriteAttribute(writer, name, value), "WriteAttribute \(name)")
    }

    package func text(_ string: String) {
        check(xmlTextWriterWriteString(writer, string), "WriteString")
    }

    package func end() {
        check(xmlTextWriterEndElement(writer), "EndElement")
    }

    /// `<name attributes>text</name>`.
    package func element(_ name: String, _ text: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        start(name, attributes)
        self.text(text)
        end()
    }

    /// `<name attributes/>`.
    package func empty(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        start(name, attributes)
        end()
    }

    package func finish() throws -> Data {
        check(xmlTextWriterEndDocument(writer), "EndDocument")
        check(xmlTextWriterFlush(writer), "Flush")
        if let failure { throw failure }
        let length = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: length)
    }
}
