/* cmd_help.c — the manual page insats(1) and the bash completion script, both written from the
 * command table of main.c and the kinds of kinds.h, so that neither can drift from `--help`.
 * `make install` runs `insats help --man` and `insats help --bash-completion`. */
#include "cli.h"
#include "kinds.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The exit code of a page written to out: a short write (a full disk) is a storage error, said
 * so that `make install` does not install half a page. */
static int help_written(FILE *out)
{
    errno = 0;
    if (fflush(out) == 0 && !ferror(out))
        return INSATS_OK;
    fprintf(stderr, _("insats: help: cannot write: %s\n"), strerror(errno ? errno : EIO));
    return INSATS_ESTORAGE;
}

/* Writes text as roff: backslashes escaped, hyphens as the minus sign of options, and a line
 * starting with a control character ('.' or ''') protected by \&. */
static void man_text(FILE *out, const char *s)
{
    bool line_start = true;
    for (; *s; s++) {
        if (line_start && (*s == '.' || *s == '\''))
            fputs("\\&", out);
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
        line_start = *s == '\n';
    }
}

int help_man(FILE *out, const char *version)
{
    size_t n;
    const Command *cmds = cli_commands(&n);
    fputs(".\\\" -*- coding: UTF-8 -*-\n"
          ".\\\" insats(1), written by `insats help --man` from its table of commands.\n",
          out);
    /* The page is in the language of the rest of the command line: `make install` writes it
     * once in each language. The roff around the words is not translated. */
    fprintf(out, ".TH INSATS 1 \"\" \"insats %s\" \"%s\"\n", version, _("User Commands"));
    /* Option names and ids must not be split or stretched. */
    fputs(".nh\n.ad l\n", out);
    fprintf(out, ".SH %s\ninsats \\- ", _("NAME"));
    man_text(out, _("administration of a publicly funded competence-development project"));
    fprintf(out, "\n.SH %s\n.nf\n", _("SYNOPSIS"));
    man_text(out, cli_text.synopsis);
    fprintf(out, "\n.fi\n.SH %s\n", _("DESCRIPTION"));
    man_text(out, _(cli_text.about));
    fputs(".PP\n", out);
    fprintf(out, _("Each command below shows the same text with %s.\n"),
            "\\fBinsats \\fICOMMAND\\fB \\-\\-help\\fR");
    fprintf(out, ".SH %s\n", _("COMMANDS"));
    for (size_t i = 0; i < n; i++) {
        fprintf(out, ".SS %s\n", cmds[i].name);
        /* The summary of --help is a phrase; here it stands as a sentence. */
        const char *summary = _(cmds[i].summary);
        fputc(toupper((unsigned char)summary[0]), out);
        man_text(out, summary + 1);
        fputs(".\n.PP\n.nf\n", out);
        man_text(out, _(cmds[i].usage));
        fputs(".fi\n", out);
    }
    fprintf(out, ".SH %s\n", _("GLOBAL OPTIONS"));
    man_text(out, _("They may stand before or after the command.\n"));
    for (const CliOption *o = cli_text.global_options; o->name; o++) {
        fputs(".TP\n\\fB", out);
        man_text(out, o->name);
        fputs("\\fR \\fI", out);
        man_text(out, o->arg);
        fputs("\\fR\n", out);
        man_text(out, _(o->help));
        fputc('\n', out);
    }
    fprintf(out, ".SH %s\n.TP\n\\fBINSATS_DB\\fR\n", _("ENVIRONMENT"));
    fprintf(out, _("the database when %s is not given\n"), "\\fB\\-\\-db\\fR");
    fputs(".TP\n\\fBINSATS_KEY\\fR\n", out);
    fprintf(out, _("the personnummer key file when %s is not given\n"), "\\fB\\-\\-key\\fR");
    fputs(".TP\n\\fBLANGUAGE\\fR, \\fBLC_ALL\\fR, \\fBLC_MESSAGES\\fR, \\fBLANG\\fR\n", out);
    man_text(out, _("the language of the messages, the help and this page: Swedish unless they "
                    "ask for English (LANG=en_GB.UTF-8)\n"));
    fprintf(out, ".SH %s\n", _("EXIT STATUS"));
    for (const CliOption *o = cli_text.exit_codes; o->name; o++) {
        fprintf(out, ".TP\n\\fB%s\\fR\n", o->name);
        man_text(out, _(o->help));
        fputc('\n', out);
    }
    fprintf(out, ".SH %s\n.TP\n\\fI./insats.db\\fR\n", _("FILES"));
    man_text(out, _("the default database\n"));
    fputs(".TP\n\\fI<database>.key\\fR\n", out);
    man_text(out, _("the key that seals personnummer; keep it apart from copies of the database\n"));
    return help_written(out);
}

