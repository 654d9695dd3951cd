import CourseModel
import Hummingbird

extension Parameters {
    /// A path parameter with its percent-escapes decoded: the router hands them over as written, and ids may
    /// hold any character (a SCO id is the manifest's identifier, `SCO-été` as much as `SCO-1`). An escape that
    /// does not decode leaves the text as it came, which then names nothing.
    func decoded(_ name: String) throws -> String {
        // Most ids have nothing to decode, and Foundation's decoding showed in the commit benchmark:
        // `percentDecoded` skips it when there is no escape.
        let raw = try require(name)
        return CoursePath.percentDecoded(raw) ?? raw
    }
}
