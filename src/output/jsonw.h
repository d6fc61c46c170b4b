/*
 * jsonw.h - a small streaming JSON writer (internal).
 *
 * Writes straight into a tm_buf that is flushed to a tm_write_fn when it
 * grows past a threshold, so exporting a million comments never builds a
 * document tree.  Strings are escaped per RFC 8259; input is already valid
 * UTF-8 (the thread model guarantees it), control characters become \u00XX.
 */
#ifndef TM_OUTPUT_JSONW_H
#define TM_OUTPUT_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "threadmap.h"

#define TM_JSONW_FLUSH ((size_t)1 << 16) /* flush after this many bytes */

typedef struct tm_jsonw {
  tm_buf b;            /* pending output */
  tm_write_fn write;   /* sink */
  void *payload;       /* sink's payload */
  int rc;              /* first error */
  int first;           /* no member yet at the current level */
  int pretty;          /* indent */
  int depth;           /* nesting, for pretty printing */
} tm_jsonw;

void tm__jw_init(tm_jsonw *w, tm_write_fn write, void *payload, int pretty);
/** Flush and free.  @return the first error, or TM_OK. */
int tm__jw_finish(tm_jsonw *w);
void tm__jw_flush(tm_jsonw *w);

void tm__jw_obj(tm_jsonw *w);              /* { */
void tm__jw_obj_end(tm_jsonw *w);          /* } */
void tm__jw_arr(tm_jsonw *w);              /* [ */
void tm__jw_arr_end(tm_jsonw *w);          /* ] */
void tm__jw_key(tm_jsonw *w, const char *k);   /* "k": (in an object) */
void tm__jw_str(tm_jsonw *w, const char *s);   /* string or null */
void tm__jw_strn(tm_jsonw *w, const char *s, size_t n);
void tm__jw_int(tm_jsonw *w, int64_t v);
void tm__jw_num(tm_jsonw *w, double v, int decimals);
/** Format v as printf's "%.*f" does (same bytes for every value), without
 * printf for the values scores take.  @return the length written to out
 * (NUL-terminated, at most cap bytes as snprintf). */
int tm__jw_fixed(char *out, size_t cap, double v, int decimals);
void tm__jw_bool(tm_jsonw *w, int v);
void tm__jw_null(tm_jsonw *w);
void tm__jw_raw(tm_jsonw *w, const char *s);   /* verbatim */
/** End a line (NDJSON record separator). */
void tm__jw_newline(tm_jsonw *w);

/** Escape s as a JSON string (with quotes) into b. */
int tm__json_escape(tm_buf *b, const char *s, size_t n);

#endif
