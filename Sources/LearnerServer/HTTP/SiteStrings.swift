/// Texts of the server's own pages and the player, French for `fr…`, English otherwise.
enum SiteStrings {
    static func values(for language: String?) -> [String: String] {
        (language ?? "fr").lowercased().hasPrefix("fr") ? french : english
    }

    static let french: [String: String] = [
        "skipToContent": "Aller au contenu", "signOut": "Se déconnecter", "signInTitle": "Connexion",
        "signInHelp": "Saisissez le code d’accès que l’équipe du programme vous a transmis, ou ouvrez votre lien de connexion.",
        "accessCode": "Code d’accès", "signIn": "Se connecter", "myCourses": "Mes cours", "hello": "Bonjour",
        "noCourse": "Vous n’êtes inscrit·e à aucun cours pour le moment.", "notStarted": "pas commencé",
        "inProgress": "en cours", "completed": "terminé", "contents": "Sommaire du cours",
        "moduleFrame": "Contenu du module", "moduleNavigation": "Navigation entre les modules",
        "previousModule": "Module précédent", "nextModule": "Module suivant", "dashboard": "Tableau de bord",
        "needsJavaScript": "Le tableau de bord a besoin de JavaScript.", "saved": "Progression enregistrée",
        "pending": "{n} enregistrement(s) en attente", "offline": "Hors ligne : votre progression sera envoyée au retour de la connexion",
        "saveFailed": "L’enregistrement a échoué : {message}", "locked": "Verrouillé : terminez d’abord les modules précédents",
        "statusCompleted": "terminé", "statusIncomplete": "en cours", "statusNotAttempted": "pas commencé",
        "statusPassed": "réussi", "statusFailed": "à revoir", "courseCompleted": "Vous avez terminé ce cours.",
    ]

    static let english: [String: String] = [
        "skipToContent": "Skip to content", "signOut": "Sign out", "signInTitle": "Sign in",
        "signInHelp": "Type the access code the programme team gave you, or open your sign-in link.",
        "accessCode": "Access code", "signIn": "Sign in", "myCourses": "My courses", "hello": "Hello",
        "noCourse": "You are not enrolled in any course yet.", "notStarted": "not started",
        "inProgress": "in progress", "completed": "completed", "contents": "Course contents",
        "moduleFrame": "Module content", "moduleNavigation": "Module navigation",
        "previousModule": "Previous module", "nextModule": "Next module", "dashboard": "Dashboard",
        "needsJavaScript": "The dashboard needs JavaScript.", "saved": "Progress saved",
        "pending": "{n} save(s) pending", "offline": "Offline: your progress will be sent when the connection is back",
        "saveFailed": "Saving failed: {message}", "locked": "Locked: finish the previous modules first",
        "statusCompleted": "completed", "statusIncomplete": "in progress", "statusNotAttempted": "not started",
        "statusPassed": "passed", "statusFailed": "to review", "courseCompleted": "You have completed this course.",
    ]
}
