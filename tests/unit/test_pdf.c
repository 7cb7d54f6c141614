/* test_pdf.c — the PDF renderer and the charts: reports rendered to files in a temporary
 * directory and read back with poppler's pdfinfo and pdftotext (A4, page count, "Sid N (M)",
 * the funder's Swedish headings and questions, table headers repeated on every page a table
 * spans, figures and å/ä/ö intact), the SVG charts checked with xmllint, and the errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <regex.h>

#include "chart.h"
#include "doc.h"
#include "pdf.h"
#include "render.h"

static char tmpdir[64];

/* The reports are written with single quotes to keep the C readable; none of their texts
 * holds an apostrophe, so every ' becomes a ". */
static json_t *load_quoted(const char *text)
{
    char *s = xstrdup(text);
    for (char *c = s; *c; c++)
        if (*c == '\'')
            *c = '"';
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    if (!j)
        fprintf(stderr, "test JSON: %s at line %d\n", je.text, je.line);
    assert_non_null(j);
    free(s);
    return j;
}

static const char *const lagesrapport_json =
    "{'report':'lagesrapport','generated':'2013-01-20',"
    "'project':{'id':'cv','name':'Creare Vivere – Sunne och Torsby','diarienummer':'2011-3060029',"
    "  'owner':{'id':'sunne','name':'Sunne kommun'},'start':'2012-01-01','end':'2014-06-30',"
    "  'planned_participants':1300},"
    "'period':{'number':4,'from':'2012-10-01','to':'2012-12-31'},"
    "'redovisnings_id':'2011-3060029-004','frozen':null,'previously_reported':null,"
    "'participants':{'period':{'total':388,'women':301,'men':82,'other':5},"
    "  'accumulated':{'total':1234,'women':1000,'men':230,'other':4},'planned':1300,"
    "  'by_organisation':[{'organisation':'sunne','name':'Sunne kommun',"
    "     'period':{'total':214,'women':170,'men':40,'other':4},"
    "     'accumulated':{'total':821,'women':700,'men':118,'other':3}},"
    "    {'organisation':'torsby','name':'Torsby kommun',"
    "     'period':{'total':174,'women':131,'men':42,'other':1},"
    "     'accumulated':{'total':413,'women':300,'men':112,'other':1}}],"
    "  'by_month':[{'month':'2012-10','total':198,'women':160,'men':38,'other':0},"
    "    {'month':'2012-11','total':243,'women':190,'men':50,'other':3},"
    "    {'month':'2012-12','total':96,'women':71,'men':24,'other':1}]},"
    "'participant_hours':{'period':2214.5,'accumulated':5335,'value_period':771213,"
    "  'value_accumulated':1858123},"
    "'interventions':[{'id':'i1','title':'Utbildningsinsatser','start':'2012-04-27','hours':1234.75,"
    "  'participants':733,'planned_participants':1300,'completed':false}],"
    "'activities':[{'id':'a1','title':'Bemötande och kommunikation i vården','kind':'training',"
    "  'status':'held','intervention':'i1','first_date':'2012-10-03','last_date':'2012-11-28',"
    "  'hours':24,'participants':187,'planned_participants':200}],"
    "'organisations':['Sunne kommun','Torsby kommun'],"
    "'goals':[{'id':'g1','title':'Deltagare i utbildningsinsatser','description':null,"
    "  'measure':'participants','target':1300,'comparison':'>=','unit':'count','achieved':1234,"
    "  'met':false,'source':null}],"
    "'budget':{'version':{'id':'v1','name':'Ursprunglig budget','date':'2011-12-01'},"
    "  'period':{'planned':812500,'actual':934120},'accumulated':{'planned':2962500,'actual':2921460},"
    "  'by_category':[{'category':'personal','name':'Egen personal',"
    "     'period':{'planned':312500,'actual':298000},'accumulated':{'planned':1162500,'actual':1103400}},"
    "    {'category':'resor','name':'Resor och logi',"
    "     'period':{'planned':500000,'actual':636120},'accumulated':{'planned':1800000,'actual':1818060}}],"
    "  'tolerance':0.1,'deviation_percent':-1.4,'on_budget':true},"
    "'deviations':[{'id':'d1','date':'2012-11-02','area':'participants',"
    "  'description':'Färre deltagare från Torsby än planerat','reported_to_funder':true,"
    "  'reported_date':'2012-11-15','measures':'Extra informationsmöten på arbetsplatsträffar'}],"
    "'surveys':[],'survey_comparison':[],"
    "'certificates':{'count':210,'people':187,'by_organisation':[]},"
    "'groups':[],'meetings':[],'meetings_held':0,'dissemination':[],'narratives':{},"
    "'questions':["
    "  {'section':'aktiviteter','heading':'1. Verksamheten i projektet',"
    "   'question':'Vilka aktiviteter har genomförts under den aktuella perioden?',"
    "   'answer':'**Uppstart:** återkoppling av *utbildningsplanen*.\\n\\n- data/it\\n- bemötande\\n\\n"
    "<script>alert(1)</script>'},"
    "  {'section':'jamstalldhet','heading':'1. Verksamheten i projektet',"
    "   'question':'Hur har ni arbetat med jämställdhet under den aktuella perioden?','answer':null},"
    "  {'section':'deltagare','heading':'1. Verksamheten i projektet',"
    "   'question':'Ligger deltagarantalet i fas?','answer':'Ja, i fas.'},"
    "  {'section':'budget','heading':'1. Verksamheten i projektet',"
    "   'question':'Ligger projektet i fas med budget?','answer':'Ja.'},"
    "  {'section':'avvikelser','heading':'2. Avvikelse från projektbeskrivningen',"
    "   'question':'Har det förekommit några avvikelser under perioden?','answer':null}]}";

