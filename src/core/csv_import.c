/* csv_import.c — people and attendance lists from CSV files (see csv_import.h and
 * docs/csv-import.md).
 *
 * csvread streams the file one record at a time; this file maps the header to the columns it
 * knows (Swedish or English names), checks every cell, resolves references and writes inside
 * one transaction. Once any error is found the rest of the file is still checked, so the user
 * gets every message in one run, but nothing more is written: the transaction is rolled back.
 *
 * Attendance files can hold a million rows, so everything on that path is a hash lookup or a
 * cached prepared statement: people and activities are loaded once into Idmaps, sessions are
 * cached as they are met (and the previous row's session is reused without hashing at all),
 * and duplicates within the file are found with a compact open-addressing table of packed
 * (session, person) pairs — about 12 bytes a slot, 24 MB for a million distinct pairs.
 *
 * Personnummer are parsed, hashed with the project key and encrypted; they never appear in a
 * message, not even partly.
 *
 * An import is made on an actor's behalf (csv_import.h): a coordinator's rows may name only the
 * people of their own organisation, checked on every row where the row says whom it is about,
 * so that a file with one row of another organisation is refused whole. */
#include "audit.h"
#include "certificate.h"
#include "db.h"
#include "csv_import.h"
#include "csvread.h"
#include "activity.h"
#include "model.h"
#include "people.h"
#include "pnr.h"
#include "record.h"
#include "secret.h"
#include "util.h"
#include "validate.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How often the progress callback hears from a long import, in data rows. */
#define CSV_IMPORT_PROGRESS_EVERY 50000
/* Bytes of the longest string id the schema accepts (64 characters of up to four bytes). */
#define CSV_IMPORT_CODE_MAX (4 * VALIDATE_CODE_MAX)
/* The SQLite page cache during an import, in KiB. The attendance index grows in person order
 * while rows arrive in session order; a larger cache keeps those random inserts from spilling
 * pages to the WAL over and over, and is still well inside the memory budget. */
#define CSV_IMPORT_CACHE_KIB 32768

/* ---- header names -------------------------------------------------------------------- */

static const char *const COL_PERSON_ID[] = {"id", "deltagar-id", "person", NULL};
static const char *const COL_NAME[] = {"namn", "name", NULL};
static const char *const COL_FIRST[] = {"förnamn", "first name", NULL};
static const char *const COL_LAST[] = {"efternamn", "last name", NULL};
static const char *const COL_GENDER[] = {"kön", "gender", NULL};
static const char *const COL_ORG[] = {"organisation", "kommun", "arbetsgivare", "organization",
                                      NULL};
static const char *const COL_UNIT[] = {"enhet", "förvaltning", "avdelning", "unit", NULL};
static const char *const COL_ROLE[] = {"roll", "befattning", "yrke", "role", "title", NULL};
static const char *const COL_EMAIL[] = {"e-post", "epost", "mejl", "email", "e-mail", NULL};
static const char *const COL_PNR[] = {"personnummer", "personnr", "pnr",
                                      "personal identity number", NULL};

static const char *const COL_ACTIVITY[] = {"aktivitet", "activity", "utbildning-id", NULL};
static const char *const COL_SESSION[] = {"tillfälle", "session", NULL};
static const char *const COL_DATE[] = {"datum", "date", NULL};
static const char *const COL_ATT_PERSON[] = {"deltagare", "person", "id", NULL};
static const char *const COL_PRESENT[] = {"närvaro", "närvarande", "present", "attended", NULL};
static const char *const COL_HOURS[] = {"timmar", "hours", NULL};

/* One column of the file: its index in each record (-1: absent) and its header cell as the
 * user wrote it, for messages. */
typedef struct CsvImportCol {
    int idx;
    const char *label;
} CsvImportCol;

/* ---- import state -------------------------------------------------------------------- */

typedef struct CsvImport {
    Db *db;
    const Actor *actor;
    int64_t scope_org;         /* a coordinator's organisation: every row must be of it; else 0 */
    int64_t project_id;
    CsvImportKind kind;
    const char *name;          /* the file as the user named it */
    ProgressFn progress;
    void *progress_ctx;
    CsvImportStats stats;
    Errs *errs;
    size_t errs_before;        /* errs_total() when the import began */
    int storage_rc;            /* INSATS_ESTORAGE once the database failed; stops reading */
    char today[11];
    const Secret *secret;      /* loaded only when the file has a personnummer column */
    char **labels;             /* copies of the header cells (owned) */
    size_t nlabels;
    size_t width;              /* header cells up to the last non-empty one: a row needs them */

    /* people */
    CsvImportCol c_id, c_name, c_first, c_last, c_gender, c_org, c_unit, c_role, c_email, c_pnr;
    Idmap org_by_code;         /* organisation code → id */
    Idmap org_by_name;         /* folded organisation name → id, or -1 when several share it */
    Idmap seen_code;           /* person code → line, for duplicate rows */
    Idmap seen_pnr;            /* hex personnummer hash → line */
    Idmap seen_person;         /* decimal person row id → line */
    int64_t next_generated;    /* next candidate n for a generated id "p-n" */

    /* attendance */
    CsvImportCol c_activity, c_session, c_date, c_person, c_present, c_hours;
    Idmap person_by_code;      /* person code → id, loaded once */
    Idmap activity_by_code;    /* activity code → id, loaded once */
    Idmap session_cache;       /* "activity id\tcode" or "activity id\t\tdate" → session id,
                                * 0 none, -n several */
    char *last_activity, *last_key;  /* the previous row's activity and session/date cells */
    bool last_by_date;
    int64_t last_session;
    PairSet pairs;             /* (session, person) seen: tag = line | present << 31 */
    size_t pairs_unique;       /* distinct (session, person) pairs in the file */
    Buf scratch;               /* session cache keys, reused */
    Idmap touched;             /* decimal activity id → 1: activities whose attendance the
                                * file holds, for their certificates */
    int64_t *activities;       /* the same ids, in the order met */
    size_t nactivities, capactivities;
} CsvImport;

/* ---- small helpers ------------------------------------------------------------------- */

/* Lower-case form of byte i of s: ASCII, and Latin-1 capitals in UTF-8 (C3 80–9E except the
 * multiplication sign), whose small letter is 0x20 further; the length never changes. */
static unsigned char csv_import_fold_byte(const unsigned char *s, size_t i)
{
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 0x20);
    if (c >= 0x80 && c <= 0x9E && c != 0x97 && i > 0 && s[i - 1] == 0xC3)
        return (unsigned char)(c + 0x20);
    return c;
}

