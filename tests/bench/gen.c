/* gen.c - fills a winback database with N realistic sessions for the
 * benchmark (tests/bench/README.md).
 *
 *   gen DB N [SEED]
 *
 * Every session goes through the project's own code, as the wizard and the
 * importer write it: store_session_new, store_answer_save with the real
 * forms (forms/debrief.ini, forms/quick.ini; every answer checked by
 * answer_parse), classify + worth_assess + store_diagnosis_save,
 * plan_build + store_plan_save, store_plan_item_update, store_override,
 * store_outcome_set, review_override and review_comment_add.  The only
 * direct SQL (through store_run) dates each session back to its place in
 * a three-year history, since the store stamps rows with the current time.
 *
 * The data: 20 to 50 salespeople, accounts named from word lists (some
 * lost more than once), the five defector types in realistic proportions
 * with answers that mostly, not always, tell one story, quick and full
 * debriefs, a few unfinished and training sessions, narratives built from
 * word lists (so full-text search finds real words), checklist progress,
 * outcomes dated after the loss, overrides and managers' comments.
 *
 * The random generator is seeded (default 1): the same N and SEED give the
 * same answers, names and dates (uuids come from /dev/urandom).  For
 * speed, sessions are written 1000 to a transaction and the connection
 * runs with synchronous=OFF and a large page cache; that is the
 * generator's own setting, not winback's.
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "answers.h"
#include "classify.h"
#include "form.h"
#include "paths.h"
#include "plan.h"
#include "review.h"
#include "store.h"
#include "store_sql.h"
#include "util.h"
#include "vocab.h"
#include "worth.h"

#define BATCH 1000
/* Bump when the data generated for a seed changes: run.sh keys its cached
 * databases on it. */
#define GEN_DATA_VERSION 1
#define NLIST(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers (splitmix64: small, seeded, reproducible) ----------- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* 0 .. n-1 (n > 0). */
static int rnd(int n)
{
    return (int)(rnd64() % (uint64_t)n);
}

/* 0 <= x < 1. */
static double rndf(void)
{
    return (double)(rnd64() >> 11) / 9007199254740992.0;
}

static bool chance(double p)
{
    return rndf() < p;
}

#define PICK(list) (list[rnd((int)NLIST(list))])

