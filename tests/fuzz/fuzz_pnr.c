/* fuzz_pnr.c — libFuzzer harness of pnr.c: the parser on any text, and the masking of
 * messages on the same text.
 *
 * Oracles: a number the parser accepts comes out as 12 digits, and the masking of the very
 * text it was read from hides exactly its last four digits; masking any text keeps its
 * length, changes nothing but digits into '*', and a second masking changes nothing more. */
#include "fuzz.h"
#include "pnr.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text);   /* up to a NUL in the input */

    char out[13];
    const char *today[] = {FUZZ_TODAY, NULL};
    for (size_t t = 0; t < 2; t++) {
        const char *why = NULL;
        if (pnr_parse(text, today[t], out, &why) != 0) {
            if (!why)
                fuzz_fail("refused without a reason");
            continue;
        }
        if (strlen(out) != 12 || !digits_only(out, 12))
            fuzz_fail("accepted, but the result is not 12 digits");
        char masked[14];
        pnr_mask(out, masked);
        if (strchr(masked, '*') == NULL || strlen(masked) != 13)
            fuzz_fail("pnr_mask left no mask");
        if (t == 0) {
            /* A number accepted as of today: its own text must lose its last four digits. */
            char *copy = xstrdup(text);
            pnr_scrub(copy);
            size_t end = len;
            while (end > 0 && text[end - 1] == ' ')
                end--;
            for (size_t i = 0; i < len; i++) {
                bool last4 = i + 4 >= end && i < end;
                if (copy[i] != (last4 ? '*' : text[i]))
                    fuzz_fail("masking \"%s\" gave \"%s\"", text, copy);
            }
            free(copy);
        }
    }

    char *once = xstrdup(text);
    pnr_scrub(once);
    if (strlen(once) != len)
        fuzz_fail("masking changed the length");
    for (size_t i = 0; i < len; i++)
        if (once[i] != text[i] && !(once[i] == '*' && text[i] >= '0' && text[i] <= '9'))
            fuzz_fail("masking changed a character that is not a digit");
    char *twice = xstrdup(once);
    pnr_scrub(twice);
    if (strcmp(once, twice) != 0)
        fuzz_fail("masking twice changed more");
    free(once);
    free(twice);
    free(text);
    return 0;
}
