/* pages_account.c — the pages of one's own account and of the administrator's accounts: the
 * second factor (enrolment with its QR code, and the code after the password at login), "Mitt
 * konto" (password, other sessions, API tokens) and the user pages (list, add, edit, disable,
 * reset, trainers' activities). Every rule is the core's (account.c); this file reads forms and
 * writes pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "browse.h"
#include "i18n.h"
#include "outbox.h"
#include "activity.h"
#include "organisation.h"
#include "pages.h"
#include "project.h"
#include "router.h"
#include "session.h"

/* The session of this request, as the core sees it now; false when it has ended. */
static bool account_page_session(Ctx *c, AccountSession *s)
{
    return account_session_get(c->db, c->session, time(NULL), s) == INSATS_OK;
}

/* ---- the second factor ------------------------------------------------------------------ */

/* The QR code as inline SVG: its one path written through the escaping writer. */
static void account_page_qr(Page *p, const AccountTotpSetup *t)
{
    page_printf(p, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                   "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">",
                t->qr_size, t->qr_size, t->qr_size * 5, t->qr_size * 5,
                _("QR-kod med hemligheten för tvåstegsverifiering"));
    page_printf(p, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>", t->qr_size, t->qr_size);
    page_printf(p, "<path fill=\"#000\" d=\"%s\"/></svg>\n", t->qr_path);
}

static void account_page_code_field(Page *p, const char *error)
{
    page_field(p, &(PageField){.name = "code", .label = _("Kod från appen"),
                               .hint = _("Sex siffror. Koden byts var 30:e sekund."),
                               .autocomplete = "one-time-code", .error = error,
                               .required = true, .autofocus = true});
}

static int account_page_totp(Ctx *c, Page *p, const char *error)
{
    AccountSession s;
    if (!account_page_session(c, &s))
        return page_redirect(p, "/login");
    if (account_session_ready(&s))
        return page_redirect(p, "/");
    page_title(p, _("Tvåstegsverifiering"));
    if (error)
        page_error_summary(p, 1);
    if (s.totp_enrolled) {
        page_printf(p, "<p>%s</p>\n", _("Skriv in koden som appen för engångskoder visar för "
                                        "ditt konto."));
        page_form_begin(p, s.totp_enrolled ? WEB_TOTP_LOGIN_PATH : WEB_TOTP_ENROL_PATH);
        account_page_code_field(p, error);
        page_submit(p, _("Fortsätt"));
        page_form_end(p);
        return 200;
    }
    AccountTotpSetup t;
    Errs errs;
    errs_init(&errs);
    int rc = account_totp_begin(c->db, s.actor.user_id, &t, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, 500, _("Tvåstegsverifieringen kunde inte förberedas. Försök igen "
                                   "om en stund."));
    page_printf(p, "<p>%s</p>\n", _("Ditt konto har behörighet som kräver tvåstegsverifiering. "
                                    "Innan du kan använda tjänsten: skanna QR-koden med en app "
                                    "för engångskoder i telefonen och skriv in koden som appen "
                                    "visar."));
    account_page_qr(p, &t);
    page_printf(p, "<p>%s <code class=\"secret\">%s</code></p>\n",
                _("Går det inte att skanna? Skriv in den här hemligheten i appen:"),
                t.secret_base32);
    account_totp_setup_free(&t);
    page_form_begin(p, s.totp_enrolled ? WEB_TOTP_LOGIN_PATH : WEB_TOTP_ENROL_PATH);
    account_page_code_field(p, error);
    page_submit(p, _("Aktivera tvåstegsverifiering"));
    page_form_end(p);
    return 200;
}

int page_totp_form(Ctx *c, Page *p)
{
    return account_page_totp(c, p, NULL);
}

int page_totp_post(Ctx *c, Page *p)
{
    AccountSession s;
    if (!account_page_session(c, &s))
        return page_redirect(p, "/login");
    const char *code = ctx_form(c, "code");
    Errs errs;
    errs_init(&errs);
    int rc = s.totp_enrolled ? account_session_totp(c->db, c->session, code, time(NULL), &errs)
                             : account_totp_confirm(c->db, c->session, code, time(NULL), &errs);
    bool waiting = errs.count && strstr(errs.msgs[0], "try again in");
    errs_free(&errs);
    if (rc == INSATS_OK)
        return page_redirect(p, "/");
    if (rc == INSATS_ESTORAGE)
        return page_fail(p, 503, _("Koden kunde inte kontrolleras just nu. Försök igen om en "
                                   "stund."));
    p->status = 422;
    account_page_totp(c, p, waiting ? _("För många felaktiga koder. Vänta en stund och försök "
                                        "igen.")
                                    : _("Koden stämmer inte. Skriv in de sex siffror som appen "
                                        "visar just nu."));
    return 422;
}

/* ---- Mitt konto ------------------------------------------------------------------------- */

/* A Unix time as local "YYYY-MM-DD HH:MM", or "–" for 0. */
static void account_page_time(int64_t t, char out[20])
{
    time_local_minute(t, out, "–");
}

/* Swedish names of the roles, as the pages show them. */
static const char *account_page_role(Role r)
{
    switch (r) {
    case ROLE_ADMIN: return _("Administratör");
    case ROLE_MANAGER: return _("Projektledare");
    case ROLE_COORDINATOR: return _("Koordinator");
    case ROLE_ECONOMIST: return _("Ekonom");
    case ROLE_TRAINER: return _("Utbildare");
    case ROLE_READER: return _("Styrgrupp (läsare)");
    case ROLE_EVALUATOR: return _("Utvärderare");
    default: return "";
    }
}

/* The refusal of a malformed address, on one's own page and on an account's. */
#define ACCOUNT_BAD_EMAIL                                                                      \
    N_("Det ser inte ut som en e-postadress. Skriv den som namn@exempel.se, eller lämna "     \
       "fältet tomt.")

/* What a form on the account page said: the field it is about and the message, or a token to
 * show once. */
typedef struct AccountPageNote {
    const char *field;       /* "current", "password", "password2", "name" or NULL */
    const char *error;
    const char *done;        /* a confirmation ("Lösenordet är bytt.") */
    const char *token;       /* a new API token, shown this once */
    const char *email;       /* the address typed, kept when it was refused */
} AccountPageNote;

static const char *account_page_err(const AccountPageNote *n, const char *field)
{
    return n && n->field && strcmp(n->field, field) == 0 ? n->error : NULL;
}

/* The account's e-mail address and the kinds of message it receives (outbox.h). */
static void account_page_mail_form(Ctx *c, Page *p, const AccountPageNote *n)
{
    char email[256] = "";
    Errs errs;
    errs_init(&errs);
    outbox_account_email(c->db, c->actor.user_id, email, &errs);
    errs_free(&errs);
    page_printf(p, "<h2>%s</h2>\n", _("E-post"));
    page_printf(p, "<p>%s</p>\n", _("Hit skickar insats kallelser, besked om förslag och "
                                    "påminnelser. Bocka ur det du inte vill få."));
    page_form_begin(p, "/account/mail");
    page_field(p, &(PageField){.name = "email", .label = _("E-postadress"), .type = "email",
                               .autocomplete = "email",
                               .value = n && n->email ? n->email : email,
                               .error = account_page_err(n, "email")});
    page_printf(p, "<fieldset><legend>%s</legend>", _("Skicka mig"));
    size_t nk;
    const OutboxKind *k = outbox_kinds(&nk);
    for (size_t i = 0; i < nk; i++) {
        if (k[i].fixed)
            continue;
        char *name = xasprintf("get_%s", k[i].kind);
        page_field(p, &(PageField){.name = name, .label = _(k[i].label), .type = "checkbox",
                                   .value = outbox_kind_off(c->db, c->actor.user_id, k[i].kind)
                                                ? "0" : "1"});
        free(name);
    }
    page_raw(p, "</fieldset>");
    page_submit(p, _("Spara e-postinställningar"));
    page_form_end(p);
}

/* The language the account reads insats in (account_set_lang). The heading is in both
 * languages and each language is named in itself, so that someone who landed in the language
 * they do not read still finds the way back. */
static void account_page_lang_form(Page *p, Lang chosen, const AccountPageNote *n)
{
    static const char *const codes[] = {"sv", "en", "auto"};
    const char *err = account_page_err(n, "lang");
    page_raw(p, "<h2><span lang=\"sv\">Språk</span> / <span lang=\"en\">Language</span></h2>\n");
    page_form_begin(p, "/account/lang");
    page_raw(p, "<fieldset class=\"choices\" aria-describedby=\"f-lang-hint");
    if (err)
        page_raw(p, " f-lang-err");
    page_printf(p, "\"><legend>%s</legend>\n", _("Visa sidorna på"));
    page_printf(p, "<p class=\"hint\" id=\"f-lang-hint\">%s</p>\n",
                _("Med webbläsarens val visas sidorna på det språk som din webbläsare ber om, "
                  "och annars på svenska."));
    if (err)
        page_printf(p, "<p class=\"error\" id=\"f-lang-err\"><span class=\"vh\">%s </span>%s"
                       "</p>\n", _("Fel:"), err);
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        bool on = i < 2 ? chosen == i18n_parse(codes[i]) : chosen == LANG_NONE;
        page_printf(p, "<div class=\"field choice\"><input type=\"radio\" id=\"f-lang-%s\" "
                       "name=\"lang\" value=\"%s\"", codes[i], codes[i]);
        if (on)
            page_raw(p, " checked");
        page_printf(p, "><label for=\"f-lang-%s\"", codes[i]);
        /* Svenska and English are their own names whatever the page's language. */
        if (i == 0)
            page_raw(p, " lang=\"sv\">Svenska");
        else if (i == 1)
            page_raw(p, " lang=\"en\">English");
        else
            page_printf(p, ">%s", _("Webbläsarens val"));
        page_raw(p, "</label></div>\n");
    }
    page_raw(p, "</fieldset>\n");
    page_submit(p, _("Spara språket"));
    page_form_end(p);
}