/* Returns a malloc'd case-folded copy of s with surrounding spaces removed (caller frees);
 * organisation names are matched through it. */
static char *csv_import_fold(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *out = xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = (char)csv_import_fold_byte((const unsigned char *)s, i);
    out[n] = '\0';
    return out;
}

/* The cell of column c in rec, "" when the column is absent or the row is short. Never NULL,
 * so callers test emptiness with *cell. */
static const char *csv_import_cell(const CsvRecord *rec, CsvImportCol c)
{
    if (c.idx < 0 || (size_t)c.idx >= rec->nfields)
        return "";
    return rec->fields[c.idx];
}

/* Finds the column named by any of names in the header, remembering its label. A second
 * column with one of the names is refused on the header line: which of the two counts would
 * be an accident of column order (an empty `personnummer` would hide a filled `pnr`), so the
 * user chooses. `what` names the value in that message ("the organisation"). */
static CsvImportCol csv_import_col(CsvImport *im, const CsvRecord *header,
                                   const char *const *names, const char *what)
{
    CsvImportCol c = {.idx = csvread_header_index(header, names), .label = NULL};
    if (c.idx < 0)
        return c;
    c.label = im->labels[c.idx];
    /* The cells after the first match, as a header of their own. */
    CsvRecord rest = *header;
    rest.fields = header->fields + c.idx + 1;
    rest.nfields = header->nfields - (size_t)c.idx - 1;
    int again = csvread_header_index(&rest, names);
    if (again >= 0)
        errs_add(im->errs, "%s:%zu: %s and %s both give %s; keep one", im->name, header->line,
                 c.label, im->labels[(size_t)c.idx + 1 + (size_t)again], what);
    return c;
}

/* Copies the header cells (trimmed) so messages can name columns as the user wrote them,
 * and notes how many cells a row needs. */
static void csv_import_keep_labels(CsvImport *im, const CsvRecord *header)
{
    im->nlabels = header->nfields;
    im->width = 0;
    im->labels = xcalloc(header->nfields ? header->nfields : 1, sizeof *im->labels);
    for (size_t i = 0; i < header->nfields; i++) {
        const char *s = header->fields[i];
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strlen(s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        im->labels[i] = xstrndup(s, n);
        if (n)
            im->width = i + 1;
    }
}

/* "a, b, c" of a NULL-terminated name list, appended to b. */
static void csv_import_list(Buf *b, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        buf_printf(b, "%s%s", i ? ", " : "", names[i]);
}

/* Reports a required column that the header lacks. `alts` lists one or two name lists, and
 * `extra` (may be NULL) a joined alternative such as "förnamn + efternamn". */
static void csv_import_missing(CsvImport *im, size_t line, const char *what,
                               const char *const *a, const char *const *b, const char *extra)
{
    Buf list = {0};
    csv_import_list(&list, a);
    if (b) {
        buf_puts(&list, ", ");
        csv_import_list(&list, b);
    }
    if (extra)
        buf_printf(&list, ", %s", extra);
    errs_add(im->errs, "%s:%zu: no column for %s (expected one of: %s)", im->name, line, what,
             list.data);
    buf_free(&list);
}

static bool csv_import_failed(const CsvImport *im)
{
    return errs_total(im->errs) > im->errs_before;
}

/* Marks a storage failure: the message goes to errs and reading stops. */
static int csv_import_storage(CsvImport *im, const char *what)
{
    im->storage_rc = db_fail(im->db, im->errs, what);
    return im->storage_rc;
}

/* Parses a personnummer cell into 12 digits. On failure reports the problem under the column
 * label (pnr_parse's explanations never quote the number) and returns false. */
static bool csv_import_pnr(CsvImport *im, size_t line, CsvImportCol c, const char *cell,
                           char out[13])
{
    const char *why = NULL;
    if (pnr_parse(cell, im->today, out, &why) == 0)
        return true;
    errs_add(im->errs, "%s:%zu: %s: %s", im->name, line, c.label, why ? why : "not a personnummer");
    return false;
}

/* Loads the personnummer key once; false (message in errs) when it cannot be read. */
static bool csv_import_need_secret(CsvImport *im)
{
    if (!im->secret)
        im->secret = db_secret(im->db, im->errs);
    return im->secret != NULL;
}

/* Hex form of a personnummer hash, the key of the duplicate map. */
static void csv_import_hex(const unsigned char *h, char out[2 * SECRET_HASH_BYTES + 1])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SECRET_HASH_BYTES; i++) {
        out[2 * i] = digits[h[i] >> 4];
        out[2 * i + 1] = digits[h[i] & 15];
    }
    out[2 * SECRET_HASH_BYTES] = '\0';
}

/* Finds the person of a project by personnummer hash. Returns 1 found (id and code stored;
 * code may be NULL), 0 not found, -1 storage error. */
static int csv_import_person_by_hash(CsvImport *im, const unsigned char *hash, int64_t *id,
                                     char code[CSV_IMPORT_CODE_MAX + 1])
{
    static const char sql[] = "SELECT id, code FROM person WHERE project_id = ?1 AND pnr_hash = ?2";
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, im->project_id);
    sqlite3_bind_blob(st, 2, hash, SECRET_HASH_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        if (code)
            snprintf(code, CSV_IMPORT_CODE_MAX + 1, "%s", db_col_text(st, 1));
        sqlite3_reset(st);
        return 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        csv_import_storage(im, "cannot read people");
        return -1;
    }
    return 0;
}

/* Whether the person row `id` is outside a coordinator's organisation (false when the import
 * is not limited to one). Sets storage_rc on a read error (and answers true, so that nothing
 * is written). */
static bool csv_import_outside(CsvImport *im, int64_t id)
{
    if (!im->scope_org || !id)
        return false;
    static const char sql[] = "SELECT organisation_id FROM person WHERE id = ?1";
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int64_t org = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        csv_import_storage(im, "cannot read people");
    return org != im->scope_org;
}

/* Calls the progress callback every CSV_IMPORT_PROGRESS_EVERY rows. */
static void csv_import_tick(CsvImport *im, const char *stage)
{
    if (im->progress && im->stats.rows % CSV_IMPORT_PROGRESS_EVERY == 0)
        im->progress(im->progress_ctx, stage, im->stats.rows, 0);
}

