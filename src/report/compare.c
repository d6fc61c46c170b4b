/*
 * compare.c - several threads side by side: a table of thread measures
 * (Markdown, CSV, JSON) and SVG charts, with every rate and mean given a
 * 95% interval and every difference to the first thread a note of its size,
 * of the comments behind it, and whether it stands out from the noise
 * (formulas in docs/report.md).
 *
 * Output directory layout:
 *   compare.md   the table, the differences and the charts (linked)
 *   compare.csv  one row per thread
 *   compare.json the same figures plus hourly series and differences
 *   sentiment.svg, disagreement.svg, first24h.svg, targets.svg
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/utf8.h"
#include "../util/error.h"
#include "report.h"

#define HOURS 24 /* reaction window: the first day */

struct tm_compare {
  tm__tsum *th;
  size_t n, cap;
};

int tm_compare_new(tm_compare **out) {
  *out = calloc(1, sizeof **out);
  return *out ? TM_OK : TM_ENOMEM;
}

void tm_compare_free(tm_compare *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) tm__tsum_free(&c->th[i]);
  free(c->th);
  free(c);
}

static char *S_dup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static tm__tsum *S_slot(tm_compare *c) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 4;
    tm__tsum *p = realloc(c->th, cap * sizeof *p);
    if (!p) return NULL;
    c->th = p;
    c->cap = cap;
  }
  return &c->th[c->n];
}

static int S_label(tm__tsum *s, const char *label, const char *source) {
  s->label = S_dup(label ? label : source ? source : "thread");
  s->source = S_dup(source ? source : "");
  return s->label && s->source ? TM_OK : TM_ENOMEM;
}

int tm_compare_add(tm_compare *c, const char *label, const char *source, const tm_thread *t, const tm_scores *s) {
  tm__tsum *slot = S_slot(c);
  if (!slot) return TM_ENOMEM;
  int rc = tm__tsum_from_thread(slot, t, s);
  if (rc == TM_OK && (rc = S_label(slot, label, source)) != TM_OK) tm__tsum_free(slot);
  if (rc == TM_OK) c->n++;
  return rc;
}

int tm_compare_is_scored(const char *buf, size_t len) {
  size_t i = 0;
  while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) i++;
  if (i >= len || buf[i] != '{') return 0;
  i++;
  while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) i++;
  return len - i >= 11 && !memcmp(buf + i, "\"threadmap\"", 11);
}

int tm_compare_add_scored(tm_compare *c, const char *label, const char *source, const char *buf, size_t len,
                          tm_error *err) {
  tm__tsum *slot = S_slot(c);
  if (!slot) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  int rc = tm__tsum_from_json(slot, buf, len, source, err);
  if (rc == TM_OK && (rc = S_label(slot, label, source)) != TM_OK) {
    tm__tsum_free(slot);
    tm__error(err, rc, 0, 0, 0, "out of memory");
  }
  if (rc == TM_OK) c->n++;
  return rc;
}

/* ------------------------------------------------------------ figures */

typedef struct {
  double neg, neg_lo, neg_hi, pos, pos_lo, pos_hi, neu;
  double mean, mean_lo, mean_hi, sd;
  double dis_lo, dis_hi, con_lo, con_hi;
  size_t hour_n[HOURS];
  double hour_sum[HOURS], hour_sumsq[HOURS];
  size_t hour_scored[HOURS], first24;
} S_fig;

static void S_figures(const tm__tsum *s, S_fig *f) {
  memset(f, 0, sizeof *f);
  size_t n = s->scored;
  f->neg = n ? (double)s->neg / (double)n : 0;
  f->pos = n ? (double)s->pos / (double)n : 0;
  f->neu = n ? (double)s->neu / (double)n : 0;
  tm__wilson((double)s->neg, n, &f->neg_lo, &f->neg_hi);
  tm__wilson((double)s->pos, n, &f->pos_lo, &f->pos_hi);
  tm__mean_ci_c(s->sum, s->sumsq, n, &f->mean, &f->mean_lo, &f->mean_hi);
  double var = n > 1 ? (s->sumsq - s->sum * s->sum / (double)n) / (double)(n - 1) : 0;
  f->sd = sqrt(var > 0 ? var : 0);
  tm__wilson((double)s->disagree + 0.5 * (double)s->mixed, s->rated, &f->dis_lo, &f->dis_hi);
  tm__controversy_ci(s, &f->con_lo, &f->con_hi);
  if (s->t0 == TM_TIME_UNKNOWN) return;
  for (size_t i = 0; i < s->n; i++) {
    const tm__rc *r = &s->c[i];
    if (r->time == TM_TIME_UNKNOWN) continue;
    int64_t dt = r->time - s->t0;
    if (dt < 0) dt = 0;
    if (dt >= HOURS * 3600) continue;
    size_t h = (size_t)(dt / 3600);
    f->hour_n[h]++;
    f->first24++;
    if (r->sent != 2) {
      f->hour_scored[h]++;
      f->hour_sum[h] += r->compound;
      f->hour_sumsq[h] += (double)r->compound * r->compound;
    }
  }
}

