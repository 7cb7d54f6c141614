/* replay.c — runs a libFuzzer harness without libFuzzer: feeds it every file named on the
 * command line (a directory stands for the files in it, in name order) and prints one TAP
 * line per file. `make check` builds each harness with this driver under AddressSanitizer
 * and UndefinedBehaviorSanitizer with the compiler of the rest of the build, so replaying
 * the corpus needs no clang; a sanitizer report or an oracle's abort stops the run there,
 * which tests/run.sh counts as a failure. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int g_n;

/* Feeds one file, read into a buffer of exactly its size so that a read past the end of
 * the input is caught. */
static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0) {
        printf("not ok %d - %s: %s\n", ++g_n, path, strerror(errno));
        if (f)
            fclose(f);
        return 1;
    }
    size_t size = (size_t)sb.st_size;
    uint8_t *data = malloc(size ? size : 1);
    if (!data || fread(data, 1, size, f) != size) {
        printf("not ok %d - %s: cannot read\n", ++g_n, path);
        fclose(f);
        free(data);
        return 1;
    }
    fclose(f);
    fflush(stdout);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    printf("ok %d - %s\n", ++g_n, path);
    fflush(stdout);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        printf("not ok %d - %s: %s\n", ++g_n, dir, strerror(errno));
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                abort();
            names = grown;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n])
            abort();
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        bad |= replay_file(names[i]);
        free(names[i]);
    }
    free(names);
    if (n == 0) {
        printf("not ok %d - %s: an empty corpus replays nothing\n", ++g_n, dir);
        bad = 1;
    }
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            bad |= replay_dir(argv[i]);
        else
            bad |= replay_file(argv[i]);
    }
    printf("1..%d\n", g_n);
    return bad;
}