/* Checks the number of cells of a row against the header; false (after one message) when
 * the row is too short to read. A row with text beyond the header's width has a separator
 * too many; a row without a cell for every named column has lost one, or is half of a line
 * broken in two. Either way its cells are shifted into the wrong columns, and the cells a
 * short row lacks would clear stored values. Trailing empty cells, which spreadsheet programs
 * like to add, are fine, as are missing cells under empty header cells at the end. A short
 * row is not checked further: column by column its messages would only mislead. */
static bool csv_import_check_width(CsvImport *im, const CsvRecord *rec)
{
    if (rec->nfields < im->width) {
        errs_add(im->errs, "%s:%zu: %zu field%s, but the header has %zu (a separator missing, "
                 "or a line broken in two?)", im->name, rec->line, rec->nfields,
                 rec->nfields == 1 ? "" : "s", im->width);
        return false;
    }
    for (size_t i = im->nlabels; i < rec->nfields; i++) {
        if (rec->fields[i][0]) {
            errs_add(im->errs, "%s:%zu: %zu fields, but the header has %zu (a separator too "
                     "many, or a cell that needs quotes?)", im->name, rec->line, rec->nfields,
                     im->nlabels);
            break;
        }
    }
    return true;
}

/* ---- people -------------------------------------------------------------------------- */

/* Loads the project's organisations into the code and folded-name maps. */
static int csv_import_load_orgs(CsvImport *im)
{
    static const char sql[] = "SELECT id, code, name FROM organisation WHERE project_id = ?1";
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, im->project_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        idmap_put(&im->org_by_code, db_col_text(st, 1), id);
        char *key = csv_import_fold(db_col_text(st, 2));
        int64_t old;
        /* Two organisations with the same name cannot be told apart by name. */
        idmap_put(&im->org_by_name, key, idmap_get(&im->org_by_name, key, &old) ? -1 : id);
        free(key);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return csv_import_storage(im, "cannot read organisations");
    return INSATS_OK;
}

/* Starts the next generated id after the largest "p-<n>" in the project, so that generated
 * ids keep counting up across imports instead of probing from 1 every time. */
static int csv_import_init_generated(CsvImport *im)
{
    static const char sql[] =
        "SELECT max(CAST(substr(code, 3) AS INTEGER)) FROM person "
        "WHERE project_id = ?1 AND code GLOB 'p-[0-9]*'";
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, im->project_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return csv_import_storage(im, "cannot read people");
    }
    int64_t max = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    im->next_generated = max > 0 && max < INT64_MAX / 2 ? max + 1 : 1;
    return INSATS_OK;
}

/* Finds a person of the project by code. Returns 1 found, 0 not, -1 storage error. */
static int csv_import_person_by_code(CsvImport *im, const char *code, int64_t *id)
{
    static const char sql[] = "SELECT id FROM person WHERE project_id = ?1 AND code = ?2";
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, im->project_id);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE) {
        csv_import_storage(im, "cannot read people");
        return -1;
    }
    return 0;
}

/* Chooses a fresh id "p-<n>" not used in the project nor in this file; written to out. */
static int csv_import_generate_code(CsvImport *im, char out[CSV_IMPORT_CODE_MAX + 1])
{
    for (;;) {
        snprintf(out, CSV_IMPORT_CODE_MAX + 1, "p-%" PRId64, im->next_generated++);
        int64_t id;
        int found = csv_import_person_by_code(im, out, &id);
        if (found < 0)
            return INSATS_ESTORAGE;
        if (!found && !idmap_get(&im->seen_code, out, NULL))
            return INSATS_OK;
    }
}

/* Resolves the organisation cell: by organisation id first, then by name ignoring case.
 * Returns the id, or 0 after reporting the problem. */
static int64_t csv_import_org(CsvImport *im, size_t line, const char *cell)
{
    int64_t id = 0;
    if (!*cell) {
        errs_add(im->errs, "%s:%zu: %s: missing (every person belongs to an organisation)",
                 im->name, line, im->c_org.label);
        return 0;
    }
    if (idmap_get(&im->org_by_code, cell, &id))
        return id;
    char *key = csv_import_fold(cell);
    bool found = idmap_get(&im->org_by_name, key, &id);
    free(key);
    if (found && id > 0)
        return id;
    if (found)
        errs_add(im->errs, "%s:%zu: %s: several organisations are named \"%s\"; use the "
                 "organisation id", im->name, line, im->c_org.label, cell);
    else
        errs_add(im->errs, "%s:%zu: %s: no organisation with the id or name \"%s\"", im->name,
                 line, im->c_org.label, cell);
    return 0;
}

/* Checks that the people header has every required column. */
static int csv_import_people_header(CsvImport *im, const CsvRecord *h)
{
    im->c_id = csv_import_col(im, h, COL_PERSON_ID, "the person's id");
    im->c_name = csv_import_col(im, h, COL_NAME, "the name");
    im->c_first = csv_import_col(im, h, COL_FIRST, "the first name");
    im->c_last = csv_import_col(im, h, COL_LAST, "the last name");
    im->c_gender = csv_import_col(im, h, COL_GENDER, "the gender");
    im->c_org = csv_import_col(im, h, COL_ORG, "the organisation");
    im->c_unit = csv_import_col(im, h, COL_UNIT, "the unit");
    im->c_role = csv_import_col(im, h, COL_ROLE, "the role");
    im->c_email = csv_import_col(im, h, COL_EMAIL, "the e-mail address");
    im->c_pnr = csv_import_col(im, h, COL_PNR, "the personnummer");
    /* A name column beside first or last names is ambiguous too: joining would double the
     * name, and taking either would silently drop the other. */
    if (im->c_name.idx >= 0 && (im->c_first.idx >= 0 || im->c_last.idx >= 0)) {
        bool both = im->c_first.idx >= 0 && im->c_last.idx >= 0;
        errs_add(im->errs, "%s:%zu: %s and %s%s%s both give the name; keep one", im->name,
                 h->line, im->c_name.label,
                 im->c_first.idx >= 0 ? im->c_first.label : im->c_last.label,
                 both ? " + " : "", both ? im->c_last.label : "");
    }
    if (im->c_id.idx < 0 && im->c_pnr.idx < 0)
        csv_import_missing(im, h->line, "the person's id or personnummer", COL_PERSON_ID,
                           COL_PNR, NULL);
    if (im->c_name.idx < 0 && (im->c_first.idx < 0 || im->c_last.idx < 0))
        csv_import_missing(im, h->line, "the name", COL_NAME, NULL, "förnamn + efternamn");
    if (im->c_org.idx < 0)
        csv_import_missing(im, h->line, "the organisation", COL_ORG, NULL, NULL);
    if (csv_import_failed(im))
        return INSATS_EINPUT;
    if (im->c_pnr.idx >= 0 && !csv_import_need_secret(im))
        return INSATS_ESTORAGE;
    int rc = csv_import_load_orgs(im);
    if (rc == INSATS_OK)
        rc = csv_import_init_generated(im);
    return rc;
}