static int account_page_mine(Ctx *c, Page *p, const AccountPageNote *n)
{
    AccountUser u;
    Errs errs;
    errs_init(&errs);
    int rc = account_get(c->db, c->actor.user_id, &u, &errs);
    AccountToken *tokens = NULL;
    size_t ntok = 0;
    if (rc == INSATS_OK)
        rc = account_token_list(c->db, u.id, &tokens, &ntok, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, 503, _("Kontot kunde inte läsas just nu. Försök igen om en stund."));
    page_title(p, _("Mitt konto"));
    if (n && n->error)
        page_error_summary(p, 1);
    if (n && n->done)
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", n->done);
    page_printf(p, "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                   "</dl>\n", _("Namn"), u.name, _("Användarnamn"), u.login, _("Roll"),
                account_page_role(u.role));

    account_page_lang_form(p, u.lang, n);
    account_page_mail_form(c, p, n);

    page_printf(p, "<h2>%s</h2>\n", _("Byt lösenord"));
    page_form_begin(p, "/account/password");
    page_field(p, &(PageField){.name = "current", .label = _("Nuvarande lösenord"),
                               .type = "password", .autocomplete = "current-password",
                               .error = account_page_err(n, "current"), .required = true});
    page_field(p, &(PageField){.name = "password", .label = _("Nytt lösenord"),
                               .type = "password", .autocomplete = "new-password",
                               .hint = _("Minst 12 tecken. Några ord i rad är lättare att "
                                         "minnas än tecken i oordning."),
                               .error = account_page_err(n, "password"), .required = true});
    page_field(p, &(PageField){.name = "password2", .label = _("Nytt lösenord igen"),
                               .type = "password", .autocomplete = "new-password",
                               .error = account_page_err(n, "password2"), .required = true});
    page_submit(p, _("Byt lösenord"));
    page_form_end(p);
    page_printf(p, "<p>%s</p>\n", _("När lösenordet byts loggas du ut överallt utom här."));

    page_printf(p, "<h2>%s</h2>\n", _("Andra inloggningar"));
    page_printf(p, "<p>%s</p>\n", _("Har du glömt att logga ut på en annan dator, eller tror du "
                                    "att någon annan använder ditt konto?"));
    page_button_form(p, "/account/logout-others", _("Logga ut mina andra inloggningar"));

    page_printf(p, "<h2>%s</h2>\n", _("API-nycklar"));
    page_printf(p, "<p>%s</p>\n", _("En API-nyckel låter ett skript eller ett annat system läsa "
                                    "och skriva med din behörighet. Den visas bara en gång."));
    if (n && n->token) {
        page_printf(p, "<div class=\"notice\" role=\"status\"><p>%s</p><p><code class=\"secret\">"
                       "%s</code></p></div>\n",
                    _("Din nya nyckel. Kopiera den nu: den visas inte igen."), n->token);
    }
    if (ntok) {
        static const char *const head[] = {N_("Namn"), N_("Skapad"), N_("Senast använd"),
                                           N_("Status"), N_("Åtgärd"), NULL};
        page_table_begin_marked(p, _("Dina API-nycklar"), head, 0);
        for (size_t i = 0; i < ntok; i++) {
            char made[20], used[20];
            account_page_time(tokens[i].created, made);
            account_page_time(tokens[i].last_used, used);
            page_tr(p);
            page_th_row(p, tokens[i].name);
            page_td(p, made);
            page_td(p, used);
            page_td(p, tokens[i].revoked ? _("Återkallad") : _("Giltig"));
            page_raw(p, "<td>");
            if (!tokens[i].revoked) {
                char id[24];
                snprintf(id, sizeof id, "%lld", (long long)tokens[i].id);
                char *action = page_url("/account/tokens/%s/revoke", id);
                page_button_form(p, action, _("Återkalla"));
                free(action);
            }
            page_raw(p, "</td>");
            page_tr_end(p);
        }
        page_table_end(p);
    }
    page_form_begin(p, "/account/tokens");
    page_field(p, &(PageField){.name = "name", .label = _("Vad nyckeln ska användas till"),
                               .error = account_page_err(n, "name"), .required = true});
    page_submit(p, _("Skapa API-nyckel"));
    page_form_end(p);
    free(tokens);
    return p->status;
}

