/* demo.c — generator of the fictional demo project "Kompetenslyftet Norra Älvdalen".
 *
 * The project imitates the ESF competence-development projects in shared/domain: an owner
 * municipality and three partners, a mobilisation phase with a competence mapping, three years
 * of trainings proposed by the units, a study visit to Italy, steering and project groups with
 * minutes, a budget with a revision, deviations reported to the funder and narrative answers
 * for every progress report. All names and texts are invented.
 *
 * Everything is drawn from one seeded splitmix64 stream and every loop runs in a fixed order,
 * so a (scale, seed) pair always gives the same bytes. The figures the goals refer to
 * (participants, certificates, survey shares) are counted while the data is generated, so
 * that targets can be set on purpose to be met or missed. At the large scale most of the
 * memory is the million attendance objects; their keys are static and their id strings are
 * shared references, so each object costs only its own hash table. */
#include "db.h"
#include "demo.h"
#include "i18n.h"
#include "survey_link.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---------------------------------------------------------------- random numbers */

typedef struct DemoRng {
    uint64_t s;
} DemoRng;

/* splitmix64: tiny, fast, and good enough that the data shows no visible patterns. */
static uint64_t demo_next(DemoRng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n); the modulo bias is far below anything a demo could show. */
static uint32_t demo_below(DemoRng *r, uint32_t n)
{
    return n ? (uint32_t)(demo_next(r) % n) : 0;
}

/* True with probability permille/1000 — integers keep the stream platform-independent. */
static bool demo_chance(DemoRng *r, uint32_t permille)
{
    return demo_below(r, 1000) < permille;
}

/* Uniform in [lo, hi]. */
static int64_t demo_range(DemoRng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)demo_below(r, (uint32_t)(hi - lo + 1));
}

#define DEMO_PICK(r, arr) ((arr)[demo_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])
#define DEMO_N(arr) (sizeof(arr) / sizeof((arr)[0]))

/* ---------------------------------------------------------------- JSON helpers */

static void demo_set(json_t *o, const char *key, json_t *v)
{
    json_object_set_new_nocheck(o, key, v);
}

static json_t *demo_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *demo_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *demo_fmt(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof buf)
        return json_stringn(buf, (size_t)n);
    Buf b = {0};
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    json_t *s = json_stringn(b.data, b.len);
    buf_free(&b);
    return s;
}

static int64_t demo_ymd(int y, int m, int d)
{
    char b[16];
    snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    return date_to_days(b);
}

static json_t *demo_day(int64_t days)
{
    char b[11];
    date_from_days(days, b);
    return json_stringn_nocheck(b, 10);
}

static int demo_year(int64_t days)
{
    char b[11];
    date_from_days(days, b);
    return atoi(b);
}

/* 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
static int demo_weekday(int64_t days)
{
    return (int)(((days % 7) + 7 + 3) % 7);
}

/* Moves forward to a working day outside the summer holiday (July) and Christmas, the
 * times when these organisations hold no trainings. */
static int64_t demo_workday(int64_t days)
{
    for (;;) {
        char b[11];
        date_from_days(days, b);
        int m = atoi(b + 5), d = atoi(b + 8);
        if (m == 7)
            days += 32 - d;
        else if ((m == 12 && d >= 20) || (m == 1 && d <= 7))
            days += 1;
        else if (demo_weekday(days) >= 5)
            days += 1;
        else
            return days;
    }
}

/* Money is kept in öre; whole kronor become JSON integers and the rest have at most 50 öre
 * granularity by construction, which binary floating point represents exactly. */
static json_t *demo_money(int64_t ore)
{
    if (ore % 100 == 0)
        return json_integer(ore / 100);
    return json_real((double)ore / 100.0);
}

/* Hours in hundredths, always multiples of 0.25 (exact in binary). */
static json_t *demo_hours(int hc)
{
    if (hc % 100 == 0)
        return json_integer(hc / 100);
    return json_real((double)hc / 100.0);
}

/* ---------------------------------------------------------------- fixed vocabulary */

enum { ORG_ALVBY, ORG_NORRSJO, ORG_BERGVIKA, ORG_TALLMO, ORG_UNI, ORG_SUPPLIER, ORG_ABROAD, ORG_COUNT };
#define DEMO_MUNIS 4

static const struct {
    const char *id, *name, *kind, *country, *place;
    int hourly_kr; /* even, so that quarter hours give whole 50 öre */
} DEMO_ORGS[ORG_COUNT] = {
    {"alvby", "Älvby kommun", "municipality", "SE", "Älvby", 350},
    {"norrsjo", "Norrsjö kommun", "municipality", "SE", "Norrsjö", 340},
    {"bergvika", "Bergvika kommun", "municipality", "SE", "Bergvika", 348},
    {"tallmo", "Tallmo kommun", "municipality", "SE", "Tallmo", 356},
    {"mittuni", "Mittlands universitet", "university", "SE", "Mittstad", 0},
    {"kompetensbron", "Kompetensbron AB", "company", "SE", "Mittstad", 0},
    {"cpe", "Centro Pedagogico Emiliano", "transnational", "IT", "Reggio Emilia", 0},
};

static const char *const DEMO_AREAS[] = {"IT", "Bemötande och kommunikation",
                                         "Individens och organisationens lärande", "Ledarskap"};

static const char *const DEMO_FEMALE[] = {
    "Anna", "Maria", "Karin", "Eva", "Kristina", "Lena", "Sara", "Ingrid", "Emma", "Malin",
    "Birgitta", "Elin", "Ulla", "Johanna", "Susanne", "Camilla", "Linnea", "Marie", "Åsa",
    "Helena", "Ann-Britt", "Inga-Lill", "Margareta", "Jenny", "Therese", "Frida", "Annika",
    "Gunilla", "Siv", "Monica", "Carina", "Lisa", "Ida", "Hanna", "Agneta", "Ulrika", "Petra",
    "Mona", "Yvonne", "Solveig", "Amira", "Fatima", "Leila", "Ronja"};
static const char *const DEMO_MALE[] = {
    "Lars", "Anders", "Johan", "Per", "Mikael", "Erik", "Karl", "Peter", "Thomas", "Jan",
    "Magnus", "Stefan", "Mats", "Hans", "Ola", "Björn", "Göran", "Niklas", "Fredrik", "Jonas",
    "Kjell", "Roger", "Tommy", "Åke", "Leif", "Ulf", "Daniel", "Henrik", "Sven-Erik", "Rolf",
    "Ahmed", "Mehmet", "Oskar", "Viktor", "Emil", "Arvid"};
static const char *const DEMO_NEUTRAL[] = {"Kim", "Robin", "Alex", "Sam", "Charlie", "Love", "Mika", "Noa"};
static const char *const DEMO_LAST[] = {
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Lindberg", "Lindqvist", "Berglund", "Sandberg", "Forsberg", "Sjöberg", "Wallin", "Engström",
    "Lundgren", "Holm", "Bergström", "Nyström", "Åberg", "Hedlund", "Öberg", "Lundin", "Strand",
    "Björk", "Ek", "Dahl", "Sundqvist", "Ström", "Wikström", "Norberg", "Mattsson", "Falk",
    "Bergqvist", "Östlund", "Hägglund", "Lidén", "Palm", "Rask", "Fjällström", "Granlund",
    "Nordin", "Vikman", "Isaksson", "Moberg", "Sjödin", "Holmgren", "Edlund", "Kaya", "Haddad",
    "Korhonen", "Virtanen"};

/* Units (förvaltningar) with their typical roles; weights say how many of the employees
 * work there — care and school are by far the largest in a Swedish municipality. */
static const struct {
    const char *name;
    int weight;
    const char *roles[6];
} DEMO_UNITS[] = {
    {"Socialförvaltningen", 38, {"undersköterska", "vårdbiträde", "biståndshandläggare",
                                 "socialsekreterare", "sjuksköterska", "enhetschef"}},
    {"Barn- och utbildningsförvaltningen", 32, {"lärare", "förskollärare", "barnskötare",
                                                "fritidspedagog", "elevassistent", "rektor"}},
    {"Kommunledningskontoret", 10, {"administratör", "ekonom", "HR-konsult", "informatör",
                                    "IT-tekniker", "nämndsekreterare"}},
    {"Tekniska förvaltningen", 12, {"lokalvårdare", "kock", "drifttekniker", "vaktmästare",
                                    "ingenjör", "enhetschef"}},
    {"Kultur och fritid", 8, {"bibliotekarie", "fritidsledare", "kulturskolelärare", "badmästare",
                              "administratör", "enhetschef"}},
};
#define DEMO_UNIT_COUNT ((int)DEMO_N(DEMO_UNITS))

/* Key people, in id order p00001…: who they are decides their place in groups and minutes. */
enum {
    KP_PL,        /* projektledare */
    KP_EKONOM,    /* projektekonom */
    KP_KOORD0,    /* four projektkoordinatorer, one per municipality */
    KP_KOORD3 = KP_KOORD0 + 3,
    KP_EVAL,      /* utvärderare at the university */
    KP_TRAINER1,  /* utbildare at the supplier */
    KP_TRAINER2,
    KP_ABROAD,    /* contact at the Italian partner */
    KP_STYR0,     /* steering group: kommundirektör + personalchefer + union representative */
    KP_STYR5 = KP_STYR0 + 5,
    KP_STYR_NEW,  /* replaces KP_STYR0 + 2 in the steering group mid-project */
    KP_COUNT
};

static const struct {
    const char *first, *last, *gender, *unit, *role;
    int org;
} DEMO_KEY[KP_COUNT] = {
    {"Helena", "Strömberg", "female", "Kommunledningskontoret", "projektledare", ORG_ALVBY},
    {"Jonas", "Wikander", "male", "Kommunledningskontoret", "projektekonom", ORG_ALVBY},
    {"Marianne", "Lövgren", "female", "Kommunledningskontoret", "projektkoordinator", ORG_ALVBY},
    {"Tomas", "Hedberg", "male", "Socialförvaltningen", "projektkoordinator", ORG_NORRSJO},
    {"Lena", "Grahn", "female", "Barn- och utbildningsförvaltningen", "projektkoordinator", ORG_BERGVIKA},
    {"Inga-Maj", "Sundström", "female", "Kommunledningskontoret", "projektkoordinator", ORG_TALLMO},
    {"Per-Olof", "Ragnarsson", "male", "Institutionen för pedagogik", "utvärderare", ORG_UNI},
    {"Cecilia", "Ahlin", "female", NULL, "utbildare", ORG_SUPPLIER},
    {"Farid", "Nouri", "male", NULL, "utbildare", ORG_SUPPLIER},
    {"Giulia", "Ferrandi", "female", NULL, "pedagogisk samordnare", ORG_ABROAD},
    {"Bengt", "Ivarsson", "male", "Kommunledningskontoret", "kommundirektör", ORG_ALVBY},
    {"Eva-Lena", "Marklund", "female", "Kommunledningskontoret", "personalchef", ORG_NORRSJO},
    {"Kent", "Olausson", "male", "Kommunledningskontoret", "personalchef", ORG_BERGVIKA},
    {"Gunnel", "Persdotter", "female", "Kommunledningskontoret", "personalchef", ORG_TALLMO},
    {"Ann-Sofie", "Rehn", "female", "Socialförvaltningen", "facklig representant", ORG_ALVBY},
    {"Mats", "Lindholm", "male", "Kommunledningskontoret", "ekonomichef", ORG_ALVBY},
    {"Sofia", "Ekdahl", "female", "Kommunledningskontoret", "personalchef", ORG_BERGVIKA},
};

/* ---------------------------------------------------------------- generator state */

enum { IV_TRAINING, IV_TRANSNATIONAL, IV_MAPPING, IV_COUNT };
static const char *const DEMO_IV_ID[IV_COUNT] = {"i1", "i2", "i3"};

enum { K_TRAINING, K_LECTURE, K_WORKSHOP, K_STUDY_VISIT, K_CONFERENCE, K_NETWORK, K_COUNT };
static const char *const DEMO_KIND[K_COUNT] = {"training", "lecture", "workshop", "study_visit",
                                               "conference", "network_meeting"};

enum { C_PERSONAL, C_EXTERNAL, C_TRAVEL, C_PREMISES, C_OTHER, C_PARTICIPANTS, C_COUNT };
static const char *const DEMO_CAT_ID[C_COUNT] = {"egen_personal", "externa_tjanster", "resor",
                                                 "lokaler", "ovriga", "deltagarkostnader"};
static const char *const DEMO_CAT_NAME[C_COUNT] = {"Egen personal", "Externa tjänster", "Resor",
                                                   "Lokaler", "Övriga kostnader", "Deltagarkostnader"};

#define DEMO_MAX_SESS 4
#define DEMO_PERIODS 12
#define DEMO_FIRST_YEAR 2011
#define DEMO_YEARS 4

typedef struct DemoPerson {
    uint8_t org, unit, gender; /* gender: 0 female, 1 male, 2 other, 3 unknown */
} DemoPerson;

static const char *const DEMO_GENDER[4] = {"female", "male", "other", "unknown"};

typedef struct DemoAct {
    int iv, kind, area, title, nsess;
    int64_t day[DEMO_MAX_SESS];
    int hc[DEMO_MAX_SESS];       /* hours in hundredths */
    unsigned orgmask;            /* municipalities whose staff take part */
    int weight;                  /* share of the attendance rows, in tenths */
    size_t k;                    /* participants invited */
    bool cancelled, certifies, surveyed;
    int proposal;                /* index into proposals, or -1 */
    int64_t cost_ore;            /* external cost, 0 when given by own staff */
    const char *supplier, *venue;
    unsigned order;              /* creation order, breaks ties when sorting by date */
} DemoAct;

typedef struct DemoCost {
    int64_t day, ore;
    int cat, act; /* act: activity index or -1 */
    char *text;
    unsigned order;
} DemoCost;

typedef struct DemoMember {
    size_t person;
    int64_t from, to; /* -1 = open */
    const char *role;
} DemoMember;

typedef struct DemoGroup {
    const char *id, *name, *kind;
    DemoMember m[48];
    int n;
} DemoGroup;

enum { G_STYR, G_PL, G_PG, G_AMB, G_FOKUS_VO, G_FOKUS_BOU, G_EXPERT, G_COUNT };

typedef struct Demo {
    DemoScale scale;
    DemoRng rng;
    ProgressFn progress;
    void *pctx;
    int64_t start, end;
    int64_t period_from[DEMO_PERIODS], period_to[DEMO_PERIODS];
    size_t n_people, n_acts, target_rows;
    int act_width;

    json_t *org_id[ORG_COUNT];
    json_t *session_id[DEMO_MAX_SESS];
    DemoPerson *people;
    json_t **pid;
    size_t *muni[DEMO_MUNIS];
    size_t muni_n[DEMO_MUNIS];

    DemoAct *acts;
    json_t **aid;

    DemoCost *costs;
    size_t n_costs, cap_costs;

    DemoGroup groups[G_COUNT];

    /* figures the goals and narratives refer to */
    bool *is_participant;
    size_t participants, participants_org[DEMO_MUNIS], participants_gender[4], participants_iv[IV_COUNT];
    bool *iv_seen; /* person × intervention, for participants_iv */
    size_t attendance_rows, certificates, certified_people;
    bool *certified;
    size_t scale_hits[2], scale_total[2]; /* [0] after-activity q1, [1] follow-up b1 */
    size_t acts_in_period[DEMO_PERIODS];
    size_t meetings_in_period[DEMO_PERIODS][G_COUNT]; /* held ones */
    int64_t participant_ore[DEMO_PERIODS];
    size_t amb_members;

    json_t *root;
} Demo;

