/* validate.c — the rules for user-given fields, shared by every importer (see validate.h). */
#include "validate.h"
#include "csvread.h"
#include "i18n.h"

#include <assert.h>
#include <string.h>

/* Characters (not bytes) of a UTF-8 string, as the schema's length() counts them. */
static size_t validate_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

void validate_quote(Buf *b, const char *s, size_t max)
{
    buf_putc(b, '"');
    size_t chars = 0;
    while (*s && chars < max) {
        s += buf_put_char_escaped(b, s);
        chars++;
    }
    if (*s)
        buf_puts(b, "…");
    buf_putc(b, '"');
}

bool validate_line(const char *s, size_t max, Buf *why)
{
    assert(s && why);
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (utf8_control_len((const char *)p)) {
            buf_printf(why, _("contains a line break or another control character (character "
                              "%zu); write it on one line"), chars + 1);
            return false;
        }
        chars += (*p & 0xC0) != 0x80;
    }
    if (chars > max) {
        buf_printf(why, _("is %zu characters long; at most %zu are allowed"), chars, max);
        return false;
    }
    return true;
}

bool validate_code(const char *s, Buf *why)
{
    assert(s && why);
    if (!*s) {
        buf_puts(why, _("must not be empty"));
        return false;
    }
    if (validate_chars(s) > VALIDATE_CODE_MAX) {
        Buf quoted = {0};
        validate_quote(&quoted, s, 20);
        buf_printf(why, _("%s is longer than %d characters"), quoted.data, VALIDATE_CODE_MAX);
        buf_free(&quoted);
        return false;
    }
    return validate_line(s, VALIDATE_CODE_MAX, why);
}

bool validate_email(const char *s, Buf *why)
{
    assert(s && why);
    const char *at = strchr(s, '@');
    const char *dot = at ? strrchr(at, '.') : NULL;
    bool shaped = at && at != s && !strchr(at + 1, '@') && dot && dot > at + 1 && dot[1] &&
                  !strpbrk(s, " ") && !strstr(at, "..");
    for (const unsigned char *p = (const unsigned char *)s; shaped && *p; p++)
        shaped = utf8_control_len((const char *)p) == 0;
    if (shaped && validate_chars(s) <= VALIDATE_EMAIL_MAX)
        return true;
    buf_puts(why, _("not an e-mail address (expected name@example.se)"));
    return false;
}

/* How people write the four stored genders in a list, Swedish and English. */
static const struct {
    const char *word;
    const char *value;
} VALIDATE_GENDERS[] = {
    {"kvinna", "female"}, {"k", "female"}, {"female", "female"}, {"f", "female"},
    {"man", "male"}, {"m", "male"}, {"male", "male"},
    {"annat", "other"}, {"other", "other"},
    {"okänt", "unknown"}, {"vet ej", "unknown"}, {"unknown", "unknown"}, {"", "unknown"},
};

const char *validate_gender(const char *s, Buf *why)
{
    assert(s && why);
    for (size_t i = 0; i < sizeof VALIDATE_GENDERS / sizeof *VALIDATE_GENDERS; i++)
        if (csvread_same_word(s, VALIDATE_GENDERS[i].word))
            return VALIDATE_GENDERS[i].value;
    Buf quoted = {0};
    validate_quote(&quoted, s, 40);
    buf_printf(why, _("%s is not one of kvinna, man, annat, okänt (female, male, other, unknown)"),
               quoted.data);
    buf_free(&quoted);
    return NULL;
}

/* Runs one rule on an optional field and reports its failure; true when fine. */
static bool validate_field(const char *field, const char *value, size_t max, bool email,
                           ValidateReportFn report, void *ctx)
{
    if (!value || !*value)
        return true;
    Buf why = {0};
    bool ok = email ? validate_email(value, &why) : validate_line(value, max, &why);
    if (!ok && report)
        report(ctx, field, why.data);
    buf_free(&why);
    return ok;
}

size_t validate_person(const PersonRec *p, ValidateReportFn report, void *ctx)
{
    assert(p);
    size_t bad = 0;
    bad += !validate_field("name", p->name, VALIDATE_NAME_MAX, false, report, ctx);
    bad += !validate_field("unit", p->unit, VALIDATE_TEXT_MAX, false, report, ctx);
    bad += !validate_field("role", p->role, VALIDATE_TEXT_MAX, false, report, ctx);
    bad += !validate_field("email", p->email, VALIDATE_EMAIL_MAX, true, report, ctx);
    return bad;
}
