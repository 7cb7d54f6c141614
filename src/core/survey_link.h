/* survey_link.h — a survey's anonymous answer link (/s/{token}) and what hangs on it: the token,
 * the form it opens, the answers it takes, the response rate per activity, and the ready-made
 * surveys (templates) a survey is created from. docs/workflows.md "Anonymous surveys" says the
 * rules as the users see them.
 *
 * What an answer through the link keeps: the answers, the day it came in, and the respondent's
 * organisation and gender only when the respondent gave them and the anonymity rule lets them
 * stay (survey_crowd_keep(), survey.h). Nothing else: no address, no time of day, no account
 * (a signed-in user answers as anyone else does), and its row id and code are random, so that
 * their order says nothing about when it came. It is recorded in the audit trail as one entry
 * of kind "response" without record id or code, dated to the day. */
#ifndef INSATS_SURVEY_LINK_H
#define INSATS_SURVEY_LINK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"

/* The link's token: 24 random bytes in URL-safe base64 without padding (192 bits). */
#define SURVEY_TOKEN_LEN 32
/* The form's stamp (survey_form_stamp): 16 bytes in hex. */
#define SURVEY_STAMP_LEN 32
/* Below this response rate (basis points: answers / participants present) a survey that is
 * still open is listed as a reminder to the activity's trainers and the manager. */
#define SURVEY_RATE_LOW 5000

/* The survey's link token into token (SURVEY_TOKEN_LEN + 1; "" when it has none). With create,
 * one is made when it has none — only by an actor who may write surveys (record_may_write(actor,
 * "survey", 0)); without, any reader of surveys (browse_readers()) gets it. Else
 * INSATS_EFORBIDDEN. An unknown survey is INSATS_EINPUT with a message. The making is in the
 * audit trail (the survey's update, the token written as "set"). */
int survey_link_token(Db *db, const Actor *actor, int64_t project_id, const char *survey_code,
                      bool create, char token[SURVEY_TOKEN_LEN + 1], Errs *errs);

/* Whether s has the shape of a token (length and alphabet), without asking the database. */
bool survey_token_shape(const char *s);

typedef struct SurveyFormQuestion {
    char *code, *text, *type;   /* type: scale5, yes_no, text */
} SurveyFormQuestion;

typedef struct SurveyFormOrg {
    char *code, *name;
} SurveyFormOrg;

/* What the answer form shows. Every string owned; free with survey_form_free(). */
typedef struct SurveyForm {
    char *survey_code, *title, *kind, *project_name;
    char *activity_title;        /* NULL: a survey of the whole project */
    char *activity_date;         /* the activity's first session, NULL without one */
    char *closes;                /* the last day it takes answers; NULL: no closing date */
    bool closed;                 /* today is after closes */
    bool one_per_browser;
    SurveyFormQuestion *questions;
    size_t n_questions;
    SurveyFormOrg *orgs;         /* the organisations a respondent may name (the activity's
                                    participants', else the project's people's), by name */
    size_t n_orgs;
    char cookie[40];             /* the name of the "answered" cookie: the same for everyone who
                                    answered this survey, its value always "1" */
} SurveyForm;

/* The form behind token, as it stands on `today` (ISO date). INSATS_EINPUT when no survey has
 * that token (a message that says only that); INSATS_ESTORAGE. */
int survey_form_get(Db *db, const char *token, const char *today, SurveyForm *f, Errs *errs);
void survey_form_free(SurveyForm *f);

/* The A4 sheet's content (render.h, render_survey_sheet()) for the form f and its link url:
 * {"title", "url", "project", "activity", "date", "closes"}, the optional ones left out when
 * NULL. New reference. */
json_t *survey_sheet_json(const SurveyForm *f, const char *url);

/* The form's stamp for `day` into out (SURVEY_STAMP_LEN + 1): a keyed hash of the token and the
 * day, the same for everyone who opens the form that day — it identifies no one. The form
 * carries it; an answer must bring the stamp of today or of yesterday (a form opened before
 * midnight). */
void survey_form_stamp(const char *token, const char *day, char out[SURVEY_STAMP_LEN + 1]);
bool survey_form_stamp_ok(const char *token, const char *today, const char *stamp);

/* One answer as a form sends it: the question's id and its value as text — "1"…"5" for a
 * scale, "yes"/"no" for yes_no, any text for a text question; an empty value is no answer. */
typedef struct SurveyAnswerIn {
    const char *question, *value;
} SurveyAnswerIn;

/* Stores one anonymous answer to the survey behind token, on `today`: the answers, and the
 * organisation (its id, the bundle's) and gender (female, male, other) only when given and kept
 * by the anonymity rule. Refused, storing nothing: an unknown token (INSATS_EINPUT, as
 * survey_form_get), a closed survey (*closed set, INSATS_EINPUT), an answer that is not one of
 * its question's values, an unknown question, organisation or gender (INSATS_EINPUT, messages
 * naming the field: the question's id, "organisation", "gender"), no answer at all
 * (field "answers"). INSATS_ESTORAGE. Sets the connection's audit actor to the anonymous
 * respondent (login "anonym"), whoever is signed in. */
int survey_answer_submit(Db *db, const char *token, const char *today, const SurveyAnswerIn *in,
                         size_t n, const char *organisation, const char *gender, bool *closed,
                         Errs *errs);

/* ---- response rates ------------------------------------------------------------------- */

