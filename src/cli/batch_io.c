/*
 * batch_io.c - buffers, names, maps, summary rows, manifest and output
 * folders for `threadmap batch` and `threadmap merge` (see batch.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"

/* ------------------------------------------------------------- buffers */

int bt_put(bt_buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
  }
  if (n) memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

int bt_puts(bt_buf *b, const char *s) { return bt_put(b, s, strlen(s)); }

int bt_printf(bt_buf *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return -1;
  if ((size_t)n < sizeof tmp) return bt_put(b, tmp, (size_t)n);
  char *big = malloc((size_t)n + 1);
  if (!big) return -1;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  int rc = bt_put(b, big, (size_t)n);
  free(big);
  return rc;
}

void bt_free(bt_buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

int bt_json_str(bt_buf *b, const char *s) {
  if (!s) return bt_puts(b, "null");
  if (bt_put(b, "\"", 1)) return -1;
  const char *run = s;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    if (bt_put(b, run, (size_t)(s - run))) return -1;
    char esc[8];
    if (c == '"') strcpy(esc, "\\\"");
    else if (c == '\\') strcpy(esc, "\\\\");
    else if (c == '\n') strcpy(esc, "\\n");
    else if (c == '\t') strcpy(esc, "\\t");
    else if (c == '\r') strcpy(esc, "\\r");
    else snprintf(esc, sizeof esc, "\\u%04x", c);
    if (bt_puts(b, esc)) return -1;
    run = s + 1;
  }
  if (bt_put(b, run, (size_t)(s - run))) return -1;
  return bt_put(b, "\"", 1);
}

/* --------------------------------------------------------------- names */

uint64_t bt_hash(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a offset basis */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

#define BT_NAME_MAX 150 /* bytes of escaped key kept in a file name */

char *bt_name(const char *key) {
  bt_buf b = {0};
  for (const char *s = key; *s; s++) {
    unsigned char c = (unsigned char)*s;
    int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || (c == '.' && s != key);
    if (keep) {
      if (bt_put(&b, (const char *)&c, 1)) goto oom;
    } else if (bt_printf(&b, "%%%02X", c)) {
      goto oom;
    }
  }
  if (!b.len && bt_puts(&b, "%00")) goto oom;
  if (b.len > BT_NAME_MAX) {
    b.len = BT_NAME_MAX - 17;
    /* never cut inside a %XX */
    while (b.len && (b.p[b.len - 1] == '%' || (b.len >= 2 && b.p[b.len - 2] == '%'))) b.len--;
    if (bt_printf(&b, "-%016llx", (unsigned long long)bt_hash(key))) goto oom;
  }
  return b.p;
oom:
  bt_free(&b);
  return NULL;
}

/* ---------------------------------------------------------------- maps */

size_t bt_heap_bytes(size_t n) {
  size_t b = (n + sizeof(size_t) + 15) & ~(size_t)15; /* glibc: a size word, 16-byte steps */
  return b < 32 ? 32 : b;
}

static int S_grow(bt_map *m) {
  size_t cap = m->cap ? m->cap * 2 : 1024;
  char **k = calloc(cap, sizeof *k);
  void **v = calloc(cap, sizeof *v);
  if (!k || !v) {
    free(k);
    free(v);
    return -1;
  }
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    size_t h = (size_t)bt_hash(m->keys[i]) & (cap - 1);
    while (k[h]) h = (h + 1) & (cap - 1);
    k[h] = m->keys[i];
    v[h] = m->vals[i];
  }
  free(m->keys);
  free(m->vals);
  m->keys = k;
  m->vals = v;
  m->cap = cap;
  return 0;
}

void **bt_map_get(const bt_map *m, const char *key) {
  if (!m->cap) return NULL;
  size_t h = (size_t)bt_hash(key) & (m->cap - 1);
  while (m->keys[h]) {
    if (!strcmp(m->keys[h], key)) return &m->vals[h];
    h = (h + 1) & (m->cap - 1);
  }
  return NULL;
}

