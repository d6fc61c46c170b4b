/*
 * normalize.c - text normalized for matching quotes against comments.
 */
#include <stdlib.h>
#include <string.h>

#include "../score/stance.h"
#include "../util/buf.h"
#include "utf8.h"

int tm__normalize(char **out, size_t *len, const char *s, size_t n) {
  char *f = NULL;
  size_t fl;
  *out = NULL;
  if (tm_text_fold(&f, &fl, s, n)) {
    /* not valid UTF-8: use the bytes as they are */
    f = malloc(n + 1);
    if (!f) return TM_ENOMEM;
    memcpy(f, s, n);
    f[n] = '\0';
    fl = n;
  }
  size_t w = 0;
  int space = 0;
  for (size_t i = 0; i < fl;) {
    unsigned char c = (unsigned char)f[i];
    int keep;
    size_t step = 1;
    if (c < 0x80) {
      keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    } else {
      int32_t cp;
      step = tm__utf8_decode((const unsigned char *)f + i, fl - i, &cp);
      if (!step) step = 1, cp = 0;
      /* letters beyond ASCII are kept; general punctuation is not */
      keep = cp >= 0xC0 && !(cp >= 0x2000 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F);
    }
    if (keep) {
      if (space && w) f[w++] = ' ';
      space = 0;
      memmove(f + w, f + i, step);
      w += step;
    } else {
      space = 1;
    }
    i += step;
  }
  f[w] = '\0';
  *out = f;
  *len = w;
  return TM_OK;
}

int tm__contains(const char *hay, size_t hn, const char *needle, size_t nn) {
  if (nn == 0) return 1;
  if (nn > hn) return 0;
  const char *end = hay + hn - nn + 1;
  for (const char *p = hay; (p = memchr(p, needle[0], (size_t)(end - p))); p++)
    if (memcmp(p, needle, nn) == 0) return 1;
  return 0;
}
