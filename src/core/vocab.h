/* vocab.h — the value lists of the data model (statuses, kinds, genders …) with the Swedish
 * label of each value, in one table: the importers and the write API validate against it, the
 * list filters take their choices from it, the report layer and the web forms print its
 * labels. The schema's CHECK constraints repeat the lists as a guard in the database;
 * tests/unit/test_vocab.c checks that both agree.
 *
 * No database, no allocation: every string is static. */
#ifndef INSATS_VOCAB_H
#define INSATS_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum VocabList {
    VOCAB_GENDER,             /* person, survey response, goal measure */
    VOCAB_ORGANISATION_KIND,
    VOCAB_GROUP_KIND,
    VOCAB_PROPOSAL_STATUS,    /* a proposal and each event of its history */
    VOCAB_ACTIVITY_KIND,
    VOCAB_ACTIVITY_STATUS,
    VOCAB_SURVEY_KIND,
    VOCAB_QUESTION_TYPE,
    VOCAB_MEASURE_KIND,       /* what a goal counts */
    VOCAB_COMPARISON,         /* a goal's target: at least or at most */
    VOCAB_GOAL_UNIT,
    VOCAB_DEVIATION_AREA,
    VOCAB_MEETING_STATUS,
    VOCAB_ATTENDEE_STATUS,
    VOCAB_ACTION_STATUS,
    VOCAB_CHANNEL,            /* dissemination */
    VOCAB_CERTIFICATE_BASIS,  /* earned by attendance or issued by hand */
    VOCAB_COUNT
} VocabList;

typedef struct VocabValue {
    const char *value;        /* as stored, exported and typed in a bundle ("held") */
    const char *label;        /* Swedish, as reports show it ("Genomförd"), and the message
                               * id the forms translate (vocab_label()) */
} VocabValue;

typedef struct Vocab {
    const char *name;         /* "activity_status": names the list in code and tests */
    const VocabValue *values; /* in the order forms offer them; ends with {NULL, NULL} */
    const char *const *names; /* the values alone, NULL-terminated (for word_nearest) */
    size_t count;
} Vocab;

/* The list (static). */
const Vocab *vocab_get(VocabList list);

/* Whether value is one of the list's values (exact, case-sensitive: these are stored words). */
bool vocab_has(VocabList list, const char *value);

/* The position of value in the list, or -1. */
int vocab_index(VocabList list, const char *value);

/* The label of value in this thread's language (the web pages, messages), or NULL when it is
 * not one of the list's values. */
const char *vocab_label(VocabList list, const char *value);
/* The Swedish label, whatever the thread's language: the funder's reports name things in
 * Swedish. */
const char *vocab_label_sv(VocabList list, const char *value);

/* Appends the values separated by ", " ("planned, booked, held, cancelled"), as messages that
 * refuse a value list the allowed ones. */
void vocab_join(VocabList list, Buf *out);

#endif