void **bt_map_put(bt_map *m, const char *key, int *fresh) {
  *fresh = 0;
  void **v = bt_map_get(m, key);
  if (v) return v;
  if ((m->n + 1) * 2 > m->cap && S_grow(m)) return NULL;
  size_t h = (size_t)bt_hash(key) & (m->cap - 1);
  while (m->keys[h]) h = (h + 1) & (m->cap - 1);
  m->keys[h] = strdup(key);
  if (!m->keys[h]) return NULL;
  m->vals[h] = NULL;
  m->n++;
  /* the key's heap block, and two slots at a load between 1/4 and 1/2 */
  m->bytes += bt_heap_bytes(strlen(key) + 1) + 2 * sizeof(void *) * 3;
  *fresh = 1;
  return &m->vals[h];
}

void bt_map_free(bt_map *m, void (*free_val)(void *)) {
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i]) continue;
    free(m->keys[i]);
    if (free_val) free_val(m->vals[i]);
  }
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- rows */

static int S_hex(int c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void S_utf8(bt_buf *b, unsigned cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) u[0] = (char)cp, n = 1;
  else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000) u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
       u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
       u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  bt_put(b, u, n);
}

/* A JSON string at *p (just after its opening quote) into b. */
static int S_str(const char **p, const char *end, bt_buf *b) {
  const char *s = *p;
  while (s < end && *s != '"') {
    if (*s != '\\') {
      const char *run = s;
      while (s < end && *s != '"' && *s != '\\') s++;
      if (bt_put(b, run, (size_t)(s - run))) return -1;
      continue;
    }
    if (++s >= end) return -1;
    char c = *s++;
    switch (c) {
    case 'n': bt_put(b, "\n", 1); break;
    case 't': bt_put(b, "\t", 1); break;
    case 'r': bt_put(b, "\r", 1); break;
    case 'b': bt_put(b, "\b", 1); break;
    case 'f': bt_put(b, "\f", 1); break;
    case 'u': {
      if (end - s < 4) return -1;
      unsigned cp = 0;
      for (int k = 0; k < 4; k++) {
        int h = S_hex(s[k]);
        if (h < 0) return -1;
        cp = cp * 16 + (unsigned)h;
      }
      s += 4;
      if (cp >= 0xD800 && cp < 0xDC00 && end - s >= 6 && s[0] == '\\' && s[1] == 'u') {
        unsigned lo = 0;
        for (int k = 0; k < 4; k++) lo = lo * 16 + (unsigned)(S_hex(s[2 + k]) < 0 ? 0 : S_hex(s[2 + k]));
        if (lo >= 0xDC00 && lo < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          s += 6;
        }
      }
      S_utf8(b, cp);
      break;
    }
    default: bt_put(b, &c, 1);
    }
  }
  if (s >= end) return -1;
  *p = s + 1;
  if (!b->p) bt_put(b, "", 0);
  return 0;
}

static const char *S_ws(const char *s, const char *end) {
  while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++;
  return s;
}

int bt_row_parse(const char *line, size_t len, bt_field *f, int max) {
  const char *s = line, *end = line + len;
  int n = 0;
  s = S_ws(s, end);
  if (s >= end || *s++ != '{') return -1;
  s = S_ws(s, end);
  if (s < end && *s == '}') return 0;
  while (s < end) {
    if (n == max || *s++ != '"') goto bad;
    bt_buf name = {0};
    if (S_str(&s, end, &name)) {
      bt_free(&name);
      goto bad;
    }
    memset(&f[n], 0, sizeof f[n]);
    snprintf(f[n].name, sizeof f[n].name, "%s", name.p ? name.p : "");
    bt_free(&name);
    s = S_ws(s, end);
    if (s >= end || *s++ != ':') goto bad1;
    s = S_ws(s, end);
    if (s >= end) goto bad1;
    if (*s == '"') {
      s++;
      f[n].type = 's';
      if (S_str(&s, end, &f[n].val)) goto bad1;
    } else if (end - s >= 4 && !memcmp(s, "null", 4)) {
      f[n].type = '0';
      s += 4;
    } else {
      const char *v = s;
      while (s < end && (*s == '-' || *s == '+' || *s == '.' || *s == 'e' || *s == 'E' ||
                         (*s >= '0' && *s <= '9')))
        s++;
      if (s == v) goto bad1;
      f[n].type = 'n';
      if (bt_put(&f[n].val, v, (size_t)(s - v))) goto bad1;
    }
    n++;
    s = S_ws(s, end);
    if (s < end && *s == ',') {
      s = S_ws(s + 1, end);
      continue;
    }
    if (s < end && *s == '}') return n;
    goto bad;
  }
bad:
  bt_row_free(f, n);
  return -1;
bad1:
  bt_row_free(f, n + 1);
  return -1;
}

