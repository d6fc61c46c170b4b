/*
 * report.c - a report about one thread: one self-contained HTML page, or
 * the same content as Markdown with the diagrams as SVG files beside it.
 *
 * Sections, in order: header and source; summary figures; the argument
 * diagram (Graphviz SVG, inlined); sentiment over time since the post and
 * over reply depth (charts from svg.c); the most disputed comments and the
 * longest back-and-forths with excerpts; participants; the comment tree,
 * collapsible, with each score's explanation on demand.
 *
 * The page loads nothing: styles and a three-line script (expand / collapse
 * all) are inline, and a Content-Security-Policy forbids every fetch.
 * The tree is nested <details> elements written from an iterative pre-order
 * walk; nesting stops at TREE_NEST_MAX levels (deeper replies sit at that
 * level, marked with their depth) so no thread can exceed a browser's
 * nesting limits.  Everything is built in memory, then written atomically.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../score/scores.h"
#include "../thread/thread.h"
#include "../util/error.h"
#include "../util/timeparse.h"
#include "report.h"

#define DIAGRAM_NODES 120     /* argument diagram: comments kept (readable at page width) */
#define TREE_NEST_MAX 24      /* deepest nesting of <details> in the tree */
#define OPEN_ALL_MAX 60       /* threads this small start fully expanded */
#define OPEN_TOP_MAX 600      /* up to this size top-level comments start expanded */
#define EXCERPT 180           /* bytes of a comment shown in its summary line */
#define PEOPLE_SHOWN 25       /* participants in the table before "more" */
#define TIME_BINS_MAX 24      /* bins of the time chart */
#define DEPTH_BINS 12         /* depth chart: 1 .. 11, then "12+" */

typedef struct {
  const char *author;
  size_t comments, scored, agree_given, disagree_given, disagree_recv;
  double sum;
} S_person;

typedef struct {
  const tm_thread *t;
  const tm_scores *s;
  const tm_report_options *o;
  tm_measures m;
  tm_stats st;
  S_person *people;
  size_t npeople;
  tm_buf argument, time_chart, depth_chart;
  char diagram_note[300];
  int has_diagram, has_time;
} S_rep;

/* ------------------------------------------------------------ figures */

static int S_cmp_author(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  return strcmp(x, y);
}

static int S_cmp_person(const void *a, const void *b) {
  const S_person *x = a, *y = b;
  if (x->comments != y->comments) return x->comments < y->comments ? 1 : -1;
  return strcmp(x->author, y->author);
}

static long S_find(const S_person *p, size_t n, const char *a) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(p[mid].author, a);
    if (!c) return (long)mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

static int S_people(S_rep *r) {
  const tm_thread *t = r->t;
  size_t n = t->n, na = 0;
  const char **names = malloc((n ? n : 1) * sizeof *names);
  r->people = calloc(n ? n : 1, sizeof *r->people);
  if (!names || !r->people) {
    free(names);
    return TM_ENOMEM;
  }
  for (size_t i = 0; i < n; i++)
    if (t->c[i].author) names[na++] = t->c[i].author;
  qsort(names, na, sizeof *names, S_cmp_author);
  for (size_t i = 0; i < na; i++)
    if (!r->npeople || strcmp(names[i], r->people[r->npeople - 1].author))
      r->people[r->npeople++].author = names[i];
  free(names);
  for (size_t i = 0; i < n; i++) {
    const tm_comment *c = &t->c[i];
    const tm_stance *st = &r->s->stance[i];
    int dis = st->label == TM_STANCE_DISAGREE || st->label == TM_STANCE_MIXED;
    if (c->author) {
      S_person *p = &r->people[S_find(r->people, r->npeople, c->author)];
      p->comments++;
      if (!(c->flags & TM_CF_DELETED) && c->text_len) p->scored++, p->sum += r->s->sent[i].compound;
      if (st->label == TM_STANCE_AGREE) p->agree_given++;
      if (dis) p->disagree_given++;
    }
    if (dis && c->parent != TM_NONE && t->c[c->parent].author)
      r->people[S_find(r->people, r->npeople, t->c[c->parent].author)].disagree_recv++;
  }
  qsort(r->people, r->npeople, sizeof *r->people, S_cmp_person);
  return TM_OK;
}

static int S_scored(const tm_thread *t, size_t i) { return !(t->c[i].flags & TM_CF_DELETED) && t->c[i].text_len; }

/* mean compound per bin with its interval */
typedef struct { double sum, sumsq; size_t n; } S_acc;

static void S_pt(tm__pt *p, double x, const S_acc *a) {
  p->x = x;
  p->n = a->n;
  tm__mean_ci_c(a->sum, a->sumsq, a->n, &p->y, &p->lo, &p->hi);
}