static const char *const slutrapport_json =
    "{'report':'slutrapport','generated':'2014-08-15',"
    "'project':{'id':'dna','name':'Den nya administratören','diarienummer':'2011-3050120',"
    "  'owner':null,'start':'2011-09-01','end':'2014-06-30','planned_participants':300},"
    "'period':{'number':null,'from':'2011-09-01','to':'2014-06-30'},'redovisnings_id':null,"
    "'frozen':null,'previously_reported':null,"
    "'participants':{'period':{'total':290,'women':250,'men':38,'other':2},"
    "  'accumulated':{'total':290,'women':250,'men':38,'other':2},'planned':300,"
    "  'by_organisation':[],'by_month':[]},"
    "'participant_hours':null,'interventions':[],'activities':[],'organisations':[],"
    "'goals':[{'id':'g2','title':'Förbättrat bemötande','description':'Minst 75 % upplever förbättring',"
    "  'measure':'survey_share','target':75,'comparison':'>=','unit':'percent','achieved':77.4,"
    "  'met':true,'source':null}],"
    "'budget':null,'deviations':[],"
    "'surveys':[{'id':'e1','title':'Uppföljning bemötande','kind':'follow_up','activity':null,"
    "  'date':'2013-11-01','responses':60,'questions':[{'id':'q1','text':'Har ditt bemötande förbättrats?',"
    "  'type':'scale5','responses':60,'mean':3.4,'distribution':{'1':5,'2':10,'3':15,'4':20,'5':10},"
    "  'share_at_least':{'min':2,'percent':91.7},"
    "  'by_organisation':[{'organisation':'orust','name':'Orust kommun','responses':56,'mean':3.5,"
    "     'share_at_least':{'min':2,'percent':92.9}},"
    "    {'organisation':'tranemo','name':'Tranemo kommun','suppressed':true}],"
    "  'by_gender':[{'gender':'female','responses':50,'mean':3.5,'share_at_least':{'min':2,'percent':92.0}},"
    "    {'gender':'male','suppressed':true},{'gender':'other','suppressed':true}]}]}],"
    "'survey_comparison':[{'question':'q1','text':'Har ditt bemötande förbättrats?',"
    "  'baseline':null,'follow_up':{'responses':60,'mean':3.4,'percent':91.7},'change_percent':null,"
    "  'refused':'för få svar i nollmätningen (3 < 5)'}],"
    "'certificates':{'count':412,'people':287,'by_organisation':[{'organisation':'orust',"
    "  'name':'Orust kommun','count':212,'people':150}]},"
    "'groups':[{'id':'amb','name':'Ambassadörer','kind':'ambassadors','members':14}],"
    "'meetings':[],'meetings_held':0,'dissemination':[],'narratives':{},"
    "'questions':["
    "  {'section':'sammanfattning','heading':'Sammanfattning',"
    "   'question':'Ge en sammanfattande beskrivning av projektidé och framkomna resultat.',"
    "   'answer':'Många administrativa medarbetare i Tranemo och på Orust.'},"
    "  {'section':'mal','heading':'Syfte och mål med projektet',"
    "   'question':'Vad har projektet uppnått i förhållande till mål och planerat upplägg?','answer':null},"
    "  {'section':'aktorer','heading':'Deltagande aktörer i projektet',"
    "   'question':'Redogör för vilka aktörer som ingick i projektet.','answer':null}]}";

static const char *const minutes_json =
    "{'report':'minutes','project':{'id':'sug','name':'Samordningsförbundet','diarienummer':null},"
    "'meeting':{'id':'m1','title':'Strategiska utvecklingsgruppens möte',"
    "  'group':{'id':'sug','name':'Strategisk utvecklingsgrupp'},'date':'2018-11-06','start':'09:00',"
    "  'end':'12:00','place':'Regionkontoret, Storgatan 27, Uppsala','status':'held',"
    "  'cancel_reason':null,'notes_by':'Karin Wengelin',"
    "  'attendees':[{'name':'Åsa Fichtel','organisation':'Kansliet','status':'present'},"
    "    {'name':'Kjell-Åke Gårdh','organisation':'Uppsala kommun','status':'excused'}],"
    "  'agenda':[{'number':1,'title':'Verksamhetsplan 2019','presenter':'Åsa Fichtel',"
    "     'notes':'Verksamhetsplanen har diskuterats i **arbetsutskottet**.',"
    "     'decisions':['Verksamhetsplanen godkänns']},"
    "    {'number':2,'title':'Mötestider 2019','presenter':null,'notes':null,'decisions':[]}],"
    "  'actions':[{'id':'x1','text':'Kontrollera frånvaron','owner':'Katarina Åkerblom',"
    "     'due':'2018-12-01','status':'open'}]},"
    "'next_meeting':{'id':'m2','date':'2019-02-15','start':'09:00','end':'12:00','place':'Uppsala'}}";

/* Runs a command and returns its standard output (NUL-terminated, caller frees), asserting
 * that it exits with 0. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
    Buf cmd = {0}, out = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&cmd, fmt, ap);
    va_end(ap);
    FILE *f = popen(cmd.data, "r");
    assert_non_null(f);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&out, chunk, n);
    int st = pclose(f);
    if (st != 0)
        fprintf(stderr, "command failed (%d): %s\n", st, cmd.data);
    assert_int_equal(st, 0);
    buf_free(&cmd);
    if (!out.data)
        buf_puts(&out, "");
    return buf_steal(&out);
}

/* The text of the PDF as pdftotext -layout gives it, no-break spaces made plain, so that
 * "1 234" can be looked for as typed. */
