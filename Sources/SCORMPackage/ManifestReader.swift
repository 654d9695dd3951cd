import CLibXML2
import Foundation
import SCORMRuntime

/// Reads any SCORM 1.2 or 2004 `imsmanifest.xml` (not only Portail's) safely: no DTD, no entity, no network.
public struct ManifestReader {
    public struct Manifest: Sendable, Equatable {
        public let standard: SCORMStandard
        public let identifier: String
        public let title: String
        /// The LOM `general/language` of the package metadata, when present.
        public let language: String?
        /// Launchable items of the default organization, in order.
        public let items: [Item]
    }

    public struct Item: Sendable, Equatable {
        public let identifier: String
        public let title: String
        /// Package-relative launch path, with the item's parameters appended.
        public let href: String
        public let isSCO: Bool
        /// Titles of the enclosing items, outermost first (the module, for Portail's packages).
        public let parents: [String]
        /// 1.2 `adlcp:masteryscore` (0–100) or 2004 primary objective `minNormalizedMeasure` × 100.
        public let masteryScore: Double?
        /// 2004 `adlcp:completionThreshold` (0–1).
        public let completionThreshold: Double?
        /// `adlcp:datafromlms` / `adlcp:dataFromLMS`.
        public let launchData: String?
        /// 1.2 `adlcp:prerequisites` (aicc_script).
        public let prerequisites: String?

        func with(prerequisites: String) -> Item {
            Item(identifier: identifier, title: title, href: href, isSCO: isSCO, parents: parents, masteryScore: masteryScore,
                 completionThreshold: completionThreshold, launchData: launchData, prerequisites: prerequisites)
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case doctype
        case malformed(String)
        case notSCORM(String)
        case nothingToLaunch
        case badReference(String)

        public var description: String {
            switch self {
            case .doctype: return "imsmanifest.xml declares a DTD or entities, which are refused"
            case .malformed(let why): return "imsmanifest.xml is not well-formed XML: \(why)"
            case .notSCORM(let why): return "imsmanifest.xml is not a SCORM 1.2 or 2004 manifest: \(why)"
            case .nothingToLaunch: return "imsmanifest.xml has no item that launches a resource"
            case .badReference(let why): return "imsmanifest.xml: \(why)"
            }
        }
    }

    static let cp12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    static let cp2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
    static let adlcp12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
    static let adlcp2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
    static let imsss = "http://www.imsglobal.org/xsd/imsss"

    /// A resource's href with an item's `parameters`, joined as the SCORM CAM says: a leading `?` or `&` becomes
    /// `&` when the href has a query already, `?` otherwise, before the href's fragment; a `#fragment` parameter
    /// counts only when the href has none.
    static func launchURL(_ href: String, parameters: String) -> String {
        guard !parameters.isEmpty else { return href }
        if parameters.hasPrefix("#") { return href.contains("#") ? href : href + parameters }
        let query = parameters.hasPrefix("?") || parameters.hasPrefix("&") ? String(parameters.dropFirst()) : parameters
        guard !query.isEmpty else { return href }
        let base = href.prefix { $0 != "#" }
        return base + (base.contains("?") ? "&" : "?") + query + href.dropFirst(base.count)
    }

