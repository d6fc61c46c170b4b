/*
 * error.c - error codes, messages and positions.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *tm_version(void) { return TM_VERSION_STRING; }

const char *tm_strerror(int code) {
  switch (code) {
  case TM_OK: return "success";
  case TM_ENOMEM: return "out of memory";
  case TM_EIO: return "input/output error";
  case TM_EFORMAT: return "unrecognized input format";
  case TM_EPARSE: return "malformed input";
  case TM_EUTF8: return "invalid UTF-8";
  case TM_ELIMIT: return "limit exceeded";
  case TM_EINVAL: return "invalid argument";
  case TM_EEMPTY: return "empty input";
  default: return "unknown error";
  }
}

static void S_vset(tm_error *err, int code, size_t line, size_t col,
                   size_t offset, const char *fmt, va_list ap) {
  err->code = code;
  err->line = line;
  err->col = col;
  err->offset = offset;
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int tm__error(tm_error *err, int code, size_t line, size_t col, size_t offset,
              const char *fmt, ...) {
  if (!err) return code;
  va_list ap;
  va_start(ap, fmt);
  S_vset(err, code, line, col, offset, fmt, ap);
  va_end(ap);
  return code;
}

void tm__line_col(const char *buf, size_t len, size_t offset, size_t *line,
                  size_t *col) {
  size_t l = 1, c = 1;
  if (offset > len) offset = len;
  for (size_t i = 0; i < offset; i++) {
    if (buf[i] == '\n') {
      l++;
      c = 1;
    } else {
      c++;
    }
  }
  *line = l;
  *col = c;
}

int tm__error_at(tm_error *err, int code, const char *buf, size_t len,
                 size_t offset, const char *fmt, ...) {
  if (!err) return code;
  size_t line, col;
  tm__line_col(buf, len, offset, &line, &col);
  va_list ap;
  va_start(ap, fmt);
  S_vset(err, code, line, col, offset, fmt, ap);
  va_end(ap);
  return code;
}
