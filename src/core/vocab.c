/* vocab.c — the value lists of the data model and their labels (see vocab.h).
 *
 * Each list is written once, as value–label pairs; the macros below make of it both the
 * pairs and the NULL-terminated array of values that messages and "did you mean" take. */
#include "vocab.h"
#include "i18n.h"

#include <assert.h>
#include <string.h>

#define GENDERS(X) \
    X("female", N_("Kvinna")) \
    X("male", N_("Man")) \
    X("other", N_("Annat")) \
    X("unknown", N_("Okänt"))

#define ORGANISATION_KINDS(X) \
    X("municipality", N_("kommun")) \
    X("region", N_("region")) \
    X("agency", N_("myndighet")) \
    X("university", N_("universitet/högskola")) \
    X("company", N_("företag")) \
    X("transnational", N_("transnationell partner")) \
    X("other", N_("övrig organisation"))

#define GROUP_KINDS(X) \
    X("steering", N_("Styrgrupp")) \
    X("project", N_("Projektgrupp")) \
    X("expert", N_("Expertgrupp")) \
    X("focus", N_("Fokusgrupp")) \
    X("ambassadors", N_("Ambassadörer")) \
    X("other", N_("Övrig grupp"))

#define PROPOSAL_STATUSES(X) \
    X("submitted", N_("Inlämnat")) \
    X("forwarded", N_("Vidarebefordrat")) \
    X("returned", N_("Återsänt")) \
    X("approved", N_("Beviljat")) \
    X("rejected", N_("Avslaget")) \
    X("deferred", N_("Uppskjutet"))

#define ACTIVITY_KINDS(X) \
    X("training", N_("Utbildning")) \
    X("lecture", N_("Föreläsning")) \
    X("workshop", N_("Workshop")) \
    X("study_visit", N_("Studiebesök")) \
    X("conference", N_("Konferens")) \
    X("network_meeting", N_("Nätverksträff")) \
    X("other", N_("Övrigt"))

#define ACTIVITY_STATUSES(X) \
    X("planned", N_("Planerad")) \
    X("booked", N_("Bokad")) \
    X("held", N_("Genomförd")) \
    X("cancelled", N_("Inställd"))

#define SURVEY_KINDS(X) \
    X("after_activity", N_("Utvärdering efter aktivitet")) \
    X("baseline", N_("Nollmätning")) \
    X("follow_up", N_("Uppföljning"))

#define QUESTION_TYPES(X) \
    X("scale5", N_("Skala 1–5")) \
    X("yes_no", N_("Ja/Nej")) \
    X("text", N_("Fritext"))

#define MEASURE_KINDS(X) \
    X("participants", N_("Antal deltagare")) \
    X("certificates", N_("Antal intyg")) \
    X("certified_people", N_("Personer med intyg")) \
    X("certified_share", N_("Andel deltagare med intyg")) \
    X("group_members", N_("Medlemmar i grupp")) \
    X("survey_share", N_("Andel i enkät")) \
    X("manual", N_("Manuellt värde"))

#define COMPARISONS(X) \
    X(">=", N_("minst")) \
    X("<=", N_("högst"))

#define GOAL_UNITS(X) \
    X("count", N_("antal")) \
    X("percent", N_("procent"))

#define DEVIATION_AREAS(X) \
    X("time", N_("Tid")) \
    X("budget", N_("Budget")) \
    X("activity", N_("Aktivitet")) \
    X("participants", N_("Deltagare")) \
    X("goal", N_("Mål"))

#define MEETING_STATUSES(X) \
    X("planned", N_("Planerat")) \
    X("held", N_("Genomfört")) \
    X("cancelled", N_("Inställt"))

#define ATTENDEE_STATUSES(X) \
    X("present", N_("Närvarande")) \
    X("absent", N_("Frånvarande")) \
    X("excused", N_("Anmält förhinder"))

#define ACTION_STATUSES(X) \
    X("open", N_("Pågår")) \
    X("done", N_("Klar"))

#define CHANNELS(X) \
    X("newsletter", N_("Nyhetsbrev")) \
    X("press", N_("Press")) \
    X("article", N_("Artikel")) \
    X("web", N_("Webb")) \
    X("presentation", N_("Presentation")) \
    X("other", N_("Övrigt"))

#define CERTIFICATE_BASES(X) \
    X("attendance", N_("Närvaro")) \
    X("manual", N_("Utfärdat för hand"))

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
    const char *sv = vocab_label_sv(list, value);
    return sv ? _(sv) : NULL;
}

const char *vocab_label_sv(VocabList list, const char *value)
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
