/*
 * fmt_reddit_json.c - Reddit /comments/<id>.json responses.
 *
 * The response is a JSON array of two Listings
 * (https://www.reddit.com/dev/api/#GET_comments_{article}): the first holds
 * the submission (kind "t3"), the second the comment forest (kind "t1"),
 * each comment's `replies` being "" or another Listing.  Stubs of kind
 * "more" stand for replies the response does not include: their `count`
 * is added to the parent's missing_replies and to the thread's total.
 *
 * Text comes from body_html when present (the rendered HTML: blockquotes,
 * code, links are then exact), else from the Markdown body.  Ids are
 * Reddit's base-36 ids without the "t1_" prefix; parent_id is reduced the
 * same way, and "t3_<post>" means a top-level comment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/markup.h"
#include "../util/error.h"
#include "format.h"
#include "json.h"

static const char *S_strip(const char *s) {
  if (s && s[0] == 't' && s[1] >= '1' && s[1] <= '9' && s[2] == '_') return s + 3;
  return s;
}

static const cJSON *S_listing_children(const cJSON *listing) {
  if (!cJSON_IsObject(listing)) return NULL;
  const cJSON *data = cJSON_GetObjectItemCaseSensitive(listing, "data");
  const cJSON *ch = cJSON_GetObjectItemCaseSensitive(data, "children");
  return cJSON_IsArray(ch) ? ch : NULL;
}

/* Rendered HTML may arrive entity-escaped ("&lt;div class=...") as the
 * live API sends it, or unescaped as some recorders store it. */
static void S_html(tm_textbuf *tb, const char *html) {
  size_t n = strlen(html);
  if (n >= 4 && memcmp(html, "&lt;", 4) == 0) {
    tm_buf dec = TM_BUF_INIT;
    if (tm__html_decode(&dec, html, n) == TM_OK && dec.ptr) tm__tb_html(tb, dec.ptr, dec.len);
    tm_buf_free(&dec);
  } else {
    tm__tb_html(tb, html, n);
  }
}