static char *pdf_text(const char *path)
{
    char *t = run("pdftotext -enc UTF-8 -layout '%s' -", path);
    char *w = t;
    for (char *r = t; *r; r++) {
        if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
            *w++ = ' ';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return t;
}

static int pdf_pages(const char *path)
{
    char *info = run("pdfinfo '%s'", path);
    assert_non_null(strstr(info, "Page size:       595.28 x 841.89 pts (A4)"));
    const char *p = strstr(info, "Pages:");
    assert_non_null(p);
    int pages = atoi(p + 6);
    free(info);
    return pages;
}

static void assert_has(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("missing in PDF text: \"%s\"", needle);
}

/* One line of the text holds the words in this order (a chart's axis, as pdftotext -layout
 * sets it out); words is NULL-terminated. */
static void assert_line(const char *text, const char *const *words)
{
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char *l = xstrndup(line, len);
        const char *p = l;
        size_t k = 0;
        while (words[k] && (p = strstr(p, words[k])) != NULL)
            p += strlen(words[k++]);
        free(l);
        if (!words[k])
            return;
        line += len + (eol ? 1 : 0);
    }
    fail_msg("no line of the PDF text holds \"%s\" … in order", words[0]);
}

/* Renders the report to tmpdir/name and returns the path (caller frees). */
static char *render(const json_t *r, const char *name)
{
    char *path = xasprintf("%s/%s", tmpdir, name);
    Errs e;
    errs_init(&e);
    int rc = render_pdf(r, path, &e);
    if (rc != INSATS_OK)
        errs_print(&e, stderr);
    assert_int_equal(rc, INSATS_OK);
    assert_int_equal(errs_total(&e), 0);
    errs_free(&e);
    return path;
}

/* "Sid 1 (N)" and "Sid N (N)" for the page count N of pdfinfo. */
static void assert_page_numbers(const char *text, int pages)
{
    char want[64];
    snprintf(want, sizeof want, "Sid 1 (%d)", pages);
    assert_has(text, want);
    snprintf(want, sizeof want, "Sid %d (%d)", pages, pages);
    assert_has(text, want);
}

/* True when text matches the extended regular expression re. */
static bool matches(const char *re, const char *text)
{
    regex_t rx;
    assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
    bool m = regexec(&rx, text, 0, NULL, 0) == 0;
    regfree(&rx);
    return m;
}

static void test_lagesrapport(void **state)
{
    (void)state;
    json_t *r = load_quoted(lagesrapport_json);
    char *path = render(r, "lagesrapport.pdf");
    int pages = pdf_pages(path);
    assert_true(pages >= 1);
    char *t = pdf_text(path);
    assert_page_numbers(t, pages);
    assert_has(t, "Lägesrapport");
    assert_has(t, "Diarienummer 2011-3060029");
    assert_has(t, "Redovisnings-ID 2011-3060029-004");
    assert_has(t, "1. Verksamheten i projektet");
    assert_has(t, "Vilka aktiviteter har genomförts under den aktuella perioden?");
    assert_has(t, "Hur har ni arbetat med jämställdhet under den aktuella perioden?");
    assert_has(t, "2. Avvikelse från projektbeskrivningen");
    assert_has(t, "Har det förekommit några avvikelser under perioden?");
    assert_has(t, "Sammanställning av aktiviteter/utbildningar");
    assert_has(t, "Antal deltagare");
    assert_has(t, "Planerat antal");
    assert_has(t, "Slutförd");
    assert_has(t, "1 234");                       /* accumulated participants, grouped */
    assert_has(t, "1 234,75");                    /* hours of the intervention */
    assert_has(t, "2 962 500 kr");
    assert_has(t, "Färre deltagare från Torsby än planerat");
    assert_has(t, "Bemötande och");              /* the activity, wrapped in its cell */
    assert_has(t, "Uppstart: återkoppling av utbildningsplanen.");   /* Markdown, not literal ** */
    assert_has(t, "<script>alert(1)</script>");  /* raw HTML is shown as text */
    assert_has(t, "Inget svar har skrivits för perioden.");
    assert_has(t, "Deltagare per månad och kön"); /* the charts */
    /* The month axis and the totals above its bars, the organisations' figures at their
     * bars, as text that pdftotext reads back. */
    assert_line(t, (const char *const[]){"okt", "nov", "dec", NULL});
    assert_has(t, "198");
    assert_has(t, "243");
    assert_line(t, (const char *const[]){"0", "200", "400", "600", "800", "1 000", NULL});
    assert_has(t, "821");
    assert_has(t, "Budget och utfall per kostnadskategori, ackumulerat");
    assert_null(strstr(t, "**"));
    /* The budget's verdict leads in a paragraph of body text, not a line set like a heading. */
    char *xml = run("pdftohtml -xml -stdout -i '%s'", path);
    assert_has(xml, "<b>Inom budget: ");
    assert_true(matches("font=\"[0-9]+\">[^<]*utfall avviker", xml));
    free(xml);

    /* Metadata: the report's date, not today's; the project as author. */
    char *info = run("pdfinfo '%s'", path);
    assert_has(info, "Author:          Creare Vivere – Sunne och Torsby");
    assert_has(info, "Title:           Lägesrapport – Creare Vivere");
    assert_has(info, "2013");
    free(info);

    /* Same report, same bytes. */
    char *again = render(r, "lagesrapport-2.pdf");
    char *diff = run("cmp '%s' '%s' && echo same", path, again);
    assert_has(diff, "same");
    free(diff);
    free(again);

    free(t);
    free(path);
    json_decref(r);
}

/* A large report: hundreds of interventions and 2,000 activities, so that both tables span
 * many pages; their header row must stand on every page they reach. */
/* The lägesrapport with n activities more (and, with n, 300 interventions): a report of many
 * pages. */
