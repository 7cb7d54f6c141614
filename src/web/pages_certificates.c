/* pages_certificates.c — certificates in the browser: an activity's certificates (issue by the
 * attendance or by hand, withdraw, print one or all as PDF) and the public check of a
 * verification code (/verify, /verify/{code}) that an employer uses without logging in. The
 * rules and the documents are the core's (src/core/certificate.h), the PDF the report
 * layer's (render_certificates_pdf_bytes).
 *
 * The public check answers each client address at most VERIFY_PER_MINUTE times a minute, and
 * every answer — a certificate found or not, or no code at all — leaves after the same delay
 * (VERIFY_DELAY_MS from the request's start), so that neither the number of guesses nor the
 * time of an answer helps to find a code. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certificate.h"
#include "i18n.h"
#include "pages.h"
#include "render.h"

#define VERIFY_PER_MINUTE 10
#define VERIFY_DELAY_MS 250
#define VERIFY_SLOTS 4096   /* addresses remembered; the oldest window is taken over */

/* ---- the public check's rate limit and delay ------------------------------------------------ */

typedef struct VerifySlot {
    char addr[64];
    time_t window;   /* the minute it counts */
    int count;
} VerifySlot;

static VerifySlot verify_slots[VERIFY_SLOTS];
static pthread_mutex_t verify_lock = PTHREAD_MUTEX_INITIALIZER;

/* FNV-1a of the address, for its slot. */
static size_t verify_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % VERIFY_SLOTS;
}

/* Counts one check from addr; false when it is over the limit of this minute. An address
 * whose slot another one holds in this same minute shares its count: never more checks than
 * the limit, only sometimes fewer. */
static bool verify_allowed(const char *addr)
{
    time_t minute = time(NULL) / 60;
    pthread_mutex_lock(&verify_lock);
    VerifySlot *s = &verify_slots[verify_hash(addr)];
    if (s->window != minute || strcmp(s->addr, addr) != 0) {
        if (s->window != minute)
            s->count = 0;
        snprintf(s->addr, sizeof s->addr, "%s", addr);
        s->window = minute;
    }
    bool ok = ++s->count <= VERIFY_PER_MINUTE;
    pthread_mutex_unlock(&verify_lock);
    return ok;
}

static void verify_now(struct timespec *t)
{
    clock_gettime(CLOCK_MONOTONIC, t);
}

/* Sleeps until VERIFY_DELAY_MS after start. */
static void verify_wait(const struct timespec *start)
{
    struct timespec until = *start;
    until.tv_nsec += (long)VERIFY_DELAY_MS * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) != 0) {
    }
}

/* The form that asks for a code. */
static void verify_form(Page *p, const char *value, const char *error)
{
    page_printf(p, "<p>%s</p>\n", _("Ange koden som står på intyget, till exempel 7KQ2M-XR9TD, "
                                    "för att se om intyget är äkta."));
    page_form_get_begin(p, "/verify");
    page_field(p, &(PageField){.name = "code", .label = _("Kontrollkod"), .value = value,
                               .error = error, .autocomplete = "off", .required = true});
    page_submit(p, _("Kontrollera"));
    page_form_end(p);
}

/* The answer for a code: found (valid or withdrawn) or 404, after the same delay. */
static int verify_answer(Ctx *c, Page *p, const char *code, const struct timespec *start)
{
    page_title(p, _("Kontroll av intyg"));
    if (!verify_allowed(c->client)) {
        verify_wait(start);
        return page_fail(p, 429, _("För många kontroller på kort tid. Försök igen om en minut."));
    }
    CertificateCheck ck;
    Errs errs;
    errs_init(&errs);
    int rc = certificate_verify(c->db, code, &ck, &errs);
    errs_free(&errs);
    verify_wait(start);
    if (rc == INSATS_ESTORAGE)
        return page_fail(p, 500, _("Kontrollen kunde inte göras just nu. Försök igen senare."));
    if (rc != INSATS_OK) {
        p->status = 404;
        page_printf(p, "<p role=\"status\"><strong>%s</strong></p>\n",
                    _("Det finns inget intyg med den koden."));
        page_printf(p, "<p>%s</p>\n", _("Kontrollera att koden är rätt skriven."));
        verify_form(p, code, NULL);
        return 404;
    }
    if (*ck.withdrawn) {
        char *when = xasprintf(_("Det återkallades den %s."), ck.withdrawn);
        page_printf(p, "<p role=\"status\"><strong>%s</strong> %s</p>\n",
                    _("Intyget är återkallat."), when);
        free(when);
    } else {
        page_printf(p, "<p role=\"status\"><strong>%s</strong></p>\n",
                    _("Intyget är äkta och giltigt."));
    }
    page_printf(p, "<dl class=\"record\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
                   "<dt>%s</dt><dd>%s</dd>\n</dl>\n",
                _("Namn"), ck.name, _("Aktivitet"), ck.activity, _("Utfärdat"), ck.issued);
    return 200;
}

