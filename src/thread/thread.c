/*
 * thread.c - the thread model: building, linking and walking comment trees.
 *
 * Linking never recurses: parent resolution is a hash lookup per comment,
 * cycle detection walks parent chains with a visit stamp (each comment is
 * walked once), and depths come from an iterative pre-order walk.  So a
 * 100,000-deep reply chain costs what 100,000 siblings cost.
 *
 * Repairs, all reported as warnings, all deterministic:
 *  - duplicate id: the first record wins, later ones are dropped;
 *  - parent id not in the input: the comment becomes top-level, ORPHAN;
 *  - parent cycle: in each cycle the comment that comes first in the
 *    source is detached to the top level with CYCLE.
 */
#include "thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/utf8.h"
#include "../util/error.h"

int tm__thread_new(tm_thread **out, const tm_options *opts, tm_format fmt) {
  tm_thread *t = calloc(1, sizeof *t);
  *out = NULL;
  if (!t) return TM_ENOMEM;
  tm_options def = TM_OPTIONS_INIT;
  t->opts = opts ? *opts : def;
  t->meta.format = fmt;
  t->meta.time = TM_TIME_UNKNOWN;
  t->first_root = TM_NONE;
  *out = t;
  return TM_OK;
}

void tm_thread_free(tm_thread *t) {
  if (!t) return;
  tm_arena_clear(&t->arena);
  free(t->c);
  free(t->warn);
  free(t->idx);
  tm_buf_free(&t->scratch);
  free(t);
}

int tm__thread_full(const tm_thread *t) {
  return t->opts.max_comments && t->n >= t->opts.max_comments;
}

tm_comment *tm__thread_add(tm_thread *t) {
  if (tm__thread_full(t) || t->n >= TM_NONE - 1) return NULL;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    tm_comment *c = realloc(t->c, cap * sizeof *c);
    if (!c) return NULL;
    t->c = c;
    t->cap = cap;
  }
  tm_comment *c = &t->c[t->n++];
  memset(c, 0, sizeof *c);
  c->time = TM_TIME_UNKNOWN;
  c->parent = c->first_child = c->next_sibling = TM_NONE;
  return c;
}

tm_comment *tm__thread_add_at(tm_thread *t, size_t line, size_t col, tm_error *err) {
  tm_comment *c = tm__thread_add(t);
  if (c) return c;
  if (tm__thread_full(t))
    tm__error(err, TM_ELIMIT, line, col, 0, "more than %zu comments (the --max-comments limit)",
              t->opts.max_comments);
  else
    tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  return NULL;
}

const char *tm__thread_str(tm_thread *t, const char *s, size_t len, int *ok) {
  if (!s) return NULL;
  if (tm__utf8_valid(s, len)) {
    char *p = tm_arena_strndup(&t->arena, s, len);
    if (!p) *ok = 0;
    return p;
  }
  tm_buf_reset(&t->scratch);
  if (tm__utf8_append_sanitized(&t->scratch, s, len, &t->meta.invalid_utf8)) {
    *ok = 0;
    return NULL;
  }
  char *p = tm_arena_strndup(&t->arena, t->scratch.ptr, t->scratch.len);
  if (!p) *ok = 0;
  return p;
}

const char *tm__thread_raw(tm_thread *t, const char *s, size_t len, int *ok) {
  size_t before = t->meta.invalid_utf8;
  const char *r = tm__thread_str(t, s, len, ok);
  t->meta.invalid_utf8 = before;
  return r;
}

void tm__thread_warn(tm_thread *t, size_t line, size_t col, const char *fmt,
                     ...) {
  if (t->nwarn >= TM_MAX_WARNINGS) {
    t->warn_dropped++;
    return;
  }
  if (t->nwarn == t->capwarn) {
    size_t cap = t->capwarn ? t->capwarn * 2 : 16;
    tm_error *w = realloc(t->warn, cap * sizeof *w);
    if (!w) {
      t->warn_dropped++;
      return;
    }
    t->warn = w;
    t->capwarn = cap;
  }
  tm_error *w = &t->warn[t->nwarn++];
  memset(w, 0, sizeof *w);
  w->line = line;
  w->col = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(w->msg, sizeof w->msg, fmt, ap);
  va_end(ap);
}

/* ---------------------------------------------------------------- id hash */