/* The parts of one people row after checking. Strings point into the record or into name. */
typedef struct CsvImportPerson {
    char code[CSV_IMPORT_CODE_MAX + 1];
    int64_t id;                /* existing person row, 0 for a new one */
    Buf name;
    const char *gender;        /* NULL: keep the stored one (no gender column) */
    int64_t org_id;
    bool has_pnr;
    unsigned char hash[SECRET_HASH_BYTES];
    char digits[13];
} CsvImportPerson;

/* Writes one checked person through people_upsert. Optional columns the file does not have
 * keep their stored value (people_upsert writes every field, so those are read first); an
 * empty cell clears the field. */
static int csv_import_person_write(CsvImport *im, const CsvRecord *rec, CsvImportPerson *p)
{
    static const char sql_stored[] =
        "SELECT gender, unit, role, email FROM person WHERE id = ?1";
    const char *unit = csv_import_cell(rec, im->c_unit);
    const char *role = csv_import_cell(rec, im->c_role);
    const char *email = csv_import_cell(rec, im->c_email);
    PersonRec r = {
        .code = p->code, .name = p->name.data, .gender = p->gender ? p->gender : "unknown",
        .unit = *unit ? unit : NULL, .role = *role ? role : NULL,
        .email = *email ? email : NULL, .organisation_id = p->org_id,
        .pnr12 = p->has_pnr ? p->digits : NULL,
    };
    char *kept[4] = {NULL, NULL, NULL, NULL};
    int rc = INSATS_OK;
    if (p->id && (!p->gender || im->c_unit.idx < 0 || im->c_role.idx < 0 ||
                  im->c_email.idx < 0)) {
        sqlite3_stmt *st = db_stmt(im->db, sql_stored);
        sqlite3_bind_int64(st, 1, p->id);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            return csv_import_storage(im, "cannot read a person");
        }
        for (int i = 0; i < 4; i++)
            kept[i] = xstrdup(db_col_text(st, i));
        sqlite3_reset(st);
        if (!p->gender)
            r.gender = kept[0];
        if (im->c_unit.idx < 0)
            r.unit = kept[1];
        if (im->c_role.idx < 0)
            r.role = kept[2];
        if (im->c_email.idx < 0)
            r.email = kept[3];
    }
    char *where = xasprintf("%s:%zu", im->name, rec->line);
    rc = people_upsert(im->db, im->project_id, &r, NULL, where, im->errs);
    if (rc == INSATS_ESTORAGE)
        im->storage_rc = rc;
    else if (rc == INSATS_OK && p->id)
        im->stats.updated++;
    else if (rc == INSATS_OK)
        im->stats.inserted++;
    for (int i = 0; i < 4; i++)
        free(kept[i]);
    free(where);
    /* An input error from the model is already in errs; reading goes on. */
    return rc == INSATS_ESTORAGE ? rc : INSATS_OK;
}

/* Where a people row's field problems are reported: the import and the row's line. */
typedef struct CsvImportRow {
    CsvImport *im;
    size_t line;
} CsvImportRow;

/* validate_person's report: "<file>:<line>: <column>: <why>", the column as the header
 * names it (a joined name by both of its columns). */
static void csv_import_field_problem(void *ctx, const char *field, const char *why)
{
    CsvImportRow *at = ctx;
    CsvImport *im = at->im;
    CsvImportCol c = strcmp(field, "unit") == 0    ? im->c_unit
                     : strcmp(field, "role") == 0  ? im->c_role
                     : strcmp(field, "email") == 0 ? im->c_email
                                                   : im->c_name;
    if (strcmp(field, "name") == 0 && c.idx < 0)
        errs_add(im->errs, "%s:%zu: %s + %s: %s", im->name, at->line, im->c_first.label,
                 im->c_last.label, why);
    else
        errs_add(im->errs, "%s:%zu: %s: %s", im->name, at->line, c.label, why);
}

/* Checks one people row, resolves whom it is about and writes it (unless an error has been
 * found earlier in the file). Problems go to errs; returns nonzero only to stop reading. */
