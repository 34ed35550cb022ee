/* store.c - the SQLite store: sessions, answers, history, diagnosis, plan.
 *
 * One file, opened in WAL mode with synchronous=FULL so that an acknowledged
 * commit survives a crash or a power loss.  The file is created 0600 in a
 * 0700 directory before SQLite touches it (the -wal and -shm files take its
 * mode).  Every write runs in BEGIN IMMEDIATE ... COMMIT, or inside the
 * caller's store_begin/store_commit; every statement binds its parameters.
 *
 * Vocabulary values (types, priorities, justice, statuses, outcomes) are
 * stored as their stable text ids (vocab.h, plan.h), never as enum numbers,
 * so a later reordering of an enum cannot change what a database means and
 * reviewers can query the file with plain SQL.
 */
#include "store.h"
#include "store_sql.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "util.h"
#include "vocab.h"

#define BUSY_TIMEOUT_MS 5000

struct store {
    sqlite3 *db;
    char *path;
    bool ro;      /* opened with mode=ro */
    int depth;    /* store_begin nesting depth */
    bool failed;  /* a nested step rolled back: the outer commit must fail */
};

/* Schema migrations: migrations[v] takes a database from user_version v to
 * v + 1.  Append new steps; never edit a released one. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"            /* stable across merged databases */
    "  form_id TEXT NOT NULL,"
    "  form_version TEXT NOT NULL,"
    "  account TEXT,"
    "  salesperson TEXT,"
    "  created TEXT NOT NULL,"                 /* local YYYY-MM-DD HH:MM:SS */
    "  updated TEXT NOT NULL,"
    "  touch_seq INTEGER NOT NULL DEFAULT 0,"  /* orders updates within a second */
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','finished')),"
    "  position TEXT,"
    "  training INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0,1)),"
    "  outcome TEXT NOT NULL DEFAULT 'none',"
    "  outcome_date TEXT,"
    "  outcome_note TEXT);"
    "CREATE INDEX sessions_recent ON sessions(touch_seq);"
    "CREATE INDEX sessions_open ON sessions(status, training, touch_seq);"
    "CREATE INDEX sessions_account ON sessions(account);"
    "CREATE INDEX sessions_salesperson ON sessions(salesperson);"
    "CREATE INDEX sessions_outcome ON sessions(outcome);"
    "CREATE TABLE answers ("
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  qid TEXT NOT NULL,"
    "  value TEXT NOT NULL DEFAULT '',"        /* canonical; '' when dontknow */
    "  dontknow INTEGER NOT NULL DEFAULT 0 CHECK (dontknow IN (0,1)),"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (session_id, qid));"
    "CREATE TABLE changes ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL,"                    /* answer, override, item, outcome, plan */
    "  target TEXT,"
    "  old_value TEXT,"
    "  new_value TEXT,"
    "  reason TEXT,"
    "  who TEXT,"
    "  at TEXT NOT NULL);"
    "CREATE INDEX changes_session ON changes(session_id, id);"
    "CREATE INDEX changes_kind ON changes(kind);"
    "CREATE TABLE diagnosis ("
    "  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,"
    "  form_id TEXT NOT NULL,"
    "  form_version TEXT NOT NULL,"
    "  classifier_version TEXT NOT NULL,"
    "  type_computed TEXT, type_final TEXT, type_confidence REAL NOT NULL DEFAULT 0,"
    "  type_close INTEGER NOT NULL DEFAULT 0, type_runner_up TEXT, type_override_reason TEXT,"
    "  source_computed TEXT, source_final TEXT, source_confidence REAL NOT NULL DEFAULT 0,"
    "  source_close INTEGER NOT NULL DEFAULT 0, source_runner_up TEXT,"
    "  source_override_reason TEXT,"
    "  stability_computed TEXT, stability_final TEXT,"
    "  stability_confidence REAL NOT NULL DEFAULT 0,"
    "  stability_close INTEGER NOT NULL DEFAULT 0, stability_runner_up TEXT,"
    "  stability_override_reason TEXT,"
    "  control_computed TEXT, control_final TEXT, control_confidence REAL NOT NULL DEFAULT 0,"
    "  control_close INTEGER NOT NULL DEFAULT 0, control_runner_up TEXT,"
    "  control_override_reason TEXT,"
    "  priority_computed TEXT, priority_final TEXT, priority_override_reason TEXT,"
    "  low_evidence INTEGER NOT NULL DEFAULT 0,"
    "  mismatch INTEGER NOT NULL DEFAULT 0,"
    "  computed_at TEXT NOT NULL);"
    "CREATE INDEX diagnosis_type ON diagnosis(type_final);"
    "CREATE INDEX diagnosis_priority ON diagnosis(priority_final);"
    "CREATE TABLE plan ("
    "  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,"
    "  relationship TEXT, fact TEXT, needs TEXT, commitment TEXT,"
    "  updated_at TEXT NOT NULL);"
    "CREATE TABLE plan_activities ("
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  activity TEXT NOT NULL,"
    "  rationale TEXT,"
    "  pos INTEGER NOT NULL,"
    "  PRIMARY KEY (session_id, activity));"
    "CREATE INDEX plan_activities_activity ON plan_activities(activity);"
    "CREATE TABLE plan_items ("
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  item_id TEXT NOT NULL,"
    "  activity TEXT NOT NULL,"
    "  justice TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'todo',"
    "  owner TEXT,"
    "  due TEXT,"
    "  pos INTEGER NOT NULL,"
    "  PRIMARY KEY (session_id, item_id));"
    "CREATE INDEX plan_items_owner ON plan_items(owner, status, due);",

    /* 1 -> 2: review (summary columns kept by triggers, full-text search over
     * free-text answers, comments, managers' overrides), training results,
     * and uuids on history rows so databases can be merged. */
    "ALTER TABLE sessions ADD COLUMN loss_date TEXT;"
    "ALTER TABLE sessions ADD COLUMN day TEXT;"          /* loss date, else debrief date */
    "ALTER TABLE sessions ADD COLUMN type TEXT;"         /* effective values: the */
    "ALTER TABLE sessions ADD COLUMN source TEXT;"       /* manager's override, else */
    "ALTER TABLE sessions ADD COLUMN stability TEXT;"    /* the diagnosis' final one */
    "ALTER TABLE sessions ADD COLUMN control TEXT;"
    "ALTER TABLE sessions ADD COLUMN priority TEXT;"
    "ALTER TABLE sessions ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE sessions ADD COLUMN items_done INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE sessions ADD COLUMN items_total INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE answers ADD COLUMN free_text INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE changes ADD COLUMN uuid TEXT;"
    "UPDATE changes SET uuid = lower(hex(randomblob(16)));"
    "CREATE UNIQUE INDEX changes_uuid ON changes(uuid);"
    "CREATE TABLE comments ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  body TEXT NOT NULL,"
    "  who TEXT,"
    "  at TEXT NOT NULL);"
    "CREATE INDEX comments_session ON comments(session_id, id);"
    "CREATE TABLE reviews ("                              /* a manager's override */
    "  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    "  dim TEXT NOT NULL,"                                /* type ... control, priority */
    "  value TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  who TEXT,"
    "  at TEXT NOT NULL,"
    "  PRIMARY KEY (session_id, dim));"
    "CREATE TABLE training ("
    "  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,"
    "  scenario_id TEXT NOT NULL,"
    "  scenario_version TEXT NOT NULL,"
    "  trainee TEXT NOT NULL,"
    "  stated TEXT,"                                      /* the trainee's diagnosis */
    "  score INTEGER,"
    "  passed INTEGER,"
    "  blockers INTEGER,"
    "  rubric TEXT,"                                      /* frozen key and checks (JSON) */
    "  result TEXT,"                                      /* the feedback (JSON) */
    "  at TEXT);"
    "CREATE INDEX training_scenario ON training(scenario_id, trainee);"
    "CREATE INDEX training_trainee ON training(trainee, scenario_id);"
    "CREATE VIRTUAL TABLE answers_fts USING fts5(value, tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TRIGGER answers_fts_ins AFTER INSERT ON answers WHEN new.free_text BEGIN"
    "  INSERT INTO answers_fts(rowid, value) VALUES (new.rowid, new.value); END;"
    "CREATE TRIGGER answers_fts_del AFTER DELETE ON answers WHEN old.free_text BEGIN"
    "  DELETE FROM answers_fts WHERE rowid = old.rowid; END;"
    "CREATE TRIGGER answers_fts_upd AFTER UPDATE OF value, free_text ON answers BEGIN"
    "  DELETE FROM answers_fts WHERE rowid = old.rowid;"
    "  INSERT INTO answers_fts(rowid, value) SELECT new.rowid, new.value WHERE new.free_text;"
    "  END;"
    /* The summary of a session, recomputed from its diagnosis, reviews and
     * checklist whenever one of them changes. */
    "CREATE VIEW session_summary AS SELECT s.id AS id,"
    "  coalesce((SELECT value FROM reviews WHERE session_id = s.id AND dim = 'type'), d.type_final) AS type,"
    "  coalesce((SELECT value FROM reviews WHERE session_id = s.id AND dim = 'source'), d.source_final) AS source,"
    "  coalesce((SELECT value FROM reviews WHERE session_id = s.id AND dim = 'stability'), d.stability_final) AS stability,"
    "  coalesce((SELECT value FROM reviews WHERE session_id = s.id AND dim = 'control'), d.control_final) AS control,"
    "  coalesce((SELECT value FROM reviews WHERE session_id = s.id AND dim = 'priority'), d.priority_final) AS priority,"
    "  (coalesce(d.type_override_reason, d.source_override_reason, d.stability_override_reason,"
    "            d.control_override_reason, d.priority_override_reason) IS NOT NULL)"
    "   + 2 * EXISTS (SELECT 1 FROM reviews WHERE session_id = s.id) AS overridden,"
    "  (SELECT count(*) FROM plan_items WHERE session_id = s.id AND +status = 'done') AS items_done,"
    "  (SELECT count(*) FROM plan_items WHERE session_id = s.id AND +status <> 'dropped') AS items_total"
    "  FROM sessions s LEFT JOIN diagnosis d ON d.session_id = s.id;"
    "CREATE TRIGGER diagnosis_sum_ins AFTER INSERT ON diagnosis BEGIN"
    "  UPDATE sessions SET (type, source, stability, control, priority, overridden) ="
    "  (SELECT type, source, stability, control, priority, overridden FROM session_summary"
    "   WHERE id = new.session_id) WHERE id = new.session_id; END;"
    "CREATE TRIGGER diagnosis_sum_upd AFTER UPDATE ON diagnosis BEGIN"
    "  UPDATE sessions SET (type, source, stability, control, priority, overridden) ="
    "  (SELECT type, source, stability, control, priority, overridden FROM session_summary"
    "   WHERE id = new.session_id) WHERE id = new.session_id; END;"
    "CREATE TRIGGER reviews_sum_ins AFTER INSERT ON reviews BEGIN"
    "  UPDATE sessions SET (type, source, stability, control, priority, overridden) ="
    "  (SELECT type, source, stability, control, priority, overridden FROM session_summary"
    "   WHERE id = new.session_id) WHERE id = new.session_id; END;"
    "CREATE TRIGGER reviews_sum_upd AFTER UPDATE ON reviews BEGIN"
    "  UPDATE sessions SET (type, source, stability, control, priority, overridden) ="
    "  (SELECT type, source, stability, control, priority, overridden FROM session_summary"
    "   WHERE id = new.session_id) WHERE id = new.session_id; END;"
    "CREATE TRIGGER reviews_sum_del AFTER DELETE ON reviews BEGIN"
    "  UPDATE sessions SET (type, source, stability, control, priority, overridden) ="
    "  (SELECT type, source, stability, control, priority, overridden FROM session_summary"
    "   WHERE id = old.session_id) WHERE id = old.session_id; END;"
    "CREATE TRIGGER items_sum_ins AFTER INSERT ON plan_items BEGIN"
    "  UPDATE sessions SET (items_done, items_total) = (SELECT items_done, items_total"
    "  FROM session_summary WHERE id = new.session_id) WHERE id = new.session_id; END;"
    "CREATE TRIGGER items_sum_upd AFTER UPDATE OF status ON plan_items BEGIN"
    "  UPDATE sessions SET (items_done, items_total) = (SELECT items_done, items_total"
    "  FROM session_summary WHERE id = new.session_id) WHERE id = new.session_id; END;"
    "CREATE TRIGGER items_sum_del AFTER DELETE ON plan_items BEGIN"
    "  UPDATE sessions SET (items_done, items_total) = (SELECT items_done, items_total"
    "  FROM session_summary WHERE id = old.session_id) WHERE id = old.session_id; END;"
    "CREATE TRIGGER sessions_day_ins AFTER INSERT ON sessions BEGIN"
    "  UPDATE sessions SET day = coalesce(new.loss_date, substr(new.created, 1, 10))"
    "  WHERE id = new.id; END;"
    "CREATE TRIGGER sessions_day_upd AFTER UPDATE OF loss_date, created ON sessions BEGIN"
    "  UPDATE sessions SET day = coalesce(new.loss_date, substr(new.created, 1, 10))"
    "  WHERE id = new.id; END;"
    /* Backfill from schema 1: free text is what no choice id could be;
     * the shipped debrief names the loss date loss_date. */
    "UPDATE answers SET free_text = 1 WHERE dontknow = 0 AND value GLOB '*[^a-z0-9_,.:-]*';"
    "UPDATE sessions SET loss_date = (SELECT value FROM answers a WHERE a.session_id ="
    "  sessions.id AND a.qid = 'loss_date' AND a.dontknow = 0);"
    "UPDATE sessions SET (type, source, stability, control, priority, overridden, items_done,"
    "  items_total) = (SELECT type, source, stability, control, priority, overridden,"
    "  items_done, items_total FROM session_summary WHERE id = sessions.id);"
    "CREATE INDEX sessions_day ON sessions(day);"
    "CREATE INDEX sessions_type ON sessions(type, day);"
    "CREATE INDEX sessions_source ON sessions(source, day);"
    "CREATE INDEX sessions_priority ON sessions(priority, day);"
    "CREATE INDEX sessions_training ON sessions(training, day);"
    "CREATE INDEX sessions_created ON sessions(created);"
    "CREATE INDEX sessions_salesperson_nocase ON sessions(salesperson COLLATE NOCASE, day);"
    "CREATE INDEX plan_items_open ON plan_items(status, due, session_id);",
};