static uint64_t S_hash(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a offset basis */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* Insert index i under c[i].id.  @return the index already there, or
 * TM_NONE when i was inserted. */
static uint32_t S_index_insert(tm_thread *t, uint32_t i) {
  size_t mask = t->idxcap - 1;
  size_t h = (size_t)S_hash(t->c[i].id) & mask;
  while (t->idx[h] != TM_NONE) {
    if (strcmp(t->c[t->idx[h]].id, t->c[i].id) == 0) return t->idx[h];
    h = (h + 1) & mask;
  }
  t->idx[h] = i;
  return TM_NONE;
}

uint32_t tm_thread_find(const tm_thread *t, const char *id) {
  if (!t->idx || !id) return TM_NONE;
  size_t mask = t->idxcap - 1;
  size_t h = (size_t)S_hash(id) & mask;
  while (t->idx[h] != TM_NONE) {
    if (strcmp(t->c[t->idx[h]].id, id) == 0) return t->idx[h];
    h = (h + 1) & mask;
  }
  return TM_NONE;
}

static int S_index_build(tm_thread *t, unsigned char *drop, size_t *ndrop) {
  size_t cap = 16;
  while (cap < t->n * 2) cap *= 2;
  free(t->idx);
  t->idx = malloc(cap * sizeof *t->idx);
  if (!t->idx) return TM_ENOMEM;
  memset(t->idx, 0xFF, cap * sizeof *t->idx);
  t->idxcap = cap;
  *ndrop = 0;
  for (size_t i = 0; i < t->n; i++) {
    uint32_t prev = S_index_insert(t, (uint32_t)i);
    if (prev != TM_NONE) {
      if (!drop) return TM_EINVAL; /* cannot happen after compaction */
      drop[i] = 1;
      (*ndrop)++;
      tm__thread_warn(t, t->c[i].line, t->c[i].col,
                      "duplicate comment id \"%s\" (first seen at line %zu): "
                      "kept the first, dropped this one",
                      t->c[i].id, t->c[prev].line);
    }
  }
  return TM_OK;
}

/* --------------------------------------------------------------- linking */

int tm__thread_link(tm_thread *t, tm_error *err) {
  int rc;
  size_t n = t->n;
  unsigned char *drop = NULL;
  uint32_t *mark = NULL, *last = NULL;

  /* 1. index ids; duplicates keep the first */
  if (n) {
    drop = calloc(n, 1);
    if (!drop) return TM_ENOMEM;
  }
  size_t ndrop = 0;
  if ((rc = S_index_build(t, drop, &ndrop))) goto cleanup;
  if (ndrop) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
      if (!drop[i]) t->c[w++] = t->c[i];
    t->n = n = w;
    if ((rc = S_index_build(t, NULL, &ndrop))) goto cleanup;
  }

  /* 2. resolve parents */
  for (size_t i = 0; i < n; i++) {
    tm_comment *c = &t->c[i];
    c->parent = c->first_child = c->next_sibling = TM_NONE;
    c->nchildren = 0;
    c->flags &= ~(uint32_t)(TM_CF_ORPHAN | TM_CF_CYCLE);
    if (!c->parent_id) continue;
    /* a reply to the story is a top-level comment */
    if (t->meta.id && strcmp(c->parent_id, t->meta.id) == 0) continue;
    uint32_t p = tm_thread_find(t, c->parent_id);
    if (p == TM_NONE) {
      c->flags |= TM_CF_ORPHAN;
      tm__thread_warn(t, c->line, c->col,
                      "comment \"%s\": parent \"%s\" is not in the input; "
                      "attached to the root",
                      c->id, c->parent_id);
    } else {
      c->parent = p;
    }
  }

  /* 3. break cycles: walk up from every comment not yet walked; a walk
   * that meets its own stamp has found a cycle */
  rc = TM_ENOMEM;
  mark = n ? calloc(n, sizeof *mark) : NULL;
  if (n && !mark) goto cleanup;
  for (size_t i = 0; i < n; i++) {
    if (mark[i]) continue;
    uint32_t stamp = (uint32_t)i + 1, j = (uint32_t)i;
    while (j != TM_NONE && !mark[j]) {
      mark[j] = stamp;
      j = t->c[j].parent;
    }
    if (j == TM_NONE || mark[j] != stamp) continue;
    /* j is on a cycle: find its member that comes first in the source */
    uint32_t first = j, k = t->c[j].parent;
    while (k != j) {
      if (k < first) first = k;
      k = t->c[k].parent;
    }
    tm_comment *c = &t->c[first];
    tm__thread_warn(t, c->line, c->col,
                    "comment \"%s\": parent links form a cycle; detached it "
                    "to the root",
                    c->id);
    c->parent = TM_NONE;
    c->flags |= TM_CF_CYCLE;
  }

  /* 4. child lists in source order */
  last = n ? malloc(n * sizeof *last) : NULL;
  if (n && !last) goto cleanup;
  if (n) memset(last, 0xFF, n * sizeof *last);
  uint32_t last_root = TM_NONE;
  t->first_root = TM_NONE;
  for (size_t i = 0; i < n; i++) {
    uint32_t p = t->c[i].parent;
    if (p == TM_NONE) {
      if (last_root == TM_NONE) t->first_root = (uint32_t)i;
      else t->c[last_root].next_sibling = (uint32_t)i;
      last_root = (uint32_t)i;
    } else {
      if (last[p] == TM_NONE) t->c[p].first_child = (uint32_t)i;
      else t->c[last[p]].next_sibling = (uint32_t)i;
      last[p] = (uint32_t)i;
      t->c[p].nchildren++;
    }
  }

  /* 5. depths by pre-order walk (parents always come before children) */
  rc = TM_OK;
  for (uint32_t i = tm_thread_preorder_next(t, TM_NONE); i != TM_NONE;
       i = tm_thread_preorder_next(t, i)) {
    tm_comment *c = &t->c[i];
    c->depth = c->parent == TM_NONE ? 1 : t->c[c->parent].depth + 1;
    if (t->opts.max_depth && c->depth > t->opts.max_depth) {
      rc = tm__error(err, TM_ELIMIT, c->line, c->col, 0,
                     "comment \"%s\" is nested %u deep, deeper than the "
                     "limit of %zu",
                     c->id, c->depth, t->opts.max_depth);
      goto cleanup;
    }
  }

cleanup:
  free(drop);
  free(mark);
  free(last);
  if (rc == TM_ENOMEM) tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  return rc;
}

