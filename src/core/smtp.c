/* smtp.c — one message through an SMTP relay with libcurl (smtp.h). libcurl speaks SMTP and
 * builds the MIME message; this file sets the headers, reads the parts through a callback that
 * lets outbox.c record the hand-over just before the message's end, and sorts the result into
 * an outcome. */
#include "smtp.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "util.h"

static pthread_once_t smtp_once = PTHREAD_ONCE_INIT;

static void smtp_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* ---- headers ------------------------------------------------------------------------ */

char *smtp_encode_subject(const char *s)
{
    bool plain = true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        plain &= *p >= 0x20 && *p < 0x7f;
    /* "=?" in plain text would be read as the start of an encoded word. */
    if (plain && !strstr(s, "=?"))
        return xstrdup(s);
    Buf b = {0};
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        /* 45 bytes make 60 characters of base64: with "=?UTF-8?B?" and "?=", 72 ≤ 75. */
        size_t n = len - pos < 45 ? len - pos : 45;
        while (pos + n < len && n > 0 && ((unsigned char)s[pos + n] & 0xC0) == 0x80)
            n--;
        char b64[sodium_base64_ENCODED_LEN(45, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + pos, n,
                          sodium_base64_VARIANT_ORIGINAL);
        buf_printf(&b, "%s=?UTF-8?B?%s?=", pos ? "\r\n " : "", b64);
        pos += n;
    }
    return b.data ? b.data : xstrdup("");
}

/* RFC 5322's date, in UTC, without the locale's names. */
static void smtp_date(char *out, size_t outlen)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
             tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
             tm.tm_sec);
}

/* ---- the parts, read through a callback --------------------------------------------- */

typedef struct SmtpTransfer {
    const SmtpHooks *hooks;
    bool handed_over;        /* before_last_byte() said yes */
    bool abandoned;          /* a hook ended the transfer */
} SmtpTransfer;

typedef struct SmtpPart {
    const char *data;
    size_t len, pos;
    bool last;               /* the message's last part: its end is the message's end */
    SmtpTransfer *t;
} SmtpPart;

static size_t smtp_part_read(char *buffer, size_t size, size_t nitems, void *arg)
{
    SmtpPart *p = arg;
    const SmtpHooks *h = p->t->hooks;
    if (!p->t->handed_over && h->should_stop && h->should_stop(h->ctx)) {
        p->t->abandoned = true;
        return CURL_READFUNC_ABORT;
    }
    size_t room = size * nitems;
    if (p->pos < p->len) {
        size_t n = p->len - p->pos < room ? p->len - p->pos : room;
        memcpy(buffer, p->data + p->pos, n);
        p->pos += n;
        return n;
    }
    if (p->last && !p->t->handed_over) {
        if (h->before_last_byte && !h->before_last_byte(h->ctx)) {
            p->t->abandoned = true;
            return CURL_READFUNC_ABORT;
        }
        p->t->handed_over = true;
    }
    return 0;
}

static int smtp_part_seek(void *arg, curl_off_t offset, int origin)
{
    SmtpPart *p = arg;
    if (origin != SEEK_SET || offset < 0 || (size_t)offset > p->len || p->t->handed_over)
        return CURL_SEEKFUNC_CANTSEEK;
    p->pos = (size_t)offset;
    return CURL_SEEKFUNC_OK;
}

static int smtp_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                         curl_off_t ulnow)
{
    SmtpTransfer *t = arg;
    if (!t->handed_over && t->hooks->should_stop && t->hooks->should_stop(t->hooks->ctx)) {
        t->abandoned = true;
        return 1;
    }
    return 0;
}

static void smtp_part_add(curl_mime *mime, SmtpPart *p, const char *type, const char *encoder,
                          const char *filename)
{
    curl_mimepart *part = curl_mime_addpart(mime);
    /* The size is left unknown so that libcurl reads each part to its end (0), where the
     * last part calls before_last_byte(): with a size given it would stop at the size. */
    curl_mime_data_cb(part, -1, smtp_part_read, smtp_part_seek, NULL, p);
    curl_mime_type(part, type);
    curl_mime_encoder(part, encoder);
    if (filename)
        curl_mime_filename(part, filename);
}

/* ---- the transfer ------------------------------------------------------------------- */