#define KNOWN_VERSION ((int)ARRAY_LEN(migrations))

/* Stored in changes.old_value/new_value for a "don't know" answer. */
#define DONTKNOW_MARK "?"

/* ---- errors ---------------------------------------------------------------- */

/* Maps an (extended) SQLite result code to a store_rc. */
static int map_rc(int src)
{
    switch (src & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return STORE_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return STORE_BUSY;
    case SQLITE_FULL:
        return STORE_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return STORE_READONLY;
    case SQLITE_IOERR:
        return STORE_IOERR;
    default:
        return STORE_ERR;
    }
}

/* Advice for the user after an error of kind rc. */
static const char *advice(int rc)
{
    switch (rc) {
    case STORE_BUSY:
        return "another winback is using it; close that one and try again";
    case STORE_FULL:
        return "the disk is full; free some space and try again";
    case STORE_READONLY:
        return "the file or its directory is not writable; check permissions";
    case STORE_IOERR:
        return "the disk reported an error; check it and try again";
    default:
        return "try again; if it persists, check the file";
    }
}

/* Reports the SQLite error src (with the connection's message) while doing
 * what; returns the store_rc. */
static int sql_fail(store *st, int src, const char *what, char **err)
{
    int rc = map_rc(src);
    if (rc == STORE_OK)
        rc = STORE_ERR;
    err_set(err, xasprintf("%s: cannot %s: %s; %s", st->path, what,
                           sqlite3_errmsg(st->db), advice(rc)));
    return rc;
}

/* Reports a missing session. */
static int not_found(store *st, int64_t id, char **err)
{
    err_set(err, xasprintf("%s: no session %lld", st->path, (long long)id));
    return STORE_NOTFOUND;
}

/* ---- statements ------------------------------------------------------------- */

