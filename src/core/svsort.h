/* svsort.h — Swedish alphabetical order for names and titles: å, ä, ö after z (Å, Ä, Ö
 * likewise), letters compared without regard to case, accented letters as their base letter
 * (é as e, ü as y, æ as ä, ø as ö). db.c registers it on every connection as the collation
 * "sv" and the function sv_fold(), so that list queries sort with `ORDER BY name COLLATE sv`
 * and search with `instr(sv_fold(name), sv_fold(?)) > 0`. */
#ifndef INSATS_SVSORT_H
#define INSATS_SVSORT_H

#include <stddef.h>

/* Compares two UTF-8 strings of the given lengths (not NUL-terminated) in Swedish order:
 * negative, zero or positive. Strings equal in that order are told apart by their bytes, so
 * that the order is total and stable ("anna" and "Anna" are neighbours, not equals). Bytes
 * that are not valid UTF-8 compare by their value. */
int svsort_compare(const char *a, size_t alen, const char *b, size_t blen);

/* The string folded for searching: lower case, accents dropped as the order drops them (å, ä
 * and ö are kept: they are letters of their own in Swedish), as UTF-8. A new string the caller
 * frees; *outlen gets its length. */
char *svsort_fold(const char *s, size_t len, size_t *outlen);

#endif