/* A set of words for the completion, kept unique and in first-seen order. */
typedef struct Words {
    Buf b;
} Words;

static void words_add(Words *w, const char *word, size_t len)
{
    if (!len)
        return;
    /* Whole-word search of " word " in the space-padded list. */
    char *needle = xasprintf(" %.*s ", (int)len, word);
    if (!w->b.len)
        buf_putc(&w->b, ' ');
    if (!strstr(w->b.data, needle))
        buf_printf(&w->b, "%.*s ", (int)len, word);
    free(needle);
}

static void words_add_list(Words *w, const char *const *list)
{
    for (; *list; list++)
        words_add(w, *list, strlen(*list));
}

/* An option that takes named values, and the values gathered from every usage text that
 * writes them "a|b|c". */
typedef struct OptValues {
    char name[32];
    Words values;
} OptValues;

enum { MAX_VALUED = 32 };

/* What the usage texts say about options: their names; the values written after an option as
 * "a|b|c" (--format json|html …); the options whose argument is a placeholder, a file name
 * (FILE, PATH, BUNDLE…) or something to type (N, DATE, ID…). */
typedef struct OptScan {
    Words names;
    OptValues vals[MAX_VALUED];
    size_t nvals;
    Words files;
    Words typed;
} OptScan;

static void scan_free(OptScan *s)
{
    buf_free(&s->names.b);
    for (size_t i = 0; i < s->nvals; i++)
        buf_free(&s->vals[i].values.b);
    buf_free(&s->files.b);
    buf_free(&s->typed.b);
}

/* The option written "a|b|c" after it, found or added. NULL when the table is full. */
static OptValues *scan_valued(OptScan *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->nvals; i++)
        if (strlen(s->vals[i].name) == len && !strncmp(s->vals[i].name, name, len))
            return &s->vals[i];
    if (s->nvals == MAX_VALUED || len >= sizeof s->vals->name)
        return NULL;
    OptValues *o = &s->vals[s->nvals++];
    memcpy(o->name, name, len);
    o->name[len] = '\0';
    return o;
}

/* Adds what one usage text says about options to s. A `quoted` command line is an example
 * (`man -l -`, `insats COMMAND --help`), not this command's own option. */
static void scan_usage(OptScan *s, const char *usage)
{
    bool quoted = false;
    for (const char *p = usage; *p; p++) {
        if (*p == '`')
            quoted = !quoted;
        if (quoted || *p != '-' || (p > usage && !strchr(" [(|", p[-1])))
            continue;
        const char *q = p + 1 + (p[1] == '-');
        size_t len = 0;
        while (islower((unsigned char)q[len]) || (len && q[len] == '-'))
            len++;
        if (!len || (p[1] != '-' && len != 1))
            continue;
        size_t name_len = (size_t)(q - p) + len;
        words_add(&s->names, p, name_len);
        const char *v = q + len;
        if (*v == ' ' && isupper((unsigned char)v[1])) {
            bool file = strncmp(v + 1, "FILE", 4) == 0 || strncmp(v + 1, "PATH", 4) == 0 ||
                        strncmp(v + 1, "BUNDLE", 6) == 0;
            words_add(file ? &s->files : &s->typed, p, name_len);
        }
        size_t vlen = *v == ' ' && islower((unsigned char)v[1]) ? strspn(v + 1, "abcdefghijklmnopqrstuvwxyz|") : 0;
        OptValues *o = vlen && memchr(v + 1, '|', vlen) ? scan_valued(s, p, name_len) : NULL;
        for (const char *w = v + 1, *end = v + 1 + vlen; o && w < end;) {
            size_t wl = strcspn(w, "|");
            if (wl > (size_t)(end - w))
                wl = (size_t)(end - w);
            words_add(&o->values, w, wl);
            w += wl + 1;
        }
        p = q + len - 1;
    }
}

/* A space-padded word list (" a b ") as a case label ("a|b"), into a new string. */
static char *case_label(const Words *w)
{
    char *s = xstrndup(w->b.data + 1, w->b.len - 2);
    for (char *c = s; *c; c++)
        if (*c == ' ')
            *c = '|';
    return s;
}

