/* browse_cache.c — the lists and counts of browse.c kept per generation (browse_cache.h).
 *
 * A small table of slots under one lock; the least recently used gives way. An entry is
 * immutable once kept and held by a count: the slot holds one, every reader one while it
 * replays, and the last to let go frees it. */
#include "browse_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { BROWSE_CACHE_SLOTS = 128 };

struct BrowseCached {
    char *key;
    uint64_t hash;
    uint64_t generation;
    bool is_count;
    int64_t count;
    int ncols;
    size_t ncells;
    char *cells;                /* ncells NUL-terminated values */
    const char **values;        /* ncells pointers into cells */
    atomic_int refs;
};

typedef struct Slot {
    BrowseCached *e;
    uint64_t used;
} Slot;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static Slot slots[BROWSE_CACHE_SLOTS];
static uint64_t cache_clock;
static _Atomic uint64_t cache_fills;

/* FNV-1a: a cheap first comparison before the key's own. */
static uint64_t key_hash(const char *key)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * UINT64_C(1099511628211);
    return h;
}

static void entry_free(BrowseCached *e)
{
    if (!e)
        return;
    free(e->key);
    free(e->cells);
    free(e->values);
    free(e);
}

void browse_cache_release(BrowseCached *e)
{
    if (e && atomic_fetch_sub(&e->refs, 1) == 1)
        entry_free(e);
}

BrowseCached *browse_cache_find(const char *key, uint64_t generation)
{
    if (!generation)
        return NULL;
    uint64_t h = key_hash(key);
    BrowseCached *found = NULL;
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < BROWSE_CACHE_SLOTS && !found; i++) {
        BrowseCached *e = slots[i].e;
        if (e && e->hash == h && e->generation == generation && strcmp(e->key, key) == 0) {
            slots[i].used = ++cache_clock;
            atomic_fetch_add(&e->refs, 1);
            found = e;
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return found;
}

int browse_cache_replay(const BrowseCached *e, BrowseRowFn fn, void *ctx)
{
    int stop = 0;
    for (size_t i = 0; i + (size_t)e->ncols <= e->ncells && !stop; i += (size_t)e->ncols)
        stop = fn(ctx, e->ncols, e->values + i);
    return stop;
}

int64_t browse_cache_count(const BrowseCached *e)
{
    return e->count;
}

void browse_recording_add(BrowseRecording *r, int ncols, const char *const *values)
{
    if (r->too_large)
        return;
    r->ncols = ncols;
    for (int c = 0; c < ncols; c++)
        buf_append(&r->cells, values[c], strlen(values[c]) + 1);
    r->ncells += (size_t)ncols;
    if (r->cells.len > BROWSE_CACHE_MAX_BYTES) {
        r->too_large = true;
        buf_free(&r->cells);
        r->ncells = 0;
    }
}

void browse_recording_free(BrowseRecording *r)
{
    buf_free(&r->cells);
    memset(r, 0, sizeof *r);
}

/* Puts e in the slot of the same key, or an empty one, or the least recently used one. */
static void keep(BrowseCached *e)
{
    e->hash = key_hash(e->key);
    atomic_init(&e->refs, 1);
    BrowseCached *old = NULL;
    pthread_mutex_lock(&cache_lock);
    Slot *slot = &slots[0];
    for (size_t i = 0; i < BROWSE_CACHE_SLOTS; i++) {
        Slot *s = &slots[i];
        if (s->e && s->e->hash == e->hash && strcmp(s->e->key, e->key) == 0) {
            slot = s;
            break;
        }
        if (!s->e || (slot->e && s->used < slot->used))
            slot = s;
    }
    old = slot->e;
    slot->e = e;
    slot->used = ++cache_clock;
    pthread_mutex_unlock(&cache_lock);
    atomic_fetch_add(&cache_fills, 1);
    browse_cache_release(old);
}

void browse_cache_keep_list(const char *key, uint64_t generation, BrowseRecording *r)
{
    if (!generation || r->too_large || !r->ncols) {
        browse_recording_free(r);
        return;
    }
    BrowseCached *e = xcalloc(1, sizeof *e);
    e->key = xstrdup(key);
    e->generation = generation;
    e->ncols = r->ncols;
    e->ncells = r->ncells;
    e->cells = r->cells.data;
    e->values = xcalloc(r->ncells ? r->ncells : 1, sizeof *e->values);
    const char *p = e->cells;
    for (size_t i = 0; i < r->ncells; i++) {
        e->values[i] = p;
        p += strlen(p) + 1;
    }
    memset(r, 0, sizeof *r);   /* the cells are the entry's now */
    keep(e);
}

void browse_cache_keep_count(const char *key, uint64_t generation, int64_t n)
{
    if (!generation)
        return;
    BrowseCached *e = xcalloc(1, sizeof *e);
    e->key = xstrdup(key);
    e->generation = generation;
    e->is_count = true;
    e->count = n;
    keep(e);
}

uint64_t browse_cache_fills(void)
{
    return atomic_load(&cache_fills);
}

void browse_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    BrowseCached *old[BROWSE_CACHE_SLOTS];
    for (size_t i = 0; i < BROWSE_CACHE_SLOTS; i++) {
        old[i] = slots[i].e;
        slots[i] = (Slot){0};
    }
    pthread_mutex_unlock(&cache_lock);
    for (size_t i = 0; i < BROWSE_CACHE_SLOTS; i++)
        browse_cache_release(old[i]);
}
