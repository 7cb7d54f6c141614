/* pages_surveys.c — the pages of a survey's anonymous answer link: the answer form at
 * /s/{token} (public, for phones), the link and its QR code on the survey's page, the A4 sheet
 * for the training room, and a survey made from a template. The rules are the core's
 * (survey_link.h); docs/workflows.md "Anonymous surveys" says them as the users see them.
 *
 * What the public pages never do: set a cookie that tells one browser from another (the only
 * one is "answered this survey", "1" for everyone), pass the client's address to the core,
 * or answer a wrong token sooner than a right one. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n.h"
#include "page.h"
#include "pages.h"
#include "qr.h"
#include "record.h"
#include "render.h"
#include "survey_link.h"

/* Every answer of the public pages takes at least this long, found or not, so that the time
 * of an answer tells nothing about whether a token exists. */
#define SURVEY_PAGE_FLOOR_MS 150

static void survey_today(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static double survey_ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Waits until SURVEY_PAGE_FLOOR_MS have passed since t0 (the routes run on the slow-work
 * threads, so the wait holds up no other page). */
static void survey_pad(const struct timespec *t0)
{
    double left = SURVEY_PAGE_FLOOR_MS - survey_ms_since(t0);
    if (left <= 0)
        return;
    struct timespec ts = {(time_t)(left / 1e3), (long)((left - (double)(long)(left / 1e3) * 1e3) * 1e6)};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* The scale's words, 1 = "inte alls" (SPEC). */
static const char *const SCALE_WORDS[] = {N_("Inte alls"), N_("I liten grad"), N_("I viss grad"),
                                          N_("I hög grad"), N_("I mycket hög grad")};

static const char *survey_error_for(const Errs *errs, const char *field)
{
    for (size_t i = 0; errs && i < errs->count; i++)
        if (errs->fields[i] && strcmp(errs->fields[i], field) == 0)
            return errs->msgs[i];
    return NULL;
}

/* One group of radio buttons in a fieldset: values[i] labelled labels[i]. */
static void survey_radios(Page *p, const char *name, const char *legend, const char *const *values,
                          const char *const *labels, size_t n, const char *chosen,
                          const char *error)
{
    page_raw(p, "<fieldset class=\"choices\">");
    page_printf(p, "<legend>%s</legend>\n", legend);
    if (error)
        page_printf(p, "<p class=\"field-error\">%s</p>\n", error);
    for (size_t i = 0; i < n; i++) {
        /* The radio button beside its label (not inside it: a label that holds its control
         * and also names it by id names it twice); the stylesheet makes the whole box the
         * label's target. */
        page_printf(p, "<div class=\"choice\"><input type=\"radio\" id=\"f-%s-%zu\" name=\"%s\" "
                       "value=\"%s\"", name, i, name, values[i]);
        if (chosen && strcmp(chosen, values[i]) == 0)
            page_raw(p, " checked");
        page_printf(p, "><label for=\"f-%s-%zu\">%s</label></div>\n", name, i, labels[i]);
    }
    page_raw(p, "</fieldset>\n");
}

static char *survey_field_name(const char *code)
{
    return xasprintf("q-%s", code);
}

/* The answer form, with what was sent and the messages when an answer was refused. */
static void survey_form_page(Ctx *c, Page *p, const SurveyForm *f, const char *token,
                             const Errs *errs)
{
    page_title(p, f->title);
    if (f->activity_title)
        page_printf(p, "<p class=\"lead\">%s%s%s</p>\n", f->activity_title,
                    f->activity_date ? ", " : "", f->activity_date ? f->activity_date : "");
    page_printf(p, "<p>%s</p>\n",
                _("Enkäten är anonym. Ditt namn sparas inte, inte heller när eller varifrån du "
                  "svarar. Organisation och kön är frivilliga och sparas bara där minst fem "
                  "deltagare delar dem."));
    if (f->closes)
        page_printf(p, "<p>%s %s</p>\n", _("Sista svarsdag:"), f->closes);
    if (errs && errs->count)
        page_error_summary(p, errs->count);
    char today[11], stamp[SURVEY_STAMP_LEN + 1];
    survey_today(today);
    survey_form_stamp(token, today, stamp);
    char *action = page_url("/s/%s", token);
    /* Not page_form_begin(): its CSRF token would need a cookie of this browser's own. */
    page_raw(p, "<form method=\"post\" class=\"survey-answer\"");
    page_attr(p, "action", action);
    page_raw(p, ">");
    page_hidden(p, "stamp", stamp);
    free(action);
    static const char *const scale_values[] = {"1", "2", "3", "4", "5"};
    const char *scale_labels[5];
    for (size_t i = 0; i < 5; i++)
        scale_labels[i] = _(SCALE_WORDS[i]);
    for (size_t i = 0; i < f->n_questions; i++) {
        const SurveyFormQuestion *q = &f->questions[i];
        char *name = survey_field_name(q->code);
        const char *sent = ctx_form(c, name);
        const char *error = survey_error_for(errs, q->code) ? _("Välj ett av svaren.") : NULL;
        if (strcmp(q->type, "scale5") == 0) {
            survey_radios(p, name, q->text, scale_values, scale_labels, 5, sent, error);
        } else if (strcmp(q->type, "yes_no") == 0) {
            static const char *const yn[] = {"yes", "no"};
            const char *labels[] = {_("Ja"), _("Nej")};
            survey_radios(p, name, q->text, yn, labels, 2, sent, error);
        } else {
            PageField fd = {.name = name, .label = q->text, .type = "textarea", .value = sent,
                            .error = survey_error_for(errs, q->code)
                                         ? _("Texten kan inte sparas: den är för lång eller "
                                             "har tecken som inte hör hemma i en text.")
                                         : NULL};
            page_field(p, &fd);
        }
        free(name);
    }
    size_t no = f->n_orgs;
    const char **opts = xcalloc(2 * no + 3, sizeof *opts);
    opts[0] = "";
    opts[1] = _("Vill inte ange");
    for (size_t i = 0; i < no; i++) {
        opts[2 + 2 * i] = f->orgs[i].code;
        opts[3 + 2 * i] = f->orgs[i].name;
    }
    PageField org = {.name = "organisation", .label = _("Organisation (frivilligt)"),
                     .type = "select", .value = ctx_form(c, "organisation"), .options = opts,
                     .error = survey_error_for(errs, "organisation")
                                  ? _("Välj en organisation i listan.") : NULL};
    page_field(p, &org);
    free(opts);
    static const char *const genders[] = {"female", "male", "other", ""};
    const char *gender_labels[] = {_("Kvinna"), _("Man"), _("Annat"), _("Vill inte ange")};
    survey_radios(p, "gender", _("Kön (frivilligt)"), genders, gender_labels, 4,
                  ctx_form(c, "gender"),
                  survey_error_for(errs, "gender") ? _("Välj ett av svaren.") : NULL);
    page_submit(p, _("Skicka svaren"));
    page_form_end(p);
}

/* The form's survey for the token of the path, or a 404 page (after the same wait as a found
 * one). 0 when found. */
static int survey_public_form(Ctx *c, Page *p, const struct timespec *t0, SurveyForm *f)
{
    char today[11];
    survey_today(today);
    Errs errs;
    errs_init(&errs);
    int rc = survey_form_get(c->db, ctx_param(c, "token"), today, f, &errs);
    errs_free(&errs);
    if (rc == INSATS_OK)
        return 0;
    survey_pad(t0);
    if (rc == INSATS_EINPUT)
        return page_fail(p, 404, _("Enkäten finns inte. Kontrollera adressen eller skanna "
                                   "QR-koden igen."));
    return page_fail(p, 503, _("Enkäten kan inte visas just nu. Försök igen om en stund."));
}

static bool survey_answered_here(const Ctx *c, const SurveyForm *f)
{
    const char *v = ctx_cookie(c, f->cookie);
    return f->one_per_browser && v && strcmp(v, "1") == 0;
}

static int survey_closed_page(Page *p, const SurveyForm *f)
{
    page_title(p, f->title);
    char *closed = xasprintf(_("Enkäten stängdes %s."), f->closes ? f->closes : "");
    page_printf(p, "<p role=\"status\">%s %s</p>\n", closed, _("Det går inte längre att svara."));
    free(closed);
    return 200;
}

static int survey_thanks_page(Page *p, const SurveyForm *f)
{
    page_title(p, f->title);
    page_printf(p, "<p role=\"status\">%s</p>\n",
                _("Tack! Ditt svar är sparat. Du kan stänga sidan."));
    return 200;
}

int page_survey_form(Ctx *c, Page *p)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    SurveyForm f;
    int st = survey_public_form(c, p, &t0, &f);
    if (st)
        return st;
    if (f.closed)
        st = survey_closed_page(p, &f);
    else if (survey_answered_here(c, &f) || ctx_query(c, "tack"))
        st = survey_thanks_page(p, &f);
    else {
        survey_form_page(c, p, &f, ctx_param(c, "token"), NULL);
        st = 200;
    }
    survey_form_free(&f);
    survey_pad(&t0);
    return st;
}

/* A public form has no session to tie its token to, so a post from another site is told by
 * the browser's own headers: Sec-Fetch-Site where it is sent, else Origin against Host. */
static bool survey_same_site(const Ctx *c)
{
    const char *site = ctx_header(c, "sec-fetch-site");
    if (site)
        return strcmp(site, "same-origin") == 0 || strcmp(site, "none") == 0;
    const char *origin = ctx_header(c, "origin");
    if (!origin || strcmp(origin, "null") == 0)
        return origin == NULL;
    const char *host = ctx_header(c, "host");
    const char *rest = strstr(origin, "://");
    return host && rest && strcasecmp(rest + 3, host) == 0;
}

int page_survey_answer(Ctx *c, Page *p)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    SurveyForm f;
    int st = survey_public_form(c, p, &t0, &f);
    if (st)
        return st;
    const char *token = ctx_param(c, "token");
    char today[11];
    survey_today(today);
    if (!survey_same_site(c) || !survey_form_stamp_ok(token, today, ctx_form(c, "stamp"))) {
        survey_form_free(&f);
        survey_pad(&t0);
        return page_fail(p, 403, _("Svaren kunde inte tas emot: formuläret har gått ut eller "
                                   "kommer inte från enkätens sida. Ladda om sidan och svara "
                                   "igen."));
    }
    if (f.closed) {
        st = survey_closed_page(p, &f);
    } else if (survey_answered_here(c, &f)) {
        st = survey_thanks_page(p, &f);
    } else {
        SurveyAnswerIn *in = xcalloc(f.n_questions ? f.n_questions : 1, sizeof *in);
        char **names = xcalloc(f.n_questions ? f.n_questions : 1, sizeof *names);
        for (size_t i = 0; i < f.n_questions; i++) {
            names[i] = survey_field_name(f.questions[i].code);
            in[i].question = f.questions[i].code;
            in[i].value = ctx_form(c, names[i]);
        }
        Errs errs;
        errs_init(&errs);
        bool closed = false;
        int rc = survey_answer_submit(c->db, token, today, in, f.n_questions,
                                      ctx_form(c, "organisation"), ctx_form(c, "gender"), &closed,
                                      &errs);
        if (rc == INSATS_OK) {
            /* The same cookie for everyone who answered: it says that, and nothing else. */
            char *cookie = xasprintf("%s=1; Path=/s/; Max-Age=31536000; HttpOnly; "
                                     "SameSite=Strict%s", f.cookie, c->https ? "; Secure" : "");
            page_set_cookie(p, cookie);
            free(cookie);
            char *to = page_url("/s/%s?tack=1", token);
            st = page_redirect(p, to);
            free(to);
        } else if (closed) {
            st = survey_closed_page(p, &f);
        } else if (rc == INSATS_EINPUT) {
            survey_form_page(c, p, &f, token, &errs);
            st = 422;
        } else {
            st = page_fail(p, 503, _("Svaren kunde inte sparas just nu. Försök igen om en "
                                     "stund."));
        }
        errs_free(&errs);
        for (size_t i = 0; i < f.n_questions; i++)
            free(names[i]);
        free(names);
        free(in);
    }
    survey_form_free(&f);
    survey_pad(&t0);
    return st;
}

