/* test_secret.c — unit tests of secret.c: key file creation and loading, sealing and
 * opening personnummer, keyed hashing. Each test works in its own mkdtemp directory.
 *
 * The numbers are from Skatteverket's published test personnummer series (never a real
 * person): 189001019802, 190001019801, 199001012385, and the samordningsnummer
 * 191401682396. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "secret.h"
#include "testutil.h"
#include "util.h"

static const char *const NUMBERS[] = {"189001019802", "190001019801", "199001012385",
                                      "191401682396"};
#define N_NUMBERS (sizeof NUMBERS / sizeof NUMBERS[0])

/* nonce + MAC + 12 digits */
#define BLOB_LEN (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 12)

static const char HEADER[] = "insats-key v1\n";

/* Files a test may leave behind; teardown removes exactly these, then the directory. */
static const char *const FILE_NAMES[] = {"a.key", "b.key", "bad.key"};

static int setup_dir(void **state)
{
    *state = tu_tmpdir("secret");
    return *state ? 0 : -1;
}

static int teardown_dir(void **state)
{
    char *dir = *state;
    int rc = 0;
    for (size_t i = 0; i < sizeof FILE_NAMES / sizeof FILE_NAMES[0]; i++) {
        char *p = xasprintf("%s/%s", dir, FILE_NAMES[i]);
        if (unlink(p) != 0 && errno != ENOENT)
            rc = -1;
        free(p);
    }
    /* rmdir fails on anything unexpected left behind, which then shows up as a failure. */
    if (rmdir(dir) != 0)
        rc = -1;
    free(dir);
    return rc;
}