static int S_cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int S_time_chart(S_rep *r) {
  const tm_thread *t = r->t;
  int64_t t0 = t->meta.time;
  int from_post = t0 != TM_TIME_UNKNOWN;
  size_t known = 0;
  for (size_t i = 0; i < t->n; i++)
    if (t->c[i].time != TM_TIME_UNKNOWN && S_scored(t, i)) {
      known++;
      if (!from_post && (t0 == TM_TIME_UNKNOWN || t->c[i].time < t0)) t0 = t->c[i].time;
    }
  if (!known) return TM_OK;
  double *d = malloc(known * sizeof *d);
  if (!d) return TM_ENOMEM;
  size_t k = 0;
  for (size_t i = 0; i < t->n; i++)
    if (t->c[i].time != TM_TIME_UNKNOWN && S_scored(t, i))
      d[k++] = (double)(t->c[i].time > t0 ? t->c[i].time - t0 : 0);
  qsort(d, known, sizeof *d, S_cmp_d);
  double span = d[(size_t)floor(0.95 * (double)(known - 1))];
  free(d);
  static const double widths[] = {60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
                                  172800, 604800, 2592000, 31536000};
  double bw = widths[sizeof widths / sizeof *widths - 1];
  for (size_t w = 0; w < sizeof widths / sizeof *widths; w++)
    if (span / widths[w] < TIME_BINS_MAX) {
      bw = widths[w];
      break;
    }
  size_t nb = (size_t)(span / bw) + 1;
  double unit = span + bw <= 2 * 3600 ? 60 : span + bw <= 4 * 86400 ? 3600 : 86400;
  const char *uname = unit == 60 ? "minutes" : unit == 3600 ? "hours" : "days";
  S_acc *acc = calloc(nb, sizeof *acc);
  tm__pt *pts = calloc(nb, sizeof *pts);
  if (!acc || !pts) {
    free(acc);
    free(pts);
    return TM_ENOMEM;
  }
  size_t later = 0;
  for (size_t i = 0; i < t->n; i++) {
    if (t->c[i].time == TM_TIME_UNKNOWN || !S_scored(t, i)) continue;
    double dt = (double)(t->c[i].time > t0 ? t->c[i].time - t0 : 0);
    size_t b = (size_t)(dt / bw);
    if (b >= nb) {
      later++;
      continue;
    }
    double v = r->s->sent[i].compound;
    acc[b].sum += v, acc[b].sumsq += v * v, acc[b].n++;
  }
  size_t np = 0;
  for (size_t b = 0; b < nb; b++)
    if (acc[b].n) S_pt(&pts[np++], ((double)b + 0.5) * bw / unit, &acc[b]);
  char xl[96], note[200], bws[32];
  tm__fmt_duration(bw, bws, sizeof bws);
  snprintf(xl, sizeof xl, "%s since the %s (bins of %s)", uname, from_post ? "post" : "first comment", bws);
  snprintf(note, sizeof note, "Whiskers: 95%% interval. Not shown: %zu later comments (the last 5%%), %zu without a time.",
           later, t->n - known);
  tm__series se = {"mean sentiment", TM_COLOR_POS, pts, np};
  tm__chart c;
  memset(&c, 0, sizeof c);
  c.title = "Sentiment over time";
  c.xlabel = xl;
  c.ylabel = "mean compound (-1..+1)";
  c.width = 620;
  c.height = 330;
  c.xmin = 0;
  c.xmax = (double)nb * bw / unit;
  c.series = &se;
  c.nseries = 1;
  c.small_n = 5;
  c.show_n = 1;
  c.yref_on = 1;
  c.note = note;
  int rc = tm__svg_lines(&r->time_chart, &c);
  r->has_time = rc == TM_OK;
  free(acc);
  free(pts);
  return rc;
}

static int S_depth_chart(S_rep *r) {
  S_acc acc[DEPTH_BINS];
  memset(acc, 0, sizeof acc);
  for (size_t i = 0; i < r->t->n; i++) {
    if (!S_scored(r->t, i)) continue;
    size_t d = r->t->c[i].depth;
    size_t b = d >= DEPTH_BINS ? DEPTH_BINS - 1 : d ? d - 1 : 0;
    double v = r->s->sent[i].compound;
    acc[b].sum += v, acc[b].sumsq += v * v, acc[b].n++;
  }
  tm__pt pts[DEPTH_BINS];
  char names[DEPTH_BINS][8];
  const char *cats[DEPTH_BINS];
  size_t np = 0, ncat = 0;
  for (size_t b = 0; b < DEPTH_BINS; b++) {
    snprintf(names[b], sizeof names[b], b == DEPTH_BINS - 1 ? "%zu+" : "%zu", b + 1);
    cats[b] = names[b];
    if (acc[b].n) S_pt(&pts[np++], (double)b, &acc[b]), ncat = b + 1;
  }
  tm__series se = {"mean sentiment", TM_COLOR_POS, pts, np};
  tm__chart c;
  memset(&c, 0, sizeof c);
  c.title = "Sentiment by reply depth";
  c.xlabel = "reply depth (1 = top-level comment)";
  c.ylabel = "mean compound (-1..+1)";
  c.width = 620;
  c.height = 330;
  c.xcats = cats;
  c.ncats = ncat ? ncat : 1;
  c.series = &se;
  c.nseries = 1;
  c.small_n = 5;
  c.show_n = 1;
  c.yref_on = 1;
  c.note = "Whiskers: 95% interval of the mean compound at that depth.";
  return tm__svg_lines(&r->depth_chart, &c);
}

static int S_buf_write(const char *d, size_t n, void *p) { return tm_buf_put(p, d, n) ? -1 : 0; }

static int S_diagram(S_rep *r) {
  tm_graph_options go = TM_GRAPH_OPTIONS_INIT;
  go.kind = TM_GRAPH_ARGUMENT;
  go.max_nodes = r->o->diagram_nodes ? r->o->diagram_nodes : DIAGRAM_NODES;
  tm_graph *g = NULL;
  tm_buf raw = TM_BUF_INIT;
  tm_error err;
  memset(&err, 0, sizeof err);
  int rc = tm_graph_build(&g, r->t, r->s, &go, &err);
  if (rc == TM_OK) rc = tm_graph_render(g, "svg", S_buf_write, &raw, &err);
  if (rc == TM_OK) {
    const char *svg = raw.ptr ? strstr(raw.ptr, "<svg") : NULL;
    if (svg) {
      rc = tm_buf_put(&r->argument, svg, raw.len - (size_t)(svg - raw.ptr));
      r->has_diagram = rc == TM_OK;
      snprintf(r->diagram_note, sizeof r->diagram_note,
               "%zu of %zu comments shown (the most engaged and disputed, with their ancestors); layout %s.",
               tm_graph_shown(g), r->t->n, tm_graph_layout(g));
    }
  } else if (rc != TM_ENOMEM) {
    /* a diagram that cannot be drawn does not sink the report */
    snprintf(r->diagram_note, sizeof r->diagram_note, "The diagram could not be drawn: %s", err.msg);
    rc = TM_OK;
  }
  tm_graph_free(g);
  tm_buf_free(&raw);
  return rc;
}

/* -------------------------------------------------------------- helpers */

static const char *S_sent_name(float cp) { return cp >= 0.05f ? "positive" : cp <= -0.05f ? "negative" : "neutral"; }
static const char *S_sent_class(float cp) { return cp >= 0.05f ? "pos" : cp <= -0.05f ? "neg" : "neu"; }

static void S_time(int64_t t, char *buf, size_t size) {
  if (t == TM_TIME_UNKNOWN) {
    snprintf(buf, size, "time unknown");
    return;
  }
  char iso[32];
  tm__format_time(t, iso);
  /* "2026-03-14T08:12:02Z" -> "2026-03-14 08:12 UTC" */
  if (strlen(iso) >= 16) snprintf(buf, size, "%.10s %.5s UTC", iso, iso + 11);
  else snprintf(buf, size, "%s", iso);
}

static double S_pct(size_t k, size_t n) { return n ? 100.0 * (double)k / (double)n : 0; }

/* ----------------------------------------------------------------- HTML */