void bt_row_free(bt_field *f, int n) {
  for (int i = 0; i < n; i++) bt_free(&f[i].val);
}

char *bt_row_key(const char *row) {
  bt_field f[64];
  int n = bt_row_parse(row, strlen(row), f, 64);
  if (n <= 0) return NULL;
  char *k = NULL;
  for (int i = 0; i < n; i++)
    if (!strcmp(f[i].name, "key") && f[i].type == 's') {
      k = f[i].val.p;
      f[i].val.p = NULL;
      break;
    }
  bt_row_free(f, n);
  return k;
}

typedef struct {
  char *key;
  char *row;
} S_keyed;

static int S_cmp_keyed(const void *a, const void *b) {
  const S_keyed *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : strcmp(x->row, y->row);
}

size_t bt_rows_sort(char **rows, size_t n) {
  S_keyed *k = malloc((n ? n : 1) * sizeof *k);
  if (!k) return n;
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    char *key = bt_row_key(rows[i]);
    if (!key) {
      free(rows[i]);
      continue;
    }
    k[m].key = key;
    k[m].row = rows[i];
    m++;
  }
  qsort(k, m, sizeof *k, S_cmp_keyed);
  size_t w = 0;
  for (size_t i = 0; i < m; i++) {
    if (w && !strcmp(k[w - 1].key, k[i].key)) {
      free(k[i].key);
      free(k[i].row);
      continue;
    }
    k[w++] = k[i];
  }
  for (size_t i = 0; i < w; i++) {
    rows[i] = k[i].row;
    free(k[i].key);
  }
  free(k);
  return w;
}

/* The summary's columns, in order (the keys of every row). */
static const char *const S_cols[] = {
    "key", "name", "source", "format", "id", "title", "author", "time",
    "comments", "participants", "top_level", "max_depth", "orphans", "deleted",
    "first_comment", "last_comment", "rated", "agree", "disagree", "mixed", "neutral",
    "disagreement_rate", "controversy", "polarization", "mean_sentiment",
    "positive", "negative", "neutral_sentiment"};

static int S_csv_cell(bt_buf *b, const bt_field *f) {
  if (!f || f->type == '0') return 0;
  const char *v = f->val.p ? f->val.p : "";
  if (f->type == 's' && strpbrk(v, ",\"\r\n")) {
    if (bt_put(b, "\"", 1)) return -1;
    for (const char *s = v; *s; s++)
      if (bt_put(b, s, 1) || (*s == '"' && bt_put(b, "\"", 1))) return -1;
    return bt_put(b, "\"", 1);
  }
  return bt_puts(b, v);
}

static int S_write_file(const char *dir, const char *name, const bt_buf *data) {
  bt_buf path = {0};
  tm_error err;
  memset(&err, 0, sizeof err);
  tm_outfile *f = NULL;
  if (bt_printf(&path, "%s/%s", dir, name)) return -1;
  int rc = tm_outfile_open(&f, path.p, &err);
  if (rc == TM_OK) {
    if (tm_outfile_write(data->p ? data->p : "", data->len, f)) {
      tm_outfile_abort(f);
      rc = TM_EIO;
    } else {
      rc = tm_outfile_commit(f, &err);
    }
  }
  if (rc) cli_print_error(path.p, &err);
  bt_free(&path);
  return rc ? -1 : 0;
}

/* A row's CSV line (nothing for a row that is not a flat object). */
static int S_csv_line(bt_buf *csv, const char *row) {
  bt_field f[64];
  int nf = bt_row_parse(row, strlen(row), f, 64), rc = 0;
  if (nf < 0) return 0;
  for (size_t c = 0; c < sizeof S_cols / sizeof S_cols[0]; c++) {
    const bt_field *hit = NULL;
    for (int k = 0; k < nf; k++)
      if (!strcmp(f[k].name, S_cols[c])) hit = &f[k];
    if ((c && bt_put(csv, ",", 1)) || S_csv_cell(csv, hit)) rc = -1;
  }
  if (bt_put(csv, "\n", 1)) rc = -1;
  bt_row_free(f, nf);
  return rc;
}

