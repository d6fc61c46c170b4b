/*
 * summary.c - one thread reduced to what comparisons need (tm__tsum), built
 * from a scored thread or from the JSON document `threadmap score` writes,
 * and the interval estimates shown beside every figure (docs/report.md).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/json.h"
#include "../score/scores.h"
#include "../thread/thread.h"
#include "../util/error.h"
#include "../util/timeparse.h"
#include "report.h"

void tm__wilson(double k, size_t n, double *lo, double *hi) {
  if (!n) {
    *lo = 0, *hi = 1;
    return;
  }
  double z = TM_Z95, p = k / (double)n, nn = (double)n;
  double den = 1 + z * z / nn, mid = (p + z * z / (2 * nn)) / den;
  double half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / den;
  *lo = fmax(0, mid - half);
  *hi = fmin(1, mid + half);
}

void tm__mean_ci(double sum, double sumsq, size_t n, double *mean, double *lo, double *hi) {
  *mean = n ? sum / (double)n : 0;
  if (n < 2) {
    *lo = *hi = NAN;
    return;
  }
  double var = (sumsq - sum * sum / (double)n) / (double)(n - 1);
  double se = sqrt(var > 0 ? var : 0) / sqrt((double)n);
  *lo = *mean - TM_Z95 * se;
  *hi = *mean + TM_Z95 * se;
}

void tm__mean_ci_c(double sum, double sumsq, size_t n, double *mean, double *lo, double *hi) {
  tm__mean_ci(sum, sumsq, n, mean, lo, hi);
  if (!isnan(*lo)) *lo = fmax(-1, *lo), *hi = fmin(1, *hi);
}

double tm__controversy(size_t agree, size_t disagree, size_t mixed, size_t rated) {
  size_t sided = agree + disagree + mixed;
  if (!rated || !sided) return 0;
  double p = (disagree + 0.5 * mixed) / (double)sided;
  return 4 * p * (1 - p) * (double)sided / (double)rated;
}

/* xorshift64*: a small deterministic generator for the bootstrap */
static uint64_t S_rand(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1DULL;
}

static int S_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

#define BOOTSTRAP 400 /* resamples: the 2.5% / 97.5% quantiles are stable to ~0.01 */

void tm__controversy_ci(const tm__tsum *s, double *lo, double *hi) {
  size_t r = s->rated;
  if (r < 2) {
    *lo = *hi = NAN;
    return;
  }
  double v[BOOTSTRAP];
  uint64_t seed = 0x9E3779B97F4A7C15ULL ^ r;
  /* resample the rated replies' labels from their counts */
  for (int k = 0; k < BOOTSTRAP; k++) {
    size_t a = 0, d = 0, m = 0;
    for (size_t i = 0; i < r; i++) {
      size_t u = (size_t)(S_rand(&seed) % r);
      if (u < s->agree) a++;
      else if (u < s->agree + s->disagree) d++;
      else if (u < s->agree + s->disagree + s->mixed) m++;
    }
    v[k] = tm__controversy(a, d, m, r);
  }
  qsort(v, BOOTSTRAP, sizeof *v, S_cmp_double);
  *lo = v[(int)(0.025 * BOOTSTRAP)];
  *hi = v[(int)(0.975 * BOOTSTRAP) - 1];
}

void tm__fmt_duration(double secs, char *buf, size_t size) {
  if (secs < 3600) snprintf(buf, size, "%.0f min", secs / 60);
  else if (secs < 2 * 86400) snprintf(buf, size, "%.3g h", secs / 3600);
  else snprintf(buf, size, "%.3g d", secs / 86400);
}

void tm__tsum_free(tm__tsum *s) {
  if (!s) return;
  free(s->label);
  free(s->source);
  free(s->title);
  free(s->format);
  free(s->c);
  for (size_t k = 0; k < s->ntargets; k++) free(s->targets[k].name);
  free(s->targets);
  memset(s, 0, sizeof *s);
}

static char *S_dup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* distinct non-NULL names among n (sorts names in place) */
static size_t S_distinct(const char **names, size_t n) {
  qsort(names, n, sizeof *names, S_cmp_str);
  size_t u = 0;
  for (size_t i = 0; i < n; i++)
    if (!i || strcmp(names[i], names[i - 1])) u++;
  return u;
}