/* A difference between two proportions: Newcombe's hybrid score interval
 * from the two Wilson intervals (method 10 of Newcombe 1998). */
static void S_diff_prop(double p1, double l1, double u1, double p2, double l2, double u2, double *d, double *lo,
                        double *hi) {
  *d = p1 - p2;
  *lo = *d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
  *hi = *d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
}

/* A difference between two means: Welch's normal interval. */
static void S_diff_mean(double m1, double sd1, size_t n1, double m2, double sd2, size_t n2, double *d, double *lo,
                        double *hi) {
  *d = m1 - m2;
  if (n1 < 2 || n2 < 2) {
    *lo = *hi = NAN;
    return;
  }
  double se = sqrt(sd1 * sd1 / (double)n1 + sd2 * sd2 / (double)n2);
  *lo = *d - TM_Z95 * se;
  *hi = *d + TM_Z95 * se;
}

static const char *S_verdict(double lo, double hi, size_t n1, size_t n2) {
  if (n1 < TM_SMALL_N || n2 < TM_SMALL_N) return "small sample: do not read much into it";
  if (isnan(lo)) return "too few comments to tell";
  if (lo > 0 || hi < 0) return "clear: the interval excludes no difference";
  return "within noise: the interval includes no difference";
}

/* union of target names over all threads, in first-seen order */
static size_t S_targets(const tm_compare *c, const char **names, size_t max) {
  size_t k = 0;
  for (size_t i = 0; i < c->n; i++)
    for (size_t j = 0; j < c->th[i].ntargets; j++) {
      size_t q = 0;
      while (q < k && strcmp(names[q], c->th[i].targets[j].name)) q++;
      if (q == k && k < max) names[k++] = c->th[i].targets[j].name;
    }
  return k;
}

static const tm__rtarget *S_target(const tm__tsum *s, const char *name) {
  for (size_t j = 0; j < s->ntargets; j++)
    if (!strcmp(s->targets[j].name, name)) return &s->targets[j];
  return NULL;
}

#define MAX_TARGETS 32

/* --------------------------------------------------------------- charts */