static int csv_import_people_row(CsvImport *im, const CsvRecord *rec)
{
    const size_t line = rec->line;
    size_t before = errs_total(im->errs);
    CsvImportPerson p = {.id = 0};
    int rc = INSATS_OK;
    const char *code = csv_import_cell(rec, im->c_id);
    const char *pnr_cell = csv_import_cell(rec, im->c_pnr);

    /* Name: one column, or first and last name joined. */
    if (im->c_name.idx >= 0) {
        buf_puts(&p.name, csv_import_cell(rec, im->c_name));
    } else {
        const char *first = csv_import_cell(rec, im->c_first);
        const char *last = csv_import_cell(rec, im->c_last);
        buf_printf(&p.name, "%s%s%s", first, *first && *last ? " " : "", last);
    }
    if (!p.name.len)
        errs_add(im->errs, "%s:%zu: %s: missing (every person needs a name)", im->name, line,
                 im->c_name.idx >= 0 ? im->c_name.label : im->c_first.label);

    if (im->c_gender.idx >= 0) {
        Buf why = {0};
        p.gender = validate_gender(csv_import_cell(rec, im->c_gender), &why);
        if (!p.gender)
            errs_add(im->errs, "%s:%zu: %s: %s", im->name, line, im->c_gender.label, why.data);
        buf_free(&why);
    }
    p.org_id = csv_import_org(im, line, csv_import_cell(rec, im->c_org));
    if (p.org_id && im->scope_org && !record_may_write(im->actor, "person", p.org_id))
        errs_add(im->errs, "%s:%zu: %s: \"%s\" is another organisation than yours: a "
                 "coordinator imports the people of their own organisation only", im->name,
                 line, im->c_org.label, csv_import_cell(rec, im->c_org));

    /* The same rules as the bundle's for the text of a person. */
    PersonRec fields = {
        .name = p.name.data, .unit = csv_import_cell(rec, im->c_unit),
        .role = csv_import_cell(rec, im->c_role), .email = csv_import_cell(rec, im->c_email),
    };
    CsvImportRow at = {im, line};
    validate_person(&fields, csv_import_field_problem, &at);

    /* Who the row is about: by personnummer, by id, or both (which must then agree). */
    if (!*code && !*pnr_cell) {
        CsvImportCol c = im->c_id.idx >= 0 ? im->c_id : im->c_pnr;
        errs_add(im->errs, "%s:%zu: %s: missing (a person needs an id or a personnummer)",
                 im->name, line, c.label);
    }
    Buf why = {0};
    if (*code && !validate_code(code, &why)) {
        errs_add(im->errs, "%s:%zu: %s: %s", im->name, line, im->c_id.label, why.data);
        code = "";
    }
    buf_free(&why);
    int64_t line_seen = 0;
    if (*code && idmap_get(&im->seen_code, code, &line_seen)) {
        errs_add(im->errs, "%s:%zu: %s: \"%s\" is also on line %" PRId64, im->name, line,
                 im->c_id.label, code, line_seen);
        code = "";
    }
    int64_t by_pnr = 0;
    char pnr_code[CSV_IMPORT_CODE_MAX + 1] = "";
    if (*pnr_cell && csv_import_pnr(im, line, im->c_pnr, pnr_cell, p.digits)) {
        char hex[2 * SECRET_HASH_BYTES + 1];
        secret_hash(im->secret, p.digits, p.hash);
        csv_import_hex(p.hash, hex);
        if (idmap_get(&im->seen_pnr, hex, &line_seen)) {
            errs_add(im->errs, "%s:%zu: %s: the same personnummer is also on line %" PRId64,
                     im->name, line, im->c_pnr.label, line_seen);
        } else {
            idmap_put(&im->seen_pnr, hex, (int64_t)line);
            p.has_pnr = true;
            if (csv_import_person_by_hash(im, p.hash, &by_pnr, pnr_code) < 0) {
                rc = im->storage_rc;
                goto cleanup;
            }
        }
    }
    int64_t by_code = 0;
    if (*code) {
        idmap_put(&im->seen_code, code, (int64_t)line);
        if (csv_import_person_by_code(im, code, &by_code) < 0) {
            rc = im->storage_rc;
            goto cleanup;
        }
    }
    if (by_pnr && *code && by_pnr != by_code) {
        errs_add(im->errs, "%s:%zu: %s: the personnummer belongs to the person with id \"%s\", "
                 "not to \"%s\"", im->name, line, im->c_pnr.label, pnr_code, code);
    }
    p.id = by_pnr ? by_pnr : by_code;
    /* An update may not move another organisation's person into the coordinator's. */
    if (csv_import_outside(im, p.id)) {
        if (im->storage_rc) {
            rc = im->storage_rc;
            goto cleanup;
        }
        errs_add(im->errs, "%s:%zu: %s: a person of another organisation has this %s: a "
                 "coordinator changes the people of their own organisation only", im->name,
                 line, (by_pnr ? im->c_pnr : im->c_id).label, by_pnr ? "personnummer" : "id");
        p.id = 0;
    }
    if (p.id) {
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, p.id);
        if (idmap_get(&im->seen_person, key, &line_seen))
            errs_add(im->errs, "%s:%zu: %s: the same person as on line %" PRId64, im->name,
                     line, (*code ? im->c_id : im->c_pnr).label, line_seen);
        else
            idmap_put(&im->seen_person, key, (int64_t)line);
    }

    if (errs_total(im->errs) > before || csv_import_failed(im))
        goto cleanup;  /* nothing is written once the file has an error */
    if (*code) {
        snprintf(p.code, sizeof p.code, "%s", code);
    } else if (p.id) {
        snprintf(p.code, sizeof p.code, "%s", pnr_code);
    } else {
        if ((rc = csv_import_generate_code(im, p.code)) != INSATS_OK)
            goto cleanup;
        idmap_put(&im->seen_code, p.code, (int64_t)line);
    }
    rc = csv_import_person_write(im, rec, &p);

cleanup:
    /* The digits of a personnummer do not outlive the row. */
    sodium_memzero(p.digits, sizeof p.digits);
    buf_free(&p.name);
    return rc;
}

/* ---- attendance ---------------------------------------------------------------------- */

/* Records that line says `present` for (session, person). Returns 0 for a new pair, 1 when
 * an earlier line said the same, 2 when an earlier line said the opposite; *first_line is
 * then that earlier line. The line and the present value share the pair's tag. */
static int csv_import_pairs_add(PairSet *t, int64_t session, int64_t person, bool present,
                                size_t line, size_t *first_line)
{
    uint32_t tag = (uint32_t)(line > 0x7FFFFFFF ? 0x7FFFFFFF : line) | (present ? 0x80000000u : 0);
    uint32_t old = 0;
    if (pairset_add(t, session, person, tag, &old))
        return 0;
    *first_line = old & 0x7FFFFFFF;
    return ((old ^ tag) & 0x80000000u) ? 2 : 1;
}

/* Loads "code → id" of every row of a project table into m (sql selects code, id; ?2, when
 * it has one, is the coordinator's organisation or 0). */