/* counts, rates and the first time once s->c is filled */
static void S_finish(tm__tsum *s) {
  for (size_t i = 0; i < s->n; i++) {
    const tm__rc *r = &s->c[i];
    if (r->depth > s->max_depth) s->max_depth = r->depth;
    if (r->depth == 1) s->top_level++;
    if (r->sent != 2) {
      s->scored++;
      s->sum += r->compound;
      s->sumsq += (double)r->compound * r->compound;
      if (r->sent > 0) s->pos++;
      else if (r->sent < 0) s->neg++;
      else s->neu++;
    }
    if (r->stance == TM_STANCE_NONE) continue;
    s->rated++;
    if (r->stance == TM_STANCE_AGREE) s->agree++;
    else if (r->stance == TM_STANCE_DISAGREE) s->disagree++;
    else if (r->stance == TM_STANCE_MIXED) s->mixed++;
    else s->neutral++;
  }
  s->disagreement_rate = s->rated ? (s->disagree + 0.5 * s->mixed) / (double)s->rated : 0;
  s->controversy = tm__controversy(s->agree, s->disagree, s->mixed, s->rated);
  if (s->t0 == TM_TIME_UNKNOWN) {
    s->t0_is_post = 0;
    for (size_t i = 0; i < s->n; i++)
      if (s->c[i].time != TM_TIME_UNKNOWN && (s->t0 == TM_TIME_UNKNOWN || s->c[i].time < s->t0)) s->t0 = s->c[i].time;
  }
}

static int8_t S_sent(float cp) { return cp >= 0.05f ? 1 : cp <= -0.05f ? -1 : 0; }

int tm__tsum_from_thread(tm__tsum *out, const tm_thread *t, const tm_scores *s) {
  memset(out, 0, sizeof *out);
  size_t n = t->n;
  out->n = n;
  out->c = calloc(n ? n : 1, sizeof *out->c);
  const char **names = malloc((n ? n : 1) * sizeof *names);
  out->targets = calloc(s->ntargets ? s->ntargets : 1, sizeof *out->targets);
  const tm_meta *m = tm_thread_meta(t);
  out->title = S_dup(m->title);
  out->format = S_dup(tm_format_name(m->format));
  if (!out->c || !names || !out->targets || (m->title && !out->title)) {
    free(names);
    tm__tsum_free(out);
    return TM_ENOMEM;
  }
  out->t0 = m->time;
  out->t0_is_post = m->time != TM_TIME_UNKNOWN;
  size_t na = 0;
  for (size_t i = 0; i < n; i++) {
    const tm_comment *c = &t->c[i];
    tm__rc *r = &out->c[i];
    r->time = c->time;
    r->depth = c->depth;
    r->compound = s->sent[i].compound;
    r->sent = (c->flags & TM_CF_DELETED) || !c->text_len ? 2 : S_sent(r->compound);
    r->stance = (uint8_t)s->stance[i].label;
    if (c->author) names[na++] = c->author;
  }
  out->participants = S_distinct(names, na);
  free(names);
  out->ntargets = s->ntargets;
  for (size_t k = 0; k < s->ntargets; k++) {
    tm__rtarget *tg = &out->targets[k];
    if (!(tg->name = S_dup(s->target_names[k]))) {
      tm__tsum_free(out);
      return TM_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
      const tm_target_score *ts = &s->tscore[i * s->ntargets + k];
      if (!ts->mentions) continue;
      tg->comments++;
      tg->mentions += ts->mentions;
      tg->sum += ts->sentiment;
      tg->sumsq += (double)ts->sentiment * ts->sentiment;
    }
  }
  S_finish(out);
  return TM_OK;
}

static const char *S_str(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double S_num(const cJSON *o, const char *key, double dflt) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static uint8_t S_stance(const char *l) {
  if (!l) return TM_STANCE_NONE;
  if (!strcmp(l, "agree")) return TM_STANCE_AGREE;
  if (!strcmp(l, "disagree")) return TM_STANCE_DISAGREE;
  if (!strcmp(l, "mixed")) return TM_STANCE_MIXED;
  return TM_STANCE_NEUTRAL;
}

static int S_has_flag(const cJSON *c, const char *flag) {
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "flags"), *e;
  cJSON_ArrayForEach(e, f) if (cJSON_IsString(e) && !strcmp(e->valuestring, flag)) return 1;
  return 0;
}

static int S_target_index(tm__tsum *s, const char *name) {
  for (size_t k = 0; k < s->ntargets; k++)
    if (!strcmp(s->targets[k].name, name)) return (int)k;
  tm__rtarget *nt = realloc(s->targets, (s->ntargets + 1) * sizeof *nt);
  if (!nt) return -1;
  s->targets = nt;
  memset(&nt[s->ntargets], 0, sizeof *nt);
  if (!(nt[s->ntargets].name = S_dup(name))) return -1;
  return (int)s->ntargets++;
}