int bt_write_summary(const char *dir, char **rows, size_t n, int manifest_too) {
  bt_buf nd = {0}, csv = {0};
  int rc = 0;
  for (size_t c = 0; c < sizeof S_cols / sizeof S_cols[0]; c++)
    if ((c && bt_put(&csv, ",", 1)) || bt_puts(&csv, S_cols[c])) rc = -1;
  bt_put(&csv, "\n", 1);
  for (size_t i = 0; i < n && !rc; i++) {
    if (bt_puts(&nd, rows[i]) || bt_put(&nd, "\n", 1)) rc = -1;
    if (S_csv_line(&csv, rows[i])) rc = -1;
  }
  if (!rc) rc = S_write_file(dir, "summary.ndjson", &nd);
  if (!rc) rc = S_write_file(dir, "summary.csv", &csv);
  if (!rc && manifest_too) rc = S_write_file(dir, "manifest.ndjson", &nd);
  bt_free(&nd);
  bt_free(&csv);
  return rc;
}

typedef struct {
  char *key;
  off_t off;
  size_t len;
} S_ref;

static int S_ref_fd = -1; /* the manifest, for S_cmp_ref's rare ties */

/* One row back from the manifest (malloc'd, NUL-terminated). */
static char *S_ref_row(int fd, const S_ref *r) {
  char *p = malloc(r->len + 1);
  if (!p) return NULL;
  size_t got = 0;
  while (got < r->len) {
    ssize_t n = pread(fd, p + got, r->len - got, r->off + (off_t)got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      free(p);
      return NULL;
    }
    got += (size_t)n;
  }
  p[r->len] = '\0';
  return p;
}

/* By key, then (two rows of one key) by the row's text, as bt_rows_sort. */
static int S_cmp_ref(const void *a, const void *b) {
  const S_ref *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c) return c;
  char *rx = S_ref_row(S_ref_fd, x), *ry = S_ref_row(S_ref_fd, y);
  c = rx && ry ? strcmp(rx, ry) : 0;
  free(rx);
  free(ry);
  if (!c) c = x->off < y->off ? -1 : x->off > y->off;
  return c;
}

static int S_csv_line(bt_buf *csv, const char *row);

int bt_summary_rewrite(const char *dir, bt_map *done) {
  bt_buf path = {0};
  if (bt_printf(&path, "%s/manifest.ndjson", dir)) return -1;
  int fd = open(path.p, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno != ENOENT) {
    fprintf(stderr, "threadmap: %s: cannot read: %s\n", path.p, strerror(errno));
    bt_free(&path);
    return -1;
  }
  S_ref *refs = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  if (fd >= 0) {
    FILE *fp = fdopen(dup(fd), "rb");
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    off_t off = 0;
    while (fp && (len = getline(&line, &lcap, fp)) >= 0) {
      off_t at = off;
      off += len;
      if (len == 0 || line[len - 1] != '\n') break; /* a torn last line */
      line[--len] = '\0';
      char *key = bt_row_key(line);
      if (!key) continue;
      if (n == cap) {
        size_t c = cap ? cap * 2 : 256;
        S_ref *r = realloc(refs, c * sizeof *r);
        if (!r) {
          free(key);
          rc = -1;
          break;
        }
        refs = r;
        cap = c;
      }
      refs[n].key = key;
      refs[n].off = at;
      refs[n].len = (size_t)len;
      n++;
      int fresh;
      if (done && !bt_map_put(done, key, &fresh)) {
        rc = -1;
        break;
      }
    }
    free(line);
    if (fp) fclose(fp);
    else rc = -1;
  }
  if (rc) fprintf(stderr, "threadmap: %s: out of memory reading the manifest\n", path.p);
  S_ref_fd = fd;
  if (!rc && n) qsort(refs, n, sizeof *refs, S_cmp_ref);
  /* write the three files, one row at a time */
  static const char *const names[3] = {"summary.ndjson", "summary.csv", "manifest.ndjson"};
  tm_outfile *f[3] = {NULL, NULL, NULL};
  tm_error err;
  memset(&err, 0, sizeof err);
  bt_buf out = {0}, csv = {0};
  for (int k = 0; k < 3 && !rc; k++) {
    out.len = 0;
    bt_printf(&out, "%s/%s", dir, names[k]);
    if (tm_outfile_open(&f[k], out.p, &err)) {
      cli_print_error(out.p, &err);
      rc = -1;
    }
  }
  if (!rc) {
    for (size_t c = 0; c < sizeof S_cols / sizeof S_cols[0]; c++)
      if ((c && bt_put(&csv, ",", 1)) || bt_puts(&csv, S_cols[c])) rc = -1;
    bt_put(&csv, "\n", 1);
    if (tm_outfile_write(csv.p, csv.len, f[1])) rc = -1;
  }
  for (size_t i = 0; i < n && !rc; i++) {
    if (i && !strcmp(refs[i - 1].key, refs[i].key)) continue;
    char *row = S_ref_row(fd, &refs[i]);
    if (!row) {
      rc = -1;
      break;
    }
    csv.len = 0;
    if (S_csv_line(&csv, row) || tm_outfile_write(row, refs[i].len, f[0]) ||
        tm_outfile_write("\n", 1, f[0]) || tm_outfile_write(row, refs[i].len, f[2]) ||
        tm_outfile_write("\n", 1, f[2]) || tm_outfile_write(csv.p, csv.len, f[1]))
      rc = -1;
    free(row);
  }
  for (int k = 0; k < 3; k++) {
    if (!f[k]) continue;
    if (rc) tm_outfile_abort(f[k]);
    else if (tm_outfile_commit(f[k], &err)) {
      out.len = 0;
      bt_printf(&out, "%s/%s", dir, names[k]);
      cli_print_error(out.p, &err);
      rc = -1;
    }
  }
  if (rc && !err.msg[0]) fprintf(stderr, "threadmap: %s: cannot write the summary files\n", dir);
  bt_free(&out);
  bt_free(&csv);
  for (size_t i = 0; i < n; i++) free(refs[i].key);
  free(refs);
  if (fd >= 0) close(fd);
  S_ref_fd = -1;
  bt_free(&path);
  return rc;
}