/* Prepares sql and binds the arguments described by types: 'i' int64_t,
 * 'd' int, 'b' bool (as 0/1), 'f' double, 's' text (NULL binds NULL).
 * Returns the statement (caller finalizes) or NULL with *src set. */
static sqlite3_stmt *vprep(store *st, const char *sql, const char *types, va_list ap,
                           int *src)
{
    sqlite3_stmt *s = NULL;
    *src = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    for (int i = 1; *src == SQLITE_OK && types && types[i - 1]; i++) {
        switch (types[i - 1]) {
        case 'i': *src = sqlite3_bind_int64(s, i, va_arg(ap, int64_t)); break;
        case 'd': *src = sqlite3_bind_int(s, i, va_arg(ap, int)); break;
        case 'b': *src = sqlite3_bind_int(s, i, va_arg(ap, int) ? 1 : 0); break;
        case 'f': *src = sqlite3_bind_double(s, i, va_arg(ap, double)); break;
        default: {
            const char *t = va_arg(ap, const char *);
            *src = t ? sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT)
                     : sqlite3_bind_null(s, i);
        }
        }
    }
    if (*src != SQLITE_OK) {
        sqlite3_finalize(s);
        return NULL;
    }
    return s;
}

/* Runs plain SQL without parameters (pragmas, transactions, schema). */
static int exec(store *st, const char *sql, const char *what, char **err)
{
    int src = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? STORE_OK : sql_fail(st, src, what, err);
}

/* Copy of text column i, or NULL. */
static char *col_str(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* ---- transactions ------------------------------------------------------------ */

static int refuse_ro(store *st, char **err)
{
    err_set(err, xasprintf("%s is open read-only: nothing was changed", st->path));
    return STORE_READONLY;
}

int store_begin(store *st, char **err)
{
    if (st->ro)
        return refuse_ro(st, err);
    if (st->depth == 0) {
        st->failed = false;
        int rc = exec(st, "BEGIN IMMEDIATE", "start a transaction", err);
        if (rc != STORE_OK)
            return rc;
    }
    st->depth++;
    return STORE_OK;
}

/* Rolls back the open transaction, if SQLite has not already done so. */
static void really_rollback(store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int store_commit(store *st, char **err)
{
    if (st->depth == 0) {
        err_set(err, xasprintf("%s: commit without a transaction", st->path));
        return STORE_ERR;
    }
    if (--st->depth > 0)
        return STORE_OK;
    if (st->failed) {
        really_rollback(st);
        err_set(err, xasprintf("%s: an earlier step failed; nothing was saved", st->path));
        return STORE_ERR;
    }
    int src = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (src == SQLITE_OK)
        return STORE_OK;
    int rc = sql_fail(st, src, "commit", err);
    really_rollback(st);
    return rc;
}

void store_rollback(store *st)
{
    if (!st || st->depth == 0)
        return;
    if (--st->depth > 0) {
        st->failed = true;
        return;
    }
    really_rollback(st);
}

/* Starts a write (its own transaction or a nested step). */
static int wbegin(store *st, char **err)
{
    return store_begin(st, err);
}

/* Ends a write started by wbegin: commits when rc is STORE_OK, else rolls
 * back.  Returns the final rc. */
static int wend(store *st, int rc, char **err)
{
    if (rc == STORE_OK)
        return store_commit(st, err);
    store_rollback(st);
    return rc;
}

/* ---- opening ------------------------------------------------------------------ */

/* Creates the parent directory of path (0700) and the file itself (0600)
 * when it does not exist.  false with *err on failure. */
static bool precreate(const char *path, char **err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    bool ok = true;
    if (slash && slash != dir) {
        *slash = '\0';
        ok = paths_mkdirs(dir);
        if (!ok)
            err_set(err, xasprintf("%s: cannot create the directory %s: %s", path, dir,
                                   strerror(errno)));
    }
    free(dir);
    if (!ok)
        return false;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) {
        err_set(err, xasprintf("%s: cannot create the database: %s", path, strerror(errno)));
        return false;
    }
    if (fd >= 0)
        close(fd);
    return true;
}

/* Checks the 16-byte SQLite header so that a text file is refused before
 * SQLite reads it.  An empty file counts as a new database. */
static bool header_ok(const char *path, char **err)
{
    static const char magic[16] = "SQLite format 3";
    char buf[16];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err_set(err, xasprintf("%s: cannot open: %s", path, strerror(errno)));
        return false;
    }
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    if (n == 0)
        return true;
    if (n == (ssize_t)sizeof buf && memcmp(buf, magic, sizeof buf) == 0)
        return true;
    err_set(err, xasprintf("%s is not a winback database (not an SQLite file); nothing "
                           "was changed: use another file (--db PATH)", path));
    return false;
}

/* Percent-encodes path for a file: URI (keeps unreserved characters and
 * '/').  Caller frees. */
static char *uri_escape(const char *path)
{
    strbuf sb;
    sb_init(&sb);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
            || strchr("-._~/", *p))
            sb_addc(&sb, (char)*p);
        else
            sb_addf(&sb, "%%%02X", *p);
    }
    return sb_take(&sb);
}

char *store_uri_ro(const char *path)
{
    char *esc = uri_escape(path);
    char *uri = xasprintf("file:%s?mode=ro", esc);
    free(esc);
    return uri;
}

