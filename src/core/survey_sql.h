/* survey_sql.h — the SQL of the surveys' one recipient rule, shared by the response rates'
 * to-do filter (survey_link.c) and the reminders sweep (survey_remind.c), so that the to-do
 * list and the e-mail name the same people. */
#ifndef INSATS_SURVEY_SQL_H
#define INSATS_SURVEY_SQL_H

/* Whether the account row `u` (an alias of app_user) is one a survey of activity `act` concerns:
 * an account in use assigned to the activity as its trainer; or, when no account in use is
 * assigned to it, a coordinator in use of one of its organisations — those it is booked for
 * and those of the people marked present at it. Nobody else, whatever their role. */
#define SURVEY_SQL_CONCERNS(u, act)                                                            \
    "(" u ".disabled = 0 AND ("                                                                \
    " EXISTS (SELECT 1 FROM activity_trainer x WHERE x.activity_id = " act                     \
    "  AND x.user_id = " u ".id)"                                                              \
    " OR (" u ".role = 'coordinator' AND NOT EXISTS (SELECT 1 FROM activity_trainer x"         \
    "  JOIN app_user xu ON xu.id = x.user_id WHERE x.activity_id = " act " AND xu.disabled = 0)" \
    "  AND " u ".organisation_id IN (SELECT ao.organisation_id FROM activity_organisation ao"  \
    "   WHERE ao.activity_id = " act " UNION SELECT p.organisation_id FROM session se"         \
    "   JOIN attendance t ON t.session_id = se.id AND t.present = 1"                           \
    "   JOIN person p ON p.id = t.person_id WHERE se.activity_id = " act "))))"

#endif
