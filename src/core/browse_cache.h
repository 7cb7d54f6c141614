/* browse_cache.h — internal to the core: the lists and counts browse_list() and browse_count()
 * answered, kept in memory shared by every thread and served again while db_generation() has
 * not moved. A list page asks the same few questions over and over between two changes (the
 * first page of activities, the organisations of a filter); each costs a query that visits
 * every session and attendance of fifty activities, and a copy of its rows costs nothing.
 *
 * The key names everything the answer depends on (the kind, the project, the actor's scope and
 * every filter); the caller builds it. Entries are held by a count, so that a reader replays
 * one without the lock while another thread replaces it. Lists larger than a page of a screen
 * (BROWSE_CACHE_MAX_BYTES) are not kept: a download of 50,000 people runs its query. */
#ifndef INSATS_BROWSE_CACHE_H
#define INSATS_BROWSE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "browse.h"
#include "util.h"

enum { BROWSE_CACHE_MAX_BYTES = 256 * 1024 };

typedef struct BrowseCached BrowseCached;

/* The entry for key stamped with generation, held for the caller (browse_cache_release()), or
 * NULL. generation 0 finds nothing. */
BrowseCached *browse_cache_find(const char *key, uint64_t generation);
void browse_cache_release(BrowseCached *e);

/* Calls fn with each row of a kept list, the column names first, as browse_list() would;
 * returns fn's first non-zero answer, or 0. */
int browse_cache_replay(const BrowseCached *e, BrowseRowFn fn, void *ctx);

/* A kept count. */
int64_t browse_cache_count(const BrowseCached *e);

/* The rows of a list as it is answered, to be kept once it is whole. */
typedef struct BrowseRecording {
    Buf cells;          /* every value, NUL-terminated, row after row */
    size_t ncells;
    int ncols;
    bool too_large;     /* more than BROWSE_CACHE_MAX_BYTES: not kept */
} BrowseRecording;

void browse_recording_add(BrowseRecording *r, int ncols, const char *const *values);
void browse_recording_free(BrowseRecording *r);

/* Keeps the whole list recorded in r (taking its cells; r is empty after) or the count n under
 * key and generation; generation 0 or a list too large keeps nothing. */
void browse_cache_keep_list(const char *key, uint64_t generation, BrowseRecording *r);
void browse_cache_keep_count(const char *key, uint64_t generation, int64_t n);

/* How many lists and counts were computed and kept (the tests: a second read is not one). */
uint64_t browse_cache_fills(void);

/* Empties the cache (the tests). */
void browse_cache_clear(void);

#endif
