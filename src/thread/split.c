/*
 * split.c - one thread per TM_CF_THREAD_ROOT subtree of a source that holds
 * several (tm_thread_split in threadmap.h).
 *
 * Mailboxes, Stack Exchange dumps and blog exports parse into one
 * tm_thread whose meta describes the source; each of its threads starts
 * with a top-level comment flagged TM_CF_THREAD_ROOT.  Splitting copies
 * one such subtree into a thread of its own, with the root as the story:
 * its replies name the root's id as their parent, which the linker reads
 * as "a reply to the story", so they become the top-level comments and
 * every depth drops by one.  Comments keep their source order, ids,
 * parent ids, flags and positions.  The walk is iterative (a subtree may be
 * 100,000 deep).
 */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "thread.h"

static const char *S_dup(tm_thread *t, const char *s, int *ok) {
  if (!s) return NULL;
  char *p = tm_arena_strndup(&t->arena, s, strlen(s));
  if (!p) *ok = 0;
  return p;
}

/* The first line of a text, cut at 200 bytes on a UTF-8 boundary. */
static const char *S_title(tm_thread *t, const char *text, int *ok) {
  if (!text || !*text) return NULL;
  size_t n = strcspn(text, "\n");
  if (n > 200) {
    n = 200;
    while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
  }
  while (n && (text[n - 1] == ' ' || text[n - 1] == '\r')) n--;
  if (!n) return NULL;
  char *p = tm_arena_strndup(&t->arena, text, n);
  if (!p) *ok = 0;
  return p;
}

static int S_cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

int tm_thread_split(tm_thread **out, const tm_thread *t, size_t *cursor, tm_error *err) {
  *out = NULL;
  size_t r = *cursor;
  while (r < t->n && !(t->c[r].flags & TM_CF_THREAD_ROOT)) r++;
  if (r >= t->n) {
    *cursor = t->n;
    return TM_OK;
  }
  *cursor = r + 1;
  const tm_comment *root = &t->c[r];

  /* the subtree's members, by pre-order walk bounded to the root */
  size_t cap = 64, n = 0;
  uint32_t *idx = malloc(cap * sizeof *idx);
  if (!idx) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  uint32_t i = root->first_child;
  while (i != TM_NONE) {
    if (n == cap) {
      uint32_t *p = realloc(idx, cap * 2 * sizeof *idx);
      if (!p) {
        free(idx);
        return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
      }
      idx = p;
      cap *= 2;
    }
    idx[n++] = i;
    if (t->c[i].first_child != TM_NONE) {
      i = t->c[i].first_child;
      continue;
    }
    while (i != TM_NONE && i != r && t->c[i].next_sibling == TM_NONE) i = t->c[i].parent;
    i = (i == TM_NONE || i == r) ? TM_NONE : t->c[i].next_sibling;
  }
  qsort(idx, n, sizeof *idx, S_cmp_u32);

  tm_thread *s;
  tm_options o = t->opts;
  o.max_comments = 0;
  if (tm__thread_new(&s, &o, t->meta.format)) {
    free(idx);
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  int ok = 1;
  s->meta.id = S_dup(s, root->id, &ok);
  s->meta.author = S_dup(s, root->author, &ok);
  s->meta.time = root->time;
  s->meta.score = root->score;
  s->meta.has_score = root->has_score;
  s->meta.text = root->text && root->text_len ? S_dup(s, root->text, &ok) : NULL;
  /* its own title (a question's, a mail's Subject), else its first line */
  s->meta.title = root->title ? S_dup(s, root->title, &ok) : S_title(s, root->text, &ok);
  for (size_t k = 0; k < n && ok; k++) {
    const tm_comment *c = &t->c[idx[k]];
    tm_comment *d = tm__thread_add(s);
    if (!d) {
      ok = 0;
      break;
    }
    *d = *c;
    d->id = S_dup(s, c->id, &ok);
    d->parent_id = S_dup(s, c->parent_id, &ok);
    d->author = S_dup(s, c->author, &ok);
    d->raw = S_dup(s, c->raw, &ok);
    d->title = S_dup(s, c->title, &ok);
    d->link_evidence = S_dup(s, c->link_evidence, &ok);
    char *text = tm_arena_strndup(&s->arena, c->text ? c->text : "", c->text ? c->text_len : 0);
    if (!text) ok = 0;
    d->text = text;
    d->spans = NULL;
    if (c->nspans) {
      tm_span *sp = tm_arena_alloc(&s->arena, c->nspans * sizeof *sp);
      if (!sp) {
        ok = 0;
        break;
      }
      for (uint32_t q = 0; q < c->nspans; q++) {
        sp[q] = c->spans[q];
        sp[q].url = S_dup(s, c->spans[q].url, &ok);
      }
      d->spans = sp;
    }
  }
  free(idx);
  if (!ok) {
    tm_thread_free(s);
    return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }
  int rc = tm__thread_link(s, err);
  if (rc) {
    tm_thread_free(s);
    return rc;
  }
  /* the copy's own repairs would repeat the source's; none are expected */
  *out = s;
  return TM_OK;
}
