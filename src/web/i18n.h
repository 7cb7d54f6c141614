/* i18n.h — every user-facing string of the web layer goes through _(), so that the translations
 * of a later issue need no change to the pages: today the Swedish text in the source is the
 * message itself. */
#ifndef INSATS_I18N_H
#define INSATS_I18N_H

/* The message id is the Swedish text; a catalogue (gettext) will map it later. */
#define _(s) (s)
/* Marks a string in a static table (a navigation label) for translation where it is shown. */
#define N_(s) (s)

#endif
