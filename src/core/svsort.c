/* svsort.c — Swedish alphabetical order (svsort.h). Each code point gets a primary weight: the
 * letters a–z their place in the alphabet, then å, ä, ö; accented Latin letters the weight of
 * the letter Swedish dictionaries file them under; everything else its code point above all
 * letters' weights, so digits and punctuation keep their usual order before the letters. */
#include "svsort.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

/* Reads one code point at *i (advancing it); an invalid byte is returned as itself. */
static uint32_t sv_next(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char c = s[*i];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
             : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n <= 1 || *i + n > len) {
        (*i)++;
        return c;
    }
    uint32_t cp = c & (0xFFu >> (n + 1));
    for (size_t k = 1; k < n; k++) {
        if ((s[*i + k] & 0xC0) != 0x80) {
            (*i)++;
            return c;
        }
        cp = (cp << 6) | (s[*i + k] & 0x3F);
    }
    *i += n;
    return cp;
}

/* The lower-case base letter of a Latin-1 letter as Swedish files it: 'a'…'z', or 0xE5 å,
 * 0xE4 ä, 0xF6 ö; 0 for anything that is not such a letter. */
static uint32_t sv_base(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp - 'A' + 'a';
    if (cp >= 'a' && cp <= 'z')
        return cp;
    if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) {
        uint32_t l = cp < 0xE0 ? cp + 0x20 : cp;   /* Latin-1 lower case */
        switch (l) {
        case 0xE5: return 0xE5;                    /* å */
        case 0xE4: case 0xE6: return 0xE4;         /* ä, æ */
        case 0xF6: case 0xF8: return 0xF6;         /* ö, ø */
        case 0xE0: case 0xE1: case 0xE2: case 0xE3: return 'a';
        case 0xE7: return 'c';
        case 0xE8: case 0xE9: case 0xEA: case 0xEB: return 'e';
        case 0xEC: case 0xED: case 0xEE: case 0xEF: return 'i';
        case 0xF0: return 'd';
        case 0xF1: return 'n';
        case 0xF2: case 0xF3: case 0xF4: case 0xF5: return 'o';
        case 0xF9: case 0xFA: case 0xFB: return 'u';
        case 0xFC: case 0xFD: case 0xFF: return 'y';   /* ü as y, as Swedish files it */
        case 0xFE: return 't';
        case 0xDF: return 's';
        default: return 0;
        }
    }
    return 0;
}

/* The primary weight of a code point: letters 'a'…'z' then å, ä, ö, just above 'z' and below
 * every other character above 'z' (so "{" and non-Latin letters sort after ö). */
static uint32_t sv_weight(uint32_t cp)
{
    uint32_t b = sv_base(cp);
    if (b == 0)
        return cp <= 'z' ? cp : cp + 3;
    if (b == 0xE5)
        return 'z' + 1;
    if (b == 0xE4)
        return 'z' + 2;
    if (b == 0xF6)
        return 'z' + 3;
    return b;
}

int svsort_compare(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        uint32_t wa = sv_weight(sv_next(ua, alen, &i));
        uint32_t wb = sv_weight(sv_next(ub, blen, &j));
        if (wa != wb)
            return wa < wb ? -1 : 1;
    }
    if (i < alen || j < blen)
        return i < alen ? 1 : -1;
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0;
    return c ? c : (alen > blen) - (alen < blen);
}

/* Appends a code point as UTF-8. */
static void sv_put(Buf *out, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_append(out, u, n);
}

char *svsort_fold(const char *s, size_t len, size_t *outlen)
{
    Buf out = {0};
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = sv_next(u, len, &i);
        uint32_t b = sv_base(cp);
        sv_put(&out, b ? b : cp);
    }
    *outlen = out.len;
    return buf_steal(&out);
}
