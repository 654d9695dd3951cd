import CCmarkGFM
import CourseModel
import Foundation
import Synchronization
import SCORMPackage

/// CommonMark + GitHub extensions (tables, strikethrough, autolinks) through Debian's cmark-gfm.
///
/// Raw HTML is dropped unless the course allows it, and then still goes through GFM's tag filter
/// (`<script>`, `<iframe>`, `<style>`… are neutralised). Links to course files are rewritten to their place
/// in the package, and headings move one level down under the page's own title.
struct MarkdownRenderer: Sendable {
    struct Rendered {
        let html: String
        /// Course-relative paths of the local files the HTML points at.
        let files: Set<String>
    }

    let allowHTML: Bool
    /// Where the page sits relative to the package root, to reach `content/` (e.g. `../`).
    let pathToRoot: String

    /// cmark-gfm adds its extensions' special characters to a process-wide table when a parse finishes and
    /// removes them after: two parses at once strip each other's tables, strikethrough and autolinks. Parsing
    /// is serialised; rendering the parsed document to HTML, the other half, still runs on every core.
    private static let parsing = Mutex(())

    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    private var options: Int32 {
        var options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
        if allowHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }

    /// `base` is the course-relative folder that relative links start from (the lesson's folder).
    func render(_ markdown: String, base: String, headingShift: Int = 1) -> Rendered {
        if Self.isPlainText(markdown) { return Rendered(html: "<p>\(markdown)</p>\n", files: []) }
        return renderWithCmark(markdown, base: base, headingShift: headingShift)
    }

    /// Text in which Markdown would change nothing: one line that starts with a letter, ends with no space, and
    /// holds only letters, digits, spaces and punctuation that is not Markdown's (no `*_[]<>&\`~|#:@`, so no
    /// emphasis, link, HTML, entity, escape, code, strikethrough, table, heading, autolink or list). Quiz choices
    /// and feedback mostly are: each went through a whole cmark parse, under the parse lock. A test compares
    /// this path with cmark's output.
    static func isPlainText(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic,
              let last = text.unicodeScalars.last, !last.properties.isWhitespace,
              !text.lowercased().contains("www.") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == " " || scalar == "\u{A0}"
                || scalar == "\u{202F}" || ".,;?!'’()%«»…-".unicodeScalars.contains(scalar)
        }
    }

    func renderWithCmark(_ markdown: String, base: String, headingShift: Int) -> Rendered {
        _ = Self.registered
        guard let parser = cmark_parser_new(options) else { return Rendered(html: "", files: []) }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tagfilter"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        // Synchronization's Mutex spins before it sleeps, which suits these short holds (a futex round trip per
        // parse cost more than the parse); the document crosses the lock as an address.
        let address = Self.parsing.withLock { _ in
            cmark_parser_feed(parser, markdown, markdown.utf8.count)
            return UInt(bitPattern: cmark_parser_finish(parser))
        }
        guard let document = OpaquePointer(bitPattern: address) else { return Rendered(html: "", files: []) }
        defer { cmark_node_free(document) }

        var files: Set<String> = []
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else {
                continue
            }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING, headingShift > 0 {
                cmark_node_set_heading_level(node, min(6, cmark_node_get_heading_level(node) + Int32(headingShift)))
            } else if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE, let url = cmark_node_get_url(node) {
                if let (rewritten, file) = packageURL(for: String(cString: url), base: base) {
                    cmark_node_set_url(node, rewritten)
                    files.insert(file)
                }
            }
        }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return Rendered(html: "", files: files)
        }
        defer { free(rendered) }
        return Rendered(html: String(cString: rendered), files: files)
    }

    /// Inline Markdown (a choice, a short prompt) without the wrapping paragraph.
    func renderInline(_ markdown: String, base: String) -> Rendered {
        if Self.isPlainText(markdown) { return Rendered(html: markdown, files: []) }
        let rendered = renderWithCmark(markdown, base: base, headingShift: 0)
        var html = rendered.html.trimmingCharacters(in: .whitespacesAndNewlines)
        if html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.components(separatedBy: "<p>").count == 2 {
            html = String(html.dropFirst(3).dropLast(4))
        }
        return Rendered(html: html, files: rendered.files)
    }

    /// A relative URL to a course file, as the package sees it; nil for web links and in-page anchors.
    func packageURL(for url: String, base: String) -> (String, String)? {
        if url.isEmpty || url.hasPrefix("#") || url.hasPrefix("/") || url.contains(":") && url.firstIndex(of: ":")! < (url.firstIndex(of: "/") ?? url.endIndex) {
            return nil
        }
        let pathPart = url.prefix { $0 != "#" && $0 != "?" }
        let suffix = url.dropFirst(pathPart.count)
        let decoded = CoursePath.percentDecoded(String(pathPart)) ?? String(pathPart)
        guard case .success(let path) = CoursePath.resolve(decoded, from: base) else { return nil }
        let encoded = CoursePath.percentEncodedPath(PackageLayout.assetPath(path))
        return (pathToRoot + encoded + suffix, path)
    }
}