static json_t *large_report(int n)
{
    json_t *r = load_quoted(lagesrapport_json);
    json_t *acts = json_object_get(r, "activities");
    json_t *ints = json_object_get(r, "interventions");
    for (int i = 1; i <= n; i++) {
        char title[80], date[16];
        snprintf(title, sizeof title, "Aktivitet nr %04d: Excel för ekonomer, fördjupning", i);
        snprintf(date, sizeof date, "2012-%02d-%02d", 10 + i % 3, 1 + i % 28);
        json_array_append_new(acts, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:i, s:i}",
            "id", "x", "title", title, "kind", i % 2 ? "training" : "study_visit",
            "status", i % 7 ? "held" : "cancelled", "intervention", "i1", "first_date", date,
            "last_date", date, "hours", 2.5 + i % 5, "participants", i % 7 ? 10 + i % 40 : 0,
            "planned_participants", 40));
    }
    for (int i = 1; i <= 300; i++) {
        char title[80];
        snprintf(title, sizeof title, "Insats nr %03d", i);
        json_array_append_new(ints, json_pack("{s:s, s:s, s:s, s:f, s:i, s:i, s:b}", "id", "y",
            "title", title, "start", "2012-05-01", "hours", 10.0 * i, "participants", 1000 + i,
            "planned_participants", 2000, "completed", i % 2));
    }
    return r;
}

static void test_large(void **state)
{
    (void)state;
    json_t *r = large_report(2000);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *path = render(r, "large.pdf");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "large lägesrapport (2,000 activities, 300 interventions): %.2f s\n", secs);
    /* The target is 2 s in a release build; sanitizers slow it several times over. */
    assert_true(secs < 20.0);

    int pages = pdf_pages(path);
    assert_true(pages > 10);
    char *t = pdf_text(path);
    assert_page_numbers(t, pages);
    assert_has(t, "2000:");                       /* the last activity (its title may wrap) */
    assert_has(t, "Insats nr 300");
    assert_has(t, "2 300");                       /* participants of Insats nr 300 */

    /* Pages are separated by form feeds; every page with rows of either table has its header
     * (header cells may wrap between words, so a word of the header that no row holds is looked
     * for: "Status" of the activities, "Slutförd" of the interventions). */
    int with_rows = 0;
    char *save = NULL;
    for (char *pg = strtok_r(t, "\f", &save); pg; pg = strtok_r(NULL, "\f", &save)) {
        if ((strstr(pg, "Aktivitet nr ") && !strstr(pg, "Status")) ||
            (strstr(pg, "Insats nr ") && !strstr(pg, "Slutförd")))
            fail_msg("a page of the table lacks its header:\n%.400s", pg);
        with_rows += strstr(pg, "Aktivitet nr ") || strstr(pg, "Insats nr ");
    }
    assert_true(with_rows > 10);
    free(t);
    free(path);
    json_decref(r);
}

static void test_slutrapport(void **state)
{
    (void)state;
    json_t *r = load_quoted(slutrapport_json);
    char *path = render(r, "slutrapport.pdf");
    int pages = pdf_pages(path);
    char *t = pdf_text(path);
    assert_page_numbers(t, pages);
    assert_has(t, "Slutrapport genomförande");
    assert_has(t, "Sammanfattning");
    assert_has(t, "Ge en sammanfattande beskrivning av projektidé och framkomna resultat.");
    assert_has(t, "Många administrativa medarbetare i Tranemo och på Orust.");
    assert_has(t, "Mätbart mål");
    assert_has(t, "Uppnått mål");
    assert_has(t, "77,4 %");
    assert_has(t, "Orust kommun");
    assert_has(t, "färre än 5 svar");              /* suppressed cells show no figures */
    assert_has(t, "för få svar i nollmätningen");   /* the refusal, wrapped in its cell */
    assert_has(t, "Utfärdade intyg: 412, till 287 personer.");
    assert_has(t, "Ambassadörer");
    assert_has(t, "Diarienummer 2011-3050120");
    assert_null(strstr(t, "Redovisnings-ID"));     /* null for the whole project */
    free(t);
    free(path);
    json_decref(r);
}

static void test_minutes(void **state)
{
    (void)state;
    json_t *r = load_quoted(minutes_json);
    char *path = render(r, "minutes.pdf");
    int pages = pdf_pages(path);
    char *t = pdf_text(path);
    assert_page_numbers(t, pages);
    assert_has(t, "Minnesanteckningar");
    assert_has(t, "Strategiska utvecklingsgruppens möte");
    assert_has(t, "Dag: 2018-11-06");
    assert_has(t, "Tid: 09.00–12.00");
    assert_has(t, "Plats: Regionkontoret, Storgatan 27, Uppsala");
    assert_has(t, "Anteckningar förda av: Karin Wengelin");
    assert_has(t, "Närvarande");
    assert_has(t, "Kjell-Åke Gårdh");
    assert_has(t, "Anmält förhinder");
    assert_has(t, "Dagordning");
    assert_has(t, "1. Verksamhetsplan 2019");
    assert_has(t, "2. Mötestider 2019");
    assert_has(t, "Beslut:");
    assert_has(t, "Verksamhetsplanen godkänns");
    assert_has(t, "Åtgärder");
    assert_has(t, "Kontrollera frånvaron");
    assert_has(t, "Nästa möte");
    assert_has(t, "2019-02-15 kl. 09.00–12.00, Uppsala");
    free(t);
    free(path);
    json_decref(r);
}

/* ---- typesetting -------------------------------------------------------------------------- */

/* A pango context that measures as the PDF does: cairo's PDF surface (without a file), 72 dpi. */
static PangoContext *pdf_context(cairo_t **cr)
{
    cairo_surface_t *s = cairo_pdf_surface_create(NULL, 595.28, 841.89);
    *cr = cairo_create(s);
    cairo_surface_destroy(s);
    return pdf_pango_context(*cr);
}

/* The widest line of s set in `font` at `size` points in a column `width` wide (between words
 * only), in points. */
static double set_width(PangoContext *pc, const char *font, double size, const char *s, double width)
{
    PangoLayout *l = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_font_description_set_size(fd, (int)(size * PANGO_SCALE));
    pango_layout_set_font_description(l, fd);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_text(l, s, -1);
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    pango_font_description_free(fd);
    g_object_unref(l);
    return (double)r.width / PANGO_SCALE;
}

/* Every table of a report: the columns add up to the page's width, no header cell and no cell
 * runs out of its column (set between words only, so a word that does not fit would stick
 * out into the next column: "Perioden totalt" over "Ackumulerat kvinnor"), and a column of
 * titles gets at least the room of a column of figures. */
