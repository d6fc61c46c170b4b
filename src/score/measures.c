/*
 * measures.c - thread measures from stance and sentiment (formulas in
 * docs/measures.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../thread/thread.h"
#include "scores.h"

#define POWER_ITERATIONS 100 /* for the leading eigenvector of the signed author graph */
#define MIN_SIGNED_EDGES 3   /* fewer author pairs with a stance: polarization unknown */
#define MIN_CHAIN 3          /* shortest back-and-forth listed */

static int S_same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* index of author name in the sorted unique array */
static long S_author(const char **names, size_t n, const char *a) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(names[mid], a);
    if (!c) return (long)mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

typedef struct { uint32_t a, b; float w; } S_edge;

static int S_cmp_edge(const void *x, const void *y) {
  const S_edge *p = x, *q = y;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  if (p->b != q->b) return p->b < q->b ? -1 : 1;
  return 0;
}

/* Polarization of the signed author graph: split the participants by the
 * sign of the leading eigenvector of the signed adjacency matrix, then
 * weigh how well the split explains the stance edges. */
static void S_polarization(const tm_thread *t, const tm_scores *s, tm_measures *m) {
  m->polarization = -1;
  size_t n = t->n, na = 0;
  const char **names = malloc((n ? n : 1) * sizeof *names);
  S_edge *edges = malloc((n ? n : 1) * sizeof *edges);
  double *v = NULL, *nv = NULL;
  size_t ne = 0;
  if (!names || !edges) goto done;
  for (size_t i = 0; i < n; i++)
    if (t->c[i].author) names[na++] = t->c[i].author;
  qsort(names, na, sizeof *names, S_cmp_str);
  size_t u = 0;
  for (size_t i = 0; i < na; i++)
    if (!u || strcmp(names[i], names[u - 1])) names[u++] = names[i];
  na = u;
  for (size_t i = 0; i < n; i++) {
    const tm_stance *st = &s->stance[i];
    const tm_comment *c = &t->c[i];
    if (c->parent == TM_NONE || !c->author || !t->c[c->parent].author) continue;
    if (st->label != TM_STANCE_AGREE && st->label != TM_STANCE_DISAGREE) continue;
    long a = S_author(names, na, c->author), b = S_author(names, na, t->c[c->parent].author);
    if (a < 0 || b < 0 || a == b) continue;
    edges[ne].a = (uint32_t)(a < b ? a : b);
    edges[ne].b = (uint32_t)(a < b ? b : a);
    edges[ne].w = st->label == TM_STANCE_AGREE ? st->confidence + 0.5f : -(st->confidence + 0.5f);
    ne++;
  }
  /* merge parallel edges */
  qsort(edges, ne, sizeof *edges, S_cmp_edge);
  size_t w = 0;
  for (size_t k = 0; k < ne; k++) {
    if (w && edges[w - 1].a == edges[k].a && edges[w - 1].b == edges[k].b) edges[w - 1].w += edges[k].w;
    else edges[w++] = edges[k];
  }
  ne = w;
  size_t signed_edges = 0, neg = 0;
  for (size_t k = 0; k < ne; k++) {
    if (edges[k].w != 0) signed_edges++;
    if (edges[k].w < 0) neg++;
  }
  if (signed_edges < MIN_SIGNED_EDGES) goto done;
  if (!neg) {
    m->polarization = 0;
    m->camp_a = na;
    goto done;
  }
  v = malloc(na * sizeof *v);
  nv = malloc(na * sizeof *nv);
  if (!v || !nv) goto done;
  /* deterministic start: alternate signs; a shift keeps the iteration on
   * the largest (not the most negative) eigenvalue */
  for (size_t i = 0; i < na; i++) v[i] = 1.0 + 0.01 * (double)(i % 7);
  double shift = 0;
  for (size_t k = 0; k < ne; k++) shift += fabs(edges[k].w);
  for (int it = 0; it < POWER_ITERATIONS; it++) {
    for (size_t i = 0; i < na; i++) nv[i] = shift * v[i];
    for (size_t k = 0; k < ne; k++) {
      nv[edges[k].a] += edges[k].w * v[edges[k].b];
      nv[edges[k].b] += edges[k].w * v[edges[k].a];
    }
    double norm = 0;
    for (size_t i = 0; i < na; i++) norm += nv[i] * nv[i];
    norm = sqrt(norm);
    if (norm == 0) break;
    for (size_t i = 0; i < na; i++) v[i] = nv[i] / norm;
    /* remove the all-equal direction the shift favours */
    double mean = 0;
    for (size_t i = 0; i < na; i++) mean += v[i];
    mean /= (double)na;
    if (it < POWER_ITERATIONS - 1)
      for (size_t i = 0; i < na; i++) v[i] -= 0.5 * mean;
  }
  double total = 0, consistent = 0, across = 0;
  for (size_t k = 0; k < ne; k++) {
    int same = (v[edges[k].a] >= 0) == (v[edges[k].b] >= 0);
    double aw = fabs(edges[k].w);
    total += aw;
    if ((edges[k].w > 0 && same) || (edges[k].w < 0 && !same)) consistent += aw;
    if (edges[k].w < 0 && !same) across += aw;
  }
  for (size_t i = 0; i < na; i++) {
    int involved = 0;
    for (size_t k = 0; k < ne && !involved; k++) involved = edges[k].a == i || edges[k].b == i;
    if (!involved) continue;
    if (v[i] >= 0) m->camp_a++;
    else m->camp_b++;
  }
  /* consistent share x share of weight that is disagreement across camps */
  m->polarization = total > 0 ? (float)((consistent / total) * (across / total)) : 0;
  if (!m->camp_a || !m->camp_b) m->polarization = 0;
done:
  free(names);
  free(edges);
  free(v);
  free(nv);
}

