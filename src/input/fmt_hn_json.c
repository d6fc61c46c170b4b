/*
 * fmt_hn_json.c - Hacker News API JSON.
 *
 * Two APIs, both documented publicly:
 *  - Firebase items (https://github.com/HackerNews/API): objects with id,
 *    by, time, text (HTML), parent, kids, type, deleted, dead, and for
 *    stories title, url, score, descendants.  Accepted as one object, a
 *    JSON array of items, or NDJSON (one item per line; ids and times may
 *    be strings, as some exports write them).
 *  - Algolia items (https://hn.algolia.com/api, /api/v1/items/<id>): one
 *    nested object with id, created_at_i, author, title, url, text,
 *    points, parent_id, story_id and children[].
 * The first story item becomes the thread's metadata; comments reply to
 * it or to each other through `parent`.  Poll options are skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/markup.h"
#include "../util/error.h"
#include "format.h"
#include "json.h"

static int S_is_story(const cJSON *o) {
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
  if (cJSON_IsString(type)) {
    const char *s = type->valuestring;
    return strcmp(s, "story") == 0 || strcmp(s, "job") == 0 ||
           strcmp(s, "poll") == 0 || strcmp(s, "ask") == 0;
  }
  return !cJSON_GetObjectItemCaseSensitive(o, "parent") &&
         !cJSON_GetObjectItemCaseSensitive(o, "parent_id") &&
         cJSON_GetObjectItemCaseSensitive(o, "title");
}

/* One item (Firebase or Algolia).  parent_override: Algolia nesting. */
static int S_item(tm_thread *t, tm_textbuf *tb, const cJSON *o,
                  const char *parent_override, size_t line, tm_error *err) {
  char idtmp[32], ptmp[32];
  size_t idlen = 0, plen = 0;
  int ok = 1;
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
  if (cJSON_IsString(type) && strcmp(type->valuestring, "pollopt") == 0) return TM_OK;
  const char *id = tm__json_str(o, "id", idtmp, &idlen);
  const char *by = tm__json_str(o, "by", ptmp, NULL);
  if (!by) by = tm__json_str(o, "author", ptmp, NULL);
  const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
  const char *html = cJSON_IsString(text) ? text->valuestring : NULL;

  if (S_is_story(o) && !t->meta.id) {
    t->meta.id = id ? tm__thread_str(t, id, idlen, &ok) : NULL;
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(o, "title");
    if (cJSON_IsString(title)) {
      /* Firebase titles are plain text, Algolia's too; entities may occur */
      tm_buf dec = TM_BUF_INIT;
      if (tm__html_decode(&dec, title->valuestring, strlen(title->valuestring)) == TM_OK && dec.ptr)
        t->meta.title = tm__thread_str(t, dec.ptr, dec.len, &ok);
      tm_buf_free(&dec);
    }
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(o, "url");
    if (cJSON_IsString(url)) t->meta.url = tm__thread_str(t, url->valuestring, strlen(url->valuestring), &ok);
    if (by) t->meta.author = tm__thread_str(t, by, strlen(by), &ok);
    if (!tm__json_time(o, "time", &t->meta.time)) tm__json_time(o, "created_at_i", &t->meta.time);
    if (tm__json_int(o, "score", &t->meta.score) || tm__json_int(o, "points", &t->meta.score))
      t->meta.has_score = 1;
    int64_t d;
    if (tm__json_int(o, "descendants", &d) && d > 0) t->meta.declared_comments = (size_t)d;
    if (html && *html) {
      tm__tb_html(tb, html, strlen(html));
      t->meta.text = tm__tb_finish_str(tb, t);
      if (!t->meta.text) ok = 0;
    }
    return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  }

  tm_comment *c = tm__thread_add_at(t, line, 1, err);
  if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  c->line = line;
  c->col = line ? 1 : 0;
  if (id) {
    c->id = tm__thread_str(t, id, idlen, &ok);
  } else {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "#%zu", t->n);
    c->id = tm__thread_str(t, tmp, strlen(tmp), &ok);
    tm__thread_warn(t, line, 0, "item without an id; named it \"%s\"", tmp);
  }
  const char *parent = parent_override;
  if (!parent) parent = tm__json_str(o, "parent", ptmp, &plen);
  if (!parent) parent = tm__json_str(o, "parent_id", ptmp, &plen);
  if (parent) c->parent_id = tm__thread_str(t, parent, strlen(parent), &ok);
  if (by) c->author = tm__thread_str(t, by, strlen(by), &ok);
  if (!tm__json_time(o, "time", &c->time)) tm__json_time(o, "created_at_i", &c->time);
  if (tm__json_int(o, "score", &c->score) || tm__json_int(o, "points", &c->score))
    c->has_score = 1;
  if (tm__json_true(o, "deleted")) c->flags |= TM_CF_DELETED;
  if (tm__json_true(o, "dead")) c->flags |= TM_CF_DEAD;
  /* Algolia shows a deleted comment as one with neither author nor text */
  if (!by && !html) c->flags |= TM_CF_DELETED;
  if (html && t->opts.max_field && strlen(html) > t->opts.max_field)
    return tm__error(err, TM_ELIMIT, line, 1, 0, "a text longer than the limit of %zu bytes",
                     t->opts.max_field);
  if (html) {
    if (t->opts.flags & TM_OPT_KEEP_RAW) c->raw = tm__thread_raw(t, html, strlen(html), &ok);
    tm__tb_html(tb, html, strlen(html));
    if (tm__tb_finish(tb, t, c)) ok = 0;
  } else {
    c->text = "";
  }
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

