/* test_pdf.c — the PDF renderer and the charts: reports rendered to files in a temporary
 * directory and read back with poppler's pdfinfo and pdftotext (A4, page count, "Sid N (M)",
 * the funder's Swedish headings and questions, table headers repeated on every page a table
 * spans, figures and å/ä/ö intact), the SVG charts checked with xmllint, and the errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
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
    "  {'section':'enkater','heading':'Syfte och mål med projektet',"
    "   'question':'Redogör med kvantitativa mått: enkätresultat per organisation och kön.','answer':null},"
    "  {'section':'intyg','heading':'Syfte och mål med projektet',"
    "   'question':'Hur många intyg har utfärdats, och till hur många personer?','answer':null},"
    "  {'section':'grupper','heading':'Arbetssätt',"
    "   'question':'Vilka grupper har projektet arbetat i?','answer':null}]}";

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
static void test_large(void **state)
{
    (void)state;
    json_t *r = load_quoted(lagesrapport_json);
    json_t *acts = json_object_get(r, "activities");
    json_t *ints = json_object_get(r, "interventions");
    for (int i = 1; i <= 2000; i++) {
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
    assert_has(t, "Aktivitet nr 2000");
    assert_has(t, "Insats nr 300");
    assert_has(t, "2 300");                       /* participants of Insats nr 300 */

    /* Pages are separated by form feeds; every page with rows of either table has the header. */
    int with_rows = 0;
    char *save = NULL;
    for (char *pg = strtok_r(t, "\f", &save); pg; pg = strtok_r(NULL, "\f", &save)) {
        if (strstr(pg, "Aktivitet nr ") || strstr(pg, "Insats nr ")) {
            with_rows++;
            if (!strstr(pg, "Antal deltagare"))
                fail_msg("a page of the table lacks its header:\n%.400s", pg);
        }
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

static void test_chart_svg(void **state)
{
    (void)state;
    json_t *r = load_quoted(lagesrapport_json);
    chart_register();
    assert_ptr_equal(render_chart_svg, chart_svg);
    static const char *const charts[] = {"participants_by_month", "participants_by_organisation",
                                         "budget_by_category"};
    static const char *const labels[] = {"Kvinnor", "Ackumulerat", "Utfall"};
    for (int i = 0; i < 3; i++) {
        Buf svg = {0};
        assert_int_equal(render_chart_svg(&svg, r, charts[i], charts[i]), INSATS_OK);
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
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (getenv("INSATS_KEEP_PDF"))   /* for looking at the PDFs by eye */
        fprintf(stderr, "PDFs kept in %s\n", tmpdir);
    else
        free(run("rm -rf '%s'", tmpdir));
    return failed;
}
