/* kinds.c — the one table of kinds of record (see kinds.h). */
#include "kinds.h"
#include "i18n.h"
#include "util.h"

#include <string.h>

#define ALL (KINDS_LIST | KINDS_SHOW | KINDS_DELETE)

/* In the order of the bundle, which is the order of help and messages. */
static const KindName kind_names[KIND_COUNT] = {
    {KIND_PROJECT, N_("project"), N_("projects"), KINDS_LIST | KINDS_SHOW},
    {KIND_ORGANISATION, N_("organisation"), N_("organisations"), ALL},
    {KIND_PERSON, N_("person"), N_("people"), ALL},
    {KIND_GROUP, N_("group"), N_("groups"), ALL},
    {KIND_INTERVENTION, N_("intervention"), N_("interventions"), ALL},
    {KIND_PROPOSAL, N_("proposal"), N_("proposals"), ALL},
    {KIND_ACTIVITY, N_("activity"), N_("activities"), ALL},
    {KIND_SESSION, N_("session"), N_("sessions"), KINDS_LIST},
    {KIND_SURVEY, N_("survey"), N_("surveys"), ALL},
    {KIND_CERTIFICATE, N_("certificate"), N_("certificates"), ALL},
    {KIND_GOAL, N_("goal"), N_("goals"), ALL},
    {KIND_COST, N_("cost"), N_("costs"), ALL},
    {KIND_DEVIATION, N_("deviation"), N_("deviations"), ALL},
    {KIND_MEETING, N_("meeting"), N_("meetings"), ALL},
    {KIND_DISSEMINATION, N_("dissemination"), N_("dissemination"), ALL},
};

const KindName *kinds_get(RecordKind kind)
{
    return kind >= 0 && kind < KIND_COUNT ? &kind_names[kind] : NULL;
}

const char *const *kinds_names(unsigned op, bool plural)
{
    /* One list per operation and number, filled on first use. */
    static const char *names[3][2][KIND_COUNT + 1];
    int o = op == KINDS_LIST ? 0 : op == KINDS_SHOW ? 1 : 2;
    const char **out = names[o][plural];
    if (!out[0]) {
        size_t n = 0;
        for (size_t i = 0; i < KIND_COUNT; i++)
            if (kind_names[i].ops & op)
                out[n++] = plural ? kind_names[i].plural : kind_names[i].singular;
        out[n] = NULL;
    }
    return out;
}

const KindName *kinds_find(const char *name, unsigned op, const char *command, Errs *errs)
{
    const KindName *k = NULL;
    for (size_t i = 0; i < KIND_COUNT && !k; i++)
        if (strcmp(kind_names[i].singular, name) == 0 || strcmp(kind_names[i].plural, name) == 0)
            k = &kind_names[i];
    if (k && (k->ops & op))
        return k;
    /* Both numbers are accepted, so the nearest of either is the likely one meant. */
    const char *near = word_nearest(name, kinds_names(op, op == KINDS_LIST));
    const char *other = word_nearest(name, kinds_names(op, op != KINDS_LIST));
    if (!near || (other && word_distance(name, other) < word_distance(name, near)))
        near = other;
    Buf names = {0};
    for (const char *const *n = kinds_names(op, op == KINDS_LIST); *n; n++)
        buf_printf(&names, "%s%s", names.len ? ", " : "", *n);
    if (k)
        errs_add(errs, "%s: %s cannot be given to `insats %s` (it takes %s)", command, name,
                 command, names.data);
    else if (near)
        errs_add(errs, "%s: unknown kind \"%s\"; did you mean \"%s\"? (one of %s)", command, name,
                 near, names.data);
    else
        errs_add(errs, "%s: unknown kind \"%s\" (one of %s)", command, name, names.data);
    buf_free(&names);
    return NULL;
}
