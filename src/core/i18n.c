/* i18n.c — the catalogues compiled into the binary, and the choice of language.
 *
 * A catalogue is a GNU .mo file as msgfmt writes it: a header, then a table of the original
 * strings and a table of their translations, each entry a length and an offset, the
 * originals sorted by their bytes (so a lookup is a binary search). The layout is documented
 * in the GNU gettext manual, "The Format of GNU MO Files". The catalogue is checked whole the
 * first time it is used; one that is not sound is not used at all (every id is then shown as
 * written) rather than read out of bounds. */
#include "i18n.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* build/gen/catalogues.c, written by scripts/embed-catalogues.sh from msgfmt's output. */
extern const unsigned char i18n_mo_sv[], i18n_mo_en[];
extern const size_t i18n_mo_sv_size, i18n_mo_en_size;

typedef struct Catalogue {
    const char *const *ids;     /* sorted, as in the file */
    const char *const *texts;
    const uint32_t *text_sizes; /* bytes of each translation: a plural's forms and their NULs */
    size_t count;
} Catalogue;

static Catalogue catalogues[3];   /* indexed by Lang; LANG_NONE stays empty */
static pthread_once_t catalogues_once = PTHREAD_ONCE_INIT;
static _Thread_local Lang thread_lang = LANG_NONE;

static uint32_t mo_word(const unsigned char *p, bool swapped)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                 (uint32_t)p[3] << 24;
    return swapped ? __builtin_bswap32(v) : v;
}

/* The string of table entry i (a length and an offset at table + 8 i), or NULL when it does
 * not lie inside the file with its terminating NUL. */
static const char *mo_string(const unsigned char *mo, size_t size, uint32_t table, uint32_t i,
                             bool swapped, uint32_t *len_out)
{
    uint64_t at = (uint64_t)table + 8u * (uint64_t)i;
    if (at + 8 > size)
        return NULL;
    uint64_t len = mo_word(mo + at, swapped), off = mo_word(mo + at + 4, swapped);
    if (off + len >= size || mo[off + len] != '\0')
        return NULL;
    *len_out = (uint32_t)len;
    return (const char *)mo + off;
}

static void catalogue_load(Catalogue *c, const unsigned char *mo, size_t size)
{
    if (size < 28)
        return;
    uint32_t magic = mo_word(mo, false);
    bool swapped;
    if (magic == 0x950412deu)
        swapped = false;
    else if (magic == 0xde120495u)
        swapped = true;
    else
        return;
    uint32_t n = mo_word(mo + 8, swapped), orig = mo_word(mo + 12, swapped),
             trans = mo_word(mo + 16, swapped);
    if (n == 0 || n > size / 16)
        return;
    const char **ids = xcalloc(n, sizeof *ids);
    const char **texts = xcalloc(n, sizeof *texts);
    uint32_t *sizes = xcalloc(n, sizeof *sizes);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id_len;
        ids[i] = mo_string(mo, size, orig, i, swapped, &id_len);
        texts[i] = mo_string(mo, size, trans, i, swapped, &sizes[i]);
        if (!ids[i] || !texts[i] || (i > 0 && strcmp(ids[i - 1], ids[i]) >= 0)) {
            free(ids);
            free(texts);
            free(sizes);
            return;
        }
    }
    /* Kept for the life of the process, like the catalogue they point into. */
    c->ids = ids;
    c->texts = texts;
    c->text_sizes = sizes;
    c->count = n;
}

static void catalogues_load(void)
{
    catalogue_load(&catalogues[LANG_SV], i18n_mo_sv, i18n_mo_sv_size);
    catalogue_load(&catalogues[LANG_EN], i18n_mo_en, i18n_mo_en_size);
}

/* The translation of msgid, or NULL; *size gets its bytes (a plural's forms are separated by
 * NULs, so a second form lies inside them). An empty id is the catalogue's header, never a
 * message. */