/* Reads one integer pragma or query; false on error (with *src). */
static bool query_int(store *st, const char *sql, int *out, int *src)
{
    sqlite3_stmt *s = NULL;
    *src = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (*src == SQLITE_OK) {
        *src = sqlite3_step(s);
        if (*src == SQLITE_ROW) {
            *out = sqlite3_column_int(s, 0);
            *src = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return *src == SQLITE_OK;
}

/* Message for a file SQLite could not read (src): damaged or foreign. */
static void unreadable(store *st, int src, char **err)
{
    int prim = src & 0xff;
    if (prim == SQLITE_NOTADB)
        err_set(err, xasprintf("%s is not a winback database (not an SQLite file); nothing "
                               "was changed: use another file (--db PATH)", st->path));
    else if (prim == SQLITE_CORRUPT)
        err_set(err, xasprintf("%s is damaged (%s); nothing was changed: restore it from a "
                               "backup or move it aside", st->path, sqlite3_errmsg(st->db)));
    else
        sql_fail(st, src, "read the database", err);
}

/* Checks that the file is empty or a winback database this version can
 * read; *version gets its user_version.  Writes nothing. */
static int check_identity(store *st, int *version, char **err)
{
    int app = 0, tables = 0, src;
    if (!query_int(st, "PRAGMA application_id", &app, &src)
        || !query_int(st, "PRAGMA user_version", version, &src)
        || !query_int(st, "SELECT count(*) FROM sqlite_master", &tables, &src)) {
        unreadable(st, src, err);
        return map_rc(src) == STORE_OK ? STORE_ERR : map_rc(src);
    }
    if ((app != 0 && app != STORE_APPLICATION_ID) || (app == 0 && tables > 0)) {
        err_set(err, xasprintf("%s is not a winback database (it belongs to another "
                               "program); nothing was changed: use another file (--db PATH)",
                               st->path));
        return STORE_ERR;
    }
    if (*version > KNOWN_VERSION) {
        err_set(err, xasprintf("%s was written by a newer winback (schema %d); this version "
                               "knows up to %d: upgrade winback", st->path, *version,
                               KNOWN_VERSION));
        return STORE_ERR;
    }
    return STORE_OK;
}

/* Files above this size skip the check at open: it reads the whole file
 * (over a second for 100,000 sessions), and the start-up must not.  A
 * damaged page in a large file is still reported when it is read. */
#define QUICK_CHECK_MAX_BYTES (64L * 1024 * 1024)

/* Runs a quick integrity check on a file of up to QUICK_CHECK_MAX_BYTES;
 * refuses a damaged file. */
static int check_integrity(store *st, char **err)
{
    struct stat sb;
    if (stat(st->path, &sb) == 0 && sb.st_size > QUICK_CHECK_MAX_BYTES)
        return STORE_OK;
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &s, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    bool ok = src == SQLITE_ROW && str_eq((const char *)sqlite3_column_text(s, 0), "ok");
    char *what = src == SQLITE_ROW ? col_str(s, 0) : NULL;
    sqlite3_finalize(s);
    if (ok) {
        free(what);
        return STORE_OK;
    }
    if (src != SQLITE_ROW) {
        unreadable(st, src, err);
    } else {
        err_set(err, xasprintf("%s is damaged (%s); nothing was changed: restore it from a "
                               "backup or move it aside", st->path, what ? what : "?"));
    }
    free(what);
    return STORE_ERR;
}

/* Brings the schema from user_version to KNOWN_VERSION in one transaction
 * (re-reading the version under the write lock). */
static int migrate(store *st, char **err)
{
    int version = 0, src;
    /* Up to date: no write lock, so readers never wait behind a writer. */
    if (query_int(st, "PRAGMA user_version", &version, &src) && version == KNOWN_VERSION)
        return STORE_OK;
    int rc = exec(st, "BEGIN IMMEDIATE", "start the schema update", err);
    if (rc == STORE_OK && !query_int(st, "PRAGMA user_version", &version, &src))
        rc = sql_fail(st, src, "read the schema version", err);
    for (int v = version; rc == STORE_OK && v < KNOWN_VERSION; v++)
        rc = exec(st, migrations[v], "update the schema", err);
    if (rc == STORE_OK && version < KNOWN_VERSION) {
        char *sql = xasprintf("PRAGMA application_id = %d; PRAGMA user_version = %d",
                              STORE_APPLICATION_ID, KNOWN_VERSION);
        rc = exec(st, sql, "set the schema version", err);
        free(sql);
    }
    if (rc == STORE_OK)
        rc = exec(st, "COMMIT", "commit the schema update", err);
    if (rc != STORE_OK)
        really_rollback(st);
    return rc;
}

/* Per-connection settings of a writable store, then the migration. */
static int setup_rw(store *st, char **err)
{
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &s, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    bool wal = src == SQLITE_ROW && str_ieq((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    if (!wal)
        return sql_fail(st, src == SQLITE_ROW ? SQLITE_ERROR : src, "switch to WAL mode", err);
    int rc = exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON",
                  "configure the connection", err);
    return rc == STORE_OK ? migrate(st, err) : rc;
}

/* Opens the SQLite connection (read-only through a mode=ro URI). */
static int connect(store *st, char **err)
{
    int src;
    if (st->ro) {
        char *uri = store_uri_ro(st->path);
        src = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
        free(uri);
    } else {
        src = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE, NULL);
    }
    if (src != SQLITE_OK) {
        err_set(err, xasprintf("%s: cannot open the database: %s", st->path,
                               st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src)));
        return map_rc(src) == STORE_OK ? STORE_ERR : map_rc(src);
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    return STORE_OK;
}

/* Checks the file exists (or may be created) and creates it. */
static bool prepare_file(const char *path, int flags, char **err)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (!S_ISREG(sb.st_mode)) {
            err_set(err, xasprintf("%s is not a regular file: use another file (--db PATH)",
                                   path));
            return false;
        }
        return header_ok(path, err);
    }
    if (flags & (STORE_READ_ONLY | STORE_NO_CREATE)) {
        err_set(err, xasprintf("%s: no such database (%s)", path, strerror(errno)));
        return false;
    }
    return precreate(path, err);
}

store *store_open(const char *path, int flags, char **err)
{
    if (!path || !*path) {
        err_set(err, xstrdup("no database path given"));
        return NULL;
    }
    if (!prepare_file(path, flags, err))
        return NULL;
    store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    st->ro = (flags & STORE_READ_ONLY) != 0;
    int version = 0;
    int rc = connect(st, err);
    if (rc == STORE_OK)
        rc = check_identity(st, &version, err);
    if (rc == STORE_OK && st->ro && version == 0) {
        err_set(err, xasprintf("%s holds no winback data yet: nothing to read", path));
        rc = STORE_ERR;
    } else if (rc == STORE_OK && st->ro && version < KNOWN_VERSION) {
        err_set(err, xasprintf("%s was written by an older winback (schema %d): open it once "
                               "without read-only access to update it", path, version));
        rc = STORE_ERR;
    }
    if (rc == STORE_OK)
        rc = check_integrity(st, err);
    if (rc == STORE_OK && !st->ro)
        rc = setup_rw(st, err);
    if (rc != STORE_OK) {
        store_close(st);
        return NULL;
    }
    return st;
}

void store_close(store *st)
{
    if (!st)
        return;
    if (st->depth > 0)
        really_rollback(st);
    sqlite3_close_v2(st->db);
    free(st->path);
    free(st);
}

const char *store_path(const store *st)
{
    return st ? st->path : NULL;
}

bool store_read_only(const store *st)
{
    return st && st->ro;
}

int store_limit_pages(store *st, long max_pages)
{
    char *sql = xasprintf("PRAGMA max_page_count = %ld", max_pages);
    int rc = exec(st, sql, "limit the database size", NULL);
    free(sql);
    return rc;
}

/* ---- small helpers ------------------------------------------------------------ */

/* Fills buf with a random version-4 UUID from /dev/urandom. */
static bool make_uuid(char buf[37])
{
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0 && read(fd, b, sizeof b) == (ssize_t)sizeof b;
    if (fd >= 0)
        close(fd);
    if (!ok)
        return false;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
             b[12], b[13], b[14], b[15]);
    return true;
}

/* Marks session id as just updated; STORE_NOTFOUND when it does not exist. */
static int touch(store *st, int64_t id, char **err)
{
    char now[20];
    now_timestamp(now);
    int changed = 0;
    int rc = store_run(st, err, &changed,
                 "UPDATE sessions SET updated = ?, touch_seq = "
                 "(SELECT coalesce(max(touch_seq), 0) + 1 FROM sessions) WHERE id = ?",
                 "si", now, id);
    if (rc == STORE_OK && changed == 0)
        rc = not_found(st, id, err);
    return rc;
}

/* Adds a row to the history of changes of session id. */
static int add_change(store *st, int64_t id, const char *kind, const char *target,
                      const char *old_value, const char *new_value, const char *reason,
                      const char *who, char **err)
{
    char now[20];
    now_timestamp(now);
    return store_run(st, err, NULL,
               "INSERT INTO changes (session_id, kind, target, old_value, new_value, reason, "
               "who, at, uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, lower(hex(randomblob(16))))",
               "isssssss", id, kind, target, old_value, new_value, reason, who, now);
}

/* Runs sql (an UPDATE of one session taking nstr text parameters a, b and
 * then the id) in its own write, and touches the session. */
static int session_update(store *st, int64_t id, char **err, const char *sql, int nstr,
                          const char *a, const char *b)
{
    static const char *const types[] = { "i", "si", "ssi" };
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    rc = touch(st, id, err);
    if (rc == STORE_OK && nstr == 0)
        rc = store_run(st, err, NULL, sql, types[0], id);
    else if (rc == STORE_OK && nstr == 1)
        rc = store_run(st, err, NULL, sql, types[1], a, id);
    else if (rc == STORE_OK)
        rc = store_run(st, err, NULL, sql, types[2], a, b, id);
    return wend(st, rc, err);
}

/* ---- sessions ------------------------------------------------------------------ */

void session_info_free(session_info *s)
{
    if (!s)
        return;
    free(s->uuid);
    free(s->form_id);
    free(s->form_version);
    free(s->account);
    free(s->salesperson);
    free(s->created);
    free(s->updated);
    free(s->position);
    free(s->outcome_date);
    free(s->outcome_note);
    memset(s, 0, sizeof *s);
}

void session_list_free(session_info *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        session_info_free(&list[i]);
    free(list);
}

int store_session_new(store *st, const char *form_id, const char *form_version,
                      const char *salesperson, bool training, int64_t *id, char **err)
{
    char uuid[37], now[20];
    if (!make_uuid(uuid)) {
        err_set(err, xasprintf("%s: cannot read /dev/urandom for a session id", st->path));
        return STORE_ERR;
    }
    now_timestamp(now);
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    rc = store_run(st, err, NULL,
             "INSERT INTO sessions (uuid, form_id, form_version, salesperson, created, "
             "updated, training, touch_seq) VALUES (?, ?, ?, ?, ?, ?, ?, "
             "(SELECT coalesce(max(touch_seq), 0) + 1 FROM sessions))",
             "ssssssb", uuid, form_id ? form_id : "", form_version ? form_version : "",
             salesperson, now, now, (int)training);
    if (rc == STORE_OK && id)
        *id = sqlite3_last_insert_rowid(st->db);
    return wend(st, rc, err);
}