static const char S_css[] =
    "body{font:15px/1.5 'DejaVu Sans',Verdana,sans-serif;color:#1d1d1f;background:#f6f6f4;margin:0}\n"
    "main{max-width:1100px;margin:0 auto;padding:24px 28px 60px;background:#fff;box-shadow:0 0 0 1px #e4e4e0}\n"
    "h1{font-size:24px;line-height:1.25;margin:4px 0 6px}h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid #e9e9e5}\n"
    ".src{color:#555;font-size:13px}.src span{margin-right:14px}\n"
    ".story{background:#f7f7f5;border-left:4px solid #bbb;padding:8px 12px;margin:10px 0;font-size:14px;color:#333}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(132px,1fr));gap:10px;margin:14px 0}\n"
    ".card{border:1px solid #e2e2de;border-radius:8px;padding:10px 12px;background:#fcfcfb}\n"
    ".card b{display:block;font-size:24px;line-height:1.2}.card small{color:#555;font-size:12px}\n"
    ".card .ci{font-size:12px;color:#666}\n"
    ".bar{display:flex;height:22px;border-radius:4px;overflow:hidden;margin:6px 0 2px;font-size:12px;color:#fff}\n"
    ".bar span{display:flex;align-items:center;justify-content:center;white-space:nowrap;overflow:hidden}\n"
    ".pos{--c:#0072B2}.neg{--c:#D55E00}.neu{--c:#9A9A9A}\n"
    ".bar .pos,.bar .neg,.bar .neu{background:var(--c)}.bar .neu{color:#111}\n"
    ".legend{font-size:13px;color:#333;margin:6px 0}.legend i{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin:0 4px 0 12px;border-radius:2px}\n"
    ".diagram{overflow:auto;border:1px solid #e2e2de;border-radius:6px;max-height:820px;background:#fff}\n"
    ".diagram svg{max-width:100%;height:auto}#zoom{margin-right:4px}#zoom:checked~.diagram svg{max-width:none}\n"
    ".diagram.wide svg{max-width:none;width:auto;height:520px}#zoom:checked~.diagram.wide svg{height:auto}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px}\n"
    ".charts svg{width:100%;height:auto;border:1px solid #e2e2de;border-radius:6px}\n"
    ".note{color:#555;font-size:13px}\n"
    "h3{font-size:16px;margin:18px 0 4px}\n"
    "table{border-collapse:collapse;font-size:14px;margin:8px 0}th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\n"
    "th{background:#f4f4f1;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".ex{color:#333}.who{font-weight:600}\n"
    ".badge{display:inline-block;font-size:11px;padding:0 6px;border-radius:9px;border:1px solid var(--c);color:#222;margin-right:4px;white-space:nowrap}\n"
    ".badge.s{background:var(--c);color:#fff}.badge.s.neu{color:#111}\n"
    ".st-agree{--c:#0072B2}.st-disagree{--c:#D55E00}.st-mixed{--c:#E69F00}.st-neutral{--c:#9A9A9A}\n"
    "#tree details.c{margin:3px 0 3px 0;border-left:4px solid var(--c);padding-left:8px}\n"
    "#tree details.c details.c{margin-left:14px}\n"
    "#tree summary{cursor:pointer;list-style-position:outside;font-size:14px}\n"
    "#tree summary .meta{color:#666;font-size:12px;margin-right:6px}\n"
    "#tree .body{white-space:pre-wrap;background:#fafaf8;border-radius:4px;padding:6px 10px;margin:4px 0;font-size:14px;overflow-wrap:anywhere}\n"
    "#tree details.c[open]>summary>.ex{display:none}\n"
    "#tree .deep{font-size:11px;color:#a33}\n"
    "details.why{font-size:12px;color:#444;margin:2px 0 6px}details.why summary{font-size:12px;color:#1a5e9a}\n"
    "details.why ul{margin:2px 0;padding-left:18px}\n"
    "button{font:inherit;font-size:13px;margin-right:6px;padding:3px 10px;border:1px solid #bbb;border-radius:5px;background:#fafafa;cursor:pointer}\n"
    "@media print{details{display:block}main{box-shadow:none}}\n";

static const char S_js[] =
    "document.querySelectorAll('button[data-open]').forEach(function(b){b.addEventListener('click',function(){"
    "var o=b.getAttribute('data-open')==='1';document.querySelectorAll('#tree details.c').forEach(function(d){d.open=o;});});});\n";

#define P(...) do { if (rc == TM_OK) rc = tm_buf_printf(b, __VA_ARGS__); } while (0)
#define S(str) do { if (rc == TM_OK) rc = tm_buf_puts(b, str); } while (0)
#define E(str) do { if (rc == TM_OK) rc = tm__esc_html_z(b, str); } while (0)
#define EN(str, n) do { if (rc == TM_OK) rc = tm__esc_html(b, str, n); } while (0)
#define X(str, n, max) do { if (rc == TM_OK) rc = tm__excerpt(b, str, n, max, html); } while (0)

/* targets named with --target: mentions and mean sentiment with its interval */
static int S_targets(tm_buf *b, const S_rep *r, int html) {
  int rc = TM_OK;
  size_t nt = r->s->ntargets;
  if (!nt) return TM_OK;
  if (html)
    S("<h3>Targets</h3>\n<table><tr><th>target</th><th>comments mentioning it</th><th>mentions</th>"
      "<th>mean sentiment (95% CI)</th><th>positive</th><th>negative</th></tr>\n");
  else
    S("### Targets\n\n| target | comments mentioning it | mentions | mean sentiment (95% CI) | positive | negative |\n"
      "|---|---|---|---|---|---|\n");
  for (size_t k = 0; k < nt && rc == TM_OK; k++) {
    tm_target_summary ts;
    if (tm_scores_target_summary(r->s, k, &ts)) continue;
    double sum = 0, sumsq = 0, mean, lo, hi;
    for (size_t i = 0; i < r->t->n; i++) {
      const tm_target_score *q = tm_scores_target(r->s, i, k);
      if (q && q->mentions) sum += q->sentiment, sumsq += (double)q->sentiment * q->sentiment;
    }
    tm__mean_ci_c(sum, sumsq, ts.comments, &mean, &lo, &hi);
    char ci[64];
    if (!ts.comments) snprintf(ci, sizeof ci, "not mentioned");
    else if (isnan(lo)) snprintf(ci, sizeof ci, "%+.2f (one comment)", mean);
    else snprintf(ci, sizeof ci, "%+.2f (%+.2f to %+.2f)%s", mean, lo, hi, ts.comments < 10 ? ", few comments" : "");
    if (html) {
      S("<tr><td>");
      if (rc == TM_OK) rc = tm__esc_html_z(b, r->s->target_names[k]);
      P("</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n",
        ts.comments, ts.mentions, ci, ts.positive, ts.negative);
    } else {
      S("| ");
      if (rc == TM_OK) rc = tm__esc_md(b, r->s->target_names[k], strlen(r->s->target_names[k]));
      P(" | %zu | %zu | %s | %zu | %zu |\n", ts.comments, ts.mentions, ci, ts.positive, ts.negative);
    }
  }
  S(html ? "</table>\n" : "\n");
  return rc;
}

/* explanation of one comment's scores, as an HTML list */
static int S_explain_html(tm_buf *b, const S_rep *r, size_t i) {
  int rc = TM_OK;
  const tm_comment *c = &r->t->c[i];
  const tm_sentiment *se = &r->s->sent[i];
  const tm_stance *st = &r->s->stance[i];
  const tm_explain *ex = tm_scores_explain(r->s, i);
  const tm_stance_explain *sx = tm_scores_stance_explain(r->s, i);
  S("<details class=\"why\"><summary>why these scores?</summary><ul>");
  P("<li>sentiment %+.3f (%s): %.0f%% positive, %.0f%% neutral, %.0f%% negative words; %u sentences, %u cues",
    se->compound, S_sent_name(se->compound), se->pos * 100, se->neu * 100, se->neg * 100, se->sentences, se->hits);
  if (ex && ex->n) {
    S(": ");
    for (size_t k = 0; k < ex->n && k < 24; k++) {
      const tm_contrib *ct = &ex->items[k];
      if ((size_t)ct->start + ct->len > c->text_len) continue;
      S(k ? ", &ldquo;" : "&ldquo;");
      EN(c->text + ct->start, ct->len);
      P("&rdquo; %+.2f", ct->value);
      uint32_t rules = ct->rules;
      int first = 1;
      for (uint32_t bit = 1; bit && bit <= rules; bit <<= 1)
        if ((rules & bit) && tm_rule_name(bit)) {
          P("%s%s", first ? " (" : ", ", tm_rule_name(bit));
          first = 0;
        }
      if (!first) S(")");
    }
    if (ex->n > 24) P(" and %zu more", ex->n - 24);
  }
  S("</li>");
  if (st->label != TM_STANCE_NONE) {
    P("<li>stance toward the %s: %s, score %+.2f, confidence %.2f", c->parent == TM_NONE ? "post" : "parent",
      tm_stance_name(st->label), st->score, st->confidence);
    if (sx && sx->n) {
      S("; evidence: ");
      for (size_t k = 0; k < sx->n && k < 16; k++) {
        const tm_stance_cue *q = &sx->items[k];
        if (k) S(", ");
        if (q->len && (size_t)q->start + q->len <= c->text_len) {
          S("&ldquo;");
          EN(c->text + q->start, q->len);
          S("&rdquo; ");
        }
        P("%s %+.2f", tm_cue_name(q->kind) ? tm_cue_name(q->kind) : "cue", q->weight);
      }
    } else if (st->cues) {
      S("; cues: ");
      int first = 1;
      for (uint32_t k = 1; k < 32; k++)
        if ((st->cues & (1u << k)) && tm_cue_name(k)) {
          P("%s%s", first ? "" : ", ", tm_cue_name(k));
          first = 0;
        }
    }
    S("</li>");
  }
  if (!ex && !sx) S("<li>word-level evidence not kept (score the thread with explanations)</li>");
  S("</ul></details>");
  return rc;
}

static int S_comment_head(tm_buf *b, const S_rep *r, size_t i, int html) {
  int rc = TM_OK;
  const tm_comment *c = &r->t->c[i];
  float cp = r->s->sent[i].compound;
  const tm_stance *st = &r->s->stance[i];
  char when[40];
  S_time(c->time, when, sizeof when);
  S("<span class=\"who\">");
  E(c->author ? c->author : "[unknown]");
  S("</span> <span class=\"meta\">");
  E(when);
  S("</span>");
  if (S_scored(r->t, i)) P("<span class=\"badge s %s\">%s %+.2f</span>", S_sent_class(cp), S_sent_name(cp), cp);
  else S("<span class=\"badge s neu\">deleted</span>");
  if (st->label != TM_STANCE_NONE && st->label != TM_STANCE_NEUTRAL)
    P("<span class=\"badge st-%s\">%s%s</span>", tm_stance_name(st->label), tm_stance_name(st->label),
      st->label == TM_STANCE_AGREE ? "s" : st->label == TM_STANCE_DISAGREE ? "s" : "");
  S(" <span class=\"ex\">");
  X(c->text, c->text_len, EXCERPT);
  S("</span>");
  return rc;
}

/* a comment's full text, escaped, with runs of blank lines cut to one */
static int S_body(tm_buf *b, const char *s, size_t len) {
  tm_buf tmp = TM_BUF_INIT;
  int rc = TM_OK;
  size_t i = 0;
  while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ' || s[i] == '\t')) i++;
  while (i < len && rc == TM_OK) {
    if (s[i] == '\n') {
      size_t j = i, nl = 0, after = i + 1; /* keep the indentation of the next line */
      while (j < len && (s[j] == '\n' || s[j] == '\r' || s[j] == ' ' || s[j] == '\t')) {
        if (s[j] == '\n') nl++, after = j + 1;
        j++;
      }
      if (j == len) break;
      rc = tm_buf_puts(&tmp, nl > 1 ? "\n\n" : "\n");
      i = after;
      continue;
    }
    rc = tm_buf_putc(&tmp, s[i++]);
  }
  if (rc == TM_OK && tmp.len) rc = tm__esc_html(b, tmp.ptr, tmp.len);
  tm_buf_free(&tmp);
  return rc;
}

static int S_tree_html(tm_buf *b, const S_rep *r) {
  int rc = TM_OK;
  const tm_thread *t = r->t;
  int open_depth = r->o->open_depth;
  if (open_depth < 0) open_depth = t->n <= OPEN_ALL_MAX ? TREE_NEST_MAX + 1 : t->n <= OPEN_TOP_MAX ? 1 : 0;
  int html = 1;
  size_t open = 0; /* <details> currently open */
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE && rc == TM_OK; i = tm_thread_preorder_next(t, i)) {
    const tm_comment *c = &t->c[i];
    size_t level = c->depth > TREE_NEST_MAX ? TREE_NEST_MAX : c->depth;
    if (!level) level = 1;
    while (open >= level && rc == TM_OK) {
      S("</details>\n");
      open--;
    }
    float cp = r->s->sent[i].compound;
    P("<details class=\"c %s\" id=\"c%u\"%s><summary>", S_scored(t, i) ? S_sent_class(cp) : "neu", i,
      (int)c->depth <= open_depth ? " open" : "");
    if (c->depth > TREE_NEST_MAX) P("<span class=\"deep\">depth %u</span> ", c->depth);
    if (rc == TM_OK) rc = S_comment_head(b, r, i, html);
    if (c->nchildren) P(" <span class=\"meta\">&middot; %u repl%s</span>", c->nchildren, c->nchildren == 1 ? "y" : "ies");
    S("</summary><div class=\"body\">");
    if (rc == TM_OK) rc = S_body(b, c->text, c->text_len);
    S("</div>");
    if (rc == TM_OK) rc = S_explain_html(b, r, i);
    S("\n");
    open++;
  }
  while (open-- && rc == TM_OK) S("</details>\n");
  return rc;
}

