/* fuzz.c — scratch files, the harnesses' database and the oracles (see fuzz.h). */
#include "audit.h"
#include "db.h"
#include "fuzz.h"
#include "people.h"
#include "pnr.h"
#include "util.h"
#include "validate.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *g_dir;      /* scratch directory; removed at exit */
static char *g_input;    /* the last input file */
static Db *g_db;

static const char SETUP_SQL[] =
    "INSERT INTO project (id, code, name, start_date, end_date) "
    "  VALUES (1, 'p', 'Prov', '2012-01-01', '2014-12-31');"
    "INSERT INTO organisation (id, project_id, code, name, kind) VALUES "
    "  (1, 1, 'kba', 'Kungsbacka kommun', 'municipality'),"
    "  (2, 1, 'vbg', 'Varbergs kommun', 'municipality');"
    "INSERT INTO intervention (id, project_id, code, title) VALUES (1, 1, 'i1', 'Utbildning');"
    "INSERT INTO activity (id, project_id, code, intervention_id, title, kind, status) VALUES "
    "  (1, 1, 'a1', 1, 'Bemötande', 'training', 'held');"
    "INSERT INTO session (id, activity_id, code, session_date, hours_c) VALUES "
    "  (1, 1, 's1', '2012-03-05', 350), (2, 1, 's2', '2012-03-06', 300);";

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* The files of the scratch directory, by name. */
static char *fuzz_path(const char *name)
{
    return xasprintf("%s/%s", g_dir, name);
}

static void fuzz_unlink(const char *name)
{
    char *p = fuzz_path(name);
    unlink(p);
    free(p);
}

