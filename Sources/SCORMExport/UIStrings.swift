/// Texts of the SCO pages, in the course's language (French for `fr…`, English otherwise).
struct UIStrings: Sendable {
    let values: [String: String]

    init(language: String) {
        values = language.lowercased().hasPrefix("fr") ? Self.french : Self.english
    }

    subscript(key: String) -> String { values[key] ?? Self.english[key] ?? key }

    static let french: [String: String] = [
        "skipToContent": "Aller au contenu",
        "tableOfContents": "Sommaire du module",
        "pageNavigation": "Navigation entre les pages",
        "previous": "Précédent",
        "next": "Suivant",
        "page": "Page {n} sur {total}",
        "quiz": "Quiz",
        "quizIntro": "Répondez à toutes les questions, puis validez. Vous verrez la correction de chaque question.",
        "submit": "Valider mes réponses",
        "retry": "Recommencer le quiz",
        "choose": "— Choisir —",
        "yourAnswer": "Votre réponse",
        "moveUp": "Monter",
        "moveDown": "Descendre",
        "orderingHelp": "Utilisez les boutons ↑ et ↓ pour remettre les éléments dans l’ordre.",
        "true": "Vrai",
        "false": "Faux",
        "correct": "Bonne réponse",
        "incorrect": "Réponse incorrecte",
        "score": "Votre score : {score} %",
        "passed": "Réussi : le seuil de {threshold} % est atteint.",
        "failed": "Pas encore : il faut {threshold} % pour réussir.",
        "answerAll": "Répondez à toutes les questions avant de valider.",
        "saved": "Progression enregistrée.",
        "savedLocally": "Mode autonome : progression enregistrée sur cet appareil.",
        "saveFailed": "L’enregistrement a échoué : {error}. Votre progression sera renvoyée.",
        "noLMS": "Aucune plateforme détectée : mode autonome.",
        "suspendTruncated": "Trop de données à enregistrer : vos réponses ne seront pas conservées.",
        "sessionEnded": "Session terminée. Vous pouvez fermer cette page.",
        "noScript": "Ce module a besoin de JavaScript pour afficher ses pages et enregistrer votre progression.",
    ]

    static let english: [String: String] = [
        "skipToContent": "Skip to content",
        "tableOfContents": "Module contents",
        "pageNavigation": "Page navigation",
        "previous": "Previous",
        "next": "Next",
        "page": "Page {n} of {total}",
        "quiz": "Quiz",
        "quizIntro": "Answer every question, then submit. You will see feedback on each question.",
        "submit": "Submit my answers",
        "retry": "Try the quiz again",
        "choose": "— Choose —",
        "yourAnswer": "Your answer",
        "moveUp": "Move up",
        "moveDown": "Move down",
        "orderingHelp": "Use the ↑ and ↓ buttons to put the items in order.",
        "true": "True",
        "false": "False",
        "correct": "Correct",
        "incorrect": "Incorrect",
        "score": "Your score: {score} %",
        "passed": "Passed: you reached the {threshold} % threshold.",
        "failed": "Not yet: {threshold} % is needed to pass.",
        "answerAll": "Answer every question before submitting.",
        "saved": "Progress saved.",
        "savedLocally": "Standalone mode: progress saved on this device.",
        "saveFailed": "Saving failed: {error}. Your progress will be sent again.",
        "noLMS": "No learning platform found: standalone mode.",
        "suspendTruncated": "Too much data to save: your answers will not be kept.",
        "sessionEnded": "Session ended. You can close this page.",
        "noScript": "This module needs JavaScript to show its pages and save your progress.",
    ]
}
