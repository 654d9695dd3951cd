import Foundation
import Logging
import PostgresNIO

/// PostgreSQL's versioned migrations: applied once each, in order, never edited after release, recorded in
/// `schema_migrations`. They run under an advisory lock, so that processes starting together migrate once.
enum PostgresSchema {
    static let lock: Int64 = 0x706F_7274_6169_6C01

    static let migrations: [(name: String, sql: [String])] = [
        ("v1-initial", [
            """
            CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL)
            """,
            """
            CREATE TABLE learners (id text PRIMARY KEY, name text NOT NULL, email text, created_at double precision NOT NULL)
            """,
            """
            CREATE TABLE tokens (
                hash text PRIMARY KEY,
                learner_id text NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                created_at double precision NOT NULL,
                revoked_at double precision)
            """,
            "CREATE INDEX tokens_learner ON tokens(learner_id)",
            """
            CREATE TABLE signin_links (
                hash text PRIMARY KEY,
                learner_id text NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                created_at double precision NOT NULL,
                expires_at double precision NOT NULL,
                used_at double precision)
            """,
            """
            CREATE TABLE sessions (
                hash text PRIMARY KEY,
                learner_id text NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                created_at double precision NOT NULL,
                expires_at double precision NOT NULL)
            """,
            "CREATE INDEX sessions_learner ON sessions(learner_id)",
            """
            CREATE TABLE admin_sessions (hash text PRIMARY KEY, created_at double precision NOT NULL,
                                         expires_at double precision NOT NULL)
            """,
            "CREATE TABLE courses (id text PRIMARY KEY)",
            """
            CREATE TABLE course_versions (
                course_id text NOT NULL REFERENCES courses(id),
                version integer NOT NULL,
                title text NOT NULL,
                standard text NOT NULL CHECK (standard IN ('scorm12', 'scorm2004')),
                language text,
                label text,
                content_hash text NOT NULL,
                folder text NOT NULL,
                created_at double precision NOT NULL,
                PRIMARY KEY (course_id, version))
            """,
            """
            CREATE TABLE scos (
                course_id text NOT NULL,
                version integer NOT NULL,
                sco_id text NOT NULL,
                position integer NOT NULL,
                title text NOT NULL,
                href text NOT NULL,
                is_sco boolean NOT NULL,
                parents text NOT NULL,
                mastery_score double precision,
                completion_threshold double precision,
                launch_data text,
                prerequisites text,
                PRIMARY KEY (course_id, version, sco_id),
                FOREIGN KEY (course_id, version) REFERENCES course_versions(course_id, version))
            """,
            """
            CREATE TABLE enrollments (
                learner_id text NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                course_id text NOT NULL,
                version integer NOT NULL,
                created_at double precision NOT NULL,
                PRIMARY KEY (learner_id, course_id),
                FOREIGN KEY (course_id, version) REFERENCES course_versions(course_id, version))
            """,
            // Report pages follow learner ids byte by byte ("C"), as on SQLite.
            "CREATE INDEX enrollments_course ON enrollments(course_id, version, learner_id COLLATE \"C\")",
            """
            CREATE TABLE attempts (
                learner_id text NOT NULL,
                course_id text NOT NULL,
                version integer NOT NULL,
                sco_id text NOT NULL,
                attempt integer NOT NULL CHECK (attempt >= 1),
                last_seq bigint NOT NULL,
                reported_seconds double precision NOT NULL DEFAULT 0,
                started_at double precision NOT NULL,
                updated_at double precision NOT NULL,
                cmi_values bytea NOT NULL,
                PRIMARY KEY (learner_id, course_id, version, sco_id, attempt),
                FOREIGN KEY (learner_id, course_id) REFERENCES enrollments(learner_id, course_id) ON DELETE CASCADE,
                FOREIGN KEY (course_id, version, sco_id) REFERENCES scos(course_id, version, sco_id))
            """,
            """
            CREATE TABLE commit_receipts (
                learner_id text NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                batch_id text NOT NULL,
                response text NOT NULL,
                created_at double precision NOT NULL,
                course_id text,
                version integer,
                sco_id text,
                PRIMARY KEY (learner_id, batch_id))
            """,
            "CREATE INDEX commit_receipts_activity ON commit_receipts(learner_id, course_id, version, created_at)",
            """
            CREATE TABLE time_ledger (
                id bigserial PRIMARY KEY,
                learner_id text NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
                course_id text NOT NULL,
                version integer NOT NULL,
                sco_id text NOT NULL,
                at double precision NOT NULL,
                kind text NOT NULL CHECK (kind IN ('commit', 'heartbeat')))
            """,
            "CREATE INDEX time_ledger_learner ON time_ledger(learner_id, course_id, version, at)",
            """
            CREATE TABLE sco_progress (
                learner_id text NOT NULL,
                course_id text NOT NULL,
                version integer NOT NULL,
                sco_id text NOT NULL,
                attempt integer NOT NULL,
                completion text NOT NULL,
                success text NOT NULL,
                score double precision,
                reported_seconds double precision NOT NULL,
                started_at double precision NOT NULL,
                updated_at double precision NOT NULL,
                interactions text NOT NULL,
                PRIMARY KEY (learner_id, course_id, version, sco_id))
            """,
            """
            CREATE TABLE course_progress (
                learner_id text NOT NULL,
                course_id text NOT NULL,
                version integer NOT NULL,
                status text NOT NULL,
                success text NOT NULL,
                score double precision,
                completed_scos integer NOT NULL,
                reported_seconds double precision NOT NULL,
                last_access double precision,
                time_on_task double precision NOT NULL,
                first_activity double precision,
                last_activity double precision,
                PRIMARY KEY (learner_id, course_id, version))
            """,
            "CREATE INDEX course_progress_course ON course_progress(course_id, version)",
            """
            CREATE TABLE daily_activity (
                learner_id text NOT NULL,
                course_id text NOT NULL,
                version integer NOT NULL,
                day bigint NOT NULL,
                seconds double precision NOT NULL,
                first_activity double precision NOT NULL,
                last_activity double precision NOT NULL,
                PRIMARY KEY (learner_id, course_id, version, day))
            """,
            """
            CREATE TABLE sco_funnel (
                course_id text NOT NULL,
                version integer NOT NULL,
                sco_id text NOT NULL,
                started integer NOT NULL,
                completed integer NOT NULL,
                passed integer NOT NULL,
                PRIMARY KEY (course_id, version, sco_id))
            """,
            """
            CREATE TABLE question_stats (
                course_id text NOT NULL,
                version integer NOT NULL,
                sco_id text NOT NULL,
                interaction_id text NOT NULL,
                answers integer NOT NULL,
                correct integer NOT NULL,
                PRIMARY KEY (course_id, version, sco_id, interaction_id))
            """,
            // Packages, content-addressed: any process can unpack a version it has not seen into its own data folder.
            """
            CREATE TABLE packages (hash text PRIMARY KEY, size bigint NOT NULL, parts integer NOT NULL,
                                   created_at double precision NOT NULL)
            """,
            """
            CREATE TABLE package_chunks (hash text NOT NULL, part integer NOT NULL, data bytea NOT NULL,
                                         PRIMARY KEY (hash, part))
            """,
        ]),
    ]

    /// Applies what is missing, under the advisory lock, each migration in its own transaction.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock(\(lock))", logger: logger).collect()
            do {
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at double precision NOT NULL)
                    """, logger: logger)
                var applied: Set<String> = []
                for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger)
                    .decode(String.self) {
                    applied.insert(name)
                }
                for migration in migrations where !applied.contains(migration.name) {
                    try await connection.withTransaction(logger: logger) { transaction in
                        for statement in migration.sql {
                            try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await transaction.query("""
                            INSERT INTO schema_migrations(name, applied_at) VALUES (\(migration.name), \(Date().timeIntervalSince1970))
                            """, logger: logger)
                    }
                    logger.info("PostgreSQL: applied migration \(migration.name)")
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger).collect()
                throw error
            }
            _ = try await connection.query("SELECT pg_advisory_unlock(\(lock))", logger: logger).collect()
        }
    }
}
