/* secret.h — the key file kept outside the database that protects personnummer: it
 * encrypts them for storage and gives a keyed hash to find the same person again. */
#ifndef INSATS_SECRET_H
#define INSATS_SECRET_H

#include <stddef.h>

/* Size of secret_hash() output. */
#define SECRET_HASH_BYTES 32

/* Key material derived from one key file, held in guarded memory. Opaque. */
typedef struct Secret Secret;

/* Creates a new key file at `path` with a fresh random key (mode 0600). Never replaces an
 * existing file. Returns 0, or -1 with *why set to a static or thread-local English reason
 * (valid until the next secret_ call in the same thread). */
int secret_create(const char *path, const char **why);

/* Reads the key file at `path` into *out (free with secret_free). Returns 0, or -1 with
 * *why set as for secret_create and *out untouched. */
int secret_load(const char *path, Secret **out, const char **why);

/* Wipes and frees the key material; NULL is allowed. */
void secret_free(Secret *s);

/* Encrypts a canonical 12-digit number. On success returns 0 and stores a malloc'd blob
 * (nonce then ciphertext, the caller frees) in *out and its size in *out_len; returns -1
 * if digits12 is not 12 digits. Each call uses a fresh random nonce. */
int secret_seal(const Secret *s, const char *digits12, unsigned char **out, size_t *out_len);

/* Decrypts a blob from secret_seal into out (12 digits plus NUL). Returns 0, or -1 when the
 * blob was altered, has the wrong size or was sealed with another key. */
int secret_open(const Secret *s, const unsigned char *blob, size_t len, char out[13]);

/* Seals len bytes of an account's secret (a TOTP secret) under a subkey of its own, apart
 * from the personnummer's: nonce then ciphertext, malloc'd (caller frees), its size in
 * *out_len. Each call uses a fresh random nonce. */
unsigned char *secret_seal_account(const Secret *s, const void *plain, size_t len,
                                   size_t *out_len);

/* Opens a blob of secret_seal_account holding exactly len bytes into out. Returns 0, or -1
 * when it was altered, holds another length or was sealed with another key. */
int secret_open_account(const Secret *s, const unsigned char *blob, size_t blob_len, void *out,
                        size_t len);

/* Keyed BLAKE2b of a canonical 12-digit number: equal for the same number and key, so a
 * person is found again on re-import without storing the number in clear. */
void secret_hash(const Secret *s, const char *digits12, unsigned char out[SECRET_HASH_BYTES]);

/* A fingerprint of the key, stored in the database it belongs to, so that a key file of
 * another database is refused instead of sealing new personnummer under the wrong key. */
void secret_fingerprint(const Secret *s, unsigned char out[SECRET_HASH_BYTES]);

#endif
