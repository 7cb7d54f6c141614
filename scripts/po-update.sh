#!/bin/sh
# Brings po/sv.po and po/en.po up to date with the sources (`make po`): xgettext collects every
# marked string into build/insats.pot, msgmerge adds the new ids to both catalogues (without
# guessing a translation from a similar one) and drops the ids no source uses any more. The
# new entries then wait for their translation, which tests/e2e/i18n.sh requires.
#
# What counts as marked: _("…"), N_("…"), _n("…", "…", n), the message formats of errs_add()
# and errs_add_field() (src/core/err.c), of rec_fail() (src/core/rec.c) and datelist_fail()
# (src/core/datelist.c) and of the command line's cli_usage_error() (src/cli/main.c), which
# translate their format themselves, and the `what` ("a whole number from 1 to 1000") of
# cli_parse_count() and of db_fail(), stmt_fail() and stmt_exec() ("cannot read the
# outbox"), which they translate.
set -eu
cd "$(dirname "$0")/.."
pot=${1:-build/insats.pot}
mkdir -p "$(dirname "$pot")"
find src -name '*.c' | LC_ALL=C sort >"$pot.files"
xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: --add-location=file \
    --keyword=_ --keyword=N_ --keyword=_n:1,2 --keyword=errs_add:2 --keyword=errs_add_field:3 \
    --keyword=cli_usage_error:2 --flag=cli_usage_error:2:c-format --keyword=cli_parse_count:5 \
    --keyword=rec_fail:4 --keyword=datelist_fail:3 \
    --keyword=db_fail:3 --keyword=stmt_fail:3 --keyword=stmt_exec:3 \
    --sort-by-file --package-name=insats --msgid-bugs-address="see README.md" \
    --files-from="$pot.files" --output="$pot"
rm -f "$pot.files"
# The date of the extraction would change both catalogues on every run, for nothing.
sed -i '/^"POT-Creation-Date: /d' "$pot"
[ "${2:-}" = "--pot-only" ] && exit 0
for lang in sv en; do
    po=po/$lang.po
    if [ ! -f "$po" ]; then
        # Not msginit: for English it would copy every id as its translation, Swedish ones too.
        sed -e 's/charset=CHARSET/charset=UTF-8/' -e "s/^\"Language: \\\\n\"/\"Language: $lang\\\\n\"/" \
            -e 's/^"Plural-Forms: .*/"Plural-Forms: nplurals=2; plural=(n != 1);\\n"/' "$pot" >"$po"
    fi
    msgmerge --quiet --update --backup=none --no-fuzzy-matching --sort-by-file \
        --add-location=file "$po" "$pot"
    msgattrib --no-obsolete --sort-by-file --add-location=file --output-file="$po" "$po"
done
