/*
 * jsonw.c - streaming JSON writer (see jsonw.h).
 */
#include "jsonw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void tm__jw_init(tm_jsonw *w, tm_write_fn write, void *payload, int pretty) {
  memset(w, 0, sizeof *w);
  w->write = write;
  w->payload = payload;
  w->first = 1;
  w->pretty = pretty;
}

void tm__jw_flush(tm_jsonw *w) {
  if (w->b.len && w->rc == TM_OK && w->write(w->b.ptr, w->b.len, w->payload))
    w->rc = TM_EIO;
  tm_buf_reset(&w->b);
}

int tm__jw_finish(tm_jsonw *w) {
  tm__jw_flush(w);
  tm_buf_free(&w->b);
  return w->rc;
}

static void S_put(tm_jsonw *w, const char *s, size_t n) {
  if (w->rc) return;
  if (!w->b.max && n < w->b.cap - w->b.len) { /* room already: no call */
    tm__copy_small(w->b.ptr + w->b.len, s, n);
    w->b.len += n;
    w->b.ptr[w->b.len] = '\0';
  } else {
    int rc = tm_buf_put(&w->b, s, n);
    if (rc) w->rc = rc;
  }
  if (w->b.len >= TM_JSONW_FLUSH) tm__jw_flush(w);
}

static void S_indent(tm_jsonw *w) {
  if (!w->pretty) return;
  S_put(w, "\n", 1);
  for (int i = 0; i < w->depth; i++) S_put(w, "  ", 2);
}

/* separator before a value in an array (keys handle objects) */
static void S_sep(tm_jsonw *w) {
  if (!w->first) S_put(w, ",", 1);
  w->first = 0;
}

void tm__jw_obj(tm_jsonw *w) {
  S_sep(w);
  S_put(w, "{", 1);
  w->first = 1;
  w->depth++;
}
void tm__jw_obj_end(tm_jsonw *w) {
  w->depth--;
  if (!w->first) S_indent(w);
  S_put(w, "}", 1);
  w->first = 0;
}
void tm__jw_arr(tm_jsonw *w) {
  S_sep(w);
  S_put(w, "[", 1);
  w->first = 1;
  w->depth++;
}
void tm__jw_arr_end(tm_jsonw *w) {
  w->depth--;
  S_put(w, "]", 1);
  w->first = 0;
}

void tm__jw_key(tm_jsonw *w, const char *k) {
  if (!w->first) S_put(w, ",", 1);
  w->first = 1; /* the value that follows must not add a comma */
  S_indent(w);
  S_put(w, "\"", 1);
  S_put(w, k, strlen(k));
  S_put(w, w->pretty ? "\": " : "\":", w->pretty ? 3 : 2);
}

/* Values: after a key, `first` is 1 so no comma; in arrays S_sep adds it. */
static void S_value_start(tm_jsonw *w) { S_sep(w); }

int tm__json_escape(tm_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  int rc = tm_buf_grow(b, n + 2);
  if (rc) return rc;
  b->ptr[b->len++] = '"';
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) continue;
    if ((rc = tm_buf_put(b, s + run, i - run))) return rc;
    char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
    size_t el = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    default:
      esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
      esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
      el = 6;
    }
    if ((rc = tm_buf_put(b, esc, el))) return rc;
    run = i + 1;
  }
  if ((rc = tm_buf_put(b, s + run, n - run))) return rc;
  return tm_buf_putc(b, '"');
}

void tm__jw_strn(tm_jsonw *w, const char *s, size_t n) {
  S_value_start(w);
  if (w->rc) return;
  if (!s) {
    S_put(w, "null", 4);
    return;
  }
  int rc = tm__json_escape(&w->b, s, n);
  if (rc) w->rc = rc;
  if (w->b.len >= TM_JSONW_FLUSH) tm__jw_flush(w);
}

void tm__jw_str(tm_jsonw *w, const char *s) { tm__jw_strn(w, s, s ? strlen(s) : 0); }

void tm__jw_int(tm_jsonw *w, int64_t v) {
  /* digits by hand: snprintf's format parsing cost showed in profiles of
   * streamed scoring, which prints several integers per record */
  char tmp[24];
  size_t n = tm__fmt_int(tmp, v);
  S_value_start(w);
  S_put(w, tmp, n);
}

/* The fast path of tm__jw_fixed: v * 10^decimals is exact when v has at
 * most 24 significant bits (every float, so every score) and decimals <= 4
 * (24 + 14 bits fit a double's 53), so rounding that product half to even,
 * as printf does in the default rounding mode, gives printf's digits.
 * Returns the length, or 0 when v is not such a value. */
static int S_fixed_exact(char *out, double v, int decimals) {
  static const double pow10[] = {1, 10, 100, 1000, 10000};
  if (decimals < 0 || decimals > 4 || (double)(float)v != v) return 0;
  double a = fabs(v) * pow10[decimals];
  if (!(a < 9007199254740992.0)) return 0; /* 2^53: beyond, printf's way */
  uint64_t q = (uint64_t)a;
  double frac = a - (double)q; /* exact: both are multiples of a's ulp */
  if (frac > 0.5 || (frac == 0.5 && (q & 1))) q++;
  char tmp[32], *e = tmp + sizeof tmp, *p = e;
  for (int d = 0; d < decimals; d++) {
    *--p = (char)('0' + q % 10);
    q /= 10;
  }
  if (decimals) *--p = '.';
  do {
    *--p = (char)('0' + q % 10);
    q /= 10;
  } while (q);
  if (signbit(v)) *--p = '-';
  size_t n = (size_t)(e - p);
  memcpy(out, p, n);
  out[n] = '\0';
  return (int)n;
}

int tm__jw_fixed(char *out, size_t cap, double v, int decimals) {
  int n = cap >= 32 ? S_fixed_exact(out, v, decimals) : 0;
  if (!n) n = snprintf(out, cap, "%.*f", decimals, v);
  return n;
}

void tm__jw_num(tm_jsonw *w, double v, int decimals) {
  char tmp[64];
  if (!isfinite(v)) v = 0;
  int n = tm__jw_fixed(tmp, sizeof tmp, v, decimals);
  /* "-0.000" reads oddly: print 0 */
  if (strspn(tmp, "-0.") == (size_t)n) n = tm__jw_fixed(tmp, sizeof tmp, 0.0, decimals);
  S_value_start(w);
  S_put(w, tmp, (size_t)n);
}

void tm__jw_bool(tm_jsonw *w, int v) {
  S_value_start(w);
  S_put(w, v ? "true" : "false", v ? 4 : 5);
}

void tm__jw_null(tm_jsonw *w) {
  S_value_start(w);
  S_put(w, "null", 4);
}

void tm__jw_raw(tm_jsonw *w, const char *s) {
  S_value_start(w);
  S_put(w, s, strlen(s));
}

void tm__jw_newline(tm_jsonw *w) {
  S_put(w, "\n", 1);
  w->first = 1;
}