int page_verify_form(Ctx *c, Page *p)
{
    struct timespec start;
    verify_now(&start);
    const char *code = ctx_query(c, "code");
    if (code && *code)
        return verify_answer(c, p, code, &start);
    page_title(p, _("Kontroll av intyg"));
    verify_form(p, NULL, NULL);
    return 200;
}

int page_verify(Ctx *c, Page *p)
{
    struct timespec start;
    verify_now(&start);
    return verify_answer(c, p, ctx_param(c, "code"), &start);
}

/* ---- an activity's certificates ------------------------------------------------------------- */

static const char *cert_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The PDF of doc as the page's download. */
static int cert_pdf_answer(Page *p, json_t *doc, const char *name)
{
    Buf out = {0};
    Errs errs;
    errs_init(&errs);
    int rc = render_certificates_pdf_bytes(doc, &out, &errs);
    errs_free(&errs);
    if (rc == INSATS_OK)
        page_bytes(p, "application/pdf", name, out.data ? out.data : "", out.len);
    buf_free(&out);
    return rc == INSATS_OK ? 200 : page_fail(p, 500, _("Intygen kunde inte skrivas."));
}

/* Certificates as PDF: one (cert), or all of the activity's (cert NULL). */
static int cert_pdf(Ctx *c, Page *p, const char *cert, const char *activity)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    char *base = page_public_base(c);
    json_t *doc = NULL;
    Errs errs;
    errs_init(&errs);
    rc = certificate_documents(c->db, &c->actor, pid, cert, activity, base, &doc, &errs);
    free(base);
    errs_free(&errs);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Din roll ser inte intyg."));
    if (rc != INSATS_OK)
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500,
                         _("Det finns inga giltiga intyg att skriva ut."));
    char *name = xasprintf("intyg-%s.pdf", cert ? cert : activity);
    rc = cert_pdf_answer(p, doc, name);
    free(name);
    json_decref(doc);
    return rc;
}

int page_certificate_pdf(Ctx *c, Page *p)
{
    return cert_pdf(c, p, ctx_param(c, "id"), NULL);
}

int page_activity_certificates_pdf(Ctx *c, Page *p)
{
    return cert_pdf(c, p, NULL, ctx_param(c, "a"));
}

/* The manager's forms: issue by the attendance now, one by hand. */
static void cert_forms(Page *p, const char *activity, const char *person, const char *reason,
                       const char *error)
{
    page_printf(p, "<h2>%s</h2>\n", _("Utfärda"));
    char *action = page_url("/activities/%s/certificates/issue", activity);
    page_button_form(p, action, _("Utfärda efter närvaron nu"));
    free(action);
    page_printf(p, "<h3>%s</h3>\n", _("Utfärda för hand"));
    action = page_url("/activities/%s/certificates/manual", activity);
    page_form_begin(p, action);
    free(action);
    page_field(p, &(PageField){.name = "person", .label = _("Person (id)"), .value = person,
                               .required = true});
    page_field(p, &(PageField){.name = "reason", .label = _("Skäl"), .type = "textarea",
                               .value = reason, .error = error, .required = true,
                               .hint = _("Varför intyget utfärdas trots närvaron; sparas med "
                                         "intyget.")});
    page_submit(p, _("Utfärda intyget"));
    page_form_end(p);
}