/* ---- choices from the project: organisations and activities ------------------------------- */

/* value, label pairs for a select, from a browse_list of one kind: the id and its name or
 * title column. Owned strings, NULL-terminated (account_page_choices_free). */
typedef struct AccountChoices {
    char **items;
    size_t n, cap;
    int label_col;
} AccountChoices;

static void account_choice_add(AccountChoices *ch, const char *s)
{
    if (ch->n + 2 > ch->cap) {
        ch->cap = ch->cap ? 2 * ch->cap : 32;
        ch->items = xrealloc(ch->items, ch->cap * sizeof *ch->items);
    }
    ch->items[ch->n++] = xstrdup(s);
    ch->items[ch->n] = NULL;
}

static int account_choice_row(void *ctx, int ncols, const char *const *values)
{
    AccountChoices *ch = ctx;
    if (ch->label_col < 0) {
        /* The header row: find the column that names the record. */
        ch->label_col = 0;
        for (int i = 0; i < ncols; i++)
            if (strcmp(values[i], "name") == 0 || strcmp(values[i], "title") == 0)
                ch->label_col = i;
        return 0;
    }
    char *label = xasprintf("%s (%s)", values[ch->label_col], values[0]);
    account_choice_add(ch, values[0]);
    account_choice_add(ch, label);
    free(label);
    return 0;
}

/* The records of kind ("organisations", "activities") of the only project, after a first
 * choice of none ("", none_label). */
static void account_page_choices(Ctx *c, const char *kind, const char *none_label,
                                 AccountChoices *ch)
{
    memset(ch, 0, sizeof *ch);
    ch->label_col = -1;
    account_choice_add(ch, "");
    account_choice_add(ch, none_label);
    int64_t project = 0;
    Errs errs;
    errs_init(&errs);
    if (project_resolve(c->db, NULL, &project, &errs) == INSATS_OK)
        browse_list(c->db, &c->actor, project, kind, NULL, account_choice_row, ch, &errs);
    errs_free(&errs);
}

static void account_page_choices_free(AccountChoices *ch)
{
    for (size_t i = 0; i < ch->n; i++)
        free(ch->items[i]);
    free(ch->items);
}

/* The role choices of a select: value, label, …, NULL. */
static const char *const *account_page_roles(void)
{
    static const char *opts[2 * ROLE_COUNT + 1];
    for (int r = 0; r < ROLE_COUNT; r++) {
        opts[2 * r] = actor_role_name((Role)r);
        opts[2 * r + 1] = account_page_role((Role)r);
    }
    return opts;
}