static int S_charts(const tm_compare *c, const S_fig *f, tm_buf *sent, tm_buf *dis, tm_buf *hours, tm_buf *targets,
                    const char **tnames, size_t nt) {
  size_t n = c->n;
  const char **cats = malloc(n * sizeof *cats);
  double *v = malloc(n * 3 * sizeof *v), *lo = malloc(n * 3 * sizeof *lo), *hi = malloc(n * 3 * sizeof *hi);
  size_t *nn = malloc(n * sizeof *nn);
  tm__pt *pts = malloc(n * HOURS * 2 * sizeof *pts);
  tm__series *se = malloc(n * sizeof *se);
  double *tv = malloc((nt ? nt : 1) * n * sizeof *tv), *tlo = malloc((nt ? nt : 1) * n * sizeof *tlo),
         *thi = malloc((nt ? nt : 1) * n * sizeof *thi);
  size_t *tn = malloc((nt ? nt : 1) * n * sizeof *tn);
  int rc = TM_OK;
  if (!cats || !v || !lo || !hi || !nn || !pts || !se || !tv || !tlo || !thi || !tn) {
    rc = TM_ENOMEM;
    goto done;
  }
  int width = 160 + 130 * (int)n;
  if (width < 560) width = 560;
  /* sentiment distribution: stacked shares */
  for (size_t i = 0; i < n; i++) {
    cats[i] = c->th[i].label;
    v[i * 3] = f[i].pos, v[i * 3 + 1] = f[i].neu, v[i * 3 + 2] = f[i].neg;
    nn[i] = c->th[i].scored;
  }
  static const char *const snames[3] = {"positive", "neutral", "negative"};
  static const char *const scolors[3] = {TM_COLOR_POS, TM_COLOR_NEU, TM_COLOR_NEG};
  tm__bars b;
  memset(&b, 0, sizeof b);
  b.title = "Sentiment of comments";
  b.ylabel = "share of scored comments";
  b.width = width;
  b.height = 340;
  b.cats = cats;
  b.ncats = n;
  b.names = snames;
  b.colors = scolors;
  b.nseries = 3;
  b.v = v;
  b.n = nn;
  b.small_n = TM_SMALL_N;
  b.stacked = 1;
  b.percent = 1;
  b.ymin = 0, b.ymax = 1;
  b.note = "compound >= 0.05 positive, <= -0.05 negative (deleted comments left out)";
  rc = tm__svg_bars(sent, &b);
  /* disagreement rate and controversy */
  for (size_t i = 0; i < n && rc == TM_OK; i++) {
    v[i * 2] = c->th[i].disagreement_rate, lo[i * 2] = f[i].dis_lo, hi[i * 2] = f[i].dis_hi;
    v[i * 2 + 1] = c->th[i].controversy, lo[i * 2 + 1] = f[i].con_lo, hi[i * 2 + 1] = f[i].con_hi;
    nn[i] = c->th[i].rated;
  }
  static const char *const dnames[2] = {"disagreement rate", "controversy"};
  static const char *const dcolors[2] = {TM_COLOR_NEG, TM_COLOR_MIX};
  memset(&b, 0, sizeof b);
  b.title = "Disagreement and controversy";
  b.ylabel = "0 .. 1";
  b.width = width;
  b.height = 340;
  b.cats = cats;
  b.ncats = n;
  b.names = dnames;
  b.colors = dcolors;
  b.nseries = 2;
  b.v = v;
  b.lo = lo;
  b.hi = hi;
  b.n = nn;
  b.small_n = TM_SMALL_N;
  b.ymin = 0, b.ymax = 1;
  b.note = "n = replies rated for stance; whiskers: Wilson (rate) and bootstrap (controversy) 95% intervals";
  if (rc == TM_OK) rc = tm__svg_bars(dis, &b);
  /* first 24 hours: comments per hour, then mean sentiment per hour */
  tm_buf a = TM_BUF_INIT, m = TM_BUF_INIT;
  size_t np = 0;
  for (size_t i = 0; i < n; i++) {
    se[i].name = c->th[i].label;
    se[i].color = tm__palette[i % 8];
    se[i].pts = &pts[np];
    se[i].npts = 0;
    for (size_t h = 0; h < HOURS; h++) {
      tm__pt *p = &pts[np++];
      p->x = (double)h + 0.5;
      p->y = (double)f[i].hour_n[h];
      p->lo = p->hi = NAN;
      p->n = f[i].hour_n[h];
      se[i].npts++;
    }
  }
  tm__chart ch;
  memset(&ch, 0, sizeof ch);
  ch.title = "Reaction over the first 24 hours: comments per hour";
  ch.xlabel = "hours since the post (or the first comment when the post has no time)";
  ch.ylabel = "comments";
  ch.width = 760;
  ch.height = 320;
  ch.xmin = 0, ch.xmax = HOURS;
  ch.series = se;
  ch.nseries = n;
  if (rc == TM_OK) rc = tm__svg_lines(&a, &ch);
  for (size_t i = 0; i < n; i++) {
    se[i].pts = &pts[np];
    se[i].npts = 0;
    for (size_t h = 0; h < HOURS; h++) {
      if (!f[i].hour_scored[h]) continue;
      tm__pt *p = &pts[np++];
      p->x = (double)h + 0.5;
      p->n = f[i].hour_scored[h];
      tm__mean_ci_c(f[i].hour_sum[h], f[i].hour_sumsq[h], p->n, &p->y, &p->lo, &p->hi);
      p->lo = p->hi = NAN; /* whiskers of 24 x threads points would hide the lines */
      se[i].npts++;
    }
  }
  ch.title = "Mean sentiment per hour";
  ch.ylabel = "mean compound";
  ch.ymin = -1, ch.ymax = 1;
  ch.small_n = 5;
  ch.yref_on = 1;
  ch.note = "hollow points: fewer than 5 comments in that hour";
  if (rc == TM_OK) rc = tm__svg_lines(&m, &ch);
  if (rc == TM_OK)
    rc = tm_buf_puts(hours, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 640\" width=\"760\" height=\"640\">\n");
  if (rc == TM_OK) rc = tm__svg_nest(hours, a.ptr, 0);
  if (rc == TM_OK) rc = tm__svg_nest(hours, m.ptr, 320);
  if (rc == TM_OK) rc = tm_buf_puts(hours, "</svg>\n");
  tm_buf_free(&a);
  tm_buf_free(&m);
  /* sentiment toward each target, per thread */
  if (nt && rc == TM_OK) {
    for (size_t k = 0; k < nt; k++)
      for (size_t i = 0; i < n; i++) {
        const tm__rtarget *tg = S_target(&c->th[i], tnames[k]);
        size_t q = k * n + i;
        tn[q] = tg ? tg->comments : 0;
        if (!tg || !tg->comments) {
          tv[q] = tlo[q] = thi[q] = NAN;
          continue;
        }
        tm__mean_ci_c(tg->sum, tg->sumsq, tg->comments, &tv[q], &tlo[q], &thi[q]);
      }
    memset(&b, 0, sizeof b);
    b.title = "Sentiment toward each target";
    b.ylabel = "mean compound";
    b.width = 160 + (int)(nt * (40 + 60 * n));
    if (b.width < 560) b.width = 560;
    b.height = 360;
    b.cats = tnames;
    b.ncats = nt;
    b.names = cats;
    const char **colors = (const char **)malloc(n * sizeof *colors);
    if (!colors) {
      rc = TM_ENOMEM;
      goto done;
    }
    for (size_t i = 0; i < n; i++) colors[i] = tm__palette[i % 8];
    b.colors = colors;
    b.nseries = n;
    b.v = tv;
    b.lo = tlo;
    b.hi = thi;
    b.nv = tn;
    b.small_n = 10;
    b.ymin = -1, b.ymax = 1;
    b.note = "bars: mean over the comments that mention the target (n); pale: fewer than 10; none: not mentioned";
    rc = tm__svg_bars(targets, &b);
    free(colors);
  }
done:
  free(cats);
  free(v);
  free(lo);
  free(hi);
  free(nn);
  free(pts);
  free(se);
  free(tv);
  free(tlo);
  free(thi);
  free(tn);
  return rc;
}