int bt_manifest_load(const char *dir, char ***rows, size_t *n) {
  *rows = NULL;
  *n = 0;
  bt_buf path = {0};
  if (bt_printf(&path, "%s/manifest.ndjson", dir)) return -1;
  FILE *fp = fopen(path.p, "rb");
  bt_free(&path);
  if (!fp) return errno == ENOENT ? 0 : -1;
  char *line = NULL;
  size_t cap = 0, rcap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, fp)) >= 0) {
    if (len == 0 || line[len - 1] != '\n') break; /* a torn last line */
    line[--len] = '\0';
    char *key = bt_row_key(line);
    if (!key) continue;
    free(key);
    if (*n == rcap) {
      rcap = rcap ? rcap * 2 : 256;
      char **r = realloc(*rows, rcap * sizeof *r);
      if (!r) break;
      *rows = r;
    }
    (*rows)[(*n)++] = strdup(line);
  }
  free(line);
  fclose(fp);
  return 0;
}

static int S_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int bt_write_lines(const char *dir, const char *name, char **lines, size_t n) {
  if (n) qsort(lines, n, sizeof *lines, S_cmp_str);
  bt_buf b = {0};
  for (size_t i = 0; i < n; i++) {
    if (i && !strcmp(lines[i], lines[i - 1])) continue;
    if (bt_puts(&b, lines[i]) || bt_put(&b, "\n", 1)) {
      bt_free(&b);
      return -1;
    }
  }
  int rc = S_write_file(dir, name, &b);
  bt_free(&b);
  return rc;
}

/* --------------------------------------------------------------- folders */

int bt_mkdirs(const char *path) {
  char *p = strdup(path);
  if (!p) return -1;
  for (char *s = p + 1; *s; s++) {
    if (*s != '/') continue;
    *s = '\0';
    if (mkdir(p, 0777) && errno != EEXIST) {
      free(p);
      return -1;
    }
    *s = '/';
  }
  int rc = mkdir(p, 0777) && errno != EEXIST ? -1 : 0;
  free(p);
  return rc;
}

void bt_clean_tmp(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  bt_buf p = {0};
  while ((e = readdir(d))) {
    const char *t = strstr(e->d_name, ".tmp-");
    if (!t || strlen(t) != 11) continue;
    p.len = 0;
    if (bt_printf(&p, "%s/%s", dir, e->d_name) == 0) unlink(p.p);
  }
  bt_free(&p);
  closedir(d);
}
