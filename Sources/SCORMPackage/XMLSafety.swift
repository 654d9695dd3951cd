import CLibXML2

/// libxml2 settings that must hold for the whole process: what makes it safe on untrusted XML (a package's
/// manifest, anyone's). External entities and DTDs never fetch anything (`xmlNoNetExternalEntityLoader`); every
/// parse also passes `XML_PARSE_NONET` and never `XML_PARSE_NOENT`, and manifests declaring a DTD are refused.
package enum LibXML {
    private static let configured: Bool = {
        xmlInitParser()
        // No DTD or entity may ever fetch anything.
        xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader)
        return true
    }()

    package static func configureOnce() { _ = configured }

    /// libxml2 prints errors without a context handler to stderr; every caller collects its own instead.
    /// The setting is per thread, so it is made before each use.
    package static func silenceGlobalErrors() {
        xmlSetStructuredErrorFunc(nil, { _, _ in })
    }
}