    public static func read(_ data: Data) throws(Failure) -> Manifest {
        // Refuse before libxml2 sees a single declaration: no entity can ever be expanded or fetched.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw .doctype
        }
        LibXML.configureOnce()
        LibXML.silenceGlobalErrors()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOERROR.rawValue
                            | XML_PARSE_NOWARNING.rawValue)
        let document = data.withUnsafeBytes { buffer in
            xmlReadMemory(buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count),
                          "imsmanifest.xml", nil, options)
        }
        guard let document else {
            let message = xmlGetLastError().flatMap { $0.pointee.message.map { String(cString: $0) } }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
            throw .malformed(message)
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil { throw .doctype }
        guard let root = xmlDocGetRootElement(document), name(root) == "manifest" else {
            throw .notSCORM("the root element is not <manifest>")
        }
        let namespace = Self.namespace(root)
        let schemaVersion = child(root, "metadata").flatMap { child($0, "schemaversion") }.map(text) ?? ""
        let standard: SCORMStandard
        if namespace == cp12 || schemaVersion == "1.2" {
            standard = .scorm12
        } else if namespace == cp2004 || schemaVersion.hasPrefix("2004") || schemaVersion.hasPrefix("CAM 1.3") {
            standard = .scorm2004
        } else {
            throw .notSCORM("unknown namespace '\(namespace ?? "none")'")
        }

        var resources: [String: (href: String, isSCO: Bool)] = [:]
        var withoutHref: Set<String> = []
        let manifestBase = attribute(root, "base", namespace: "http://www.w3.org/XML/1998/namespace") ?? ""
        if let resourceList = child(root, "resources") {
            let listBase = attribute(resourceList, "base", namespace: "http://www.w3.org/XML/1998/namespace") ?? ""
            for resource in children(resourceList, "resource") {
                guard let id = attribute(resource, "identifier") else { continue }
                guard let href = attribute(resource, "href") else {
                    withoutHref.insert(id)
                    continue
                }
                let base = attribute(resource, "base", namespace: "http://www.w3.org/XML/1998/namespace") ?? ""
                let type = (attribute(resource, "scormtype", namespace: adlcp12)
                    ?? attribute(resource, "scormType", namespace: adlcp2004) ?? "asset").lowercased()
                resources[id] = (manifestBase + listBase + base + href, type == "sco")
            }
        }

        guard let organizations = child(root, "organizations") else { throw .nothingToLaunch }
        let all = children(organizations, "organization")
        let defaultID = attribute(organizations, "default")
        guard let organization = all.first(where: { attribute($0, "identifier") == defaultID }) ?? all.first else {
            throw .nothingToLaunch
        }
        let title = child(organization, "title").map(text) ?? attribute(root, "identifier") ?? "SCORM"
        var items: [Item] = []
        var gates = SequencingGates()
        func walk(_ node: xmlNodePtr, parents: [String]) throws(Failure) {
            for item in children(node, "item") {
                if standard == .scorm2004 { gates.record(item, first: items.count) }
                let itemTitle = child(item, "title").map(text) ?? ""
                // `isvisible` hides the item itself: a hidden folder's children are still there, under its parents.
                let hiddenFolder = attribute(item, "isvisible") == "false" && attribute(item, "identifierref") == nil
                if let ref = attribute(item, "identifierref") {
                    guard let resource = resources[ref] else {
                        let name = attribute(item, "identifier") ?? "?"
                        throw .badReference(withoutHref.contains(ref)
                            ? "item '\(name)' names the resource '\(ref)', which has no href to launch"
                            : "item '\(name)' names the missing resource '\(ref)'")
                    }
                    let href = Self.launchURL(resource.href, parameters: attribute(item, "parameters") ?? "")
                    items.append(Item(
                        identifier: attribute(item, "identifier") ?? ref, title: itemTitle, href: href,
                        isSCO: resource.isSCO, parents: parents,
                        masteryScore: masteryScore(item, standard: standard),
                        completionThreshold: completionThreshold(item),
                        launchData: (child(item, "datafromlms") ?? child(item, "dataFromLMS")).map(text),
                        prerequisites: child(item, "prerequisites").map(text)))
                }
                try walk(item, parents: hiddenFolder ? parents : parents + [itemTitle])
                if standard == .scorm2004 { gates.close(item, last: items.count) }
            }
        }
        try walk(organization, parents: [])
        items = gates.apply(to: items)
        guard !items.isEmpty else { throw .nothingToLaunch }
        var identifiers: Set<String> = []
        for item in items where !identifiers.insert(item.identifier).inserted {
            throw .badReference("the item identifier '\(item.identifier)' is used twice")
        }
        let language = child(root, "metadata").flatMap { child($0, "lom") }.flatMap { child($0, "general") }
            .flatMap { child($0, "language") }.map(text).flatMap { $0.isEmpty ? nil : $0 }
        return Manifest(standard: standard, identifier: attribute(root, "identifier") ?? "", title: title,
                        language: language, items: items)
    }

    private static func masteryScore(_ item: xmlNodePtr, standard: SCORMStandard) -> Double? {
        if standard == .scorm12 { return child(item, "masteryscore").map(text).flatMap(Double.init) }
        guard let measure = child(item, "sequencing").flatMap({ child($0, "objectives") })
            .flatMap({ child($0, "primaryObjective") }),
            attribute(measure, "satisfiedByMeasure") == "true",
            let minimum = child(measure, "minNormalizedMeasure").map(text).flatMap(Double.init) else { return nil }
        return minimum * 100
    }

    private static func completionThreshold(_ item: xmlNodePtr) -> Double? {
        guard let node = child(item, "completionThreshold") else { return nil }
        return attribute(node, "minProgressMeasure").flatMap(Double.init) ?? Double(text(node))
    }

    // MARK: libxml2 tree helpers

    static func name(_ node: xmlNodePtr) -> String { node.pointee.name.map { String(cString: $0) } ?? "" }

    static func namespace(_ node: xmlNodePtr) -> String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    static func children(_ node: xmlNodePtr, _ local: String) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var cursor = node.pointee.children
        while let current = cursor {
            if current.pointee.type == XML_ELEMENT_NODE, name(current) == local { result.append(current) }
            cursor = current.pointee.next
        }
        return result
    }

    static func child(_ node: xmlNodePtr, _ local: String) -> xmlNodePtr? { children(node, local).first }

    static func text(_ node: xmlNodePtr) -> String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { portail_xml_free(content) }
        return String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func attribute(_ node: xmlNodePtr, _ local: String, namespace: String? = nil) -> String? {
        let value = namespace.map { xmlGetNsProp(node, local, $0) } ?? xmlGetNoNsProp(node, local)
        guard let value else { return nil }
        defer { portail_xml_free(value) }
        return String(cString: value)
    }

    /// The part of IMS Simple Sequencing a player without a full sequencer can honour: a cluster made
    /// `disabled` by a precondition on an objective it reads, which another cluster writes (the rule Portail emits
    /// for `order: sequential`, and a common pattern in other tools). It becomes a prerequisite on the cluster's
    /// items: every item of the writing cluster completed or passed.
    struct SequencingGates {
        private var writers: [String: Range<Int>] = [:]
        private var gated: [(items: Range<Int>, globals: [String])] = []
        private var open: [(node: xmlNodePtr, first: Int)] = []

        mutating func record(_ item: xmlNodePtr, first: Int) {
            open.append((item, first))
        }

        mutating func close(_ item: xmlNodePtr, last: Int) {
            guard let index = open.lastIndex(where: { $0.node == item }) else { return }
            let range = open[index].first..<last
            open.remove(at: index)
            guard !range.isEmpty, let sequencing = child(item, "sequencing") else { return }
            let objectives = child(sequencing, "objectives")
            var reads: [String: String] = [:]
            for objective in (objectives.map { children($0, "primaryObjective") + children($0, "objective") } ?? []) {
                for map in children(objective, "mapInfo") {
                    guard let target = attribute(map, "targetObjectiveID") else { continue }
                    if attribute(map, "writeSatisfiedStatus") == "true" { writers[target] = range }
                    if attribute(map, "readSatisfiedStatus") != "false", let local = attribute(objective, "objectiveID") {
                        reads[local] = target
                    }
                }
            }
            var globals: [String] = []
            for rule in child(sequencing, "sequencingRules").map({ children($0, "preConditionRule") }) ?? [] {
                guard child(rule, "ruleAction").flatMap({ attribute($0, "action") }) == "disabled" else { continue }
                for condition in child(rule, "ruleConditions").map({ children($0, "ruleCondition") }) ?? [] {
                    if let local = attribute(condition, "referencedObjective"), let global = reads[local] {
                        globals.append(global)
                    }
                }
            }
            if !globals.isEmpty { gated.append((range, globals)) }
        }

        func apply(to items: [Item]) -> [Item] {
            var result = items
            for gate in gated {
                let required = gate.globals.compactMap { writers[$0] }.flatMap { Array($0) }
                    .filter { !gate.items.contains($0) }.map { items[$0].identifier }
                guard !required.isEmpty else { continue }
                let script = Array(Set(required)).sorted().joined(separator: "&")
                for index in gate.items where result[index].prerequisites == nil {
                    result[index] = result[index].with(prerequisites: script)
                }
            }
            return result
        }
    }
}