#define SESSION_COLS                                                                      \
    "SELECT s.id, s.uuid, s.form_id, s.form_version, s.account, s.salesperson, "          \
    "s.created, s.updated, s.status, s.position, s.training, d.type_final, "              \
    "d.priority_final, s.outcome, s.outcome_date, s.outcome_note "                        \
    "FROM sessions s LEFT JOIN diagnosis d ON d.session_id = s.id "

/* Fills out from a row of SESSION_COLS. */
static void session_row(sqlite3_stmt *s, session_info *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(s, 0);
    out->uuid = col_str(s, 1);
    out->form_id = col_str(s, 2);
    out->form_version = col_str(s, 3);
    out->account = col_str(s, 4);
    out->salesperson = col_str(s, 5);
    out->created = col_str(s, 6);
    out->updated = col_str(s, 7);
    out->status = str_eq((const char *)sqlite3_column_text(s, 8), "finished")
                      ? SESSION_FINISHED : SESSION_OPEN;
    out->position = col_str(s, 9);
    out->training = sqlite3_column_int(s, 10) != 0;
    out->type_final = vocab_value_find(DIM_TYPE, (const char *)sqlite3_column_text(s, 11));
    out->priority_final = priority_find((const char *)sqlite3_column_text(s, 12));
    int o = outcome_find((const char *)sqlite3_column_text(s, 13));
    out->outcome = o < 0 ? OUTCOME_NONE : o;
    out->outcome_date = col_str(s, 14);
    out->outcome_note = col_str(s, 15);
}

int store_session_get(store *st, int64_t id, session_info *out, char **err)
{
    int rc;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = store_prep(st, err, &rc, SESSION_COLS "WHERE s.id = ?", "i", id);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        session_row(s, out);
    else if (src == SQLITE_DONE)
        rc = not_found(st, id, err);
    else
        rc = sql_fail(st, src, "read a session", err);
    sqlite3_finalize(s);
    return rc;
}

int store_session_list(store *st, session_info **out, size_t *n, char **err)
{
    int rc;
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = store_prep(st, err, &rc, SESSION_COLS "ORDER BY s.touch_seq DESC, s.id DESC",
                           NULL);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        session_row(s, &(*out)[(*n)++]);
    }
    if (src != SQLITE_DONE) {
        rc = sql_fail(st, src, "list sessions", err);
        session_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    sqlite3_finalize(s);
    return rc;
}

int store_session_last_open(store *st, int64_t *id, char **err)
{
    int rc;
    *id = 0;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT id FROM sessions WHERE status = 'open' AND training = 0 "
                           "ORDER BY touch_seq DESC, id DESC LIMIT 1", NULL);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *id = sqlite3_column_int64(s, 0);
    else if (src != SQLITE_DONE)
        rc = sql_fail(st, src, "find the last open session", err);
    sqlite3_finalize(s);
    return rc;
}

int store_session_set_form(store *st, int64_t id, const char *form_id,
                           const char *form_version, char **err)
{
    return session_update(st, id, err,
                          "UPDATE sessions SET form_id = ?, form_version = ? WHERE id = ?",
                          2, form_id ? form_id : "", form_version ? form_version : "");
}

int store_session_set_position(store *st, int64_t id, const char *qid, char **err)
{
    return session_update(st, id, err, "UPDATE sessions SET position = ? WHERE id = ?",
                          1, qid, NULL);
}

int store_session_set_account(store *st, int64_t id, const char *account, char **err)
{
    return session_update(st, id, err, "UPDATE sessions SET account = ? WHERE id = ?",
                          1, account, NULL);
}

int store_session_finish(store *st, int64_t id, char **err)
{
    return session_update(st, id, err,
                          "UPDATE sessions SET status = 'finished' WHERE id = ?", 0,
                          NULL, NULL);
}

int store_session_delete(store *st, int64_t id, char **err)
{
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    int changed = 0;
    rc = store_run(st, err, &changed, "DELETE FROM sessions WHERE id = ?", "i", id);
    if (rc == STORE_OK && changed == 0)
        rc = not_found(st, id, err);
    return wend(st, rc, err);
}

/* ---- answers ---------------------------------------------------------------------- */

/* The stored answer of qid: *found, and a copy of its shown value
 * (DONTKNOW_MARK for "don't know"; caller frees). */
static int answer_old(store *st, int64_t id, const char *qid, bool *found, char **old,
                      char **err)
{
    int rc;
    *found = false;
    *old = NULL;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT value, dontknow FROM answers WHERE session_id = ? AND qid = ?",
                           "is", id, qid);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        *found = true;
        *old = sqlite3_column_int(s, 1) ? xstrdup(DONTKNOW_MARK) : col_str(s, 0);
    } else if (src != SQLITE_DONE) {
        rc = sql_fail(st, src, "read an answer", err);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Writes (or deletes, when shown is NULL) the answer, inside a write. */
static int answer_write(store *st, int64_t id, const char *qid, const char *value,
                        bool dontknow, bool free_text, const char *who, char **err)
{
    if (!value && !dontknow)
        return store_run(st, err, NULL, "DELETE FROM answers WHERE session_id = ? AND qid = ?",
                   "is", id, qid);
    char now[20];
    now_timestamp(now);
    return store_run(st, err, NULL,
               "INSERT INTO answers (session_id, qid, value, dontknow, updated_at, updated_by, "
               "free_text) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, qid) DO "
               "UPDATE SET value = excluded.value, dontknow = excluded.dontknow, "
               "updated_at = excluded.updated_at, updated_by = excluded.updated_by, "
               "free_text = excluded.free_text",
               "issbssb", id, qid, dontknow ? "" : value, (int)dontknow, now, who,
               (int)(free_text && !dontknow));
}

/* Saves one answer (see store_answer_put) inside a write; free_text puts
 * it in the full-text index. */
static int answer_put(store *st, int64_t id, const char *qid, const char *value,
                      bool dontknow, bool free_text, const char *who, char **err)
{
    if (!qid || !*qid) {
        err_set(err, xstrdup("an answer needs a question id"));
        return STORE_ERR;
    }
    const char *shown = dontknow ? DONTKNOW_MARK : value;
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    bool found = false;
    char *old = NULL;
    rc = answer_old(st, id, qid, &found, &old, err);
    bool same = rc == STORE_OK && (found ? str_eq(old, shown) : shown == NULL);
    if (rc == STORE_OK && !same) {
        rc = touch(st, id, err);
        if (rc == STORE_OK)
            rc = answer_write(st, id, qid, value, dontknow, free_text, who, err);
        if (rc == STORE_OK && found)
            rc = add_change(st, id, "answer", qid, old, shown, NULL, who, err);
    }
    free(old);
    return wend(st, rc, err);
}

int store_answer_put(store *st, int64_t id, const char *qid, const char *value,
                     bool dontknow, const char *who, char **err)
{
    return answer_put(st, id, qid, value, dontknow, false, who, err);
}

int store_answer_save(store *st, int64_t id, const question *q, const answer *a,
                      const char *who, char **err)
{
    bool known = a && !a->dontknow;
    bool free_text = q->type == Q_TEXT || q->type == Q_NARRATIVE;
    int rc = wbegin(st, err);
    if (rc == STORE_OK)
        rc = answer_put(st, id, q->id, a ? a->value : NULL, a && a->dontknow, free_text,
                        who, err);
    if (rc == STORE_OK && str_eq(q->role, "customer"))
        rc = store_run(st, err, NULL, "UPDATE sessions SET account = ? WHERE id = ?", "si",
                       known ? a->value : NULL, id);
    if (rc == STORE_OK && str_eq(q->role, "loss_date"))
        rc = store_run(st, err, NULL, "UPDATE sessions SET loss_date = ? WHERE id = ?", "si",
                       known ? a->value : NULL, id);
    return wend(st, rc, err);
}

int store_answers_load(store *st, int64_t id, answer_set *out, char **err)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc, "SELECT count(*) FROM sessions WHERE id = ?", "i", id);
    if (!s)
        return rc;
    bool exists = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    sqlite3_finalize(s);
    if (!exists)
        return not_found(st, id, err);
    s = store_prep(st, err, &rc,
             "SELECT qid, value, dontknow FROM answers WHERE session_id = ? ORDER BY rowid",
             "i", id);
    if (!s)
        return rc;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW)
        answers_put(out, (const char *)sqlite3_column_text(s, 0),
                    (const char *)sqlite3_column_text(s, 1), sqlite3_column_int(s, 2) != 0);
    if (src != SQLITE_DONE)
        rc = sql_fail(st, src, "read answers", err);
    sqlite3_finalize(s);
    return rc;
}

