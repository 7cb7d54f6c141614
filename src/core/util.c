/* util.c — checked allocation, Buf, ISO dates and Idmap (see util.h). */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "insats: out of memory (wanted %zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return buf_steal(&b);
}

void buf_reserve(Buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_append(Buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void buf_putc(Buf *b, char c)
{
    buf_append(b, &c, 1);
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_clear(Buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *buf_steal(Buf *b)
{
    char *p = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void buf_free(Buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int date_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

bool digits_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!digits_only(s, 4) || !digits_only(s + 5, 2) || !digits_only(s + 8, 2))
        return false;
    int y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
    return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

bool time_valid(const char *s)
{
    if (!s || strlen(s) != 5 || s[2] != ':' || !digits_only(s, 2) || !digits_only(s + 3, 2))
        return false;
    return digits_value(s, 2) <= 23 && digits_value(s + 3, 2) <= 59;
}

/* Civil-date ↔ day-number conversion by the well-known era arithmetic (400-year cycles). */
int64_t date_to_days(const char *s)
{
    int64_t y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_from_days(int64_t z, char out[11])
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

void date_today(char out[11])
{
    const char *fixed = getenv("INSATS_TODAY");
    if (fixed && date_valid(fixed)) {
        memcpy(out, fixed, 11);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

size_t word_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    /* Three rows of the dynamic programme: the previous two and the current one. */
    size_t *rows = xcalloc(3 * (lb + 1), sizeof *rows);
    size_t *pp = rows, *prev = rows + lb + 1, *cur = rows + 2 * (lb + 1);
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    size_t d = prev[lb];
    free(rows);
    return d;
}

const char *word_nearest(const char *word, const char *const *candidates)
{
    size_t len = strlen(word);
    size_t limit = len < 3 ? 1 : len / 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; candidates[i]; i++) {
        size_t d = word_distance(word, candidates[i]);
        if (d > 0 && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

/* FNV-1a: short keys, good enough spread, no dependencies. */
static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void idmap_init(Idmap *m)
{
    memset(m, 0, sizeof *m);
}

void idmap_free(Idmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static void idmap_grow(Idmap *m)
{
    Idmap bigger;
    bigger.cap = m->cap ? m->cap * 2 : 64;
    bigger.count = 0;
    bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
    bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = hash_str(m->keys[i]) & (bigger.cap - 1);
        while (bigger.keys[j])
            j = (j + 1) & (bigger.cap - 1);
        bigger.keys[j] = m->keys[i];  /* moves ownership of the key */
        bigger.vals[j] = m->vals[i];
        bigger.count++;
    }
    free(m->keys);
    free(m->vals);
    *m = bigger;
}

bool idmap_put(Idmap *m, const char *key, int64_t val)
{
    if ((m->count + 1) * 4 > m->cap * 3)
        idmap_grow(m);
    size_t j = hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            m->vals[j] = val;
            return false;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = xstrdup(key);
    m->vals[j] = val;
    m->count++;
    return true;
}

bool idmap_get(const Idmap *m, const char *key, int64_t *val)
{
    if (!m->cap)
        return false;
    size_t j = hash_str(key) & (m->cap - 1);
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            if (val)
                *val = m->vals[j];
            return true;
        }
        j = (j + 1) & (m->cap - 1);
    }
    return false;
}

static size_t pairset_slot(uint32_t a, uint32_t b, size_t cap)
{
    uint64_t h = (uint64_t)a << 32 | b;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return (size_t)h & (cap - 1);
}

static void pairset_grow_to(PairSet *s, size_t cap)
{
    PairSetSlot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < s->cap; i++) {
        PairSetSlot e = s->slots[i];
        if (!e.a)
            continue;
        size_t j = pairset_slot(e.a, e.b, cap);
        while (slots[j].a)
            j = (j + 1) & (cap - 1);
        slots[j] = e;
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
}

static void pairset_grow(PairSet *s)
{
    pairset_grow_to(s, s->cap ? s->cap * 2 : 4096);
}

void pairset_reserve(PairSet *s, size_t n)
{
    size_t cap = s->cap ? s->cap : 4096;
    while (n * 4 > cap * 3)
        cap *= 2;
    if (cap > s->cap)
        pairset_grow_to(s, cap);
}

bool pairset_add(PairSet *s, int64_t a, int64_t b, uint32_t tag, uint32_t *first_tag)
{
    if (a <= 0 || b <= 0 || a > UINT32_MAX || b > UINT32_MAX) {
        char k[48];
        snprintf(k, sizeof k, "%lld\t%lld", (long long)a, (long long)b);
        int64_t v;
        if (!idmap_get(&s->wide, k, &v)) {
            idmap_put(&s->wide, k, tag);
            return true;
        }
        *first_tag = (uint32_t)v;
        return false;
    }
    /* Three quarters full at most keeps probe runs short. */
    if ((s->count + 1) * 4 > s->cap * 3)
        pairset_grow(s);
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    size_t j = pairset_slot(x, y, s->cap);
    while (s->slots[j].a && (s->slots[j].a != x || s->slots[j].b != y))
        j = (j + 1) & (s->cap - 1);
    if (!s->slots[j].a) {
        s->slots[j] = (PairSetSlot){.a = x, .b = y, .tag = tag};
        s->count++;
        return true;
    }
    *first_tag = s->slots[j].tag;
    return false;
}

void pairset_free(PairSet *s)
{
    free(s->slots);
    idmap_free(&s->wide);
    memset(s, 0, sizeof *s);
}

size_t utf8_control_len(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    if (s[0] < 0x20 || s[0] == 0x7F)
        return s[0] ? 1 : 0;
    if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
        return 3;
    return 0;
}

size_t buf_put_char_escaped(Buf *b, const char *s)
{
    size_t k = utf8_control_len(s);
    if (k == 1 && (*s == '\n' || *s == '\t')) {
        buf_puts(b, *s == '\n' ? "\\n" : "\\t");
    } else if (k) {
        for (size_t i = 0; i < k; i++)
            buf_printf(b, "\\x%02X", (unsigned char)s[i]);
    } else {
        k = 1;
        while (s[k] && ((unsigned char)s[k] & 0xC0) == 0x80)
            k++;
        buf_append(b, s, k);
    }
    return k;
}

void time_local_minute(int64_t t, char out[20], const char *none)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t <= 0 || !localtime_r(&tt, &tm) || strftime(out, 20, "%Y-%m-%d %H:%M", &tm) == 0)
        snprintf(out, 20, "%s", none);
}
