# install.sh — `make install` with DESTDIR and PREFIX: the binary, the manual page and the bash
# completion, both made from the program's table of commands; the page renders without
# warnings and the completion offers the commands, kinds, reports and option values.
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

dest=$(mktemp -d)
trap 'rm -rf "$T" "$dest"' EXIT
if make -s -C "$repo" --no-print-directory install DESTDIR="$dest" PREFIX=/opt/insats \
    > make.out 2>&1; then ok "make install DESTDIR=… PREFIX=… succeeds"
else not_ok "make install failed: $(tail -5 make.out)"; fi
bin=$dest/opt/insats/bin/insats
page=$dest/opt/insats/share/man/man1/insats.1
page_sv=$dest/opt/insats/share/man/sv/man1/insats.1
comp=$dest/opt/insats/share/bash-completion/completions/insats
[ -x "$bin" ] && ok "the binary is installed under PREFIX/bin" || not_ok "no $bin"
[ -f "$page" ] && ok "the manual page is installed in PREFIX/share/man/man1" || not_ok "no $page"
[ -f "$page_sv" ] && ok "the Swedish manual page is installed in PREFIX/share/man/sv/man1" \
    || not_ok "no $page_sv"
[ -f "$comp" ] && ok "the completion is installed in PREFIX/share/bash-completion/completions" \
    || not_ok "no $comp"
[ "$(stat -c %a "$page")" = 644 ] && [ "$(stat -c %a "$bin")" = 755 ] \
    && ok "the files have the usual modes" || not_ok "modes $(stat -c %a "$bin" "$page")"
"$bin" --version > v.out 2>&1 && grep -q "^insats " v.out && ok "the installed binary runs" \
    || not_ok "the installed binary: $(cat v.out)"

# The page is what `insats help --man` prints, and holds every command of --help.
"$INSATS" help --man > page.1
same page.1 "$page" "the installed page is the one the program writes"
"$INSATS" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p' > commands.txt
[ "$(wc -l < commands.txt)" -ge 10 ] && ok "--help lists the commands" || not_ok "--help lists the commands"
missing=$(while read -r c; do grep -qx ".SS $c" page.1 || echo "$c"; done < commands.txt)
[ -z "$missing" ] && ok "the page has a section for every command" || not_ok "the page lacks: $missing"
grep -q '^\.TH INSATS 1 ' page.1 && ok "the page has its title line" || not_ok "no .TH line"
# Sanity of the roff whatever is installed: requests are known ones, fill is balanced.
bad=$(grep -o '^\.[A-Za-z]*' page.1 | sort -u | grep -vxE '\.(TH|SH|SS|PP|TP|nf|fi|nh|ad|)')
[ -z "$bad" ] && ok "the page uses only man(7) requests" || not_ok "unexpected requests: $bad"
[ "$(grep -c '^\.nf' page.1)" = "$(grep -c '^\.fi' page.1)" ] && ok ".nf and .fi pair up" \
    || not_ok ".nf and .fi do not pair up"
if command -v groff >/dev/null; then
    groff -k -man -Tutf8 -ww -z "$page" > groff.err 2>&1
    [ ! -s groff.err ] && ok "groff renders the page without a warning" \
        || not_ok "groff: $(head -3 groff.err)"
fi
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$page" > man.out 2> man.err
    if grep -q "EXIT STATUS" man.out && grep -q "report lagesrapport (--period N" man.out &&
        grep -q -- "--with-personnummer" man.out; then ok "man -l renders the page"
    else not_ok "man -l: $(head -3 man.err)"; fi
fi

# The Swedish page is what `insats help --man` prints in Swedish, with every command, and man
# finds it for Swedish (-L: the machine need not have the sv_SE locale generated).
LANGUAGE=sv "$INSATS" help --man > page.sv.1
same page.sv.1 "$page_sv" "the installed Swedish page is the one the program writes in Swedish"
missing=$(while read -r c; do grep -qx ".SS $c" page.sv.1 || echo "$c"; done < commands.txt)
[ -z "$missing" ] && ok "the Swedish page has a section for every command" \
    || not_ok "the Swedish page lacks: $missing"
if grep -q '^\.SH SLUTSTATUS' page.sv.1 && grep -q '^\.SH EXIT STATUS' page.1 &&
    ! grep -q '^\.SH EXIT STATUS' page.sv.1; then ok "each page has its own language's headings"
