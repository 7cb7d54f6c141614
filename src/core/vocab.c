/* vocab.c — the value lists of the data model and their Swedish labels (see vocab.h).
 *
 * Each list is written once, as value–label pairs; the macros below make of it both the
 * pairs and the NULL-terminated array of values that messages and "did you mean" take. */
#include "vocab.h"

#include <assert.h>
#include <string.h>

#define GENDERS(X) \
    X("female", "Kvinna") \
    X("male", "Man") \
    X("other", "Annat") \
    X("unknown", "Okänt")

#define ORGANISATION_KINDS(X) \
    X("municipality", "kommun") \
    X("region", "region") \
    X("agency", "myndighet") \
    X("university", "universitet/högskola") \
    X("company", "företag") \
    X("transnational", "transnationell partner") \
    X("other", "övrig organisation")

#define GROUP_KINDS(X) \
    X("steering", "Styrgrupp") \
    X("project", "Projektgrupp") \
    X("expert", "Expertgrupp") \
    X("focus", "Fokusgrupp") \
    X("ambassadors", "Ambassadörer") \
    X("other", "Övrig grupp")

#define PROPOSAL_STATUSES(X) \
    X("submitted", "Inlämnat") \
    X("forwarded", "Vidarebefordrat") \
    X("returned", "Återsänt") \
    X("approved", "Beviljat") \
    X("rejected", "Avslaget") \
    X("deferred", "Uppskjutet")

#define ACTIVITY_KINDS(X) \
    X("training", "Utbildning") \
    X("lecture", "Föreläsning") \
    X("workshop", "Workshop") \
    X("study_visit", "Studiebesök") \
    X("conference", "Konferens") \
    X("network_meeting", "Nätverksträff") \
    X("other", "Övrigt")

#define ACTIVITY_STATUSES(X) \
    X("planned", "Planerad") \
    X("booked", "Bokad") \
    X("held", "Genomförd") \
    X("cancelled", "Inställd")

#define SURVEY_KINDS(X) \
    X("after_activity", "Utvärdering efter aktivitet") \
    X("baseline", "Nollmätning") \
    X("follow_up", "Uppföljning")

#define QUESTION_TYPES(X) \
    X("scale5", "Skala 1–5") \
    X("yes_no", "Ja/Nej") \
    X("text", "Fritext")

#define MEASURE_KINDS(X) \
    X("participants", "Antal deltagare") \
    X("certificates", "Antal intyg") \
    X("certified_people", "Personer med intyg") \
    X("certified_share", "Andel deltagare med intyg") \
    X("group_members", "Medlemmar i grupp") \
    X("survey_share", "Andel i enkät") \
    X("manual", "Manuellt värde")

#define COMPARISONS(X) \
    X(">=", "minst") \
    X("<=", "högst")

#define GOAL_UNITS(X) \
    X("count", "antal") \
    X("percent", "procent")

#define DEVIATION_AREAS(X) \
    X("time", "Tid") \
    X("budget", "Budget") \
    X("activity", "Aktivitet") \
    X("participants", "Deltagare") \
    X("goal", "Mål")

#define MEETING_STATUSES(X) \
    X("planned", "Planerat") \
    X("held", "Genomfört") \
    X("cancelled", "Inställt")

#define ATTENDEE_STATUSES(X) \
    X("present", "Närvarande") \
    X("absent", "Frånvarande") \
    X("excused", "Anmält förhinder")

#define ACTION_STATUSES(X) \
    X("open", "Pågår") \
    X("done", "Klar")

#define CHANNELS(X) \
    X("newsletter", "Nyhetsbrev") \
    X("press", "Press") \
    X("article", "Artikel") \
    X("web", "Webb") \
    X("presentation", "Presentation") \
    X("other", "Övrigt")

#define CERTIFICATE_BASES(X) \
    X("attendance", "Närvaro") \
    X("manual", "Utfärdat för hand")

