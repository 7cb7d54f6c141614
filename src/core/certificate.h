/* certificate.h — certificates (intyg) given to people: earned by attendance (issued when an
 * activity is marked held, re-evaluated whenever its attendance or sessions change, withdrawn
 * with the reason kept when no longer earned), issued or withdrawn by hand with a reason, the
 * documents the PDF renderer prints, and the public check of a verification code.
 *
 * The rule (one place, certificate_evaluate): a person earns the certificate of an activity
 * that is held and gives certificates when marked present at at least the project's threshold
 * (project.certificate_threshold_bp, 80 % by default) of the activity's sessions — present
 * sessions × 10000 ≥ threshold × sessions, in whole numbers, so 4 of 5 is exactly 80 %. */
#ifndef INSATS_CERTIFICATE_H
#define INSATS_CERTIFICATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "db_handle.h"
#include "err.h"
#include "util.h"

struct Rec;   /* rec.h: the area modules' reader and writer, inside src/core */

/* A verification code: 10 characters of Crockford's base 32 (no I, L, O, U), shown in two
 * groups of five ("7KQ2M-XR9TD"). 50 bits. */
#define CERTIFICATE_CODE_LEN 10
/* The code as printed, with its hyphen, and its NUL. */
#define CERTIFICATE_CODE_SHOWN (CERTIFICATE_CODE_LEN + 2)

/* Validates the certificate at `path` (certificates[i]) and, while the Rec is writable and its
 * claim allows, inserts or updates it by its id. `index` is its position in its list. A
 * certificate given without a verification code gets a new one (an update keeps its own). */
void certificate_save_json(struct Rec *r, const json_t *o, const char *path, size_t index);

/* What one evaluation changed. */
typedef struct CertificateChanges {
    int issued;       /* new certificates */
    int reinstated;   /* withdrawn ones earned again (the same certificate and code) */
    int withdrawn;    /* no longer earned */
} CertificateChanges;

/* Re-evaluates the certificates earned by attendance at the activity (its row id) inside the
 * caller's transaction, on `today` (ISO date; NULL: date_today()): every person who earns one
 * (the rule above) and holds none of the activity gets one issued today; one withdrawn earlier
 * comes back; a certificate earned by attendance whose holder no longer earns it — or whose
 * activity is no longer held, or gives none — is withdrawn today with the reason. Certificates
 * issued by hand are left alone. *out (may be NULL) gets the counts. INSATS_OK; INSATS_EINPUT
 * when the database refuses (a certificate of a frozen reporting period, with what to do);
 * INSATS_ESTORAGE. The caller rolls back on failure. */
int certificate_evaluate(Db *db, int64_t activity_id, const char *today,
                         CertificateChanges *out, Errs *errs);

/* certificate_evaluate for the activity `activity_code` of the project, in a transaction of
 * its own, on behalf of the actor (who may write certificates: a manager). Refused, changing
 * nothing: another role (INSATS_EFORBIDDEN); an unknown activity, one that is not held or
 * gives no certificates (INSATS_EINPUT, with the reason and what to do). */
int certificate_issue_activity(Db *db, const Actor *actor, int64_t project_id,
                               const char *activity_code, CertificateChanges *out, Errs *errs);

/* Issues by hand the certificate of activity `activity_code` to person `person_code`, with the
 * reason (required, at most 500 characters), today; a certificate of theirs for the activity
 * that was withdrawn comes back as issued by hand. The manager's only (INSATS_EFORBIDDEN).
 * INSATS_EINPUT for an unknown activity or person, a missing reason, or a person who holds a
 * valid certificate of the activity already. On success the certificate's id goes to code_out
 * (cut to cap). */
int certificate_issue_manual(Db *db, const Actor *actor, int64_t project_id,
                             const char *activity_code, const char *person_code,
                             const char *reason, char *code_out, size_t cap, Errs *errs);

/* Withdraws the certificate `code` by hand, today, with the reason (required); it becomes one
 * issued by hand, so that a later re-evaluation does not bring it back. The manager's only.
 * INSATS_EINPUT for an unknown or already withdrawn certificate, a missing reason, a frozen
 * period. */
int certificate_withdraw(Db *db, const Actor *actor, int64_t project_id, const char *code,
                         const char *reason, Errs *errs);

/* Reduces what someone typed to the stored form of a code: upper case, hyphens and spaces
 * dropped, O read as 0 and I, L as 1 (Crockford). False when it is not 10 such characters. */
bool certificate_code_normalize(const char *input, char out[CERTIFICATE_CODE_LEN + 1]);

/* "7KQ2M-XR9TD" from the stored code. */
void certificate_code_show(const char *code, char out[CERTIFICATE_CODE_SHOWN]);

/* What the public check shows of a certificate, and nothing else. */
typedef struct CertificateCheck {
    char name[256 * 4 + 1];      /* the holder's name */
    char activity[512 * 4 + 1];  /* the activity's title, or the certificate's own */
    char issued[11];             /* ISO date */
    char withdrawn[11];          /* ISO date, "" while valid */
} CertificateCheck;

/* Looks up the verification code as typed (certificate_code_normalize) in every project of
 * the database — the check needs no login, so it takes no Actor and writes nothing.
 * INSATS_OK with *out filled when a certificate has the code; INSATS_EINPUT when none has it
 * or it is no code at all (one answer for both, no message: the caller says "not found");
 * INSATS_ESTORAGE. */
int certificate_verify(Db *db, const char *input, CertificateCheck *out, Errs *errs);

/* The certificates to print, as the PDF renderer reads them (docs/report-format.md
 * "Certificates"): {"report": "certificates", "project": {name, diarienummer},
 * "statement", "threshold", "certificates": [{id, person, name, activity, title, area, first,
 * last, hours, sessions, issued, verification, verify_url}]}. The one certificate `cert_code`,
 * or (cert_code NULL) every valid one of activity `activity_code`, by name. `verify_base` is
 * the address the QR code leads to, without the trailing "/verify/…" ("https://insats.
 * example.se"). No personnummer is in it. For a manager, or a coordinator for the people of
 * their organisation (INSATS_EFORBIDDEN for other roles). INSATS_EINPUT for an unknown
 * certificate or activity, a withdrawn certificate (its date and reason), an activity with no
 * valid certificate. *out: caller json_decref()s. */
int certificate_documents(Db *db, const Actor *actor, int64_t project_id,
                          const char *cert_code, const char *activity_code,
                          const char *verify_base, json_t **out, Errs *errs);

/* The certificates of an activity for its page: [{id, person, name, organisation, issued,
 * basis, reason, withdrawn, withdrawn_reason, verification}] by name, a coordinator's own
 * organisation's only; and the activity's state for the rule: {"status", "gives_certificates",
 * "threshold", "sessions", "earning": people who earn one now}. Readers as
 * certificate_documents. *out: caller json_decref()s. */
int certificate_activity_list(Db *db, const Actor *actor, int64_t project_id,
                              const char *activity_code, json_t **out, Errs *errs);

#endif