/* The organisation of a form field (its code), 0 for none; false when the code is unknown. */
static bool account_page_org(Ctx *c, const char *code, int64_t *id)
{
    *id = 0;
    if (!code || !*code)
        return true;
    int64_t project = 0;
    Errs errs;
    errs_init(&errs);
    bool ok = project_resolve(c->db, NULL, &project, &errs) == INSATS_OK
              && (*id = organisation_find(c->db, project, code)) > 0;
    errs_free(&errs);
    return ok;
}

/* ---- the administrator's user pages ----------------------------------------------------- */

/* What the user pages show above their content: an error of a field, a confirmation, or a
 * generated password to give to the person, shown this once. */
typedef struct UsersNote {
    const char *field;
    const char *error;
    const char *done;
    const char *password;
    const char *login;       /* whose password */
} UsersNote;

static void account_page_note(Page *p, const UsersNote *n)
{
    if (!n)
        return;
    if (n->error && !n->field)
        page_printf(p, "<div class=\"error-summary\" role=\"alert\"><p>%s</p></div>\n", n->error);
    else if (n->error)
        page_error_summary(p, 1);
    if (n->done)
        page_printf(p, "<p class=\"notice\" role=\"status\">%s</p>\n", n->done);
    char whose[160];
    if (n->password)
        snprintf(whose, sizeof whose, _("Tillfälligt lösenord för %s:"), n->login);
    if (n->password)
        page_printf(p, "<div class=\"notice\" role=\"status\"><p>%s</p>"
                       "<p><code class=\"secret\">%s</code></p><p>%s</p></div>\n",
                    whose, n->password,
                    _("Det visas bara nu. Ge det till personen på ett säkert sätt; hen byter det "
                      "under Mitt konto."));
}

static const char *users_err(const UsersNote *n, const char *field)
{
    return n && n->field && strcmp(n->field, field) == 0 ? n->error : NULL;
}

/* The name, role and organisation fields of the add and edit forms. */
static void account_page_user_fields(Ctx *c, Page *p, const UsersNote *n, const char *name,
                                     const char *role, const char *org)
{
    page_field(p, &(PageField){.name = "name", .label = _("Namn"), .value = name,
                               .error = users_err(n, "name"), .required = true});
    page_field(p, &(PageField){.name = "role", .label = _("Roll"), .type = "select",
                               .value = role, .options = account_page_roles(),
                               .error = users_err(n, "role"), .required = true});
    AccountChoices orgs;
    account_page_choices(c, "organisations", _("Ingen"), &orgs);
    page_field(p, &(PageField){.name = "organisation", .label = _("Organisation"),
                               .type = "select", .value = org,
                               .options = (const char *const *)orgs.items,
                               .hint = _("Krävs för en koordinator: den organisation hen "
                                         "samordnar."),
                               .error = users_err(n, "organisation")});
    account_page_choices_free(&orgs);
}

static int account_page_users(Ctx *c, Page *p, const UsersNote *n)
{
    AccountUser *users = NULL;
    size_t count = 0;
    Errs errs;
    errs_init(&errs);
    int rc = account_list(c->db, &users, &count, &errs);
    errs_free(&errs);
    if (rc != INSATS_OK)
        return page_fail(p, 503, _("Kontona kunde inte läsas just nu. Försök igen om en "
                                   "stund."));
    page_title(p, _("Användare"));
    account_page_note(p, n);
    const char *head[] = {_("Användarnamn"), _("Namn"), _("Roll"), _("Organisation"),
                          _("Status"), _("Tvåstegsverifiering"), NULL};
    page_table_begin(p, _("Alla konton"), head);
    for (size_t i = 0; i < count; i++) {
        const AccountUser *u = &users[i];
        char *href = page_url("/admin/users/%s", u->login);
        page_tr(p);
        page_raw(p, "<th scope=\"row\">");
        page_link(p, href, u->login);
        page_raw(p, "</th>");
        free(href);
        page_td(p, u->name);
        page_td(p, account_page_role(u->role));
        page_td(p, u->organisation_code[0] ? u->organisation_code : "–");
        page_td(p, u->disabled ? _("Inaktiverat") : u->has_password ? _("Aktivt")
                                                                    : _("Inget lösenord"));
        page_td(p, u->totp_enrolled ? _("Ja") : _("Nej"));
        page_tr_end(p);
    }
    page_table_end(p);
    free(users);

    page_printf(p, "<h2>%s</h2>\n", _("Lägg till ett konto"));
    page_form_begin(p, "/admin/users");
    page_field(p, &(PageField){.name = "login", .label = _("Användarnamn"),
                               .value = ctx_form(c, "login"),
                               .hint = _("Små bokstäver a–z, siffror, punkt, bindestreck och "
                                         "understreck."),
                               .error = users_err(n, "login"), .required = true});
    account_page_user_fields(c, p, n, ctx_form(c, "name"), ctx_form(c, "role"),
                             ctx_form(c, "organisation"));
    page_submit(p, _("Lägg till"));
    page_form_end(p);
    return p->status;
}

int page_users(Ctx *c, Page *p)
{
    return account_page_users(c, p, NULL);
}

/* The field a core message is about ("login: …" → "login"), or NULL. */
static const char *account_page_field_of(const char *msg)
{
    static const char *const fields[] = {"login", "name", "role", "organisation", "password",
                                         NULL};
    for (size_t i = 0; fields[i]; i++) {
        size_t n = strlen(fields[i]);
        if (strncmp(msg, fields[i], n) == 0 && msg[n] == ':')
            return fields[i];
    }
    return NULL;
}