/* Algolia nested form: walk children[] without recursion. */
static int S_algolia(tm_thread *t, tm_textbuf *tb, const cJSON *root, tm_error *err) {
  typedef struct { const cJSON *item; const char *id; } frame;
  size_t cap = 64, n = 0;
  frame *st = malloc(cap * sizeof *st);
  if (!st) return tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
  int rc = S_item(t, tb, root, NULL, 0, err);
  char tmp[32];
  const char *rootid = tm__json_str(root, "id", tmp, NULL);
  const char *rid = rootid ? (t->meta.id ? t->meta.id : (t->n ? t->c[t->n - 1].id : NULL)) : NULL;
  const cJSON *kids = cJSON_GetObjectItemCaseSensitive(root, "children");
  if (rc == TM_OK && cJSON_IsArray(kids) && kids->child) st[n++] = (frame){kids->child, rid};
  while (n && rc == TM_OK) {
    frame *f = &st[n - 1];
    const cJSON *it = f->item;
    if (!it) {
      n--;
      continue;
    }
    f->item = it->next;
    if (!cJSON_IsObject(it)) continue;
    rc = S_item(t, tb, it, f->id, 0, err);
    if (rc) break;
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(it, "children");
    if (cJSON_IsArray(ch) && ch->child) {
      if (n == cap) {
        frame *ns = realloc(st, cap * 2 * sizeof *st);
        if (!ns) {
          rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
          break;
        }
        st = ns;
        cap *= 2;
      }
      st[n++] = (frame){ch->child, t->c[t->n - 1].id};
    }
  }
  free(st);
  return rc;
}

int tm__parse_hn_json(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  tm_textbuf tb;
  tm__tb_init(&tb);
  int rc = TM_OK;
  size_t i = 0;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) i++;
  const char *end;
  cJSON *doc = NULL;
  if (i < len && buf[i] == '[') {
    doc = tm__json_parse(buf + i, len - i, &end, buf, len, err);
    if (!doc) return TM_EPARSE;
    size_t k = 0;
    for (const cJSON *v = doc->child; v && rc == TM_OK; v = v->next, k++) {
      if (!cJSON_IsObject(v)) {
        rc = tm__error(err, TM_EPARSE, 0, 0, i, "array element %zu is not an object", k + 1);
        break;
      }
      rc = S_item(t, &tb, v, NULL, 0, err);
    }
    goto cleanup;
  }
  /* one object, possibly pretty-printed, or NDJSON: parse values in turn */
  size_t line = 1, pos = i;
  for (size_t q = 0; q < i; q++) if (buf[q] == '\n') line++;
  while (pos < len && rc == TM_OK) {
    while (pos < len && (buf[pos] == ' ' || buf[pos] == '\n' || buf[pos] == '\r' || buf[pos] == '\t')) {
      if (buf[pos] == '\n') line++;
      pos++;
    }
    if (pos >= len) break;
    if (buf[pos] != '{') {
      rc = tm__error_at(err, TM_EPARSE, buf, len, pos, "expected a JSON object");
      break;
    }
    cJSON *o = tm__json_parse(buf + pos, len - pos, &end, buf, len, err);
    if (!o) {
      rc = TM_EPARSE;
      break;
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "children"))
      rc = S_algolia(t, &tb, o, err);
    else
      rc = S_item(t, &tb, o, NULL, line, err);
    cJSON_Delete(o);
    for (const char *q = buf + pos; q < end; q++) if (*q == '\n') line++;
    pos = (size_t)(end - buf);
  }
cleanup:
  cJSON_Delete(doc);
  tm__tb_free(&tb);
  return rc;
}