typedef struct SurveyRate {
    char *survey_code, *title, *activity_code, *activity_title, *closes;   /* owned */
    char *last_day;      /* the activity's last session, NULL without one (owned) */
    int64_t survey_id, activity_id;
    bool held;           /* the activity is marked held */
    int64_t responses;
    int64_t present;     /* distinct people marked present at the activity's sessions */
    int64_t rate_bp;     /* responses / present in basis points; -1 when nobody was present */
    bool open;           /* not closed on the day asked about */
    bool low;            /* open, someone was present, and rate_bp < SURVEY_RATE_LOW */
} SurveyRate;

/* The response rate of every survey attached to an activity that the actor reads (a trainer:
 * their assigned activities'; a coordinator and the manager: all), on `today`, ordered by
 * closing date then id; with only_low, only those still open with a low rate.
 * *out (free with survey_rates_free) has *n entries. INSATS_ESTORAGE. */
int survey_rates(Db *db, const Actor *actor, int64_t project_id, const char *today,
                 bool only_low, SurveyRate **out, size_t *n, Errs *errs);
/* The same for the surveys still open that close within `days` days of today (a closing date
 * between today and today + days) and that concern the actor's account by the surveys' one
 * recipient rule (survey_sql.h: the activity's trainers, else its coordinators) — the to-do
 * list's "surveys closing". */
int survey_rates_closing(Db *db, const Actor *actor, int64_t project_id, const char *today,
                         int days, SurveyRate **out, size_t *n, Errs *errs);
void survey_rates_free(SurveyRate *r, size_t n);

/* The reminders about surveys (survey_remind.c), one sweep that the server's mail worker runs
 * every hour (through reminders_run(), reminders.h) and `insats survey remind` once. Each goes
 * into the outbox (outbox.h, kind "survey_reminder", which a user can turn off) to those the
 * survey concerns (survey_sql.h: the activity's trainers, else the coordinators of its
 * organisations) who have an e-mail address:
 *   - after an activity is held (its last session at most SURVEY_REMIND_HELD_DAYS days ago):
 *     hand out the survey — naming its first survey still open, with the rate so far and the
 *     link; an activity with no survey at all is reminded of the survey it should have; one
 *     whose surveys are all closed is not reminded;
 *   - while a survey's rate is low (SurveyRate.low) in its last SURVEY_REMIND_LOW_DAYS days
 *     before it closes (a survey without a closing date: before SURVEY_REMIND_OPEN_DAYS days
 *     after the activity's last session), and not before SURVEY_REMIND_LOW_AFTER days after
 *     the activity, so that the two do not come together.
 * Each at most once per activity (after it is held) or survey (the low rate) and account: a
 * once_key the outbox keeps ("survey_reminder:activity:A:user:U",
 * "survey_reminder:survey:S:user:U"). Never for a closed survey. */
#define SURVEY_REMIND_HELD_DAYS 14
#define SURVEY_REMIND_LOW_DAYS 7
#define SURVEY_REMIND_LOW_AFTER 2
#define SURVEY_REMIND_OPEN_DAYS 14

typedef struct SurveyRemindRun {
    size_t held;      /* reminders written after a held activity */
    size_t low;       /* reminders written about a low rate */
    size_t skipped;   /* recipients whose address the outbox refused */
} SurveyRemindRun;

/* The sweep over one project (project_id > 0) or all of them (0), inside the caller's
 * transaction; adds what it wrote to *run. base_url: the base of the answer links the
 * messages give (NULL: the messages point to the survey's page instead). `today` ISO.
 * INSATS_ESTORAGE. */
int survey_remind_sweep(Db *db, int64_t project_id, const char *today, const char *base_url,
                        SurveyRemindRun *run, Errs *errs);

/* `insats survey remind`: the sweep over one project in one transaction, for an actor who may
 * write surveys (else INSATS_EFORBIDDEN). *written: the messages written (both kinds). */
int survey_remind(Db *db, const Actor *actor, int64_t project_id, const char *today,
                  const char *base_url, size_t *written, Errs *errs);

/* ---- templates ------------------------------------------------------------------------ */

/* The ready-made questions of a template — "after_activity" (the standard evaluation after an
 * activity), "baseline", "follow_up" (the same questions, so that the two compare) — as the
 * bundle's "questions" array (new reference); NULL for another name. */
json_t *survey_template_questions(const char *kind);

/* What a survey made from a template gets; NULL fields take their default. */
typedef struct SurveyNew {
    const char *template_kind;   /* after_activity, baseline, follow_up */
    const char *id;              /* NULL: "enk-<activity>" or "<kind>-<date>", made unique */
    const char *title;           /* NULL: the template's title, with the activity's */
    const char *activity;        /* the activity's id; NULL: the whole project */
    const char *date;            /* NULL: the activity's last session, else today */
    const char *closes;          /* NULL: 14 days after the date */
    const char *today;
} SurveyNew;

/* Creates the survey through record_save() (the same rules, role check and audit trail as
 * every record) with its link token, all in record_save()'s one transaction: a failure stores
 * nothing. code_out gets its id. Statuses as record_save(); an unknown template is
 * INSATS_EUSAGE. */
int survey_from_template(Db *db, const Actor *actor, int64_t project_id, const SurveyNew *n,
                         char *code_out, size_t code_cap, Errs *errs);

#endif