int tm__tsum_from_json(tm__tsum *out, const char *buf, size_t len, const char *path, tm_error *err) {
  memset(out, 0, sizeof *out);
  cJSON *doc = tm__json_parse(buf, len, NULL, buf, len, err);
  if (!doc) return TM_EPARSE;
  int rc = TM_OK;
  const char **names = NULL;
  const cJSON *thread = cJSON_GetObjectItemCaseSensitive(doc, "thread");
  const cJSON *comments = cJSON_GetObjectItemCaseSensitive(doc, "comments");
  if (!cJSON_IsObject(doc) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc, "threadmap")) ||
      !cJSON_IsArray(comments)) {
    rc = tm__error(err, TM_EFORMAT, 1, 1, 0, "not a document written by `threadmap score` (no \"threadmap\" and \"comments\")");
    goto done;
  }
  size_t n = (size_t)cJSON_GetArraySize(comments);
  out->n = n;
  out->c = calloc(n ? n : 1, sizeof *out->c);
  names = malloc((n ? n : 1) * sizeof *names);
  out->format = S_dup(S_str(doc, "format") ? S_str(doc, "format") : "threadmap-json");
  if (!out->c || !names || !out->format) {
    rc = TM_ENOMEM;
    goto done;
  }
  out->t0 = TM_TIME_UNKNOWN;
  if (cJSON_IsObject(thread)) {
    const char *title = S_str(thread, "title"), *tm = S_str(thread, "time");
    if (title && !(out->title = S_dup(title))) {
      rc = TM_ENOMEM;
      goto done;
    }
    int64_t t0;
    if (tm && tm__parse_time(tm, strlen(tm), &t0)) out->t0 = t0, out->t0_is_post = 1;
  }
  size_t na = 0, i = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, comments) {
    tm__rc *r = &out->c[i];
    if (!cJSON_IsObject(c)) {
      rc = tm__error(err, TM_EPARSE, 0, 0, 0, "comment %zu is not an object", i + 1);
      goto done;
    }
    const cJSON *sent = cJSON_GetObjectItemCaseSensitive(c, "sentiment");
    if (!cJSON_IsObject(sent)) {
      rc = tm__error(err, TM_EFORMAT, 0, 0, 0,
                     "comment %zu has no \"sentiment\": run `threadmap score` on the thread first", i + 1);
      goto done;
    }
    double ep = S_num(c, "epoch", NAN);
    r->time = isnan(ep) ? TM_TIME_UNKNOWN : (int64_t)ep;
    double d = S_num(c, "depth", 1);
    r->depth = d >= 1 && d < 4e9 ? (uint32_t)d : 1;
    r->compound = (float)S_num(sent, "compound", 0);
    const char *text = S_str(c, "text");
    const char *label = S_str(sent, "label");
    if (S_has_flag(c, "deleted") || !text || !text[0]) r->sent = 2;
    else if (label) r->sent = !strcmp(label, "positive") ? 1 : !strcmp(label, "negative") ? -1 : 0;
    else r->sent = S_sent(r->compound);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(c, "stance");
    r->stance = cJSON_IsObject(st) ? S_stance(S_str(st, "label")) : TM_STANCE_NONE;
    const char *author = S_str(c, "author");
    if (author) names[na++] = author;
    const cJSON *tg = cJSON_GetObjectItemCaseSensitive(c, "targets"), *e;
    cJSON_ArrayForEach(e, tg) {
      if (!cJSON_IsObject(e) || !e->string) continue;
      double mentions = S_num(e, "mentions", 0), ts = S_num(e, "sentiment", 0);
      if (mentions < 1) continue;
      int k = S_target_index(out, e->string);
      if (k < 0) {
        rc = TM_ENOMEM;
        goto done;
      }
      out->targets[k].comments++;
      out->targets[k].mentions += (size_t)mentions;
      out->targets[k].sum += ts;
      out->targets[k].sumsq += ts * ts;
    }
    i++;
  }
  out->participants = S_distinct(names, na);
  /* targets named in the thread measures but mentioned nowhere still count */
  const cJSON *ms = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "measures"), "targets"), *e;
  cJSON_ArrayForEach(e, ms) if (e->string && S_target_index(out, e->string) < 0) {
    rc = TM_ENOMEM;
    goto done;
  }
  S_finish(out);
done:
  if (rc == TM_ENOMEM) tm__error(err, rc, 0, 0, 0, "out of memory");
  if (rc && err && !err->path) err->path = path;
  free(names);
  cJSON_Delete(doc);
  if (rc) tm__tsum_free(out);
  return rc;
}
