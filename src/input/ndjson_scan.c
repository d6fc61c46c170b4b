/*
 * ndjson_scan.c - the fast path for one NDJSON record of a dump.
 *
 * A Reddit dump record has some twenty fields (all_awardings, permalink,
 * subreddit_id, ...) of which threadmap reads six.  Building a cJSON node
 * for each costs a malloc and a free per field, which showed as a tenth
 * of `score --ndjson` in profiles.  This scanner walks the record once,
 * checks it against the JSON grammar (RFC 8259), copies out only the
 * fields tm__record_field names, and skips the rest, nested arrays and
 * objects included, without allocating.
 *
 * It is a fast path, not a second parser with its own opinions: it reads
 * a record only when it is sure cJSON would read it the same way, and
 * otherwise declines, so that the caller parses the line with cJSON as
 * before.  Errors therefore keep cJSON's positions and messages, and any
 * record the scanner reads gives the same tm_record as tm__ndjson_record.
 * It declines on anything it does not handle exactly as cJSON does:
 *  - malformed JSON, or text after the object (cJSON reports it);
 *  - white space other than space, tab, CR and LF, control bytes in
 *    strings (cJSON tolerates some of both);
 *  - \u escapes of NUL or surrogates, and escapes in keys;
 *  - a record field (or story_id/story) named twice (cJSON's lookup by
 *    name has its own rule for duplicates);
 *  - a number in a field that is not a plain integer of at most 15
 *    digits (the exact value and its text then come from strtod), and
 *    numbers longer than cJSON's 63-character buffer anywhere;
 *  - nesting deeper than S_MAX_DEPTH.
 */
#include <string.h>

#include "record.h"

#define S_MAX_DEPTH 64 /* nesting the scanner follows; deeper goes to cJSON */
#define S_MAX_NUM 63   /* cJSON reads at most this many number characters */

typedef struct {
  const char *p;
  size_t n, i;
} S_in;

