/* smtp.h — one message through an SMTP relay with libcurl (its SMTP and MIME: the message is
 * multipart, the text and an attachment base64-encoded). Core-internal: outbox.c calls it for
 * each claimed message; no SQL here. */
#ifndef INSATS_SMTP_H
#define INSATS_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "outbox.h"

typedef struct SmtpMail {
    const char *from;
    const char *to;
    const char *subject;          /* UTF-8; written as an RFC 2047 encoded word when needed */
    const char *body;             /* UTF-8 plain text */
    const char *attachment_name;  /* NULL: none */
    const char *attachment_type;
    const void *attachment;
    size_t attachment_len;
    const char *message_id;       /* "<token@domain>" */
} SmtpMail;

/* Called during the transfer: before_last_byte just before the message's end goes to the
 * relay (false: abandon the transfer, the relay then discards what it got); should_stop now
 * and then before that (true: abandon it too). Either may be NULL. */
typedef struct SmtpHooks {
    void *ctx;
    bool (*before_last_byte)(void *ctx);
    bool (*should_stop)(void *ctx);
} SmtpHooks;

typedef struct SmtpResult {
    OutboxOutcome outcome;
    long code;                    /* the relay's last reply code; 0: none */
    char error[400];              /* one line, for the outbox (no address in it) */
} SmtpResult;

/* Sends one message; never fails otherwise than through *res. */
void smtp_send(const OutboxSmtp *smtp, const SmtpMail *mail, const SmtpHooks *hooks,
               SmtpResult *res);

/* The Subject header's value: s itself when it is printable ASCII, else RFC 2047 encoded
 * words ("=?UTF-8?B?…?=", each at most 75 characters, never splitting a character), separated
 * by CRLF and a space. Caller frees. */
char *smtp_encode_subject(const char *s);

#endif
