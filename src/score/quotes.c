/*
 * quotes.c - quote attribution: which earlier comment (or the story) each
 * quoted span of a comment comes from.
 *
 * Texts are compared normalized (tm__normalize: folded, punctuation runs as
 * one space), and only on each comment's own words (its quote spans cut
 * out), so a quote is traced to the comment that wrote it, not to another
 * that quoted it too.  Search order: the comment's ancestors, nearest
 * first, then the story, then every other comment: exact containment
 * first, then fuzzy, by word trigrams: the candidate holding at least
 * FUZZY_MIN of the quote's trigrams wins (ties: the earliest comment).
 */
#include <stdlib.h>
#include <string.h>

#include "../thread/thread.h"
#include "../util/buf.h"
#include "quotes.h"
#include "stance.h"

#define FUZZY_MIN 0.6      /* share of a quote's trigrams found in the source */
#define MIN_QUOTE_BYTES 6  /* shorter quotes ("> no") are not attributed */
#define MAX_ANCESTORS 64   /* ancestors searched before the whole thread */
#define EXACT_SCAN_MAX 2000 /* threads up to this size are also scanned exactly */

typedef struct {
  char *s;     /* own words, normalized */
  size_t n;
} S_norm;

static uint32_t S_h3(const char *a, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)a[i]) * 16777619u;
  return h ? h : 1;
}

/* trigram hashes of a normalized text (words split at spaces) */
static size_t S_trigrams(const char *s, size_t n, uint32_t **out) {
  size_t nw = 0, cap = 16;
  size_t *ws = malloc(cap * sizeof *ws);
  *out = NULL;
  if (!ws) return 0;
  for (size_t i = 0; i < n; i++)
    if (i == 0 || s[i - 1] == ' ') {
      if (nw == cap) {
        size_t *nws = realloc(ws, cap * 2 * sizeof *ws);
        if (!nws) break;
        ws = nws;
        cap *= 2;
      }
      ws[nw++] = i;
    }
  if (nw < 3) {
    free(ws);
    return 0;
  }
  uint32_t *h = malloc((nw - 2) * sizeof *h);
  if (!h) {
    free(ws);
    return 0;
  }
  for (size_t k = 0; k + 2 < nw; k++) {
    size_t end = k + 3 < nw ? ws[k + 3] - 1 : n;
    h[k] = S_h3(s + ws[k], end - ws[k]);
  }
  free(ws);
  *out = h;
  return nw - 2;
}

static int S_cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Fuzzy matching of the quotes not found by exact search: the quotes'
 * trigrams go into one small hash table; every comment's own words are
 * then streamed once, and each hit counts for (quote, comment).  Linear in
 * the thread's text, whatever the number of comments. */
typedef struct {
  uint32_t *key;   /* trigram hash (0 = empty) */
  uint32_t *quote; /* index into the pending quotes (first one using it) */
  size_t cap;
} S_qset;

/* Own words of a comment: its text with quote spans cut out, normalized. */
static int S_own(const tm_comment *c, S_norm *out) {
  tm_buf b = TM_BUF_INIT;
  size_t pos = 0;
  int rc = TM_OK;
  for (uint32_t k = 0; k < c->nspans && rc == TM_OK; k++) {
    if (c->spans[k].kind != TM_SPAN_QUOTE) continue;
    /* cut the whole line, its "> " marker included */
    size_t s = c->spans[k].start;
    while (s > pos && c->text[s - 1] != '\n') s--;
    if (s > pos) rc = tm_buf_put(&b, c->text + pos, s - pos);
    if (rc == TM_OK) rc = tm_buf_putc(&b, '\n');
    size_t e = (size_t)c->spans[k].start + c->spans[k].len;
    if (e > pos) pos = e;
  }
  if (rc == TM_OK && pos < c->text_len) rc = tm_buf_put(&b, c->text + pos, c->text_len - pos);
  if (rc == TM_OK) rc = tm__normalize(&out->s, &out->n, b.ptr ? b.ptr : "", b.len);
  tm_buf_free(&b);
  return rc;
}

