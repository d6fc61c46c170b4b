/*
 * utf8.c - UTF-8 validation, repair (U+FFFD), and folding for lookups.
 *
 * Folding sends only non-ASCII runs through utf8proc (NFKC + case fold):
 * utf8proc_map over whole texts runs at about 17 MB/s here, while the ASCII
 * fast path is a table lookup per byte.
 */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "threadmap.h"

size_t tm__utf8_decode(const unsigned char *s, size_t len, int32_t *cp) {
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c < 0xC2) return 0; /* continuation byte or overlong 2-byte lead */
  if (c < 0xE0) {
    if (len < 2 || (s[1] & 0xC0) != 0x80) return 0;
    *cp = ((int32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (c < 0xF0) {
    if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
    if (c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
    *cp = ((int32_t)(c & 0x0F) << 12) | ((int32_t)(s[1] & 0x3F) << 6) |
          (s[2] & 0x3F);
    return 3;
  }
  if (c < 0xF5) {
    if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
    if (c == 0xF4 && s[1] >= 0x90) return 0; /* > U+10FFFF */
    *cp = ((int32_t)(c & 0x07) << 18) | ((int32_t)(s[1] & 0x3F) << 12) |
          ((int32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return 4;
  }
  return 0;
}

int tm__utf8_put(tm_buf *b, int32_t cp) {
  char u[4];
  size_t n;
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return tm_buf_put(b, u, n);
}

int tm__utf8_append_sanitized(tm_buf *b, const char *s, size_t len,
                              size_t *nbad) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, run = 0;
  int rc;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    int32_t cp;
    size_t n = tm__utf8_decode(p + i, len - i, &cp);
    if (n) {
      i += n;
      continue;
    }
    /* flush the valid run, then one U+FFFD for the maximal invalid prefix:
     * skip the lead byte and any continuation bytes after it */
    if ((rc = tm_buf_put(b, s + run, i - run))) return rc;
    if ((rc = tm_buf_put(b, "\xEF\xBF\xBD", 3))) return rc;
    if (nbad) (*nbad)++;
    i++;
    while (i < len && (p[i] & 0xC0) == 0x80) i++;
    run = i;
  }
  return tm_buf_put(b, s + run, len - run);
}

int tm__utf8_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    int32_t cp;
    size_t n = tm__utf8_decode(p + i, len - i, &cp);
    if (!n) return 0;
    i += n;
  }
  return 1;
}

int tm_utf8_sanitize(char **out, size_t *out_len, const char *s, size_t len,
                     size_t *nbad) {
  tm_buf b = TM_BUF_INIT;
  if (nbad) *nbad = 0;
  int rc = tm__utf8_append_sanitized(&b, s, len, nbad);
  if (rc == TM_OK && !b.ptr) rc = tm_buf_put(&b, "", 0);
  if (rc) {
    tm_buf_free(&b);
    *out = NULL;
    return rc;
  }
  *out = b.ptr;
  if (out_len) *out_len = b.len;
  return TM_OK;
}

/* Punctuation that people type in several forms; folded to ASCII so that
 * lexicon lookups match "don’t" and "don't".  NFKC leaves these alone. */
static int32_t S_fold_punct(int32_t cp) {
  switch (cp) {
  case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0xFF07:
    return '\'';
  case 0x201C: case 0x201D: case 0x201F: case 0x2033: case 0xFF02:
    return '"';
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212:
    return '-';
  default:
    return cp;
  }
}

int tm_text_fold(char **out, size_t *out_len, const char *s, size_t len) {
  tm_buf b = TM_BUF_INIT;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  int rc = TM_OK;
  *out = NULL;
  while (i < len && rc == TM_OK) {
    if (p[i] < 0x80) {
      size_t j = i;
      while (j < len && p[j] < 0x80) j++;
      if ((rc = tm_buf_grow(&b, j - i))) break;
      for (size_t k = i; k < j; k++) {
        unsigned char c = p[k];
        b.ptr[b.len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
      }
      b.ptr[b.len] = '\0';
      i = j;
      continue;
    }
    /* a non-ASCII run: up to the next ASCII byte */
    size_t j = i;
    while (j < len && p[j] >= 0x80) j++;
    /* a combining mark may follow an ASCII letter ("e" U+0301): hand that
     * letter to utf8proc too so that NFKC can compose the pair */
    if (i > 0 && b.len > 0 && p[i - 1] < 0x80 && p[i - 1] > ' ') {
      b.len--;
      i--;
    }
    if (!tm__utf8_valid(s + i, j - i)) {
      rc = TM_EUTF8;
      break;
    }
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map(
        p + i, (utf8proc_ssize_t)(j - i), &mapped,
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
            UTF8PROC_CASEFOLD);
    if (n < 0) {
      rc = n == UTF8PROC_ERROR_NOMEM ? TM_ENOMEM : TM_EUTF8;
      break;
    }
    /* second pass over the mapped run: punctuation to ASCII */
    size_t k = 0;
    while (k < (size_t)n && rc == TM_OK) {
      int32_t cp;
      size_t m = tm__utf8_decode(mapped + k, (size_t)n - k, &cp);
      if (!m) m = 1, cp = 0xFFFD;
      rc = tm__utf8_put(&b, S_fold_punct(cp));
      k += m;
    }
    free(mapped);
    i = j;
  }
  if (rc == TM_OK && !b.ptr) rc = tm_buf_put(&b, "", 0);
  if (rc) {
    tm_buf_free(&b);
    return rc;
  }
  *out = b.ptr;
  if (out_len) *out_len = b.len;
  return TM_OK;
}
