/*
 * The storage floor of a commit (make bench): what SQLite and the kernel need, with no Swift and no HTTP, to do
 * durably what the writer does for one commit, on a copy of the database the server benchmark left behind.
 *
 * Each group is one transaction of N commits: claim a receipt (INSERT … ON CONFLICT DO NOTHING) and upsert the
 * attempt's row with its values, as CommitApplier does, with the server's PRAGMAs (WAL, synchronous = FULL,
 * foreign keys, 16 MiB cache) and a second connection checkpointing every 20 ms, as WALCheckpointer does.
 * Prints CPU (user + system, both threads) and wall time per commit.
 *
 *   cc -O2 -o storage_floor storage_floor.c -lsqlite3 -lpthread && ./storage_floor DB COMMITS GROUP
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static void check(sqlite3 *db, int code, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static volatile int running = 1;

static void *checkpointer(void *path) {
    sqlite3 *db;
    check(NULL, sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL), "open");
    sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    while (running) {
        usleep(20000);
        sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
    sqlite3_close(db);
    return NULL;
}

typedef struct {
    char *learner, *course, *sco;
    sqlite3_int64 version, attempt;
    void *values;
    int size;
} Attempt;

static char *copy(const unsigned char *text) { return strdup(text ? (const char *)text : ""); }

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: storage_floor DB COMMITS GROUP\n");
        return 2;
    }
    const char *path = argv[1];
    long commits = atol(argv[2]), group = atol(argv[3]);
    sqlite3 *db;
    check(NULL, sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL), "open");
    check(db, sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
                               "PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = 8000", NULL, NULL, NULL), "pragmas");

    Attempt *attempts = NULL;
    int count = 0;
    sqlite3_stmt *load;
    check(db, sqlite3_prepare_v2(db, "SELECT learner_id, course_id, version, sco_id, attempt, cmi_values FROM attempts",
                                 -1, &load, NULL), "prepare load");
    while (sqlite3_step(load) == SQLITE_ROW) {
        attempts = realloc(attempts, sizeof(Attempt) * (count + 1));
        Attempt *a = &attempts[count++];
        a->learner = copy(sqlite3_column_text(load, 0));
        a->course = copy(sqlite3_column_text(load, 1));
        a->version = sqlite3_column_int64(load, 2);
        a->sco = copy(sqlite3_column_text(load, 3));
        a->attempt = sqlite3_column_int64(load, 4);
        a->size = sqlite3_column_bytes(load, 5);
        a->values = malloc(a->size + 1);
        memcpy(a->values, sqlite3_column_blob(load, 5), a->size);
    }
    sqlite3_finalize(load);
    if (count == 0) {
        fprintf(stderr, "no attempts in %s\n", path);
        return 1;
    }

    sqlite3_stmt *claim, *upsert;
    check(db, sqlite3_prepare_v2(db,
        "INSERT INTO commit_receipts(learner_id, batch_id, response, created_at, course_id, version, sco_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(learner_id, batch_id) DO NOTHING", -1, &claim, NULL), "prepare claim");
    check(db, sqlite3_prepare_v2(db,
        "INSERT INTO attempts(learner_id, course_id, version, sco_id, attempt, last_seq, reported_seconds, started_at, "
        "updated_at, cmi_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(learner_id, course_id, version, sco_id, attempt) DO UPDATE SET "
        "last_seq = MAX(last_seq, excluded.last_seq), updated_at = MAX(updated_at, excluded.updated_at), "
        "reported_seconds = reported_seconds + excluded.reported_seconds, cmi_values = excluded.cmi_values",
        -1, &upsert, NULL), "prepare upsert");

    pthread_t thread;
    pthread_create(&thread, NULL, checkpointer, (void *)path);
    const char *response = "{\"applied\":true,\"errors\":[]}";
    double wall0 = now(), cpu0 = cpu();
    long done = 0;
    while (done < commits) {
        check(db, sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");
        for (long i = 0; i < group && done < commits; i++, done++) {
            Attempt *a = &attempts[done % count];
            char id[32];
            snprintf(id, sizeof id, "floor-%ld", done);
            double at = (double)time(NULL);
            sqlite3_bind_text(claim, 1, a->learner, -1, SQLITE_STATIC);
            sqlite3_bind_text(claim, 2, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(claim, 3, response, -1, SQLITE_STATIC);
            sqlite3_bind_double(claim, 4, at);
            sqlite3_bind_text(claim, 5, a->course, -1, SQLITE_STATIC);
            sqlite3_bind_int64(claim, 6, a->version);
            sqlite3_bind_text(claim, 7, a->sco, -1, SQLITE_STATIC);
            check(db, sqlite3_step(claim), "claim");
            sqlite3_reset(claim);
            // The values change on every commit, as a learner's location does.
            ((char *)a->values)[done % a->size] ^= 1;
            sqlite3_bind_text(upsert, 1, a->learner, -1, SQLITE_STATIC);
            sqlite3_bind_text(upsert, 2, a->course, -1, SQLITE_STATIC);
            sqlite3_bind_int64(upsert, 3, a->version);
            sqlite3_bind_text(upsert, 4, a->sco, -1, SQLITE_STATIC);
            sqlite3_bind_int64(upsert, 5, a->attempt);
            sqlite3_bind_int64(upsert, 6, 1000000 + done);
            sqlite3_bind_double(upsert, 7, 12);
            sqlite3_bind_double(upsert, 8, at);
            sqlite3_bind_double(upsert, 9, at);
            sqlite3_bind_blob(upsert, 10, a->values, a->size, SQLITE_STATIC);
            check(db, sqlite3_step(upsert), "upsert");
            sqlite3_reset(upsert);
        }
        check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
    }
    double wall = now() - wall0, used = cpu() - cpu0;
    running = 0;
    pthread_join(thread, NULL);
    printf("{\"commits\": %ld, \"group\": %ld, \"attempts\": %d, \"cpu_us\": %.2f, \"wall_us\": %.2f}\n",
           commits, group, count, used / commits * 1e6, wall / commits * 1e6);
    sqlite3_finalize(claim);
    sqlite3_finalize(upsert);
    sqlite3_close(db);
    return 0;
}
