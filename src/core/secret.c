/* secret.c — the key file that protects personnummer (libsodium): creating and loading
 * it, encrypting numbers for storage and hashing them for look-up. */
#include "secret.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "i18n.h"
#include "util.h"

/* Bumping the version lets a later format be told apart instead of misread. */
#define SECRET_HEADER "insats-key v1\n"
#define SECRET_HEADER_LEN (sizeof SECRET_HEADER - 1)
#define SECRET_MASTER_BYTES crypto_kdf_KEYBYTES
#define SECRET_HEX_LEN (2 * SECRET_MASTER_BYTES)
/* The whole file: header, hex key, newline. Anything else is not ours. */
#define SECRET_FILE_LEN (SECRET_HEADER_LEN + SECRET_HEX_LEN + 1)

/* Exactly crypto_kdf_CONTEXTBYTES characters; ties the subkeys to this purpose. */
static const char SECRET_KDF_CONTEXT[crypto_kdf_CONTEXTBYTES + 1] = "insatspn";
enum { SECRET_SUBKEY_BOX = 1, SECRET_SUBKEY_HASH = 2, SECRET_SUBKEY_ACCOUNT = 3 };

#define SECRET_PNR_LEN 12

/* Separate subkeys, so a weakness in one use can't leak into the other. Lives in
 * sodium_malloc'd memory (guard pages, no swap where possible, wiped on free). */
struct Secret {
    unsigned char box_key[crypto_secretbox_KEYBYTES];
    unsigned char hash_key[crypto_generichash_KEYBYTES];
    unsigned char account_key[crypto_secretbox_KEYBYTES];   /* secrets of accounts (TOTP) */
};

/* I/O reasons carry strerror text; a per-thread buffer spares callers from freeing it. */
static _Thread_local char secret_why_buf[160];

/* The reason in the thread's language: it ends up in a message to the user. */
static int fail(const char **why, const char *msg)
{
    if (why)
        *why = i18n_gettext(msg);
    return -1;
}

static int fail_errno(const char **why, const char *what, int err)
{
    snprintf(secret_why_buf, sizeof secret_why_buf, "%s (%s)", i18n_gettext(what), strerror(err));
    if (why)
        *why = secret_why_buf;
    return -1;
}

