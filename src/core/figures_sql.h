/* figures_sql.h — the definitions of the report's figures as SQL fragments, shared by the figures
 * engine (figures.c), which aggregates them, and the trace (trace.c), which lists the records
 * behind each figure. A figure and its list are built from the same fragment, so they cannot
 * drift apart: change a definition here and both follow. Core-internal (src/core only).
 *
 * Parameters, as in every query of figures.c: ?1 the project id, ?2 the first day of the range,
 * ?3 its last day. "Accumulated" is the same fragment with ?2 bound to "" (every ISO date is
 * greater than the empty string). */
#ifndef INSATS_FIGURES_SQL_H
#define INSATS_FIGURES_SQL_H

/* The sessions that make participants: of a non-cancelled activity of the project whose
 * intervention counts participants, dated up to ?3. Aliases a (activity), i (intervention),
 * s (session); CROSS JOIN fixes the loop order (activity outermost) that figures.c's fold
 * relies on. */
#define FIGSQL_COUNTING_FROM " FROM activity a CROSS JOIN intervention i CROSS JOIN session s"
#define FIGSQL_COUNTING_WHERE                                                                 \
    " a.project_id = ?1 AND a.status <> 'cancelled'"                                          \
    " AND i.id = a.intervention_id AND i.counts_participants = 1"                             \
    " AND s.activity_id = a.id AND s.session_date <= ?3"

/* A present attendance t at the session s: what makes a person a participant. */
#define FIGSQL_PRESENT " t.session_id = s.id AND t.present = 1"

/* A counting session inside the range (participants and hours "in the period"). */
#define FIGSQL_SESSION_IN_RANGE " s.session_date >= ?2"

/* The sessions whose hours an intervention reports: of its non-cancelled activities, dated up
 * to ?3 (counting participants or not). */
#define FIGSQL_HELD_WHERE " a.project_id = ?1 AND a.status <> 'cancelled' AND s.session_date <= ?3"

/* The sessions of an activity in the range (`activities[]`); a cancelled activity reports
 * 0 hours and 0 participants whatever its sessions, which figures.c and trace.c apply. */
#define FIGSQL_ACTIVITY_SESSION_WHERE " a.project_id = ?1 AND s.session_date BETWEEN ?2 AND ?3"

/* Certificates c issued up to ?3 and not withdrawn (a withdrawn one counts nowhere); "in the
 * period" adds FIGSQL_CERT_IN_RANGE. */
#define FIGSQL_CERT_WHERE " c.project_id = ?1 AND c.issued <= ?3 AND c.withdrawn IS NULL"
#define FIGSQL_CERT_IN_RANGE " c.issued >= ?2"

/* A membership m that covers ?3 (a group's members on the report's last day). */
#define FIGSQL_MEMBER_COVERS                                                                  \
    " (m.from_date IS NULL OR m.from_date <= ?3) AND (m.to_date IS NULL OR m.to_date >= ?3)"

/* The budget version in force on ?3: the last one dated on or before it, else the first one.
 * An ORDER BY … LIMIT 1 over budget_version. */
#define FIGSQL_IN_FORCE_ORDER                                                                 \
    " ORDER BY version_date <= ?3 DESC,"                                                      \
    " CASE WHEN version_date <= ?3 THEN -position ELSE position END LIMIT 1"
#define FIGSQL_VERSION_IN_FORCE                                                               \
    "(SELECT id FROM budget_version WHERE project_id = ?1" FIGSQL_IN_FORCE_ORDER ")"

/* Cost entries e dated up to ?3 (actual costs); "in the period" adds FIGSQL_COST_IN_RANGE. */
#define FIGSQL_COST_WHERE " e.project_id = ?1 AND e.cost_date <= ?3"
#define FIGSQL_COST_IN_RANGE " e.cost_date >= ?2"

/* Meetings m dated in the range; `meetings_held` counts those with status held. */
#define FIGSQL_MEETING_WHERE " m.project_id = ?1 AND m.meeting_date BETWEEN ?2 AND ?3"

/* A manual goal's measurements v made up to ?3; the latest one is the value shown. */
#define FIGSQL_GOAL_VALUE_WHERE " v.measured_on <= ?3"

#endif