/* The Swedish words of a password problem (account_password_check). */
static const char *account_page_pw_problem(AccountPwProblem pw)
{
    switch (pw) {
    case ACCOUNT_PW_SHORT:
        return _("Lösenordet behöver minst 12 tecken. Några ord i rad är lättare att minnas.");
    case ACCOUNT_PW_LONG:
        return _("Lösenordet får vara högst 4096 byte långt.");
    case ACCOUNT_PW_ENCODING:
        return _("Lösenordet får inte innehålla radbrytningar, tabbar eller andra styrtecken.");
    case ACCOUNT_PW_COMMON:
        return _("Lösenordet är ett av de 10 000 vanligaste, eller ett av dem med siffror eller "
                 "tecken före eller efter, och prövas först av den som försöker gissa. Välj ett "
                 "annat.");
    case ACCOUNT_PW_PATTERN:
        return _("Lösenordet är en upprepning eller en följd av tecken (som 111111111111 eller "
                 "123456789012) och prövas tidigt av den som försöker gissa. Välj ett annat.");
    default:
        return NULL;
    }
}

/* Reads and checks name, role and organisation of a form; on a problem fills n and returns
 * false. */
static bool account_page_read_user(Ctx *c, UsersNote *n, const char **name, Role *role,
                                   int64_t *org)
{
    *name = ctx_form(c, "name");
    if (!*name || !**name) {
        *n = (UsersNote){.field = "name", .error = _("Skriv namnet på personen som ska använda "
                                                     "kontot.")};
        return false;
    }
    if (!actor_role_parse(ctx_form(c, "role"), role)) {
        *n = (UsersNote){.field = "role", .error = _("Välj en roll.")};
        return false;
    }
    if (!account_page_org(c, ctx_form(c, "organisation"), org)) {
        *n = (UsersNote){.field = "organisation", .error = _("Välj en organisation i listan.")};
        return false;
    }
    if (*role == ROLE_COORDINATOR && *org == 0) {
        *n = (UsersNote){.field = "organisation", .error = _("En koordinator behöver den "
                                                             "organisation hen samordnar.")};
        return false;
    }
    return true;
}

/* The core's refusal of a user form as a note, by the field it names. */
static void account_page_refusal(const Errs *errs, UsersNote *n)
{
    const char *field = errs->count ? account_page_field_of(errs->msgs[0]) : NULL;
    if (field && strcmp(field, "login") == 0)
        *n = (UsersNote){.field = "login", .error = _("Det finns redan ett konto med det "
                                                      "användarnamnet.")};
    else if (field && strcmp(field, "name") == 0)
        *n = (UsersNote){.field = "name", .error = _("Namnet ska stå på en rad och vara högst "
                                                     "200 tecken.")};
    else
        *n = (UsersNote){.error = _("Kontot kunde inte sparas. Försök igen om en stund.")};
}

int page_users_add(Ctx *c, Page *p)
{
    UsersNote n = {0};
    const char *login = ctx_form(c, "login");
    AccountNew in = {.login = login};
    char password[32];
    AccountUser u;
    if (!account_login_valid(login)) {
        n = (UsersNote){.field = "login", .error = _("Användarnamnet får bara innehålla små "
                                                     "bokstäver a–z, siffror, punkt, bindestreck "
                                                     "och understreck, och börja med en bokstav "
                                                     "eller siffra.")};
    } else if (account_page_read_user(c, &n, &in.name, &in.role, &in.organisation_id)) {
        Errs errs;
        errs_init(&errs);
        int64_t id = 0;
        int rc = account_add(c->db, &c->actor, &in, &id, &errs);
        if (rc == INSATS_OK)
            rc = account_password_generate(c->db, &c->actor, id, password, &errs);
        if (rc == INSATS_OK) {
            account_get(c->db, id, &u, &errs);
            n = (UsersNote){.done = _("Kontot är skapat."), .password = password,
                            .login = u.login};
            /* The form starts empty again. */
            web_pairs_free(&c->form);
        } else {
            account_page_refusal(&errs, &n);
        }
        errs_free(&errs);
    }
    if (n.error)
        p->status = 422;
    int st = account_page_users(c, p, &n);
    explicit_bzero(password, sizeof password);
    return st;
}

/* The account of the path's {login}; false (and a 404 page) when there is none. */
static bool account_page_user_of(Ctx *c, Page *p, AccountUser *u, int *status)
{
    Errs errs;
    errs_init(&errs);
    int rc = account_find(c->db, ctx_param(c, "login"), u, &errs);
    errs_free(&errs);
    if (rc == INSATS_OK)
        return true;
    *status = rc == INSATS_EINPUT ? page_fail(p, 404, _("Det finns inget sådant konto."))
                                  : page_fail(p, 503, _("Kontot kunde inte läsas just nu. "
                                                        "Försök igen om en stund."));
    return false;
}

/* A one-button form to the account's own path + suffix. */
static void account_page_user_button(Page *p, const AccountUser *u, const char *suffix,
                                     const char *label)
{
    char *action = page_url("/admin/users/%s/%s", u->login, suffix);
    page_button_form(p, action, label);
    free(action);
}

/* The activities a trainer is assigned to, each with a button that takes it away, and a form
 * that adds one. */
