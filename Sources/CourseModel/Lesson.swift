/// A Markdown lesson with its front matter already read.
public struct Lesson: Sendable, Hashable {
    public let id: String
    public let title: String
    /// Estimated minutes.
    public let duration: Int
    /// Course-relative path of the `.md` file.
    public let path: String
    /// The Markdown after the front matter.
    public let markdown: String
    /// Line of the file on which `markdown` starts, for positions in later diagnostics.
    public let markdownStartLine: Int
    /// Local files the lesson links to or shows, in order of appearance.
    public let references: [AssetReference]

    public init(id: String, title: String, duration: Int, path: String, markdown: String,
                markdownStartLine: Int, references: [AssetReference]) {
        self.id = id
        self.title = title
        self.duration = duration
        self.path = path
        self.markdown = markdown
        self.markdownStartLine = markdownStartLine
        self.references = references
    }
}

/// A link or image in a lesson that points at a file of the course.
public struct AssetReference: Sendable, Hashable {
    /// The destination as written in the Markdown (before percent-decoding), e.g. `../assets/a%20b.svg#x`.
    public let destination: String
    /// The file it names, course-relative and normalised, e.g. `assets/a b.svg`.
    public let path: String
    public let isImage: Bool
    public let location: SourceLocation

    public init(destination: String, path: String, isImage: Bool, location: SourceLocation) {
        self.destination = destination
        self.path = path
        self.isImage = isImage
        self.location = location
    }
}
