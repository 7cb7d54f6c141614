/* actor.h — who is asking: every core read and write that the web server, the API or the
 * command line makes on someone's behalf takes an Actor, so that the organisation scope and the
 * role rules are applied in the core (in the SQL), once, and no caller can forget them. */
#ifndef INSATS_ACTOR_H
#define INSATS_ACTOR_H

#include <stdbool.h>
#include <stdint.h>

/* The roles of SPEC.md's role table. The order is the order pages and messages list them in. */
typedef enum Role {
    ROLE_ADMIN,         /* accounts and settings */
    ROLE_MANAGER,       /* projektledare: everything in the project */
    ROLE_COORDINATOR,   /* people, attendance and proposals of their own organisation */
    ROLE_ECONOMIST,     /* budget and costs; aggregates */
    ROLE_TRAINER,       /* sessions and attendance of the activities assigned to them */
    ROLE_READER,        /* styrgrupp: dashboards and reports, aggregates only, no names */
    ROLE_EVALUATOR,     /* anonymised exports and survey results */
    ROLE_COUNT
} Role;

/* A set of roles, as a route table row or a rule names them. */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL ((1u << ROLE_COUNT) - 1u)

typedef struct Actor {
    int64_t user_id;          /* 0 for the command line (no account) */
    char login[64];           /* the account's login, or the command line's login name */
    char name[128];           /* shown in the audit trail beside the login */
    Role role;
    int64_t organisation_id;  /* the coordinator's (or any scoped role's) organisation; 0: none */
} Actor;

/* The role's name as stored and typed ("admin", "manager", …); NULL for an invalid value. */
const char *actor_role_name(Role role);

/* Parses a role name; returns false (and leaves *out) when it is not one. */
bool actor_role_parse(const char *name, Role *out);

/* The command line acts with the rights of a manager, under the login name of the user running
 * it (from the password database, else $USER, else "cli"), so that its changes are traceable. */
void actor_cli(Actor *out);

/* Whether the actor may see names of people: every role but reader and evaluator, and admin,
 * whose part is the accounts and settings, not the project's people (SPEC.md's role table). */
bool actor_sees_names(const Actor *a);

/* Whether the actor's reads and writes of people, attendance and proposals are limited to one
 * organisation (a coordinator's). */
bool actor_org_scoped(const Actor *a);

/* Which records an actor's reads reach (browse.h says what each means): everything; a
 * coordinator's organisation's people, proposals and certificates; a trainer's assigned
 * activities and the people who attended them. The values are the ones the core's SQL binds
 * (scope_sql.h). */
typedef enum ActorScope {
    ACTOR_SCOPE_ALL = 0,
    ACTOR_SCOPE_ORG = 1,
    ACTOR_SCOPE_TRAINER = 2,
} ActorScope;

ActorScope actor_scope(const Actor *a);

#endif