static void account_page_trainer(Ctx *c, Page *p, const AccountUser *u, const UsersNote *n)
{
    page_printf(p, "<h2>%s</h2>\n", _("Aktiviteter som utbildaren är tilldelad"));
    AccountChoices acts;
    account_page_choices(c, "activities", _("Välj en aktivitet"), &acts);
    int64_t *ids = NULL;
    size_t count = 0;
    Errs errs;
    errs_init(&errs);
    account_trainer_activities(c->db, u->id, &ids, &count, &errs);
    errs_free(&errs);
    int64_t project = 0;
    errs_init(&errs);
    project_resolve(c->db, NULL, &project, &errs);
    errs_free(&errs);
    char *action = page_url("/admin/users/%s/activities", u->login);
    bool any = false;
    /* The choices hold every activity of the project: show those assigned, by their id. */
    for (size_t i = 2; i + 1 < acts.n; i += 2) {
        int64_t id = activity_find(c->db, project, acts.items[i]);
        bool assigned = false;
        for (size_t k = 0; k < count; k++)
            assigned |= ids[k] == id;
        if (!assigned)
            continue;
        if (!any)
            page_raw(p, "<ul class=\"assigned\">\n");
        any = true;
        page_printf(p, "<li>%s ", acts.items[i + 1]);
        page_form_begin(p, action);
        page_hidden(p, "activity", acts.items[i]);
        page_hidden(p, "remove", "1");
        page_submit(p, _("Ta bort"));
        page_form_end(p);
        page_raw(p, "</li>\n");
    }
    if (any)
        page_raw(p, "</ul>\n");
    else
        page_printf(p, "<p>%s</p>\n", _("Ingen aktivitet ännu."));
    page_form_begin(p, action);
    page_field(p, &(PageField){.name = "activity", .label = _("Tilldela aktivitet"),
                               .type = "select", .options = (const char *const *)acts.items,
                               .error = users_err(n, "activity"), .required = true});
    page_submit(p, _("Tilldela"));
    page_form_end(p);
    free(action);
    free(ids);
    account_page_choices_free(&acts);
}

static int account_page_user(Ctx *c, Page *p, const UsersNote *n)
{
    AccountUser u;
    int st = 0;
    if (!account_page_user_of(c, p, &u, &st))
        return st;
    char title[160];
    snprintf(title, sizeof title, _("Konto %s"), u.login);
    page_title(p, title);
    account_page_note(p, n);
    page_printf(p, "<p>%s: %s. %s: %s.</p>\n", _("Status"),
                u.disabled ? _("inaktiverat") : u.has_password ? _("aktivt")
                                                               : _("inget lösenord"),
                _("Tvåstegsverifiering"), u.totp_enrolled ? _("aktiverad") : _("inte aktiverad"));
    char *action = page_url("/admin/users/%s", u.login);
    page_form_begin(p, action);
    free(action);
    const char *name = n && n->error ? ctx_form(c, "name") : u.name;
    const char *role = n && n->error ? ctx_form(c, "role") : actor_role_name(u.role);
    const char *org = n && n->error ? ctx_form(c, "organisation") : u.organisation_code;
    account_page_user_fields(c, p, n, name, role, org);
    page_submit(p, _("Spara"));
    page_form_end(p);
    page_printf(p, "<p>%s</p>\n", _("En ny roll gäller från nästa inloggning: kontot loggas ut "
                                    "när den sparas."));

    /* the address the account's e-mail goes to (outbox.h), which an admin sets for someone
     * who cannot log in to set it themselves */
    page_printf(p, "<h2>%s</h2>\n", _("E-post"));
    char email[256] = "";
    Errs errs;
    errs_init(&errs);
    outbox_account_email(c->db, u.id, email, &errs);
    errs_free(&errs);
    action = page_url("/admin/users/%s/email", u.login);
    page_form_begin(p, action);
    free(action);
    page_field(p, &(PageField){.name = "email", .label = _("E-postadress"), .type = "email",
                               .autocomplete = "off",
                               .value = users_err(n, "email") ? ctx_form(c, "email") : email,
                               .error = users_err(n, "email"),
                               .hint = _("Hit går kontots kallelser, besked om förslag och "
                                         "påminnelser. Lämna tomt för ingen e-post.")});
    page_submit(p, _("Spara e-postadressen"));
    page_form_end(p);

    page_printf(p, "<h2>%s</h2>\n", _("Åtkomst"));
    if (u.disabled)
        account_page_user_button(p, &u, "enable", _("Aktivera kontot"));
    else if (u.id != c->actor.user_id)
        account_page_user_button(p, &u, "disable", _("Inaktivera kontot"));
    account_page_user_button(p, &u, "password", _("Skapa ett nytt tillfälligt lösenord"));
    if (u.totp_enrolled)
        account_page_user_button(p, &u, "totp-reset",
                                 _("Nollställ tvåstegsverifieringen (borttappad telefon)"));
    if (u.role == ROLE_TRAINER)
        account_page_trainer(c, p, &u, n);
    return p->status;
}

int page_user(Ctx *c, Page *p)
{
    return account_page_user(c, p, NULL);
}

int page_user_update(Ctx *c, Page *p)
{
    AccountUser u;
    int st = 0;
    if (!account_page_user_of(c, p, &u, &st))
        return st;
    UsersNote n = {0};
    const char *name;
    Role role;
    int64_t org;
    if (account_page_read_user(c, &n, &name, &role, &org)) {
        Errs errs;
        errs_init(&errs);
        if (account_update(c->db, &c->actor, u.id, name, role, org, &errs) == INSATS_OK)
            n = (UsersNote){.done = _("Ändringarna är sparade.")};
        else
            account_page_refusal(&errs, &n);
        errs_free(&errs);
    }
    if (n.error)
        p->status = 422;
    return account_page_user(c, p, &n);
}