static int csv_import_load_map(CsvImport *im, const char *sql, Idmap *m, const char *what)
{
    sqlite3_stmt *st = db_stmt(im->db, sql);
    sqlite3_bind_int64(st, 1, im->project_id);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, im->scope_org);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        idmap_put(m, db_col_text(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return csv_import_storage(im, what);
    return INSATS_OK;
}

/* Checks that the attendance header has every required column and loads the lookups. */
static int csv_import_attendance_header(CsvImport *im, const CsvRecord *h)
{
    /* A coordinator's file may name only their organisation's people: the others are not
     * there, as in every read of theirs (?2: 0 for everyone). */
    static const char sql_people[] =
        "SELECT code, id FROM person WHERE project_id = ?1 AND (?2 = 0 OR organisation_id = ?2)";
    static const char sql_acts[] = "SELECT code, id FROM activity WHERE project_id = ?1";
    im->c_activity = csv_import_col(im, h, COL_ACTIVITY, "the activity");
    im->c_session = csv_import_col(im, h, COL_SESSION, "the session");
    im->c_date = csv_import_col(im, h, COL_DATE, "the date");
    im->c_person = csv_import_col(im, h, COL_ATT_PERSON, "the person's id");
    im->c_pnr = csv_import_col(im, h, COL_PNR, "the personnummer");
    im->c_present = csv_import_col(im, h, COL_PRESENT, "attendance");
    im->c_hours = csv_import_col(im, h, COL_HOURS, "the hours");
    if (im->c_activity.idx < 0)
        csv_import_missing(im, h->line, "the activity", COL_ACTIVITY, NULL, NULL);
    if (im->c_session.idx < 0 && im->c_date.idx < 0)
        csv_import_missing(im, h->line, "the session", COL_SESSION, COL_DATE, NULL);
    if (im->c_person.idx < 0 && im->c_pnr.idx < 0)
        csv_import_missing(im, h->line, "the person", COL_ATT_PERSON, COL_PNR, NULL);
    if (im->c_present.idx < 0)
        csv_import_missing(im, h->line, "attendance", COL_PRESENT, NULL, NULL);
    if (csv_import_failed(im))
        return INSATS_EINPUT;
    if (im->c_pnr.idx >= 0 && !csv_import_need_secret(im))
        return INSATS_ESTORAGE;
    int rc = INSATS_OK;
    if (im->c_person.idx >= 0)
        rc = csv_import_load_map(im, sql_people, &im->person_by_code, "cannot read people");
    if (rc == INSATS_OK)
        rc = csv_import_load_map(im, sql_acts, &im->activity_by_code, "cannot read activities");
    return rc;
}

/* Looks a session up in the database: by code, or by date (by_date). Returns its id, 0 when
 * there is none, -n when n sessions share the date, or INT64_MIN on a storage error. */
static int64_t csv_import_session_query(CsvImport *im, int64_t activity_id, const char *key,
                                        bool by_date)
{
    static const char sql_code[] = "SELECT id FROM session WHERE activity_id = ?1 AND code = ?2";
    static const char sql_date[] =
        "SELECT id FROM session WHERE activity_id = ?1 AND session_date = ?2 LIMIT 10";
    sqlite3_stmt *st = db_stmt(im->db, by_date ? sql_date : sql_code);
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    int64_t id = 0, n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        csv_import_storage(im, "cannot read sessions");
        return INT64_MIN;
    }
    return n > 1 ? -n : id;
}

/* Resolves the activity and session (or date) cells of a row to a session id; 0 after
 * reporting the problem, -1 on a storage error. Consecutive rows of one session (the usual
 * order of an attendance list) are answered from the previous row without any lookup. */
static int64_t csv_import_session(CsvImport *im, const CsvRecord *rec)
{
    const size_t line = rec->line;
    const char *act = csv_import_cell(rec, im->c_activity);
    const char *key = csv_import_cell(rec, im->c_session);
    bool by_date = false;
    CsvImportCol kc = im->c_session;
    if (!*key && im->c_date.idx >= 0) {
        /* The session id wins when both are given; the date is the fallback. */
        key = csv_import_cell(rec, im->c_date);
        by_date = true;
        kc = im->c_date;
    }
    if (im->last_activity && by_date == im->last_by_date && strcmp(act, im->last_activity) == 0
        && strcmp(key, im->last_key) == 0)
        return im->last_session;

    int64_t activity_id = 0;
    if (!*act) {
        errs_add(im->errs, "%s:%zu: %s: missing", im->name, line, im->c_activity.label);
        return 0;
    }
    if (!idmap_get(&im->activity_by_code, act, &activity_id)) {
        errs_add(im->errs, "%s:%zu: %s: no activity with the id \"%s\"", im->name, line,
                 im->c_activity.label, act);
        return 0;
    }
    if (!*key) {
        errs_add(im->errs, "%s:%zu: %s: missing (which session of \"%s\"?)", im->name, line,
                 kc.label, act);
        return 0;
    }
    if (by_date && !date_valid(key)) {
        errs_add(im->errs, "%s:%zu: %s: \"%s\" is not a date (YYYY-MM-DD)", im->name, line,
                 kc.label, key);
        return 0;
    }
    buf_clear(&im->scratch);
    buf_printf(&im->scratch, "%" PRId64 "\t%s%s", activity_id, by_date ? "\t" : "", key);
    int64_t session = 0;
    if (!idmap_get(&im->session_cache, im->scratch.data, &session)) {
        session = csv_import_session_query(im, activity_id, key, by_date);
        if (session == INT64_MIN)
            return -1;
        idmap_put(&im->session_cache, im->scratch.data, session);
        char aid[24];
        snprintf(aid, sizeof aid, "%" PRId64, activity_id);
        if (session > 0 && idmap_put(&im->touched, aid, 1)) {
            if (im->nactivities == im->capactivities) {
                im->capactivities = im->capactivities ? im->capactivities * 2 : 16;
                im->activities = xrealloc(im->activities,
                                          im->capactivities * sizeof *im->activities);
            }
            im->activities[im->nactivities++] = activity_id;
        }
    }
    if (session == 0) {
        if (by_date)
            errs_add(im->errs, "%s:%zu: %s: activity \"%s\" has no session on %s", im->name,
                     line, kc.label, act, key);
        else
            errs_add(im->errs, "%s:%zu: %s: activity \"%s\" has no session with the id \"%s\"",
                     im->name, line, kc.label, act, key);
        return 0;
    }
    if (session < 0) {
        errs_add(im->errs, "%s:%zu: %s: activity \"%s\" has %" PRId64 " sessions on %s; name "
                 "the session in a tillfälle (session) column", im->name, line, kc.label, act,
                 -session, key);
        return 0;
    }
    free(im->last_activity);
    free(im->last_key);
    im->last_activity = xstrdup(act);
    im->last_key = xstrdup(key);
    im->last_by_date = by_date;
    im->last_session = session;
    return session;
}

/* Resolves the person of an attendance row by id and/or personnummer; 0 after reporting the
 * problem, -1 on a storage error. */