#define PAIR(v, l) {v, l},
#define VALUE(v, l) v,
#define DEFINE(list)                                                                          \
    static const VocabValue list##_PAIRS[] = {list(PAIR){NULL, NULL}};                        \
    static const char *const list##_VALUES[] = {list(VALUE) NULL};
DEFINE(GENDERS)
DEFINE(ORGANISATION_KINDS)
DEFINE(GROUP_KINDS)
DEFINE(PROPOSAL_STATUSES)
DEFINE(ACTIVITY_KINDS)
DEFINE(ACTIVITY_STATUSES)
DEFINE(SURVEY_KINDS)
DEFINE(QUESTION_TYPES)
DEFINE(MEASURE_KINDS)
DEFINE(COMPARISONS)
DEFINE(GOAL_UNITS)
DEFINE(DEVIATION_AREAS)
DEFINE(MEETING_STATUSES)
DEFINE(ATTENDEE_STATUSES)
DEFINE(ACTION_STATUSES)
DEFINE(CHANNELS)
DEFINE(CERTIFICATE_BASES)

#define LIST(id, name, list)                                                                  \
    [id] = {name, list##_PAIRS, list##_VALUES, sizeof list##_VALUES / sizeof *list##_VALUES - 1}

static const Vocab VOCABS[VOCAB_COUNT] = {
    LIST(VOCAB_GENDER, "gender", GENDERS),
    LIST(VOCAB_ORGANISATION_KIND, "organisation_kind", ORGANISATION_KINDS),
    LIST(VOCAB_GROUP_KIND, "group_kind", GROUP_KINDS),
    LIST(VOCAB_PROPOSAL_STATUS, "proposal_status", PROPOSAL_STATUSES),
    LIST(VOCAB_ACTIVITY_KIND, "activity_kind", ACTIVITY_KINDS),
    LIST(VOCAB_ACTIVITY_STATUS, "activity_status", ACTIVITY_STATUSES),
    LIST(VOCAB_SURVEY_KIND, "survey_kind", SURVEY_KINDS),
    LIST(VOCAB_QUESTION_TYPE, "question_type", QUESTION_TYPES),
    LIST(VOCAB_MEASURE_KIND, "measure_kind", MEASURE_KINDS),
    LIST(VOCAB_COMPARISON, "comparison", COMPARISONS),
    LIST(VOCAB_GOAL_UNIT, "goal_unit", GOAL_UNITS),
    LIST(VOCAB_DEVIATION_AREA, "deviation_area", DEVIATION_AREAS),
    LIST(VOCAB_MEETING_STATUS, "meeting_status", MEETING_STATUSES),
    LIST(VOCAB_ATTENDEE_STATUS, "attendee_status", ATTENDEE_STATUSES),
    LIST(VOCAB_ACTION_STATUS, "action_status", ACTION_STATUSES),
    LIST(VOCAB_CHANNEL, "channel", CHANNELS),
    LIST(VOCAB_CERTIFICATE_BASIS, "certificate_basis", CERTIFICATE_BASES),
};

const Vocab *vocab_get(VocabList list)
{
    assert((unsigned)list < VOCAB_COUNT);
    return &VOCABS[list];
}

int vocab_index(VocabList list, const char *value)
{
    const Vocab *v = vocab_get(list);
    for (size_t i = 0; value && i < v->count; i++)
        if (strcmp(v->values[i].value, value) == 0)
            return (int)i;
    return -1;
}

bool vocab_has(VocabList list, const char *value)
{
    return vocab_index(list, value) >= 0;
}

const char *vocab_label(VocabList list, const char *value)
{
    int i = vocab_index(list, value);
    return i < 0 ? NULL : vocab_get(list)->values[i].label;
}

void vocab_join(VocabList list, Buf *out)
{
    const Vocab *v = vocab_get(list);
    for (size_t i = 0; i < v->count; i++)
        buf_printf(out, "%s%s", i ? ", " : "", v->values[i].value);
}