static void check_columns(PangoContext *pc, const json_t *report)
{
    Doc *doc;
    Errs e;
    errs_init(&e);
    assert_int_equal(doc_build(report, &doc, &e), INSATS_OK);
    int tables = 0;
    for (size_t i = 0; i < doc->nblocks; i++) {
        const DocTable *t = doc->blocks[i].table;
        if (doc->blocks[i].kind != DOC_TABLE)
            continue;
        tables++;
        PdfColumns cols;
        pdf_table_columns(pc, t, 483.28, &cols);
        assert_int_equal(cols.ncols, (int)t->ncols);
        assert_false(cols.tight);
        double sum = 0;
        for (int c = 0; c < cols.ncols; c++) {
            double inner = cols.width[c] - 2 * PDF_CELL_PAD;
            sum += cols.width[c];
            const char *title = pdf_col_title(&t->cols[c]);
            if (set_width(pc, "DejaVu Sans Bold", cols.size, title, inner) > inner + 0.01)
                fail_msg("%s: header \"%s\" runs out of its %.1f pt", t->caption, title, inner);
            for (size_t r = 0; r < t->nrows; r++) {
                char *text = pdf_cell_text(&t->rows[r].cells[c]);
                if (set_width(pc, "DejaVu Sans", cols.size, text, inner) > inner + 0.01)
                    fail_msg("%s: \"%s\" runs out of its %.1f pt", t->caption, text, inner);
                free(text);
            }
        }
        assert_float_equal(sum, 483.28, 0.01);
        /* The first column, what each row is about, is not wrapped where its longest text
         * is up to a fifth of the page ("Älvby / kommun") while a column of figures is given
         * more than its figures and header words need. */
        for (int c = 0; c < 1; c++) {
            if (t->cols[c].right)
                continue;
            double longest = 0;
            for (size_t r = 0; r < t->nrows; r++) {
                char *text = pdf_cell_text(&t->rows[r].cells[c]);
                longest = fmax(longest, set_width(pc, "DejaVu Sans", cols.size, text, 1e6));
                free(text);
            }
            if (longest <= cols.width[c] - 2 * PDF_CELL_PAD || longest > 483.28 * 0.2)
                continue;
            for (int k = 0; k < cols.ncols; k++) {
                if (!t->cols[k].right)
                    continue;
                double need = set_width(pc, "DejaVu Sans Bold", cols.size,
                                        pdf_col_title(&t->cols[k]), 1);
                for (size_t r = 0; r < t->nrows; r++) {
                    char *text = pdf_cell_text(&t->rows[r].cells[k]);
                    need = fmax(need, set_width(pc, "DejaVu Sans", cols.size, text, 1e6));
                    free(text);
                }
                if (cols.width[k] - 2 * PDF_CELL_PAD > need + 1)
                    fail_msg("%s: \"%s\" wraps a cell of %.1f pt in %.1f pt while \"%s\" has "
                             "%.1f pt for %.1f pt", t->caption, pdf_col_title(&t->cols[c]), longest,
                             cols.width[c] - 2 * PDF_CELL_PAD, pdf_col_title(&t->cols[k]),
                             cols.width[k] - 2 * PDF_CELL_PAD, need);
            }
        }
        if (!strcmp(t->cols[0].heading, "Aktivitet"))
            for (int c = 1; c < cols.ncols; c++)
                if (t->cols[c].right)
                    assert_true(cols.width[0] >= cols.width[c]);
    }
    assert_true(tables > 5);
    doc_free(doc);
    errs_free(&e);
}

static void test_column_widths(void **state)
{
    (void)state;
    cairo_t *cr;
    PangoContext *pc = pdf_context(&cr);
    json_t *r = load_quoted(lagesrapport_json);
    /* The words that used to break: long titles, statuses and dates in narrow columns. */
    json_t *acts = json_object_get(r, "activities");
    for (int i = 0; i < 30; i++)
        json_array_append_new(acts, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:i, s:i}",
            "id", "x", "title", i % 2 ? "Handledarutbildning för arbetsplatsförlagt lärande"
                                      : "Kompetenskartläggning", "kind", "study_visit",
            "status", "held", "intervention", "i1", "first_date", "2012-01-16",
            "last_date", "2012-02-28", "hours", 1234.5, "participants", 12345,
            "planned_participants", 40));
    check_columns(pc, r);
    json_decref(r);
    r = load_quoted(slutrapport_json);
    check_columns(pc, r);
    json_decref(r);
    g_object_unref(pc);
    cairo_destroy(cr);
}

/* The report with many activities of long titles and surveys one by one, the shape of the
 * large demo's: n activities, m surveys. */
