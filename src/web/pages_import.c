/* pages_import.c — uploading a participant or attendance CSV (/import): the core's CSV import
 * (csv_import_data(), the command line's rules) runs first as a dry run, and the page shows
 * what would change, or every rejected row with its line, field and reason; nothing is stored
 * until the user confirms a file without errors. A coordinator imports the people and
 * attendance of their own organisation only: the core refuses a file with a row of another
 * (csv_import.h), with the row's line, field and reason like any other error.
 *
 * Between the preview and the confirmation the file is kept in the confirmation form itself
 * (a hidden field), not on the server: the confirmation sends it back, and the import checks
 * it again in full before it stores anything, so a file changed on the way is refused or
 * imported by the same rules, never half. The field holds the uploaded bytes in base64 with
 * their hash beside them: a file in Windows-1252 put into a UTF-8 page as it is would come
 * back from the browser with U+FFFD where its å ä ö were, and be imported so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "csv_import.h"
#include "i18n.h"
#include "pages.h"
#include "web.h"

static const char *const IMPORT_KINDS[] = {
    "people", N_("Deltagare (personer)"), "attendance", N_("Närvaro"), NULL,
};

static void import_form(Page *p, const char *kind)
{
    page_form_upload_begin(p, "/import");
    const char *opts[5];
    for (size_t i = 0; i < 5; i++)
        opts[i] = IMPORT_KINDS[i] && (i % 2) ? _(IMPORT_KINDS[i]) : IMPORT_KINDS[i];
    page_field(p, &(PageField){.name = "kind", .label = _("Vad filen innehåller"),
                               .type = "select", .value = kind, .options = opts,
                               .required = true});
    page_field(p, &(PageField){.name = "file", .label = _("CSV-fil"), .type = "file",
                               .required = true,
                               .hint = _("Komma eller semikolon, UTF-8 eller Windows-1252, "
                                         "svenska eller engelska kolumnnamn. Inget sparas "
                                         "förrän du har sett förhandsgranskningen och "
                                         "bekräftat.")});
    page_submit(p, _("Förhandsgranska"));
    page_form_end(p);
}

int page_import(Ctx *c, Page *p)
{
    (void)c;
    page_title(p, _("Importera CSV"));
    import_form(p, "people");
    return 200;
}

/* A message of the import, "name:LINE: COLUMN: what" or "name:LINE: what" or "name: what",
 * split for the table of rejected rows. The parts point into a copy the caller frees. */
static char *import_split(const char *msg, const char *name, const char **line,
                          const char **field, const char **why)
{
    char *copy = xstrdup(msg);
    *line = "";
    *field = "";
    *why = copy;
    size_t nl = strlen(name);
    char *rest = copy;
    if (strncmp(copy, name, nl) == 0 && copy[nl] == ':')
        rest = copy + nl + 1;
    else
        return copy;
    size_t digits = strspn(rest, "0123456789");
    if (digits && rest[digits] == ':') {
        rest[digits] = '\0';
        *line = rest;
        rest += digits + 1;
    }
    while (*rest == ' ')
        rest++;
    /* a column name is short and has no spaces before its colon */
    char *colon = strstr(rest, ": ");
    size_t head = colon ? (size_t)(colon - rest) : 0;
    if (colon && **line && head <= 40 && !memchr(rest, ' ', head)) {
        *colon = '\0';
        *field = rest;
        rest = colon + 2;
    }
    *why = rest;
    return copy;
}

static void import_rejected(Page *p, const Errs *errs, const char *name)
{
    page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                _("Filen har fel och ingenting sparades. Rätta raderna nedan och ladda upp "
                  "filen igen."));
    page_table_begin(p, _("Rader som inte kan importeras"),
                     (const char *const[]){_("Rad"), _("Fält"), _("Fel"), NULL});
    for (size_t i = 0; i < errs->count; i++) {
        const char *line, *field, *why;
        char *copy = import_split(errs->msgs[i], name, &line, &field, &why);
        page_tr(p);
        page_td(p, line);
        page_td(p, field);
        page_td(p, why);
        page_tr_end(p);
        free(copy);
    }
    page_table_end(p);
    if (errs->dropped) {
        char *more = xasprintf(_n("och %zu fel till.", "och %zu fel till.", errs->dropped),
                               errs->dropped);
        page_printf(p, "<p>%s</p>\n", more);
        free(more);
    }
}

/* The hash of the uploaded bytes that the confirmation form carries beside them, in hex. */
static void import_hash(const char *data, size_t len,
                        char hex[crypto_generichash_BYTES * 2 + 1])
{
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)data, len, NULL, 0);
    sodium_bin2hex(hex, crypto_generichash_BYTES * 2 + 1, h, sizeof h);
}

/* The form field that carries the file to the confirmation: base64 in the URL-safe alphabet,
 * which an urlencoded form sends without escaping. Caller frees. */
static char *import_encode(const char *data, size_t len)
{
    int v = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    size_t cap = sodium_base64_ENCODED_LEN(len, v);
    char *b64 = xmalloc(cap);
    sodium_bin2base64(b64, cap, (const unsigned char *)data, len, v);
    return b64;
}

/* The file the confirmation sent back: exactly the bytes of the upload, or NULL when the
 * field is missing, not base64 or not those bytes (its hash differs). Caller frees. */
