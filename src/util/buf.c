/*
 * buf.c - growable byte buffer with a ceiling (see buf.h).
 */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "threadmap.h"

int tm_buf_grow(tm_buf *b, size_t extra) {
  size_t max = b->max ? b->max : SIZE_MAX / 2;
  if (extra > max || b->len > max - extra) return TM_ELIMIT;
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return TM_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  char *p = realloc(b->ptr, cap);
  if (!p) return TM_ENOMEM;
  b->ptr = p;
  b->cap = cap;
  return TM_OK;
}

int tm_buf_put(tm_buf *b, const char *s, size_t len) {
  int rc = tm_buf_grow(b, len);
  if (rc) return rc;
  tm__copy_small(b->ptr + b->len, s, len);
  b->len += len;
  b->ptr[b->len] = '\0';
  return TM_OK;
}

int tm_buf_puts(tm_buf *b, const char *s) { return tm_buf_put(b, s, strlen(s)); }

int tm_buf_putc(tm_buf *b, char c) {
  if (b->len + 1 < b->cap && (!b->max || b->len < b->max)) {
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
    return TM_OK;
  }
  return tm_buf_put(b, &c, 1);
}

int tm_buf_printf(tm_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return TM_EINVAL;
  if ((size_t)n < sizeof small) return tm_buf_put(b, small, (size_t)n);
  int rc = tm_buf_grow(b, (size_t)n);
  if (rc) return rc;
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return TM_OK;
}

void tm_buf_reset(tm_buf *b) {
  b->len = 0;
  if (b->ptr) b->ptr[0] = '\0';
}

void tm_buf_free(tm_buf *b) {
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

size_t tm__fmt_int(char *out, int64_t v) {
  char tmp[24], *e = tmp + sizeof tmp, *p = e;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  memcpy(out, p, (size_t)(e - p));
  out[e - p] = '\0';
  return (size_t)(e - p);
}
