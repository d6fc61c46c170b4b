/*
 * record.c - the generic comment record (see record.h).
 */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/error.h"
#include "../util/timeparse.h"

int tm__record_field(const char *name, size_t len) {
#define F(lit, field) {lit, sizeof(lit) - 1, field}
  /* sorted by length: the search stops at the first longer name */
  static const struct { const char *name; size_t len; int field; } map[] = {
      F("id", TM_RF_ID), F("by", TM_RF_AUTHOR), F("ups", TM_RF_SCORE),
      F("user", TM_RF_AUTHOR), F("time", TM_RF_TIME), F("date", TM_RF_TIME),
      F("text", TM_RF_TEXT), F("body", TM_RF_TEXT),
      F("score", TM_RF_SCORE), F("title", TM_RF_TITLE),
      F("parent", TM_RF_PARENT), F("author", TM_RF_AUTHOR), F("points", TM_RF_SCORE),
      F("created", TM_RF_TIME), F("content", TM_RF_TEXT), F("message", TM_RF_TEXT),
      F("deleted", TM_RF_DELETED), F("link_id", TM_RF_LINK),
      F("parentId", TM_RF_PARENT), F("username", TM_RF_AUTHOR),
      F("parent_id", TM_RF_PARENT), F("timestamp", TM_RF_TIME),
      F("created_at", TM_RF_TIME),
      F("in_reply_to", TM_RF_PARENT), F("created_utc", TM_RF_TIME),
  };
#undef F
  /* header cells may carry spaces around the name, and any case */
  while (len && (*name == ' ' || *name == '\t')) name++, len--;
  while (len && (name[len - 1] == ' ' || name[len - 1] == '\t' || name[len - 1] == '\r')) len--;
  /* a dump record's other fields are mostly longer than any name here, or
   * fail on the length or the first letter before any string compare */
  if (!len || len > map[sizeof map / sizeof map[0] - 1].len) return -1;
  char c0 = (char)(name[0] | 0x20);
  for (size_t i = 0; i < sizeof map / sizeof map[0] && map[i].len <= len; i++)
    if (map[i].len == len && map[i].name[0] == c0 && strncasecmp(map[i].name, name, len) == 0)
      return map[i].field;
  return -1;
}