/* Path of `name` inside the test directory; static buffers, one per slot. */
static const char *in_dir(void **state, const char *name, int slot)
{
    static char bufs[3][4096];
    const char *dir = *state;
    int n = snprintf(bufs[slot], sizeof bufs[slot], "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof bufs[slot]);
    return bufs[slot];
}

static Secret *create_and_load(const char *path)
{
    const char *why = NULL;
    if (secret_create(path, &why) != 0)
        fail_msg("secret_create: %s", why);
    Secret *s = NULL;
    if (secret_load(path, &s, &why) != 0)
        fail_msg("secret_load: %s", why);
    assert_non_null(s);
    return s;
}

static bool contains(const unsigned char *hay, size_t n, const char *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return true;
    return false;
}

static void test_create_writes_private_key_file(void **state)
{
    const char *path = in_dir(state, "a.key", 0);
    const char *why = NULL;
    assert_int_equal(secret_create(path, &why), 0);

    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    size_t n = 0;
    char *text = tu_slurp(path, &n);
    assert_int_equal(n, strlen(HEADER) + 64 + 1);
    assert_memory_equal(text, HEADER, strlen(HEADER));
    for (size_t i = strlen(HEADER); i < n - 1; i++)
        assert_non_null(strchr("0123456789abcdef", text[i]));
    assert_int_equal(text[n - 1], '\n');
    free(text);

    Secret *s = NULL;
    assert_int_equal(secret_load(path, &s, &why), 0);
    assert_non_null(s);
    secret_free(s);
    secret_free(NULL);
}

static void test_two_keys_differ(void **state)
{
    const char *a = in_dir(state, "a.key", 0);
    const char *b = in_dir(state, "b.key", 1);
    const char *why = NULL;
    assert_int_equal(secret_create(a, &why), 0);
    assert_int_equal(secret_create(b, &why), 0);
    char *ta = tu_slurp(a, NULL), *tb = tu_slurp(b, NULL);
    assert_string_not_equal(ta, tb);
    free(ta);
    free(tb);
}

static void test_create_refuses_overwrite(void **state)
{
    const char *path = in_dir(state, "a.key", 0);
    const char *why = NULL;
    assert_int_equal(secret_create(path, &why), 0);
    char *before = tu_slurp(path, NULL);

    why = NULL;
    assert_int_equal(secret_create(path, &why), -1);
    assert_non_null(why);
    assert_non_null(strstr(why, "already exists"));
    char *after = tu_slurp(path, NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);

    /* Any existing file counts, not just a key file. */
    const char *other = in_dir(state, "bad.key", 1);
    tu_write_file(other, "x", 1);
    assert_int_equal(secret_create(other, &why), -1);
    after = tu_slurp(other, NULL);
    assert_string_equal(after, "x");
    free(after);
}

static void test_create_reports_io_error(void **state)
{
    const char *path = in_dir(state, "missing-dir/a.key", 0);
    const char *why = NULL;
    assert_int_equal(secret_create(path, &why), -1);
    assert_non_null(why);
    assert_non_null(strstr(why, "cannot create key file"));
}

static void test_seal_open_round_trip(void **state)
{
    Secret *s = create_and_load(in_dir(state, "a.key", 0));
    for (size_t i = 0; i < N_NUMBERS; i++) {
        unsigned char *blob = NULL;
        size_t len = 0;
        assert_int_equal(secret_seal(s, NUMBERS[i], &blob, &len), 0);
        assert_non_null(blob);
        assert_int_equal(len, BLOB_LEN);
        assert_false(contains(blob, len, NUMBERS[i], 12));
        assert_false(contains(blob, len, NUMBERS[i] + 8, 4));

        char out[13];
        memset(out, 'X', sizeof out);
        assert_int_equal(secret_open(s, blob, len, out), 0);
        assert_string_equal(out, NUMBERS[i]);
        free(blob);
    }
    secret_free(s);
}

static void test_seal_uses_fresh_nonce(void **state)
{
    Secret *s = create_and_load(in_dir(state, "a.key", 0));
    unsigned char *b1 = NULL, *b2 = NULL;
    size_t l1 = 0, l2 = 0;
    assert_int_equal(secret_seal(s, NUMBERS[0], &b1, &l1), 0);
    assert_int_equal(secret_seal(s, NUMBERS[0], &b2, &l2), 0);
    assert_int_equal(l1, l2);
    assert_memory_not_equal(b1, b2, crypto_secretbox_NONCEBYTES);
    assert_memory_not_equal(b1 + crypto_secretbox_NONCEBYTES, b2 + crypto_secretbox_NONCEBYTES,
                            l1 - crypto_secretbox_NONCEBYTES);
    char o1[13], o2[13];
    assert_int_equal(secret_open(s, b1, l1, o1), 0);
    assert_int_equal(secret_open(s, b2, l2, o2), 0);
    assert_string_equal(o1, o2);
    free(b1);
    free(b2);
    secret_free(s);
}

static void test_seal_refuses_non_canonical(void **state)
{
    Secret *s = create_and_load(in_dir(state, "a.key", 0));
    const char *bad[] = {"", "18900101980", "1890010198021", "18900101-9802", "18900101980X",
                         "900101-9802"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unsigned char *blob = (unsigned char *)"untouched";
        size_t len = 7;
        assert_int_equal(secret_seal(s, bad[i], &blob, &len), -1);
        assert_string_equal((const char *)blob, "untouched");
        assert_int_equal(len, 7);
    }
    secret_free(s);
}

static void test_tampered_blob_refused(void **state)
{
    Secret *s = create_and_load(in_dir(state, "a.key", 0));
    unsigned char *blob = NULL;
    size_t len = 0;
    assert_int_equal(secret_seal(s, NUMBERS[2], &blob, &len), 0);

    char out[13];
    /* A flipped bit anywhere: nonce, MAC or ciphertext. */
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
            blob[i] ^= (unsigned char)(1u << bit);
            memset(out, 'X', sizeof out);
            assert_int_equal(secret_open(s, blob, len, out), -1);
            assert_int_equal(out[0], 'X');
            blob[i] ^= (unsigned char)(1u << bit);
        }
    }
    /* Truncated, extended, empty. */
    assert_int_equal(secret_open(s, blob, len - 1, out), -1);
    assert_int_equal(secret_open(s, blob, 0, out), -1);
    assert_int_equal(secret_open(s, NULL, 0, out), -1);
    unsigned char longer[BLOB_LEN + 1];
    memcpy(longer, blob, len);
    longer[len] = 0;
    assert_int_equal(secret_open(s, longer, len + 1, out), -1);

    /* Untouched, it still opens: the failures above were the tampering. */
    assert_int_equal(secret_open(s, blob, len, out), 0);
    assert_string_equal(out, NUMBERS[2]);
    free(blob);
    secret_free(s);
}

