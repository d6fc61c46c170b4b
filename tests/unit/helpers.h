/*
 * helpers.h - small helpers shared by the cmocka unit tests.
 *
 * Everything here is `static inline` so a test that does not use a helper
 * does not trip -Wunused-function.
 */
#ifndef TM_TEST_HELPERS_H
#define TM_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "threadmap.h"

/* Length of a string literal without its NUL (works with embedded NULs). */
#define TMT_LEN(lit) (sizeof(lit) - 1)

/* A growable memory sink for tm_write_fn callbacks. */
typedef struct tmt_mem {
  char *ptr;
  size_t len, cap;
  int fail_after; /* >0: fail on that call number (1-based); 0: never */
  int calls;
} tmt_mem;

static inline int tmt_mem_write(const char *data, size_t len, void *payload) {
  tmt_mem *m = payload;
  m->calls++;
  if (m->fail_after && m->calls >= m->fail_after) return -1;
  if (m->len + len + 1 > m->cap) {
    size_t cap = m->cap ? m->cap : 256;
    while (cap < m->len + len + 1) cap *= 2;
    char *p = realloc(m->ptr, cap);
    if (!p) return -1;
    m->ptr = p;
    m->cap = cap;
  }
  memcpy(m->ptr + m->len, data, len);
  m->len += len;
  m->ptr[m->len] = '\0';
  return 0;
}

static inline void tmt_mem_free(tmt_mem *m) {
  free(m->ptr);
  memset(m, 0, sizeof *m);
}

/* Parse a NUL-terminated inline document; fail the test on error. */
static inline tm_thread *tmt_parse_fmt(const char *s, tm_format fmt) {
  tm_thread *t = NULL;
  tm_error err;
  memset(&err, 0, sizeof err);
  tm_options o = TM_OPTIONS_INIT;
  o.format = fmt;
  int rc = tm_thread_parse(&t, s, strlen(s), &o, &err);
  if (rc != TM_OK)
    print_error("parse failed: rc=%d (%s) at %zu:%zu: %s\n", rc,
                tm_strerror(rc), err.line, err.col, err.msg);
  assert_int_equal(rc, TM_OK);
  assert_non_null(t);
  return t;
}

static inline tm_thread *tmt_parse(const char *s) {
  return tmt_parse_fmt(s, TM_FMT_AUTO);
}

/* The comment with source id `id`; fails the test when absent. */
static inline const tm_comment *tmt_get(const tm_thread *t, const char *id) {
  uint32_t i = tm_thread_find(t, id);
  if (i == TM_NONE) print_error("no comment with id \"%s\"\n", id);
  assert_int_not_equal(i, TM_NONE);
  const tm_comment *c = tm_thread_comment(t, i);
  assert_non_null(c);
  return c;
}

/* Id of the tree parent of c, or NULL for a top-level comment. */
static inline const char *tmt_tree_parent_id(const tm_thread *t,
                                             const tm_comment *c) {
  if (c->parent == TM_NONE) return NULL;
  return tm_thread_comment(t, c->parent)->id;
}

/* The n-th (0-based) span of `kind` in c, or NULL. */
static inline const tm_span *tmt_span(const tm_comment *c, uint32_t kind,
                                      unsigned n) {
  for (uint32_t k = 0; k < c->nspans; k++)
    if (c->spans[k].kind == kind && n-- == 0) return &c->spans[k];
  return NULL;
}

static inline unsigned tmt_span_count(const tm_comment *c, uint32_t kind) {
  unsigned n = 0;
  for (uint32_t k = 0; k < c->nspans; k++)
    if (c->spans[k].kind == kind) n++;
  return n;
}

/* Assert that span `sp` of comment c covers exactly the text `want`. */
#define tmt_assert_span_text(c, sp, want)                                   \
  do {                                                                      \
    const tm_span *tmt_sp_ = (sp);                                          \
    assert_non_null(tmt_sp_);                                               \
    assert_true((size_t)tmt_sp_->start + tmt_sp_->len <= (c)->text_len);    \
    if (tmt_sp_->len != strlen(want) ||                                     \
        memcmp((c)->text + tmt_sp_->start, (want), tmt_sp_->len) != 0)      \
      print_error("span [%u,+%u) is \"%.*s\", want \"%s\"\n",              \
                  tmt_sp_->start, tmt_sp_->len, (int)tmt_sp_->len,          \
                  (c)->text + tmt_sp_->start, (want));                      \
    assert_int_equal(tmt_sp_->len, strlen(want));                           \
    assert_memory_equal((c)->text + tmt_sp_->start, (want), strlen(want));  \
  } while (0)

#endif