static int64_t csv_import_att_person(CsvImport *im, const CsvRecord *rec)
{
    const size_t line = rec->line;
    const char *code = csv_import_cell(rec, im->c_person);
    const char *pnr_cell = csv_import_cell(rec, im->c_pnr);
    int64_t by_code = 0, by_pnr = 0;
    if (*code && !idmap_get(&im->person_by_code, code, &by_code)) {
        if (im->scope_org)
            errs_add(im->errs, "%s:%zu: %s: no person with the id \"%s\" in your organisation",
                     im->name, line, im->c_person.label, code);
        else
            errs_add(im->errs, "%s:%zu: %s: no person with the id \"%s\"", im->name, line,
                     im->c_person.label, code);
        return 0;
    }
    if (*pnr_cell) {
        char digits[13];
        if (!csv_import_pnr(im, line, im->c_pnr, pnr_cell, digits))
            return 0;
        unsigned char hash[SECRET_HASH_BYTES];
        secret_hash(im->secret, digits, hash);
        sodium_memzero(digits, sizeof digits);
        int found = csv_import_person_by_hash(im, hash, &by_pnr, NULL);
        if (found > 0 && csv_import_outside(im, by_pnr))
            found = im->storage_rc ? -1 : 0;
        if (found < 0)
            return -1;
        if (!found) {
            errs_add(im->errs, "%s:%zu: %s: no person %s has this personnummer", im->name,
                     line, im->c_pnr.label,
                     im->scope_org ? "of your organisation" : "in the project");
            return 0;
        }
        if (by_code && by_code != by_pnr) {
            errs_add(im->errs, "%s:%zu: %s: the personnummer belongs to another person than "
                     "\"%s\"", im->name, line, im->c_pnr.label, code);
            return 0;
        }
    }
    if (!by_code && !by_pnr) {
        CsvImportCol c = im->c_person.idx >= 0 ? im->c_person : im->c_pnr;
        errs_add(im->errs, "%s:%zu: %s: missing (whose attendance is it?)", im->name, line,
                 c.label);
        return 0;
    }
    return by_code ? by_code : by_pnr;
}

/* Checks one attendance row and upserts it (unless the file already has an error). Returns
 * nonzero only to stop reading. */
static int csv_import_attendance_row(CsvImport *im, const CsvRecord *rec)
{
    const size_t line = rec->line;
    int64_t session = csv_import_session(im, rec);
    int64_t person = csv_import_att_person(im, rec);
    if (session < 0 || person < 0)
        return im->storage_rc;

    const char *pres = csv_import_cell(rec, im->c_present);
    bool present = false;
    bool present_ok = csvread_parse_bool(pres, &present);
    if (!present_ok && !*pres)
        errs_add(im->errs, "%s:%zu: %s: missing (expected ja or nej)", im->name, line,
                 im->c_present.label);
    else if (!present_ok)
        errs_add(im->errs, "%s:%zu: %s: \"%s\" is not ja or nej (also accepted: x, 1/0, "
                 "yes/no, närvarande/frånvarande)", im->name, line, im->c_present.label, pres);

    /* Hours belong to the session; the column is only checked, to catch a shifted row. */
    const char *hours = csv_import_cell(rec, im->c_hours);
    int64_t hc;
    if (*hours && (!csvread_parse_decimal(hours, 100, &hc) || hc < 0 || hc > 2400))
        errs_add(im->errs, "%s:%zu: %s: \"%s\" is not a number of hours (such as 2,5)",
                 im->name, line, im->c_hours.label, hours);

    if (!session || !person || !present_ok)
        return INSATS_OK;
    size_t first = 0;
    int seen = csv_import_pairs_add(&im->pairs, session, person, present, line, &first);
    if (seen == 2) {
        errs_add(im->errs, "%s:%zu: %s: \"%s\" contradicts line %zu for the same person and "
                 "session", im->name, line, im->c_present.label, pres, first);
        return INSATS_OK;
    }
    if (seen == 1 || csv_import_failed(im))
        return INSATS_OK;
    im->pairs_unique++;
    Buf why = {0};
    int rc = attendance_set(im->db, session, person, present, &why);
    if (rc == INSATS_EINPUT)
        errs_add(im->errs, "%s:%zu: %s", im->name, line, why.data);
    else if (rc == INSATS_ESTORAGE)
        errs_add(im->errs, "%s", why.data);
    buf_free(&why);
    if (rc == INSATS_ESTORAGE)
        im->storage_rc = rc;
    return rc == INSATS_ESTORAGE ? rc : INSATS_OK;
}

/* Counts attendance rows (of every project: this is only a difference before/after). */
static int csv_import_count_attendance(CsvImport *im, int64_t *n)
{
    static const char sql[] = "SELECT count(*) FROM attendance";
    sqlite3_stmt *st = db_stmt(im->db, sql);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return csv_import_storage(im, "cannot count attendance");
    return INSATS_OK;
}

/* ---- the import ---------------------------------------------------------------------- */

/* csvread callback: the header picks the columns, every later record is one row. */
static int csv_import_record(const CsvRecord *rec, void *ctx)
{
    CsvImport *im = ctx;
    if (rec->index == 0) {
        csv_import_keep_labels(im, rec);
        return im->kind == CSV_IMPORT_PEOPLE ? csv_import_people_header(im, rec)
                                             : csv_import_attendance_header(im, rec);
    }
    im->stats.rows++;
    if (!csv_import_check_width(im, rec)) {
        csv_import_tick(im, im->kind == CSV_IMPORT_PEOPLE ? "people" : "attendance");
        return INSATS_OK;
    }
    int rc = im->kind == CSV_IMPORT_PEOPLE ? csv_import_people_row(im, rec)
                                           : csv_import_attendance_row(im, rec);
    csv_import_tick(im, im->kind == CSV_IMPORT_PEOPLE ? "people" : "attendance");
    return rc;
}

/* csv_import_allowed() with the refusal's message in errs. */
static bool csv_import_may(const Actor *actor, const char *name, Errs *errs)
{
    if (csv_import_allowed(actor))
        return true;
    errs_add(errs, "%s: the CSV import is for the manager and the coordinators (their own "
             "organisation's people and attendance); the role %s may not import", name,
             actor ? actor_role_name(actor->role) : "(none)");
    return false;
}

/* csv_import_file() and csv_import_data(): the file at path, named `name` in messages; a dry
 * run rolls back what it wrote and keeps the counts. */