static void test_wrong_key_refused(void **state)
{
    Secret *a = create_and_load(in_dir(state, "a.key", 0));
    Secret *b = create_and_load(in_dir(state, "b.key", 1));
    unsigned char *blob = NULL;
    size_t len = 0;
    assert_int_equal(secret_seal(a, NUMBERS[1], &blob, &len), 0);
    char out[13];
    memset(out, 'X', sizeof out);
    assert_int_equal(secret_open(b, blob, len, out), -1);
    assert_int_equal(out[0], 'X');
    assert_int_equal(secret_open(a, blob, len, out), 0);
    assert_string_equal(out, NUMBERS[1]);
    free(blob);
    secret_free(a);
    secret_free(b);
}

static void test_reloaded_key_opens_and_hashes_the_same(void **state)
{
    const char *path = in_dir(state, "a.key", 0);
    Secret *s1 = create_and_load(path);
    Secret *s2 = NULL;
    const char *why = NULL;
    assert_int_equal(secret_load(path, &s2, &why), 0);

    unsigned char *blob = NULL;
    size_t len = 0;
    assert_int_equal(secret_seal(s1, NUMBERS[3], &blob, &len), 0);
    char out[13];
    assert_int_equal(secret_open(s2, blob, len, out), 0);
    assert_string_equal(out, NUMBERS[3]);

    unsigned char h1[SECRET_HASH_BYTES], h2[SECRET_HASH_BYTES];
    secret_hash(s1, NUMBERS[3], h1);
    secret_hash(s2, NUMBERS[3], h2);
    assert_memory_equal(h1, h2, SECRET_HASH_BYTES);
    free(blob);
    secret_free(s1);
    secret_free(s2);
}

static void test_hash(void **state)
{
    Secret *a = create_and_load(in_dir(state, "a.key", 0));
    Secret *b = create_and_load(in_dir(state, "b.key", 1));
    unsigned char h[N_NUMBERS][SECRET_HASH_BYTES], again[SECRET_HASH_BYTES];
    unsigned char other[SECRET_HASH_BYTES];

    for (size_t i = 0; i < N_NUMBERS; i++) {
        secret_hash(a, NUMBERS[i], h[i]);
        secret_hash(a, NUMBERS[i], again);
        assert_memory_equal(h[i], again, SECRET_HASH_BYTES);  /* deterministic */
        secret_hash(b, NUMBERS[i], other);
        assert_memory_not_equal(h[i], other, SECRET_HASH_BYTES); /* keyed */
        for (size_t j = 0; j < i; j++)
            assert_memory_not_equal(h[i], h[j], SECRET_HASH_BYTES);
    }

    /* Keyed means not the plain BLAKE2b that anyone could compute from a guess. */
    unsigned char plain[SECRET_HASH_BYTES];
    crypto_generichash(plain, sizeof plain, (const unsigned char *)NUMBERS[0], 12, NULL, 0);
    assert_memory_not_equal(h[0], plain, SECRET_HASH_BYTES);
    secret_free(a);
    secret_free(b);
}

/* Pins the derivation (context "insatspn", subkey 1 for secretbox, 2 for hashing): were it
 * to change, every database's stored numbers and hashes would become unusable. */