static const char *catalogue_find(Lang lang, const char *msgid, uint32_t *size)
{
    if (lang != LANG_SV && lang != LANG_EN)
        return NULL;
    pthread_once(&catalogues_once, catalogues_load);
    const Catalogue *c = &catalogues[lang];
    if (!msgid[0])
        return NULL;
    size_t lo = 0, hi = c->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(msgid, c->ids[mid]);
        if (cmp == 0) {
            *size = c->text_sizes[mid];
            return c->texts[mid];
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void i18n_set(Lang lang)
{
    thread_lang = lang;
}

Lang i18n_switch(Lang lang)
{
    Lang before = thread_lang;
    thread_lang = lang;
    return before;
}

Lang i18n_current(void)
{
    return thread_lang;
}

Lang i18n_shown(void)
{
    return thread_lang == LANG_NONE ? LANG_SV : thread_lang;
}

const char *i18n_code(Lang lang)
{
    return lang == LANG_EN ? "en" : "sv";
}

Lang i18n_parse(const char *code)
{
    if (!code)
        return LANG_NONE;
    /* The language part of a tag or a locale name: "en" of "en-GB" and "en_US.UTF-8". */
    size_t n = strcspn(code, "-_.@");
    if (n == 2 && strncasecmp(code, "sv", 2) == 0)
        return LANG_SV;
    if (n == 2 && strncasecmp(code, "en", 2) == 0)
        return LANG_EN;
    return LANG_NONE;
}

const char *i18n_gettext_in(Lang lang, const char *msgid)
{
    uint32_t size;
    const char *t = catalogue_find(lang, msgid, &size);
    return t ? t : msgid;
}

const char *i18n_gettext(const char *msgid)
{
    return i18n_gettext_in(thread_lang, msgid);
}

const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
{
    /* Both languages have one form for 1 and one for every other count. */
    uint32_t size;
    const char *t = catalogue_find(thread_lang, one, &size);
    if (!t)
        return n == 1 ? one : many;
    if (n == 1)
        return t;
    /* An entry without a plural form (a msgid with no msgid_plural) gives the id's plural. */
    size_t first = strlen(t);
    return first < size ? t + first + 1 : many;
}

Lang i18n_from_accept_language(const char *header)
{
    if (!header)
        return LANG_NONE;
    Lang best = LANG_NONE;
    int best_q = 0;
    const char *p = header;
    while (*p) {
        size_t len = strcspn(p, ",");
        /* One range: "en-GB;q=0.8". A missing q is 1; q=0 means "not this one". */
        char range[64];
        size_t rlen = strcspn(p, ",;");
        if (rlen > len)
            rlen = len;
        while (rlen && (p[0] == ' ' || p[0] == '\t')) {
            p++;
            rlen--;
            len--;
        }
        snprintf(range, sizeof range, "%.*s", (int)(rlen < 63 ? rlen : 63), p);
        range[strcspn(range, " \t")] = '\0';
        int q = 1000;
        const char *qp = memchr(p, ';', len);
        if (qp) {
            const char *eq = strstr(qp, "q=");
            if (eq && eq < p + len) {
                eq += 2;
                q = 0;
                if (*eq == '1') {
                    q = 1000;
                } else if (*eq == '0') {
                    eq++;
                    if (*eq == '.') {
                        int scale = 100;
                        for (eq++; *eq >= '0' && *eq <= '9' && scale > 0; eq++, scale /= 10)
                            q += (*eq - '0') * scale;
                    }
                }
            }
        }
        Lang l = i18n_parse(range);
        if (l != LANG_NONE && q > best_q) {
            best = l;
            best_q = q;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return best;
}

Lang i18n_from_environment(void)
{
    /* LANGUAGE is a colon-separated list of preferences; gettext reads it first. */
    const char *list = getenv("LANGUAGE");
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ":");
        char one[32];
        snprintf(one, sizeof one, "%.*s", (int)(len < 31 ? len : 31), p);
        Lang l = i18n_parse(one);
        if (l != LANG_NONE)
            return l;
        p += len;
        if (*p == ':')
            p++;
    }
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) {
            Lang l = i18n_parse(v);
            return l == LANG_NONE ? LANG_SV : l;
        }
    }
    return LANG_SV;
}

const char *i18n_number(long long scaled, int decimals, char *out, size_t size)
{
    bool en = i18n_shown() == LANG_EN;
    const char *group = en ? "," : "\xc2\xa0";
    char point = en ? '.' : ',';
    unsigned long long v = scaled < 0 ? 0ull - (unsigned long long)scaled
                                      : (unsigned long long)scaled;
    unsigned long long unit = 1;
    for (int i = 0; i < decimals; i++)
        unit *= 10;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", v / unit);
    Buf b = {0};
    if (scaled < 0)
        buf_puts(&b, "-");
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf_puts(&b, group);
        buf_printf(&b, "%c", digits[i]);
    }
    if (decimals > 0)
        buf_printf(&b, "%c%0*llu", point, decimals, v % unit);
    snprintf(out, size, "%s", b.data ? b.data : "");
    buf_free(&b);
    return out;
}