static int S_is(const char *s, size_t len, const char *lit) {
  return s && strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static const char *S_trim(const char *s, size_t *len) {
  while (*len && (*s == ' ' || *s == '\t')) s++, (*len)--;
  while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t' || s[*len - 1] == '\r')) (*len)--;
  return s;
}

/* The score field as an integer ("412", "412.0"); 0 when absent or not a number. */
static int S_score(const tm_record *r, int64_t *out) {
  if (!r->f[TM_RF_SCORE] || !r->len[TM_RF_SCORE]) return 0;
  char tmp[32], *e;
  size_t sl = r->len[TM_RF_SCORE] < 31 ? r->len[TM_RF_SCORE] : 31;
  memcpy(tmp, r->f[TM_RF_SCORE], sl);
  tmp[sl] = '\0';
  long long sc = strtoll(tmp, &e, 10);
  if (e == tmp || (*e != '\0' && *e != '.')) return 0;
  *out = sc;
  return 1;
}

int tm__record_add(tm_thread *t, tm_textbuf *tb, const tm_record *r,
                   const char *file, size_t filelen, tm_error *err) {
  int ok = 1;
  size_t idlen = r->len[TM_RF_ID], plen = r->len[TM_RF_PARENT];
  const char *id = r->f[TM_RF_ID] ? S_trim(r->f[TM_RF_ID], &idlen) : NULL;
  const char *parent = r->f[TM_RF_PARENT] ? S_trim(r->f[TM_RF_PARENT], &plen) : NULL;
  if (parent && (plen == 0 || S_is(parent, plen, "null") || S_is(parent, plen, "0")))
    parent = NULL;
  int to_story = 0;
  if (parent && plen > 3 && parent[0] == 't' && parent[1] >= '1' &&
      parent[1] <= '9' && parent[2] == '_') {
    if (parent[1] == '3') to_story = 1;
    parent += 3;
    plen -= 3;
  }
  for (int k = 0; k < TM_RF_COUNT; k++)
    if (r->f[k] && t->opts.max_field && r->len[k] > t->opts.max_field)
      return tm__error(err, TM_ELIMIT, r->line, r->col, 0,
                       "a field of %zu bytes is longer than the limit of %zu",
                       r->len[k], t->opts.max_field);

  /* a titled record without a parent is the story itself */
  if (!parent && r->f[TM_RF_TITLE] && r->len[TM_RF_TITLE] && !t->meta.title) {
    t->meta.title = tm__thread_str(t, r->f[TM_RF_TITLE], r->len[TM_RF_TITLE], &ok);
    t->meta.id = id && idlen ? tm__thread_str(t, id, idlen, &ok) : NULL;
    if (r->f[TM_RF_AUTHOR])
      t->meta.author = tm__thread_str(t, r->f[TM_RF_AUTHOR], r->len[TM_RF_AUTHOR], &ok);
    if (r->f[TM_RF_TIME]) tm__parse_time(r->f[TM_RF_TIME], r->len[TM_RF_TIME], &t->meta.time);
    t->meta.has_score = S_score(r, &t->meta.score);
    if (r->f[TM_RF_TEXT] && r->len[TM_RF_TEXT]) {
      tm__tb_plain(tb, r->f[TM_RF_TEXT], r->len[TM_RF_TEXT], r->reddit ? TM_PLAIN_DECODE_BASIC : 0);
      t->meta.text = tm__tb_finish_str(tb, t);
      if (!t->meta.text) ok = 0;
    }
    return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }

  tm_comment *c = tm__thread_add_at(t, r->line, r->col, err);
  if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  size_t ci = t->n - 1;
  c->line = r->line;
  c->col = r->col;
  if (id && idlen) {
    c->id = tm__thread_str(t, id, idlen, &ok);
  } else {
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "#%zu", ci + 1);
    c->id = tm__thread_str(t, tmp, (size_t)n, &ok);
    tm__thread_warn(t, r->line, r->col, "record has no id; named it \"%s\"", tmp);
  }
  if (parent) {
    c->parent_id = tm__thread_str(t, parent, plen, &ok);
    if (to_story) {
      if (!t->meta.id) t->meta.id = c->parent_id;
    }
  }
  if (!t->meta.id && r->f[TM_RF_LINK] && r->len[TM_RF_LINK] > 3) {
    const char *l = r->f[TM_RF_LINK];
    size_t ll = r->len[TM_RF_LINK];
    if (l[0] == 't' && l[2] == '_') l += 3, ll -= 3;
    t->meta.id = tm__thread_str(t, l, ll, &ok);
  }
  const char *au = r->f[TM_RF_AUTHOR];
  size_t aul = r->len[TM_RF_AUTHOR];
  if (au) au = S_trim(au, &aul);
  const char *tx = r->f[TM_RF_TEXT];
  size_t txl = r->len[TM_RF_TEXT];
  if (tx) tx = S_trim(tx, &txl); /* "1, , alice, hi": spaces around a CSV value */
  int deleted = 0;
  if (r->f[TM_RF_DELETED] &&
      (S_is(r->f[TM_RF_DELETED], r->len[TM_RF_DELETED], "true") ||
       S_is(r->f[TM_RF_DELETED], r->len[TM_RF_DELETED], "1")))
    deleted = 1;
  if ((S_is(au, aul, "[deleted]") || !au || !aul) &&
      (S_is(tx, txl, "[deleted]") || S_is(tx, txl, "[removed]")))
    deleted = 1;
  if (deleted) c->flags |= TM_CF_DELETED;
  if (au && aul && !S_is(au, aul, "[deleted]"))
    c->author = tm__thread_str(t, au, aul, &ok);
  size_t tl = r->len[TM_RF_TIME];
  const char *tv = r->f[TM_RF_TIME] ? S_trim(r->f[TM_RF_TIME], &tl) : NULL;
  if (tv && tl) { /* an empty time field means "unknown", not an error */
    int64_t tt;
    if (tm__parse_time(r->f[TM_RF_TIME], r->len[TM_RF_TIME], &tt)) c->time = tt;
    else
      tm__thread_warn(t, r->line, r->col, "comment \"%s\": cannot read time \"%.*s\"",
                      c->id ? c->id : "?", (int)(r->len[TM_RF_TIME] > 40 ? 40 : r->len[TM_RF_TIME]),
                      r->f[TM_RF_TIME]);
  }
  c->has_score = S_score(r, &c->score);
  if (tx && !deleted) {
    if (t->opts.flags & TM_OPT_KEEP_RAW) c->raw = tm__thread_raw(t, tx, txl, &ok);
    tm__tb_plain(tb, tx, txl, r->reddit ? TM_PLAIN_DECODE_BASIC : 0);
    if (tm__tb_finish(tb, t, c)) ok = 0;
  } else {
    c->text = "";
  }
  (void)file;
  (void)filelen;
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}