/* ---- the survey's page: the link, its QR code, the response rate ------------------------ */

/* The response rate of the survey, when it has an activity. */
static void survey_page_rate(Ctx *c, Page *p, int64_t project, const char *code)
{
    char today[11];
    survey_today(today);
    SurveyRate *r = NULL;
    size_t n = 0;
    Errs errs;
    errs_init(&errs);
    if (survey_rates(c->db, &c->actor, project, today, false, &r, &n, &errs) == INSATS_OK) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(r[i].survey_code, code) != 0)
                continue;
            page_printf(p, "<h2>%s</h2>\n<p>", _("Svarsfrekvens"));
            if (r[i].rate_bp < 0) {
                page_printf(p, "%s", _("Ingen är markerad som närvarande på aktiviteten än."));
            } else {
                char rate[40];
                i18n_number(r[i].rate_bp / 10, 1, rate, sizeof rate);
                char *said = xasprintf(_n("%lld svar av %lld närvarande deltagare (%s %%)",
                                          "%lld svar av %lld närvarande deltagare (%s %%)",
                                          (unsigned long)r[i].present),
                                       (long long)r[i].responses, (long long)r[i].present, rate);
                page_text(p, said);
                free(said);

            }
            page_raw(p, "</p>\n");
            if (r[i].low)
                page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n",
                            _("Svarsfrekvensen är låg: påminn deltagarna om enkäten, till exempel "
                              "med bladet med QR-koden."));
        }
    }
    survey_rates_free(r, n);
    errs_free(&errs);
}

