/*
 * thread.h - the thread model's internals and the builder used by parsers.
 *
 * A parser creates a thread with tm__thread_new(), appends comments with
 * tm__thread_add() and fills their fields (strings through tm__thread_str(),
 * which repairs invalid UTF-8), then calls tm__thread_link() once: that
 * resolves parent ids to indices, drops duplicate ids, repairs orphans and
 * cycles, and computes depth and child lists.  Parsing is separate from
 * meaning: parsers record what the source says, linking decides the tree.
 *
 * Layout:
 *   comments[]  malloc'd array in source order (grows; indices are stable,
 *               pointers are not until linking is done)
 *   arena       every string and span array
 *   warnings[]  repairs and skipped records, in the order they happened
 */
#ifndef TM_THREAD_THREAD_H
#define TM_THREAD_THREAD_H

#include <stdarg.h>

#include "../util/arena.h"
#include "../util/buf.h"
#include "threadmap.h"

#define TM_MAX_WARNINGS 1000 /* warnings kept per thread; the rest are counted */

struct tm_thread {
  tm_arena arena;         /* strings, spans */
  tm_meta meta;           /* story metadata */
  tm_options opts;        /* copy of the caller's options */
  tm_comment *c;          /* comments in source order */
  size_t n, cap;          /* used and allocated entries of c */
  tm_error *warn;         /* warnings */
  size_t nwarn, capwarn;  /* kept and allocated warnings */
  size_t warn_dropped;    /* warnings beyond TM_MAX_WARNINGS */
  uint32_t first_root;    /* first top-level comment */
  uint32_t *idx;          /* open-addressing hash: id -> index (after link) */
  size_t idxcap;          /* slots in idx (power of two) */
  tm_buf scratch;         /* reusable text buffer for parsers */
};

/** Create an empty thread.  @return TM_OK or TM_ENOMEM. */
int tm__thread_new(tm_thread **out, const tm_options *opts, tm_format fmt);

/**
 * Append a zeroed comment (time unknown, parent TM_NONE) and return it, or
 * NULL when out of memory or past opts.max_comments (check with
 * tm__thread_full()).  The pointer is valid until the next add.
 */
tm_comment *tm__thread_add(tm_thread *t);

/**
 * tm__thread_add for parsers: on failure fills err (TM_ELIMIT at line/col
 * when max_comments is reached, else TM_ENOMEM) and returns NULL.
 */
tm_comment *tm__thread_add_at(tm_thread *t, size_t line, size_t col, tm_error *err);

/** 1 when max_comments is reached. */
int tm__thread_full(const tm_thread *t);

/**
 * Copy a string into the arena, repairing invalid UTF-8 (counted in
 * meta.invalid_utf8).  NULL in gives NULL out; *ok is set to 0 on ENOMEM.
 */
const char *tm__thread_str(tm_thread *t, const char *s, size_t len, int *ok);

/** Like tm__thread_str, for a copy of raw markup: its invalid bytes are
 * the ones the text already counted, so they are not counted again. */
const char *tm__thread_raw(tm_thread *t, const char *s, size_t len, int *ok);

/** Record a warning at a position (line/col 0 = unknown). */
void tm__thread_warn(tm_thread *t, size_t line, size_t col, const char *fmt,
                     ...) __attribute__((format(printf, 4, 5)));

/**
 * Build the tree.  Top-level comments have parent_id NULL.  Returns TM_OK,
 * TM_ENOMEM, or TM_ELIMIT when opts.max_depth is exceeded (err filled).
 */
int tm__thread_link(tm_thread *t, tm_error *err);

#endif