/* The page of an activity's certificates; `error` (may be NULL) goes beside the hand form. */
static int cert_list_page(Ctx *c, Page *p, const char *person, const char *reason,
                          const char *error, int status)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    const char *activity = ctx_param(c, "a");
    json_t *list = NULL;
    Errs errs;
    errs_init(&errs);
    rc = certificate_activity_list(c->db, &c->actor, pid, activity, &list, &errs);
    errs_free(&errs);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Din roll ser inte intyg."));
    if (rc != INSATS_OK)
        return page_fail(p, rc == INSATS_EINPUT ? 404 : 500, _("Det finns ingen sådan aktivitet."));
    page_title(p, _("Intyg för aktiviteten"));
    p->status = status;
    char *back = page_url("/activities/%s", activity);
    page_raw(p, "<p>");
    page_link(p, back, _("Till aktiviteten"));
    page_raw(p, "</p>\n");
    free(back);
    bool held = strcmp(cert_str(list, "status"), "held") == 0;
    bool gives = json_is_true(json_object_get(list, "gives_certificates"));
    if (!gives) {
        page_printf(p, "<p>%s</p>\n", _("Aktiviteten ger inte intyg efter närvaron."));
    } else {
        char *threshold = page_percent_text(json_object_get(list, "threshold"));
        long long sessions = (long long)json_integer_value(json_object_get(list, "sessions"));
        char *rule = xasprintf(_n("Intyg ges till den som varit närvarande vid minst %s av "
                                  "aktivitetens %lld tillfälle.",
                                  "Intyg ges till den som varit närvarande vid minst %s av "
                                  "aktivitetens %lld tillfällen.",
                                  (unsigned long)sessions),
                               threshold, sessions);
        char *earning = xasprintf(_("Antal som når gränsen nu: %lld."),
                                  (long long)json_integer_value(json_object_get(list, "earning")));
        page_printf(p, "<p>%s %s</p>\n", rule, earning);
        free(threshold);
        free(rule);
        free(earning);
    }
    if (gives && !held)
        page_printf(p, "<p>%s</p>\n", _("Intygen utfärdas när aktiviteten markeras som "
                                         "genomförd."));
    const json_t *certs = json_object_get(list, "certificates");
    bool manager = c->actor.role == ROLE_MANAGER;
    size_t valid = 0, i;
    const json_t *r;
    json_array_foreach(certs, i, r)
        valid += json_is_null(json_object_get(r, "withdrawn"));
    if (!json_array_size(certs)) {
        page_printf(p, "<p>%s</p>\n", _("Inga intyg är utfärdade för aktiviteten."));
    } else {
        if (valid) {
            char *all = page_url("/activities/%s/certificates/pdf", activity);
            page_raw(p, "<p>");
            page_link(p, all, _("Alla giltiga intyg som PDF för utskrift"));
            page_raw(p, "</p>\n");
            free(all);
        }
        page_table_begin(p, _("Utfärdade intyg"),
                         (const char *const[]){_("Namn"), _("Utfärdat"), _("Grund"),
                                               _("Kontrollkod"), _("Status"), _("Intyg"),
                                               NULL});
        json_array_foreach(certs, i, r) {
            page_tr(p);
            char *person_href = page_url("/people/%s", cert_str(r, "person"));
            page_td_link(p, person_href, cert_str(r, "name"));
            free(person_href);
            page_td(p, cert_str(r, "issued"));
            const char *basis = cert_str(r, "basis");
            if (strcmp(basis, "manual") == 0 && *cert_str(r, "reason")) {
                char *manual = xasprintf(_("För hand: %s"), cert_str(r, "reason"));
                page_td(p, manual);
                free(manual);
            } else {
                page_td(p, strcmp(basis, "manual") == 0 ? _("För hand") : _("Närvaro"));
            }
            page_td(p, cert_str(r, "verification"));
            bool withdrawn = !json_is_null(json_object_get(r, "withdrawn"));
            if (withdrawn) {
                char *gone = xasprintf(_("Återkallat %s: %s"), cert_str(r, "withdrawn"),
                                       cert_str(r, "withdrawn_reason"));
                page_td(p, gone);
                free(gone);
            } else {
                page_td(p, _("Giltigt"));
            }
            page_raw(p, "<td>");
            if (!withdrawn) {
                char *pdf = page_url("/certificates/%s/pdf", cert_str(r, "id"));
                page_link(p, pdf, _("PDF"));
                free(pdf);
                if (manager) {
                    char *w = page_url("/certificates/%s/withdraw", cert_str(r, "id"));
                    page_raw(p, " ");
                    page_link(p, w, _("Återkalla…"));
                    free(w);
                }
            }
            page_raw(p, "</td>");
            page_tr_end(p);
        }
        page_table_end(p);
    }
    if (manager)
        cert_forms(p, activity, person, reason, error);
    json_decref(list);
    return status;
}

int page_activity_certificates(Ctx *c, Page *p)
{
    return cert_list_page(c, p, NULL, NULL, NULL, 200);
}