static struct curl_slist *smtp_header(struct curl_slist *l, const char *name, const char *v)
{
    char *line = xasprintf("%s: %s", name, v);
    struct curl_slist *n = curl_slist_append(l, line);
    free(line);
    if (!n)
        abort();
    return n;
}

void smtp_send(const OutboxSmtp *smtp, const SmtpMail *mail, const SmtpHooks *hooks,
               SmtpResult *res)
{
    static const SmtpHooks none = {0};
    memset(res, 0, sizeof *res);
    res->outcome = OUTBOX_RETRY;
    pthread_once(&smtp_once, smtp_init_once);
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(res->error, sizeof res->error, "cannot start libcurl");
        return;
    }
    SmtpTransfer t = {.hooks = hooks ? hooks : &none};
    char errbuf[CURL_ERROR_SIZE] = "";
    char *from = xasprintf("<%s>", mail->from);
    char *to = xasprintf("<%s>", mail->to);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    char date[64];
    smtp_date(date, sizeof date);
    char *subject = smtp_encode_subject(mail->subject);
    struct curl_slist *hdr = smtp_header(NULL, "Date", date);
    hdr = smtp_header(hdr, "From", mail->from);
    hdr = smtp_header(hdr, "To", mail->to);
    hdr = smtp_header(hdr, "Subject", subject);
    hdr = smtp_header(hdr, "Message-ID", mail->message_id);
    hdr = smtp_header(hdr, "Auto-Submitted", "auto-generated");

    curl_mime *mime = curl_mime_init(c);
    bool attach = mail->attachment_name && mail->attachment;
    /* Lines end in CRLF in a message; the quoted-printable encoder keeps them as line breaks
     * (a bare LF would be encoded as =0A). */
    Buf body = {0};
    for (const char *b = mail->body; *b; b++) {
        if (*b == '\n' && (b == mail->body || b[-1] != '\r'))
            buf_putc(&body, '\r');
        buf_putc(&body, *b);
    }
    SmtpPart text = {.data = body.data ? body.data : "", .len = body.len, .last = !attach,
                     .t = &t};
    SmtpPart file = {.data = mail->attachment, .len = mail->attachment_len, .last = true, .t = &t};
    smtp_part_add(mime, &text, "text/plain; charset=utf-8", "quoted-printable", NULL);
    if (attach)
        smtp_part_add(mime, &file, mail->attachment_type ? mail->attachment_type
                                                         : "application/octet-stream",
                      "base64", mail->attachment_name);

    long timeout = smtp->timeout_s > 0 ? smtp->timeout_s : 60;
    curl_easy_setopt(c, CURLOPT_URL, smtp->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout < 15 ? timeout : 15L);
    /* STARTTLS whenever the relay offers it; smtps:// is TLS from the start. */
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (smtp->user)
        curl_easy_setopt(c, CURLOPT_USERNAME, smtp->user);
    if (smtp->password)
        curl_easy_setopt(c, CURLOPT_PASSWORD, smtp->password);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, smtp_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);

    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->code);
    if (rc == CURLE_OK) {
        res->outcome = OUTBOX_SENT;
    } else {
        snprintf(res->error, sizeof res->error, "%s", *errbuf ? errbuf : curl_easy_strerror(rc));
        bool refused = res->code >= 400 && res->code < 600;
        if (t.handed_over)
            /* After the whole message only the relay's answer to it counts: without one the
             * relay may have taken it. */
            res->outcome = !refused ? OUTBOX_UNCERTAIN
                           : res->code >= 500 ? OUTBOX_REFUSED : OUTBOX_RETRY;
        else if (t.abandoned)
            res->outcome = OUTBOX_RELEASED;
        else if (refused && res->code >= 500 && rc != CURLE_LOGIN_DENIED)
            /* A wrong password is the relay's configuration, not this message's fault. */
            res->outcome = OUTBOX_REFUSED;
        else
            res->outcome = OUTBOX_RETRY;
        if (res->code && !strstr(res->error, "failed: "))
            snprintf(res->error + strlen(res->error), sizeof res->error - strlen(res->error),
                     " (the relay answered %ld)", res->code);
        for (char *e = res->error; *e; e++)
            if ((unsigned char)*e < 0x20)
                *e = ' ';
    }
    curl_easy_cleanup(c);
    curl_mime_free(mime);
    curl_slist_free_all(hdr);
    curl_slist_free_all(rcpt);
    buf_free(&body);
    free(subject);
    free(from);
    free(to);
}