static void test_derivation_is_stable(void **state)
{
    unsigned char master[crypto_kdf_KEYBYTES];
    for (size_t i = 0; i < sizeof master; i++)
        master[i] = (unsigned char)(i * 7 + 1);
    char text[sizeof HEADER + 2 * sizeof master + 1];
    memcpy(text, HEADER, strlen(HEADER));
    sodium_bin2hex(text + strlen(HEADER), 2 * sizeof master + 1, master, sizeof master);
    text[strlen(HEADER) + 2 * sizeof master] = '\n';
    const char *path = in_dir(state, "a.key", 0);
    tu_write_file(path, text, strlen(HEADER) + 2 * sizeof master + 1);

    Secret *s = NULL;
    const char *why = NULL;
    if (secret_load(path, &s, &why) != 0)
        fail_msg("secret_load: %s", why);

    unsigned char hash_key[crypto_generichash_KEYBYTES], box_key[crypto_secretbox_KEYBYTES];
    assert_int_equal(crypto_kdf_derive_from_key(hash_key, sizeof hash_key, 2, "insatspn", master), 0);
    assert_int_equal(crypto_kdf_derive_from_key(box_key, sizeof box_key, 1, "insatspn", master), 0);

    unsigned char want[SECRET_HASH_BYTES], got[SECRET_HASH_BYTES];
    crypto_generichash(want, sizeof want, (const unsigned char *)NUMBERS[0], 12, hash_key,
                       sizeof hash_key);
    secret_hash(s, NUMBERS[0], got);
    assert_memory_equal(want, got, SECRET_HASH_BYTES);

    unsigned char *blob = NULL;
    size_t len = 0;
    assert_int_equal(secret_seal(s, NUMBERS[0], &blob, &len), 0);
    unsigned char plain[12];
    assert_int_equal(crypto_secretbox_open_easy(plain, blob + crypto_secretbox_NONCEBYTES,
                                                len - crypto_secretbox_NONCEBYTES, blob, box_key),
                     0);
    assert_memory_equal(plain, NUMBERS[0], 12);
    free(blob);
    secret_free(s);
}

static void test_bad_key_files_refused(void **state)
{
    const char *path = in_dir(state, "bad.key", 0);
    const char *hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    char good[128];
    snprintf(good, sizeof good, "%s%s\n", HEADER, hex);

    /* The well-formed file loads, so each case below fails for its one defect. */
    tu_write_file(path, good, strlen(good));
    Secret *s = NULL;
    const char *why = NULL;
    assert_int_equal(secret_load(path, &s, &why), 0);
    secret_free(s);

    char buf[256];
    const char *cases[] = {
        "",
        "insats-key v1\n",
        "insats-key v2\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
        "INSATS-KEY V1\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
        "insats-key v1\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeef\n",
        "insats-key v1\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff0\n",
        "insats-key v1\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeefg\n",
        "insats-key v1\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        "insats-key v1\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\r\n",
        "insats-key v1\n00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n\n",
        "insats-key v1\n 0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(buf, sizeof buf, "%s", cases[i]);
        tu_write_file(path, buf, strlen(buf));
        s = (Secret *)&buf; /* sentinel: must stay untouched */
        why = NULL;
        if (secret_load(path, &s, &why) != -1)
            fail_msg("bad key file case %zu was accepted", i);
        assert_ptr_equal(s, (Secret *)&buf);
        assert_non_null(why);
    }

    /* Missing file and a directory: I/O errors, reported as such. */
    assert_int_equal(unlink(path), 0);
    why = NULL;
    assert_int_equal(secret_load(path, &s, &why), -1);
    assert_non_null(strstr(why, "cannot open key file"));
    const char *dir = *state;
    assert_int_equal(secret_load(dir, &s, &why), -1);
    assert_non_null(strstr(why, "cannot read key file"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_dir, teardown_dir)
    const struct CMUnitTest tests[] = {
        T(test_create_writes_private_key_file),
        T(test_two_keys_differ),
        T(test_create_refuses_overwrite),
        T(test_create_reports_io_error),
        T(test_seal_open_round_trip),
        T(test_seal_uses_fresh_nonce),
        T(test_seal_refuses_non_canonical),
        T(test_tampered_blob_refused),
        T(test_wrong_key_refused),
        T(test_reloaded_key_opens_and_hashes_the_same),
        T(test_hash),
        T(test_derivation_is_stable),
        T(test_bad_key_files_refused),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