static int csv_import_run(Db *db, const Actor *actor, int64_t project_id, CsvImportKind kind,
                          const char *path, const char *name, bool dry_run,
                          ProgressFn progress, void *progress_ctx, CsvImportStats *stats,
                          Errs *errs)
{
    assert(db && path && errs);
    if (stats)
        *stats = (CsvImportStats){0};
    if (!csv_import_may(actor, name, errs))
        return INSATS_EFORBIDDEN;
    bool is_stdin = strcmp(path, "-") == 0;
    CsvImport im = {
        .db = db, .actor = actor, .project_id = project_id, .kind = kind,
        .scope_org = actor_org_scoped(actor) ? actor->organisation_id : 0,
        .name = name, .progress = progress, .progress_ctx = progress_ctx,
        .errs = errs, .errs_before = errs_total(errs),
    };
    date_today(im.today);
    idmap_init(&im.org_by_code);
    idmap_init(&im.org_by_name);
    idmap_init(&im.seen_code);
    idmap_init(&im.seen_pnr);
    idmap_init(&im.seen_person);
    idmap_init(&im.person_by_code);
    idmap_init(&im.activity_by_code);
    idmap_init(&im.session_cache);
    idmap_init(&im.touched);

    int64_t att_before = 0, att_after = 0;
    /* An attendance list is a bulk import, recorded in the audit trail as one entry; people
     * are recorded one by one (audit.h). */
    bool bulk = kind == CSV_IMPORT_ATTENDANCE;
    int rc = bulk ? audit_bulk_begin(db, errs) : db_tx_begin(db, errs);
    int64_t old_cache = 0;
    if (rc == INSATS_OK) {
        old_cache = db_set_cache(db, -CSV_IMPORT_CACHE_KIB);
        if (kind == CSV_IMPORT_ATTENDANCE) {
            rc = csv_import_count_attendance(&im, &att_before);
            /* An attendance row is rarely shorter than 16 bytes ("a1;s1;p1;ja" and a line
             * end); sizing the pair set from the file spares rehashing it as it fills. */
            struct stat sb;
            if (!is_stdin && stat(path, &sb) == 0 && sb.st_size > 0)
                pairset_reserve(&im.pairs, (size_t)sb.st_size / 16);
        }
    }
    if (rc == INSATS_OK) {
        CsvInfo info;
        rc = csvread_file(is_stdin ? "/dev/stdin" : path, im.name, csv_import_record, &im,
                          &info, errs);
        if (im.storage_rc)
            rc = im.storage_rc;
        else if (rc == INSATS_OK && info.records == 0)
            errs_add(errs, "%s: the file is empty (expected a header line, then one row per %s)",
                     im.name, kind == CSV_IMPORT_PEOPLE ? "person" : "attendance");
        if (rc == INSATS_OK && csv_import_failed(&im))
            rc = INSATS_EINPUT;
    }
    /* The certificates follow the attendance in the same transaction (certificate.h); the
     * trail's one entry of the import says what they did. */
    CertificateChanges certs = {0};
    for (size_t i = 0; rc == INSATS_OK && i < im.nactivities; i++) {
        CertificateChanges one;
        rc = certificate_evaluate(db, im.activities[i], im.today, &one, errs);
        certs.issued += one.issued;
        certs.reinstated += one.reinstated;
        certs.withdrawn += one.withdrawn;
    }
    if (rc == INSATS_OK && kind == CSV_IMPORT_ATTENDANCE) {
        rc = csv_import_count_attendance(&im, &att_after);
        im.stats.inserted = (size_t)(att_after - att_before);
        im.stats.updated = im.pairs_unique - im.stats.inserted;
    }
    if (rc == INSATS_OK && bulk && !dry_run)
        rc = audit_bulk_commit(db, "attendance_csv", im.name,
                               json_pack("{sI sI sI s{si si si}}", "rows",
                                         (json_int_t)im.stats.rows, "inserted",
                                         (json_int_t)im.stats.inserted, "updated",
                                         (json_int_t)im.stats.updated, "certificates",
                                         "issued", certs.issued, "reinstated",
                                         certs.reinstated, "withdrawn", certs.withdrawn),
                               errs);   /* rolls back by itself when it fails */
    else if (rc == INSATS_OK && !dry_run)
        rc = db_tx_commit(db, errs);   /* rolls back by itself when it fails */
    else
        db_tx_rollback(db);
    if (rc == INSATS_OK && progress)
        progress(progress_ctx, kind == CSV_IMPORT_PEOPLE ? "people" : "attendance",
                 im.stats.rows, im.stats.rows);
    if (old_cache)
        db_set_cache(db, old_cache);

    /* A failed import changes nothing, and says so in its counts: only rows read remain. */
    if (rc == INSATS_OK && stats)
        *stats = im.stats;
    else if (stats)
        stats->rows = im.stats.rows;
    for (size_t i = 0; i < im.nlabels; i++)
        free(im.labels[i]);
    free(im.labels);
    idmap_free(&im.org_by_code);
    idmap_free(&im.org_by_name);
    idmap_free(&im.seen_code);
    idmap_free(&im.seen_pnr);
    idmap_free(&im.seen_person);
    idmap_free(&im.person_by_code);
    idmap_free(&im.activity_by_code);
    idmap_free(&im.session_cache);
    idmap_free(&im.touched);
    free(im.activities);
    pairset_free(&im.pairs);
    free(im.last_activity);
    free(im.last_key);
    buf_free(&im.scratch);
    return rc;
}

bool csv_import_allowed(const Actor *actor)
{
    /* The rows' own organisations are checked row by row (record_may_write()); a trainer's
     * attendance goes through the attendance screen, which knows their activities. */
    return actor && actor->role != ROLE_TRAINER && record_may_write(actor, "person", 0) &&
           record_may_write(actor, "attendance", 0);
}

int csv_import_file(Db *db, const Actor *actor, int64_t project_id, CsvImportKind kind,
                    const char *path, ProgressFn progress, void *progress_ctx,
                    CsvImportStats *stats, Errs *errs)
{
    assert(path);
    return csv_import_run(db, actor, project_id, kind, path,
                          strcmp(path, "-") == 0 ? "stdin" : path, false, progress,
                          progress_ctx, stats, errs);
}

int csv_import_data(Db *db, const Actor *actor, int64_t project_id, CsvImportKind kind,
                    const char *name, const void *data, size_t len, bool dry_run,
                    CsvImportStats *stats, Errs *errs)
{
    if (stats)
        *stats = (CsvImportStats){0};
    if (!csv_import_may(actor, name, errs))
        return INSATS_EFORBIDDEN;
    /* The reader takes a path: the bytes go to a private file that has no name from the
     * start (removed at once, read through /proc/self/fd), so that nothing of the upload is
     * left behind whatever happens. */
    const char *tmp = getenv("TMPDIR");
    char *tpl = xasprintf("%s/insats-upload-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(tpl);
    if (fd < 0) {
        errs_add(errs, "%s: cannot keep the upload for reading: %s", name, strerror(errno));
        free(tpl);
        return INSATS_ESTORAGE;
    }
    unlink(tpl);
    free(tpl);
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            errs_add(errs, "%s: cannot keep the upload for reading: %s", name,
                     n < 0 ? strerror(errno) : "short write");
            close(fd);
            return INSATS_ESTORAGE;
        }
        p += n;
        left -= (size_t)n;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int rc = csv_import_run(db, actor, project_id, kind, path, name, dry_run, NULL, NULL,
                            stats, errs);
    close(fd);
    return rc;
}