/* ---- diagnosis -------------------------------------------------------------------- */

/* Name of column col of dimension dim ("type_final"); static buffer. */
static const char *dim_col(int dim, const char *col)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "%s_%s", dim == DIM_COUNT ? "priority" : vocab_dim_id(dim), col);
    return buf;
}

/* Binds the columns of one dimension starting at parameter *i. */
static int bind_dim(sqlite3_stmt *s, int *i, int dim, const dim_result *r)
{
    const char *c = diag_value_id(dim, r->computed), *f = diag_value_id(dim, r->final);
    const char *ru = diag_value_id(dim, r->runner_up);
    int src = SQLITE_OK;
    src |= c ? sqlite3_bind_text(s, (*i)++, c, -1, SQLITE_STATIC) : sqlite3_bind_null(s, (*i)++);
    src |= f ? sqlite3_bind_text(s, (*i)++, f, -1, SQLITE_STATIC) : sqlite3_bind_null(s, (*i)++);
    src |= sqlite3_bind_double(s, (*i)++, r->confidence);
    src |= sqlite3_bind_int(s, (*i)++, r->close ? 1 : 0);
    src |= ru ? sqlite3_bind_text(s, (*i)++, ru, -1, SQLITE_STATIC)
              : sqlite3_bind_null(s, (*i)++);
    src |= r->override_reason
               ? sqlite3_bind_text(s, (*i)++, r->override_reason, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(s, (*i)++);
    return src;
}

/* Builds the diagnosis UPSERT (with DIM_COUNT * 6 + 12 parameters). */
static char *diag_sql(void)
{
    strbuf cols, vals;
    sb_init(&cols);
    sb_init(&vals);
    sb_add(&cols, "session_id, form_id, form_version, classifier_version");
    sb_add(&vals, "?, ?, ?, ?");
    static const char *const dcols[] = { "computed", "final", "confidence", "close",
                                         "runner_up", "override_reason" };
    for (int d = 0; d < DIM_COUNT; d++)
        for (size_t k = 0; k < ARRAY_LEN(dcols); k++) {
            sb_addf(&cols, ", %s", dim_col(d, dcols[k]));
            sb_add(&vals, ", ?");
        }
    sb_add(&cols, ", priority_computed, priority_final, priority_override_reason, "
                  "low_evidence, mismatch, computed_at");
    sb_add(&vals, ", ?, ?, ?, ?, ?, ?");
    char *sql = xasprintf("INSERT OR REPLACE INTO diagnosis (%s) VALUES (%s)", sb_str(&cols),
                          sb_str(&vals));
    sb_free(&cols);
    sb_free(&vals);
    return sql;
}

/* Binds d to the statement made from diag_sql. */
static int bind_diag(sqlite3_stmt *s, int64_t id, const diagnosis *d)
{
    char now[20];
    now_timestamp(now);
    int i = 1, src = SQLITE_OK;
    src |= sqlite3_bind_int64(s, i++, id);
    src |= sqlite3_bind_text(s, i++, d->form_id ? d->form_id : "", -1, SQLITE_TRANSIENT);
    src |= sqlite3_bind_text(s, i++, d->form_version ? d->form_version : "", -1,
                             SQLITE_TRANSIENT);
    src |= sqlite3_bind_text(s, i++, CLASSIFIER_VERSION, -1, SQLITE_STATIC);
    for (int dim = 0; dim < DIM_COUNT; dim++)
        src |= bind_dim(s, &i, dim, &d->dim[dim]);
    const char *pc = diag_value_id(DIM_COUNT, d->priority), *pf = diag_value_id(DIM_COUNT, d->priority_final);
    src |= pc ? sqlite3_bind_text(s, i++, pc, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i++);
    src |= pf ? sqlite3_bind_text(s, i++, pf, -1, SQLITE_STATIC) : sqlite3_bind_null(s, i++);
    src |= d->priority_override_reason
               ? sqlite3_bind_text(s, i++, d->priority_override_reason, -1, SQLITE_TRANSIENT)
               : sqlite3_bind_null(s, i++);
    src |= sqlite3_bind_int(s, i++, d->low_evidence ? 1 : 0);
    src |= sqlite3_bind_int(s, i++, d->mismatch ? 1 : 0);
    src |= sqlite3_bind_text(s, i++, now, -1, SQLITE_TRANSIENT);
    return src;
}

int store_diagnosis_save(store *st, int64_t id, const diagnosis *d, char **err)
{
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    rc = touch(st, id, err);
    char *sql = diag_sql();
    sqlite3_stmt *s = NULL;
    int src = SQLITE_OK;
    if (rc == STORE_OK)
        src = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == STORE_OK && src == SQLITE_OK)
        src = bind_diag(s, id, d) == SQLITE_OK ? sqlite3_step(s) : SQLITE_ERROR;
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = sql_fail(st, src, "save the diagnosis", err);
    sqlite3_finalize(s);
    free(sql);
    return wend(st, rc, err);
}

/* Reads the columns of one dimension starting at column *i. */
static void read_dim(sqlite3_stmt *s, int *i, int dim, dim_result *r)
{
    r->computed = diag_value_find(dim, (const char *)sqlite3_column_text(s, (*i)++));
    r->final = diag_value_find(dim, (const char *)sqlite3_column_text(s, (*i)++));
    r->confidence = sqlite3_column_double(s, (*i)++);
    r->close = sqlite3_column_int(s, (*i)++) != 0;
    r->runner_up = diag_value_find(dim, (const char *)sqlite3_column_text(s, (*i)++));
    free(r->override_reason);
    r->override_reason = col_str(s, (*i)++);
}

/* Fills d from a diagnosis row selected with diag_select's columns. */
static void diag_row(sqlite3_stmt *s, diagnosis *d)
{
    int i = 0;
    d->form_id = col_str(s, i++);
    d->form_version = col_str(s, i++);
    i++; /* classifier_version */
    for (int dim = 0; dim < DIM_COUNT; dim++)
        read_dim(s, &i, dim, &d->dim[dim]);
    d->priority = diag_value_find(DIM_COUNT, (const char *)sqlite3_column_text(s, i++));
    d->priority_final = diag_value_find(DIM_COUNT, (const char *)sqlite3_column_text(s, i++));
    d->priority_override_reason = col_str(s, i++);
    d->low_evidence = sqlite3_column_int(s, i++) != 0;
    d->mismatch = sqlite3_column_int(s, i++) != 0;
}

/* The SELECT matching diag_row.  Caller frees. */
static char *diag_select(void)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "SELECT form_id, form_version, classifier_version");
    static const char *const dcols[] = { "computed", "final", "confidence", "close",
                                         "runner_up", "override_reason" };
    for (int d = 0; d < DIM_COUNT; d++)
        for (size_t k = 0; k < ARRAY_LEN(dcols); k++)
            sb_addf(&sb, ", %s", dim_col(d, dcols[k]));
    sb_add(&sb, ", priority_computed, priority_final, priority_override_reason, "
                "low_evidence, mismatch FROM diagnosis WHERE session_id = ?");
    return sb_take(&sb);
}

