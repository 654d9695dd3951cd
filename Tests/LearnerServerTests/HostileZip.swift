import Foundation
@testable import SCORMExport
@testable import SCORMPackage

/// Builds zip archives byte by byte, including the malformed and malicious ones a real reader must refuse.
enum HostileZip {
    struct Entry {
        var name: String
        var data: Data
        /// Unix mode bits for the external attributes (0o120777 makes a symbolic link).
        var mode: UInt32 = 0o100644
        /// Lie about the uncompressed size in the headers.
        var declaredSize: Int?
        var encrypted = false
        var deflate = false
    }

    static func build(_ entries: [Entry]) -> Data {
        var output = Data()
        var central = Data()
        for entry in entries {
            let name = Data(entry.name.utf8)
            let payload = entry.deflate ? (try! ZipWriter.deflate(entry.data)) : entry.data
            let crc = ZipWriter.crc32(of: entry.data)
            let size = UInt32(entry.declaredSize ?? entry.data.count)
            let flags: UInt16 = entry.encrypted ? 1 : 0
            let method: UInt16 = entry.deflate ? 8 : 0
            let offset = UInt32(output.count)
            output.append(le32: 0x0403_4B50); output.append(le16: 20); output.append(le16: flags); output.append(le16: method)
            output.append(le16: 0); output.append(le16: 0); output.append(le32: crc)
            output.append(le32: UInt32(payload.count)); output.append(le32: size)
            output.append(le16: UInt16(name.count)); output.append(le16: 0); output.append(name); output.append(payload)
            central.append(le32: 0x0201_4B50); central.append(le16: (3 << 8) | 20); central.append(le16: 20)
            central.append(le16: flags); central.append(le16: method); central.append(le16: 0); central.append(le16: 0)
            central.append(le32: crc); central.append(le32: UInt32(payload.count)); central.append(le32: size)
            central.append(le16: UInt16(name.count)); central.append(le16: 0); central.append(le16: 0)
            central.append(le16: 0); central.append(le16: 0); central.append(le32: entry.mode << 16)
            central.append(le32: offset); central.append(name)
        }
        let centralOffset = UInt32(output.count)
        output.append(central)
        output.append(le32: 0x0605_4B50); output.append(le16: 0); output.append(le16: 0)
        output.append(le16: UInt16(entries.count)); output.append(le16: UInt16(entries.count))
        output.append(le32: UInt32(central.count)); output.append(le32: centralOffset); output.append(le16: 0)
        return output
    }

    static let manifest12 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest identifier="MANIFEST-tiers" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
          <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
          <organizations default="ORG"><organization identifier="ORG"><title>Tiers</title>
            <item identifier="ITEM1" identifierref="RES1"><title>Un</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
          </organization></organizations>
          <resources><resource identifier="RES1" type="webcontent" adlcp:scormtype="sco" href="index.html">
            <file href="index.html"/></resource></resources>
        </manifest>
        """

    /// A minimal valid third-party SCORM 1.2 package with extra entries.
    static func package(_ extra: [Entry] = [], manifest: String = manifest12) -> Data {
        build([Entry(name: "imsmanifest.xml", data: Data(manifest.utf8)),
               Entry(name: "index.html", data: Data("<html><body>SCO</body></html>".utf8))] + extra)
    }
}
