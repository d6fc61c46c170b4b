/*
 * format.h - the parser interface (internal).
 *
 * One file per format fills one tm_format_impl; adding a format means one
 * new fmt_<name>.c and one line in the table in registry.c.  A parser
 * records what the source says into a thread made by the driver
 * (parse.c): comments with their source ids and parent ids, plain text via
 * markup.h, metadata.  It never guesses its format, never links the tree
 * (tm__thread_link does), never normalizes or scores.
 *
 * Errors: a parser returns TM_EPARSE (or TM_ELIMIT, TM_ENOMEM) with err
 * filled at the position of the problem.  Problems it can work around
 * (a bad record in an NDJSON file, a row without an id) become warnings.
 */
#ifndef TM_INPUT_FORMAT_H
#define TM_INPUT_FORMAT_H

#include <stddef.h>

#include "../thread/thread.h"
#include "threadmap.h"

typedef struct tm_format_impl {
  tm_format id;        /* format id */
  const char *name;    /* short name for --format and output */
  const char *desc;    /* one line for --help */
  /** Parse buf[0..len) into t. */
  int (*parse)(tm_thread *t, const char *buf, size_t len, tm_error *err);
} tm_format_impl;

/** @return the implementation of a format, or NULL. */
const tm_format_impl *tm__format_impl(tm_format f);

/** Write the format names, comma-separated, into buf[0..n) (NUL-terminated). */
void tm__format_names(char *buf, size_t n);

int tm__parse_hn_html(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_hn_json(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_reddit_json(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_csv(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_ndjson(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_discourse(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_stackexchange(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_wxr(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_disqus(tm_thread *t, const char *buf, size_t len, tm_error *err);

/**
 * tm_thread_parse_file() for a Stack Exchange dump given by path (a
 * Posts.xml, a Comments.xml, or a folder holding them): streams the files
 * instead of reading them whole, and reads a Posts.xml's sibling
 * Comments.xml.  Sets *handled to 0, doing nothing, for any other input.
 */
int tm__stackexchange_file(tm_thread **out, const char *path, const tm_options *opts,
                           tm_error *err, int *handled);
int tm__parse_reddit_html(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_transcript(tm_thread *t, const char *buf, size_t len, tm_error *err);

/** Author lines ("name · 3h ago", ...) in buf, for detection (fmt_transcript.c). */
size_t tm__transcript_sniff(const char *buf, size_t len);
int tm__parse_threadmap(tm_thread *t, const char *buf, size_t len, tm_error *err);
int tm__parse_mbox(tm_thread *t, const char *buf, size_t len, tm_error *err);
/** A maildir folder (every message file below dir) into t. */
int tm__parse_maildir(tm_thread *t, const char *dir, tm_error *err);

#endif