typedef struct {
  uint32_t comment;  /* the quoting comment */
  uint32_t src;      /* source found, or TM_NONE */
  char *q;           /* normalized quote, while pending */
  size_t qn;
  uint32_t ntri;     /* distinct trigrams */
  uint32_t cur_c, cur_n, best_c, best_n; /* streaming counts */
} S_quote;

/* lazily normalized own words */
static const S_norm *S_get(const tm_thread *t, S_norm *norm, size_t i, int *rc) {
  if (!norm[i].s && *rc == TM_OK) *rc = S_own(&t->c[i], &norm[i]);
  return &norm[i];
}

static size_t S_uniq(uint32_t *h, size_t n) {
  qsort(h, n, sizeof *h, S_cmp_u32);
  size_t u = 0;
  for (size_t k = 0; k < n; k++)
    if (!u || h[k] != h[u - 1]) h[u++] = h[k];
  return u;
}

int tm__attribute_quotes(const tm_thread *t, uint32_t **links, uint32_t **offsets) {
  size_t n = t->n;
  *links = NULL;
  *offsets = NULL;
  uint32_t *first = calloc(n + 1, sizeof *first);
  if (!first) return TM_ENOMEM;
  size_t nquotes = 0;
  for (size_t i = 0; i < n; i++)
    if (t->c[i].flags & TM_CF_HAS_QUOTE)
      for (uint32_t k = 0; k < t->c[i].nspans; k++) nquotes += t->c[i].spans[k].kind == TM_SPAN_QUOTE;
  if (!nquotes) {
    *offsets = first;
    return TM_OK;
  }
  int rc = TM_OK;
  S_norm *norm = calloc(n, sizeof *norm);
  S_norm story = {NULL, 0};
  S_quote *qs = calloc(nquotes, sizeof *qs);
  S_qset set = {NULL, NULL, 0};
  size_t nq = 0, npending = 0;
  if (!norm || !qs) rc = TM_ENOMEM;
  if (rc == TM_OK && t->meta.text) rc = tm__normalize(&story.s, &story.n, t->meta.text, strlen(t->meta.text));

  /* 1. exact: ancestors, the story, and (small threads) every comment */
  for (size_t i = 0; i < n && rc == TM_OK; i++) {
    const tm_comment *c = &t->c[i];
    if (!(c->flags & TM_CF_HAS_QUOTE)) continue;
    for (uint32_t k = 0; k < c->nspans && rc == TM_OK; k++) {
      if (c->spans[k].kind != TM_SPAN_QUOTE) continue;
      S_quote *Q = &qs[nq++];
      Q->comment = (uint32_t)i;
      Q->src = TM_NONE;
      if (c->spans[k].len < MIN_QUOTE_BYTES) continue;
      char *q;
      size_t qn;
      if ((rc = tm__normalize(&q, &qn, c->text + c->spans[k].start, c->spans[k].len))) break;
      if (qn < 3) {
        free(q);
        continue;
      }
      uint32_t a = c->parent;
      for (int d = 0; a != TM_NONE && d < MAX_ANCESTORS && Q->src == TM_NONE; d++, a = t->c[a].parent) {
        const S_norm *na = S_get(t, norm, a, &rc);
        if (na->s && tm__contains(na->s, na->n, q, qn)) Q->src = a;
      }
      if (Q->src == TM_NONE && story.s && tm__contains(story.s, story.n, q, qn)) Q->src = TM_QUOTE_STORY;
      for (size_t j = 0; n <= EXACT_SCAN_MAX && j < n && Q->src == TM_NONE && rc == TM_OK; j++) {
        if (j == i) continue;
        const S_norm *nj = S_get(t, norm, j, &rc);
        if (nj->s && tm__contains(nj->s, nj->n, q, qn)) Q->src = (uint32_t)j;
      }
      if (Q->src == TM_NONE) {
        Q->q = q;
        Q->qn = qn;
        npending++;
      } else {
        free(q);
      }
    }
  }

  /* 2. fuzzy, for the rest: one pass over every comment's trigrams */
  if (rc == TM_OK && npending) {
    size_t ntri = 0;
    for (size_t k = 0; k < nq; k++) {
      if (!qs[k].q) continue;
      uint32_t *h;
      size_t nh = S_trigrams(qs[k].q, qs[k].qn, &h);
      qs[k].ntri = (uint32_t)(nh ? S_uniq(h, nh) : 0);
      ntri += qs[k].ntri;
      free(h);
    }
    set.cap = 16;
    while (set.cap < ntri * 2 + 2) set.cap *= 2;
    set.key = calloc(set.cap, sizeof *set.key);
    set.quote = calloc(set.cap, sizeof *set.quote);
    if (!set.key || !set.quote) rc = TM_ENOMEM;
    for (size_t k = 0; k < nq && rc == TM_OK; k++) {
      if (!qs[k].q || !qs[k].ntri) continue;
      uint32_t *h;
      size_t nh = S_trigrams(qs[k].q, qs[k].qn, &h);
      nh = S_uniq(h, nh);
      for (size_t m = 0; m < nh; m++) {
        /* duplicates allowed: one slot per (trigram, quote) */
        size_t i = h[m] & (set.cap - 1);
        while (set.key[i]) i = (i + 1) & (set.cap - 1);
        set.key[i] = h[m];
        set.quote[i] = (uint32_t)k;
      }
      free(h);
      qs[k].cur_c = qs[k].best_c = TM_NONE;
    }
    for (size_t j = 0; j < n && rc == TM_OK; j++) {
      const S_norm *nj = S_get(t, norm, j, &rc);
      uint32_t *h;
      size_t nh = nj->s ? S_trigrams(nj->s, nj->n, &h) : 0;
      if (!nh) continue;
      nh = S_uniq(h, nh);
      for (size_t m = 0; m < nh; m++) {
        size_t i = h[m] & (set.cap - 1);
        for (; set.key[i]; i = (i + 1) & (set.cap - 1)) {
          if (set.key[i] != h[m]) continue;
          S_quote *Q = &qs[set.quote[i]];
          if (Q->comment == j) continue;
          if (Q->cur_c != j) Q->cur_c = (uint32_t)j, Q->cur_n = 0;
          if (++Q->cur_n > Q->best_n) Q->best_n = Q->cur_n, Q->best_c = (uint32_t)j;
        }
      }
      free(h);
    }
    for (size_t k = 0; k < nq; k++)
      if (qs[k].q && qs[k].ntri && (double)qs[k].best_n >= FUZZY_MIN * qs[k].ntri)
        qs[k].src = qs[k].best_c;
  }

  /* 3. links per comment, in quote order, without repeats */
  uint32_t *out = rc == TM_OK ? malloc((nq ? nq : 1) * sizeof *out) : NULL;
  if (rc == TM_OK && !out) rc = TM_ENOMEM;
  size_t nl = 0, k = 0;
  for (size_t i = 0; i < n && rc == TM_OK; i++) {
    first[i] = (uint32_t)nl;
    for (; k < nq && qs[k].comment == i; k++) {
      uint32_t src = qs[k].src;
      if (src == TM_NONE) continue;
      int dup = 0;
      for (size_t m = first[i]; m < nl; m++) dup |= out[m] == src;
      if (!dup) out[nl++] = src;
    }
  }
  first[n] = (uint32_t)nl;
  for (size_t i = 0; norm && i < n; i++) free(norm[i].s);
  for (size_t q = 0; qs && q < nq; q++) free(qs[q].q);
  free(norm);
  free(qs);
  free(story.s);
  free(set.key);
  free(set.quote);
  if (rc) {
    free(out);
    free(first);
    return rc;
  }
  *links = out;
  *offsets = first;
  return TM_OK;
}
