/*
 * buf.h - growable byte buffer with a ceiling.
 *
 * Every tm_buf is created with a maximum size (the idea of curl's dynbuf):
 * growing past it fails with TM_ELIMIT instead of eating all memory.  The
 * contents are always NUL-terminated when ptr is not NULL.  Any append may
 * move ptr.
 */
#ifndef TM_UTIL_BUF_H
#define TM_UTIL_BUF_H

#include <stddef.h>

typedef struct tm_buf {
  char *ptr;    /* contents, NUL-terminated; NULL until the first append */
  size_t len;   /* bytes used, excluding the NUL */
  size_t cap;   /* bytes allocated */
  size_t max;   /* ceiling for len; 0 = SIZE_MAX/2 */
} tm_buf;

#define TM_BUF_INIT { NULL, 0, 0, 0 }

/** Make room for `extra` more bytes.  @return TM_OK, TM_ENOMEM or TM_ELIMIT. */
int tm_buf_grow(tm_buf *b, size_t extra);
int tm_buf_put(tm_buf *b, const char *s, size_t len);
int tm_buf_puts(tm_buf *b, const char *s);
int tm_buf_putc(tm_buf *b, char c);
int tm_buf_printf(tm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/** Forget the contents but keep the memory. */
void tm_buf_reset(tm_buf *b);
void tm_buf_free(tm_buf *b);

#endif