static bool twelve_digits(const char *s)
{
    for (size_t i = 0; i < SECRET_PNR_LEN; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[SECRET_PNR_LEN] == '\0';
}

/* Writes all n bytes, retrying partial writes and signals. Returns 0 or -1 with errno. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads up to cap bytes (until EOF). Returns the count, or -1 with errno. */
static ssize_t read_upto(int fd, char *p, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t r = read(fd, p + got, cap - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

int secret_create(const char *path, const char **why)
{
    if (sodium_init() < 0)
        return fail(why, N_("libsodium could not be initialised"));

    unsigned char *master = sodium_malloc(SECRET_MASTER_BYTES);
    if (!master)
        return fail(why, N_("cannot allocate protected memory for the key"));
    randombytes_buf(master, SECRET_MASTER_BYTES);

    char text[SECRET_FILE_LEN + 1];
    memcpy(text, SECRET_HEADER, SECRET_HEADER_LEN);
    sodium_bin2hex(text + SECRET_HEADER_LEN, SECRET_HEX_LEN + 1, master, SECRET_MASTER_BYTES);
    text[SECRET_FILE_LEN - 1] = '\n';
    text[SECRET_FILE_LEN] = '\0';
    sodium_free(master);

    /* O_EXCL: losing an existing key would make every stored personnummer unreadable. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int err = errno;
        sodium_memzero(text, sizeof text);
        if (err == EEXIST)
            return fail(why, N_("key file already exists (refusing to overwrite it)"));
        return fail_errno(why, N_("cannot create key file"), err);
    }

    /* fsync before reporting success: a key lost in a crash after data was sealed with it
     * would be unrecoverable. */
    int rc = write_all(fd, text, SECRET_FILE_LEN);
    if (rc == 0)
        rc = fsync(fd);
    int err = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    sodium_memzero(text, sizeof text);
    if (rc != 0) {
        unlink(path); /* ours: O_EXCL guarantees we created it */
        return fail_errno(why, N_("cannot write key file"), err);
    }
    return 0;
}

int secret_load(const char *path, Secret **out, const char **why)
{
    if (sodium_init() < 0)
        return fail(why, N_("libsodium could not be initialised"));

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail_errno(why, N_("cannot open key file"), errno);

    /* One byte more than a valid file, to notice trailing content. */
    char text[SECRET_FILE_LEN + 1];
    ssize_t n = read_upto(fd, text, sizeof text);
    int err = errno;
    close(fd);
    if (n < 0) {
        sodium_memzero(text, sizeof text);
        return fail_errno(why, N_("cannot read key file"), err);
    }

    const char *msg = NULL;
    if ((size_t)n < SECRET_HEADER_LEN || memcmp(text, SECRET_HEADER, SECRET_HEADER_LEN) != 0)
        msg = N_("not an insats key file (expected first line 'insats-key v1')");
    else if ((size_t)n != SECRET_FILE_LEN || text[SECRET_FILE_LEN - 1] != '\n')
        msg = N_("damaged key file (expected 64 hex digits after the first line)");

    unsigned char *master = NULL;
    if (!msg) {
        master = sodium_malloc(SECRET_MASTER_BYTES);
        if (!master)
            msg = N_("cannot allocate protected memory for the key");
    }
    if (!msg) {
        size_t bin_len = 0;
        const char *end = NULL;
        const char *hex = text + SECRET_HEADER_LEN;
        if (sodium_hex2bin(master, SECRET_MASTER_BYTES, hex, SECRET_HEX_LEN, NULL, &bin_len,
                           &end) != 0 ||
            bin_len != SECRET_MASTER_BYTES || end != hex + SECRET_HEX_LEN)
            msg = N_("damaged key file (expected 64 hex digits after the first line)");
    }
    sodium_memzero(text, sizeof text);

    Secret *s = NULL;
    if (!msg) {
        s = sodium_malloc(sizeof *s);
        if (!s)
            msg = N_("cannot allocate protected memory for the key");
    }
    if (!msg) {
        crypto_kdf_derive_from_key(s->box_key, sizeof s->box_key, SECRET_SUBKEY_BOX,
                                   SECRET_KDF_CONTEXT, master);
        crypto_kdf_derive_from_key(s->hash_key, sizeof s->hash_key, SECRET_SUBKEY_HASH,
                                   SECRET_KDF_CONTEXT, master);
        crypto_kdf_derive_from_key(s->account_key, sizeof s->account_key, SECRET_SUBKEY_ACCOUNT,
                                   SECRET_KDF_CONTEXT, master);
        /* Nothing writes the subkeys after this; a stray write should crash, not corrupt. */
        sodium_mprotect_readonly(s);
    }
    sodium_free(master); /* wipes; NULL is fine */
    if (msg)
        return fail(why, msg);
    *out = s;
    return 0;
}

void secret_free(Secret *s)
{
    if (s)
        sodium_free(s); /* lifts the read-only protection and wipes before unmapping */
}

/* Seals len bytes under key with a fresh random nonce: nonce then ciphertext, caller frees. */
static unsigned char *seal_with(const unsigned char *key, const void *plain, size_t len,
                                size_t *out_len)
{
    size_t n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    unsigned char *blob = xmalloc(n);
    randombytes_buf(blob, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(blob + crypto_secretbox_NONCEBYTES, plain, len, blob, key);
    *out_len = n;
    return blob;
}

/* Opens a blob of seal_with holding exactly len bytes into out. 0, or -1 when it is not one. */
static int open_with(const unsigned char *key, const unsigned char *blob, size_t blob_len,
                     void *out, size_t len)
{
    if (!blob || blob_len != crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len)
        return -1;
    return crypto_secretbox_open_easy(out, blob + crypto_secretbox_NONCEBYTES,
                                      blob_len - crypto_secretbox_NONCEBYTES, blob, key);
}

int secret_seal(const Secret *s, const char *digits12, unsigned char **out, size_t *out_len)
{
    assert(s && digits12 && out && out_len);
    if (!twelve_digits(digits12))
        return -1;
    *out = seal_with(s->box_key, digits12, SECRET_PNR_LEN, out_len);
    return 0;
}

int secret_open(const Secret *s, const unsigned char *blob, size_t len, char out[13])
{
    assert(s && out);
    char plain[SECRET_PNR_LEN + 1];
    int rc = open_with(s->box_key, blob, len, plain, SECRET_PNR_LEN);
    plain[SECRET_PNR_LEN] = '\0';
    /* Authenticated, so only our own seal gets here; the digit check guards against a blob
     * sealed by a future version with different content. */
    if (rc == 0 && twelve_digits(plain))
        memcpy(out, plain, sizeof plain);
    else
        rc = -1;
    sodium_memzero(plain, sizeof plain);
    return rc;
}

unsigned char *secret_seal_account(const Secret *s, const void *plain, size_t len,
                                   size_t *out_len)
{
    assert(s && plain && out_len);
    return seal_with(s->account_key, plain, len, out_len);
}

int secret_open_account(const Secret *s, const unsigned char *blob, size_t blob_len, void *out,
                        size_t len)
{
    assert(s && out);
    return open_with(s->account_key, blob, blob_len, out, len);
}

void secret_hash(const Secret *s, const char *digits12, unsigned char out[SECRET_HASH_BYTES])
{
    assert(s && digits12 && twelve_digits(digits12));
    crypto_generichash(out, SECRET_HASH_BYTES, (const unsigned char *)digits12, SECRET_PNR_LEN,
                       s->hash_key, sizeof s->hash_key);
}

void secret_fingerprint(const Secret *s, unsigned char out[SECRET_HASH_BYTES])
{
    /* The label is not 12 digits, so it can never equal a personnummer's hash. */
    static const char label[] = "insats key fingerprint v1";
    crypto_generichash(out, SECRET_HASH_BYTES, (const unsigned char *)label, sizeof label - 1,
                       s->hash_key, sizeof s->hash_key);
}