static int S_card(tm_buf *b, const char *value, const char *label, const char *ci) {
  int rc = TM_OK;
  S("<div class=\"card\"><b>");
  E(value);
  S("</b><small>");
  E(label);
  S("</small>");
  if (ci) {
    S("<div class=\"ci\">");
    E(ci);
    S("</div>");
  }
  S("</div>\n");
  return rc;
}

static int S_html(tm_buf *b, S_rep *r) {
  int rc = TM_OK, html = 1;
  const tm_thread *t = r->t;
  const tm_meta *mt = &t->meta;
  const tm_measures *m = &r->m;
  char v[64], ci[96], when[40];
  S("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; img-src data:\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<link rel=\"icon\" href=\"data:,\">\n<title>");
  E(mt->title ? mt->title : "Thread report");
  S(" &mdash; threadmap report</title>\n<style>\n");
  S(S_css);
  S("</style></head><body><main>\n<div class=\"src\">threadmap report</div>\n<h1>");
  E(mt->title ? mt->title : "(untitled thread)");
  S("</h1>\n<div class=\"src\">");
  S_time(mt->time, when, sizeof when);
  if (mt->author) {
    S("<span>posted by <b>");
    E(mt->author);
    S("</b></span>");
  }
  S("<span>");
  E(when);
  S("</span><span>format ");
  E(tm_format_name(mt->format));
  S("</span>");
  if (r->o->source) {
    S("<span>source <code>");
    E(r->o->source);
    S("</code></span>");
  }
  if (mt->url) {
    S("<span>link <code>");
    E(mt->url);
    S("</code></span>");
  }
  S("</div>\n");
  if (mt->text && mt->text[0]) {
    S("<div class=\"story\">");
    X(mt->text, strlen(mt->text), 600);
    S("</div>\n");
  }
  /* summary */
  S("<h2>Summary</h2>\n<div class=\"cards\">\n");
  snprintf(v, sizeof v, "%zu", r->st.comments);
  snprintf(ci, sizeof ci, "%zu deleted", r->st.deleted);
  if (rc == TM_OK) rc = S_card(b, v, "comments", r->st.deleted ? ci : NULL);
  snprintf(v, sizeof v, "%zu", r->st.participants);
  if (rc == TM_OK) rc = S_card(b, v, "participants", NULL);
  snprintf(v, sizeof v, "%zu", r->st.max_depth);
  snprintf(ci, sizeof ci, "%zu top-level comments", r->st.top_level);
  if (rc == TM_OK) rc = S_card(b, v, "deepest reply level", ci);
  double lo, hi, mean;
  size_t scored = m->positive + m->negative + m->neutral_sentiment;
  tm__wilson((double)m->disagree + 0.5 * (double)m->mixed, m->rated, &lo, &hi);
  snprintf(v, sizeof v, "%.0f%%", m->disagreement_rate * 100);
  snprintf(ci, sizeof ci, "95%% CI %.0f-%.0f%%, of %zu rated replies%s", lo * 100, hi * 100, m->rated,
           m->rated < TM_SMALL_N ? " (small sample)" : "");
  if (rc == TM_OK) rc = S_card(b, v, "disagreement rate", ci);
  tm__tsum ts;
  if (rc == TM_OK && (rc = tm__tsum_from_thread(&ts, t, r->s)) == TM_OK) {
    tm__controversy_ci(&ts, &lo, &hi);
    snprintf(v, sizeof v, "%.2f", m->controversy);
    if (isnan(lo)) snprintf(ci, sizeof ci, "0 = one-sided, 1 = evenly split");
    else snprintf(ci, sizeof ci, "0..1; bootstrap 95%% CI %.2f-%.2f", lo, hi);
    rc = S_card(b, v, "controversy", ci);
    tm__mean_ci_c(ts.sum, ts.sumsq, ts.scored, &mean, &lo, &hi);
    snprintf(v, sizeof v, "%+.2f", mean);
    if (isnan(lo)) snprintf(ci, sizeof ci, "of %zu comments", ts.scored);
    else snprintf(ci, sizeof ci, "95%% CI %+.2f to %+.2f, n = %zu", lo, hi, ts.scored);
    if (rc == TM_OK) rc = S_card(b, v, "mean sentiment", ci);
    tm__tsum_free(&ts);
  }
  if (m->polarization >= 0) {
    snprintf(v, sizeof v, "%.2f", m->polarization);
    snprintf(ci, sizeof ci, "camps of %zu and %zu people", m->camp_a, m->camp_b);
  } else {
    snprintf(v, sizeof v, "n/a");
    snprintf(ci, sizeof ci, "too few signed exchanges");
  }
  if (rc == TM_OK) rc = S_card(b, v, "polarization", ci);
  S("</div>\n<div><b>Sentiment of comments</b> ");
  P("<span class=\"note\">(%zu scored comments; compound &ge; 0.05 positive, &le; -0.05 negative)</span>", scored);
  S("<div class=\"bar\">");
  if (scored) {
    size_t parts[3] = {m->positive, m->neutral_sentiment, m->negative};
    const char *cls[3] = {"pos", "neu", "neg"};
    for (int k = 0; k < 3; k++)
      if (parts[k])
        P("<span class=\"%s\" style=\"width:%.2f%%\" title=\"%zu comments\">%.0f%%</span>", cls[k], S_pct(parts[k], scored),
          parts[k], S_pct(parts[k], scored));
  }
  S("</div><div class=\"legend\"><i style=\"background:#0072B2\"></i>positive");
  P(" %zu<i style=\"background:#9A9A9A\"></i>neutral %zu<i style=\"background:#D55E00\"></i>negative %zu", m->positive,
    m->neutral_sentiment, m->negative);
  P(" &nbsp; &middot; &nbsp;replies: %zu agree, %zu disagree, %zu mixed, %zu neutral</div></div>\n", m->agree, m->disagree,
    m->mixed, m->neutral);
  if (rc == TM_OK) rc = S_targets(b, r, 1);
  /* diagram */
  S("<h2>Argument diagram</h2>\n<p class=\"note\">Claims and the replies that support or attack them (legend inside the diagram); "
    "neutral chatter is folded. ");
  E(r->diagram_note);
  S("</p>\n");
  if (r->has_diagram) {
    /* a long, shallow diagram (deep reply chains laid out left to right)
     * is unreadable fitted to the page: show it at a readable height and
     * let it scroll sideways */
    double w = 0, h = 0;
    const char *p = strstr(r->argument.ptr, "width=\"");
    if (p) w = atof(p + 7);
    p = strstr(r->argument.ptr, "height=\"");
    if (p) h = atof(p + 8);
    int wide = h > 0 && w / h > 3.5;
    S("<input type=\"checkbox\" id=\"zoom\"><label for=\"zoom\" class=\"note\">full size (scroll to pan)</label>\n");
    S(wide ? "<div class=\"diagram wide\">" : "<div class=\"diagram\">");
    S(r->argument.ptr);
    S("</div>\n");
  }
  /* charts */
  S("<h2>Sentiment over time and depth</h2>\n<div class=\"charts\">");
  if (r->has_time) S(r->time_chart.ptr);
  else S("<p class=\"note\">This source gives no comment times.</p>");
  S(r->depth_chart.ptr);
  S("</div>\n<p class=\"note\">Hollow points rest on fewer than 5 comments; read them as anecdotes, not trends.</p>\n");
  /* disputes */
  S("<h2>Most disputed comments</h2>\n");
  if (!m->ndisputed) S("<p class=\"note\">No comment drew more than one disagreeing reply.</p>\n");
  else {
    S("<table><tr><th>weight</th><th>author</th><th>replies</th><th>excerpt</th></tr>\n");
    for (size_t k = 0; k < m->ndisputed && rc == TM_OK; k++) {
      uint32_t i = m->disputed[k];
      const tm_comment *c = &t->c[i];
      P("<tr><td class=\"n\">%.2f</td><td>", m->disputed_weight[k]);
      E(c->author ? c->author : "[unknown]");
      P("</td><td class=\"n\">%u</td><td><a href=\"#c%u\">", c->nchildren, i);
      X(c->text, c->text_len, 220);
      S("</a></td></tr>\n");
    }
    S("</table>\n<p class=\"note\">Weight: per disagreeing reply 0.5 + 0.5 &times; its confidence, 0.5 per mixed reply (docs/measures.md).</p>\n");
  }
  S("<h2>Longest back-and-forths</h2>\n");
  if (!m->nchains) S("<p class=\"note\">No two people alternated three or more times along one reply chain.</p>\n");
  else {
    S("<table><tr><th>between</th><th>comments</th><th>disagreeing</th><th>opens with</th><th>ends with</th></tr>\n");
    for (size_t k = 0; k < m->nchains && rc == TM_OK; k++) {
      const tm_chain *ch = &m->chains[k];
      S("<tr><td>");
      E(ch->a);
      S(" &amp; ");
      E(ch->b);
      P("</td><td class=\"n\">%u</td><td class=\"n\">%u</td><td><a href=\"#c%u\">", ch->length, ch->disagreements, ch->first);
      X(t->c[ch->first].text, t->c[ch->first].text_len, 140);
      P("</a></td><td><a href=\"#c%u\">", ch->last);
      X(t->c[ch->last].text, t->c[ch->last].text_len, 140);
      S("</a></td></tr>\n");
    }
    S("</table>\n");
  }
  /* participants */
  P("<h2>Participants (%zu)</h2>\n", r->npeople);
  S("<table><tr><th>author</th><th>comments</th><th>mean sentiment</th><th>agreed</th><th>disagreed</th>"
    "<th>was disagreed with</th></tr>\n");
  for (size_t k = 0; k < r->npeople && rc == TM_OK; k++) {
    const S_person *p = &r->people[k];
    if (k == PEOPLE_SHOWN)
      P("</table>\n<details><summary>%zu more participants</summary><table><tr><th>author</th><th>comments</th>"
        "<th>mean sentiment</th><th>agreed</th><th>disagreed</th><th>was disagreed with</th></tr>\n",
        r->npeople - PEOPLE_SHOWN);
    S("<tr><td>");
    E(p->author);
    P("</td><td class=\"n\">%zu</td>", p->comments);
    if (p->scored) P("<td class=\"n\">%+.2f</td>", p->sum / (double)p->scored);
    else S("<td class=\"n\">&ndash;</td>");
    P("<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>\n", p->agree_given, p->disagree_given,
      p->disagree_recv);
  }
  S("</table>\n");
  if (r->npeople > PEOPLE_SHOWN) S("</details>\n");
  /* tree */
  P("<h2>All comments (%zu)</h2>\n", t->n);
  S("<div class=\"legend\">Left border and first badge: sentiment <i style=\"background:#0072B2\"></i>positive"
    "<i style=\"background:#9A9A9A\"></i>neutral<i style=\"background:#D55E00\"></i>negative &nbsp; second badge: stance toward "
    "the parent <span class=\"badge st-agree\">agrees</span><span class=\"badge st-disagree\">disagrees</span>"
    "<span class=\"badge st-mixed\">mixed</span></div>\n"
    "<p><button type=\"button\" data-open=\"1\">expand all</button><button type=\"button\" data-open=\"0\">collapse all</button>"
    "<span class=\"note\">Click a comment to read it, its replies, and why it scored as it did.</span></p>\n<div id=\"tree\">\n");
  if (rc == TM_OK) rc = S_tree_html(b, r);
  S("</div>\n<p class=\"note\">Written by threadmap ");
  S(tm_version());
  S(". Sentiment: lexicon and rules (compound -1..+1); stance: cue phrases (docs/measures.md, docs/report.md).</p>\n</main>\n<script>\n");
  S(S_js);
  S("</script>\n</body></html>\n");
  return rc;
}