int store_diagnosis_load(store *st, int64_t id, diagnosis *d, char **err)
{
    int rc;
    char *sql = diag_select();
    sqlite3_stmt *s = store_prep(st, err, &rc, sql, "i", id);
    free(sql);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        diagnosis_free(d);
        diag_row(s, d);
    } else if (src == SQLITE_DONE) {
        err_set(err, xasprintf("%s: session %lld has no diagnosis yet", st->path,
                               (long long)id));
        rc = STORE_NOTFOUND;
    } else {
        rc = sql_fail(st, src, "read the diagnosis", err);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Reads the computed and final value of dim for session id (as ids). */
static int override_old(store *st, int64_t id, int dim, char **computed, char **final,
                        char **err)
{
    int rc;
    char *sql = xasprintf("SELECT %s, ", dim_col(dim, "computed"));
    char *full = xasprintf("%s%s FROM diagnosis WHERE session_id = ?", sql,
                           dim_col(dim, "final"));
    sqlite3_stmt *s = store_prep(st, err, &rc, full, "i", id);
    free(sql);
    free(full);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        *computed = col_str(s, 0);
        *final = col_str(s, 1);
    } else if (src == SQLITE_DONE) {
        err_set(err, xasprintf("%s: session %lld has no diagnosis to override", st->path,
                               (long long)id));
        rc = STORE_NOTFOUND;
    } else {
        rc = sql_fail(st, src, "read the diagnosis", err);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Sets final and override reason of dim; records the change. */
static int override_write(store *st, int64_t id, int dim, const char *value,
                          const char *reason, const char *who, char **err)
{
    char *computed = NULL, *old = NULL;
    int rc = override_old(st, id, dim, &computed, &old, err);
    const char *why = str_eq(value, computed) ? NULL : (reason ? reason : "");
    char *sql = xasprintf("UPDATE diagnosis SET %s = ?, ", dim_col(dim, "final"));
    char *full = xasprintf("%s%s = ? WHERE session_id = ?", sql,
                           dim_col(dim, "override_reason"));
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL, full, "ssi", value, why, id);
    if (rc == STORE_OK && !str_eq(old, value))
        rc = add_change(st, id, "override", dim == DIM_COUNT ? "priority" : vocab_dim_id(dim),
                        old, value, reason, who, err);
    if (rc == STORE_OK)
        rc = touch(st, id, err);
    free(sql);
    free(full);
    free(computed);
    free(old);
    return rc;
}

int store_override(store *st, int64_t id, int dim, int value, const char *reason,
                   const char *who, char **err)
{
    const char *v = (dim >= 0 && dim <= DIM_COUNT) ? diag_value_id(dim, value) : NULL;
    if (!v) {
        err_set(err, xasprintf("%s: cannot override: value %d is out of range", st->path,
                               value));
        return STORE_ERR;
    }
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    rc = override_write(st, id, dim, v, reason, who, err);
    return wend(st, rc, err);
}

/* ---- plan ---------------------------------------------------------------------------- */

/* Replaces the activities and items of session id by those of p. */
static int plan_write_lists(store *st, int64_t id, const plan *p, char **err)
{
    int rc = store_run(st, err, NULL, "DELETE FROM plan_activities WHERE session_id = ?", "i", id);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL, "DELETE FROM plan_items WHERE session_id = ?", "i", id);
    for (size_t i = 0; rc == STORE_OK && i < p->nacts; i++)
        rc = store_run(st, err, NULL,
                 "INSERT OR REPLACE INTO plan_activities (session_id, activity, rationale, pos) "
                 "VALUES (?, ?, ?, ?)", "issd", id, p->acts[i].id ? p->acts[i].id : "",
                 p->acts[i].rationale, (int)i);
    for (size_t i = 0; rc == STORE_OK && i < p->nitems; i++) {
        const plan_item *it = &p->items[i];
        const char *j = it->justice >= 0 && it->justice < JUSTICE_COUNT ? justice_id(it->justice)
                                                                        : "";
        const char *status = item_status_id(it->status);
        rc = store_run(st, err, NULL,
                 "INSERT OR REPLACE INTO plan_items (session_id, item_id, activity, justice, "
                 "text, status, owner, due, pos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 "isssssssd", id, it->id ? it->id : "", it->activity ? it->activity : "", j,
                 it->text ? it->text : "", status ? status : "todo", it->owner, it->due, (int)i);
    }
    return rc;
}

/* Records how p differs from the stored plan (kind "plan"): each text
 * field that changed, each activity added or removed.  Nothing for a first
 * plan.  The caller of store_plan_save is not known: who is NULL. */
static int plan_record(store *st, int64_t id, const plan *p, char **err)
{
    plan old;
    plan_init(&old);
    int rc = store_plan_load(st, id, &old, NULL);
    if (rc == STORE_NOTFOUND) {
        plan_free(&old);
        return STORE_OK;
    }
    if (rc != STORE_OK)
        err_set(err, xasprintf("%s: cannot read the previous plan", st->path));
    const char *names[] = { "relationship", "fact", "needs", "commitment" };
    const char *was[] = { old.relationship, old.fact, old.needs, old.commitment };
    const char *now[] = { p->relationship, p->fact, p->needs, p->commitment };
    for (size_t i = 0; rc == STORE_OK && i < ARRAY_LEN(names); i++)
        if (!str_eq(was[i], now[i]))
            rc = add_change(st, id, "plan", names[i], was[i], now[i], NULL, NULL, err);
    for (size_t i = 0; rc == STORE_OK && i < p->nacts; i++)
        if (!plan_has_activity(&old, p->acts[i].id))
            rc = add_change(st, id, "plan", "activity", NULL, p->acts[i].id, NULL, NULL, err);
    for (size_t i = 0; rc == STORE_OK && i < old.nacts; i++)
        if (!plan_has_activity(p, old.acts[i].id))
            rc = add_change(st, id, "plan", "activity", old.acts[i].id, NULL, NULL, NULL, err);
    plan_free(&old);
    return rc;
}

int store_plan_save(store *st, int64_t id, const plan *p, char **err)
{
    char now[20];
    now_timestamp(now);
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    rc = touch(st, id, err);
    if (rc == STORE_OK)
        rc = plan_record(st, id, p, err);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL,
                 "INSERT INTO plan (session_id, relationship, fact, needs, commitment, "
                 "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET "
                 "relationship = excluded.relationship, fact = excluded.fact, "
                 "needs = excluded.needs, commitment = excluded.commitment, "
                 "updated_at = excluded.updated_at",
                 "isssss", id, p->relationship, p->fact, p->needs, p->commitment, now);
    if (rc == STORE_OK)
        rc = plan_write_lists(st, id, p, err);
    return wend(st, rc, err);
}

/* Loads the activities of session id into p. */
static int plan_load_acts(store *st, int64_t id, plan *p, char **err)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT activity, rationale FROM plan_activities WHERE session_id = ? "
                           "ORDER BY pos", "i", id);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)&p->acts, &cap, p->nacts + 1, sizeof *p->acts);
        plan_activity *a = &p->acts[p->nacts++];
        a->id = col_str(s, 0);
        a->rationale = col_str(s, 1);
    }
    if (src != SQLITE_DONE)
        rc = sql_fail(st, src, "read the plan", err);
    sqlite3_finalize(s);
    return rc;
}

/* Fills it from a plan_items row (item_id, activity, justice, text,
 * status, owner, due). */
static void item_row(sqlite3_stmt *s, plan_item *it)
{
    it->id = col_str(s, 0);
    it->activity = col_str(s, 1);
    it->justice = justice_find((const char *)sqlite3_column_text(s, 2));
    it->text = col_str(s, 3);
    int status = item_status_find((const char *)sqlite3_column_text(s, 4));
    it->status = status < 0 ? ITEM_TODO : status;
    it->owner = col_str(s, 5);
    it->due = col_str(s, 6);
}

/* Loads the checklist items of session id into p. */
static int plan_load_items(store *st, int64_t id, plan *p, char **err)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT item_id, activity, justice, text, status, owner, due "
                           "FROM plan_items WHERE session_id = ? ORDER BY pos", "i", id);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)&p->items, &cap, p->nitems + 1, sizeof *p->items);
        item_row(s, &p->items[p->nitems++]);
    }
    if (src != SQLITE_DONE)
        rc = sql_fail(st, src, "read the checklist", err);
    sqlite3_finalize(s);
    return rc;
}