/* -------------------------------------------------------------- accessors */

const tm_meta *tm_thread_meta(const tm_thread *t) { return &t->meta; }
size_t tm_thread_count(const tm_thread *t) { return t->n; }
uint32_t tm_thread_first_root(const tm_thread *t) { return t->first_root; }

const tm_comment *tm_thread_comment(const tm_thread *t, size_t i) {
  return i < t->n ? &t->c[i] : NULL;
}

uint32_t tm_thread_preorder_next(const tm_thread *t, uint32_t i) {
  if (i == TM_NONE) return t->first_root;
  if (t->c[i].first_child != TM_NONE) return t->c[i].first_child;
  while (i != TM_NONE) {
    if (t->c[i].next_sibling != TM_NONE) return t->c[i].next_sibling;
    i = t->c[i].parent;
  }
  return TM_NONE;
}

size_t tm_thread_warning_count(const tm_thread *t) { return t->nwarn; }

const tm_error *tm_thread_warning(const tm_thread *t, size_t i) {
  return i < t->nwarn ? &t->warn[i] : NULL;
}

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void tm_thread_stats(const tm_thread *t, tm_stats *s) {
  memset(s, 0, sizeof *s);
  s->first_time = s->last_time = TM_TIME_UNKNOWN;
  s->comments = t->n;
  s->missing = t->meta.missing_replies;
  const char **authors = t->n ? malloc(t->n * sizeof *authors) : NULL;
  size_t na = 0;
  for (size_t i = 0; i < t->n; i++) {
    const tm_comment *c = &t->c[i];
    if (c->parent == TM_NONE) s->top_level++;
    if (c->depth > s->max_depth) s->max_depth = c->depth;
    if (c->flags & TM_CF_ORPHAN) s->orphans++;
    if (c->flags & TM_CF_CYCLE) s->cycles++;
    if (c->flags & TM_CF_DELETED) s->deleted++;
    if (c->flags & (TM_CF_DEAD | TM_CF_FLAGGED)) s->dead++;
    if (c->flags & TM_CF_HAS_QUOTE) s->with_quotes++;
    if (c->author && authors) authors[na++] = c->author;
    if (c->time != TM_TIME_UNKNOWN) {
      if (s->first_time == TM_TIME_UNKNOWN || c->time < s->first_time)
        s->first_time = c->time;
      if (s->last_time == TM_TIME_UNKNOWN || c->time > s->last_time)
        s->last_time = c->time;
    }
  }
  if (authors) {
    qsort(authors, na, sizeof *authors, S_cmp_str);
    for (size_t i = 0; i < na; i++)
      if (i == 0 || strcmp(authors[i], authors[i - 1]) != 0) s->participants++;
    free(authors);
  } else if (t->n) {
    /* out of memory: count authors the slow way rather than fail */
    for (size_t i = 0; i < t->n; i++) {
      if (!t->c[i].author) continue;
      size_t j = 0;
      while (j < i && !(t->c[j].author && !strcmp(t->c[j].author, t->c[i].author))) j++;
      if (j == i) s->participants++;
    }
  }
}