/* ------------------------------------------------------------- Markdown */

static int S_em(tm_buf *b, const char *s) { return s ? tm__esc_md(b, s, strlen(s)) : TM_OK; }
#define EM(str) do { if (rc == TM_OK) rc = S_em(b, str); } while (0)

/* the evidence behind a comment's scores, as one nested list line */
static int S_explain_md(tm_buf *b, const S_rep *r, size_t i, size_t level) {
  int rc = TM_OK;
  const tm_comment *c = &r->t->c[i];
  const tm_explain *ex = tm_scores_explain(r->s, i);
  const tm_stance_explain *sx = tm_scores_stance_explain(r->s, i);
  size_t nw = ex ? ex->n : 0, ns = sx ? sx->n : 0;
  if (!nw && !ns) return TM_OK;
  for (size_t k = 0; k < level && rc == TM_OK; k++) S("  ");
  S("- *why:* ");
  for (size_t k = 0; k < nw && k < 12 && rc == TM_OK; k++) {
    const tm_contrib *ct = &ex->items[k];
    if ((size_t)ct->start + ct->len > c->text_len) continue;
    S(k ? ", “" : "words “");
    if (rc == TM_OK) rc = tm__esc_md(b, c->text + ct->start, ct->len);
    P("” %+.2f", ct->value);
  }
  if (nw > 12) P(" and %zu more", nw - 12);
  if (ns) S(nw ? "; stance evidence " : "stance evidence ");
  for (size_t k = 0; k < ns && k < 8 && rc == TM_OK; k++) {
    const tm_stance_cue *q = &sx->items[k];
    if (k) S(", ");
    if (q->len && (size_t)q->start + q->len <= c->text_len) {
      S("“");
      if (rc == TM_OK) rc = tm__esc_md(b, c->text + q->start, q->len);
      S("” ");
    }
    P("%s %+.2f", tm_cue_name(q->kind) ? tm_cue_name(q->kind) : "cue", q->weight);
  }
  S("\n");
  return rc;
}

