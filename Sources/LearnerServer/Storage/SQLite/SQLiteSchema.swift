import Foundation
import GRDB

/// Versioned migrations: each one is applied once, in order, and never edited after release.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.execute(sql: """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE learners (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    email TEXT,
                    created_at REAL NOT NULL
                );
                CREATE TABLE tokens (
                    hash TEXT PRIMARY KEY NOT NULL,
                    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL,
                    revoked_at REAL
                );
                CREATE INDEX tokens_learner ON tokens(learner_id);
                CREATE TABLE courses (
                    id TEXT PRIMARY KEY NOT NULL
                );
                CREATE TABLE course_versions (
                    course_id TEXT NOT NULL REFERENCES courses(id),
                    version INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    standard TEXT NOT NULL CHECK (standard IN ('scorm12', 'scorm2004')),
                    label TEXT,
                    content_hash TEXT NOT NULL,
                    folder TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (course_id, version)
                );
                CREATE TABLE scos (
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sco_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    href TEXT NOT NULL,
                    is_sco INTEGER NOT NULL,
                    parents TEXT NOT NULL,
                    mastery_score REAL,
                    completion_threshold REAL,
                    launch_data TEXT,
                    prerequisites TEXT,
                    PRIMARY KEY (course_id, version, sco_id),
                    FOREIGN KEY (course_id, version) REFERENCES course_versions(course_id, version)
                );
                CREATE TABLE enrollments (
                    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (learner_id, course_id),
                    FOREIGN KEY (course_id, version) REFERENCES course_versions(course_id, version)
                );
                CREATE INDEX enrollments_course ON enrollments(course_id, version);
                CREATE TABLE attempts (
                    learner_id TEXT NOT NULL,
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sco_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL CHECK (attempt >= 1),
                    last_seq INTEGER NOT NULL,
                    reported_seconds REAL NOT NULL DEFAULT 0,
                    started_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (learner_id, course_id, version, sco_id, attempt),
                    FOREIGN KEY (learner_id, course_id) REFERENCES enrollments(learner_id, course_id) ON DELETE CASCADE,
                    FOREIGN KEY (course_id, version, sco_id) REFERENCES scos(course_id, version, sco_id)
                );
                CREATE INDEX attempts_course ON attempts(course_id, version);
                CREATE TABLE runtime_values (
                    learner_id TEXT NOT NULL,
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sco_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    element TEXT NOT NULL,
                    value TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY (learner_id, course_id, version, sco_id, attempt, element),
                    FOREIGN KEY (learner_id, course_id, version, sco_id, attempt)
                        REFERENCES attempts(learner_id, course_id, version, sco_id, attempt) ON DELETE CASCADE
                ) WITHOUT ROWID;
                CREATE TABLE commit_receipts (
                    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                    batch_id TEXT NOT NULL,
                    response TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (learner_id, batch_id)
                ) WITHOUT ROWID;
                CREATE TABLE time_ledger (
                    id INTEGER PRIMARY KEY,
                    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sco_id TEXT NOT NULL,
                    at REAL NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('commit', 'heartbeat'))
                );
                CREATE INDEX time_ledger_learner ON time_ledger(learner_id, course_id, version, at);
                """)
        }
        migrator.registerMigration("v2-sessions") { db in
            try db.execute(sql: """
                CREATE TABLE signin_links (
                    hash TEXT PRIMARY KEY NOT NULL,
                    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    used_at REAL
                );
                CREATE TABLE sessions (
                    hash TEXT PRIMARY KEY NOT NULL,
                    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                CREATE INDEX sessions_learner ON sessions(learner_id);
                """)
        }
        migrator.registerMigration("v3-admin-sessions-and-language") { db in
            try db.execute(sql: """
                CREATE TABLE admin_sessions (
                    hash TEXT PRIMARY KEY NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                ALTER TABLE course_versions ADD COLUMN language TEXT;
                """)
        }
        migrator.registerMigration("v4-values-in-attempt-row") { db in
            // A commit wrote one row per element, a ledger row and a receipt: it now writes its attempt's row (see
            // AttemptValues) and its receipt, which records where and when it happened and so is the ledger entry.
            // Commits written before keep their time_ledger rows; their receipts have no course.
            try db.execute(sql: """
                ALTER TABLE attempts ADD COLUMN cmi_values BLOB NOT NULL DEFAULT x'';
                ALTER TABLE commit_receipts ADD COLUMN course_id TEXT;
                ALTER TABLE commit_receipts ADD COLUMN version INTEGER;
                ALTER TABLE commit_receipts ADD COLUMN sco_id TEXT;
                """)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT learner_id, course_id, version, sco_id, attempt, element, value, seq FROM runtime_values
                ORDER BY learner_id, course_id, version, sco_id, attempt
                """)
            var key: [DatabaseValue] = []
            var values: [String: StoredValue] = [:]
            func flush() throws {
                guard !key.isEmpty else { return }
                try db.execute(sql: """
                    UPDATE attempts SET cmi_values = ?
                    WHERE learner_id = ? AND course_id = ? AND version = ? AND sco_id = ? AND attempt = ?
                    """, arguments: StatementArguments([Data(AttemptValues.encode(values)).databaseValue] + key))
            }
            // Keys compare as SQLite ordered them, byte for byte: Swift's String equality would take two
            // differently normalised ids for one.
            func same(_ a: [DatabaseValue], _ b: [DatabaseValue]) -> Bool {
                a.count == b.count && zip(a, b).allSatisfy { x, y in
                    switch (x.storage, y.storage) {
                    case (.string(let l), .string(let r)): return l.utf8.elementsEqual(r.utf8)
                    default: return x == y
                    }
                }
            }
            while let row = try rows.next() {
                let rowKey = (0..<5).map { row[$0] as DatabaseValue }
                if !same(rowKey, key) {
                    try flush()
                    key = rowKey
                    values = [:]
                }
                values[row[5]] = StoredValue(value: row[6], seq: row[7])
            }
            try flush()
            try db.execute(sql: "DROP TABLE runtime_values")
        }
        migrator.registerMigration("v5-summaries") { db in
            // What progress, attendance and reports read, kept at commit time (docs/storage.md): their cost no
            // longer grows with the learners' histories. Filled here from the attempts and events already stored.
            try db.execute(sql: """
                CREATE TABLE sco_progress (
                    learner_id TEXT NOT NULL,
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sco_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    completion TEXT NOT NULL,
                    success TEXT NOT NULL,
                    score REAL,
                    reported_seconds REAL NOT NULL,
                    started_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    interactions TEXT NOT NULL,
                    PRIMARY KEY (learner_id, course_id, version, sco_id)
                ) WITHOUT ROWID;
                CREATE TABLE course_progress (
                    learner_id TEXT NOT NULL,
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    success TEXT NOT NULL,
                    score REAL,
                    completed_scos INTEGER NOT NULL,
                    reported_seconds REAL NOT NULL,
                    last_access REAL,
                    time_on_task REAL NOT NULL,
                    first_activity REAL,
                    last_activity REAL,
                    PRIMARY KEY (learner_id, course_id, version)
                ) WITHOUT ROWID;
                CREATE INDEX course_progress_course ON course_progress(course_id, version);
                CREATE TABLE daily_activity (
                    learner_id TEXT NOT NULL,
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    day INTEGER NOT NULL,
                    seconds REAL NOT NULL,
                    first_activity REAL NOT NULL,
                    last_activity REAL NOT NULL,
                    PRIMARY KEY (learner_id, course_id, version, day)
                ) WITHOUT ROWID;
                CREATE TABLE sco_funnel (
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sco_id TEXT NOT NULL,
                    started INTEGER NOT NULL,
                    completed INTEGER NOT NULL,
                    passed INTEGER NOT NULL,
                    PRIMARY KEY (course_id, version, sco_id)
                ) WITHOUT ROWID;
                CREATE TABLE question_stats (
                    course_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sco_id TEXT NOT NULL,
                    interaction_id TEXT NOT NULL,
                    answers INTEGER NOT NULL,
                    correct INTEGER NOT NULL,
                    PRIMARY KEY (course_id, version, sco_id, interaction_id)
                ) WITHOUT ROWID;
                CREATE INDEX commit_receipts_activity ON commit_receipts(learner_id, course_id, version, created_at);
                DROP INDEX enrollments_course;
                CREATE INDEX enrollments_course ON enrollments(course_id, version, learner_id);
                """)
            try SQLiteSummaries.rebuildAll(db)
        }
        return migrator
    }
}
