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
#include <stdint.h>
#include <string.h>

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
/** memcpy(d, s, n) for the few bytes most appends carry (keys, commas,
 * words), without a call: fixed-size copies the compiler inlines. */
static inline void tm__copy_small(char *d, const char *s, size_t n) {
  if (n > 16) {
    memcpy(d, s, n);
  } else if (n >= 8) {
    memcpy(d, s, 8);
    memcpy(d + n - 8, s + n - 8, 8);
  } else if (n >= 4) {
    memcpy(d, s, 4);
    memcpy(d + n - 4, s + n - 4, 4);
  } else if (n >= 2) {
    memcpy(d, s, 2);
    memcpy(d + n - 2, s + n - 2, 2);
  } else if (n) {
    *d = *s;
  }
}

/** Write v in decimal ("%lld", without printf's format parsing) into out,
 * NUL-terminated; out holds at least 21 bytes.  @return the length. */
size_t tm__fmt_int(char *out, int64_t v);

/** Forget the contents but keep the memory. */
void tm_buf_reset(tm_buf *b);
void tm_buf_free(tm_buf *b);

#endif
