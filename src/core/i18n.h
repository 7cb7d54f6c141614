/* i18n.h — the language of user-facing text: Swedish by default, English on request.
 *
 * Every user-facing string goes through _() (or N_() in a static table, translated where it is
 * shown, or _n() for a count). A message id is the text as it was first written: Swedish in
 * the web pages, English in the command line and in the core's error messages. Both
 * catalogues, po/sv.po and po/en.po, translate every id; msgfmt compiles them at build time
 * and the binary carries them (build/gen/catalogues.c), so no locale needs to be installed.
 *
 * The language is per thread: the web server sets it for each request (the account's setting,
 * then the browser's Accept-Language), the command line once from LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG. A thread that never sets it gets every id as written, which keeps the
 * core's own unit tests independent of the catalogues.
 *
 * glibc's gettext() was not used because it chooses the catalogue from the process's locale:
 * a per-request language would need every locale generated on the machine, and the catalogue
 * would be a file beside the binary rather than part of it. The catalogues are still GNU .mo
 * files, written by msgfmt from .po files kept with xgettext and msgmerge (docs/i18n.md). */
#ifndef INSATS_I18N_H
#define INSATS_I18N_H

#include <stdbool.h>
#include <stddef.h>

typedef enum Lang {
    LANG_NONE = 0, /* nothing chosen: ids are shown as written */
    LANG_SV,
    LANG_EN,
} Lang;

/* The language of this thread's user-facing text from now on. */
void i18n_set(Lang lang);
/* Sets this thread's language and returns the one it had: a text written for someone else (an
 * e-mail in its recipient's language) is composed between i18n_switch(theirs) and
 * i18n_switch(the returned one). */
Lang i18n_switch(Lang lang);
/* This thread's language; LANG_NONE when never set. */
Lang i18n_current(void);
/* The language shown to the user: LANG_SV for LANG_NONE, since Swedish is the default. */
Lang i18n_shown(void);
/* "sv" or "en": the HTML lang attribute, the account setting's stored value. */
const char *i18n_code(Lang lang);
/* The language named by a code ("sv", "en", "en-GB", "sv_SE.UTF-8"); LANG_NONE for anything
 * else. */
Lang i18n_parse(const char *code);

/* The translation of msgid in this thread's language, or msgid itself when there is none.
 * format_arg lets the compiler check a translated format against its arguments. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The singular or the plural (Swedish and English both: one, or any other count). */
const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));
/* The translation in a given language, whatever this thread's is (an e-mail in its
 * recipient's language). */
const char *i18n_gettext_in(Lang lang, const char *msgid) __attribute__((format_arg(2)));

#define _(s) i18n_gettext(s)
#define _n(one, many, n) i18n_ngettext((one), (many), (n))
/* Marks a string in a static table for xgettext; the table's user translates it with _(). */
#define N_(s) (s)

/* The language a browser asks for in its Accept-Language header: the first of Swedish and
 * English by quality (RFC 9110, section 12.5.4), LANG_NONE when it names neither. */
Lang i18n_from_accept_language(const char *header);
/* The language of the command line from the environment, as gettext reads it: LANGUAGE (a
 * list: its first known language), then the first set of LC_ALL, LC_MESSAGES and LANG.
 * LANG_SV when none names English or Swedish. */
Lang i18n_from_environment(void);

/* A number written as the shown language writes it: `scaled` holds it times 10^decimals
 * (öre with 2, tenths with 1, a count with 0), so that no floating point is involved. Swedish
 * groups thousands with a no-break space and has a decimal comma ("1 234,5"), English a comma
 * and a point ("1,234.5"). Writes into out (40 bytes are always enough) and returns it. */
const char *i18n_number(long long scaled, int decimals, char *out, size_t size);

#endif