static void S_ws(S_in *in) {
  while (in->i < in->n) {
    char c = in->p[in->i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    in->i++;
  }
}

static int S_hex4(const char *s, unsigned *out) {
  unsigned v = 0;
  for (int k = 0; k < 4; k++) {
    char c = s[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

/* A string at in->i (on its opening quote).  With out, its decoded bytes
 * are appended to out (NUL-terminated).  0 to decline. */
static int S_string(S_in *in, tm_buf *out, int allow_escapes) {
  size_t i = in->i + 1, run = i;
  const char *p = in->p;
  for (;;) {
    if (i >= in->n) return 0;
    unsigned char c = (unsigned char)p[i];
    if (c == '"') break;
    if (c < 0x20) return 0;
    if (c != '\\') {
      i++;
      continue;
    }
    if (!allow_escapes || i + 1 >= in->n) return 0;
    if (out && tm_buf_put(out, p + run, i - run)) return 0;
    char e = p[i + 1], d;
    switch (e) {
    case '"': d = '"'; break;
    case '\\': d = '\\'; break;
    case '/': d = '/'; break;
    case 'b': d = '\b'; break;
    case 'f': d = '\f'; break;
    case 'n': d = '\n'; break;
    case 'r': d = '\r'; break;
    case 't': d = '\t'; break;
    case 'u': {
      unsigned cp;
      if (i + 6 > in->n || !S_hex4(p + i + 2, &cp)) return 0;
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
      if (out) {
        char u[3];
        size_t un;
        if (cp < 0x80) {
          u[0] = (char)cp, un = 1;
        } else if (cp < 0x800) {
          u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F)), un = 2;
        } else {
          u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
          u[2] = (char)(0x80 | (cp & 0x3F)), un = 3;
        }
        if (tm_buf_put(out, u, un)) return 0;
      }
      i += 6;
      run = i;
      continue;
    }
    default: return 0;
    }
    if (out && tm_buf_putc(out, d)) return 0;
    i += 2;
    run = i;
  }
  if (out && (tm_buf_put(out, p + run, i - run) || tm_buf_putc(out, '\0'))) return 0;
  in->i = i + 1;
  return 1;
}

/* A number by the JSON grammar.  *plain is set when it is an integer of
 * at most 15 digits, with its value in *v.  0 to decline. */
static int S_number(S_in *in, int *plain, long long *v) {
  const char *p = in->p;
  size_t i = in->i, n = in->n, start = i;
  int neg = 0, frac = 0;
  long long acc = 0;
  if (i < n && p[i] == '-') neg = 1, i++;
  if (i >= n || p[i] < '0' || p[i] > '9') return 0;
  if (p[i] == '0') {
    i++;
  } else {
    while (i < n && p[i] >= '0' && p[i] <= '9') {
      if (i - start - (size_t)neg < 15) acc = acc * 10 + (p[i] - '0');
      i++;
    }
  }
  size_t digits = i - start - (size_t)neg;
  if (i < n && p[i] == '.') {
    frac = 1, i++;
    if (i >= n || p[i] < '0' || p[i] > '9') return 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') i++;
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    frac = 1, i++;
    if (i < n && (p[i] == '+' || p[i] == '-')) i++;
    if (i >= n || p[i] < '0' || p[i] > '9') return 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') i++;
  }
  if (i - start > S_MAX_NUM) return 0;
  *plain = !frac && digits <= 15;
  *v = neg ? -acc : acc;
  in->i = i;
  return 1;
}

static int S_lit(S_in *in, const char *lit, size_t len) {
  if (in->n - in->i < len || memcmp(in->p + in->i, lit, len) != 0) return 0;
  in->i += len;
  return 1;
}

/* Skip one value (nested ones without recursion).  0 to decline. */
static int S_skip(S_in *in) {
  char stack[S_MAX_DEPTH]; /* '{' or '[' */
  int depth = 0;
  for (;;) {
    /* a value */
    S_ws(in);
    if (in->i >= in->n) return 0;
    char c = in->p[in->i];
    if (c == '{' || c == '[') {
      if (depth == S_MAX_DEPTH) return 0;
      stack[depth++] = c;
      in->i++;
      S_ws(in);
      if (in->i < in->n && in->p[in->i] == (c == '{' ? '}' : ']')) {
        in->i++;
        depth--;
      } else {
        if (c == '{') { /* the first key */
          if (in->i >= in->n || in->p[in->i] != '"' || !S_string(in, NULL, 1)) return 0;
          S_ws(in);
          if (in->i >= in->n || in->p[in->i] != ':') return 0;
          in->i++;
        }
        continue;
      }
    } else if (c == '"') {
      if (!S_string(in, NULL, 1)) return 0;
    } else if (c == 't') {
      if (!S_lit(in, "true", 4)) return 0;
    } else if (c == 'f') {
      if (!S_lit(in, "false", 5)) return 0;
    } else if (c == 'n') {
      if (!S_lit(in, "null", 4)) return 0;
    } else {
      int plain;
      long long v;
      if (!S_number(in, &plain, &v)) return 0;
    }
    /* after a value: the next member, or the ends of containers */
    for (;;) {
      if (!depth) return 1;
      S_ws(in);
      if (in->i >= in->n) return 0;
      char d = in->p[in->i];
      if (d == ',') {
        in->i++;
        if (stack[depth - 1] == '{') {
          S_ws(in);
          if (in->i >= in->n || in->p[in->i] != '"' || !S_string(in, NULL, 1)) return 0;
          S_ws(in);
          if (in->i >= in->n || in->p[in->i] != ':') return 0;
          in->i++;
        }
        break;
      }
      if (d != (stack[depth - 1] == '{' ? '}' : ']')) return 0;
      in->i++;
      depth--;
    }
  }
}

enum { S_STORY_ID = TM_RF_COUNT, S_STORY, S_SLOTS };

int tm__ndjson_scan(const char *p, size_t n, tm_record *r, tm_ndjson_nums *nb, tm_ndjson_scan *sc,
                    size_t line, size_t col) {
  S_in in = {p, n, 0};
  size_t off[S_SLOTS]; /* decoded strings: offsets in sc->str until it stops moving */
  unsigned char seen[S_SLOTS] = {0}, isstr[S_SLOTS] = {0};
  const char *val[S_SLOTS] = {0};
  size_t len[S_SLOTS] = {0};
  int reddit = 0;
  tm_buf_reset(&sc->str);
  if (n == 0 || p[0] != '{') return 0;
  in.i = 1;
  S_ws(&in);
  if (in.i < n && p[in.i] == '}') {
    in.i++;
  } else {
    for (;;) {
      /* key */
      if (in.i >= n || p[in.i] != '"') return 0;
      size_t ks = in.i + 1;
      if (!S_string(&in, NULL, 0)) return 0;
      const char *key = p + ks;
      size_t klen = in.i - 1 - ks;
      S_ws(&in);
      if (in.i >= n || p[in.i] != ':') return 0;
      in.i++;
      S_ws(&in);
      if (in.i >= n) return 0;
      int slot = tm__record_field(key, klen);
      if (slot < 0) {
        if (klen == 8 && !memcmp(key, "story_id", 8)) slot = S_STORY_ID;
        else if (klen == 5 && !memcmp(key, "story", 5)) slot = S_STORY;
      }
      if ((klen == 7 && !memcmp(key, "link_id", 7)) || (klen == 9 && !memcmp(key, "subreddit", 9)))
        reddit = 1;
      if (slot < 0) {
        if (!S_skip(&in)) return 0;
      } else {
        if (seen[slot]) return 0; /* named twice: cJSON's rules */
        seen[slot] = 1;
        char c = p[in.i];
        if (c == '"') {
          off[slot] = sc->str.len;
          size_t before = sc->str.len;
          if (!S_string(&in, &sc->str, 1)) return 0;
          len[slot] = sc->str.len - before - 1;
          isstr[slot] = 1;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          int plain;
          long long v;
          if (!S_number(&in, &plain, &v) || !plain) return 0;
          char *buf = slot < TM_RF_COUNT ? nb->num[slot] : sc->num[slot - TM_RF_COUNT];
          len[slot] = tm__fmt_int(buf, (int64_t)v);
          val[slot] = buf;
        } else if (c == 't' || c == 'f') {
          if (!S_skip(&in)) return 0;
          if (slot < TM_RF_COUNT) val[slot] = c == 't' ? "true" : "false", len[slot] = c == 't' ? 4 : 5;
        } else if (!S_skip(&in)) { /* null, objects, arrays: not read */
          return 0;
        }
      }
      S_ws(&in);
      if (in.i >= n) return 0;
      if (p[in.i] == ',') {
        in.i++;
        S_ws(&in);
        continue;
      }
      if (p[in.i] != '}') return 0;
      in.i++;
      break;
    }
  }
  if (in.i != n) return 0; /* text after the object: cJSON's message */
  memset(r, 0, sizeof *r);
  r->line = line;
  r->col = col;
  r->reddit = reddit;
  for (int k = 0; k < S_SLOTS; k++)
    if (isstr[k]) val[k] = sc->str.ptr + off[k];
  for (int k = 0; k < TM_RF_COUNT; k++) r->f[k] = val[k], r->len[k] = val[k] ? len[k] : 0;
  sc->story_id = val[S_STORY_ID];
  sc->story_id_len = len[S_STORY_ID];
  sc->story = val[S_STORY];
  sc->story_len = len[S_STORY];
  return 1;
}