int page_activity_certificates_issue(Ctx *c, Page *p)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    const char *activity = ctx_param(c, "a");
    CertificateChanges ch;
    Errs errs;
    errs_init(&errs);
    rc = certificate_issue_activity(c->db, &c->actor, pid, activity, &ch, &errs);
    if (rc == INSATS_OK) {
        errs_free(&errs);
        char *to = page_url("/activities/%s/certificates", activity);
        rc = page_redirect(p, to);
        free(to);
        return rc;
    }
    int status = rc == INSATS_EFORBIDDEN ? 403 : rc == INSATS_EINPUT ? 409 : 500;
    errs_free(&errs);
    /* Which refusal it was, by the activity's state rather than by the words of the core's
     * message, which are in the user's language. */
    bool held = true;
    if (rc == INSATS_EINPUT) {
        json_t *list = NULL;
        errs_init(&errs);
        if (certificate_activity_list(c->db, &c->actor, pid, activity, &list, &errs) ==
            INSATS_OK)
            held = strcmp(cert_str(list, "status"), "held") == 0;
        json_decref(list);
        errs_free(&errs);
    }
    const char *why = rc == INSATS_EINPUT && !held
                          ? _("Aktiviteten är inte genomförd: intyg utfärdas när den markeras "
                              "som genomförd.")
                      : rc == INSATS_EINPUT ? _("Aktiviteten ger inte intyg efter närvaron.")
                                            : _("Intygen kunde inte utfärdas.");
    return page_fail(p, status, why);
}

int page_activity_certificates_manual(Ctx *c, Page *p)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    const char *activity = ctx_param(c, "a");
    const char *person = ctx_form(c, "person"), *reason = ctx_form(c, "reason");
    Errs errs;
    errs_init(&errs);
    char id[256];
    rc = certificate_issue_manual(c->db, &c->actor, pid, activity, person, reason, id,
                                  sizeof id, &errs);
    if (rc == INSATS_OK) {
        errs_free(&errs);
        char *to = page_url("/activities/%s/certificates", activity);
        rc = page_redirect(p, to);
        free(to);
        return rc;
    }
    const char *error = _("Intyget kunde inte utfärdas.");
    if (errs_total(&errs) && errs.fields[0] && strcmp(errs.fields[0], "reason") == 0)
        error = _("Ange skälet till att intyget utfärdas för hand.");
    else if (errs_total(&errs) && strstr(errs.msgs[0], "already"))
        error = _("Personen har redan ett giltigt intyg för aktiviteten.");
    else if (errs_total(&errs) && errs.fields[0] && strcmp(errs.fields[0], "person") == 0)
        error = _("Det finns ingen person med det id:t i projektet.");
    errs_free(&errs);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Bara projektledaren utfärdar intyg för hand."));
    return cert_list_page(c, p, person, reason, error, 422);
}

/* The form that asks why a certificate is withdrawn. */
static int cert_withdraw_page(Ctx *c, Page *p, const char *error, int status)
{
    const char *id = ctx_param(c, "id");
    page_title(p, _("Återkalla intyg"));
    p->status = status;
    char *kept = xasprintf(_("Intyget %s behålls men räknas inte längre och kontrollsidan visar "
                             "att det är återkallat. Skälet sparas med intyget."), id);
    page_printf(p, "<p>%s</p>\n", kept);
    free(kept);
    page_error_summary(p, error ? 1 : 0);
    char *action = page_url("/certificates/%s/withdraw", id);
    page_form_begin(p, action);
    free(action);
    page_field(p, &(PageField){.name = "reason", .label = _("Skäl till återkallelse"),
                               .type = "textarea", .error = error, .required = true});
    page_submit(p, _("Återkalla intyget"));
    page_form_end(p);
    return status;
}

int page_certificate_withdraw_form(Ctx *c, Page *p)
{
    return cert_withdraw_page(c, p, NULL, 200);
}

int page_certificate_withdraw(Ctx *c, Page *p)
{
    int64_t pid;
    int rc = page_project(c, p, &pid);
    if (rc)
        return rc;
    const char *id = ctx_param(c, "id");
    Errs errs;
    errs_init(&errs);
    rc = certificate_withdraw(c->db, &c->actor, pid, id, ctx_form(c, "reason"), &errs);
    errs_free(&errs);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Bara projektledaren återkallar intyg."));
    if (rc == INSATS_EINPUT)
        return cert_withdraw_page(c, p, _("Ange ett skäl. Ett intyg som redan är återkallat, "
                                          "eller som hör till en låst rapportperiod, kan inte "
                                          "återkallas."), 422);
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Intyget kunde inte återkallas."));
    char *to = page_url("/certificates/%s", id);
    rc = page_redirect(p, to);
    free(to);
    return rc;
}
