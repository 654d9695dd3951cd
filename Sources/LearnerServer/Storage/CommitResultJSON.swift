import SCORMExport

/// The JSON of a commit's answer, written directly: it is stored as the receipt of every commit and sent back
/// for each, and JSONEncoder cost more than the SQL around it. `JSONText` writes the bytes of the API's encoder
/// (`JSONBody.encoder`: sorted keys, slashes left alone); a test holds the two together.
extension CommitResult {
    var json: String {
        var json = JSONText()
        json.beginObject()
        json.key("applied"); json.bool(applied)
        json.key("errors")
        json.beginArray()
        for error in errors {
            json.beginObject()
            json.key("code"); json.int(error.code)
            json.key("element"); json.string(error.element)
            json.key("message"); json.string(error.message)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.text
    }
}
