import Foundation
import Testing
@testable import SCORMExport
@testable import SCORMPackage
@testable import SCORMRuntime

@Suite("Reading manifests and zips")
struct ManifestReaderTests {
    @Test("reads Portail's own manifests", arguments: SCORMStandard.allCases)
    func readsOwnManifests(_ standard: SCORMStandard) throws {
        let package = try ExportFixtures.build(ExportFixtures.sampleCourse, standard)
        let manifest = try ManifestReader.read(package.manifest)
        #expect(manifest.standard == standard)
        #expect(manifest.identifier == "MANIFEST-cafe-associatif")
        #expect(manifest.title == "Animer un café associatif")
        #expect(manifest.items.map(\.identifier) == ["SCO-accueil", "SCO-animer"])
        #expect(manifest.items.map(\.href) == ["sco/accueil.html", "sco/animer.html"])
        #expect(manifest.items.map(\.parents) == [["Accueillir"], ["Animer un atelier"]])
        #expect(manifest.items.allSatisfy { $0.isSCO })
        #expect(manifest.items.map(\.masteryScore) == [50, 60])
        // 1.2 writes the prerequisite; 2004's precondition rule on the module is read back as the same gate.
        #expect(manifest.items.map(\.prerequisites) == [nil, "SCO-accueil"])
    }

    @Test func freeOrderCoursesHaveNoGates() throws {
        let package = try ExportFixtures.build(ExportFixtures.facilitateur, .scorm2004, granularity: .lesson)
        let manifest = try ManifestReader.read(package.manifest)
        #expect(manifest.items.allSatisfy { $0.prerequisites == nil })
        #expect(manifest.language == "fr")
    }

    @Test func parametersJoinTheHrefAsTheCAMSays() {
        #expect(ManifestReader.launchURL("index.html", parameters: "x=1") == "index.html?x=1")
        #expect(ManifestReader.launchURL("index.html", parameters: "?x=1") == "index.html?x=1")
        #expect(ManifestReader.launchURL("index.html?lesson=2", parameters: "x=1") == "index.html?lesson=2&x=1")
        #expect(ManifestReader.launchURL("index.html?lesson=2", parameters: "?x=1") == "index.html?lesson=2&x=1")
        #expect(ManifestReader.launchURL("index.html?lesson=2", parameters: "&x=1") == "index.html?lesson=2&x=1")
        #expect(ManifestReader.launchURL("index.html#top", parameters: "x=1") == "index.html?x=1#top")
        #expect(ManifestReader.launchURL("index.html#top", parameters: "#p3") == "index.html#top")
        #expect(ManifestReader.launchURL("index.html", parameters: "#p3") == "index.html#p3")
        #expect(ManifestReader.launchURL("index.html", parameters: "") == "index.html")
    }

    @Test func aHiddenFolderKeepsItsChildren() throws {
        let manifest = Data("""
            <?xml version="1.0"?>
            <manifest identifier="M" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
              xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
              <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
              <organizations default="O"><organization identifier="O"><title>T</title>
                <item identifier="F" isvisible="false"><title>Caché</title>
                  <item identifier="I1" identifierref="R1"><title>Enfant</title></item></item>
                <item identifier="I3" identifierref="R1" parameters="?x=1"><title>Visible</title></item>
              </organization></organizations>
              <resources><resource identifier="R1" type="webcontent" adlcp:scormtype="sco" href="index.html?lesson=2"/></resources>
            </manifest>
            """.utf8)
        let read = try ManifestReader.read(manifest)
        #expect(read.items.map(\.identifier) == ["I1", "I3"])
        #expect(read.items.map(\.parents) == [[], []], "the hidden folder is no group")
        #expect(read.items.map(\.href) == ["index.html?lesson=2", "index.html?lesson=2&x=1"])
    }

    @Test func refusesDTDsBeforeParsing() {
        let bomb = Data("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><manifest/>".utf8)
        #expect(throws: ManifestReader.Failure.doctype) { try ManifestReader.read(bomb) }
    }

