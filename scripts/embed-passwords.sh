#!/bin/sh
# Writes a C file holding the list of common passwords (data/common-passwords.txt) as a sorted
# array of lower-case strings, so that the binary refuses them without reading any file.
# Sorted in byte order (LC_ALL=C) for bsearch with strcmp; duplicates that differ only in case
# and the empty line are dropped. Usage: embed-passwords.sh OUT.c data/common-passwords.txt
set -eu
out=$1
in=$2
{
    echo "/* Generated from $in by scripts/embed-passwords.sh; do not edit. */"
    echo "#include <stddef.h>"
    echo "extern const char *const account_common_passwords[];"
    echo "extern const size_t account_common_password_count;"
    echo "const char *const account_common_passwords[] = {"
    # '?' is escaped so that no "??x" is read as a trigraph.
    tr -d '\r' < "$in" | tr 'A-Z' 'a-z' | LC_ALL=C sort -u | grep -v '^$' |
        sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/^/    "/' -e 's/$/",/'
    echo "};"
    echo "const size_t account_common_password_count ="
    echo "    sizeof account_common_passwords / sizeof account_common_passwords[0];"
} > "$out.tmp"
mv "$out.tmp" "$out"
