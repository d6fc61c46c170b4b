/*
 * targets.c - named targets ("Meta=Meta,Zuckerberg,Zuck,Facebook") and
 * finding their mentions in a sentence.
 *
 * Aliases are folded (tm_text_fold) and matched as whole words or phrases
 * in folded text: "meta" matches "Meta's" and "META" but not "metadata".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "targets.h"

int tm_targets_new(tm_targets **out) {
  *out = calloc(1, sizeof **out);
  return *out ? TM_OK : TM_ENOMEM;
}

void tm_targets_free(tm_targets *tg) {
  if (!tg) return;
  for (size_t i = 0; i < tg->n; i++) {
    free(tg->t[i].name);
    for (size_t k = 0; k < tg->t[i].naliases; k++) free(tg->t[i].aliases[k]);
    free(tg->t[i].aliases);
  }
  free(tg->t);
  free(tg);
}

size_t tm_targets_count(const tm_targets *tg) { return tg ? tg->n : 0; }
const char *tm_targets_name(const tm_targets *tg, size_t k) {
  return tg && k < tg->n ? tg->t[k].name : NULL;
}

static char *S_trimdup(const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) n--;
  char *r = malloc(n + 1);
  if (r) {
    memcpy(r, s, n);
    r[n] = '\0';
  }
  return r;
}

int tm_targets_add(tm_targets *tg, const char *spec, tm_error *err) {
  const char *eq = strchr(spec, '=');
  size_t nl = eq ? (size_t)(eq - spec) : strlen(spec);
  char *name = S_trimdup(spec, nl);
  if (!name) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  if (!name[0]) {
    free(name);
    return tm__error(err, TM_EINVAL, 0, 0, 0, "target \"%s\" has no name (expected Name=alias,alias)", spec);
  }
  if (tg->n == tg->cap) {
    size_t cap = tg->cap ? tg->cap * 2 : 4;
    tm_target *t = realloc(tg->t, cap * sizeof *t);
    if (!t) {
      free(name);
      return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    }
    tg->t = t;
    tg->cap = cap;
  }
  tm_target *t = &tg->t[tg->n];
  memset(t, 0, sizeof *t);
  t->name = name;
  const char *list = eq ? eq + 1 : spec;
  size_t len = eq ? strlen(list) : nl;
  for (size_t i = 0; i <= len;) {
    const char *c = memchr(list + i, ',', len - i);
    size_t e = c ? (size_t)(c - list) : len;
    char *a = S_trimdup(list + i, e - i);
    char *f = NULL;
    size_t fl;
    if (a && a[0] && tm_text_fold(&f, &fl, a, strlen(a)) == TM_OK && fl) {
      char **na = realloc(t->aliases, (t->naliases + 1) * sizeof *na);
      if (na) {
        t->aliases = na;
        t->aliases[t->naliases++] = f;
        f = NULL;
      }
    }
    free(f);
    free(a);
    i = e + 1;
  }
  if (!t->naliases) {
    free(t->name);
    free(t->aliases);
    return tm__error(err, TM_EINVAL, 0, 0, 0, "target \"%s\" has no alias to look for", name);
  }
  tg->n++;
  return TM_OK;
}

int tm_targets_load(tm_targets *tg, const char *path, tm_error *err) {
  char *buf;
  size_t len;
  if (err) err->path = path;
  int rc = tm_read_file(&buf, &len, path, (size_t)16 << 20, err);
  if (rc) return rc;
  size_t i = 0, line = 0;
  while (i < len && rc == TM_OK) {
    char *nl = memchr(buf + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - buf) : len;
    line++;
    buf[e] = '\0';
    const char *s = buf + i;
    while (*s == ' ' || *s == '\t') s++;
    if (*s && *s != '#' && *s != '\r') {
      rc = tm_targets_add(tg, s, err);
      if (rc && err) err->line = line, err->col = 1;
    }
    i = e + 1;
  }
  free(buf);
  return rc;
}

static int S_word(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '_';
}

size_t tm__target_mentions(const tm_target *t, const char *folded, size_t n) {
  size_t count = 0;
  for (size_t k = 0; k < t->naliases; k++) {
    const char *a = t->aliases[k];
    size_t al = strlen(a);
    for (size_t i = 0; i + al <= n;) {
      const char *p = memchr(folded + i, a[0], n - al + 1 - i);
      if (!p) break;
      size_t at = (size_t)(p - folded);
      if (memcmp(p, a, al) == 0 && (at == 0 || !S_word((unsigned char)folded[at - 1])) &&
          (at + al == n || !S_word((unsigned char)folded[at + al]) ||
           (folded[at + al] == '\'' ))) {
        count++;
        i = at + al;
      } else {
        i = at + 1;
      }
    }
  }
  return count;
}