static int S_post(tm_thread *t, tm_textbuf *tb, const cJSON *d, tm_error *err) {
  int ok = 1;
  char tmp[32];
  const char *s;
  if ((s = tm__json_str(d, "id", tmp, NULL))) t->meta.id = tm__thread_str(t, s, strlen(s), &ok);
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(d, "title");
  if (cJSON_IsString(v)) {
    tm_buf dec = TM_BUF_INIT;
    if (tm__html_decode(&dec, v->valuestring, strlen(v->valuestring)) == TM_OK && dec.ptr)
      t->meta.title = tm__thread_str(t, dec.ptr, dec.len, &ok);
    tm_buf_free(&dec);
  }
  v = cJSON_GetObjectItemCaseSensitive(d, "url");
  if (cJSON_IsString(v)) t->meta.url = tm__thread_str(t, v->valuestring, strlen(v->valuestring), &ok);
  v = cJSON_GetObjectItemCaseSensitive(d, "author");
  if (cJSON_IsString(v) && strcmp(v->valuestring, "[deleted]") != 0)
    t->meta.author = tm__thread_str(t, v->valuestring, strlen(v->valuestring), &ok);
  tm__json_time(d, "created_utc", &t->meta.time);
  if (tm__json_int(d, "score", &t->meta.score)) t->meta.has_score = 1;
  int64_t nc;
  if (tm__json_int(d, "num_comments", &nc) && nc > 0) t->meta.declared_comments = (size_t)nc;
  const cJSON *html = cJSON_GetObjectItemCaseSensitive(d, "selftext_html");
  const cJSON *md = cJSON_GetObjectItemCaseSensitive(d, "selftext");
  if (cJSON_IsString(html) && html->valuestring[0]) {
    S_html(tb, html->valuestring);
    t->meta.text = tm__tb_finish_str(tb, t);
  } else if (cJSON_IsString(md) && md->valuestring[0]) {
    tm__tb_plain(tb, md->valuestring, strlen(md->valuestring), TM_PLAIN_DECODE_BASIC);
    t->meta.text = tm__tb_finish_str(tb, t);
  }
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

static int S_comment(tm_thread *t, tm_textbuf *tb, const cJSON *d, tm_error *err) {
  int ok = 1;
  char tmp[32];
  tm_comment *c = tm__thread_add_at(t, 0, 0, err);
  if (!c) return tm__thread_full(t) ? TM_ELIMIT : TM_ENOMEM;
  const char *s = tm__json_str(d, "id", tmp, NULL);
  if (!s) {
    snprintf(tmp, sizeof tmp, "#%zu", t->n);
    s = tmp;
    tm__thread_warn(t, 0, 0, "comment without an id; named it \"%s\"", tmp);
  }
  c->id = tm__thread_str(t, s, strlen(s), &ok);
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(d, "parent_id");
  if (cJSON_IsString(v)) {
    const char *p = S_strip(v->valuestring);
    c->parent_id = tm__thread_str(t, p, strlen(p), &ok);
  }
  const cJSON *au = cJSON_GetObjectItemCaseSensitive(d, "author");
  const cJSON *body = cJSON_GetObjectItemCaseSensitive(d, "body");
  const cJSON *html = cJSON_GetObjectItemCaseSensitive(d, "body_html");
  int au_deleted = cJSON_IsString(au) && strcmp(au->valuestring, "[deleted]") == 0;
  int body_deleted = cJSON_IsString(body) && (strcmp(body->valuestring, "[deleted]") == 0 ||
                                              strcmp(body->valuestring, "[removed]") == 0);
  if (cJSON_IsString(au) && !au_deleted)
    c->author = tm__thread_str(t, au->valuestring, strlen(au->valuestring), &ok);
  if (body_deleted && (au_deleted || !c->author)) c->flags |= TM_CF_DELETED;
  tm__json_time(d, "created_utc", &c->time);
  if (tm__json_int(d, "score", &c->score)) c->has_score = 1;
  if (c->flags & TM_CF_DELETED) {
    c->text = "";
  } else if (cJSON_IsString(html) && html->valuestring[0]) {
    if (t->opts.flags & TM_OPT_KEEP_RAW && cJSON_IsString(body))
      c->raw = tm__thread_raw(t, body->valuestring, strlen(body->valuestring), &ok);
    S_html(tb, html->valuestring);
    if (tm__tb_finish(tb, t, c)) ok = 0;
  } else if (cJSON_IsString(body)) {
    if (t->opts.flags & TM_OPT_KEEP_RAW)
      c->raw = tm__thread_raw(t, body->valuestring, strlen(body->valuestring), &ok);
    tm__tb_plain(tb, body->valuestring, strlen(body->valuestring), TM_PLAIN_DECODE_BASIC);
    if (tm__tb_finish(tb, t, c)) ok = 0;
  } else {
    c->text = "";
  }
  return ok ? TM_OK : tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
}

int tm__parse_reddit_json(tm_thread *t, const char *buf, size_t len, tm_error *err) {
  const char *end;
  cJSON *doc = tm__json_parse(buf, len, &end, buf, len, err);
  if (!doc) return TM_EPARSE;
  tm_textbuf tb;
  tm__tb_init(&tb);
  int rc = TM_OK;
  typedef struct { const cJSON *item; uint32_t owner; } frame;
  frame *st = NULL;
  size_t n = 0, cap = 0;

  if (!cJSON_IsArray(doc) || !doc->child) {
    rc = tm__error(err, TM_EPARSE, 1, 1, 0,
                   "expected an array of two Listings (post, comments)");
    goto cleanup;
  }
  const cJSON *post = S_listing_children(doc->child);
  if (!post) {
    rc = tm__error(err, TM_EPARSE, 1, 1, 0, "the first element is not a Listing");
    goto cleanup;
  }
  for (const cJSON *p = post->child; p; p = p->next) {
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(p, "kind");
    if (cJSON_IsString(kind) && strcmp(kind->valuestring, "t3") == 0) {
      if ((rc = S_post(t, &tb, cJSON_GetObjectItemCaseSensitive(p, "data"), err))) goto cleanup;
      break;
    }
  }
  const cJSON *forest = doc->child->next ? S_listing_children(doc->child->next) : NULL;
  if (!forest) goto cleanup; /* a post without comments */
  cap = 64;
  st = malloc(cap * sizeof *st);
  if (!st) {
    rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
    goto cleanup;
  }
  st[n++] = (frame){forest->child, TM_NONE};
  while (n && rc == TM_OK) {
    frame *f = &st[n - 1];
    const cJSON *it = f->item;
    if (!it) {
      n--;
      continue;
    }
    f->item = it->next;
    uint32_t owner = f->owner;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(it, "kind");
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(it, "data");
    if (!cJSON_IsString(kind) || !cJSON_IsObject(data)) continue;
    if (strcmp(kind->valuestring, "more") == 0) {
      int64_t count = 0;
      tm__json_int(data, "count", &count);
      const cJSON *kids = cJSON_GetObjectItemCaseSensitive(data, "children");
      int64_t nk = cJSON_IsArray(kids) ? cJSON_GetArraySize(kids) : 0;
      if (nk > count) count = nk;
      if (count < 0) count = 0;
      t->meta.missing_replies += (size_t)count;
      if (owner != TM_NONE) t->c[owner].missing_replies += (uint32_t)count;
      continue;
    }
    if (strcmp(kind->valuestring, "t1") != 0) continue;
    if ((rc = S_comment(t, &tb, data, err))) break;
    uint32_t me = (uint32_t)(t->n - 1);
    const cJSON *replies = S_listing_children(cJSON_GetObjectItemCaseSensitive(data, "replies"));
    if (replies && replies->child) {
      if (n == cap) {
        frame *ns = realloc(st, cap * 2 * sizeof *st);
        if (!ns) {
          rc = tm__error(err, TM_ENOMEM, 0, 0, 0, "out of memory");
          break;
        }
        st = ns;
        cap *= 2;
      }
      st[n++] = (frame){replies->child, me};
    }
  }
cleanup:
  free(st);
  cJSON_Delete(doc);
  tm__tb_free(&tb);
  return rc;
}