static int S_md(tm_buf *b, S_rep *r, const char *assets) {
  int rc = TM_OK, html = 0;
  const tm_thread *t = r->t;
  const tm_meta *mt = &t->meta;
  const tm_measures *m = &r->m;
  char when[40];
  S("# ");
  EM(mt->title ? mt->title : "(untitled thread)");
  S("\n\n");
  S_time(mt->time, when, sizeof when);
  if (mt->author) {
    S("Posted by **");
    EM(mt->author);
    S("**, ");
  }
  EM(when);
  S(" · format ");
  EM(tm_format_name(mt->format));
  if (r->o->source) {
    S(" · source ");
    EM(r->o->source);
  }
  if (mt->url) {
    S(" · link ");
    EM(mt->url);
  }
  S("\n\n");
  if (mt->text && mt->text[0]) {
    S("> ");
    X(mt->text, strlen(mt->text), 600);
    S("\n\n");
  }
  double lo, hi, mean;
  size_t scored = m->positive + m->negative + m->neutral_sentiment;
  S("## Summary\n\n| figure | value | how sure |\n|---|---|---|\n");
  P("| comments | %zu | |\n| participants | %zu | |\n| deepest reply level | %zu | %zu top-level comments |\n",
    r->st.comments, r->st.participants, r->st.max_depth, r->st.top_level);
  P("| sentiment | %.0f%% positive, %.0f%% neutral, %.0f%% negative | of %zu scored comments |\n", S_pct(m->positive, scored),
    S_pct(m->neutral_sentiment, scored), S_pct(m->negative, scored), scored);
  tm__wilson((double)m->disagree + 0.5 * (double)m->mixed, m->rated, &lo, &hi);
  P("| disagreement rate | %.0f%% | 95%% CI %.0f–%.0f%% of %zu rated replies%s |\n", m->disagreement_rate * 100, lo * 100,
    hi * 100, m->rated, m->rated < TM_SMALL_N ? " (small sample)" : "");
  tm__tsum ts;
  if (rc == TM_OK && (rc = tm__tsum_from_thread(&ts, t, r->s)) == TM_OK) {
    tm__controversy_ci(&ts, &lo, &hi);
    if (isnan(lo)) P("| controversy | %.2f | |\n", m->controversy);
    else P("| controversy | %.2f | bootstrap 95%% CI %.2f–%.2f |\n", m->controversy, lo, hi);
    tm__mean_ci_c(ts.sum, ts.sumsq, ts.scored, &mean, &lo, &hi);
    if (isnan(lo)) P("| mean sentiment | %+.2f | n = %zu |\n", mean, ts.scored);
    else P("| mean sentiment | %+.2f | 95%% CI %+.2f to %+.2f, n = %zu |\n", mean, lo, hi, ts.scored);
    tm__tsum_free(&ts);
  }
  if (m->polarization >= 0) P("| polarization | %.2f | camps of %zu and %zu people |\n", m->polarization, m->camp_a, m->camp_b);
  else S("| polarization | n/a | too few signed exchanges |\n");
  P("| replies | %zu agree, %zu disagree, %zu mixed, %zu neutral | |\n\n", m->agree, m->disagree, m->mixed, m->neutral);
  if (rc == TM_OK) rc = S_targets(b, r, 0);
  S("## Argument diagram\n\n");
  if (r->has_diagram) P("![Argument diagram](%s/argument.svg)\n\n", assets);
  EM(r->diagram_note);
  S("\n\n## Sentiment over time and depth\n\n");
  if (r->has_time) P("![Sentiment over time](%s/sentiment_time.svg)\n\n", assets);
  else S("This source gives no comment times.\n\n");
  P("![Sentiment by reply depth](%s/sentiment_depth.svg)\n\n", assets);
  S("Hollow points rest on fewer than 5 comments.\n\n## Most disputed comments\n\n");
  if (!m->ndisputed) S("No comment drew more than one disagreeing reply.\n\n");
  else {
    S("| weight | author | replies | excerpt |\n|---|---|---|---|\n");
    for (size_t k = 0; k < m->ndisputed && rc == TM_OK; k++) {
      const tm_comment *c = &t->c[m->disputed[k]];
      P("| %.2f | ", m->disputed_weight[k]);
      EM(c->author ? c->author : "[unknown]");
      P(" | %u | ", c->nchildren);
      X(c->text, c->text_len, 220);
      S(" |\n");
    }
    S("\n");
  }
  S("## Longest back-and-forths\n\n");
  if (!m->nchains) S("No two people alternated three or more times along one reply chain.\n\n");
  else {
    S("| between | comments | disagreeing | opens with | ends with |\n|---|---|---|---|---|\n");
    for (size_t k = 0; k < m->nchains && rc == TM_OK; k++) {
      const tm_chain *ch = &m->chains[k];
      S("| ");
      EM(ch->a);
      S(" & ");
      EM(ch->b);
      P(" | %u | %u | ", ch->length, ch->disagreements);
      X(t->c[ch->first].text, t->c[ch->first].text_len, 140);
      S(" | ");
      X(t->c[ch->last].text, t->c[ch->last].text_len, 140);
      S(" |\n");
    }
    S("\n");
  }
  P("## Participants (%zu)\n\n| author | comments | mean sentiment | agreed | disagreed | was disagreed with |\n"
    "|---|---|---|---|---|---|\n", r->npeople);
  for (size_t k = 0; k < r->npeople && k < PEOPLE_SHOWN && rc == TM_OK; k++) {
    const S_person *p = &r->people[k];
    S("| ");
    EM(p->author);
    if (p->scored) P(" | %zu | %+.2f | %zu | %zu | %zu |\n", p->comments, p->sum / (double)p->scored, p->agree_given,
                     p->disagree_given, p->disagree_recv);
    else P(" | %zu | – | %zu | %zu | %zu |\n", p->comments, p->agree_given, p->disagree_given, p->disagree_recv);
  }
  if (r->npeople > PEOPLE_SHOWN) P("\nand %zu more participants.\n", r->npeople - PEOPLE_SHOWN);
  P("\n## All comments (%zu)\n\n", t->n);
  S("Each line: author, sentiment (compound), stance toward the parent, excerpt; below it, *why:* the words and "
    "stance cues behind the scores. Indentation is reply depth.\n\n");
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE && rc == TM_OK; i = tm_thread_preorder_next(t, i)) {
    const tm_comment *c = &t->c[i];
    size_t level = c->depth > 8 ? 8 : c->depth ? c->depth : 1;
    for (size_t k = 1; k < level && rc == TM_OK; k++) S("  ");
    S("- **");
    EM(c->author ? c->author : "[unknown]");
    S("**");
    if (c->depth > 8) P(" (depth %u)", c->depth);
    float cp = r->s->sent[i].compound;
    if (S_scored(t, i)) P(" · %s %+.2f", S_sent_name(cp), cp);
    else S(" · deleted");
    const tm_stance *st = &r->s->stance[i];
    if (st->label != TM_STANCE_NONE) P(" · %s", tm_stance_name(st->label));
    S(": ");
    X(c->text, c->text_len, EXCERPT);
    S("\n");
    if (rc == TM_OK) rc = S_explain_md(b, r, i, level);
  }
  S("\n---\nWritten by threadmap ");
  S(tm_version());
  S(". Sentiment: lexicon and rules (compound -1..+1); stance: cue phrases (docs/measures.md, docs/report.md).\n");
  return rc;
}