int page_user_email(Ctx *c, Page *p)
{
    AccountUser u;
    int st = 0;
    if (!account_page_user_of(c, p, &u, &st))
        return st;
    Errs errs;
    errs_init(&errs);
    int rc = outbox_set_account_email(c->db, &c->actor, u.id, ctx_form(c, "email"), &errs);
    errs_free(&errs);
    UsersNote n = {.done = _("E-postadressen är sparad.")};
    if (rc == INSATS_EINPUT)
        n = (UsersNote){.field = "email", .error = _(ACCOUNT_BAD_EMAIL)};
    else if (rc != INSATS_OK)
        n = (UsersNote){.error = _("E-postadressen kunde inte sparas just nu. Försök igen om "
                                   "en stund.")};
    if (n.error)
        p->status = rc == INSATS_EINPUT ? 422 : 503;
    return account_page_user(c, p, &n);
}

/* The one-button actions on an account: enable, disable, a new password, a second factor reset. */
typedef enum UserAction { USER_ENABLE, USER_DISABLE, USER_PASSWORD, USER_TOTP_RESET } UserAction;

static int account_page_user_action(Ctx *c, Page *p, UserAction what)
{
    AccountUser u;
    int st = 0;
    if (!account_page_user_of(c, p, &u, &st))
        return st;
    Errs errs;
    errs_init(&errs);
    UsersNote n = {0};
    char password[32] = "";
    int rc;
    if (what == USER_ENABLE || what == USER_DISABLE) {
        bool off = what == USER_DISABLE;
        /* An administrator who disabled themselves would be locked out at once. */
        if (off && u.id == c->actor.user_id) {
            errs_free(&errs);
            n = (UsersNote){.error = _("Du kan inte inaktivera ditt eget konto.")};
            p->status = 422;
            return account_page_user(c, p, &n);
        }
        rc = account_set_disabled(c->db, &c->actor, u.id, off, &errs);
        n.done = off ? _("Kontot är inaktiverat och utloggat.") : _("Kontot är aktiverat.");
    } else if (what == USER_PASSWORD) {
        rc = account_password_generate(c->db, &c->actor, u.id, password, &errs);
        n = (UsersNote){.password = password, .login = u.login,
                        .done = _("Det gamla lösenordet gäller inte längre.")};
    } else {
        rc = account_totp_reset(c->db, &c->actor, u.id, &errs);
        n.done = _("Tvåstegsverifieringen är nollställd. Kontot aktiverar en ny vid nästa "
                   "inloggning.");
    }
    errs_free(&errs);
    if (rc != INSATS_OK) {
        n = (UsersNote){.error = _("Ändringen kunde inte sparas. Försök igen om en stund.")};
        p->status = 503;
    }
    st = account_page_user(c, p, &n);
    explicit_bzero(password, sizeof password);
    return st;
}

int page_user_enable(Ctx *c, Page *p)
{
    return account_page_user_action(c, p, USER_ENABLE);
}

int page_user_disable(Ctx *c, Page *p)
{
    return account_page_user_action(c, p, USER_DISABLE);
}

int page_user_password(Ctx *c, Page *p)
{
    return account_page_user_action(c, p, USER_PASSWORD);
}

int page_user_totp_reset(Ctx *c, Page *p)
{
    return account_page_user_action(c, p, USER_TOTP_RESET);
}

int page_user_activities(Ctx *c, Page *p)
{
    AccountUser u;
    int st = 0;
    if (!account_page_user_of(c, p, &u, &st))
        return st;
    const char *code = ctx_form(c, "activity");
    bool remove = ctx_form(c, "remove") != NULL;
    int64_t project = 0, activity = 0;
    Errs errs;
    errs_init(&errs);
    if (code && *code && project_resolve(c->db, NULL, &project, &errs) == INSATS_OK)
        activity = activity_find(c->db, project, code);
    UsersNote n = {0};
    if (activity == 0)
        n = (UsersNote){.field = "activity", .error = _("Välj en aktivitet i listan.")};
    else if (account_trainer_assign(c->db, &c->actor, u.id, activity, !remove, &errs)
             == INSATS_OK)
        n.done = remove ? _("Aktiviteten är borttagen från utbildaren.")
                        : _("Utbildaren är tilldelad aktiviteten.");
    else
        n = (UsersNote){.error = _("Tilldelningen kunde inte sparas.")};
    errs_free(&errs);
    if (n.error)
        p->status = 422;
    return account_page_user(c, p, &n);
}

int page_account(Ctx *c, Page *p)
{
    return account_page_mine(c, p, NULL);
}

int page_account_password(Ctx *c, Page *p)
{
    const char *current = ctx_form(c, "current");
    const char *pw = ctx_form(c, "password");
    const char *pw2 = ctx_form(c, "password2");
    AccountPageNote n = {0};
    AccountPwProblem problem = account_password_check(pw ? pw : "");
    if (problem != ACCOUNT_PW_OK) {
        n = (AccountPageNote){.field = "password", .error = account_page_pw_problem(problem)};
    } else if (!pw2 || strcmp(pw, pw2) != 0) {
        n = (AccountPageNote){.field = "password2", .error = _("Lösenorden är inte lika. Skriv "
                                                               "samma nya lösenord två gånger.")};
    } else {
        Errs errs;
        errs_init(&errs);
        int64_t wait = 0;
        int rc = account_change_password(c->db, c->session, current ? current : "", pw,
                                         time(NULL), &wait, &errs);
        errs_free(&errs);
        if (rc == INSATS_OK)
            n.done = _("Lösenordet är bytt. Dina andra inloggningar är utloggade.");
        else if (rc == INSATS_EINPUT && wait > 0)
            n = (AccountPageNote){.field = "current", .error = _("För många felaktiga försök. "
                                                                 "Vänta en stund och försök "
                                                                 "igen.")};
        else if (rc == INSATS_EINPUT)
            n = (AccountPageNote){.field = "current", .error = _("Det nuvarande lösenordet "
                                                                 "stämmer inte.")};
        else
            n = (AccountPageNote){.error = _("Lösenordet kunde inte bytas just nu. Försök igen "
                                             "om en stund.")};
    }
    if (n.error)
        p->status = 422;
    return account_page_mine(c, p, &n);
}