static json_t *busy_report(int n, int m)
{
    json_t *r = load_quoted(lagesrapport_json);
    json_t *acts = json_object_get(r, "activities");
    static const char *const titles[] = {
        "Handledarutbildning för arbetsplatsförlagt lärande, omgång",
        "Bemötande av personer med neuropsykiatriska funktionsnedsättningar, omgång",
        "Kompetenskartläggning", "Deltagare i nätverksträff",
    };
    for (int i = 1; i <= n; i++) {
        char title[160], from[16], to[16];
        snprintf(title, sizeof title, "%s %d", titles[i % 4], i);
        snprintf(from, sizeof from, "2012-%02d-%02d", 10 + i % 3, 1 + i % 27);
        snprintf(to, sizeof to, "2012-%02d-%02d", 10 + i % 3, 2 + i % 27);
        json_array_append_new(acts, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:i, s:i}",
            "id", "x", "title", title, "kind", "training", "status", i % 5 ? "held" : "booked",
            "intervention", "i1", "first_date", from, "last_date", i % 3 ? from : to,
            "hours", 3.5, "participants", 100 + i % 30, "planned_participants", 120));
    }
    json_t *surveys = json_object_get(r, "surveys");
    for (int i = 1; i <= m; i++) {
        char title[80], q[80];
        snprintf(title, sizeof title, "Utvärdering av kurs %d", i);
        snprintf(q, sizeof q, "Sista frågan om kurs %d", i);
        json_t *cell = json_pack("{s:s, s:s, s:i, s:n, s:{s:i, s:f}}", "organisation", "sunne",
                                 "name", "Sunne kommun", "responses", 30, "mean",
                                 "share_at_least", "min", 2, "percent", 90.0);
        json_array_append_new(surveys, json_pack(
            "{s:s, s:s, s:s, s:n, s:s, s:i, s:[{s:s, s:s, s:s, s:i, s:f, s:{s:i, s:i, s:i, s:i, s:i},"
            " s:{s:i, s:f}, s:[O], s:[{s:s, s:b}, {s:s, s:b}, {s:s, s:b}]},"
            " {s:s, s:s, s:s, s:i, s:n, s:n, s:n, s:[], s:[]}]}",
            "id", "e", "title", title, "kind", "after_activity", "activity", "date", "2012-11-01",
            "responses", 40, "questions",
            "id", "q1", "text", "I vilken grad har utbildningen förbättrat din arbetssituation?",
            "type", "scale5", "responses", 40, "mean", 3.5, "distribution", "1", 2, "2", 8, "3", 10,
            "4", 10, "5", 10, "share_at_least", "min", 2, "percent", 95.0, "by_organisation", cell,
            "by_gender", "gender", "female", "suppressed", 1, "gender", "male", "suppressed", 1,
            "gender", "other", "suppressed", 1,
            "id", "q9", "text", q, "type", "text", "responses", 12, "mean", "distribution",
            "share_at_least", "by_organisation", "by_gender"));
        json_decref(cell);
    }
    return r;
}

/* The page (1-based) on which the first appendix begins, from pdftotext's form feeds. */
static int appendix_page(const char *text)
{
    int page = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\f')
            page++;
        else if ((p == text || p[-1] == '\n' || p[-1] == '\f') && !strncmp(p, "Bilaga 1:", 9))
            return page;
    }
    return 0;
}

/* Fails when a page of the PDF text ends with a line that matches re (a heading, a caption):
 * what it introduces starts the next page without it. */
static void assert_no_foot(const char *text, const char *re)
{
    char *save = NULL, *copy = xstrdup(text);
    int pages = 0;
    for (char *pg = strtok_r(copy, "\f", &save); pg; pg = strtok_r(NULL, "\f", &save)) {
        pages++;
        char *last = NULL, *ls = NULL;
        for (char *l = strtok_r(pg, "\n", &ls); l; l = strtok_r(NULL, "\n", &ls))
            last = l;
        if (last && matches(re, last))
            fail_msg("page %d ends with a heading: \"%s\"", pages, last);
    }
    free(copy);
}

/* The slutrapport with a summary in the shape of the demo's narratives: Markdown headings
 * ("## Organisationsnivå"), some right under another, each over a paragraph of its own
 * length, so that one of them comes at every height of a page. */
static void test_narrative_headings(void)
{
    json_t *r = load_quoted(slutrapport_json);
    Buf md = {0};
    for (int i = 1; i <= 90; i++) {
        buf_printf(&md, "## Nivå %d\n\n", i);
        if (i % 7 == 0)
            buf_printf(&md, "### Undernivå %d\n\n", i);
        for (int w = 0; w < 1 + i % 9; w++)
            buf_puts(&md, "Deltagarna beskriver ett stärkt självförtroende i de digitala verktygen. ");
        buf_puts(&md, "\n\n");
    }
    json_t *q = json_array_get(json_object_get(r, "questions"), 0);
    json_object_set_new(q, "answer", json_string(md.data));
    buf_free(&md);
    char *path = render(r, "narrative.pdf");
    char *t = run("pdftotext -enc UTF-8 '%s' -", path);
    assert_has(t, "Nivå 90");
    assert_no_foot(t, "^(Nivå|Undernivå) [0-9]+$");
    free(t);
    free(path);
    json_decref(r);
}

/* What the funder reads: no word broken by a hyphen that the text does not have, no date over
 * two lines, no heading or caption at the foot of a page, small tables whole on one page, the
 * appendices on pages of their own after a body that does not grow with the data. */
