#!/bin/sh
# Writes a C file holding the numbered schema migrations (schema/NNNN_name.sql) as strings,
# so that the binary carries its own schema. Each line is its own string because ISO C only
# promises string literals of 4095 bytes. Usage: embed-sql.sh OUT.c schema/*.sql
set -eu
out=$1; shift
{
    echo "/* Generated from the files in schema/ by scripts/embed-sql.sh; do not edit. */"
    echo "#include \"migrate.h\""
    echo "const Migration migrations[] = {"
    for f in "$@"; do
        base=$(basename "$f" .sql)
        ver=$(echo "$base" | sed 's/_.*//' | sed 's/^0*//')
        echo "    {$ver, \"$base\", (const char *const[]){"
        sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/     "/' -e 's/$/\\n",/' "$f"
        echo "     NULL}},"
    done
    echo "};"
    echo "const int migration_count = (int)(sizeof migrations / sizeof migrations[0]);"
} > "$out.tmp"
mv "$out.tmp" "$out"