int page_account_mail(Ctx *c, Page *p)
{
    const char *email = ctx_form(c, "email");
    AccountPageNote n = {0};
    Errs errs;
    errs_init(&errs);
    int rc = outbox_set_account_email(c->db, &c->actor, c->actor.user_id, email, &errs);
    size_t nk;
    const OutboxKind *k = outbox_kinds(&nk);
    for (size_t i = 0; rc == INSATS_OK && i < nk; i++) {
        if (k[i].fixed)
            continue;
        char *name = xasprintf("get_%s", k[i].kind);
        const char *v = ctx_form(c, name);
        free(name);
        rc = outbox_set_kind_off(c->db, &c->actor, c->actor.user_id, k[i].kind,
                                 !(v && strcmp(v, "1") == 0), &errs);
    }
    errs_free(&errs);
    if (rc == INSATS_OK)
        n.done = _("Dina e-postinställningar är sparade.");
    else if (rc == INSATS_EINPUT)
        n = (AccountPageNote){.field = "email", .email = email,
                              .error = _(ACCOUNT_BAD_EMAIL)};
    else
        n = (AccountPageNote){.error = _("Inställningarna kunde inte sparas just nu. Försök "
                                         "igen om en stund.")};
    if (n.error)
        p->status = 422;
    return account_page_mine(c, p, &n);
}

int page_account_lang(Ctx *c, Page *p)
{
    const char *code = ctx_form(c, "lang");
    Errs errs;
    errs_init(&errs);
    int rc = account_set_lang(c->db, &c->actor, c->actor.user_id, code, &errs);
    errs_free(&errs);
    AccountPageNote n = {0};
    if (rc == INSATS_OK) {
        /* This very answer is already in the new language ("auto": the browser's). */
        session_lang_account(c, i18n_parse(code));
        n.done = _("Språket är sparat.");
    } else if (rc == INSATS_EINPUT) {
        n = (AccountPageNote){.field = "lang", .error = _("Välj svenska, engelska eller "
                                                          "webbläsarens val.")};
    } else {
        n = (AccountPageNote){.error = _("Språket kunde inte sparas just nu. Försök igen om en "
                                         "stund.")};
    }
    if (n.error)
        p->status = rc == INSATS_EINPUT ? 422 : 503;
    return account_page_mine(c, p, &n);
}

int page_account_logout_others(Ctx *c, Page *p)
{
    Errs errs;
    errs_init(&errs);
    size_t ended = 0;
    int rc = account_logout_others(c->db, c->session, &ended, &errs);
    errs_free(&errs);
    AccountPageNote n = {.done = rc == INSATS_OK ? _("Dina andra inloggningar är utloggade.")
                                                 : NULL,
                         .error = rc == INSATS_OK ? NULL : _("Det gick inte just nu. Försök "
                                                            "igen om en stund.")};
    return account_page_mine(c, p, &n);
}

int page_account_token_create(Ctx *c, Page *p)
{
    const char *name = ctx_form(c, "name");
    char token[ACCOUNT_TOKEN_SIZE] = "";
    AccountPageNote n = {0};
    Errs errs;
    errs_init(&errs);
    if (!name || !*name) {
        n = (AccountPageNote){.field = "name", .error = _("Skriv vad nyckeln ska användas till, "
                                                          "så att du känner igen den.")};
    } else if (account_token_create(c->db, c->actor.user_id, name, time(NULL), token, NULL,
                                    &errs) == INSATS_OK) {
        n.token = token;
    } else {
        n = (AccountPageNote){.field = "name", .error = _("Du har redan en giltig nyckel med det "
                                                          "namnet, eller så är namnet för långt "
                                                          "(högst 100 tecken på en rad).")};
    }
    errs_free(&errs);
    if (n.error)
        p->status = 422;
    int st = account_page_mine(c, p, &n);
    explicit_bzero(token, sizeof token);
    return st;
}

int page_account_token_revoke(Ctx *c, Page *p)
{
    const char *id = ctx_param(c, "id");
    char *end = NULL;
    long long v = id ? strtoll(id, &end, 10) : 0;
    Errs errs;
    errs_init(&errs);
    int rc = v > 0 && end && !*end
                 ? account_token_revoke(c->db, c->actor.user_id, v, time(NULL), &errs)
                 : INSATS_EINPUT;
    errs_free(&errs);
    if (rc == INSATS_EINPUT)
        return page_fail(p, 404, _("Det finns ingen sådan giltig nyckel på ditt konto."));
    AccountPageNote n = {.done = rc == INSATS_OK ? _("Nyckeln är återkallad.") : NULL,
                         .error = rc == INSATS_OK ? NULL : _("Det gick inte just nu. Försök "
                                                            "igen om en stund.")};
    return account_page_mine(c, p, &n);
}