int tm_thread_measures(const tm_thread *t, const tm_scores *s, tm_measures *m) {
  memset(m, 0, sizeof *m);
  size_t n = t->n;
  double sum = 0;
  size_t scored = 0;
  float *dw = calloc(n ? n : 1, sizeof *dw);
  uint32_t *run = calloc(n ? n : 1, sizeof *run);
  uint32_t *dis = calloc(n ? n : 1, sizeof *dis);
  unsigned char *extended = calloc(n ? n : 1, 1);
  if (!dw || !run || !dis || !extended) {
    free(dw);
    free(run);
    free(dis);
    free(extended);
    return TM_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    const tm_comment *c = &t->c[i];
    if (!(c->flags & TM_CF_DELETED) && c->text_len) {
      float cp = s->sent[i].compound;
      sum += cp;
      scored++;
      if (cp >= 0.05f) m->positive++;
      else if (cp <= -0.05f) m->negative++;
      else m->neutral_sentiment++;
    }
    const tm_stance *st = &s->stance[i];
    if (st->label == TM_STANCE_NONE) continue;
    m->rated++;
    switch (st->label) {
    case TM_STANCE_AGREE: m->agree++; break;
    case TM_STANCE_DISAGREE: m->disagree++; break;
    case TM_STANCE_MIXED: m->mixed++; break;
    default: m->neutral++; break;
    }
    if (c->parent != TM_NONE) {
      if (st->label == TM_STANCE_DISAGREE) dw[c->parent] += 0.5f + 0.5f * st->confidence;
      if (st->label == TM_STANCE_MIXED) dw[c->parent] += 0.5f;
    }
  }
  m->mean_sentiment = scored ? (float)(sum / scored) : 0;
  if (m->rated) {
    m->disagreement_rate = (float)((m->disagree + 0.5 * m->mixed) / m->rated);
    size_t sided = m->agree + m->disagree + m->mixed;
    if (sided) {
      double p = (m->disagree + 0.5 * m->mixed) / sided;
      m->controversy = (float)(4 * p * (1 - p) * sided / m->rated);
    }
  }
  /* most disputed: top weights, ties by source order */
  for (size_t i = 0; i < n; i++) {
    if (dw[i] < 1.0f) continue;
    size_t k = m->ndisputed;
    if (k == TM_MEASURES_TOP && dw[i] <= m->disputed_weight[k - 1]) continue;
    if (k == TM_MEASURES_TOP) k--;
    while (k > 0 && m->disputed_weight[k - 1] < dw[i]) {
      m->disputed[k] = m->disputed[k - 1];
      m->disputed_weight[k] = m->disputed_weight[k - 1];
      k--;
    }
    m->disputed[k] = (uint32_t)i;
    m->disputed_weight[k] = dw[i];
    if (m->ndisputed < TM_MEASURES_TOP) m->ndisputed++;
  }
  /* back-and-forth runs: A B A B ... along one reply chain */
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE; i = tm_thread_preorder_next(t, i)) {
    const tm_comment *c = &t->c[i];
    run[i] = 1;
    if (c->parent == TM_NONE || !c->author) continue;
    const tm_comment *p = &t->c[c->parent];
    if (!p->author || S_same(p->author, c->author)) continue;
    int sided = s->stance[i].label == TM_STANCE_DISAGREE || s->stance[i].label == TM_STANCE_MIXED;
    if (p->parent != TM_NONE && S_same(t->c[p->parent].author, c->author) && run[c->parent] >= 2) {
      run[i] = run[c->parent] + 1;
      dis[i] = dis[c->parent] + (uint32_t)sided;
      extended[c->parent] = 1;
    } else {
      run[i] = 2;
      dis[i] = (uint32_t)sided;
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (run[i] < MIN_CHAIN || extended[i]) continue;
    size_t k = m->nchains;
    if (k == TM_MEASURES_TOP && run[i] <= m->chains[k - 1].length) continue;
    if (k == TM_MEASURES_TOP) k--;
    while (k > 0 && m->chains[k - 1].length < run[i]) {
      m->chains[k] = m->chains[k - 1];
      k--;
    }
    uint32_t first = (uint32_t)i;
    for (uint32_t r = 1; r < run[i]; r++) first = t->c[first].parent;
    tm_chain *ch = &m->chains[k];
    ch->first = first;
    ch->last = (uint32_t)i;
    ch->length = run[i];
    ch->disagreements = dis[i];
    ch->a = t->c[first].author;
    ch->b = S_same(t->c[i].author, ch->a) ? t->c[t->c[i].parent].author : t->c[i].author;
    if (m->nchains < TM_MEASURES_TOP) m->nchains++;
  }
  free(dw);
  free(run);
  free(dis);
  free(extended);
  S_polarization(t, s, m);
  return TM_OK;
}
