/* actor.c — roles by name, and the actor the command line acts as. */
#include "actor.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const ROLE_NAMES[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin",           [ROLE_MANAGER] = "manager",
    [ROLE_COORDINATOR] = "coordinator", [ROLE_ECONOMIST] = "economist",
    [ROLE_TRAINER] = "trainer",       [ROLE_READER] = "reader",
    [ROLE_EVALUATOR] = "evaluator",
};

const char *actor_role_name(Role role)
{
    return (unsigned)role < ROLE_COUNT ? ROLE_NAMES[role] : NULL;
}

bool actor_role_parse(const char *name, Role *out)
{
    for (int r = 0; name && r < ROLE_COUNT; r++)
        if (strcmp(name, ROLE_NAMES[r]) == 0) {
            *out = (Role)r;
            return true;
        }
    return false;
}

void actor_cli(Actor *out)
{
    memset(out, 0, sizeof *out);
    out->role = ROLE_MANAGER;
    const struct passwd *pw = getpwuid(getuid());
    const char *who = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : getenv("USER");
    if (!who || !*who)
        who = "cli";
    snprintf(out->login, sizeof out->login, "%s", who);
    /* The audit trail records the interface apart ("cli"), so the name is the person's own:
     * the full name of the password database when it has one, else the login. */
    char full[sizeof out->name] = "";
    if (pw && pw->pw_gecos)
        snprintf(full, sizeof full, "%.*s", (int)strcspn(pw->pw_gecos, ","), pw->pw_gecos);
    snprintf(out->name, sizeof out->name, "%s", *full ? full : out->login);
}

bool actor_sees_names(const Actor *a)
{
    return a->role != ROLE_READER && a->role != ROLE_EVALUATOR && a->role != ROLE_ADMIN;
}

bool actor_org_scoped(const Actor *a)
{
    return a->role == ROLE_COORDINATOR;
}

ActorScope actor_scope(const Actor *a)
{
    if (actor_org_scoped(a))
        return ACTOR_SCOPE_ORG;
    return a->role == ROLE_TRAINER ? ACTOR_SCOPE_TRAINER : ACTOR_SCOPE_ALL;
}