static void fuzz_drop_db(void)
{
    if (g_db)
        db_close(g_db);
    g_db = NULL;
    const char *files[] = {"f.db", "f.db-wal", "f.db-shm", "f.db.key"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        fuzz_unlink(files[i]);
}

static void fuzz_cleanup(void)
{
    fuzz_drop_db();
    if (g_input)
        unlink(g_input);
    free(g_input);
    if (g_dir)
        rmdir(g_dir);
    free(g_dir);
}

static void fuzz_init(void)
{
    if (g_dir)
        return;
    setenv("INSATS_TODAY", FUZZ_TODAY, 1);
    const char *tmp = getenv("TMPDIR");
    g_dir = xasprintf("%s/insats-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir))
        fuzz_fail("mkdtemp %s: %s", g_dir, strerror(errno));
    atexit(fuzz_cleanup);
}

const char *fuzz_input_file(const char *name, const uint8_t *data, size_t size)
{
    fuzz_init();
    if (g_input)
        unlink(g_input);
    free(g_input);
    g_input = fuzz_path(name);
    FILE *f = fopen(g_input, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        fuzz_fail("cannot write %s", g_input);
    return g_input;
}

Db *fuzz_db(void)
{
    fuzz_init();
    if (g_db)
        return g_db;
    char *path = fuzz_path("f.db");
    Errs errs;
    errs_init(&errs);
    if (db_open(path, NULL, DB_OPEN_CREATE, &g_db, &errs) != INSATS_OK) {
        errs_print(&errs, stderr);
        fuzz_fail("cannot create the database");
    }
    free(path);
    /* The database refuses writes that nobody answers for (audit.h). */
    Actor a = {.role = ROLE_MANAGER};
    snprintf(a.login, sizeof a.login, "fuzz");
    snprintf(a.name, sizeof a.name, "fuzz harness");
    audit_set_actor(g_db, &a, "cli");
    char *err = NULL;
    if (sqlite3_exec(g_db->h, SETUP_SQL, NULL, NULL, &err) != SQLITE_OK)
        fuzz_fail("setup: %s", err);
    PersonRec p1 = {.code = "p1", .name = "Anna Berg", .gender = "female",
                    .organisation_id = 1, .pnr12 = "199001012385"};
    if (people_upsert(g_db, 1, &p1, NULL, "setup", &errs) != INSATS_OK) {
        errs_print(&errs, stderr);
        fuzz_fail("setup of p1 failed");
    }
    errs_free(&errs);
    return g_db;
}

void fuzz_db_reset(void)
{
    fuzz_drop_db();
    fuzz_db();
}

int64_t fuzz_count(Db *db, const char *table)
{
    char *sql = xasprintf("SELECT count(*) FROM %s", table);
    sqlite3_stmt *st = db_prepare(db, sql);
    free(sql);
    if (sqlite3_step(st) != SQLITE_ROW)
        fuzz_fail("cannot count %s", table);
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

void fuzz_check_status(int rc, const Errs *errs)
{
    if (rc != INSATS_OK && rc != INSATS_EINPUT)
        fuzz_fail("status %d is neither success nor bad input", rc);
    if (rc == INSATS_OK && errs_total(errs) != 0)
        fuzz_fail("success with %zu messages, the first: %s", errs_total(errs), errs->msgs[0]);
    if (rc == INSATS_EINPUT && errs_total(errs) == 0)
        fuzz_fail("refused without a message");
}

/* Byte length of a character people put between the parts of a personnummer: hyphen, plus,
 * space, no-break space, en dash, em dash, minus sign; 0 for anything else. */
static size_t fuzz_separator(const char *s)
{
    if (*s == '-' || *s == '+' || *s == ' ')
        return 1;
    if (strncmp(s, "\xC2\xA0", 2) == 0)
        return 2;
    if (strncmp(s, "\xE2\x80\x93", 3) == 0 || strncmp(s, "\xE2\x80\x94", 3) == 0 ||
        strncmp(s, "\xE2\x88\x92", 3) == 0)
        return 3;
    return 0;
}

static bool fuzz_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True when a personnummer that pnr_parse accepts starts at s, written in one of the ways
 * people write one: 12 or 10 digits in a row, YYYYMMDD or YYMMDD and four digits after a
 * separator, or YYYY-MM-DD and a separator and four digits — the last part perhaps with a
 * fifth digit typed by mistake. This is what the masking of messages must catch. */
static bool fuzz_personnummer_at(const char *s)
{
    static const int shapes[][4] = {{12}, {10}, {8, 4}, {6, 4}, {4, 2, 2, 4}};
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        char digits[13];
        size_t nd = 0;
        const char *p = s;
        bool fits = true;
        size_t groups = 0;
        while (groups < 4 && shapes[k][groups])
            groups++;
        for (size_t g = 0; g < groups && fits; g++) {
            if (g > 0) {
                size_t sep = fuzz_separator(p);
                /* The parts of YYYY-MM-DD are joined by hyphens only. */
                if (!sep || (groups == 4 && g < 3 && *p != '-'))
                    fits = false;
                p += sep;
            }
            for (int i = 0; i < shapes[k][g] && fits; i++, p++) {
                if (!fuzz_is_digit(*p))
                    fits = false;
                else
                    digits[nd++] = *p;
            }
        }
        if (!fits)
            continue;
        if (fuzz_is_digit(*p) && !fuzz_is_digit(p[1]))
            p++;   /* a fifth final digit */
        if (fuzz_is_digit(*p))
            continue;
        digits[nd] = '\0';
        char out[13];
        if (pnr_parse(digits, FUZZ_TODAY, out, NULL) == 0)
            return true;
    }
    return false;
}

/* Whether the quoted source fragment at q (to the message's end, since the fragment may
 * hold a quote itself) holds a digit of the source. errs_add writes control characters as escapes ("\\x11", "\\n"): their hex digits
 * are the message's, not the source's. */
static bool fuzz_quotes_digit(const char *q)
{
    for (; *q; q++) {
        if (*q == '\\' && q[1] == 'x' && isxdigit((unsigned char)q[2]) &&
            isxdigit((unsigned char)q[3]))
            q += 3;
        else if (*q == '\\' && q[1])
            q++;
        else if (fuzz_is_digit(*q))
            return true;
    }
    return false;
}

void fuzz_check_messages(const Errs *errs)
{
    for (size_t m = 0; m < errs->count; m++) {
        const char *msg = errs->msgs[m];
        /* jansson quotes the source where a syntax error stopped; digits there may be the
         * end of a personnummer written without quotes. */
        const char *near = strstr(msg, "JSON syntax error");
        near = near ? strstr(near, " near '") : NULL;
        if (near && fuzz_quotes_digit(near + strlen(" near '")))
            fuzz_fail("a syntax error quotes digits of the source: %s", msg);
        for (size_t i = 0; msg[i]; i++)
            if (fuzz_is_digit(msg[i]) && (i == 0 || !fuzz_is_digit(msg[i - 1])) &&
                fuzz_personnummer_at(msg + i))
                fuzz_fail("message %zu holds a personnummer in full: %s", m, msg);
    }
}

void fuzz_check_people(Db *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT code, name, unit, role, email FROM person");
    while (sqlite3_step(st) == SQLITE_ROW) {
        PersonRec p = {
            .name = db_col_text(st, 1), .unit = db_col_text(st, 2),
            .role = db_col_text(st, 3), .email = db_col_text(st, 4),
        };
        Buf why = {0};
        if (!validate_code(db_col_text(st, 0), &why))
            fuzz_fail("stored a person whose id breaks the rules: %s", why.data);
        buf_free(&why);
        if (!p.name || !*p.name)
            fuzz_fail("stored a person without a name");
        if (validate_person(&p, NULL, NULL) != 0)
            fuzz_fail("stored a person whose fields break the rules of validate.c");
    }
    sqlite3_finalize(st);
}