/* -------------------------------------------------------------- tables */

#define P(...) do { if (rc == TM_OK) rc = tm_buf_printf(b, __VA_ARGS__); } while (0)
#define S(str) do { if (rc == TM_OK) rc = tm_buf_puts(b, str); } while (0)
static int S_em(tm_buf *b, const char *s) { return s ? tm__esc_md(b, s, strlen(s)) : TM_OK; }
#define EM(str) do { if (rc == TM_OK) rc = S_em(b, str); } while (0)

/* percent: 1 as percentages, 2 unsigned 0..1, 0 signed */
static void S_ci(char *buf, size_t size, double lo, double hi, int percent) {
  if (isnan(lo)) snprintf(buf, size, "n/a");
  else if (percent == 1) snprintf(buf, size, "%.0f–%.0f%%", lo * 100, hi * 100);
  else if (percent == 2) snprintf(buf, size, "%.2f–%.2f", lo, hi);
  else snprintf(buf, size, "%+.2f to %+.2f", lo, hi);
}

static int S_markdown(tm_buf *b, const tm_compare *c, const S_fig *f, const char **tnames, size_t nt) {
  int rc = TM_OK;
  char ci[64], ci2[64];
  S("# Comparison of threads\n\n");
  S("| thread | comments | participants | depth | positive | neutral | negative (95% CI) | mean sentiment (95% CI) | "
    "rated replies | disagreement rate (95% CI) | controversy (95% CI) | first 24 h |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < c->n && rc == TM_OK; i++) {
    const tm__tsum *s = &c->th[i];
    const S_fig *g = &f[i];
    S("| ");
    EM(s->label);
    if (s->scored < TM_SMALL_N) S(" ⚠ small");
    P(" | %zu | %zu | %zu | %.0f%% | %.0f%% |", s->n, s->participants, s->max_depth, g->pos * 100, g->neu * 100);
    S_ci(ci, sizeof ci, g->neg_lo, g->neg_hi, 1);
    P(" %.0f%% (%s) |", g->neg * 100, ci);
    S_ci(ci, sizeof ci, g->mean_lo, g->mean_hi, 0);
    P(" %+.2f (%s) |", g->mean, ci);
    S_ci(ci, sizeof ci, g->dis_lo, g->dis_hi, 1);
    S_ci(ci2, sizeof ci2, g->con_lo, g->con_hi, 2);
    P(" %zu | %.0f%% (%s) | %.2f (%s) | %zu |\n", s->rated, s->disagreement_rate * 100, ci, s->controversy,
      isnan(g->con_lo) ? "n/a" : ci2, g->first24);
  }
  P("\nSources: ");
  for (size_t i = 0; i < c->n && rc == TM_OK; i++) {
    S(i ? "; " : "");
    EM(c->th[i].label);
    S(" = ");
    EM(c->th[i].source);
    if (c->th[i].title) {
      S(" (");
      EM(c->th[i].title);
      S(")");
    }
  }
  P("\n\n⚠ small: fewer than %d scored comments, so its shares and means move a lot with a few comments.\n", TM_SMALL_N);
  if (c->n > 1) {
    S("\n## Differences from the first thread\n\nEach line: the difference, its 95% interval, and the comments behind "
      "each side (docs/report.md).\n\n");
    const tm__tsum *r0 = &c->th[0];
    for (size_t i = 1; i < c->n && rc == TM_OK; i++) {
      const tm__tsum *s = &c->th[i];
      double d, lo, hi;
      S("- **");
      EM(s->label);
      S("** vs **");
      EM(r0->label);
      S("**\n");
      S_diff_prop(f[i].neg, f[i].neg_lo, f[i].neg_hi, f[0].neg, f[0].neg_lo, f[0].neg_hi, &d, &lo, &hi);
      P("  - negative comments: %.0f%% vs %.0f%%, %+.0f points (95%% CI %+.0f to %+.0f), n = %zu vs %zu: %s\n", f[i].neg * 100,
        f[0].neg * 100, d * 100, lo * 100, hi * 100, s->scored, r0->scored, S_verdict(lo, hi, s->scored, r0->scored));
      S_diff_mean(f[i].mean, f[i].sd, s->scored, f[0].mean, f[0].sd, r0->scored, &d, &lo, &hi);
      if (isnan(lo)) P("  - mean sentiment: %+.2f vs %+.2f, %+.2f, n = %zu vs %zu: too few comments to tell\n", f[i].mean,
                       f[0].mean, d, s->scored, r0->scored);
      else P("  - mean sentiment: %+.2f vs %+.2f, %+.2f (95%% CI %+.2f to %+.2f), n = %zu vs %zu: %s\n", f[i].mean, f[0].mean,
             d, lo, hi, s->scored, r0->scored, S_verdict(lo, hi, s->scored, r0->scored));
      S_diff_prop(s->disagreement_rate, f[i].dis_lo, f[i].dis_hi, r0->disagreement_rate, f[0].dis_lo, f[0].dis_hi, &d, &lo, &hi);
      P("  - disagreement rate: %.0f%% vs %.0f%%, %+.0f points (95%% CI %+.0f to %+.0f), n = %zu vs %zu rated replies: %s\n",
        s->disagreement_rate * 100, r0->disagreement_rate * 100, d * 100, lo * 100, hi * 100, s->rated, r0->rated,
        S_verdict(lo, hi, s->rated, r0->rated));
    }
  }
  if (nt) {
    S("\n## Sentiment toward targets\n\n| target |");
    for (size_t i = 0; i < c->n; i++) {
      S(" ");
      EM(c->th[i].label);
      S(" |");
    }
    S("\n|---|");
    for (size_t i = 0; i < c->n; i++) S("---|");
    S("\n");
    for (size_t k = 0; k < nt && rc == TM_OK; k++) {
      S("| ");
      EM(tnames[k]);
      S(" |");
      for (size_t i = 0; i < c->n && rc == TM_OK; i++) {
        const tm__rtarget *tg = S_target(&c->th[i], tnames[k]);
        if (!tg) S(" not scored |");
        else if (!tg->comments) S(" not mentioned |");
        else {
          double mean, lo, hi;
          tm__mean_ci_c(tg->sum, tg->sumsq, tg->comments, &mean, &lo, &hi);
          S_ci(ci, sizeof ci, lo, hi, 0);
          P(" %+.2f (%s), %zu comments%s |", mean, ci, tg->comments, tg->comments < 10 ? " ⚠" : "");
        }
      }
      S("\n");
    }
    S("\nMean compound of the sentences that mention each target, over the comments that mention it; ⚠ fewer than 10 "
      "comments.\n");
  }
  S("\n## Charts\n\n![Sentiment of comments](sentiment.svg)\n\n![Disagreement and controversy](disagreement.svg)\n\n"
    "![Reaction over the first 24 hours](first24h.svg)\n");
  if (nt) S("\n![Sentiment toward each target](targets.svg)\n");
  return rc;
}