    @Test func explainsWhatIsWrong() {
        #expect(throws: ManifestReader.Failure.self) { try ManifestReader.read(Data("<manifest>".utf8)) }
        #expect(throws: ManifestReader.Failure.notSCORM("the root element is not <manifest>")) {
            try ManifestReader.read(Data("<root/>".utf8))
        }
        #expect(throws: ManifestReader.Failure.nothingToLaunch) {
            try ManifestReader.read(Data("<manifest xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"><organizations/></manifest>".utf8))
        }
    }

    @Test func zipsWeWriteReadBack() throws {
        let package = try ExportFixtures.build(ExportFixtures.sampleCourse, .scorm2004)
        let entries = try ZipReader.read(package.zip)
        #expect(entries.map(\.path) == package.files)
        #expect(entries.first?.data == package.manifest)
    }

    @Test func readerLimitsAreEnforced() throws {
        let zip = try ZipWriter.archive((0..<5).map { .init(path: "f\($0)", data: Data(count: 10)) })
        #expect(throws: ZipReader.Failure.tooManyEntries(5, limit: 4)) {
            try ZipReader.read(zip, limits: .init(maximumEntries: 4))
        }
        #expect(throws: ZipReader.Failure.totalTooLarge(30, limit: 25)) {
            try ZipReader.read(zip, limits: .init(maximumTotalSize: 25))
        }
        #expect(throws: ZipReader.Failure.entryTooLarge("f0", 10, limit: 9)) {
            try ZipReader.read(zip, limits: .init(maximumEntrySize: 9))
        }
        var corrupt = zip
        corrupt[40] ^= 0xFF
        #expect(throws: ZipReader.Failure.self) { try ZipReader.read(corrupt) }
        #expect(throws: ZipReader.Failure.notAZip) { try ZipReader.read(Data(count: 100)) }
    }

    @Test(arguments: ["../a", "a/../../b", "/etc/x", "C:/x", "a\\..\\b"])
    func unsafeNamesAreNamed(name: String) {
        #expect(throws: ZipReader.Failure.self) { try ZipReader.check(name: name) }
    }

    @Test func entryNamesAreUTF8OrCodePage437() {
        let utf8 = Array("début.html".utf8)
        #expect(ZipReader.entryName(utf8, flaggedUTF8: false) == "début.html", "unflagged but UTF-8, as zip(1) writes")
        #expect(ZipReader.entryName(utf8, flaggedUTF8: true) == "début.html")
        // "début.html" as Windows' compression writes it: é is 0x82 in code page 437.
        #expect(ZipReader.entryName([0x64, 0x82, 0x62, 0x75, 0x74], flaggedUTF8: false) == "début")
        #expect(ZipReader.entryName([0x8A, 0x61], flaggedUTF8: false) == "èa")
    }

    @Test func namesRelativeToDotAreReadFromTheRoot() throws {
        #expect(ZipReader.normalised("./imsmanifest.xml") == "imsmanifest.xml")
        #expect(ZipReader.normalised("./sub//index.html") == "sub/index.html")
        #expect(ZipReader.normalised("a/./b/") == "a/b/")
        #expect(ZipReader.normalised("sub/index.html") == "sub/index.html")
        // ZipWriter refuses to write such names: the names are swapped in afterwards, same lengths.
        var zip = try ZipWriter.archive([.init(path: "x_imsmanifest.xml", data: Data("m".utf8)),
                                         .init(path: "x_sub_/index.html", data: Data("i".utf8))])
        for (written, wanted) in [("x_imsmanifest.xml", "./imsmanifest.xml"), ("x_sub_/index.html", "./sub//index.html")] {
            zip = zip.replacing(Data(written.utf8), with: Data(wanted.utf8))
        }
        #expect(try ZipReader.read(zip).map(\.path) == ["imsmanifest.xml", "sub/index.html"])
    }
}
