import Foundation
import Hummingbird

/// Small server-rendered pages for the browser (sign-in errors and messages).
enum Pages {
    static func message(status: HTTPResponse.Status, title: String, text: String) -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="fr">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) — Portail</title></head>
            <body><main><h1>\(escape(title))</h1><p>\(escape(text))</p><p><a href="/">Retour à l’accueil</a></p></main></body>
            </html>
            """
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