static int S_csv(tm_buf *b, const tm_compare *c, const S_fig *f, const char **tnames, size_t nt) {
  int rc = TM_OK;
  S("label,source,format,title,comments,participants,max_depth,top_level,scored,positive,neutral,negative,"
    "share_negative,share_negative_lo,share_negative_hi,mean_sentiment,mean_sentiment_lo,mean_sentiment_hi,"
    "rated_replies,agree,disagree,mixed,neutral_replies,disagreement_rate,disagreement_rate_lo,disagreement_rate_hi,"
    "controversy,controversy_lo,controversy_hi,comments_first_24h,small_sample");
  for (size_t k = 0; k < nt && rc == TM_OK; k++) {
    static const char *const cols[3] = {"comments", "mean", "mentions"};
    for (int q = 0; q < 3; q++) {
      tm_buf name = TM_BUF_INIT;
      rc = tm_buf_printf(&name, "target:%s:%s", tnames[k], cols[q]);
      S(",");
      if (rc == TM_OK) rc = tm__esc_csv(b, name.ptr);
      tm_buf_free(&name);
    }
  }
  S("\r\n");
  for (size_t i = 0; i < c->n && rc == TM_OK; i++) {
    const tm__tsum *s = &c->th[i];
    const S_fig *g = &f[i];
    if (rc == TM_OK) rc = tm__esc_csv(b, s->label);
    S(",");
    if (rc == TM_OK) rc = tm__esc_csv(b, s->source);
    S(",");
    if (rc == TM_OK) rc = tm__esc_csv(b, s->format);
    S(",");
    if (rc == TM_OK) rc = tm__esc_csv(b, s->title);
    P(",%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%.4f,%.4f,%.4f,%.4f,", s->n, s->participants, s->max_depth, s->top_level, s->scored,
      s->pos, s->neu, s->neg, g->neg, g->neg_lo, g->neg_hi, g->mean);
    if (isnan(g->mean_lo)) S(",,");
    else P("%.4f,%.4f,", g->mean_lo, g->mean_hi);
    P("%zu,%zu,%zu,%zu,%zu,%.4f,%.4f,%.4f,%.4f,", s->rated, s->agree, s->disagree, s->mixed, s->neutral,
      s->disagreement_rate, g->dis_lo, g->dis_hi, s->controversy);
    if (isnan(g->con_lo)) S(",,");
    else P("%.4f,%.4f,", g->con_lo, g->con_hi);
    P("%zu,%d", g->first24, s->scored < TM_SMALL_N);
    for (size_t k = 0; k < nt && rc == TM_OK; k++) {
      const tm__rtarget *tg = S_target(s, tnames[k]);
      if (!tg) S(",,,");
      else if (!tg->comments) P(",0,,%zu", tg->mentions);
      else P(",%zu,%.4f,%zu", tg->comments, tg->sum / (double)tg->comments, tg->mentions);
    }
    S("\r\n");
  }
  return rc;
}