static void demo_tick(Demo *d, const char *stage, size_t done, size_t total)
{
    if (d->progress)
        d->progress(d->pctx, stage, done, total);
}

/* The first study visit to Reggio Emilia: the minutes and narratives speak of it only after it. */
static int64_t demo_study_visit_day(void)
{
    return demo_ymd(2012, 10, 8);
}

static int demo_period_of(const Demo *d, int64_t day)
{
    for (int i = 0; i < DEMO_PERIODS; i++)
        if (day >= d->period_from[i] && day <= d->period_to[i])
            return i;
    return day < d->start ? 0 : DEMO_PERIODS - 1;
}

static void demo_cost(Demo *d, int64_t day, int cat, int64_t ore, int act, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Records a cost entry; ids and vouchers are given after sorting by date, as a bookkeeper
 * numbers vouchers in the order they are booked. */
static void demo_cost(Demo *d, int64_t day, int cat, int64_t ore, int act, const char *fmt, ...)
{
    if (d->n_costs == d->cap_costs) {
        d->cap_costs = d->cap_costs ? d->cap_costs * 2 : 256;
        d->costs = xrealloc(d->costs, d->cap_costs * sizeof *d->costs);
    }
    Buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (day > d->end)
        day = d->end;
    d->costs[d->n_costs] = (DemoCost){.day = day, .ore = ore, .cat = cat, .act = act,
                                      .text = buf_steal(&b), .order = (unsigned)d->n_costs};
    d->n_costs++;
}

/* ---------------------------------------------------------------- project */

/* Phases and quarterly reporting periods as in the funder's calendar: the first period runs
 * from the start to the end of 2011, the last ends with the project. */
static void demo_calendar(Demo *d)
{
    d->start = demo_ymd(2011, 9, 1);
    d->end = demo_ymd(2014, 8, 31);
    d->period_from[0] = d->start;
    d->period_to[0] = demo_ymd(2011, 12, 31);
    for (int i = 1; i < DEMO_PERIODS; i++) {
        int q = i - 1, y = 2012 + q / 4, m = 1 + 3 * (q % 4);
        d->period_from[i] = demo_ymd(y, m, 1);
        d->period_to[i] = (m == 10) ? demo_ymd(y, 12, 31) : demo_ymd(y, m + 3, 1) - 1;
    }
    d->period_to[DEMO_PERIODS - 1] = d->end; /* 2014-07-01 … 2014-08-31 */
}

static json_t *demo_project(Demo *d)
{
    json_t *p = json_object();
    demo_set(p, "id", json_string("kna"));
    demo_set(p, "name", json_string("Kompetenslyftet Norra Älvdalen"));
    demo_set(p, "diarienummer", json_string("2011-3060047"));
    demo_set(p, "owner", json_incref(d->org_id[ORG_ALVBY]));
    demo_set(p, "start", demo_day(d->start));
    demo_set(p, "end", demo_day(d->end));
    /* planned_participants is filled in by demo_goals once the figures are known */
    demo_set(p, "planned_participants", json_null());

    static const struct { const char *name; int y0, m0, d0, y9, m9, d9; } ph[] = {
        {"Mobilisering", 2011, 9, 1, 2012, 5, 31},
        {"Genomförande", 2012, 6, 1, 2014, 5, 31},
        {"Avslut", 2014, 6, 1, 2014, 8, 31},
    };
    json_t *phases = json_array();
    for (size_t i = 0; i < DEMO_N(ph); i++) {
        json_t *o = json_object();
        demo_set(o, "name", json_string(ph[i].name));
        demo_set(o, "start", demo_day(demo_ymd(ph[i].y0, ph[i].m0, ph[i].d0)));
        demo_set(o, "end", demo_day(demo_ymd(ph[i].y9, ph[i].m9, ph[i].d9)));
        json_array_append_new(phases, o);
    }
    demo_set(p, "phases", phases);

    json_t *periods = json_array();
    for (int i = 0; i < DEMO_PERIODS; i++) {
        json_t *o = json_object();
        demo_set(o, "number", json_integer(i + 1));
        demo_set(o, "from", demo_day(d->period_from[i]));
        demo_set(o, "to", demo_day(d->period_to[i]));
        json_array_append_new(periods, o);
    }
    demo_set(p, "reporting_periods", periods);

    json_t *areas = json_array();
    for (size_t i = 0; i < DEMO_N(DEMO_AREAS); i++)
        json_array_append_new(areas, json_string(DEMO_AREAS[i]));
    demo_set(p, "competence_areas", areas);

    json_t *intake = json_object();
    demo_set(intake, "paused", json_true());
    demo_set(intake, "message", json_string(
        "Projektet tar inte emot nya utbildningsförslag. De beviljade utbildningarna genomförs "
        "fram till och med maj 2014, därefter avslutas projektet."));
    demo_set(p, "proposal_intake", intake);
    return p;
}

static json_t *demo_organisations(Demo *d)
{
    json_t *arr = json_array();
    for (int i = 0; i < ORG_COUNT; i++) {
        d->org_id[i] = json_string(DEMO_ORGS[i].id);
        json_t *o = json_object();
        demo_set(o, "id", json_incref(d->org_id[i]));
        demo_set(o, "name", json_string(DEMO_ORGS[i].name));
        demo_set(o, "kind", json_string(DEMO_ORGS[i].kind));
        demo_set(o, "country", json_string(DEMO_ORGS[i].country));
        demo_set(o, "hourly_cost",
                 DEMO_ORGS[i].hourly_kr ? json_integer(DEMO_ORGS[i].hourly_kr) : json_null());
        json_array_append_new(arr, o);
    }
    return arr;
}

/* ---------------------------------------------------------------- people */

static int demo_pick_unit(DemoRng *r)
{
    int total = 0;
    for (int i = 0; i < DEMO_UNIT_COUNT; i++)
        total += DEMO_UNITS[i].weight;
    int x = (int)demo_below(r, (uint32_t)total);
    for (int i = 0; i < DEMO_UNIT_COUNT; i++) {
        if (x < DEMO_UNITS[i].weight)
            return i;
        x -= DEMO_UNITS[i].weight;
    }
    return 0;
}

static int demo_unit_index(const char *name)
{
    for (int i = 0; i < DEMO_UNIT_COUNT; i++)
        if (name && strcmp(DEMO_UNITS[i].name, name) == 0)
            return i;
    return DEMO_UNIT_COUNT; /* not a municipal unit */
}

static json_t *demo_person_obj(json_t *id, const char *name, const char *gender, json_t *org,
                               const char *unit, const char *role, const char *email)
{
    json_t *o = json_object();
    demo_set(o, "id", id);
    demo_set(o, "name", json_string(name));
    demo_set(o, "gender", json_string(gender));
    demo_set(o, "organisation", org);
    demo_set(o, "unit", demo_str(unit));
    demo_set(o, "role", demo_str(role));
    demo_set(o, "email", demo_str(email));
    return o;
}

/* The key people first (they run the project and sit in its groups), then employees of the
 * four municipalities: Älvby, the owner, is the largest. Municipal staff are mostly women. */
static json_t *demo_people(Demo *d)
{
    size_t n = d->n_people;
    d->people = xcalloc(n, sizeof *d->people);
    d->pid = xcalloc(n, sizeof *d->pid);
    for (int m = 0; m < DEMO_MUNIS; m++)
        d->muni[m] = xcalloc(n, sizeof(size_t));
    json_t *arr = json_array();
    char id[32], name[128];
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "p%05zu", i + 1);
        d->pid[i] = json_string_nocheck(id);
        DemoPerson *p = &d->people[i];
        if (i < KP_COUNT) {
            int org = DEMO_KEY[i].org;
            p->org = (uint8_t)org;
            p->gender = strcmp(DEMO_KEY[i].gender, "female") == 0 ? 0 : 1;
            p->unit = (uint8_t)demo_unit_index(DEMO_KEY[i].unit);
            snprintf(name, sizeof name, "%s %s", DEMO_KEY[i].first, DEMO_KEY[i].last);
            char email[128];
            static const char *const ascii[] = {"helena.stromberg", "jonas.wikander",
                "marianne.lovgren", "tomas.hedberg", "lena.grahn", "inga-maj.sundstrom",
                "per-olof.ragnarsson", "cecilia.ahlin", "farid.nouri", "giulia.ferrandi",
                "bengt.ivarsson", "eva-lena.marklund", "kent.olausson", "gunnel.persdotter",
                "ann-sofie.rehn", "mats.lindholm", "sofia.ekdahl"};
            static const char *const domain[ORG_COUNT] = {"alvby.se", "norrsjo.se", "bergvika.se",
                "tallmo.se", "mittuni.se", "kompetensbron.se", "cpe-emilia.it"};
            snprintf(email, sizeof email, "%s@%s", ascii[i], domain[org]);
            json_array_append_new(arr, demo_person_obj(json_incref(d->pid[i]), name,
                DEMO_KEY[i].gender, json_incref(d->org_id[org]), DEMO_KEY[i].unit,
                DEMO_KEY[i].role, email));
        } else {
            uint32_t x = demo_below(&d->rng, 100);
            int org = x < 40 ? ORG_ALVBY : x < 60 ? ORG_NORRSJO : x < 82 ? ORG_BERGVIKA : ORG_TALLMO;
            uint32_t g = demo_below(&d->rng, 1000);
            p->gender = g < 735 ? 0 : g < 985 ? 1 : g < 993 ? 2 : 3;
            p->org = (uint8_t)org;
            int unit = demo_pick_unit(&d->rng);
            p->unit = (uint8_t)unit;
            const char *first = p->gender == 0 ? DEMO_PICK(&d->rng, DEMO_FEMALE)
                              : p->gender == 1 ? DEMO_PICK(&d->rng, DEMO_MALE)
                                               : DEMO_PICK(&d->rng, DEMO_NEUTRAL);
            snprintf(name, sizeof name, "%s %s", first, DEMO_PICK(&d->rng, DEMO_LAST));
            /* enhetschef is the last role of each unit and rarer than the others */
            int role = (int)demo_below(&d->rng, 6);
            if (role == 5 && demo_chance(&d->rng, 700))
                role = (int)demo_below(&d->rng, 5);
            json_array_append_new(arr, demo_person_obj(json_incref(d->pid[i]), name,
                DEMO_GENDER[p->gender], json_incref(d->org_id[org]), DEMO_UNITS[unit].name,
                DEMO_UNITS[unit].roles[role], NULL));
        }
        if (p->org < DEMO_MUNIS && i >= KP_COUNT)
            d->muni[p->org][d->muni_n[p->org]++] = i;
        if ((i & 4095) == 4095)
            demo_tick(d, "people", i + 1, n);
    }
    demo_tick(d, "people", n, n);
    return arr;
}

/* ---------------------------------------------------------------- groups */

static void demo_member(DemoGroup *g, size_t person, int64_t from, int64_t to, const char *role)
{
    if (g->n < (int)DEMO_N(g->m))
        g->m[g->n++] = (DemoMember){person, from, to, role};
}

/* Distinct employees of a municipality for a group: a prime stride through its staff list
 * gives distinct people for distinct nth below the list's length. */
static size_t demo_staff(Demo *d, int muni, size_t nth)
{
    size_t n = d->muni_n[muni];
    size_t stride = n % 7919u ? 7919u : 7927u;
    return d->muni[muni][(nth * stride + 13u) % n];
}

/* The groups of the minutes and reports: steering group (one member replaced mid-project),
 * project management, the regional project group, ambassadors (fewer than the 40 planned,
 * one replaced), two focus groups of the competence mapping and the expert group. */