else not_ok "the pages' headings are not in their languages"; fi
bad=$(grep -o '^\.[A-Za-z]*' page.sv.1 | sort -u | grep -vxE '\.(TH|SH|SS|PP|TP|nf|fi|nh|ad|)')
[ -z "$bad" ] && ok "the Swedish page uses only man(7) requests" || not_ok "unexpected requests: $bad"
if command -v groff >/dev/null; then
    groff -k -man -Tutf8 -ww -z "$page_sv" > groff.err 2>&1
    [ ! -s groff.err ] && ok "groff renders the Swedish page without a warning" \
        || not_ok "groff (sv): $(head -3 groff.err)"
fi
if command -v man >/dev/null; then
    found_sv=$(MANPATH=$dest/opt/insats/share/man man -L sv -w insats 2>/dev/null)
    found_en=$(MANPATH=$dest/opt/insats/share/man man -L en -w insats 2>/dev/null)
    [ "$found_sv" = "$page_sv" ] && [ "$found_en" = "$page" ] \
        && ok "man finds the Swedish page for Swedish and the English one for English" \
        || not_ok "man found \"$found_sv\" for sv and \"$found_en\" for en"
    LANG=C.UTF-8 MANWIDTH=80 man -l "$page_sv" > man.out 2> man.err
    if grep -q "SLUTSTATUS" man.out && grep -q "användning: insats" man.out &&
        grep -q -- "--with-personnummer" man.out; then ok "man -l renders the Swedish page"
    else not_ok "man -l (sv): $(head -3 man.err)"; fi
fi

# The completion: sourced in bash, its function offers what the command table holds.
"$INSATS" help --bash-completion > comp.bash
same comp.bash "$comp" "the installed completion is the one the program writes"
complete_words() {  # the words offered for the command line "$@" (the last word is completed)
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _insats;
             printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
expect_words() {  # DESCRIPTION WANT WORDS… : the offer is exactly WANT (space-separated)
    local what=$1 want=$2
    shift 2
    local got
    got=$(complete_words "$@" | sort | tr '\n' ' ' | sed 's/ $//')
    [ "$got" = "$want" ] && ok "$what" || not_ok "$what: offered \"$got\", not \"$want\""
}
got=$(complete_words insats '' | sort | tr '\n' ' ')
missing=$(while read -r c; do case " $got" in *" $c "*) ;; *) echo "$c" ;; esac; done < commands.txt)
[ -z "$missing" ] && ok "the completion offers every command" || not_ok "not offered: $missing"
expect_words "a command is completed" "report" insats rep
expect_words "the command is found after global options" "list" insats --db x.db li
expect_words "list completes kinds in the plural" "activities" insats list activ
expect_words "show completes kinds in the singular" "person" insats show pe
expect_words "delete offers no project" "" insats delete proj
expect_words "report completes its subcommands" "lagesrapport" insats report lag
expect_words "an option's values are offered" "pdf" insats report slutrapport --format p
expect_words "options are offered after the kind" "--limit" insats list people --li
expect_words "import offers its kinds of file" "bundle" insats import x.json --kind b
(cd "$T" && touch bundle-a.json && complete_words insats import bundle- > files.out)
grep -qx "bundle-a.json" files.out && ok "import completes file names" \
    || not_ok "import file names: $(cat files.out)"
expect_words "a number is not guessed" "" insats report lagesrapport --period ''

# A page that cannot be written whole is an error, so that make install stops.
if [ -w /dev/full ]; then
    for w in --man --bash-completion; do
        "$INSATS" help $w > /dev/full 2> full.err
        frc=$?
        [ "$frc" -eq 4 ] && grep -q "cannot write" full.err && ok "help $w on a full disk exits 4 and says so" \
            || not_ok "help $w on a full disk exited $frc: $(cat full.err)"
    done
fi

if make -s -C "$repo" --no-print-directory uninstall DESTDIR="$dest" PREFIX=/opt/insats \
    > make.out 2>&1 && [ ! -e "$bin" ] && [ ! -e "$page" ] && [ ! -e "$page_sv" ] &&
    [ ! -e "$comp" ]; then
    ok "make uninstall removes what make install put there"
else not_ok "make uninstall: $(tail -3 make.out)"; fi