int store_plan_load(store *st, int64_t id, plan *p, char **err)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT relationship, fact, needs, commitment FROM plan "
                           "WHERE session_id = ?", "i", id);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        plan_free(p);
        p->relationship = col_str(s, 0);
        p->fact = col_str(s, 1);
        p->needs = col_str(s, 2);
        p->commitment = col_str(s, 3);
    } else if (src == SQLITE_DONE) {
        err_set(err, xasprintf("%s: session %lld has no plan yet", st->path, (long long)id));
        rc = STORE_NOTFOUND;
    } else {
        rc = sql_fail(st, src, "read the plan", err);
    }
    sqlite3_finalize(s);
    if (rc == STORE_OK)
        rc = plan_load_acts(st, id, p, err);
    if (rc == STORE_OK)
        rc = plan_load_items(st, id, p, err);
    return rc;
}

/* Reads status, owner and due of one item (copies; caller frees). */
static int item_old(store *st, int64_t id, const char *item_id, char *old[3], char **err)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT status, owner, due FROM plan_items WHERE session_id = ? "
                           "AND item_id = ?", "is", id, item_id);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        for (int i = 0; i < 3; i++)
            old[i] = col_str(s, i);
    } else if (src == SQLITE_DONE) {
        err_set(err, xasprintf("%s: session %lld has no checklist item '%s'", st->path,
                               (long long)id, item_id));
        rc = STORE_NOTFOUND;
    } else {
        rc = sql_fail(st, src, "read a checklist item", err);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Updates one item and records a change per edited field. */
static int item_write(store *st, int64_t id, const plan_item *item, const char *who,
                      char **err)
{
    static const char *const fields[3] = { "status", "owner", "due" };
    const char *status = item_status_id(item->status);
    const char *now[3] = { status ? status : "todo", item->owner, item->due };
    char *old[3] = { NULL, NULL, NULL };
    int rc = item_old(st, id, item->id, old, err);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL,
                 "UPDATE plan_items SET status = ?, owner = ?, due = ? WHERE session_id = ? "
                 "AND item_id = ?", "sssis", now[0], now[1], now[2], id, item->id);
    for (int i = 0; rc == STORE_OK && i < 3; i++) {
        if (str_eq(old[i], now[i]))
            continue;
        char *target = xasprintf("%s:%s", item->id, fields[i]);
        rc = add_change(st, id, "item", target, old[i], now[i], NULL, who, err);
        free(target);
    }
    for (int i = 0; i < 3; i++)
        free(old[i]);
    return rc;
}

int store_plan_item_update(store *st, int64_t id, const plan_item *item, const char *who,
                           char **err)
{
    if (!item || !item->id) {
        err_set(err, xasprintf("%s: a checklist item without an id", st->path));
        return STORE_ERR;
    }
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    rc = touch(st, id, err);
    if (rc == STORE_OK)
        rc = item_write(st, id, item, who, err);
    return wend(st, rc, err);
}

/* ---- outcome -------------------------------------------------------------------------- */

/* Reads the current outcome of session id (copies; caller frees). */
static int outcome_old(store *st, int64_t id, char *old[3], char **err)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT outcome, outcome_date, outcome_note FROM sessions "
                           "WHERE id = ?", "i", id);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        for (int i = 0; i < 3; i++)
            old[i] = col_str(s, i);
    else if (src == SQLITE_DONE)
        rc = not_found(st, id, err);
    else
        rc = sql_fail(st, src, "read the outcome", err);
    sqlite3_finalize(s);
    return rc;
}

/* Writes the outcome and records it when anything differs. */
static int outcome_write(store *st, int64_t id, const char *o, const char *date,
                         const char *note, const char *who, char **err)
{
    char *old[3] = { NULL, NULL, NULL };
    int rc = outcome_old(st, id, old, err);
    bool same = rc == STORE_OK && str_eq(old[0], o) && str_eq(old[1], date)
                && str_eq(old[2], note);
    if (rc == STORE_OK && !same)
        rc = touch(st, id, err);
    if (rc == STORE_OK && !same)
        rc = store_run(st, err, NULL,
                 "UPDATE sessions SET outcome = ?, outcome_date = ?, outcome_note = ? "
                 "WHERE id = ?", "sssi", o, date, note, id);
    if (rc == STORE_OK && !same) {
        char *newv = date ? xasprintf("%s %s", o, date) : xstrdup(o);
        char *oldv = old[1] ? xasprintf("%s %s", old[0], old[1]) : xstrdup(old[0]);
        rc = add_change(st, id, "outcome", "outcome", oldv, newv, note, who, err);
        free(newv);
        free(oldv);
    }
    for (int i = 0; i < 3; i++)
        free(old[i]);
    return rc;
}

int store_outcome_set(store *st, int64_t id, int outcome, const char *date,
                      const char *note, const char *who, char **err)
{
    const char *o = outcome >= 0 && outcome < OUTCOME_COUNT ? outcome_id(outcome) : NULL;
    if (!o || (date && !date_valid(date))) {
        err_set(err, xasprintf("%s: cannot record the outcome: %s", st->path,
                               o ? "the date must be a real date written YYYY-MM-DD"
                                 : "unknown outcome"));
        return STORE_ERR;
    }
    int rc = wbegin(st, err);
    if (rc != STORE_OK)
        return rc;
    rc = outcome_write(st, id, o, date, note, who, err);
    return wend(st, rc, err);
}

/* ---- history ------------------------------------------------------------------------- */

void change_list_free(change *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free(list[i].kind);
        free(list[i].target);
        free(list[i].old_value);
        free(list[i].new_value);
        free(list[i].reason);
        free(list[i].who);
        free(list[i].at);
    }
    free(list);
}

int store_changes(store *st, int64_t id, change **out, size_t *n, char **err)
{
    int rc;
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                           "SELECT id, kind, target, old_value, new_value, reason, who, at "
                           "FROM changes WHERE session_id = ? ORDER BY at, id", "i", id);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        change *c = &(*out)[(*n)++];
        c->id = sqlite3_column_int64(s, 0);
        c->kind = col_str(s, 1);
        c->target = col_str(s, 2);
        c->old_value = col_str(s, 3);
        c->new_value = col_str(s, 4);
        c->reason = col_str(s, 5);
        c->who = col_str(s, 6);
        c->at = col_str(s, 7);
    }
    if (src != SQLITE_DONE) {
        rc = sql_fail(st, src, "read the history", err);
        change_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    sqlite3_finalize(s);
    return rc;
}

/* ---- plumbing for the other storage modules (store_sql.h) ------------------- */

sqlite3 *store_db(store *st)
{
    return st->db;
}

sqlite3_stmt *store_prep(store *st, char **err, int *rc, const char *sql,
                         const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int src;
    sqlite3_stmt *s = vprep(st, sql, types, ap, &src);
    va_end(ap);
    *rc = s ? STORE_OK : sql_fail(st, src, "prepare a query", err);
    return s;
}

int store_run(store *st, char **err, int *changed, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int src;
    sqlite3_stmt *s = vprep(st, sql, types, ap, &src);
    va_end(ap);
    if (s) {
        src = sqlite3_step(s);
        sqlite3_finalize(s);
    }
    if (src != SQLITE_DONE && src != SQLITE_OK && src != SQLITE_ROW)
        return sql_fail(st, src, "save", err);
    if (changed)
        *changed = sqlite3_changes(st->db);
    return STORE_OK;
}

int store_fail(store *st, int src, const char *what, char **err)
{
    return sql_fail(st, src, what, err);
}

int store_not_found(store *st, int64_t id, char **err)
{
    return not_found(st, id, err);
}

int store_write_begin(store *st, char **err)
{
    return wbegin(st, err);
}

int store_write_end(store *st, int rc, char **err)
{
    return wend(st, rc, err);
}

int store_touch(store *st, int64_t id, char **err)
{
    return touch(st, id, err);
}

int store_add_change(store *st, int64_t id, const char *kind, const char *target,
                     const char *old_value, const char *new_value, const char *reason,
                     const char *who, char **err)
{
    return add_change(st, id, kind, target, old_value, new_value, reason, who, err);
}

char *store_col_str(sqlite3_stmt *s, int i)
{
    return col_str(s, i);
}

bool store_make_uuid(char buf[37])
{
    return make_uuid(buf);
}