/* ---------------------------------------------------------------- files */

int tm__write_file(const char *path, const char *data, size_t len, tm_error *err) {
  tm_outfile *f = NULL;
  int rc = tm_outfile_open(&f, path, err);
  if (rc) return rc;
  if (tm_outfile_write(data ? data : "", len, f)) {
    tm_outfile_abort(f);
    return tm__error(err, TM_EIO, 0, 0, 0, "cannot write %s", path);
  }
  return tm_outfile_commit(f, err);
}

int tm__mkdir(const char *path, tm_error *err) {
  if (mkdir(path, 0777) == 0 || errno == EEXIST) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return TM_OK;
    return tm__error(err, TM_EIO, 0, 0, 0, "%s exists and is not a directory", path);
  }
  return tm__error(err, TM_EIO, 0, 0, 0, "cannot create directory %s: %s", path, strerror(errno));
}

static int S_ends(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

int tm_report_write(const tm_thread *t, const tm_scores *s, const tm_report_options *o, const char *path,
                    tm_error *err) {
  tm_report_options dflt = TM_REPORT_OPTIONS_INIT;
  if (!o) o = &dflt;
  if (!t || !s || !path) return tm__error(err, TM_EINVAL, 0, 0, 0, "tm_report_write needs a thread, its scores and a path");
  S_rep r;
  memset(&r, 0, sizeof r);
  r.t = t;
  r.s = s;
  r.o = o;
  tm_buf b = TM_BUF_INIT;
  char *dir = NULL;
  int md = S_ends(path, ".md") || S_ends(path, ".markdown");
  tm_thread_stats(t, &r.st);
  int rc = tm_thread_measures(t, s, &r.m);
  if (rc == TM_OK) rc = S_people(&r);
  if (rc == TM_OK) rc = S_diagram(&r);
  if (rc == TM_OK) rc = S_time_chart(&r);
  if (rc == TM_OK) rc = S_depth_chart(&r);
  if (rc == TM_OK && !md) rc = S_html(&b, &r);
  if (rc == TM_OK && md) {
    /* report.md -> report_files/ beside it, linked relatively */
    size_t n = strlen(path), ext = S_ends(path, ".md") ? 3 : 9;
    dir = malloc(n + 8);
    if (!dir) rc = TM_ENOMEM;
    else {
      memcpy(dir, path, n - ext);
      strcpy(dir + n - ext, "_files");
      const char *slash = strrchr(dir, '/');
      const char *rel = slash ? slash + 1 : dir;
      rc = S_md(&b, &r, rel);
      if (rc == TM_OK) rc = tm__mkdir(dir, err);
      const char *names[3] = {"argument.svg", "sentiment_time.svg", "sentiment_depth.svg"};
      const tm_buf *bufs[3] = {&r.argument, &r.time_chart, &r.depth_chart};
      int have[3] = {r.has_diagram, r.has_time, 1};
      for (int k = 0; k < 3 && rc == TM_OK; k++) {
        if (!have[k]) continue;
        tm_buf p = TM_BUF_INIT;
        rc = tm_buf_printf(&p, "%s/%s", dir, names[k]);
        if (rc == TM_OK) {
          /* a standalone SVG file wants its XML prolog */
          tm_buf f = TM_BUF_INIT;
          rc = tm_buf_puts(&f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
          if (rc == TM_OK) rc = tm_buf_put(&f, bufs[k]->ptr, bufs[k]->len);
          if (rc == TM_OK) rc = tm__write_file(p.ptr, f.ptr, f.len, err);
          tm_buf_free(&f);
        }
        tm_buf_free(&p);
      }
    }
  }
  if (rc == TM_OK) rc = tm__write_file(path, b.ptr, b.len, err);
  if (rc == TM_ENOMEM || rc == TM_ELIMIT) tm__error(err, rc, 0, 0, 0, "out of memory writing the report");
  free(dir);
  free(r.people);
  tm_buf_free(&r.argument);
  tm_buf_free(&r.time_chart);
  tm_buf_free(&r.depth_chart);
  tm_buf_free(&b);
  return rc;
}