static int S_jstr(tm_buf *b, const char *s) {
  if (!s) return tm_buf_puts(b, "null");
  int rc = tm_buf_putc(b, '"');
  size_t len = strlen(s);
  for (size_t i = 0; i < len && rc == TM_OK;) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\') rc = tm_buf_printf(b, "\\%c", ch), i++;
    else if (ch < 0x20) rc = tm_buf_printf(b, "\\u%04x", ch), i++;
    else if (ch < 0x80) rc = tm_buf_putc(b, (char)ch), i++;
    else {
      int32_t cp;
      size_t k = tm__utf8_decode((const unsigned char *)s + i, len - i, &cp);
      rc = k ? tm_buf_put(b, s + i, k) : tm_buf_puts(b, "\xEF\xBF\xBD");
      i += k ? k : 1;
    }
  }
  if (rc == TM_OK) rc = tm_buf_putc(b, '"');
  return rc;
}

static int S_jnum(tm_buf *b, double v) { return isnan(v) ? tm_buf_puts(b, "null") : tm_buf_printf(b, "%.4f", v); }

static int S_json(tm_buf *b, const tm_compare *c, const S_fig *f, const char **tnames, size_t nt) {
  int rc = TM_OK;
  P("{\"threadmap\":\"%s\",\"small_sample_below\":%d,\"threads\":[", tm_version(), TM_SMALL_N);
  for (size_t i = 0; i < c->n && rc == TM_OK; i++) {
    const tm__tsum *s = &c->th[i];
    const S_fig *g = &f[i];
    S(i ? ",\n{\"label\":" : "\n{\"label\":");
    if (rc == TM_OK) rc = S_jstr(b, s->label);
    S(",\"source\":");
    if (rc == TM_OK) rc = S_jstr(b, s->source);
    S(",\"format\":");
    if (rc == TM_OK) rc = S_jstr(b, s->format);
    S(",\"title\":");
    if (rc == TM_OK) rc = S_jstr(b, s->title);
    P(",\"comments\":%zu,\"participants\":%zu,\"max_depth\":%zu,\"top_level\":%zu,\"scored\":%zu,"
      "\"sentiment_counts\":{\"positive\":%zu,\"neutral\":%zu,\"negative\":%zu},\"share_negative\":",
      s->n, s->participants, s->max_depth, s->top_level, s->scored, s->pos, s->neu, s->neg);
    if (rc == TM_OK) rc = S_jnum(b, g->neg);
    S(",\"share_negative_ci\":[");
    if (rc == TM_OK) rc = S_jnum(b, g->neg_lo);
    S(",");
    if (rc == TM_OK) rc = S_jnum(b, g->neg_hi);
    S("],\"mean_sentiment\":");
    if (rc == TM_OK) rc = S_jnum(b, g->mean);
    S(",\"mean_sentiment_ci\":[");
    if (rc == TM_OK) rc = S_jnum(b, g->mean_lo);
    S(",");
    if (rc == TM_OK) rc = S_jnum(b, g->mean_hi);
    P("],\"rated_replies\":%zu,\"stance_counts\":{\"agree\":%zu,\"disagree\":%zu,\"mixed\":%zu,\"neutral\":%zu},"
      "\"disagreement_rate\":",
      s->rated, s->agree, s->disagree, s->mixed, s->neutral);
    if (rc == TM_OK) rc = S_jnum(b, s->disagreement_rate);
    S(",\"disagreement_rate_ci\":[");
    if (rc == TM_OK) rc = S_jnum(b, g->dis_lo);
    S(",");
    if (rc == TM_OK) rc = S_jnum(b, g->dis_hi);
    S("],\"controversy\":");
    if (rc == TM_OK) rc = S_jnum(b, s->controversy);
    S(",\"controversy_ci\":[");
    if (rc == TM_OK) rc = S_jnum(b, g->con_lo);
    S(",");
    if (rc == TM_OK) rc = S_jnum(b, g->con_hi);
    P("],\"small_sample\":%s,\"time_origin\":\"%s\",\"first_24h\":[", s->scored < TM_SMALL_N ? "true" : "false",
      s->t0 == TM_TIME_UNKNOWN ? "unknown" : s->t0_is_post ? "post" : "first_comment");
    for (size_t h = 0; h < HOURS && rc == TM_OK; h++) {
      P("%s{\"hour\":%zu,\"comments\":%zu,\"scored\":%zu,\"mean_sentiment\":", h ? "," : "", h, g->hour_n[h], g->hour_scored[h]);
      if (rc == TM_OK) rc = S_jnum(b, g->hour_scored[h] ? g->hour_sum[h] / (double)g->hour_scored[h] : NAN);
      S("}");
    }
    S("],\"targets\":{");
    int first = 1;
    for (size_t k = 0; k < nt && rc == TM_OK; k++) {
      const tm__rtarget *tg = S_target(s, tnames[k]);
      if (!tg) continue;
      S(first ? "" : ",");
      first = 0;
      if (rc == TM_OK) rc = S_jstr(b, tg->name);
      double mean, lo, hi;
      tm__mean_ci_c(tg->sum, tg->sumsq, tg->comments, &mean, &lo, &hi);
      P(":{\"comments\":%zu,\"mentions\":%zu,\"mean_sentiment\":", tg->comments, tg->mentions);
      if (rc == TM_OK) rc = S_jnum(b, tg->comments ? mean : NAN);
      S(",\"ci\":[");
      if (rc == TM_OK) rc = S_jnum(b, lo);
      S(",");
      if (rc == TM_OK) rc = S_jnum(b, hi);
      S("]}");
    }
    S("}}");
  }
  S("],\n\"differences\":[");
  for (size_t i = 1; i < c->n && rc == TM_OK; i++) {
    const tm__tsum *s = &c->th[i], *r0 = &c->th[0];
    double d, lo, hi;
    S(i > 1 ? ",\n{\"thread\":" : "\n{\"thread\":");
    if (rc == TM_OK) rc = S_jstr(b, s->label);
    S(",\"reference\":");
    if (rc == TM_OK) rc = S_jstr(b, r0->label);
    S_diff_prop(f[i].neg, f[i].neg_lo, f[i].neg_hi, f[0].neg, f[0].neg_lo, f[0].neg_hi, &d, &lo, &hi);
    P(",\"share_negative\":{\"difference\":%.4f,\"ci\":[%.4f,%.4f],\"n\":[%zu,%zu],\"note\":\"%s\"}", d, lo, hi, s->scored,
      r0->scored, S_verdict(lo, hi, s->scored, r0->scored));
    S_diff_mean(f[i].mean, f[i].sd, s->scored, f[0].mean, f[0].sd, r0->scored, &d, &lo, &hi);
    P(",\"mean_sentiment\":{\"difference\":%.4f,\"ci\":[", d);
    if (rc == TM_OK) rc = S_jnum(b, lo);
    S(",");
    if (rc == TM_OK) rc = S_jnum(b, hi);
    P("],\"n\":[%zu,%zu],\"note\":\"%s\"}", s->scored, r0->scored, S_verdict(lo, hi, s->scored, r0->scored));
    S_diff_prop(s->disagreement_rate, f[i].dis_lo, f[i].dis_hi, r0->disagreement_rate, f[0].dis_lo, f[0].dis_hi, &d, &lo, &hi);
    P(",\"disagreement_rate\":{\"difference\":%.4f,\"ci\":[%.4f,%.4f],\"n\":[%zu,%zu],\"note\":\"%s\"}}", d, lo, hi, s->rated,
      r0->rated, S_verdict(lo, hi, s->rated, r0->rated));
  }
  S("]}\n");
  return rc;
}