/* The candidates of a command's first argument, NULL when it has none to offer. */
static const char *const *first_args(const char *cmd)
{
    if (strcmp(cmd, "list") == 0)
        return kinds_names(KINDS_LIST, true);
    if (strcmp(cmd, "show") == 0)
        return kinds_names(KINDS_SHOW, false);
    if (strcmp(cmd, "delete") == 0)
        return kinds_names(KINDS_DELETE, false);
    if (strcmp(cmd, "report") == 0)
        return cmd_report_subcommands();
    if (strcmp(cmd, "user") == 0)
        return cmd_user_subcommands();
    if (strcmp(cmd, "outbox") == 0)
        return cmd_outbox_subcommands();
    if (strcmp(cmd, "proposal") == 0)
        return cmd_proposal_subcommands();
    if (strcmp(cmd, "intake") == 0)
        return cmd_intake_subcommands();
    if (strcmp(cmd, "certificate") == 0)
        return cmd_certificate_subcommands();
    if (strcmp(cmd, "settings") == 0)
        return cmd_settings_subcommands();
    if (strcmp(cmd, "meeting") == 0)
        return cmd_meeting_subcommands();
    if (strcmp(cmd, "survey") == 0)
        return cmd_survey_subcommands();
    return NULL;
}

int help_bash_completion(FILE *out)
{
    size_t n;
    const Command *cmds = cli_commands(&n);
    Words commands = {0};
    for (size_t i = 0; i < n; i++)
        words_add(&commands, cmds[i].name, strlen(cmds[i].name));
    /* Every option of every command, for the completion of an option's argument. */
    OptScan all = {0}, global = {0};
    for (const CliOption *o = cli_text.global_options; o->name; o++) {
        char *line = xasprintf("%s %s", o->name, o->arg);
        scan_usage(&all, line);
        scan_usage(&global, line);
        free(line);
    }
    for (size_t i = 0; i < n; i++)
        scan_usage(&all, cmds[i].usage);
    char *global_label = case_label(&global.names);

    fprintf(out,
            "# bash completion for insats, written by `insats help --bash-completion` from its\n"
            "# table of commands.\n"
            "_insats()\n"
            "{\n"
            "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
            "    local i cmd= arg= words=\n"
            "    # The command is the first word that is neither a global option nor its value;\n"
            "    # arg is the first word after it (a kind of record, a report).\n"
            "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
            "        case ${COMP_WORDS[i]} in\n"
            "            %s) ((i++)) ;;\n"
            "            -*) ;;\n"
            "            *) if [[ -z $cmd ]]; then cmd=${COMP_WORDS[i]};\n"
            "               elif [[ -z $arg ]]; then arg=${COMP_WORDS[i]}; fi ;;\n"
            "        esac\n"
            "    done\n"
            "    case $prev in\n",
            global_label);
    /* Named values first: "--format F" also reads as a placeholder, and the first case wins. */
    for (size_t i = 0; i < all.nvals; i++)
        fprintf(out, "        %s) words=\"%s\" ;;\n", all.vals[i].name,
                all.vals[i].values.b.data + 1);
    if (all.files.b.len) {
        char *label = case_label(&all.files);
        fprintf(out, "        %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", label);
        free(label);
    }
    if (all.typed.b.len) {
        char *label = case_label(&all.typed);
        fprintf(out, "        %s) return ;;\n", label);
        free(label);
    }
    fprintf(out,
            "    esac\n"
            "    if [[ -n $words ]]; then COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")); return; fi\n"
            "    case $cmd in\n"
            "        '') words=\"%s%s--help --version\" ;;\n",
            commands.b.data + 1, global.names.b.data + 1);
    for (size_t i = 0; i < n; i++) {
        OptScan one = {0};
        scan_usage(&one, cmds[i].usage);
        words_add(&one.names, "--help", 6);
        const char *opts = one.names.b.data + 1;
        const char *const *first = first_args(cmds[i].name);
        fprintf(out, "        %s)\n", cmds[i].name);
        if (first) {
            Words f = {0};
            words_add_list(&f, first);
            fprintf(out, "            [[ -z $arg && $cur != -* ]] && words=\"%s\" ||"
                    " words=\"%s\" ;;\n", f.b.data + 1, opts);
            buf_free(&f.b);
        } else if (strcmp(cmds[i].name, "help") == 0) {
            fprintf(out, "            words=\"%s%s\" ;;\n", commands.b.data + 1, opts);
        } else if (strcmp(cmds[i].name, "import") == 0) {
            /* Its argument is the file to import. */
            fprintf(out, "            [[ $cur != -* ]] && { COMPREPLY=($(compgen -f -- \"$cur\"));"
                    " return; }\n            words=\"%s\" ;;\n", opts);
        } else {
            fprintf(out, "            words=\"%s\" ;;\n", opts);
        }
        scan_free(&one);
    }
    fputs("    esac\n"
          "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
          "}\n"
          "complete -F _insats insats\n",
          out);
    free(global_label);
    scan_free(&all);
    scan_free(&global);
    buf_free(&commands.b);
    return help_written(out);
}
