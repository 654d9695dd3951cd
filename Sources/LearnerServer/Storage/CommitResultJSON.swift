import SCORMPackage

/// The JSON of a commit's answer, written directly: it is stored as the receipt of every commit and sent back
/// for each, and JSONEncoder cost more than the SQL around it. `JSONText` writes the bytes of the API's encoder
/// (`JSONBody.encoder`: sorted keys, slashes left alone); a test holds the two together.
extension CommitResult {
    var json: String {
        var json = JSONText()
        json.object { json in
            json.field("applied", applied)
            json.array("errors") { json in
                for error in errors {
                    json.object { json in
                        json.field("code", error.code)
                        json.field("element", error.element)
                        json.field("message", error.message)
                    }
                }
            }
        }
        return json.text
    }
}
