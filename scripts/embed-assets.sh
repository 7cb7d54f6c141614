#!/bin/sh
# Writes a C file holding the web server's static assets (src/web/assets/*) as byte arrays, each
# with its content type and a URL carrying a hash of its content, so that the binary serves
# them itself and a browser may keep each for a year. Usage: embed-assets.sh OUT.c FILE...
set -eu
out=$1; shift
{
    echo "/* Generated from src/web/assets/ by scripts/embed-assets.sh; do not edit. */"
    echo "#include \"assets.h\""
    i=0
    for f in "$@"; do
        echo "static const unsigned char asset_$i[] = {"
        od -An -v -tx1 "$f" | awk '{ s = "   "; for (i = 1; i <= NF; i++) s = s " 0x" $i ","; print s }'
        echo "    0x00};"
        i=$((i + 1))
    done
    echo "const WebAsset web_assets[] = {"
    i=0
    for f in "$@"; do
        name=$(basename "$f")
        stem=${name%.*}
        ext=${name##*.}
        hash=$(sha256sum "$f" | cut -c1-16)
        case $ext in
            css) type="text/css; charset=utf-8" ;;
            js) type="text/javascript; charset=utf-8" ;;
            svg) type="image/svg+xml" ;;
            png) type="image/png" ;;
            ico) type="image/x-icon" ;;
            *) echo "embed-assets.sh: $f: unknown type" >&2; exit 1 ;;
        esac
        size=$(wc -c < "$f" | tr -d ' ')
        echo "    {\"$name\", \"/static/$stem.$hash.$ext\", \"$type\", asset_$i, $size},"
        i=$((i + 1))
    done
    echo "};"
    echo "const size_t web_asset_count = sizeof web_assets / sizeof web_assets[0];"
} > "$out.tmp"
mv "$out.tmp" "$out"
