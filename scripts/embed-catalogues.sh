#!/bin/sh
# Writes a C file holding the compiled message catalogues (msgfmt's .mo output for po/sv.po and
# po/en.po) as byte arrays, so that the binary carries its translations (src/core/i18n.c).
# Usage: embed-catalogues.sh OUT.c SV.mo EN.mo
set -eu
out=$1
{
    echo "/* Generated from po/sv.po and po/en.po by msgfmt and scripts/embed-catalogues.sh; do not edit. */"
    echo "#include <stddef.h>"
    for pair in "sv:$2" "en:$3"; do
        lang=${pair%%:*}
        f=${pair#*:}
        echo "extern const unsigned char i18n_mo_$lang[];"
        echo "extern const size_t i18n_mo_${lang}_size;"
        echo "const unsigned char i18n_mo_$lang[] = {"
        od -An -v -tx1 "$f" | awk '{ s = "   "; for (i = 1; i <= NF; i++) s = s " 0x" $i ","; print s }'
        echo "    0x00};"
        echo "const size_t i18n_mo_${lang}_size = $(wc -c < "$f" | tr -d ' ');"
    done
} > "$out.tmp"
mv "$out.tmp" "$out"