int tm_compare_write(tm_compare *c, const char *outdir, tm_error *err) {
  if (!c || !outdir) return tm__error(err, TM_EINVAL, 0, 0, 0, "tm_compare_write needs a comparison and a directory");
  if (!c->n) return tm__error(err, TM_EINVAL, 0, 0, 0, "nothing to compare");
  S_fig *f = calloc(c->n, sizeof *f);
  const char *tnames[MAX_TARGETS];
  tm_buf md = TM_BUF_INIT, csv = TM_BUF_INIT, json = TM_BUF_INIT, sent = TM_BUF_INIT, dis = TM_BUF_INIT,
         hours = TM_BUF_INIT, tg = TM_BUF_INIT, path = TM_BUF_INIT;
  if (!f) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  for (size_t i = 0; i < c->n; i++) S_figures(&c->th[i], &f[i]);
  size_t nt = S_targets(c, tnames, MAX_TARGETS);
  int rc = S_charts(c, f, &sent, &dis, &hours, &tg, tnames, nt);
  if (rc == TM_OK) rc = S_markdown(&md, c, f, tnames, nt);
  if (rc == TM_OK) rc = S_csv(&csv, c, f, tnames, nt);
  if (rc == TM_OK) rc = S_json(&json, c, f, tnames, nt);
  if (rc) {
    tm__error(err, rc, 0, 0, 0, "out of memory writing the comparison");
  } else {
    rc = tm__mkdir(outdir, err);
    const char *names[7] = {"compare.md", "compare.csv", "compare.json", "sentiment.svg", "disagreement.svg",
                            "first24h.svg", "targets.svg"};
    const tm_buf *bufs[7] = {&md, &csv, &json, &sent, &dis, &hours, &tg};
    for (int k = 0; k < (nt ? 7 : 6) && rc == TM_OK; k++) {
      tm_buf_reset(&path);
      rc = tm_buf_printf(&path, "%s/%s", outdir, names[k]);
      if (rc) {
        tm__error(err, rc, 0, 0, 0, "out of memory");
        break;
      }
      int svg = k >= 3;
      tm_buf file = TM_BUF_INIT;
      if (svg) rc = tm_buf_puts(&file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
      if (rc == TM_OK) rc = tm_buf_put(&file, bufs[k]->ptr ? bufs[k]->ptr : "", bufs[k]->len);
      if (rc == TM_OK) rc = tm__write_file(path.ptr, file.ptr, file.len, err);
      else tm__error(err, rc, 0, 0, 0, "out of memory");
      tm_buf_free(&file);
    }
  }
  free(f);
  tm_buf_free(&md);
  tm_buf_free(&csv);
  tm_buf_free(&json);
  tm_buf_free(&sent);
  tm_buf_free(&dis);
  tm_buf_free(&hours);
  tm_buf_free(&tg);
  tm_buf_free(&path);
  return rc;
}