static char *import_decode(const Ctx *c, size_t *len)
{
    const WebPair *content = web_pairs_find(&c->form, "content");
    const char *sent = ctx_form(c, "sha");
    if (!content || !sent)
        return NULL;
    char *data = xmalloc(content->len / 4 * 3 + 3);
    const char *end = NULL;
    if (sodium_base642bin((unsigned char *)data, content->len / 4 * 3 + 3, content->value,
                          content->len, NULL, len, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != content->value + content->len) {
        free(data);
        return NULL;
    }
    data[*len] = '\0';
    char hex[crypto_generichash_BYTES * 2 + 1];
    import_hash(data, *len, hex);
    if (strcmp(hex, sent) != 0) {
        free(data);
        return NULL;
    }
    return data;
}

/* Checks the file (a dry run before the confirmation) or imports it (confirm), and writes
 * the preview, the rejected rows or what was stored. */
static int import_run(Ctx *c, Page *p, int64_t project, CsvImportKind k, const char *kind,
                      bool confirm, const char *name, const char *data, size_t len)
{
    if (!name || !*name)
        name = "upload.csv";
    Errs errs;
    errs_init(&errs);
    CsvImportStats stats;
    int rc = csv_import_data(c->db, &c->actor, project, k, name, data, len, !confirm, &stats,
                             &errs);
    if (rc == INSATS_EFORBIDDEN) {
        errs_free(&errs);
        return page_fail(p, 403, _("Din roll får inte importera filer."));
    }
    if (rc == INSATS_ESTORAGE) {
        errs_free(&errs);
        return page_fail(p, 500, _("Filen kunde inte läsas in. Försök igen."));
    }
    if (rc != INSATS_OK) {
        page_title(p, _("Importera CSV: fel i filen"));
        import_rejected(p, &errs, name);
        errs_free(&errs);
        import_form(p, kind);
        return 200;
    }
    errs_free(&errs);
    if (confirm) {
        page_title(p, _("Importera CSV: klart"));
        char *saved = k == CSV_IMPORT_PEOPLE
                          ? xasprintf(_n("Sparat: %zu person ny, %zu ändrade.",
                                         "Sparat: %zu personer nya, %zu ändrade.",
                                         stats.inserted),
                                      stats.inserted, stats.updated)
                          : xasprintf(_n("Sparat: %zu närvaromarkering ny, %zu ändrade.",
                                         "Sparat: %zu närvaromarkeringar nya, %zu ändrade.",
                                         stats.inserted),
                                      stats.inserted, stats.updated);
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", saved);
        free(saved);
        page_raw(p, "<p>");
        page_link(p, k == CSV_IMPORT_PEOPLE ? "/people" : "/activities", _("Till listan"));
        page_raw(p, "</p>\n");
        return 200;
    }
    page_title(p, _("Importera CSV: förhandsgranskning"));
    char *rows = xasprintf(_n("Filen %s: %zu rad utan fel.", "Filen %s: %zu rader utan fel.",
                              stats.rows),
                           name, stats.rows);
    page_printf(p, "<p>%s</p>\n", rows);
    free(rows);
    page_table_begin(p, _("Det här ändras när du bekräftar"),
                     (const char *const[]){_("Vad"), _("Nya"), _("Ändrade"), NULL});
    page_tr(p);
    page_th_row(p, k == CSV_IMPORT_PEOPLE ? _("Personer") : _("Närvaromarkeringar"));
    page_tdf(p, "%zu", stats.inserted);
    page_tdf(p, "%zu", stats.updated);
    page_tr_end(p);
    page_table_end(p);
    page_printf(p, "<p>%s</p>\n", _("Ingenting är sparat än."));
    char *b64 = import_encode(data, len);
    /* the confirmation is a request of the upload's route, under the same size limit */
    if (strlen(b64) + 4096 > WEB_UPLOAD_MAX) {
        free(b64);
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                    _("Filen är för stor för att bekräftas i webbläsaren. Dela upp den i "
                      "flera filer, eller importera den med kommandoraden."));
        import_form(p, kind);
        return 200;
    }
    page_form_begin(p, "/import");
    page_hidden(p, "kind", kind);
    page_hidden(p, "filename", name);
    page_hidden(p, "confirm", "1");
    char hex[crypto_generichash_BYTES * 2 + 1];
    import_hash(data, len, hex);
    page_hidden(p, "content", b64);
    page_hidden(p, "sha", hex);
    free(b64);
    page_submit(p, _("Bekräfta och spara"));
    page_form_end(p);
    page_raw(p, "<p>");
    page_link(p, "/import", _("Avbryt och välj en annan fil"));
    page_raw(p, "</p>\n");
    return 200;
}

int page_import_upload(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    const char *kind = ctx_form(c, "kind");
    CsvImportKind k;
    if (kind && strcmp(kind, "people") == 0)
        k = CSV_IMPORT_PEOPLE;
    else if (kind && strcmp(kind, "attendance") == 0)
        k = CSV_IMPORT_ATTENDANCE;
    else
        return page_fail(p, 400, _("Välj vad filen innehåller."));
    bool confirm = ctx_form(c, "confirm") != NULL;
    const char *data, *name = NULL;
    char *sent = NULL;
    size_t len = 0;
    if (confirm) {
        data = sent = import_decode(c, &len);
        name = ctx_form(c, "filename");
    } else {
        data = ctx_file(c, "file", &len, &name);
    }
    if (!data) {
        page_title(p, _("Importera CSV"));
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n",
                    confirm ? _("Filen kom inte tillbaka oförändrad från "
                                "förhandsgranskningen. Ingenting sparades; ladda upp den "
                                "igen.")
                            : _("Välj en fil att ladda upp."));
        import_form(p, kind);
        return 200;
    }
    rc = import_run(c, p, project, k, kind, confirm, name, data, len);
    free(sent);
    return rc;
}