static json_t *demo_groups(Demo *d)
{
    DemoGroup *g = d->groups;
    int64_t s = d->start, open = -1, swap = demo_ymd(2013, 3, 1);
    g[G_STYR] = (DemoGroup){.id = "styrgrupp", .name = "Styrgrupp", .kind = "steering"};
    demo_member(&g[G_STYR], KP_STYR0, s, open, "ordförande");
    demo_member(&g[G_STYR], KP_STYR0 + 1, s, open, NULL);
    demo_member(&g[G_STYR], KP_STYR0 + 2, s, swap - 1, NULL);
    demo_member(&g[G_STYR], KP_STYR_NEW, swap, open, NULL);
    demo_member(&g[G_STYR], KP_STYR0 + 3, s, open, NULL);
    demo_member(&g[G_STYR], KP_STYR0 + 4, s, open, "facklig representant");
    demo_member(&g[G_STYR], KP_STYR0 + 5, s, open, "projektägarens ekonom");
    demo_member(&g[G_STYR], KP_PL, s, open, "föredragande");

    g[G_PL] = (DemoGroup){.id = "projektledning", .name = "Projektledningsgrupp", .kind = "project"};
    demo_member(&g[G_PL], KP_PL, s, open, "projektledare");
    demo_member(&g[G_PL], KP_EKONOM, s, open, "projektekonom");
    for (int m = 0; m < DEMO_MUNIS; m++)
        demo_member(&g[G_PL], (size_t)(KP_KOORD0 + m), s, open, "projektkoordinator");

    g[G_PG] = (DemoGroup){.id = "projektgrupp", .name = "Regional projektgrupp", .kind = "project"};
    demo_member(&g[G_PG], KP_PL, s, open, "sammankallande");
    for (int m = 0; m < DEMO_MUNIS; m++) {
        demo_member(&g[G_PG], (size_t)(KP_KOORD0 + m), s, open, "projektkoordinator");
        demo_member(&g[G_PG], demo_staff(d, m, 1), s, open, "verksamhetsrepresentant");
    }

    g[G_AMB] = (DemoGroup){.id = "ambassadorer", .name = "Ambassadörer", .kind = "ambassadors"};
    int64_t amb = demo_ymd(2012, 9, 1), amb_swap = demo_ymd(2013, 7, 1);
    static const int per_muni[DEMO_MUNIS] = {10, 6, 6, 5};
    for (int m = 0; m < DEMO_MUNIS; m++)
        for (int i = 0; i < per_muni[m]; i++) {
            size_t p = demo_staff(d, m, (size_t)(10 + i));
            if (m == 1 && i == 2) {
                demo_member(&g[G_AMB], p, amb, amb_swap - 1, "ambassadör");
                demo_member(&g[G_AMB], demo_staff(d, m, 25), amb_swap, open, "ambassadör");
            } else {
                demo_member(&g[G_AMB], p, amb, open, "ambassadör");
            }
        }
    d->amb_members = 27;

    int64_t f0 = demo_ymd(2011, 10, 1), f1 = demo_ymd(2012, 3, 31), fswap = demo_ymd(2012, 2, 1);
    g[G_FOKUS_VO] = (DemoGroup){.id = "fokus_vo", .name = "Fokusgrupp vård och omsorg", .kind = "focus"};
    g[G_FOKUS_BOU] = (DemoGroup){.id = "fokus_bou", .name = "Fokusgrupp förskola och skola", .kind = "focus"};
    for (int i = 0; i < 8; i++) {
        size_t a = demo_staff(d, i % DEMO_MUNIS, (size_t)(30 + i));
        size_t b = demo_staff(d, i % DEMO_MUNIS, (size_t)(50 + i));
        if (i == 3) {
            demo_member(&g[G_FOKUS_VO], a, f0, fswap - 1, NULL);
            demo_member(&g[G_FOKUS_VO], demo_staff(d, 3, 45), fswap, f1, NULL);
        } else {
            demo_member(&g[G_FOKUS_VO], a, f0, f1, NULL);
        }
        demo_member(&g[G_FOKUS_BOU], b, f0, f1, NULL);
    }

    g[G_EXPERT] = (DemoGroup){.id = "expertgrupp", .name = "Expertgrupp", .kind = "expert"};
    demo_member(&g[G_EXPERT], KP_EVAL, demo_ymd(2012, 1, 1), open, "forskare");
    demo_member(&g[G_EXPERT], KP_PL, demo_ymd(2012, 1, 1), open, NULL);
    demo_member(&g[G_EXPERT], KP_STYR0, demo_ymd(2012, 1, 1), open, NULL);
    demo_member(&g[G_EXPERT], KP_TRAINER1, demo_ymd(2012, 1, 1), open, "processledare");
    demo_member(&g[G_EXPERT], KP_ABROAD, demo_ymd(2012, 10, 1), open, "transnationell partner");

    json_t *arr = json_array();
    for (int i = 0; i < G_COUNT; i++) {
        json_t *o = json_object(), *mem = json_array();
        demo_set(o, "id", json_string(g[i].id));
        demo_set(o, "name", json_string(g[i].name));
        demo_set(o, "kind", json_string(g[i].kind));
        for (int j = 0; j < g[i].n; j++) {
            json_t *m = json_object();
            demo_set(m, "person", json_incref(d->pid[g[i].m[j].person]));
            demo_set(m, "from", g[i].m[j].from < 0 ? json_null() : demo_day(g[i].m[j].from));
            demo_set(m, "to", g[i].m[j].to < 0 ? json_null() : demo_day(g[i].m[j].to));
            demo_set(m, "role", demo_str(g[i].m[j].role));
            json_array_append_new(mem, m);
        }
        demo_set(o, "members", mem);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *demo_interventions(Demo *d)
{
    static const struct { const char *title; int y, m, dd; bool counts; } iv[IV_COUNT] = {
        {"Utbildningsinsatser", 2012, 6, 1, true},
        {"Transnationellt utbyte", 2011, 11, 1, true},
        {"Kompetenskartläggning", 2011, 10, 1, false},
    };
    json_t *arr = json_array();
    for (int i = 0; i < IV_COUNT; i++) {
        json_t *o = json_object();
        demo_set(o, "id", json_string(DEMO_IV_ID[i]));
        demo_set(o, "title", json_string(iv[i].title));
        demo_set(o, "start", demo_day(demo_ymd(iv[i].y, iv[i].m, iv[i].dd)));
        /* planned figures are set in demo_goals, next to the project's */
        demo_set(o, "planned_participants", json_null());
        /* completed_on is set by demo_complete_interventions once the sessions are planned */
        demo_set(o, "completed_on", json_null());
        demo_set(o, "counts_participants", json_boolean(iv[i].counts));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* Each intervention is completed on the day of its last session that took place, as a
 * project manager would record it: so a lägesrapport before that day says "Nej". */
static void demo_complete_interventions(Demo *d)
{
    int64_t last[IV_COUNT];
    for (int i = 0; i < IV_COUNT; i++)
        last[i] = -1;
    for (size_t a = 0; a < d->n_acts; a++) {
        const DemoAct *act = &d->acts[a];
        for (int s = 0; !act->cancelled && s < act->nsess; s++)
            if (act->day[s] > last[act->iv])
                last[act->iv] = act->day[s];
    }
    json_t *arr = json_object_get(d->root, "interventions");
    for (int i = 0; i < IV_COUNT; i++)
        if (last[i] >= 0)
            json_object_set_new_nocheck(json_array_get(arr, (size_t)i), "completed_on",
                                        demo_day(last[i]));
}

/* ---------------------------------------------------------------- activities: the plan */

/* Titles per competence area: [0..5] trainings and workshops, [6..8] lectures. */
static const char *const DEMO_TITLES[4][9] = {
    {"Ärendehanteringssystemet – grundkurs", "Excel för administratörer", "Digital dokumentation med surfplatta",
     "Informationssäkerhet i vardagen", "Intranätet som kanal för internkommunikation",
     "Sociala medier i kommunens kommunikation", "Föreläsning: Den digitala medarbetaren",
     "Föreläsning: E-tjänster och medborgarens förväntningar", "Inspirationsföreläsning om webbtillgänglighet"},
    {"Bemötande i receptionen och i telefon", "Klarspråk – skriv så att medborgaren förstår",
     "Hot och våld i arbetet – förebyggande och hantering", "Engelska för kundmöten",
     "Konflikthantering i arbetsgruppen", "Bemötande av personer med neuropsykiatriska funktionsnedsättningar",
     "Föreläsning: Det goda mötet", "Föreläsning: Normkritiskt bemötande",
     "Föreläsning: Tillgänglighet för alla"},
    {"Social dokumentation enligt SoL", "Handledarutbildning för arbetsplatsförlagt lärande",
     "Kreativitet i arbetslaget", "Reflekterande samtal som arbetsmetod",
     "Offentlig upphandling – grundkurs", "Validering av reell kompetens",
     "Föreläsning: Lärande i vardagen", "Föreläsning: Kreativitet och arbetsglädje",
     "Föreläsning: Den lärande organisationen"},
    {"Coachande ledarskap", "Arbetsrätt för chefer", "Hållbar social arbetsmiljö",
     "Att leda i förändring", "Medarbetarsamtal som verktyg", "Aspirantprogram för blivande chefer",
     "Föreläsning: Ledarskap och jämställdhet", "Föreläsning: Tillitsbaserad styrning",
     "Chefsdag: Att leda en lärande verksamhet"},
};

static const char *const DEMO_SUPPLIERS[] = {"Lärande Norr AB", "Mittlands universitet, uppdragsutbildning",
                                             "Dialogakademin AB", "Vårdkunskap i Norr AB"};
static const char *const DEMO_LECTURERS[] = {"Föreläsare Maja Engvall, fil.dr", "Föreläsare Rune Tidholm",
                                             "Föreläsare Nadia Berggren, leg. psykolog",
                                             "Föreläsare Olle Sandin, SKL-nätverket"};

static const char *demo_venue(DemoRng *r, int muni, int kind, int area, char *buf, size_t n)
{
    static const char *const rooms[] = {"Kommunhuset, sammanträdesrum Älven", "Biblioteket, mellansalen",
                                        "Folkets hus, stora salen", "Medborgarhuset, konferensrum Forsen"};
    const char *place = DEMO_ORGS[muni].place;
    if (area == 0 && kind == K_TRAINING)
        snprintf(buf, n, "Datasalen, %s gymnasieskola", place);
    else if (kind == K_CONFERENCE || kind == K_LECTURE)
        snprintf(buf, n, "Folkets hus, stora salen, %s", place);
    else
        snprintf(buf, n, "%s, %s", DEMO_PICK(r, rooms), place);
    return buf;
}

/* A municipality drawn by the size of its staff, so bigger partners host more. */
static int demo_pick_muni(Demo *d)
{
    size_t total = 0;
    for (int m = 0; m < DEMO_MUNIS; m++)
        total += d->muni_n[m];
    size_t x = demo_below(&d->rng, (uint32_t)total);
    for (int m = 0; m < DEMO_MUNIS; m++) {
        if (x < d->muni_n[m])
            return m;
        x -= d->muni_n[m];
    }
    return 0;
}

static int demo_first_muni(unsigned mask)
{
    for (int m = 0; m < DEMO_MUNIS; m++)
        if (mask & (1u << m))
            return m;
    return 0;
}

/* Session times that match the hours: a full day has an hour's lunch. */
static void demo_times(int hc, int64_t day, char start[6], char end[6])
{
    switch (hc) {
    case 700: strcpy(start, "08:30"); strcpy(end, "16:30"); break;
    case 600: strcpy(start, "09:00"); strcpy(end, "16:00"); break;
    case 500: strcpy(start, "09:00"); strcpy(end, "15:00"); break;
    case 350: if (day % 2) { strcpy(start, "08:30"); strcpy(end, "12:00"); }
              else { strcpy(start, "13:00"); strcpy(end, "16:30"); } break;
    case 300: strcpy(start, "09:00"); strcpy(end, "12:00"); break;
    case 250: strcpy(start, "13:00"); strcpy(end, "15:30"); break;
    case 225: strcpy(start, "13:15"); strcpy(end, "15:30"); break;
    case 200: strcpy(start, "14:00"); strcpy(end, "16:00"); break;
    default: strcpy(start, "13:30"); strcpy(end, "15:00"); break; /* 1.5 h */
    }
}

static void demo_sessions(Demo *d, DemoAct *a, int64_t day0, int gap_lo, int gap_hi, int hc)
{
    int64_t day = demo_workday(day0);
    for (int s = 0; s < a->nsess; s++) {
        a->day[s] = day;
        a->hc[s] = hc;
        day = gap_lo == 1 ? day + 1 : demo_workday(day + demo_range(&d->rng, gap_lo, gap_hi));
    }
}

static int demo_act_cmp(const void *pa, const void *pb)
{
    const DemoAct *a = pa, *b = pb;
    if (a->day[0] != b->day[0])
        return a->day[0] < b->day[0] ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Plans every activity — kind, area, sessions, organisations, supplier, cost — and sorts
 * them by date so that a001 is the first thing the project did. The competence mapping
 * comes in the mobilisation phase, trainings in the implementation phase, and the study
 * visit to the Italian partner in October 2012. */
static void demo_plan(Demo *d)
{
    size_t n = d->n_acts;
    size_t n_map = n * 3 / 100 < 6 ? 6 : n * 3 / 100;
    size_t n_tn = n / 100 < 3 ? 3 : n / 100;
    d->acts = xcalloc(n, sizeof *d->acts);
    char vbuf[160];
    int64_t tr_lo = demo_ymd(2012, 8, 20), tr_hi = demo_ymd(2014, 4, 30);
    for (size_t i = 0; i < n; i++) {
        DemoAct *a = &d->acts[i];
        a->order = (unsigned)i;
        a->proposal = -1;
        a->area = -1;
        if (i < n_map) {
            a->iv = IV_MAPPING;
            a->kind = K_WORKSHOP;
            a->nsess = 1;
            int m = (int)(i % DEMO_MUNIS);
            a->orgmask = 1u << m;
            a->title = (int)(i % 2);
            demo_sessions(d, a, demo_range(&d->rng, demo_ymd(2011, 10, 3), demo_ymd(2012, 4, 20)), 7, 7, 300);
            a->weight = 6;
            a->supplier = "Processledare för kompetenskartläggningen";
            snprintf(vbuf, sizeof vbuf, "Kommunhuset, %s", DEMO_ORGS[m].place);
            a->venue = xstrdup(vbuf);
        } else if (i < n_map + n_tn) {
            size_t t = i - n_map;
            a->iv = IV_TRANSNATIONAL;
            a->orgmask = 0xfu;
            int kind = t == 0 ? K_STUDY_VISIT : t == 1 ? K_WORKSHOP : t == 2 ? K_NETWORK
                     : (t % 3 == 0 ? K_STUDY_VISIT : K_NETWORK);
            a->kind = kind;
            a->area = kind == K_STUDY_VISIT ? 2 : 1;
            a->title = (int)t;
            int64_t when = t == 0 ? demo_study_visit_day() : t == 1 ? demo_ymd(2013, 5, 14)
                         : t == 2 ? demo_ymd(2014, 3, 12) : demo_range(&d->rng, tr_lo, tr_hi);
            if (kind == K_STUDY_VISIT) {
                a->nsess = 4;
                if (t != 0)
                    when -= demo_weekday(when); /* a study visit starts on a Monday */
                demo_sessions(d, a, when, 1, 1, 700);
                a->k = (size_t)demo_range(&d->rng, 16, 22);
                a->venue = xstrdup("Reggio Emilia, Italien");
                a->supplier = "Centro Pedagogico Emiliano (värd)";
                a->cost_ore = (int64_t)a->k * demo_range(&d->rng, 90, 120) * 10000;
            } else {
                a->nsess = 1;
                demo_sessions(d, a, when, 7, 7, kind == K_WORKSHOP ? 500 : 200);
                a->weight = kind == K_WORKSHOP ? 12 : 4;
                a->venue = xstrdup(kind == K_WORKSHOP ? "Kulturhuset, Älvby" : "Videokonferens Älvby–Reggio Emilia");
                a->supplier = "Centro Pedagogico Emiliano";
            }
        } else {
            a->iv = IV_TRAINING;
            uint32_t x = demo_below(&d->rng, 100);
            a->kind = x < 58 ? K_TRAINING : x < 73 ? K_LECTURE : x < 88 ? K_WORKSHOP
                    : x < 94 ? K_CONFERENCE : K_NETWORK;
            uint32_t y = demo_below(&d->rng, 100);
            a->area = y < 30 ? 0 : y < 60 ? 1 : y < 82 ? 2 : 3;
            a->title = a->kind == K_LECTURE || a->kind == K_CONFERENCE ? 6 + (int)demo_below(&d->rng, 3)
                                                                      : (int)demo_below(&d->rng, 6);
            int hc;
            switch (a->kind) {
            case K_TRAINING: {
                uint32_t z = demo_below(&d->rng, 100);
                a->nsess = z < 30 ? 1 : z < 65 ? 2 : z < 85 ? 3 : 4;
                static const int hcs[] = {700, 350, 350, 300, 700};
                hc = DEMO_PICK(&d->rng, hcs);
                a->weight = 10;
                break;
            }
            case K_LECTURE: {
                static const int hcs[] = {225, 250, 300, 225};
                a->nsess = 1;
                hc = DEMO_PICK(&d->rng, hcs);
                a->weight = 18;
                break;
            }
            case K_WORKSHOP:
                a->nsess = 1 + (int)demo_below(&d->rng, 2);
                hc = 350;
                a->weight = 8;
                break;
            case K_CONFERENCE:
                a->nsess = 1 + (int)demo_below(&d->rng, 2);
                hc = 600;
                a->weight = 22;
                break;
            default:
                a->nsess = 1;
                hc = demo_chance(&d->rng, 500) ? 200 : 150;
                a->weight = 5;
                break;
            }
            demo_sessions(d, a, demo_range(&d->rng, tr_lo, tr_hi), 7, 28, hc);
            if (a->kind == K_LECTURE || a->kind == K_CONFERENCE) {
                a->orgmask = 0xfu;
            } else {
                uint32_t z = demo_below(&d->rng, 100);
                int m = demo_pick_muni(d);
                a->orgmask = 1u << m;
                if (z >= 50)
                    a->orgmask |= 1u << ((m + 1 + (int)demo_below(&d->rng, 3)) % DEMO_MUNIS);
                if (z >= 80)
                    a->orgmask = 0xfu;
            }
            int host = demo_first_muni(a->orgmask);
            if (a->kind == K_CONFERENCE)
                host = ORG_ALVBY;
            a->venue = xstrdup(demo_venue(&d->rng, host, a->kind, a->area, vbuf, sizeof vbuf));
            int hours = 0;
            for (int s = 0; s < a->nsess; s++)
                hours += a->hc[s];
            uint32_t z = demo_below(&d->rng, 100);
            if (a->kind == K_LECTURE) {
                a->supplier = DEMO_PICK(&d->rng, DEMO_LECTURERS);
                a->cost_ore = demo_range(&d->rng, 120, 350) * 10000;
            } else if (a->kind == K_CONFERENCE) {
                a->supplier = "Kompetensbron AB";
                a->cost_ore = demo_range(&d->rng, 40, 90) * 100000;
            } else if (a->kind == K_NETWORK || z < 25) {
                a->supplier = "Intern utbildare";
                a->cost_ore = 0; /* own staff: the cost is in Egen personal */
            } else {
                a->supplier = z < 75 ? "Kompetensbron AB" : DEMO_PICK(&d->rng, DEMO_SUPPLIERS);
                /* hundredths of hours × kronor per hour = öre; 1,200–2,200 kr/h */
                a->cost_ore = (int64_t)hours * demo_range(&d->rng, 1200, 2200);
                a->cost_ore = a->cost_ore / 10000 * 10000 + 10000;
            }
            if (a->kind == K_TRAINING && a->nsess >= 2 && (a->area == 0 || a->area == 2))
                a->certifies = demo_chance(&d->rng, 600);
            else if (a->kind == K_TRAINING && a->area == 1)
                a->certifies = demo_chance(&d->rng, 200);
        }
        if (a->iv != IV_MAPPING)
            a->surveyed = a->kind == K_STUDY_VISIT || demo_chance(&d->rng, 350);
    }
    qsort(d->acts, n, sizeof *d->acts, demo_act_cmp);

    /* One booked training was cancelled (the trainer fell ill and no date could be found
     * before the summer) — the first training in the spring of 2013. */
    int64_t spring = demo_ymd(2013, 4, 1);
    for (size_t i = 0; i < n; i++) {
        DemoAct *a = &d->acts[i];
        if (a->iv == IV_TRAINING && a->kind == K_TRAINING && a->day[0] >= spring) {
            a->cancelled = true;
            a->certifies = a->surveyed = false;
            a->weight = 0;
            break;
        }
    }

    /* Spread the attendance rows over the activities by weight, adapting as we go so the
     * total lands on the scale's figure. */
    size_t remaining = d->target_rows;
    int64_t wsum = 0;
    for (size_t i = 0; i < n; i++) {
        DemoAct *a = &d->acts[i];
        if (a->k && !a->cancelled)
            remaining -= a->k * (size_t)a->nsess;
        else if (!a->cancelled)
            wsum += (int64_t)a->weight * a->nsess;
    }
    for (size_t i = 0; i < n; i++) {
        DemoAct *a = &d->acts[i];
        if (a->cancelled) {
            a->k = 0;
            continue;
        }
        if (a->k)
            continue;
        int64_t w = (int64_t)a->weight * a->nsess;
        double share = wsum > 0 ? (double)remaining * (double)w / (double)wsum : 0;
        share *= (double)demo_range(&d->rng, 75, 125) / 100.0;
        if (i + 1 == n || wsum == w)
            share = (double)remaining;
        size_t k = (size_t)(share / a->nsess + 0.5);
        size_t pool = 0;
        for (int m = 0; m < DEMO_MUNIS; m++)
            if (a->orgmask & (1u << m))
                pool += d->muni_n[m];
        if (k < 4)
            k = 4;
        if (k > pool)
            k = pool;
        a->k = k;
        size_t rows = k * (size_t)a->nsess;
        remaining = remaining > rows ? remaining - rows : 0;
        wsum -= w;
    }
}

/* ---------------------------------------------------------------- activities: the records */

static const char *demo_act_title(const Demo *d, const DemoAct *a, int *counts, char *buf, size_t n)
{
    (void)d;
    if (a->iv == IV_MAPPING) {
        int m = demo_first_muni(a->orgmask);
        snprintf(buf, n, a->title == 0 ? "Fokusgruppsträff om kompetensbehov, %s"
                                       : "Kartläggningsworkshop: framtidens nyckelkompetenser, %s",
                 DEMO_ORGS[m].place);
        return buf;
    }
    if (a->iv == IV_TRANSNATIONAL) {
        const char *t = a->kind == K_STUDY_VISIT
            ? (a->title == 0 ? "Studieresa till Reggio Emilia – kost, pedagogik och barns inflytande"
                             : "Studieresa till Reggio Emilia – uppföljning")
            : a->kind == K_WORKSHOP ? "Workshop med Centro Pedagogico Emiliano om barns och ungas inflytande"
                                    : "Nätverksträff med den italienska partnern";
        snprintf(buf, n, "%s", t);
        return buf;
    }
    int c = ++counts[a->area * 9 + a->title];
    const char *t = DEMO_TITLES[a->area][a->title];
    if (a->kind == K_CONFERENCE)
        snprintf(buf, n, "Temadag: %s%s", strncmp(t, "Föreläsning: ", 13) == 0 ? t + 13 : t, "");
    else if (a->kind == K_NETWORK)
        snprintf(buf, n, "Nätverksträff: %s", t);
    else
        snprintf(buf, n, "%s", t);
    if (c > 1) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, ", omgång %d", c);
    }
    return buf;
}

/* Index j of the pool formed by the staff of the municipalities in mask. */
static size_t demo_pool_at(const Demo *d, unsigned mask, size_t j)
{
    for (int m = 0; m < DEMO_MUNIS; m++) {
        if (!(mask & (1u << m)))
            continue;
        if (j < d->muni_n[m])
            return d->muni[m][j];
        j -= d->muni_n[m];
    }
    return 0;
}

static size_t demo_gcd(size_t a, size_t b)
{
    while (b) {
        size_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Answer on a 1–5 scale from a cumulative distribution in per mille. */
static int demo_scale(DemoRng *r, const int cum[4])
{
    int x = (int)demo_below(r, 1000);
    for (int i = 0; i < 4; i++)
        if (x < cum[i])
            return i + 1;
    return 5;
}

/* A response carries organisation and gender, each left out now and then as the form allows;
 * the import keeps them only where the anonymity rule lets them stay (survey.h). */
static json_t *demo_response(Demo *d, size_t n, size_t person)
{
    json_t *r = json_object();
    char id[32];
    snprintf(id, sizeof id, "r%zu", n);
    demo_set(r, "id", json_string_nocheck(id));
    const DemoPerson *p = &d->people[person];
    demo_set(r, "organisation", demo_chance(&d->rng, 90) ? json_null() : json_incref(d->org_id[p->org]));
    demo_set(r, "gender", demo_chance(&d->rng, 70) ? json_null() : json_string(DEMO_GENDER[p->gender]));
    return r;
}

static const char *const DEMO_FREE_TEXT[] = {
    "Mer tid för praktiska övningar hade varit bra.",
    "Bra att träffa kollegor från de andra kommunerna.",
    "Lokalen var för trång och det var svårt att höra.",
    "Utbildaren var mycket kunnig och lyhörd.",
    "Jag vill gärna ha en uppföljning om ett halvår.",
    "Materialet borde skickas ut i förväg.",
    "Kändes relevant för mitt dagliga arbete.",
    "Svårt att komma ifrån verksamheten en hel dag.",
};

typedef struct DemoOut {
    json_t *activities, *proposals, *surveys, *certificates;
    json_t *aa_questions; /* shared by every after-activity survey */
    size_t n_proposals, n_responses_total;
} DemoOut;

static json_t *demo_history(json_t *hist, Demo *d, int64_t day, const char *status, json_t *by, const char *note)
{
    (void)d;
    json_t *h = json_object();
    demo_set(h, "date", demo_day(day));
    demo_set(h, "status", json_string(status));
    demo_set(h, "by", by ? by : json_null());
    demo_set(h, "note", demo_str(note));
    json_array_append_new(hist, h);
    return hist;
}

static json_t *demo_proposal_obj(Demo *d, DemoOut *out, const char *title, int area, int muni,
                                 int64_t sub, size_t est, const char *status)
{
    char id[32];
    snprintf(id, sizeof id, "f%0*zu", d->act_width, ++out->n_proposals);
    int unit = demo_pick_unit(&d->rng);
    json_t *o = json_object();
    demo_set(o, "id", json_string_nocheck(id));
    demo_set(o, "title", json_string(title));
    demo_set(o, "area", area >= 0 ? json_string(DEMO_AREAS[area]) : json_null());
    demo_set(o, "organisation", json_incref(d->org_id[muni]));
    demo_set(o, "unit", json_string(DEMO_UNITS[unit].name));
    demo_set(o, "description", demo_fmt("Önskemål från %s i %s. Behovet har kommit fram i "
        "arbetsplatsträffar och i kompetenskartläggningen.", DEMO_UNITS[unit].name, DEMO_ORGS[muni].name));
    demo_set(o, "submitted", demo_day(sub));
    demo_set(o, "estimated_participants", json_integer((json_int_t)est));
    demo_set(o, "status", json_string(status));
    json_t *hist = json_array();
    size_t who = demo_staff(d, muni, 2 + demo_below(&d->rng, 40));
    demo_history(hist, d, sub, "submitted", json_incref(d->pid[who]), NULL);
    demo_set(o, "history", hist);
    json_array_append_new(out->proposals, o);
    return hist;
}

/* Turns the plan into activity records with sessions and attendance, and along the way the
 * proposals they came from, the certificates earned and the after-activity surveys. */
static void demo_activities(Demo *d, DemoOut *out)
{
    size_t n = d->n_acts;
    d->aid = xcalloc(n, sizeof *d->aid);
    int counts[4 * 9] = {0};
    char buf[256], id[24];
    size_t cert_no = 0;
    /* The standard evaluation's questions, as a survey made from its template asks them. */
    out->aa_questions = survey_template_questions("after_activity");
    static const int q1_cum[4] = {50, 190, 480, 800};
    static const int q2_cum[4] = {70, 230, 520, 830};

    for (size_t i = 0; i < n; i++) {
        DemoAct *a = &d->acts[i];
        snprintf(id, sizeof id, "a%0*zu", d->act_width, i + 1);
        d->aid[i] = json_string_nocheck(id);
        const char *title = demo_act_title(d, a, counts, buf, sizeof buf);
        bool counted = a->iv != IV_MAPPING && !a->cancelled;
        int host = demo_first_muni(a->orgmask);

        /* the proposal: units propose trainings and workshops; lectures, theme days and
         * the transnational work are planned centrally */
        json_t *prop = json_null();
        if (a->iv == IV_TRAINING && (a->kind == K_TRAINING || a->kind == K_WORKSHOP)) {
            int64_t sub = a->day[0] - demo_range(&d->rng, 45, 150);
            if (sub < d->start + 30)
                sub = d->start + 30 + (int64_t)demo_below(&d->rng, 20);
            json_t *hist = demo_proposal_obj(d, out, title, a->area, host, sub,
                                             (a->k + 4) / 5 * 5 + 5, "approved");
            int64_t fwd = sub + demo_range(&d->rng, 3, 12);
            int64_t ok = fwd + demo_range(&d->rng, 5, 18);
            if (ok >= a->day[0])
                ok = a->day[0] - 3;
            if (fwd > ok)
                fwd = ok;
            demo_history(hist, d, fwd, "forwarded", json_incref(d->pid[KP_KOORD0 + host]),
                         "Vidarebefordrat till projektledningen; flera arbetslag har samma behov.");
            demo_history(hist, d, ok, "approved", json_incref(d->pid[KP_PL]),
                         "Godkänt av projektledningen. Bokning av utbildare och lokal kan göras.");
            json_t *last = json_array_get(out->proposals, json_array_size(out->proposals) - 1);
            prop = json_incref(json_object_get(last, "id"));
        }

        json_t *o = json_object();
        demo_set(o, "id", json_incref(d->aid[i]));
        demo_set(o, "title", json_string(title));
        demo_set(o, "intervention", json_string(DEMO_IV_ID[a->iv]));
        demo_set(o, "proposal", prop);
        demo_set(o, "kind", json_string(DEMO_KIND[a->kind]));
        demo_set(o, "area", a->area >= 0 ? json_string(DEMO_AREAS[a->area]) : json_null());
        json_t *orgs = json_array();
        for (int m = 0; m < DEMO_MUNIS; m++)
            if (a->orgmask & (1u << m))
                json_array_append(orgs, d->org_id[m]);
        if (a->iv == IV_TRANSNATIONAL)
            json_array_append(orgs, d->org_id[ORG_ABROAD]);
        demo_set(o, "organisations", orgs);
        demo_set(o, "supplier", json_string(a->supplier));
        demo_set(o, "venue", json_string(a->venue));
        demo_set(o, "planned_participants", json_integer((json_int_t)(a->cancelled ? 20 : (a->k + 4) / 5 * 5)));
        demo_set(o, "status", json_string(a->cancelled ? "cancelled" : "held"));
        demo_set(o, "cost", a->cost_ore && !a->cancelled ? demo_money(a->cost_ore) : json_null());
        /* a lecture, a conference or a network meeting gives none: a later correction of its
         * attendance must not issue any (certificate.h) */
        demo_set(o, "gives_certificates", json_boolean(a->certifies));

        json_t *sess = json_array();
        for (int s = 0; s < a->nsess; s++) {
            char t0[6], t1[6];
            demo_times(a->hc[s], a->day[s], t0, t1);
            json_t *so = json_object();
            demo_set(so, "id", json_incref(d->session_id[s]));
            demo_set(so, "date", demo_day(a->day[s]));
            demo_set(so, "start", json_string_nocheck(t0));
            demo_set(so, "end", json_string_nocheck(t1));
            demo_set(so, "hours", demo_hours(a->hc[s]));
            json_array_append_new(sess, so);
        }
        demo_set(o, "sessions", sess);

        /* attendance: k distinct people of the pool, by a stride coprime with its size */
        json_t *att = json_array();
        size_t pool = 0;
        for (int m = 0; m < DEMO_MUNIS; m++)
            if (a->orgmask & (1u << m))
                pool += d->muni_n[m];
        size_t start = demo_below(&d->rng, (uint32_t)pool);
        size_t stride = 1 + demo_below(&d->rng, (uint32_t)pool);
        while (demo_gcd(stride, pool) != 1)
            stride++;
        json_t *survey = NULL, *responses = NULL;
        if (a->surveyed && !a->cancelled) {
            survey = json_object();
            snprintf(id, sizeof id, "enk-a%0*zu", d->act_width, i + 1);
            demo_set(survey, "id", json_string_nocheck(id));
            demo_set(survey, "title", demo_fmt("Utvärdering: %s", title));
            demo_set(survey, "kind", json_string("after_activity"));
            demo_set(survey, "activity", json_incref(d->aid[i]));
            demo_set(survey, "date", demo_day(a->day[a->nsess - 1]));
            demo_set(survey, "questions", json_incref(out->aa_questions));
            responses = json_array();
        }
        int64_t last = a->day[a->nsess - 1];
        for (size_t j = 0; j < a->k; j++) {
            size_t p = demo_pool_at(d, a->orgmask, (start + j * stride) % pool);
            const DemoPerson *pp = &d->people[p];
            int present = 0;
            for (int s = 0; s < a->nsess; s++) {
                bool here = demo_chance(&d->rng, a->iv == IV_MAPPING ? 950 : a->kind == K_STUDY_VISIT ? 985 : 900);
                json_t *r = json_object();
                demo_set(r, "person", json_incref(d->pid[p]));
                demo_set(r, "session", json_incref(d->session_id[s]));
                demo_set(r, "present", json_boolean(here));
                json_array_append_new(att, r);
                d->attendance_rows++;
                if (here) {
                    present++;
                    if (counted)
                        d->participant_ore[demo_period_of(d, a->day[s])] +=
                            (int64_t)a->hc[s] * DEMO_ORGS[pp->org].hourly_kr;
                }
            }
            if (!present || !counted)
                continue;
            if (!d->is_participant[p]) {
                d->is_participant[p] = true;
                d->participants++;
                d->participants_org[pp->org]++;
                d->participants_gender[pp->gender]++;
            }
            if (!d->iv_seen[p * IV_COUNT + (size_t)a->iv]) {
                d->iv_seen[p * IV_COUNT + (size_t)a->iv] = true;
                d->participants_iv[a->iv]++;
            }
            if (a->certifies && present * 5 >= a->nsess * 4) {
                json_t *c = json_object();
                snprintf(id, sizeof id, "c%0*zu", d->scale == DEMO_LARGE ? 6 : 5, ++cert_no);
                demo_set(c, "id", json_string_nocheck(id));
                demo_set(c, "title", demo_fmt("Intyg: %s", title));
                demo_set(c, "person", json_incref(d->pid[p]));
                demo_set(c, "activity", json_incref(d->aid[i]));
                int64_t issued = last + 14 > d->end ? d->end : last + 14;
                demo_set(c, "issued", demo_day(issued));
                json_array_append_new(out->certificates, c);
                d->certificates++;
                if (!d->certified[p]) {
                    d->certified[p] = true;
                    d->certified_people++;
                }
            }
            if (responses && demo_chance(&d->rng, 550)) {
                json_t *r = demo_response(d, json_array_size(responses) + 1, p);
                json_t *ans = json_object();
                int q1 = demo_scale(&d->rng, q1_cum);
                demo_set(ans, "q1", json_integer(q1));
                d->scale_total[0]++;
                d->scale_hits[0] += q1 >= 2;
                demo_set(ans, "q2", json_integer(demo_scale(&d->rng, q2_cum)));
                demo_set(ans, "q3", json_boolean(demo_chance(&d->rng, 880)));
                if (demo_chance(&d->rng, 250))
                    demo_set(ans, "q4", json_string(DEMO_PICK(&d->rng, DEMO_FREE_TEXT)));
                demo_set(r, "answers", ans);
                json_array_append_new(responses, r);
                out->n_responses_total++;
            }
        }
        demo_set(o, "attendance", att);
        json_array_append_new(out->activities, o);
        if (survey) {
            demo_set(survey, "responses", responses);
            json_array_append_new(out->surveys, survey);
        }
        /* As the report counts them: every activity held with a session in the period. */
        if (!a->cancelled) {
            bool seen[DEMO_PERIODS] = {false};
            for (int s = 0; s < a->nsess; s++)
                seen[demo_period_of(d, a->day[s])] = true;
            for (int p = 0; p < DEMO_PERIODS; p++)
                d->acts_in_period[p] += seen[p];
        }

        /* the invoices and rents that follow an activity */
        if (a->cost_ore && !a->cancelled)
            demo_cost(d, last + demo_range(&d->rng, 10, 30), a->kind == K_STUDY_VISIT ? C_TRAVEL : C_EXTERNAL,
                      a->cost_ore, (int)i, "%s: %s", a->kind == K_STUDY_VISIT ? "Resa och logi" : a->supplier, title);
        if ((a->kind == K_LECTURE || a->kind == K_CONFERENCE) && !a->cancelled)
            demo_cost(d, last + demo_range(&d->rng, 5, 25), C_PREMISES, demo_range(&d->rng, 25, 120) * 10000,
                      (int)i, "Lokalhyra och fika: %s", title);
        if ((i & 255) == 255)
            demo_tick(d, "activities", i + 1, n);
    }
    demo_tick(d, "activities", n, n);
}

/* Proposals that did not become activities: rejected, deferred, and late ones still waiting
 * when the intake was paused. */
static void demo_extra_proposals(Demo *d, DemoOut *out)
{
    static const char *const titles[] = {"Städmetoder och ergonomi för lokalvårdare",
        "Kostdatasystemet – grundutbildning", "Teckenspråk för nybörjare", "Arkivhantering och gallring",
        "Första hjälpen och HLR", "Projektledning i vardagen", "Motiverande samtal", "Skuldsanering – handläggning"};
    static const char *const rejected[] = {
        "Avslås: utbildningen ligger utanför projektets fyra kompetensområden.",
        "Avslås: inga nya förslag tas in förrän de redan beviljade utbildningarna har genomförts.",
        "Avslås: utbildningen är ett lagkrav och bekostas av ordinarie verksamhet."};
    size_t n = d->n_acts / 8 < 8 ? 8 : d->n_acts / 8;
    for (size_t i = 0; i < n; i++) {
        uint32_t x = demo_below(&d->rng, 100);
        const char *status = x < 40 ? "rejected" : x < 70 ? "deferred" : x < 85 ? "forwarded" : "submitted";
        int64_t sub = strcmp(status, "rejected") == 0 || strcmp(status, "deferred") == 0
            ? demo_range(&d->rng, demo_ymd(2012, 2, 1), demo_ymd(2014, 2, 28))
            : demo_range(&d->rng, demo_ymd(2014, 3, 1), demo_ymd(2014, 5, 20));
        int muni = demo_pick_muni(d);
        json_t *hist = demo_proposal_obj(d, out, DEMO_PICK(&d->rng, titles), (int)demo_below(&d->rng, 5) - 1,
                                         muni, sub, (size_t)demo_range(&d->rng, 6, 30), status);
        if (strcmp(status, "submitted") == 0)
            continue;
        int64_t fwd = sub + demo_range(&d->rng, 2, 10);
        demo_history(hist, d, fwd, "forwarded", json_incref(d->pid[KP_KOORD0 + muni]), NULL);
        if (strcmp(status, "rejected") == 0)
            demo_history(hist, d, fwd + demo_range(&d->rng, 4, 20), "rejected", json_incref(d->pid[KP_PL]),
                         DEMO_PICK(&d->rng, rejected));
        else if (strcmp(status, "deferred") == 0)
            demo_history(hist, d, fwd + demo_range(&d->rng, 4, 20), "deferred", json_incref(d->pid[KP_PL]),
                         "Skjuts upp tills de beviljade utbildningarna inom området har genomförts.");
    }
}

/* The baseline (mobilisation) and follow-up (end) surveys to all staff, with the same
 * question ids so the reports can compare them. Answers improve between the two. */
static void demo_staff_surveys(Demo *d, DemoOut *out)
{
    static const int base_cum[3][4] = {{180, 420, 700, 900}, {90, 300, 620, 880}, {120, 380, 690, 900}};
    static const int foll_cum[3][4] = {{70, 220, 500, 800}, {50, 200, 500, 820}, {80, 260, 560, 850}};
    for (int k = 0; k < 2; k++) {
        json_t *s = json_object(), *rs = json_array();
        json_t *qs = survey_template_questions(k ? "follow_up" : "baseline");
        demo_set(s, "id", json_string(k ? "enk-uppfoljning" : "enk-baslinje"));
        demo_set(s, "title", json_string(k ? "Uppföljningsenkät till medarbetarna 2014"
                                           : "Kartläggningsenkät till medarbetarna 2011"));
        demo_set(s, "kind", json_string(k ? "follow_up" : "baseline"));
        demo_set(s, "activity", json_null());
        demo_set(s, "date", demo_day(k ? demo_ymd(2014, 5, 12) : demo_ymd(2011, 11, 14)));
        demo_set(s, "questions", qs);
        const int (*cum)[4] = k ? foll_cum : base_cum;
        static const char *const needs[] = {"Mer IT-kunskap", "Bemötande av arga medborgare", "Ledarskap",
                                            "Dokumentation", "Tid för reflektion i arbetslaget"};
        for (size_t p = KP_COUNT; p < d->n_people; p++) {
            if (!demo_chance(&d->rng, k ? 360 : 420))
                continue;
            json_t *r = demo_response(d, json_array_size(rs) + 1, p), *ans = json_object();
            int b1 = demo_scale(&d->rng, cum[0]);
            demo_set(ans, "b1", json_integer(b1));
            if (k) {
                d->scale_total[1]++;
                d->scale_hits[1] += b1 >= 2;
            }
            demo_set(ans, "b2", json_integer(demo_scale(&d->rng, cum[1])));
            demo_set(ans, "b3", json_integer(demo_scale(&d->rng, cum[2])));
            demo_set(ans, "b4", json_boolean(demo_chance(&d->rng, k ? 70 : 120)));
            if (demo_chance(&d->rng, 200))
                demo_set(ans, "b5", json_string(DEMO_PICK(&d->rng, needs)));
            demo_set(r, "answers", ans);
            json_array_append_new(rs, r);
            out->n_responses_total++;
        }
        demo_set(s, "responses", rs);
        json_array_append_new(out->surveys, s);
    }
}

/* ---------------------------------------------------------------- goals */

static json_t *demo_goal(const char *id, const char *title, const char *desc, const char *kind,
                         double target, const char *cmp, const char *unit)
{
    json_t *g = json_object(), *m = json_object();
    demo_set(g, "id", json_string(id));
    demo_set(g, "title", json_string(title));
    demo_set(g, "description", json_string(desc));
    static const char *const keys[] = {"organisation", "gender", "intervention", "group", "survey",
                                       "survey_kind", "question", "min", "values"};
    demo_set(m, "kind", json_string(kind));
    for (size_t i = 0; i < DEMO_N(keys); i++)
        demo_set(m, keys[i], json_null());
    demo_set(g, "measure", m);
    demo_set(g, "target", target == (double)(json_int_t)target ? json_integer((json_int_t)target) : json_real(target));
    demo_set(g, "comparison", json_string(cmp));
    demo_set(g, "unit", json_string(unit));
    return g;
}

typedef struct DemoGoalValue {
    int y, m, dd;
    double value;
    const char *source;
} DemoGoalValue;

/* The measurements of a manual goal, up to the entry whose source is NULL. */
static json_t *demo_goal_values(const DemoGoalValue *v)
{
    json_t *arr = json_array();
    for (; v->source; v++) {
        json_t *o = json_object();
        demo_set(o, "date", demo_day(demo_ymd(v->y, v->m, v->dd)));
        demo_set(o, "value", v->value == (double)(json_int_t)v->value
                                 ? json_integer((json_int_t)v->value)
                                 : json_real(v->value));
        demo_set(o, "source", json_string(v->source));
        json_array_append_new(arr, o);
    }
    return arr;
}

static void demo_measure(json_t *g, const char *key, json_t *v)
{
    json_object_set_new_nocheck(json_object_get(g, "measure"), key, v);
}

static size_t demo_round(double x, size_t step, bool up)
{
    size_t v = (size_t)x / step * step;
    return up ? v + step : v;
}

/* Goals of every measure kind. Targets are derived from the figures counted during
 * generation, on purpose so that some goals are met and some are not — as in a real final
 * report, where the ambassadors stopped at 27 of 40. */
static json_t *demo_goals(Demo *d)
{
    json_t *arr = json_array(), *g;
    size_t planned = demo_round((double)d->participants * 0.92, 50, false);
    json_object_set_new_nocheck(json_object_get(d->root, "project"), "planned_participants",
                                json_integer((json_int_t)planned));

    g = demo_goal("g1", "Delmål 1: Deltagare i kompetensutvecklingen",
        "Medarbetare i de fyra kommunerna ska delta i projektets utbildningsinsatser. "
        "MÄTBART MÅL: antal unika deltagare enligt ansökan.", "participants", (double)planned, ">=", "count");
    json_array_append_new(arr, g);

    g = demo_goal("g2", "Delmål 1b: Deltagare från Tallmo kommun",
        "Tallmo ska nå samma andel av sin personal som de andra kommunerna.", "participants",
        (double)demo_round((double)d->participants_org[ORG_TALLMO] * 1.15, 10, true), ">=", "count");
    demo_measure(g, "organisation", json_string("tallmo"));
    json_array_append_new(arr, g);

    g = demo_goal("g3", "Delmål 1c: Män som deltar",
        "Andelen män i verksamheterna är låg; projektet ska ändå nå männen i traditionellt manliga yrken.",
        "participants", (double)demo_round((double)d->participants_gender[1] * 0.9, 10, false), ">=", "count");
    demo_measure(g, "gender", json_string("male"));
    json_array_append_new(arr, g);

    g = demo_goal("g4", "Delmål 2: Dokumenterad kompetens – intyg",
        "Deltagarna ska få ett intyg på förvärvad kompetens. MÄTBART MÅL: antal utfärdade intyg.",
        "certificates", (double)demo_round((double)d->certificates * 0.9, 10, false), ">=", "count");
    json_array_append_new(arr, g);

    g = demo_goal("g5", "Delmål 2b: Personer med intyg", "Antal personer som fått minst ett intyg.",
        "certified_people", (double)demo_round((double)d->certified_people * 1.3, 10, true), ">=", "count");
    json_array_append_new(arr, g);

    double share = d->participants ? 100.0 * (double)d->certified_people / (double)d->participants : 0;
    g = demo_goal("g6", "Delmål 2c: Andel deltagare med intyg",
        "Andel av deltagarna som har erhållit intyg.", "certified_share",
        (double)demo_round(share * 0.8, 5, false), ">=", "percent");
    json_array_append_new(arr, g);

    g = demo_goal("g7", "Delmål 3: Ambassadörer",
        "Minst två ambassadörer per förvaltning i varje kommun, ca 40 sammanlagt, med fördjupad "
        "kunskap om tillgänglighet, jämställdhet och kommunernas digitala verktyg.",
        "group_members", 40, ">=", "count");
    demo_measure(g, "group", json_string("ambassadorer"));
    json_array_append_new(arr, g);

    g = demo_goal("g8", "Delmål 4: Trygghet med digitala verktyg",
        "80 % av de svarande i uppföljningsenkäten ska i någon grad känna sig trygga med de "
        "digitala verktygen (svar 2 eller högre).", "survey_share", 80, ">=", "percent");
    demo_measure(g, "survey", json_string("enk-uppfoljning"));
    demo_measure(g, "question", json_string("b1"));
    demo_measure(g, "min", json_integer(2));
    json_array_append_new(arr, g);

    g = demo_goal("g9", "Delmål 5: Förbättrad arbetssituation",
        "Minst 97 % av de svarande efter utbildningarna ska uppleva att arbetssituationen förbättrats i någon grad.",
        "survey_share", 97, ">=", "percent");
    demo_measure(g, "survey_kind", json_string("after_activity"));
    demo_measure(g, "question", json_string("q1"));
    json_array_append_new(arr, g);

    g = demo_goal("g10", "Delmål 6: Sjukfrånvaro",
        "Sjukfrånvaron i de deltagande förvaltningarna ska inte överstiga 6 %.", "manual", 6, "<=", "percent");
    /* Measured once a year, and at the project's close: each report shows the latest figure
     * known at its end. */
    demo_measure(g, "values", demo_goal_values((const DemoGoalValue[]){
        {2011, 12, 31, 6.8, "Personalstatistik 2011 (nollmätning), HR-enheten i Älvby kommun"},
        {2012, 12, 31, 6.4, "Personalstatistik 2012, HR-enheten i Älvby kommun"},
        {2013, 12, 31, 5.9, "Personalstatistik 2013, HR-enheten i Älvby kommun"},
        {2014, 6, 30, 5.5, "Personalstatistik 2014, HR-enheten i Älvby kommun"},
        {0, 0, 0, 0, NULL}}));
    json_array_append_new(arr, g);

    g = demo_goal("g11", "Delmål 7: Processkartläggningar",
        "Ambassadörerna ska genomföra processkartläggningar som ger tidsvinster i ärendehanteringen.",
        "manual", 4, ">=", "count");
    demo_measure(g, "values", demo_goal_values((const DemoGoalValue[]){
        {2013, 6, 14, 1, "Ambassadörernas lägesredovisning, juni 2013"},
        {2014, 6, 13, 2, "Ambassadörernas slutredovisning, juni 2014"},
        {0, 0, 0, 0, NULL}}));
    json_array_append_new(arr, g);

    g = demo_goal("g12", "Delmål 8: Transnationellt utbyte",
        "Medarbetare ska delta i utbytet med den italienska partnern.", "participants",
        (double)demo_round((double)d->participants_iv[IV_TRANSNATIONAL] * 0.8, 5, false), ">=", "count");
    demo_measure(g, "intervention", json_string("i2"));
    json_array_append_new(arr, g);

    /* the interventions' planned participants, next to the goals they serve */
    json_t *ivs = json_object_get(d->root, "interventions");
    json_object_set_new_nocheck(json_array_get(ivs, 0), "planned_participants", json_integer((json_int_t)planned));
    json_object_set_new_nocheck(json_array_get(ivs, 1), "planned_participants",
        json_integer((json_int_t)demo_round((double)d->participants_iv[IV_TRANSNATIONAL], 10, true)));
    json_object_set_new_nocheck(json_array_get(ivs, 2), "planned_participants", json_integer(200));
    return arr;
}

/* ---------------------------------------------------------------- budget */

static int demo_cost_cmp(const void *pa, const void *pb)
{
    const DemoCost *a = pa, *b = pb;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Running costs (salaries, travel, material, participants' time) month by month, then the
 * budget: the revised version in force follows the actual costs closely, the original grant
 * had planned more of the mapping as external services in 2012 — the reason for the revision. */
static json_t *demo_budget(Demo *d)
{
    int64_t k = d->scale == DEMO_LARGE ? 6 : 1;
    for (int64_t m = 0; m < 36; m++) {
        int y = 2011 + (int)((8 + m) / 12), mon = (int)((8 + m) % 12) + 1;
        int64_t last = (mon == 12 ? demo_ymd(y + 1, 1, 1) : demo_ymd(y, mon + 1, 1)) - 1;
        static const char *const months[] = {"januari", "februari", "mars", "april", "maj", "juni", "juli",
                                             "augusti", "september", "oktober", "november", "december"};
        int64_t salary = (mon == 7 ? 52000 : 98000 + demo_range(&d->rng, 0, 40) * 100) * 100 * k;
        demo_cost(d, last, C_PERSONAL, salary, -1, "Lön projektledning och koordinatorer, %s %d", months[mon - 1], y);
        if (mon != 7)
            demo_cost(d, last - 3, C_TRAVEL, demo_range(&d->rng, 15, 60) * 10000 * k, -1,
                      "Milersättning och resor till projektgruppsmöten, %s %d", months[mon - 1], y);
        if (m % 3 == 1)
            demo_cost(d, last - 10, C_OTHER, demo_range(&d->rng, 20, 90) * 10000 * k, -1,
                      "Kursmaterial, tryck av nyhetsbrev och kontorsmaterial");
        if (m % 6 == 2)
            demo_cost(d, last - 5, C_EXTERNAL, 8500000 * k, -1, "Extern utvärdering, delbetalning");
    }
    demo_cost(d, demo_ymd(2012, 3, 30), C_EXTERNAL, 24000000 * k, -1, "Processledning av kompetenskartläggningen");
    demo_cost(d, demo_ymd(2012, 11, 15), C_EXTERNAL, -1250000, -1, "Kreditering, felaktigt fakturerad kursavgift");
    for (int p = 0; p < DEMO_PERIODS; p++)
        if (d->participant_ore[p])
            demo_cost(d, d->period_to[p], C_PARTICIPANTS, d->participant_ore[p], -1,
                      "Deltagarkostnader enligt närvarolistor, redovisningsperiod %d", p + 1);

    qsort(d->costs, d->n_costs, sizeof *d->costs, demo_cost_cmp);
    int64_t actual[C_COUNT][DEMO_YEARS] = {{0}};
    json_t *costs = json_array();
    int voucher_year = 0, voucher_no = 0;
    char id[32];
    for (size_t i = 0; i < d->n_costs; i++) {
        DemoCost *c = &d->costs[i];
        int y = demo_year(c->day);
        if (y != voucher_year) {
            voucher_year = y;
            voucher_no = 0;
        }
        actual[c->cat][y - DEMO_FIRST_YEAR] += c->ore;
        json_t *o = json_object();
        snprintf(id, sizeof id, "k%05zu", i + 1);
        demo_set(o, "id", json_string_nocheck(id));
        demo_set(o, "date", demo_day(c->day));
        demo_set(o, "category", json_string(DEMO_CAT_ID[c->cat]));
        demo_set(o, "amount", demo_money(c->ore));
        demo_set(o, "text", json_string(c->text));
        demo_set(o, "activity", c->act >= 0 ? json_incref(d->aid[c->act]) : json_null());
        demo_set(o, "voucher", demo_fmt("V%d-%04d", y, ++voucher_no));
        json_array_append_new(costs, o);
    }

    json_t *b = json_object(), *cats = json_array(), *versions = json_array();
    for (int c = 0; c < C_COUNT; c++) {
        json_t *o = json_object();
        demo_set(o, "id", json_string(DEMO_CAT_ID[c]));
        demo_set(o, "name", json_string(DEMO_CAT_NAME[c]));
        json_array_append_new(cats, o);
    }
    for (int v = 0; v < 2; v++) {
        json_t *o = json_object(), *lines = json_array();
        demo_set(o, "id", json_string(v ? "reviderad-2012" : "beviljad"));
        demo_set(o, "name", json_string(v ? "Reviderad budget" : "Beviljad budget"));
        demo_set(o, "date", demo_day(v ? demo_ymd(2012, 6, 20) : demo_ymd(2011, 6, 16)));
        demo_set(o, "reason", v ? json_string("Kompetenskartläggningen försenades fem veckor sedan "
            "upphandlingen av processledare överklagats. Kostnaden blev lön för egen personal i stället "
            "för externa tjänster, och medel för kreativitetsprocessen flyttas från 2012 till 2013.")
                                : json_null());
        for (int c = 0; c < C_COUNT; c++)
            for (int y = 0; y < DEMO_YEARS; y++) {
                double f = 1.0 + (double)demo_range(&d->rng, -3, 5) / 100.0;
                if (!v && c == C_EXTERNAL && y == 1)
                    f = 1.45;
                if (!v && c == C_EXTERNAL && y == 2)
                    f = 0.8;
                if (!v && c == C_PERSONAL && y <= 1)
                    f = 0.85;
                int64_t amount = (int64_t)((double)actual[c][y] * f) / 100000 * 100000;
                if (amount < 0)
                    amount = 0;
                json_t *l = json_object();
                demo_set(l, "category", json_string(DEMO_CAT_ID[c]));
                demo_set(l, "year", json_integer(DEMO_FIRST_YEAR + y));
                demo_set(l, "amount", demo_money(amount));
                json_array_append_new(lines, l);
            }
        demo_set(o, "lines", lines);
        json_array_append_new(versions, o);
    }
    demo_set(b, "categories", cats);
    demo_set(b, "versions", versions);
    demo_set(b, "costs", costs);
    return b;
}

/* ---------------------------------------------------------------- deviations */

/* The project's deviations. The minutes and each period's narrative are written from this
 * table, so that they speak of a deviation only once and where it happened. */
static const struct DemoDeviation {
    const char *id; int y, m, dd; const char *area, *text; int ry, rm, rd; const char *measures;
    /* the narrative's reason for not reporting it to the funder; NULL while none is written,
     * which leaves that question of the period's report open */
    const char *why_unreported;
} DEMO_DEVIATIONS[] = {
    {"d1", 2012, 1, 16, "time", "Upphandlingen av processledare för kompetenskartläggningen överklagades och drogs "
     "tillbaka. Kartläggningen, enkätutskicket och utbildningsplanen försenas cirka fem veckor.", 2012, 1, 20,
     "En processledare anställdes i stället för att upphandla tjänsten. Tidplanen för mobiliseringen har justerats.", NULL},
    {"d2", 2012, 6, 15, "budget", "Kostnaden för kompetenskartläggningen hamnade på egen personal i stället för "
     "externa tjänster, och budgeten för mobiliseringen underskrids.", 2012, 6, 20,
     "Reviderad budget lämnad till ESF-rådet; medel flyttade till genomförandefasen.", NULL},
    {"d3", 2013, 4, 8, "activity", "En bokad utbildning ställdes in sedan utbildaren blivit sjuk; inget nytt datum "
     "gick att hitta före sommaren.", 0, 0, 0,
     "Deltagarna erbjuds plats i en senare omgång av samma utbildning.",
     "Den inställda utbildningen ersätts av en senare omgång inom samma insats. Den påverkar varken "
     "delmålen eller budgeten och har därför inte meddelats separat."},
    {"d4", 2013, 10, 14, "participants", "Deltagandet från Tallmo kommun ligger under plan, främst inom "
     "Tekniska förvaltningen där det är svårt att få vikarier.", 2013, 10, 31,
     "Utbildningar förläggs lokalt i Tallmo och delas upp i halvdagar.", NULL},
    {"d5", 2014, 6, 10, "goal", "Målet om 40 ambassadörer nås inte; frivilligheten avgjorde antalet.", 0, 0, 0,
     "Ambassadörerna har utbytt kontaktuppgifter och fortsätter som nätverk efter projektet.", NULL},
};

static int64_t demo_deviation_day(const struct DemoDeviation *dv)
{
    return demo_ymd(dv->y, dv->m, dv->dd);
}

static json_t *demo_deviations(void)
{
    const struct DemoDeviation *dv = DEMO_DEVIATIONS;
    json_t *arr = json_array();
    for (size_t i = 0; i < DEMO_N(DEMO_DEVIATIONS); i++) {
        json_t *o = json_object();
        demo_set(o, "id", json_string(dv[i].id));
        demo_set(o, "date", demo_day(demo_deviation_day(&dv[i])));
        demo_set(o, "area", json_string(dv[i].area));
        demo_set(o, "description", json_string(dv[i].text));
        demo_set(o, "reported_to_funder", json_boolean(dv[i].ry != 0));
        demo_set(o, "reported_date", dv[i].ry ? demo_day(demo_ymd(dv[i].ry, dv[i].rm, dv[i].rd)) : json_null());
        demo_set(o, "measures", json_string(dv[i].measures));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* ---------------------------------------------------------------- meetings */

/* What the minutes may speak of depends on what has happened by the meeting: an item is on
 * the agenda from its event `after` and before its event `before` (DEMO_EV_NONE: no bound). */
enum { DEMO_EV_NONE, DEMO_EV_FIRST_DEVIATION, DEMO_EV_REVISED_BUDGET, DEMO_EV_IMPLEMENTATION,
       DEMO_EV_STUDY_VISIT, DEMO_EV_TALLMO };

typedef struct DemoItem {
    const char *title, *notes, *decision;
    int after, before;
} DemoItem;

static int64_t demo_event_day(int ev)
{
    switch (ev) {
    case DEMO_EV_FIRST_DEVIATION: return demo_deviation_day(&DEMO_DEVIATIONS[0]);
    case DEMO_EV_REVISED_BUDGET:
        return demo_ymd(DEMO_DEVIATIONS[1].ry, DEMO_DEVIATIONS[1].rm, DEMO_DEVIATIONS[1].rd);
    case DEMO_EV_IMPLEMENTATION: return demo_ymd(2012, 6, 1);
    case DEMO_EV_STUDY_VISIT: return demo_study_visit_day();
    case DEMO_EV_TALLMO: return demo_deviation_day(&DEMO_DEVIATIONS[3]);
    default: return 0;
    }
}

static bool demo_item_fits(const DemoItem *it, int64_t day)
{
    return (it->after == DEMO_EV_NONE || day >= demo_event_day(it->after))
        && (it->before == DEMO_EV_NONE || day < demo_event_day(it->before));
}

static const DemoItem DEMO_AGENDA_STYR[] = {
    {"Lägesrapport från projektledaren", "Projektledaren redogjorde för hur kompetenskartläggningen "
     "fortskrider med fokusgrupper och en enkät till medarbetarna.", NULL, DEMO_EV_NONE, DEMO_EV_IMPLEMENTATION},
    {"Lägesrapport från projektledaren", "Projektledaren redogjorde för genomförda utbildningar sedan förra mötet "
     "och för deltagarantalet i förhållande till plan. Intresset från förvaltningarna är stort.", NULL,
     DEMO_EV_IMPLEMENTATION, DEMO_EV_NONE},
    {"Ekonomisk uppföljning", "Projektekonomen gick igenom utfallet mot budgeten för mobiliseringen.",
     "Styrgruppen godkänner den ekonomiska redovisningen.", DEMO_EV_NONE, DEMO_EV_REVISED_BUDGET},
    {"Ekonomisk uppföljning", "Projektekonomen gick igenom utfallet mot den reviderade budgeten. Egen personal "
     "ligger något under budget, externa tjänster i fas.", "Styrgruppen godkänner den ekonomiska redovisningen.",
     DEMO_EV_REVISED_BUDGET, DEMO_EV_NONE},
    {"Avvikelser och åtgärder", "Projektledaren gick igenom avvikelserna från tidplanen och budgeten och de "
     "åtgärder som vidtagits.", NULL, DEMO_EV_FIRST_DEVIATION, DEMO_EV_TALLMO},
    {"Avvikelser och åtgärder", "Deltagandet från Tallmo är lägre än planerat. Styrgruppen diskuterade hur "
     "cheferna kan ge medarbetarna tid att delta.", "Personalcheferna tar upp frågan i respektive ledningsgrupp.",
     DEMO_EV_TALLMO, DEMO_EV_NONE},
    {"Utvärdering och följeforskning", "Utvärderaren presenterade sina iakttagelser: förankringen hos cheferna "
     "är projektets styrka, men spridningen till ordinarie verksamhet behöver planeras tidigt.", NULL,
     DEMO_EV_NONE, DEMO_EV_NONE},
    {"Transnationellt samarbete", "Planeringen av utbytet med den italienska partnern presenterades. Deltagare "
     "från kost-, förskole- och skolverksamheterna anmäls via koordinatorerna.", NULL,
     DEMO_EV_NONE, DEMO_EV_STUDY_VISIT},
    {"Transnationellt samarbete", "Erfarenheterna från studieresan till Reggio Emilia presenterades. Kost- och "
     "skolverksamheterna vill fortsätta utbytet.", "Ett återbesök från den italienska partnern planeras.",
     DEMO_EV_STUDY_VISIT, DEMO_EV_NONE},
    {"Övrigt", "Inga övriga frågor.", NULL, DEMO_EV_NONE, DEMO_EV_NONE},
};
static const DemoItem DEMO_AGENDA_PG[] = {
    {"Lägesrapport/information", "Många utbildningar är beviljade och under planering. I väntan på att de "
     "genomförs tas inga nya utbildningsförslag in.", NULL, DEMO_EV_NONE, DEMO_EV_NONE},
    {"Rutin för utbildningsförslag", "Varje önskad utbildning ska lämnas skriftligt till kommunens "
     "projektkoordinator, som skickar den vidare till projektledningen. Först efter godkännande får "
     "utbildare och lokal bokas.", "Rutinen skickas ut till alla chefer.", DEMO_EV_NONE, DEMO_EV_NONE},
    {"Planering av kommande utbildningar", "Gemensam planering av utbildning i social dokumentation för alla "
     "fyra kommunerna. Svårt att få tid för planering vid sidan av ordinarie arbete.", "Koordinatorerna "
     "stämmer av datum med enhetscheferna före nästa möte.", DEMO_EV_NONE, DEMO_EV_NONE},
    {"Påminnelse om enkäten", "Enkäten ska fyllas i efter varje utbildningsaktivitet. Svarsfrekvensen är "
     "lägre i Norrsjö.", NULL, DEMO_EV_NONE, DEMO_EV_NONE},
    {"Delade tjänster mellan kommunerna", "Diskussion om vilka funktioner som kan delas med en grannkommun, "
     "till exempel arkivarie och spetskompetens inom IT.", NULL, DEMO_EV_NONE, DEMO_EV_NONE},
    {"Nästa möte", "Nästa möte hålls i biblioteket, mellansalen, Älvby.", NULL, DEMO_EV_NONE, DEMO_EV_NONE},
};
static const DemoItem DEMO_AGENDA_OTHER[] = {
    {"Erfarenhetsutbyte", "Deltagarna berättade om hur arbetet går på de egna arbetsplatserna. Kontakten med "
     "kollegor i andra kommuner upplevs som berikande.", NULL, DEMO_EV_NONE, DEMO_EV_NONE},
    {"Kompetensbehov framåt", "Gruppen diskuterade vilka kompetenser verksamheterna behöver de kommande åren. "
     "IT, bemötande och ledarskap nämndes oftast.", "Sammanställningen lämnas till projektledningen.", DEMO_EV_NONE, DEMO_EV_NONE},
    {"Tillgänglighet och jämställdhet", "Genomgång av checklistan för tillgängliga möten och utbildningar.", NULL, DEMO_EV_NONE, DEMO_EV_NONE},
};

static json_t *demo_meeting(Demo *d, int grp, size_t no, int64_t day, const char *title, const char *place,
                            const DemoItem *items, size_t n_items, bool cancelled)
{
    const DemoGroup *g = &d->groups[grp];
    json_t *o = json_object();
    char id[32];
    snprintf(id, sizeof id, "m%03zu", no);
    demo_set(o, "id", json_string_nocheck(id));
    demo_set(o, "title", json_string(title));
    demo_set(o, "group", json_string(g->id));
    demo_set(o, "date", demo_day(day));
    demo_set(o, "start", json_string(grp == G_STYR ? "13:00" : "09:30"));
    demo_set(o, "end", json_string(grp == G_STYR ? "16:00" : "11:30"));
    demo_set(o, "place", json_string(place));
    demo_set(o, "status", json_string(cancelled ? "cancelled" : "held"));
    demo_set(o, "cancel_reason", cancelled
        ? json_string("Inställt eftersom projektledningsmötet dagen före ställs in.") : json_null());
    size_t notes_by = grp == G_STYR || grp == G_EXPERT ? KP_PL : grp == G_PG ? KP_KOORD0 : g->m[0].person;
    json_t *att = json_array(), *agenda = json_array(), *actions = json_array();
    if (!cancelled) {
        /* The project manager and the economist present the items: they are at the meeting,
         * as members or invited for it. */
        static const size_t presenters[] = {KP_PL, KP_EKONOM};
        bool there[2] = {false, false};
        for (int i = 0; i < g->n; i++) {
            const DemoMember *m = &g->m[i];
            if ((m->from >= 0 && day < m->from) || (m->to >= 0 && day > m->to))
                continue;
            uint32_t x = demo_below(&d->rng, 100);
            bool presents = m->person == KP_PL || m->person == KP_EKONOM;
            if (presents)
                there[m->person == KP_EKONOM] = true;
            json_t *a = json_object();
            demo_set(a, "person", json_incref(d->pid[m->person]));
            demo_set(a, "name", json_null());
            demo_set(a, "organisation", json_null());
            demo_set(a, "status", json_string(presents || x < 85 ? "present" : x < 95 ? "excused" : "absent"));
            json_array_append_new(att, a);
        }
        for (size_t k = 0; k < 2; k++) {
            if (there[k])
                continue;
            json_t *a = json_object();
            demo_set(a, "person", json_incref(d->pid[presenters[k]]));
            demo_set(a, "name", json_null());
            demo_set(a, "organisation", json_null());
            demo_set(a, "status", json_string("present"));
            json_array_append_new(att, a);
        }
        /* Whoever takes the notes is at the meeting: when the usual note-taker is not, the
         * first member present does it. */
        json_t *writer = NULL, *at;
        size_t k;
        json_array_foreach(att, k, at) {
            if (strcmp(json_string_value(json_object_get(at, "status")), "present") != 0)
                continue;
            if (!writer || json_equal(json_object_get(at, "person"), d->pid[notes_by]))
                writer = json_object_get(at, "person");
        }
        demo_set(o, "notes_by", json_incref(writer));
        const char *guest = NULL;
        if (grp == G_STYR && no % 3 == 0) {
            json_t *a = json_object();
            guest = no % 2 ? "Karin Alm" : "Sture Vinberg";
            demo_set(a, "person", json_null());
            demo_set(a, "name", json_string(guest));
            demo_set(a, "organisation", json_string(no % 2 ? "Svenska ESF-rådet" : "Lärande Utvärdering Nord AB"));
            demo_set(a, "status", json_string("present"));
            json_array_append_new(att, a);
        }
        const DemoItem *fit[16];
        size_t n_fit = 0;
        for (size_t i = 0; i < n_items && n_fit < DEMO_N(fit); i++)
            if (demo_item_fits(&items[i], day))
                fit[n_fit++] = &items[i];
        size_t first = demo_below(&d->rng, (uint32_t)n_fit), count = 3 < n_fit ? 3 : n_fit;
        for (size_t i = 0; i < count; i++) {
            const DemoItem *it = fit[(first + i) % n_fit];
            json_t *a = json_object(), *dec = json_array();
            demo_set(a, "title", json_string(it->title));
            /* A presenter by full name; a guest presents the last item of the meeting. */
            char who[96];
            size_t kp = i == 0 ? KP_PL : KP_EKONOM;
            snprintf(who, sizeof who, "%s %s", DEMO_KEY[kp].first, DEMO_KEY[kp].last);
            demo_set(a, "presenter", json_string(guest && i + 1 == count ? guest : who));
            demo_set(a, "notes", json_string(it->notes));
            if (it->decision)
                json_array_append_new(dec, json_string(it->decision));
            demo_set(a, "decisions", dec);
            json_array_append_new(agenda, a);
        }
        json_t *x = json_object();
        int64_t due = day + 28;
        demo_set(x, "id", json_string("x1"));
        demo_set(x, "text", json_string(grp == G_STYR ? "Skicka minnesanteckningarna till ESF-rådets handläggare."
                                                      : "Stämma av utbildningsdatum med enhetscheferna."));
        demo_set(x, "owner", json_incref(d->pid[g->m[demo_below(&d->rng, (uint32_t)g->n)].person]));
        demo_set(x, "due", demo_day(due));
        demo_set(x, "status", json_string(due > demo_ymd(2014, 6, 1) ? "open" : "done"));
        json_array_append_new(actions, x);
    }
    if (cancelled)
        demo_set(o, "notes_by", json_null());
    else
        d->meetings_in_period[demo_period_of(d, day)][grp]++;
    demo_set(o, "attendees", att);
    demo_set(o, "agenda", agenda);
    demo_set(o, "actions", actions);
    return o;
}

/* Steering group every quarter, the regional project group monthly (not in July), the
 * ambassadors, focus groups and expert group now and then; the project group meeting of
 * 23 April 2013 was cancelled. */
static json_t *demo_meetings(Demo *d)
{
    json_t *arr = json_array();
    size_t no = 0;
    for (int q = 0; q < 12; q++) {
        int y = 2011 + (q + 3) / 4, m = 1 + 3 * ((q + 3) % 4) + 1;
        int64_t day = demo_workday(demo_ymd(y, m, 10));
        json_array_append_new(arr, demo_meeting(d, G_STYR, ++no, day, "Styrgruppsmöte", "Kommunhuset, Älvby",
                                                DEMO_AGENDA_STYR, DEMO_N(DEMO_AGENDA_STYR), false));
    }
    for (int m = 0; m < 33; m++) {
        int y = 2011 + (9 + m) / 12, mon = (9 + m) % 12 + 1;
        if (mon == 7)
            continue;
        bool cancelled = y == 2013 && mon == 4;
        int64_t day = cancelled ? demo_ymd(2013, 4, 23) : demo_workday(demo_ymd(y, mon, 20));
        json_array_append_new(arr, demo_meeting(d, G_PG, ++no, day, "Projektgruppsmöte",
                                                "Biblioteket, mellansalen, Älvby", DEMO_AGENDA_PG,
                                                DEMO_N(DEMO_AGENDA_PG), cancelled));
    }
    for (int q = 0; q < 7; q++) {
        int64_t day = demo_workday(demo_ymd(2012 + (q + 3) / 4, 1 + 3 * ((q + 3) % 4), 15));
        json_array_append_new(arr, demo_meeting(d, G_AMB, ++no, day, "Ambassadörsträff", "Folkets hus, Norrsjö",
                                                DEMO_AGENDA_OTHER, DEMO_N(DEMO_AGENDA_OTHER), false));
    }
    static const int fk[3][2] = {{2011, 11}, {2012, 1}, {2012, 3}};
    for (int g = G_FOKUS_VO; g <= G_FOKUS_BOU; g++)
        for (int i = 0; i < 3; i++)
            json_array_append_new(arr, demo_meeting(d, g, ++no, demo_workday(demo_ymd(fk[i][0], fk[i][1], 8 + g)),
                                                    "Fokusgruppsträff", "Kommunhuset, Bergvika", DEMO_AGENDA_OTHER,
                                                    DEMO_N(DEMO_AGENDA_OTHER), false));
    static const int ex[5][2] = {{2012, 3}, {2012, 9}, {2013, 1}, {2013, 9}, {2014, 3}};
    for (int i = 0; i < 5; i++)
        json_array_append_new(arr, demo_meeting(d, G_EXPERT, ++no, demo_workday(demo_ymd(ex[i][0], ex[i][1], 24)),
                                                "Expertgruppsmöte", "Mittlands universitet, Mittstad",
                                                DEMO_AGENDA_OTHER, DEMO_N(DEMO_AGENDA_OTHER), false));
    return arr;
}

/* ---------------------------------------------------------------- dissemination, narratives */

static json_t *demo_dissemination(void)
{
    static const struct { int y, m, dd; const char *channel, *title, *audience; } it[] = {
        {2011, 12, 5, "newsletter", "Nyhetsbrev 1: Kompetenslyftet startar", "Medarbetare och chefer i de fyra kommunerna"},
        {2012, 3, 20, "press", "Pressmeddelande: 1 200 medarbetare ska kompetensutvecklas", "Regional press"},
        {2012, 6, 11, "newsletter", "Nyhetsbrev 2: Kartläggningen klar", "Medarbetare, chefer och samverkanspartner"},
        {2012, 10, 25, "article", "Artikel i lokaltidningen om studieresan till Reggio Emilia", "Allmänheten"},
        {2012, 11, 22, "presentation", "Presentation av projektet på chefsträff i Bergvika", "Chefer i Bergvika kommun"},
        {2013, 2, 4, "web", "Projektsida på kommunernas intranät", "Medarbetare"},
        {2013, 5, 30, "newsletter", "Nyhetsbrev 3: Halvvägs", "Medarbetare och chefer"},
        {2013, 12, 6, "presentation", "Projektet presenteras för Strukturfondspartnerskapet", "Regionala aktörer"},
        {2014, 5, 27, "newsletter", "Nyhetsbrev 4: Resultat och lärdomar", "Medarbetare, chefer och politiker"},
        {2014, 8, 20, "article", "Slutkonferens: vad lärde vi oss?", "Kommunala verksamheter i länet"},
    };
    json_t *arr = json_array();
    char id[32];
    for (size_t i = 0; i < DEMO_N(it); i++) {
        json_t *o = json_object();
        snprintf(id, sizeof id, "sp%02zu", i + 1);
        demo_set(o, "id", json_string_nocheck(id));
        demo_set(o, "title", json_string(it[i].title));
        demo_set(o, "date", demo_day(demo_ymd(it[i].y, it[i].m, it[i].dd)));
        demo_set(o, "channel", json_string(it[i].channel));
        demo_set(o, "audience", json_string(it[i].audience));
        json_array_append_new(arr, o);
    }
    return arr;
}

static void demo_narrative(json_t *arr, int period, const char *section, Buf *b)
{
    json_t *o = json_object();
    demo_set(o, "period", period ? json_integer(period) : json_null());
    demo_set(o, "section", json_string(section));
    demo_set(o, "text", json_stringn(b->data, b->len));
    json_array_append_new(arr, o);
    buf_clear(b);
}

/* A count written into Swedish prose: thousands grouped by a no-break space, as in the tables. */
static void demo_thousands(Buf *b, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            buf_puts(b, "\xc2\xa0");
        buf_putc(b, digits[i]);
    }
}

/* "Projektgruppen har träffats 3 gånger", "… en gång", "… har inte träffats". */
static void demo_met(Buf *b, const char *who, size_t n)
{
    if (n == 0)
        buf_printf(b, "%s har inte träffats", who);
    else if (n == 1)
        buf_printf(b, "%s har träffats en gång", who);
    else
        buf_printf(b, "%s har träffats %zu gånger", who, n);
}

/* The narrative answers of every progress report and of the final report. The activity
 * count of the period is the generated one, so the text agrees with the figures. */
static json_t *demo_narratives(Demo *d)
{
    json_t *arr = json_array();
    Buf b = {0};
    static const char *const well[] = {
        "Förankringen hos cheferna har gett resultat: engagemanget i förvaltningarna är stort.",
        ("Att utbildningarna samlar medarbetare från flera kommuner uppskattas; kontakten med "
         "kollegor i en annan kommun beskrivs som berikande."),
        "Samarbetet med universitetet och utvärderaren fungerar mycket bra.",
        "Det har varit svårt att få tid för planering vid sidan av ordinarie arbetsuppgifter.",
    };
    int visit = demo_period_of(d, demo_study_visit_day());
    for (int p = 0; p < DEMO_PERIODS; p++) {
        bool mob = p < 3;
        size_t acts = d->acts_in_period[p];
        /* the deviations of the period, as the report lists them */
        const struct DemoDeviation *dev[DEMO_N(DEMO_DEVIATIONS)];
        size_t n_dev = 0;
        bool goal_dev = false, participants_dev = false;
        for (size_t i = 0; i < DEMO_N(DEMO_DEVIATIONS); i++) {
            const struct DemoDeviation *dv = &DEMO_DEVIATIONS[i];
            int64_t day = demo_deviation_day(dv);
            if (day < d->period_from[p] || day > d->period_to[p])
                continue;
            dev[n_dev++] = dv;
            goal_dev |= strcmp(dv->area, "goal") == 0;
            participants_dev |= strcmp(dv->area, "participants") == 0;
        }
        if (mob) {
            buf_printf(&b, "Perioden har ägnats åt mobilisering. Kompetenskartläggningen har genomförts med "
                       "fokusgrupper och en enkät till alla medarbetare. De framtida nyckelkompetenserna är:\n\n"
                       "- IT\n- Bemötande och kommunikation\n- Individens och organisationens lärande\n- Ledarskap\n");
        } else if (acts == 0) {
            buf_puts(&b, "Under perioden har inga aktiviteter genomförts; projektet är i sin avslutande fas.");
        } else {
            buf_puts(&b, "Under perioden har ");
            if (acts == 1)
                buf_puts(&b, "en aktivitet");
            else {
                demo_thousands(&b, acts);
                buf_puts(&b, " aktiviteter");
            }
            buf_puts(&b, " genomförts inom projektets kompetensområden.");
        }
        buf_puts(&b, mob ? "\n" : " ");
        demo_met(&b, "Projektgruppen", d->meetings_in_period[p][G_PG]);
        buf_puts(&b, " och ");
        demo_met(&b, "styrgruppen", d->meetings_in_period[p][G_STYR]);
        buf_puts(&b, ".\n");
        if (p == visit)
            buf_puts(&b, "\nStudieresan till Reggio Emilia genomfördes 8–11 oktober med deltagare från "
                         "kost-, förskole- och skolverksamheterna.\n");
        demo_narrative(arr, p + 1, "aktiviteter", &b);
        buf_puts(&b, p % 2 ? "Jämställdhet är en vägledande faktor när grupper sätts samman. Vi strävar efter att "
                             "lägga resurser på både traditionellt kvinnliga och manliga yrkesområden, och vi "
                             "följer upp deltagandet per kön varje kvartal."
                           : "Handlingsplanen för jämställdhetsintegrering har stämts av med styrgruppen. "
                             "Utbildarna får checklistan för jämställdhet innan de planerar sina upplägg.");
        demo_narrative(arr, p + 1, "jamstalldhet", &b);
        buf_puts(&b, p % 2 ? "Alla lokaler kontrolleras mot projektets checklista för tillgängliga möten. "
                             "Inbjudningar skickas i god tid och i format som fungerar med skärmläsare."
                           : "Tillgänglighetsplanen har följts. Vi har fört dialog med vaktmästeriet om hörslingor "
                             "och ramper i de lokaler som används mest.");
        demo_narrative(arr, p + 1, "tillganglighet", &b);
        buf_printf(&b, "%s\n\n%s", well[p % 3], well[3]);
        demo_narrative(arr, p + 1, "fungerat_bra", &b);
        for (size_t i = 0; i < n_dev; i++)
            buf_printf(&b, "%s%s %s%s", i ? "\n\n" : "", dev[i]->text, dev[i]->measures,
                       dev[i]->ry ? " Avvikelsen är meddelad ESF-rådet." : "");
        if (!n_dev)
            buf_puts(&b, "Inga avvikelser under perioden.");
        demo_narrative(arr, p + 1, "avvikelser_atgarder", &b);
        for (size_t i = 0; i < n_dev; i++)
            if (!dev[i]->ry && dev[i]->why_unreported)
                buf_printf(&b, "%s%s", b.len ? "\n\n" : "", dev[i]->why_unreported);
        if (b.len)
            demo_narrative(arr, p + 1, "avvikelser_ej_meddelade", &b);
        /* The report of the last period is still being written: two of its answers are
         * missing, so that the demo shows a draft beside the reports handed in. */
        bool writing = p == DEMO_PERIODS - 1;
        if (!writing) {
            buf_puts(&b, mob ? "Kartläggningen är projektets strategiska påverkan under mobiliseringen: den "
                               "visar ledningen i varje kommun vilka kompetenser som behövs, och "
                               "fokusgrupperna har samlat medarbetare från alla fyra kommunerna."
                             : "Utbildningarna samlar medarbetare från flera kommuner (samverkan) och "
                               "sker på arbetsplatserna, där det nya prövas i vardagen (lärande miljöer).");
            if (p == visit)
                buf_puts(&b, " Studieresan till Reggio Emilia är periodens transnationella aktivitet.");
            demo_narrative(arr, p + 1, "kriterier", &b);
        }
        buf_puts(&b, mob ? "Under mobiliseringen deltar medarbetarna i kartläggningen; deltagandet i "
                           "utbildningarna enligt ansökan börjar i genomförandefasen."
                   : participants_dev ? "Nej, inte helt: deltagandet från Tallmo ligger under plan (se avvikelserna). "
                              "Ackumulerat antal deltagare i förhållande till planerat antal står i tabellen."
                            : "Ja. Ackumulerat antal deltagare i förhållande till planerat antal står i "
                              "tabellen; deltagandet följer planen för genomförandefasen.");
        demo_narrative(arr, p + 1, "deltagare", &b);
        buf_puts(&b, goal_dev ? "Nej, inte helt: målet om 40 ambassadörer nås inte (se avvikelserna)."
                   : n_dev ? "Ja, förutom de avvikelser som nämns nedan." : "Ja.");
        buf_puts(&b, " Delmålen följs upp med utvärderaren varje kvartal.");
        demo_narrative(arr, p + 1, "maluppfyllelse", &b);
        if (!writing) {
            buf_puts(&b, "Budgeten följer den reviderade planen. Skillnader mellan budget och utfall per "
                         "kostnadskategori förklaras i tabellen och är meddelade ESF-rådet.");
            demo_narrative(arr, p + 1, "budget", &b);
        }
    }
    buf_puts(&b, "Kompetenslyftet Norra Älvdalen har under tre år gett medarbetarna i Älvby, Norrsjö, Bergvika "
               "och Tallmo möjlighet att utveckla sin kompetens inom IT, bemötande, lärande och ledarskap. "
               "Totalt ");
    demo_thousands(&b, d->participants);
    buf_puts(&b, " medarbetare har deltagit i minst en utbildning, och ");
    demo_thousands(&b, d->certificates);
    buf_puts(&b, " intyg har utfärdats till ");
    demo_thousands(&b, d->certified_people);
    buf_puts(&b, " personer.\n\nDen viktigaste effekten är att medarbetarna känner sig tryggare i sitt arbete "
                 "och att kommunerna har börjat samverka kring kompetensutveckling.");
    demo_narrative(arr, 0, "sammanfattning", &b);
    buf_puts(&b, "## Individnivå\n\nDeltagarna beskriver ett stärkt självförtroende i de digitala verktygen.\n\n"
               "## Organisationsnivå\n\nRutinen för utbildningsförslag har blivit ordinarie arbetssätt.\n\n"
               "## System- och strukturnivå\n\nDe fyra kommunerna har beslutat om ett gemensamt nätverk för "
               "kompetensförsörjning. ");
    demo_thousands(&b, d->amb_members);
    buf_puts(&b, " ambassadörer finns kvar i verksamheterna; målet var 40.");
    demo_narrative(arr, 0, "paverkan", &b);
    buf_puts(&b, "Medarbetarna har fått utbildning inom de fyra nyckelkompetenserna, och rutinen för "
                 "utbildningsförslag har blivit kommunernas ordinarie väg till kompetensutveckling.");
    demo_narrative(arr, 0, "resultat", &b);
    buf_puts(&b, "Kommunernas administrativa och organisatoriska förändringar ställde krav som många "
                 "medarbetare inte var rustade för: digitala verktyg, nya rutiner och ett nytt bemötande.");
    demo_narrative(arr, 0, "problem", &b);
    buf_puts(&b, "Projektet ville göra skillnad genom samverkan mellan fyra kommuner och lärande miljöer "
                 "på arbetsplatserna; utbytet med Reggio Emilia gav den transnationella delen.");
    demo_narrative(arr, 0, "ambitioner", &b);
    buf_puts(&b, "Syftet var att ge medarbetarna i de fyra kommunerna trygghet i en förändrad arbetssituation. "
                 "Delmålen och vad som uppnåtts står i tabellerna nedan.");
    demo_narrative(arr, 0, "syfte", &b);
    buf_puts(&b, "Målet om antal deltagare och om intyg har nåtts; målet om 40 ambassadörer har inte nåtts, "
                 "eftersom frivilligheten avgjorde antalet. Enkäterna visar att deltagarna i hög grad "
                 "upplever att arbetssituationen förbättrats.");
    demo_narrative(arr, 0, "mal", &b);
    buf_puts(&b, "Den inställda utbildningen våren 2013 och det låga deltagandet från Tallmo är projektets "
                 "avvikelser; ingen av dem har påverkat budgeten mer än marginellt.");
    demo_narrative(arr, 0, "avvikelser_atgarder", &b);
    buf_puts(&b, "Utbildningar i små grupper nära arbetsplatsen, föreläsningar för alla, och ambassadörer "
                 "som för kunskapen vidare i sina arbetslag.");
    demo_narrative(arr, 0, "arbetssatt", &b);
    buf_puts(&b, "De fyra kommunerna, Mittlands universitet (utvärdering och uppdragsutbildning), "
                 "Kompetensbron AB (utbildningar) och Centro Pedagogico Emiliano i Reggio Emilia. "
                 "Styrgruppen har mötts varje kvartal och projektgruppen varje månad.");
    demo_narrative(arr, 0, "aktorer", &b);
    buf_puts(&b, "Jämställdhet har varit en vägledande faktor när grupper satts samman, och deltagandet "
                 "har följts upp per kön varje kvartal.");
    demo_narrative(arr, 0, "jamstalldhet", &b);
    buf_puts(&b, "Lokalerna har kontrollerats mot projektets checklista, och inbjudningar har skickats i "
                 "format som fungerar med skärmläsare.");
    demo_narrative(arr, 0, "tillganglighet", &b);
    buf_puts(&b, "- Ha ett långt framtidsperspektiv i utbildningsförslagen, så att intaget inte behöver pausas.\n"
                 "- Avsätt tid för planering i ordinarie verksamhet — projektet får inte ligga utanför.\n"
                 "- Frivillighet ger engagerade ambassadörer, men färre än planerat.\n");
    demo_narrative(arr, 0, "lardomar", &b);
    buf_free(&b);
    return arr;
}

/* ---------------------------------------------------------------- the bundle */

static const char Q_DEMO_PROJECTS[] =
    "SELECT code, name, (SELECT count(*) FROM project) FROM project ORDER BY code LIMIT 1";

int demo_check_target(Db *db, Errs *errs)
{
    sqlite3_stmt *st = db_prepare(db, Q_DEMO_PROJECTS);
    int step = sqlite3_step(st);
    int rc = INSATS_OK;
    if (step == SQLITE_ROW) {
        int n = sqlite3_column_int(st, 2);
        Buf more = {0};
        if (n > 1)
            buf_printf(&more, _n(" and %d other project", " and %d other projects",
                                 (unsigned long)(n - 1)), n - 1);
        errs_add(errs, "%s already holds project %s (%s)%s; the demo project was not created and "
                 "nothing was changed. The demo goes into a database of its own: choose another "
                 "with --db (e.g. --db demo.db)", db->path, db_col_text(st, 0),
                 db_col_text(st, 1), more.data ? more.data : "");
        buf_free(&more);
        rc = INSATS_EUSAGE;
    } else if (step != SQLITE_DONE) {
        rc = db_fail(db, errs, "cannot read the projects");
    }
    sqlite3_finalize(st);
    return rc;
}

json_t *demo_bundle(DemoScale scale, uint64_t seed, ProgressFn progress, void *progress_ctx)
{
    Demo d = {0};
    d.scale = scale;
    d.rng.s = seed ^ 0x4b4e41u; /* "KNA": different projects' seeds do not collide with plain 0 */
    d.progress = progress;
    d.pctx = progress_ctx;
    d.n_people = scale == DEMO_LARGE ? 50000 : 1200;
    d.n_acts = scale == DEMO_LARGE ? 5000 : 120;
    d.target_rows = scale == DEMO_LARGE ? 1000000 : 10000;
    d.act_width = scale == DEMO_LARGE ? 4 : 3;
    demo_calendar(&d);
    for (int s = 0; s < DEMO_MAX_SESS; s++) {
        char id[32];
        snprintf(id, sizeof id, "s%d", s + 1);
        d.session_id[s] = json_string_nocheck(id);
    }

    json_t *orgs = demo_organisations(&d);
    d.root = json_object();
    demo_set(d.root, "format", json_string("insats-bundle"));
    demo_set(d.root, "version", json_integer(1));
    demo_set(d.root, "project", demo_project(&d));
    demo_set(d.root, "organisations", orgs);
    demo_set(d.root, "people", demo_people(&d));
    demo_set(d.root, "groups", demo_groups(&d));
    demo_set(d.root, "interventions", demo_interventions(&d));

    d.is_participant = xcalloc(d.n_people, 1);
    d.certified = xcalloc(d.n_people, 1);
    d.iv_seen = xcalloc(d.n_people * IV_COUNT, 1);
    DemoOut out = {.activities = json_array(), .proposals = json_array(), .surveys = json_array(),
                   .certificates = json_array()};
    demo_plan(&d);
    demo_complete_interventions(&d);
    demo_staff_surveys(&d, &out);
    demo_activities(&d, &out);
    demo_extra_proposals(&d, &out);
    demo_set(d.root, "proposals", out.proposals);
    demo_set(d.root, "activities", out.activities);
    demo_set(d.root, "surveys", out.surveys);
    demo_set(d.root, "certificates", out.certificates);
    json_decref(out.aa_questions);
    demo_set(d.root, "goals", demo_goals(&d));
    demo_tick(&d, "budget", 0, 0);
    demo_set(d.root, "budget", demo_budget(&d));
    demo_set(d.root, "deviations", demo_deviations());
    demo_set(d.root, "meetings", demo_meetings(&d));
    demo_set(d.root, "dissemination", demo_dissemination());
    demo_set(d.root, "narratives", demo_narratives(&d));

    for (size_t i = 0; i < d.n_people; i++)
        json_decref(d.pid[i]);
    for (size_t i = 0; i < d.n_acts; i++) {
        json_decref(d.aid[i]);
        free((char *)d.acts[i].venue);
    }
    for (size_t i = 0; i < d.n_costs; i++)
        free(d.costs[i].text);
    for (int i = 0; i < ORG_COUNT; i++)
        json_decref(d.org_id[i]);
    for (int s = 0; s < DEMO_MAX_SESS; s++)
        json_decref(d.session_id[s]);
    for (int m = 0; m < DEMO_MUNIS; m++)
        free(d.muni[m]);
    free(d.pid);
    free(d.aid);
    free(d.people);
    free(d.acts);
    free(d.costs);
    free(d.is_participant);
    free(d.certified);
    free(d.iv_seen);
    return d.root;
}
