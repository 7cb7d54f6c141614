/* scope_sql.h — the actor's scope (browse.h) as SQL fragments, shared by every core read that
 * names people on someone's behalf (browse.c, minutes.c), so that "within the scope" means the
 * same everywhere. Core-internal (src/core only).
 *
 * Parameters: ?10 the coordinator's organisation, ?11 the trainer's account. */
#ifndef INSATS_SCOPE_SQL_H
#define INSATS_SCOPE_SQL_H

/* Activity `col` is assigned to the trainer ?11. */
#define SCOPE_SQL_TRAINER_ACTIVITY(col)                                                     \
    "EXISTS (SELECT 1 FROM activity_trainer x WHERE x.activity_id = " col " AND x.user_id = ?11)"

/* Person `col` attended a session of an activity assigned to the trainer ?11. */
#define SCOPE_SQL_TRAINER_PERSON(col)                                                       \
    "EXISTS (SELECT 1 FROM attendance t JOIN session s ON s.id = t.session_id"               \
    " JOIN activity_trainer x ON x.activity_id = s.activity_id"                              \
    " WHERE t.person_id = " col " AND x.user_id = ?11)"

/* Person `col` (its id) within the scope of the kind of actor bound as ?9: 0 everyone (manager,
 * economist, …), 1 a coordinator (the people of organisation ?10), 2 a trainer (those who
 * attended their activities). `org` is the person's organisation_id column. */
#define SCOPE_SQL_PERSON(col, org)                                                          \
    "(?9 = 0 OR (?9 = 1 AND " org " = ?10) OR (?9 = 2 AND " SCOPE_SQL_TRAINER_PERSON(col) "))"

#endif