void page_survey_link_part(Ctx *c, Page *p, int64_t project, const char *code)
{
    survey_page_rate(c, p, project, code);
    char token[SURVEY_TOKEN_LEN + 1];
    Errs errs;
    errs_init(&errs);
    int rc = survey_link_token(c->db, &c->actor, project, code, false, token, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return;
    page_printf(p, "<h2>%s</h2>\n", _("Svarslänk"));
    if (!token[0]) {
        page_printf(p, "<p>%s</p>\n", _("Enkäten har ingen svarslänk än."));
        if (record_may_write(&c->actor, "survey", 0)) {
            char *action = page_url("/surveys/%s/link", code);
            page_button_form(p, action, _("Skapa svarslänk och QR-kod"));
            free(action);
        }
        return;
    }
    char *base = page_public_base(c);
    char *url = xasprintf("%s/s/%s", base, token);
    free(base);
    page_printf(p, "<p>%s <code class=\"link\">%s</code></p>\n",
                _("Deltagarna svarar anonymt på"), url);
    QrCode q;
    errs_init(&errs);
    if (qr_encode(url, &q, &errs) == INSATS_OK) {
        int side = qr_side(&q);
        Buf path = {0};
        qr_svg_path(&q, &path);
        page_printf(p, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                       "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
                    side, side, side * 5, side * 5, _("QR-kod med enkätens svarslänk"));
        page_printf(p, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>", side, side);
        page_printf(p, "<path fill=\"#000\" d=\"%s\"/></svg>\n", path.data ? path.data : "");
        buf_free(&path);
        qr_free(&q);
    }
    errs_free(&errs);
    char *sheet = page_url("/surveys/%s/sheet.pdf", code);
    page_raw(p, "<p>");
    page_link(p, sheet, _("Skriv ut bladet med QR-koden (PDF, A4)"));
    page_raw(p, "</p>\n");
    free(sheet);
    free(url);
}

/* The token of the survey {id} of the path (made when `create`), or the error page: 0 when
 * found (token may still be "" without create). */
static int survey_path_token(Ctx *c, Page *p, bool create, char token[SURVEY_TOKEN_LEN + 1])
{
    int64_t project = 0;
    int st = page_project(c, p, &project);
    if (st)
        return st;
    Errs errs;
    errs_init(&errs);
    int rc = survey_link_token(c->db, &c->actor, project, ctx_param(c, "id"), create, token,
                               &errs);
    errs_free(&errs);
    if (rc == INSATS_EFORBIDDEN)
        return page_fail(p, 403, _("Din roll ger inte tillgång till den här sidan."));
    if (rc == INSATS_EINPUT)
        return page_fail(p, 404, _("Enkäten finns inte."));
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Svarslänken kunde inte läsas eller sparas. Försök igen."));
    return 0;
}

int page_survey_link_create(Ctx *c, Page *p)
{
    char token[SURVEY_TOKEN_LEN + 1];
    int st = survey_path_token(c, p, true, token);
    if (st)
        return st;
    char *back = page_url("/surveys/%s", ctx_param(c, "id"));
    st = page_redirect(p, back);
    free(back);
    return st;
}

int page_survey_sheet(Ctx *c, Page *p)
{
    char token[SURVEY_TOKEN_LEN + 1];
    int st = survey_path_token(c, p, false, token);
    if (st)
        return st;
    const char *code = ctx_param(c, "id");
    Errs errs;
    errs_init(&errs);
    SurveyForm f = {0};
    char today[11];
    survey_today(today);
    if (!token[0] || survey_form_get(c->db, token, today, &f, &errs)) {
        errs_free(&errs);
        return page_fail(p, 404, _("Enkäten har ingen svarslänk. Skapa den på enkätens sida."));
    }
    char *base = page_public_base(c);
    char *url = xasprintf("%s/s/%s", base, token);
    json_t *sheet = survey_sheet_json(&f, url);
    Buf pdf = {0};
    if (sheet && render_survey_sheet(sheet, &pdf, &errs) == INSATS_OK) {
        char *name = xasprintf("enkat-%s.pdf", code);
        page_bytes(p, "application/pdf", name, pdf.data, pdf.len);
        free(name);
        st = 200;
    } else {
        st = page_fail(p, 500, _("Bladet kunde inte skapas. Försök igen."));
    }
    buf_free(&pdf);
    json_decref(sheet);
    free(url);
    free(base);
    survey_form_free(&f);
    errs_free(&errs);
    return st;
}

/* ---- a survey from a template ------------------------------------------------------------ */

static void survey_template_form(Ctx *c, Page *p, const Errs *errs)
{
    page_title(p, _("Ny enkät från mall"));
    page_printf(p, "<p>%s</p>\n",
                _("Mallen för utvärdering efter en aktivitet har frågor på skalan 1–5 där 1 är "
                  "\"inte alls\"; kartläggningen och uppföljningen har samma frågor, så att de "
                  "kan jämföras i slutrapporten. Enkäten får en svarslänk med QR-kod direkt."));
    if (errs && errs->count) {
        page_raw(p, "<div class=\"error-summary\" role=\"alert\">");
        for (size_t i = 0; i < errs->count; i++)
            page_printf(p, "<p>%s</p>", errs->msgs[i]);
        page_raw(p, "</div>\n");
    }
    page_form_begin(p, "/surveys/new/template");
    static const char *const tpl[] = {"after_activity", N_("Utvärdering efter aktivitet"),
                                      "baseline", N_("Kartläggning (nollmätning)"), "follow_up",
                                      N_("Uppföljning"), NULL};
    const char *opts[7];
    for (size_t i = 0; i < 6; i++)
        opts[i] = i % 2 ? _(tpl[i]) : tpl[i];
    opts[6] = NULL;
    PageField t = {.name = "template", .label = _("Mall"), .type = "select",
                   .value = ctx_form(c, "template"), .options = opts, .required = true};
    page_field(p, &t);
    PageField a = {.name = "activity", .label = _("Aktivitet (id)"),
                   .value = ctx_form(c, "activity"),
                   .hint = _("Tomt: en enkät till hela projektet.")};
    page_field(p, &a);
    PageField d = {.name = "closes", .label = _("Sista svarsdag"), .type = "date",
                   .value = ctx_form(c, "closes"),
                   .hint = _("Tomt: 14 dagar efter aktivitetens sista tillfälle.")};
    page_field(p, &d);
    page_submit(p, _("Skapa enkäten"));
    page_form_end(p);
}

int page_survey_template(Ctx *c, Page *p)
{
    survey_template_form(c, p, NULL);
    return 200;
}

int page_survey_template_create(Ctx *c, Page *p)
{
    int64_t project = 0;
    int rc = page_project(c, p, &project);
    if (rc)
        return rc;
    char today[11];
    survey_today(today);
    SurveyNew n = {.template_kind = ctx_form(c, "template"), .activity = ctx_form(c, "activity"),
                   .closes = ctx_form(c, "closes"), .today = today};
    char code[72] = "";
    Errs errs;
    errs_init(&errs);
    rc = survey_from_template(c->db, &c->actor, project, &n, code, sizeof code, &errs);
    int st;
    if (rc == INSATS_OK) {
        char *to = page_url("/surveys/%s", code);
        st = page_redirect(p, to);
        free(to);
    } else if (rc == INSATS_EFORBIDDEN) {
        st = page_fail(p, 403, _("Din roll ger inte tillgång till den här sidan."));
    } else if (rc == INSATS_EINPUT || rc == INSATS_EUSAGE) {
        survey_template_form(c, p, &errs);
        st = 422;
    } else {
        st = page_fail(p, 500, _("Enkäten kunde inte sparas. Försök igen."));
    }
    errs_free(&errs);
    return st;
}