/* Index drawn with the given weights (n > 0, not all zero). */
static int pick_weighted(const double *w, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += w[i];
    double x = rndf() * sum;
    for (int i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ---- dates as day numbers (proleptic Gregorian, no time zone) ------------ */

/* Days since 1970-01-01 of y-m-d (H. Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Writes day number z as YYYY-MM-DD into buf (11 bytes). */
static void civil_from_days(long z, char buf[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int y = (int)(yoe + era * 400 + (m <= 2));
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

/* The history spans three years of losses; "today" of the data is fixed so
 * that the same seed gives the same database on any day. */
static long first_loss, last_loss, data_today;

static void dates_init(void)
{
    first_loss = days_from_civil(2023, 9, 1);
    last_loss = days_from_civil(2026, 8, 31);
    data_today = days_from_civil(2026, 11, 15);
}

/* ---- word lists ------------------------------------------------------------ */

static const char *const first_names[] = {
    "Dana", "Jess", "Ana", "Ben", "Maria", "Tom", "Lena", "Omar", "Priya", "Lukas",
    "Sofia", "Jonas", "Chloe", "Mateo", "Hannah", "Kenji", "Elif", "Noah", "Ines", "Pavel",
    "Grace", "Tariq", "Nora", "Felix", "Amara", "Erik", "Yuki", "Carla", "Samir", "Zoe",
    "Marek", "Leila", "Hugo", "Freya", "Diego", "Aisha", "Karl", "Mila", "Ravi", "Sara",
};
static const char *const last_names[] = {
    "Reyes", "Okafor", "Ruiz", "Cho", "Lind", "Berger", "Novak", "Haddad", "Iyer", "Weber",
    "Rossi", "Schmidt", "Martin", "Garcia", "Kowalski", "Tanaka", "Yilmaz", "Dubois",
    "Silva", "Horvat", "Murphy", "Khan", "Jensen", "Fischer", "Mensah", "Larsen", "Sato",
    "Costa", "Nasser", "Evans", "Brandt", "Moreau", "Petrov", "Olsen", "Santos", "Keller",
};
static const char *const job_titles[] = {
    "purchasing manager", "plant director", "head of operations", "buyer",
    "managing director", "technical lead", "marketing director", "site manager",
    "finance director", "category manager", "procurement lead", "owner",
};
static const char *const name_heads[] = {
    "Nord", "Sun", "Alp", "Blue", "Oak", "River", "Stone", "Silver", "Green", "High",
    "Red", "West", "East", "Iron", "Lake", "Pine", "Gold", "Bright", "Clear", "Fair",
    "Elm", "Ash", "Bay", "Cedar", "Crest", "Delta", "Eagle", "Falcon", "Harbor", "Maple",
};
static const char *const name_tails[] = {
    "wind", "field", "stone", "bridge", "gate", "wood", "brook", "vale", "point", "ridge",
    "mark", "haven", "line", "way", "land", "port", "stead", "ford", "mont", "crest",
};
static const char *const sectors[] = {
    "Timber", "Foods", "Logistics", "Media", "Telecom", "Dental", "Plastics", "Beverages",
    "Construction", "Pharma", "Textiles", "Packaging", "Engineering", "Retail", "Printing",
    "Hotels", "Clinics", "Farms", "Motors", "Electronics", "Chemicals", "Furniture",
};
static const char *const legal[] = {
    "GmbH", "Ltd", "AG", "SA", "BV", "Inc", "Oy", "AB", "SRL", "plc", "KG", "LLC",
};
static const char *const industries[] = {
    "Building contractor", "Regional food retailer", "Dental clinic chain",
    "Soft drinks brand", "Small telecom reseller", "Food manufacturer",
    "Food supplement maker", "Hotel group", "Machine builder", "Print shop",
    "Logistics provider", "Hospital purchasing group", "Furniture maker",
    "Car dealership", "Municipal utility", "University laboratory",
};
static const char *const products[] = {
    "Timber and building supplies", "Packaging materials", "Office software licences",
    "Spare parts and maintenance", "Cleaning services", "Laboratory supplies",
    "Printing and mailing", "Steel profiles", "Fresh produce", "Street activations",
    "Mobile phone contracts", "Industrial lubricants", "Catering", "IT support",
    "Workwear and safety gear", "Dental consumables",
};
static const char *const competitors[] = {
    "Rival GmbH", "Streetwise Promotions", "LowCost Supply", "PrimeParts Ltd",
    "TechNova", "Budget Timber Yard", "Apex Logistics", "Quantum Telecom", "MegaPack",
    "ValueLine Foods", "Northstar Systems", "CheapCo Direct",
};

/* ---- what each type's story sounds like ----------------------------------- */

static const char *const subjects[] = {
    "Their purchasing manager", "The plant director", "Our account manager",
    "The new buyer", "Their technical lead", "The site manager", "Our delivery team",
    "The customer service desk", "Their finance department", "The operations manager",
    "The owner", "Our regional director", "Their head office", "The project engineer",
};
static const char *const whens[] = {
    "in March", "before the summer season", "after the audit", "during the renewal talks",
    "at the quarterly review", "two weeks before Christmas", "after our price increase",
    "in the first week of the year", "at the trade fair", "on a Friday afternoon",
    "after the merger was announced", "during the busiest month",
};
static const char *const acts_by_type[TYPE_COUNT][10] = {
    { "asked for a lower price", "compared three quotes", "accepted a cheaper offer",
      "pushed for a discount", "moved the volume to a low-cost supplier",
      "said the price gap was too large", "switched after a cheaper tender",
      "negotiated hard on every invoice", "found cheaper timber across town",
      "wanted a rebate we could not match" },
    { "wanted a newer technology", "asked for an integrated platform",
      "tested a competitor's prototype", "needed features we did not offer",
      "required an online ordering portal", "chose a better specification",
      "preferred the competitor's engineering support", "asked for faster lead times",
      "wanted a certified process", "moved to a cloud solution" },
    { "complained about a late delivery", "received a faulty batch",
      "got a wrong invoice twice", "waited weeks for an answer",
      "lost a booking between our teams", "missed a launch because of our delay",
      "escalated a service failure", "felt neglected after the handover",
      "found damaged goods on arrival", "heard nothing back after a complaint" },
    { "moved production abroad", "started making it in-house", "closed the regional site",
      "was taken over by a group", "changed its business model",
      "merged with a larger company", "centralised purchasing at head office",
      "stopped the product line", "relocated outside our area",
      "outsourced the whole department" },
    { "placed small irregular orders", "cost too much to serve", "paid invoices late",
      "demanded special runs at no charge", "was not profitable for years",
      "saw us stop visiting", "got a higher minimum order from us",
      "called support every day", "returned goods without reason",
      "asked for credit terms we refused" },
};
static const char *const endings[] = {
    "and nobody followed up", "and the relationship cooled quickly",
    "and we heard about it from a colleague", "and the last order came soon after",
    "and the contract was not renewed", "and they told us on the phone",
    "and the decision was final", "but some users still liked us",
    "and we apologised too late", "and the competitor moved in at once",
};
static const char *const claims[TYPE_COUNT][3] = {
    { "They went with the cheaper offer.", "Price, nothing else.",
      "The other supplier undercut us." },
    { "The competitor had the better product.", "They needed something we do not have.",
      "Their engineers preferred the new system." },
    { "We let them down on delivery.", "Our mistake: the booking got lost.",
      "Too many complaints went unanswered." },
    { "They do not need us any more.", "They make it themselves now.",
      "The new owners buy centrally." },
    { "We did not really want them.", "The account never paid for itself.",
      "We let the contract run out." },
};
static const char *const commitments[] = {
    "A named contact confirms every order the day before.",
    "We review the price structure with finance this quarter.",
    "A shared booking queue with confirmation calls.",
    "Quarterly account reviews with the customer's buyer.",
    "We stop promising dates our plant cannot meet.",
    "Handover checklist for every account that changes hands.",
};
static const char *const reasons_text[] = {
    "The answers point elsewhere than I first thought.",
    "I know this customer better than the form does.",
    "The manager and I agreed after the review.",
    "The price was only the pretext.",
    "New facts from the customer's buyer.",
};
static const char *const comment_text[] = {
    "Please call the buyer before the end of the month.",
    "Good debrief. Check the delivery data with logistics.",
    "Let us discuss this one at the team meeting.",
    "Agree with the plan; keep the discount small.",
    "This looks like a pattern: three similar losses this year.",
    "Ask finance for the cost-to-serve figures.",
};
static const char *const managers[] = { "Helga Brandt", "Marcus Lee", "Fatima Osei" };

/* Default attribution per type (source, stability, control), with the
 * share of cases that have another source. */
static const int type_attr[TYPE_COUNT][3] = {
    { SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE },
    { SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE },
    { SOURCE_FIRM, STABILITY_UNSTABLE, CONTROL_CONTROLLABLE },
    { SOURCE_CUSTOMER, STABILITY_STABLE, CONTROL_UNCONTROLLABLE },
    { SOURCE_FIRM, STABILITY_STABLE, CONTROL_CONTROLLABLE },
};
static const double type_weight[TYPE_COUNT] = { 30, 20, 25, 15, 10 };
/* Outcome shares per type: won back, partly, still trying, lost, terminated. */
static const double outcome_weight[TYPE_COUNT][5] = {
    { 30, 10, 25, 33, 2 }, { 25, 15, 25, 33, 2 }, { 40, 15, 20, 23, 2 },
    { 8, 7, 20, 62, 3 },   { 2, 3, 5, 20, 70 },
};

/* ---- the generator's state ------------------------------------------------ */

typedef struct gen {
    store *st;
    const form *full, *quick;
    const library *lib;
    char **people;        /* the salespeople */
    int npeople;
    char **accounts;      /* the accounts that can be lost */
    int naccounts;
    long n, i;            /* sessions to make, current one */
} gen;

/* The case being written: its story and where it sits in time. */
typedef struct story {
    int type;             /* the type the answers mostly point to */
    int target[DIM_COUNT];
    double coherence;     /* chance that an answer follows the story */
    long loss_day;
    bool loss_unknown;
    const char *who;
    const char *account;
} story;

/* "First Last" (caller frees). */
static char *person_name(void)
{
    return xasprintf("%s %s", PICK(first_names), PICK(last_names));
}

/* Fills the salespeople and the accounts. */
static void gen_people(gen *g)
{
    g->npeople = 20 + rnd(31);
    g->people = xcalloc((size_t)g->npeople, sizeof *g->people);
    for (int i = 0; i < g->npeople; i++)
        g->people[i] = person_name();
    g->naccounts = (int)(g->n / 3 > 50 ? g->n / 3 : 50);
    g->accounts = xcalloc((size_t)g->naccounts, sizeof *g->accounts);
    for (int i = 0; i < g->naccounts; i++)
        g->accounts[i] = xasprintf("%s%s %s %s", PICK(name_heads), PICK(name_tails),
                                   PICK(sectors), PICK(legal));
}

static void gen_free(gen *g)
{
    str_list_free(g->people, (size_t)g->npeople);
    str_list_free(g->accounts, (size_t)g->naccounts);
}

/* ---- text answers ------------------------------------------------------------ */

/* One sentence of the story of type t. */
static void add_sentence(strbuf *sb, int t)
{
    int other = chance(0.2) ? rnd(TYPE_COUNT) : t;
    sb_addf(sb, "%s%s %s %s %s.", sb_str(sb)[0] ? " " : "", PICK(subjects),
            acts_by_type[other][rnd(10)], PICK(whens), PICK(endings));
}

/* A narrative of lo..hi sentences, sometimes in two paragraphs (caller
 * frees). */
static char *narrative(int t, int lo, int hi)
{
    strbuf sb;
    sb_init(&sb);
    int n = lo + rnd(hi - lo + 1);
    for (int i = 0; i < n; i++) {
        if (i > 0 && i == n / 2 && chance(0.3))
            sb_add(&sb, "\n");
        add_sentence(&sb, t);
    }
    return sb_take(&sb);
}

/* The text for a text question, by its role (caller frees). */
static char *text_answer(const question *q, const story *s)
{
    const char *r = q->role ? q->role : q->id;
    if (str_eq(r, "customer"))
        return xstrdup(s->account);
    if (str_eq(r, "industry"))
        return xstrdup(PICK(industries));
    if (str_eq(r, "products"))
        return xstrdup(PICK(products));
    if (str_eq(r, "went_to"))
        return xstrdup(PICK(competitors));
    if (str_eq(r, "own_reason_text"))
        return xstrdup(claims[s->type][rnd(3)]);
    if (str_eq(r, "decision_makers") || str_eq(r, "advocates") || str_eq(r, "blockers")) {
        char *p = person_name();
        char *out = xasprintf("%s, %s", p, PICK(job_titles));
        free(p);
        return out;
    }
    return xstrdup(PICK(commitments));
}

/* ---- choice answers ------------------------------------------------------------ */

/* How well choice c fits the story: evidence for the story's values counts,
 * evidence for other values counts against. */
static double choice_fit(const choice *c, const story *s)
{
    double fit = 0;
    for (size_t k = 0; k < c->nev; k++)
        fit += c->ev[k].value == s->target[c->ev[k].dim] ? c->ev[k].weight
                                                         : -0.5 * c->ev[k].weight;
    return fit;
}

/* Picks a choice of q (among allowed[i] true): mostly one that fits the
 * story, sometimes any. */
static int pick_choice(const question *q, const story *s, const bool *allowed)
{
    double w[64];
    int n = (int)q->nchoices < 64 ? (int)q->nchoices : 64;
    bool follow = chance(s->coherence);
    for (int i = 0; i < n; i++) {
        double fit = choice_fit(&q->choices[i], s);
        bool unsure = q->type == Q_YESNO && str_eq(q->choices[i].id, "unsure");
        if (!allowed[i])
            w[i] = 0;
        else if (!follow)
            w[i] = 1;
        else
            w[i] = unsure ? 0.02 : fit > 0 ? 0.3 + fit : fit == 0 ? 0.3 : 0.02;
    }
    return pick_weighted(w, n);
}

/* A choice, scale or yesno answer (caller frees). */
static char *choice_answer(const question *q, const story *s, const answer_set *a)
{
    bool allowed[64];
    int n = (int)q->nchoices < 64 ? (int)q->nchoices : 64;
    const answer *from = q->choices_from ? answers_get(a, q->choices_from) : NULL;
    for (int i = 0; i < n; i++)
        allowed[i] = !from || answer_has(from->value, q->choices[i].id);
    return xstrdup(q->choices[pick_choice(q, s, allowed)].id);
}

/* A multi answer: one to three choices, in form order (caller frees). */
static char *multi_answer(const question *q, const story *s)
{
    bool allowed[64], ticked[64] = { false };
    int n = (int)q->nchoices < 64 ? (int)q->nchoices : 64;
    for (int i = 0; i < n; i++)
        allowed[i] = true;
    int want = 1 + (chance(0.5) ? 1 : 0) + (chance(0.2) ? 1 : 0);
    for (int k = 0; k < want && k < n; k++) {
        int c = pick_choice(q, s, allowed);
        ticked[c] = true;
        allowed[c] = false;
    }
    strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++)
        if (ticked[i])
            sb_addf(&sb, "%s%s", sb_str(&sb)[0] ? "," : "", q->choices[i].id);
    return sb_take(&sb);
}

/* ---- one answer ---------------------------------------------------------------- */

/* A number for q by its role (caller frees). */
static char *number_answer(const question *q)
{
    const char *r = q->role ? q->role : q->id;
    if (str_eq(r, "annual_revenue"))
        return xasprintf("%ld", 1000L * (long)(8 * (1 << rnd(10)) + rnd(500)));
    if (str_eq(r, "share_of_turnover"))
        return xasprintf("%d", chance(0.1) ? 15 + rnd(20) : 1 + rnd(12));
    if (str_eq(r, "margin"))
        return xasprintf("%d", 5 + rnd(50));
    return xasprintf("%d", rnd(26));
}

/* The canonical answer of q for story s given the answers so far (caller
 * frees). */
static char *make_value(const question *q, const story *s, const answer_set *a)
{
    char day[11];
    switch (q->type) {
    case Q_TEXT: return text_answer(q, s);
    case Q_NARRATIVE:
        return str_eq(q->id, "story") ? narrative(s->type, 3, 7) : narrative(s->type, 1, 3);
    case Q_MULTI: return multi_answer(q, s);
    case Q_DATE:
        civil_from_days(s->loss_day, day);
        return xstrdup(day);
    case Q_NUMBER: case Q_MONEY: case Q_PERCENT: return number_answer(q);
    default: return choice_answer(q, s, a);
    }
}

/* Adds the answer to q to a after checking it as the wizard would; exits
 * on a generator bug (an answer the form refuses). */
static void add_answer(const form *f, const question *q, const story *s, answer_set *a)
{
    bool dk = q->dontknow && (q->type == Q_DATE ? s->loss_unknown : chance(0.03));
    if (dk) {
        answers_put(a, q->id, "", true);
        return;
    }
    char *v = make_value(q, s, a), *canon = NULL, *err = NULL;
    if (!answer_parse(q, v, &canon, &err) || !canon || !answer_check_with(f, q, canon, a, &err)) {
        fprintf(stderr, "gen: bad generated answer to %s: '%s': %s\n", q->id, v,
                err ? err : "empty");
        exit(1);
    }
    answers_put(a, q->id, canon, false);
    free(canon);
    free(v);
}

/* Answers every shown question of f (optional ones now and then left
 * out), or the first `stop` shown ones when stop >= 0. */
static void make_answers(const form *f, const story *s, answer_set *a, int stop)
{
    int shown = 0;
    for (size_t i = 0; i < f->nquestions && (stop < 0 || shown < stop); i++) {
        const question *q = &f->questions[i];
        if (!form_visible(f, i, a))
            continue;
        shown++;
        if (q->required || chance(0.92))
            add_answer(f, q, s, a);
    }
}

/* ---- one session ----------------------------------------------------------------- */

/* Exits with the store's message. */
static void check(int rc, char *err, const char *what)
{
    if (rc == STORE_OK)
        return;
    fprintf(stderr, "gen: %s: %s\n", what, err ? err : "store error");
    free(err);
    exit(1);
}

/* The story of session i: its type, attribution, time and people. */
static void make_story(gen *g, story *s)
{
    s->type = pick_weighted(type_weight, TYPE_COUNT);
    s->target[DIM_TYPE] = s->type;
    for (int d = 0; d < 3; d++)
        s->target[DIM_SOURCE + d] = type_attr[s->type][d];
    if (chance(0.3))
        s->target[DIM_SOURCE] = rnd(SOURCE_COUNT);
    if (chance(0.25))
        s->target[DIM_STABILITY] = rnd(STABILITY_COUNT);
    s->coherence = 0.55 + 0.4 * rndf();
    long span = last_loss - first_loss;
    s->loss_day = first_loss + (long)((double)span * (double)g->i / (double)g->n) + rnd(41) - 20;
    if (s->loss_day < first_loss)
        s->loss_day = first_loss;
    if (s->loss_day > last_loss)
        s->loss_day = last_loss;
    s->loss_unknown = chance(0.02);
    s->who = g->people[rnd(g->npeople)];
    s->account = g->accounts[rnd(g->naccounts)];
}

/* Saves the answers of a in form order. */
static void save_answers(gen *g, int64_t id, const form *f, const answer_set *a, const char *who)
{
    char *err = NULL;
    for (size_t i = 0; i < a->n; i++) {
        const question *q = form_question(f, a->items[i].qid);
        check(store_answer_save(g->st, id, q, &a->items[i], who, &err), err, "save an answer");
    }
}

/* Now and then the salesperson overrides one value of the diagnosis with a
 * reason (kept in d so that the plan follows it). */
static void maybe_override(gen *g, int64_t id, diagnosis *d, const char *who)
{
    if (!chance(0.04))
        return;
    int dim = rnd(DIM_COUNT + 1);
    int count = dim == DIM_COUNT ? PRIORITY_COUNT : vocab_value_count(dim);
    int cur = dim == DIM_COUNT ? d->priority_final : d->dim[dim].final;
    int v = (cur + 1 + rnd(count - 1)) % count;
    if (cur < 0)
        v = rnd(count);
    const char *why = PICK(reasons_text);
    char *err = NULL;
    check(store_override(g->st, id, dim, v, why, who, &err), err, "override");
    if (dim < DIM_COUNT) {
        diagnosis_override(d, dim, v, why);
    } else {
        d->priority_final = v;
        free(d->priority_override_reason);
        d->priority_override_reason = xstrdup(why);
    }
}

/* Work done on the checklist by the time of the data's "today": older
 * cases are further along. */
static void progress_plan(plan *p, long start_day, const char *who)
{
    double age = (double)(data_today - start_day);
    double done = rndf() * (age > 180 ? 1.0 : age / 180);
    char day[11];
    for (size_t i = 0; i < p->nitems; i++) {
        plan_item *it = &p->items[i];
        double r = rndf();
        it->status = r < done ? ITEM_DONE : r < done + 0.1 ? ITEM_DOING
                   : chance(0.05) ? ITEM_DROPPED : ITEM_TODO;
        if (chance(0.5))
            it->owner = xstrdup(who);
        if (it->status == ITEM_TODO || it->status == ITEM_DOING) {
            civil_from_days(start_day + 7 + rnd(120), day);
            it->due = xstrdup(day);
        }
    }
}

/* Diagnosis, overrides and the plan with its progress. */
static void diagnose_and_plan(gen *g, int64_t id, const form *f, const answer_set *a,
                              const story *s, long start_day)
{
    diagnosis d;
    char *err = NULL;
    classify(f, a, &d);
    worth_assess(f, a, &d);
    check(store_diagnosis_save(g->st, id, &d, &err), err, "save the diagnosis");
    maybe_override(g, id, &d, s->who);
    plan p;
    plan_init(&p);
    plan_build(g->lib, f, a, &d, &p);
    plan_check(g->lib, &d, &p);
    progress_plan(&p, start_day, s->who);
    check(store_plan_save(g->st, id, &p, &err), err, "save the plan");
    if (p.nitems && chance(0.3)) {
        plan_item *it = &p.items[rnd((int)p.nitems)];
        it->status = ITEM_DONE;
        check(store_plan_item_update(g->st, id, it, s->who, &err), err, "tick an item");
    }
    plan_free(&p);
    diagnosis_free(&d);
}

/* The outcome, when the case has had time to end; the type shown to the
 * manager decides the odds.  Returns the day of the last change. */
static long set_outcome(gen *g, int64_t id, const story *s, long start_day)
{
    double age = (double)(data_today - start_day);
    if (!chance(age > 365 ? 0.85 : 0.85 * age / 365))
        return start_day;
    int o = OUTCOME_WON_BACK + pick_weighted(outcome_weight[s->type], 5);
    long day = s->loss_day + 20 + rnd(400);
    if (day < start_day)
        day = start_day;
    if (day > data_today)
        day = data_today;
    char date[11];
    civil_from_days(day, date);
    const char *note = chance(0.4) ? PICK(endings) : NULL;
    char *err = NULL;
    check(store_outcome_set(g->st, id, o, date, note, chance(0.3) ? PICK(managers) : s->who,
                            &err), err, "set the outcome");
    return day;
}

/* A manager's look at a few cases: comments and overrides. */
static void manager_review(gen *g, int64_t id)
{
    char *err = NULL;
    if (chance(0.06))
        check(review_comment_add(g->st, id, PICK(comment_text), PICK(managers), &err), err,
              "comment");
    if (chance(0.02)) {
        int dim = rnd(DIM_COUNT);
        check(review_override(g->st, id, dim, rnd(vocab_value_count(dim)), PICK(reasons_text),
                              PICK(managers), &err), err, "review");
    }
}

/* Moves the session's timestamps from "now" to its place in the history:
 * debriefed some days after the loss, last touched at `last`. */
static void date_back(gen *g, int64_t id, long start_day, long last)
{
    char d1[11], d2[11], created[20], updated[20];
    civil_from_days(start_day, d1);
    civil_from_days(last, d2);
    snprintf(created, sizeof created, "%s %02d:%02d:%02d", d1, 8 + rnd(10), rnd(60), rnd(60));
    snprintf(updated, sizeof updated, "%s %02d:%02d:%02d", d2, 8 + rnd(10), rnd(60), rnd(60));
    char *err = NULL;
    check(store_run(g->st, &err, NULL, "UPDATE sessions SET created = ?, updated = ? "
                    "WHERE id = ?", "ssi", created, updated, id), err, "date the session");
    check(store_run(g->st, &err, NULL, "UPDATE changes SET at = ? WHERE session_id = ?", "si",
                    updated, id), err, "date the history");
    check(store_run(g->st, &err, NULL, "UPDATE comments SET at = ? WHERE session_id = ?", "si",
                    updated, id), err, "date the comments");
    check(store_run(g->st, &err, NULL, "UPDATE answers SET updated_at = ? WHERE session_id = ?",
                    "si", created, id), err, "date the answers");
}

/* Writes session number g->i. */
static void make_session(gen *g)
{
    story s;
    make_story(g, &s);
    bool training = chance(0.05);
    bool unfinished = !training && chance(0.02);
    const form *f = chance(0.2) ? g->quick : g->full;
    answer_set a;
    answers_init(&a);
    make_answers(f, &s, &a, unfinished ? 2 + rnd(6) : -1);
    int64_t id = 0;
    char *err = NULL;
    check(store_session_new(g->st, f->id, f->version, s.who, training, &id, &err), err,
          "create a session");
    save_answers(g, id, f, &a, s.who);
    long start_day = s.loss_day + 3 + rnd(40);
    if (start_day > data_today)
        start_day = data_today;
    long last = start_day;
    if (unfinished) {
        check(store_session_set_position(g->st, id, a.n ? a.items[a.n - 1].qid : NULL, &err),
              err, "set the position");
    } else {
        diagnose_and_plan(g, id, f, &a, &s, start_day);
        check(store_session_finish(g->st, id, &err), err, "finish");
        if (!training) {
            last = set_outcome(g, id, &s, start_day);
            manager_review(g, id);
        }
    }
    date_back(g, id, start_day, last);
    answers_free(&a);
}

/* ---- main -------------------------------------------------------------------------- */

/* Loads the shipped form `name` or exits. */
static form *load_form(const char *name)
{
    char *path = paths_find("forms", name);
    problems p;
    problems_init(&p);
    form *f = path ? form_load(path, &p) : NULL;
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "gen: %s\n", p.msg[i]);
    if (!f) {
        fprintf(stderr, "gen: cannot load the form %s (run from the build directory)\n", name);
        exit(1);
    }
    problems_free(&p);
    free(path);
    return f;
}

/* Loads the activity library or exits. */
static library *load_library(void)
{
    char *acts = paths_find("share", "activities.ini");
    char *rules = paths_find("share", "rules.ini");
    problems p;
    problems_init(&p);
    library *lib = acts && rules ? library_load(acts, rules, &p) : NULL;
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "gen: %s\n", p.msg[i]);
    if (!lib) {
        fprintf(stderr, "gen: cannot load the activity library\n");
        exit(1);
    }
    problems_free(&p);
    free(acts);
    free(rules);
    return lib;
}

/* True when the session summary's checklist count reads plan_items through
 * the (status, due) index, i.e. walks every item of that status in the
 * database on each checklist write (the planner's choice without
 * statistics). */
static bool summary_scans_items(store *st)
{
    sqlite3_stmt *s = NULL;
    bool scans = false;
    if (sqlite3_prepare_v2(store_db(st), "EXPLAIN QUERY PLAN SELECT items_done FROM "
                           "session_summary WHERE id = 1", -1, &s, NULL) != SQLITE_OK)
        return false;
    while (sqlite3_step(s) == SQLITE_ROW)
        if (strstr((const char *)sqlite3_column_text(s, 3), "plan_items_due"))
            scans = true;
    sqlite3_finalize(s);
    return scans;
}

/* Generating would take hours when every checklist write scans all items
 * (see summary_scans_items): statistics saying that session_id is the
 * selective column steer the planner for the generator's connection; they
 * are dropped at the end so the benchmark reads a database like a user's.
 * Returns whether they were installed. */
static bool steer_planner(store *st)
{
    if (!summary_scans_items(st))
        return false;
    fprintf(stderr, "gen: note: session_summary counts checklist items through the "
                    "plan_items(status, due) index (a scan per checklist write); the "
                    "generator steers around it with statistics it drops at the end\n");
    sqlite3_exec(store_db(st), "ANALYZE sqlite_schema; INSERT INTO sqlite_stat1 VALUES "
                 "('plan_items', 'plan_items_due', '1000000 300000 5'), "
                 "('plan_items', 'plan_items_owner', '1000000 1000 300 5'), "
                 "('plan_items', 'sqlite_autoindex_plan_items_1', '1000000 15 1'); "
                 "ANALYZE sqlite_schema", NULL, NULL, NULL);
    return true;
}

/* Writes all sessions, BATCH to a transaction. */
static void generate(gen *g)
{
    char *err = NULL;
    for (g->i = 0; g->i < g->n; g->i++) {
        if (g->i % BATCH == 0)
            check(store_begin(g->st, &err), err, "begin");
        make_session(g);
        if (g->i % BATCH == BATCH - 1 || g->i == g->n - 1)
            check(store_commit(g->st, &err), err, "commit");
        if (g->i % 10000 == 9999)
            fprintf(stderr, "gen: %ld sessions\n", g->i + 1);
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long n = 0, seed = 1;
    if (argc < 3 || argc > 4 || !parse_long(argv[2], &n) || n < 1
        || (argc == 4 && !parse_long(argv[3], &seed))) {
        fprintf(stderr, "usage: gen DB N [SEED]\n");
        return 2;
    }
    struct stat sb;
    if (stat(argv[1], &sb) == 0 && sb.st_size > 0) {
        fprintf(stderr, "gen: %s already exists: remove it first (the data must be "
                        "reproducible)\n", argv[1]);
        return 1;
    }
    rng_state = (uint64_t)seed;
    dates_init();
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 2048, 2000);
    char *err = NULL;
    store *st = store_open(argv[1], 0, &err);
    if (!st) {
        fprintf(stderr, "gen: %s\n", err ? err : "cannot open the database");
        return 1;
    }
    sqlite3_exec(store_db(st), "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; "
                 "PRAGMA cache_size=-262144", NULL, NULL,
                 NULL);
    form *full = load_form("debrief.ini"), *quick = load_form("quick.ini");
    library *lib = load_library();
    gen g = { .st = st, .full = full, .quick = quick, .lib = lib, .n = n };
    gen_people(&g);
    bool steered = steer_planner(st);
    double t0 = now_seconds();
    generate(&g);
    if (steered)
        sqlite3_exec(store_db(st), "DROP TABLE sqlite_stat1", NULL, NULL, NULL);
    sqlite3_exec(store_db(st), "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    store_close(st);
    double secs = now_seconds() - t0;
    double mb = stat(argv[1], &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
    printf("gen: %ld sessions (seed %ld, %d salespeople) in %.1f s (%.0f/s); %s is %.1f MB\n",
           n, seed, g.npeople, secs, (double)n / secs, argv[1], mb);
    gen_free(&g);
    library_free(lib);
    form_free(full);
    form_free(quick);
    return 0;
}