static void test_typesetting(void **state)
{
    (void)state;
    json_t *r = busy_report(600, 60);
    char *path = render(r, "busy.pdf");
    char *t = run("pdftotext -enc UTF-8 '%s' -", path);
    char *save = NULL, *copy = xstrdup(t);
    int pages = 0;
    for (char *pg = strtok_r(copy, "\f", &save); pg; pg = strtok_r(NULL, "\f", &save)) {
        pages++;
        char *lines[4096];
        size_t n = 0;
        char *ls = NULL;
        for (char *l = strtok_r(pg, "\n", &ls); l && n < 4096; l = strtok_r(NULL, "\n", &ls))
            lines[n++] = l;
        for (size_t i = 0; i < n; i++) {
            /* A word cut at the line's end by a hyphen: a hyphen of the source text only
             * (such as "ESF-rådet"); pango must insert none. */
            size_t len = strlen(lines[i]);
            if (len > 1 && lines[i][len - 1] == '-' && isalpha((unsigned char)lines[i][len - 2]))
                fail_msg("page %d: a word broken with a hyphen: \"%s\" / \"%s\"", pages,
                         lines[i], i + 1 < n ? lines[i + 1] : "");
        }
    }
    free(copy);
    /* The foot of a page: no survey heading, no caption, without what follows. */
    assert_no_foot(t, "^(Utvärdering av kurs [0-9]+|(Resultat per fråga|Andel per (kön|organisation)):.*)$");
    /* A date cut over two lines leaves a piece of it in a line of the page as laid out. */
    char *lt = pdf_text(path);
    save = NULL;
    for (char *l = strtok_r(lt, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        if (matches("(^|[^0-9])[0-9]{4}-[0-9]{2}-[0-9]([^0-9]|$)", l) ||
            matches("(^|[^0-9])[0-9]{4}-[0-9]{1,2}([^0-9-]|$)", l) ||
            matches("(^|[^0-9])[0-9]{4}-([^0-9]|$)", l))
            fail_msg("a date over two lines: \"%s\"", l);
    free(lt);
    /* The appendix's table is not captioned with its heading's words once more. */
    assert_has(t, "Bilaga 1: Aktiviteter under perioden\n");
    assert_false(matches("Bilaga 1: Aktiviteter under perioden\n+Aktiviteter under perioden\n", t));
    /* Long words whole. */
    assert_has(t, "Handledarutbildning");
    assert_has(t, "neuropsykiatriska");
    assert_has(t, "funktionsnedsättningar");
    assert_has(t, "Kompetenskartläggning");
    assert_has(t, "Genomförd");

    /* Each survey's tables on one page: its heading, its questions and its breakdown. */
    save = NULL;
    copy = xstrdup(t);
    for (char *pg = strtok_r(copy, "\f", &save); pg; pg = strtok_r(NULL, "\f", &save)) {
        for (const char *p = pg; (p = strstr(p, "Resultat per fråga: Utvärdering av kurs ")) != NULL; p++) {
            int k = atoi(p + strlen("Resultat per fråga: Utvärdering av kurs "));
            char last[80];
            snprintf(last, sizeof last, "Sista frågan om kurs %d", k);
            if (!strstr(p, last))
                fail_msg("the table of survey %d is split over two pages", k);
        }
    }
    free(copy);

    /* The body is the same length with 600 activities and 60 surveys as with one of each. */
    int body = appendix_page(t);
    assert_true(body > 1);
    json_t *small = busy_report(1, 1);
    char *spath = render(small, "small.pdf");
    char *st = run("pdftotext -enc UTF-8 '%s' -", spath);
    assert_int_equal(appendix_page(st), body);
    /* Each appendix starts a page: "Bilaga 2" opens its page. */
    assert_true(matches("\f[^\f]{0,400}\nBilaga 2: Enkäterna var för sig\n", t) ||
                matches("\fBilaga 2: Enkäterna var för sig\n", t));
    free(st);
    free(spath);
    json_decref(small);
    free(t);
    free(path);
    json_decref(r);
    test_narrative_headings();
}

/* However many agenda items push it over, the minutes' last section ("Nästa möte") never
 * stands on a page of its own, and no heading ends a page. */
static void test_minutes_tail(void **state)
{
    (void)state;
    for (int k = 1; k <= 24; k++) {
        json_t *r = load_quoted(minutes_json);
        json_t *agenda = json_object_get(json_object_get(r, "meeting"), "agenda");
        for (int i = 3; i <= k + 2; i++) {
            char title[64];
            snprintf(title, sizeof title, "Punkt %d", i);
            json_array_append_new(agenda, json_pack("{s:i, s:s, s:s, s:s, s:[s]}", "number", i,
                "title", title, "presenter", "Åsa Fichtel", "notes",
                "Mötet diskuterade punkten och kom fram till att arbetet fortsätter som planerat.",
                "decisions", "Informationen noteras."));
        }
        char name[32];
        snprintf(name, sizeof name, "minutes-%d.pdf", k);
        char *path = render(r, name);
        char *t = run("pdftotext -enc UTF-8 '%s' -", path);
        char *save = NULL;
        for (char *pg = strtok_r(t, "\f", &save); pg; pg = strtok_r(NULL, "\f", &save)) {
            int body = 0;
            char *ls = NULL, *last = NULL;
            for (char *l = strtok_r(pg, "\n", &ls); l; l = strtok_r(NULL, "\n", &ls)) {
                if (!strncmp(l, "Minnesanteckningar", 18) || !strncmp(l, "Sid ", 4) ||
                    !strncmp(l, "Projektnamn ", 12) || !strncmp(l, "Diarienummer", 12))
                    continue;
                body++;
                last = l;
                if (!strcmp(l, "Nästa möte") && body == 1 && !strtok_r(NULL, "\n", &ls))
                    fail_msg("%d items: \"Nästa möte\" alone at a page's foot", k);
                if (!strcmp(l, "Nästa möte") && body == 1)
                    fail_msg("%d items: \"Nästa möte\" opens a page of its own", k);
            }
            if (last && (!strcmp(last, "Nästa möte") || !strcmp(last, "Åtgärder") ||
                         matches("^[0-9]+\\. Punkt [0-9]+$", last)))
                fail_msg("%d items: a page ends with the heading \"%s\"", k, last);
        }
        free(t);
        free(path);
        json_decref(r);
    }
}

static void test_chart_svg(void **state)
{
    (void)state;
    json_t *r = load_quoted(lagesrapport_json);
    static const char *const charts[] = {"participants_by_month", "participants_by_organisation",
                                         "budget_by_category"};
    static const char *const labels[] = {"Kvinnor", "Ackumulerat", "Utfall"};
    for (int i = 0; i < 3; i++) {
        Buf svg = {0};
        assert_int_equal(chart_svg(&svg, r, charts[i], charts[i]), INSATS_OK);
        assert_non_null(strstr(svg.data, "<svg"));
        assert_non_null(strstr(svg.data, "role=\"img\""));
        assert_non_null(strstr(svg.data, "<title"));
        assert_non_null(strstr(svg.data, labels[i]));
        assert_non_null(strstr(svg.data, "</svg>"));
        char *file = xasprintf("%s/%s.svg", tmpdir, charts[i]);
        FILE *f = fopen(file, "w");
        assert_non_null(f);
        fputs(svg.data, f);
        fclose(f);
        free(run("xmllint --noout '%s'", file));   /* well-formed XML, or a non-zero exit */
        free(file);
        buf_free(&svg);
    }
    Buf svg = {0};
    assert_int_equal(chart_svg(&svg, r, "pie_of_everything", NULL), INSATS_EINPUT);
    assert_null(svg.data);
    json_t *bare = json_pack("{s:s}", "report", "lagesrapport");
    assert_int_equal(chart_svg(&svg, bare, "budget_by_category", NULL), INSATS_EINPUT);
    json_decref(bare);
    json_decref(r);
}

static void test_invalid(void **state)
{
    (void)state;
    Errs e;
    errs_init(&e);
    char *path = xasprintf("%s/invalid.pdf", tmpdir);
    json_t *r = json_pack("{s:{s:s}}", "project", "name", "X");
    assert_int_equal(render_pdf(r, path, &e), INSATS_EINPUT);
    assert_true(errs_total(&e) > 0);
    assert_non_null(strstr(e.msgs[0], "report"));
    assert_int_equal(access(path, F_OK), -1);      /* nothing written */
    json_decref(r);

    r = json_pack("{s:s, s:{s:s}}", "report", "minutes", "project", "name", "X");
    assert_int_equal(render_pdf(r, path, &e), INSATS_EINPUT);
    json_decref(r);

    r = json_pack("{s:s, s:{s:s}}", "report", "årsrapport", "project", "name", "X");
    assert_int_equal(render_pdf(r, path, &e), INSATS_EINPUT);
    json_decref(r);

    /* A directory that does not exist: a storage error, not a crash. */
    r = load_quoted(minutes_json);
    size_t before = errs_total(&e);
    assert_int_equal(render_pdf(r, "/nonexistent-dir/x.pdf", &e), INSATS_ESTORAGE);
    assert_true(errs_total(&e) > before);
    json_decref(r);
    free(path);
    errs_free(&e);
}

/* What one rendering's progress hook was told, and on which thread. */
typedef struct {
    pthread_t thread;
    bool other_thread;         /* a call arrived on a thread that is not this rendering's */
    size_t calls;
    size_t layout_total, layout_done, pages_total, pages_done;
    bool backwards;            /* a count went down within its stage */
} ProgressSeen;

static void progress_seen(void *ctx, const char *stage, size_t done, size_t total)
{
    ProgressSeen *ps = ctx;
    ps->calls++;
    if (!pthread_equal(pthread_self(), ps->thread))
        ps->other_thread = true;
    bool layout = strcmp(stage, "laying out the PDF") == 0;
    size_t *d = layout ? &ps->layout_done : &ps->pages_done;
    size_t *t = layout ? &ps->layout_total : &ps->pages_total;
    if ((*t && *t != total) || done < *d)
        ps->backwards = true;
    *d = done;
    *t = total;
}

typedef struct {
    const json_t *report;
    const char *name;
    pthread_barrier_t *start;
    ProgressSeen seen;
    char *path;
    int rc;
} RenderJob;

static void *render_job(void *arg)
{
    RenderJob *j = arg;
    j->seen.thread = pthread_self();
    j->path = xasprintf("%s/%s", tmpdir, j->name);
    Errs e;
    errs_init(&e);
    pthread_barrier_wait(j->start);
    RenderOptions o = {.progress = progress_seen, .progress_ctx = &j->seen};
    j->rc = render_pdf_with(j->report, j->path, &o, &e);
    if (j->rc != INSATS_OK)
        errs_print(&e, stderr);
    errs_free(&e);
    return NULL;
}

/* Two reports rendered at once on two threads, as the web server's threads do: each
 * rendering's progress goes to its own hook only, on its own thread, and counts its own
 * blocks and pages; a rendering without options reports nothing to anyone. */
static void test_progress_is_per_rendering(void **state)
{
    (void)state;
    json_t *small = large_report(150), *big = large_report(600);
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, 3);
    RenderJob jobs[2] = {{.report = small, .name = "at-once-small.pdf", .start = &start},
                         {.report = big, .name = "at-once-big.pdf", .start = &start}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, render_job, &jobs[i]);
    pthread_barrier_wait(&start);
    /* A third rendering meanwhile, on this thread, without a hook. */
    char *quiet = render(small, "at-once-quiet.pdf");
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start);
    for (int i = 0; i < 2; i++) {
        RenderJob *j = &jobs[i];
        assert_int_equal(j->rc, INSATS_OK);
        assert_false(j->seen.other_thread);
        assert_false(j->seen.backwards);
        assert_true(j->seen.calls >= 2);
        Doc *doc;
        Errs e;
        errs_init(&e);
        assert_int_equal(doc_build(j->report, &doc, &e), INSATS_OK);
        errs_free(&e);
        /* The layout pass counts this report's blocks; the drawing pass its pages, up to the
         * last page. */
        assert_int_equal(j->seen.layout_total, doc->nblocks);
        assert_int_equal(j->seen.layout_done, doc->nblocks);
        doc_free(doc);
        int pages = pdf_pages(j->path);
        assert_int_equal(j->seen.pages_total, (size_t)pages);
        assert_int_equal(j->seen.pages_done, (size_t)pages);
    }
    assert_true(jobs[1].seen.pages_total > jobs[0].seen.pages_total);
    assert_int_equal(pdf_pages(quiet), pdf_pages(jobs[0].path));
    for (int i = 0; i < 2; i++)
        free(jobs[i].path);
    free(quiet);
    json_decref(small);
    json_decref(big);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/insats-test-pdf-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lagesrapport), cmocka_unit_test(test_large),
        cmocka_unit_test(test_slutrapport),  cmocka_unit_test(test_minutes),
        cmocka_unit_test(test_chart_svg),    cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_column_widths), cmocka_unit_test(test_typesetting),
        cmocka_unit_test(test_minutes_tail), cmocka_unit_test(test_progress_is_per_rendering),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (getenv("INSATS_KEEP_PDF"))   /* for looking at the PDFs by eye */
        fprintf(stderr, "PDFs kept in %s\n", tmpdir);
    else
        free(run("rm -rf '%s'", tmpdir));
    return failed;
}
